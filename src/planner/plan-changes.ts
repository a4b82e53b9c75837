/**
 * The planner: `(DesiredState, LiveState) -> Plan`. Pure: no SDK, no fs, no process.
 *
 * One change per declared address (no-ops included, so the plan proves what it checked), plus
 * deletions of undeclared live resources matching a prune prefix. Unreadable resources are not
 * changes: they are `unchecked`, and the plan is then incomplete.
 */
import { lintDesired } from '../lint/lint-desired.js';
import { kindSpec } from '../model/kinds/index.js';
import { low } from '../model/kinds/notes.js';
import type {
  Action,
  Change,
  FieldDiff,
  Plan,
  PlanLintFinding,
  PlanSummary,
  PolicyDiff,
  ReasonCode,
  Risk,
  UncheckedResource,
} from '../model/plan.js';
import {
  compareAddresses,
  parseAddress,
  type ResourceAddress,
  type ResourceKind,
} from '../model/resource.js';
import { redactText } from '../model/secrets.js';
import type { AlignedSubscriptions } from '../model/sns-subscriptions.js';
import type { DesiredResource, DesiredState, LiveState, Observation } from '../model/state.js';
import { type ComparedViews, compareManaged } from './field-diff.js';
import { fingerprintLive } from './fingerprint.js';
import { layerChanges } from './layers.js';
import { policyDiffsOf } from './policy-changes.js';
import { redactDeep } from './redact.js';
import { assessRisk } from './risk.js';
import { locateInSpec } from './spec-lines.js';

/** Options of {@link planChanges}. */
export interface PlanOptions {
  /**
   * Undeclared live resources whose name starts with one of these prefixes are deleted (never kinds
   * the registry says are never deleted: S3 buckets, RDS instances). Default: none, only what the
   * spec declares is managed.
   */
  readonly prunePrefixes?: readonly string[];
  /**
   * ISO timestamp stored in the plan: the caller's clock (the planner is pure and reads none). The
   * CLI passes now; goldens and tests a fixed value.
   */
  readonly createdAt: string;
  /**
   * The `--target` patterns `desired` was narrowed to (src/cli/targets.ts), recorded in the plan so
   * that applying a saved plan narrows the same way. Default: none (the whole spec).
   */
  readonly targets?: readonly string[];
  /**
   * The spec's lint findings when the caller already has them: the whole spec's when `desired` is
   * narrowed by `--target` (a targeted plan shows every finding `apply` refuses), and apply's own
   * (it lints once, before its first read, and its re-plans reuse them). Default: `desired` linted.
   */
  readonly lint?: readonly PlanLintFinding[];
}

interface Decision {
  readonly action: Action;
  readonly reasonCode: ReasonCode;
  readonly reason: string;
  readonly fieldDiffs: readonly FieldDiff[];
  readonly views?: ComparedViews;
}

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

function decidePresent(
  desired: DesiredResource,
  live: Observation & { status: 'present' | 'absent' },
): Decision {
  const spec = kindSpec(desired.kind);
  if (live.status === 'absent') {
    if (spec.lifecycle.neverCreated !== null) {
      return {
        action: 'blocked',
        reasonCode: 'never-created',
        reason: `absent in AWS, and ${spec.lifecycle.neverCreated}`,
        fieldDiffs: [],
      };
    }
    return { action: 'create', reasonCode: 'absent', reason: 'absent in AWS', fieldDiffs: [] };
  }
  const views = compareManaged(desired.kind, desired.attrs, live.attrs);
  const diffs = views.fieldDiffs;
  if (diffs.length === 0) {
    const masked = views.subscriptions?.unverifiable.length ?? 0;
    const unresolved = views.subscriptions?.unresolved.length ?? 0;
    const why = [
      ...(masked
        ? [`${plural(masked, 'subscription', 'subscriptions')} unverifiable: AWS masks the endpoint`]
        : []),
      ...(unresolved
        ? [
            `${plural(unresolved, 'subscription', 'subscriptions')} unverifiable: its \${env:} variable is not set`,
          ]
        : []),
    ];
    return {
      action: 'no-op',
      reasonCode: 'in-sync',
      reason: why.length ? `in sync (${why.join('; ')})` : 'in sync',
      fieldDiffs: diffs,
      views,
    };
  }
  const differ = `${plural(diffs.length, 'field differs', 'fields differ')}`;
  const blocked = spec.blockedWhen(live.attrs, desired.attrs, diffs);
  if (blocked) return { action: 'blocked', ...blocked, fieldDiffs: diffs, views };
  const forcing = diffs.filter((d) => d.forcesReplacement);
  if (forcing.length) {
    const paths = [...new Set(forcing.map((d) => d.path))].join(', ');
    return {
      action: 'replace',
      reasonCode: 'forces-replacement',
      reason: `${paths} forces replacement (${differ})`,
      fieldDiffs: diffs,
      views,
    };
  }
  return { action: 'update', reasonCode: 'fields-differ', reason: differ, fieldDiffs: diffs, views };
}

function decideAbsent(
  desired: DesiredResource,
  live: Observation & { status: 'present' | 'absent' },
): Decision {
  if (live.status === 'absent')
    return {
      action: 'no-op',
      reasonCode: 'already-absent',
      reason: 'absent, as the spec asks',
      fieldDiffs: [],
    };
  const never = kindSpec(desired.kind).lifecycle.neverDeleted;
  if (never !== null)
    return {
      action: 'blocked',
      reasonCode: 'never-deleted',
      reason: `the spec asks for deletion, but ${never}`,
      fieldDiffs: [],
    };
  return {
    action: 'delete',
    reasonCode: 'ensure-absent',
    reason: 'the spec says ensure: absent',
    fieldDiffs: [],
  };
}

function redactDiff(d: FieldDiff): FieldDiff {
  return {
    path: d.path,
    before: redactDeep(d.before),
    after: redactDeep(d.after),
    forcesReplacement: d.forcesReplacement,
  };
}

/** A policy diff read the other way (from `after` to `before`): what was broadened was narrowed. */
function reversedPolicyDiff(d: PolicyDiff): PolicyDiff {
  const flip = { '+': '-', '-': '+', ' ': ' ' } as const;
  return {
    path: d.path,
    statements: d.statements.map((r) => ({ ...r, change: flip[r.change] })),
    unchangedStatements: d.unchangedStatements,
    broadened: d.narrowed,
    narrowed: d.broadened,
  };
}

/**
 * How much the drift endangers what the spec declares, apart from the risk of the change that
 * corrects it (issue 12): the kind's rules read the drift from the spec to AWS. Replication removed
 * in the console is a low-risk fix of a high-severity drift; a spec that drops a replication rule AWS
 * still has is a high-risk change of a harmless drift.
 */
function driftSeverityOf(
  kind: ResourceKind,
  action: Action,
  before: unknown,
  after: unknown,
  policyDiffs: readonly PolicyDiff[],
  subscriptions: AlignedSubscriptions | undefined,
): Risk {
  const spec = kindSpec(kind);
  if (action === 'no-op') return spec.driftSeverity({ drift: 'none', notes: [] });
  if (action === 'delete') return spec.driftSeverity({ drift: 'extra', notes: [] });
  if (before === undefined || after === undefined) return spec.driftSeverity({ drift: 'missing', notes: [] });
  const notes = spec.riskNotes(after as never, before as never, {
    action: 'update',
    policyDiffs: policyDiffs.map(reversedPolicyDiff),
    ...(subscriptions
      ? {
          subscriptions: {
            desired: subscriptions.live,
            live: subscriptions.desired,
            unverifiable: [],
            unresolved: [],
            uncreatable: [],
            pending: [],
          },
        }
      : {}),
  });
  return spec.driftSeverity({ drift: 'differs', notes });
}

function buildChange(
  address: ResourceAddress,
  kind: ResourceKind,
  name: string,
  region: string | null,
  decision: Decision,
  before: unknown,
  after: unknown,
  dependsOn: readonly ResourceAddress[],
): Change {
  const { action } = decision;
  const fieldDiffs = decision.fieldDiffs.map(redactDiff);
  const shownAfter = after === undefined ? undefined : (redactDeep(after) as Record<string, unknown>);
  // A create (or a blocked one) shows every desired field: its policies are all new.
  const createsAll = action === 'create' || (action === 'blocked' && before === undefined);
  const policyDiffs = policyDiffsOf(kind, action, fieldDiffs, createsAll ? shownAfter : undefined);
  // Blocked changes are never applied: their risk is what the blocked action would do to fields.
  const riskAction = action === 'blocked' ? 'update' : action;
  const assessed = assessRisk({
    kind,
    action: riskAction,
    before,
    after,
    policyDiffs,
    ...(decision.views?.subscriptions ? { subscriptions: decision.views.subscriptions } : {}),
  });
  const riskDetails = assessed.notes.map((n) => ({ ...n, text: redactText(n.text) }));
  return {
    address,
    kind,
    name,
    region,
    action,
    fieldDiffs,
    risk: assessed.risk,
    driftSeverity: driftSeverityOf(kind, action, before, after, policyDiffs, decision.views?.subscriptions),
    riskNotes: riskDetails.map((n) => n.text),
    riskDetails,
    reason: redactText(decision.reason),
    reasonCode: decision.reasonCode,
    ...(policyDiffs.length > 0 ? { policyDiffs } : {}),
    ...(shownAfter !== undefined && action !== 'no-op' && action !== 'delete' ? { after: shownAfter } : {}),
    ...(before !== undefined && action !== 'no-op' && action !== 'create'
      ? { before: redactDeep(before) }
      : {}),
    dependsOn: [...dependsOn].sort(compareAddresses),
  };
}

/**
 * Settings AWS has accepted but applies later (an adapter's `pendingModifications` fact, e.g. RDS
 * PendingModifiedValues): the observation already holds the pending values, so they are not drift;
 * the change says they are pending (a low note, `applied-pending`), in sync or not.
 */
function withPending(change: Change, pending: unknown): Change {
  if (!Array.isArray(pending) || pending.length === 0) return change;
  const text = redactText(`applied, pending in AWS: ${pending.map(String).join('; ')}`);
  const riskDetails = [...change.riskDetails, low('applied-pending', text)];
  return {
    ...change,
    riskDetails,
    riskNotes: riskDetails.map((n) => n.text),
    ...(change.action === 'no-op' && change.reasonCode === 'in-sync'
      ? { reason: `${change.reason} (applied, pending in AWS)` }
      : {}),
  };
}

function managedAttrs(attrs: object): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(attrs)) if (v !== undefined) out[k] = v;
  return out;
}

function project(live: object, desired: object): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(desired)) {
    if (v === undefined) continue;
    const have = (live as Record<string, unknown>)[k];
    if (have !== undefined) out[k] = have;
  }
  return out;
}

/**
 * Plans the changes that make live state match desired state.
 * - present + absent in AWS -> create (kinds never created, RDS instances: blocked), differing
 *   managed fields -> update, or replace when a field that forces replacement differs (blocked where
 *   the kind's `blockedWhen` says so: a bucket's region, Object Lock off);
 * - ensure absent + present in AWS -> delete (kinds never deleted, buckets and databases: blocked);
 * - unreadable or not observed -> unchecked (the plan is incomplete);
 * - undeclared live resources matching a prune prefix -> delete (never buckets or databases).
 */
export function planChanges(desired: DesiredState, live: LiveState, opts: PlanOptions): Plan {
  const changes: Change[] = [];
  const unchecked: UncheckedResource[] = [];
  const declared = new Set<ResourceAddress>();
  for (const r of desired.resources) {
    declared.add(r.address);
    const obs = live.resources[r.address];
    if (obs === undefined) {
      unchecked.push({ address: r.address, reason: 'not observed: the live state has no entry for it' });
      continue;
    }
    if (obs.status === 'unreadable') {
      unchecked.push({ address: r.address, reason: redactDeep(obs.reason) as string });
      continue;
    }
    const present = obs.status === 'present';
    const decision = r.ensure === 'absent' ? decideAbsent(r, obs) : decidePresent(r, obs);
    const after = r.ensure === 'present' ? managedAttrs(r.attrs) : undefined;
    const before = present
      ? r.ensure === 'present'
        ? project(obs.attrs as object, r.attrs)
        : managedAttrs(obs.attrs as object)
      : undefined;
    const change = buildChange(r.address, r.kind, r.name, r.region, decision, before, after, r.dependsOn);
    const pended = present ? withPending(change, obs.facts?.pendingModifications) : change;
    changes.push(desired.specSource ? locateInSpec(pended, r, desired.specSource) : pended);
  }

  const prefixes = opts.prunePrefixes ?? [];
  if (prefixes.length) {
    for (const [address, obs] of Object.entries(live.resources)) {
      if (declared.has(address) || obs.status !== 'present') continue;
      const parsed = parseAddress(address);
      if (!parsed || kindSpec(parsed.kind).lifecycle.neverDeleted !== null) continue;
      const prefix = prefixes.find((p) => parsed.name.startsWith(p));
      if (prefix === undefined) continue;
      const decision: Decision = {
        action: 'delete',
        reasonCode: 'prune',
        reason: `not declared in the spec and its name starts with the prune prefix '${prefix}'`,
        fieldDiffs: [],
      };
      changes.push(
        buildChange(
          address,
          parsed.kind,
          parsed.name,
          parsed.region,
          decision,
          managedAttrs(obs.attrs as object),
          undefined,
          [],
        ),
      );
    }
  }

  changes.sort((a, b) => compareAddresses(a.address, b.address));
  // The spec's lint findings travel with the plan (shown by every renderer; apply refuses errors).
  const lint = opts.lint ?? lintDesired(desired);
  unchecked.sort((a, b) => compareAddresses(a.address, b.address));
  const summary: PlanSummary = {
    create: changes.filter((c) => c.action === 'create').length,
    update: changes.filter((c) => c.action === 'update').length,
    replace: changes.filter((c) => c.action === 'replace').length,
    delete: changes.filter((c) => c.action === 'delete').length,
    blocked: changes.filter((c) => c.action === 'blocked').length,
    noop: changes.filter((c) => c.action === 'no-op').length,
    unchecked: unchecked.length,
  };
  return {
    formatVersion: 1,
    account: desired.account,
    createdAt: opts.createdAt,
    ...(desired.specSource ? { specFile: desired.specSource.file } : {}),
    ...(opts.targets && opts.targets.length > 0 ? { targets: [...opts.targets] } : {}),
    ...(opts.prunePrefixes && opts.prunePrefixes.length > 0
      ? { prunePrefixes: [...opts.prunePrefixes] }
      : {}),
    changes,
    unchecked,
    layers: layerChanges(changes),
    liveFingerprint: fingerprintLive(
      live,
      [...changes.map((c) => c.address), ...unchecked.map((u) => u.address)],
      desired,
    ),
    summary,
    complete: unchecked.length === 0,
    ...(lint.length ? { lint } : {}),
  };
}
