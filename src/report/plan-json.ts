/**
 * The JSON plan (`--json`, `--out plan.json`): the Plan itself, `formatVersion: 1`, with a stable key
 * order (documented order for the plan's own fields; attribute values with keys sorted). The format
 * is documented field by field in spec/plan-format.md. Pure.
 */

import { canonicalValue } from '../model/canonical.js';
import type { Change, FieldDiff, Plan, PlanLintFinding, PolicyDiff, StatementRow } from '../model/plan.js';

/** The plan format version this build writes (and the executor accepts). */
export const PLAN_FORMAT_VERSION = 1;

function orderedDiff(d: FieldDiff): Record<string, unknown> {
  return {
    path: d.path,
    ...(d.before !== undefined ? { before: canonicalValue(d.before) } : {}),
    ...(d.after !== undefined ? { after: canonicalValue(d.after) } : {}),
    forcesReplacement: d.forcesReplacement,
    ...(d.specField !== undefined ? { specField: d.specField } : {}),
    ...(d.specPath !== undefined ? { specPath: d.specPath } : {}),
    ...(d.specLine !== undefined ? { specLine: d.specLine } : {}),
  };
}

function orderedRow(r: StatementRow): Record<string, unknown> {
  return {
    change: r.change,
    effect: r.effect,
    actions: [...r.actions],
    resources: [...r.resources],
    principals: [...r.principals],
    conditions: [...r.conditions],
  };
}

function orderedPolicy(p: PolicyDiff): Record<string, unknown> {
  return {
    path: p.path,
    statements: p.statements.map(orderedRow),
    unchangedStatements: p.unchangedStatements,
    broadened: [...p.broadened],
    narrowed: [...p.narrowed],
  };
}

function orderedChange(c: Change): Record<string, unknown> {
  return {
    address: c.address,
    kind: c.kind,
    name: c.name,
    region: c.region,
    action: c.action,
    reason: c.reason,
    reasonCode: c.reasonCode,
    risk: c.risk,
    driftSeverity: c.driftSeverity,
    riskNotes: [...c.riskNotes],
    riskDetails: c.riskDetails.map((n) => ({ id: n.id, risk: n.risk, text: n.text })),
    dependsOn: [...c.dependsOn],
    fieldDiffs: c.fieldDiffs.map(orderedDiff),
    ...(c.policyDiffs !== undefined ? { policyDiffs: c.policyDiffs.map(orderedPolicy) } : {}),
    ...(c.before !== undefined ? { before: canonicalValue(c.before) } : {}),
    ...(c.after !== undefined ? { after: canonicalValue(c.after) } : {}),
    ...(c.specPath !== undefined ? { specPath: c.specPath } : {}),
    ...(c.specLine !== undefined ? { specLine: c.specLine } : {}),
    ...(c.specFields !== undefined
      ? {
          specFields: c.specFields.map((f) => ({
            path: f.path,
            specField: f.specField,
            specPath: f.specPath,
            specLine: f.specLine,
          })),
        }
      : {}),
  };
}

function orderedFinding(f: PlanLintFinding): Record<string, unknown> {
  return {
    ruleId: f.ruleId,
    severity: f.severity,
    address: f.address,
    message: f.message,
    fixHint: f.fixHint,
    ...(f.source ? { source: { file: f.source.file, line: f.source.line, column: f.source.column } } : {}),
    ...(f.silencedReason !== undefined ? { silencedReason: f.silencedReason } : {}),
  };
}

/** The plan as a JSON-ready object with the documented key order. */
export function planToJson(plan: Plan): Record<string, unknown> {
  return {
    formatVersion: PLAN_FORMAT_VERSION,
    account: plan.account,
    createdAt: plan.createdAt,
    ...(plan.specFile !== undefined ? { specFile: plan.specFile } : {}),
    ...(plan.targets !== undefined ? { targets: [...plan.targets] } : {}),
    ...(plan.prunePrefixes !== undefined ? { prunePrefixes: [...plan.prunePrefixes] } : {}),
    complete: plan.complete,
    summary: {
      create: plan.summary.create,
      update: plan.summary.update,
      replace: plan.summary.replace,
      delete: plan.summary.delete,
      blocked: plan.summary.blocked,
      noop: plan.summary.noop,
      unchecked: plan.summary.unchecked,
    },
    changes: plan.changes.map(orderedChange),
    unchecked: plan.unchecked.map((u) => ({ address: u.address, reason: u.reason })),
    layers: plan.layers.map((l) => [...l]),
    liveFingerprint: plan.liveFingerprint,
    ...(plan.lint?.length ? { lint: plan.lint.map(orderedFinding) } : {}),
  };
}

/** Renders the plan as pretty-printed JSON (2 spaces, trailing newline). */
export function renderPlanJson(plan: Plan): string {
  return `${JSON.stringify(planToJson(plan), null, 2)}\n`;
}
