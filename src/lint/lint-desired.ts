/**
 * Runs every lint rule over a desired state, applies per-resource silencing and sorts the findings.
 * Pure: no SDK, no fs, no process.
 */
import { didYouMean } from '../../spec/suggest.js';
import { compareAddresses } from '../model/resource.js';
import type { DesiredResource, DesiredState } from '../model/state.js';
import type { LintFinding, LintRule, LintSeverity, RawFinding } from './lint-finding.js';
import { BACKUP_RULES } from './rules/backup-rules.js';
import { CLOUDWATCH_RULES } from './rules/cloudwatch-rules.js';
import { EVENTS_RULES } from './rules/events-rules.js';
import { RDS_RULES } from './rules/rds-rules.js';
import { S3_RULES } from './rules/s3-rules.js';
import { SECRET_RULES } from './rules/secret-rules.js';
import { SNS_RULES } from './rules/sns-rules.js';

/** Every rule, in documentation order. Ids are stable: specs silence them by id. */
export const LINT_RULES: readonly LintRule[] = [
  ...CLOUDWATCH_RULES,
  ...EVENTS_RULES,
  ...S3_RULES,
  ...BACKUP_RULES,
  ...RDS_RULES,
  ...SNS_RULES,
  ...SECRET_RULES,
];

/** Reported when a resource silences a rule id that does not exist (a typo silences nothing). */
export const UNKNOWN_RULE_ID = 'lint-unknown-rule';

const SEVERITY_ORDER: Readonly<Record<LintSeverity, number>> = { error: 0, warning: 1, info: 2 };

/** Sorts findings by address, then severity (errors first), rule id and message. */
export function compareFindings(a: LintFinding, b: LintFinding): number {
  return (
    compareAddresses(a.address, b.address) ||
    SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] ||
    (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0) ||
    (a.message < b.message ? -1 : a.message > b.message ? 1 : 0)
  );
}

function finish(
  rule: { id: string; severity: LintSeverity },
  raw: RawFinding,
  resource: DesiredResource | undefined,
): LintFinding {
  const reason = resource?.lintSilenced?.[rule.id];
  return {
    ruleId: rule.id,
    severity: raw.severity ?? rule.severity,
    address: raw.address,
    message: raw.message,
    fixHint: raw.fixHint,
    ...(resource?.source ? { source: resource.source } : {}),
    ...(reason !== undefined ? { silencedReason: reason } : {}),
  };
}

/**
 * Lints a desired state: every rule's findings, silenced ones kept but marked with their reason,
 * sorted by address. Deterministic: the same state gives the same findings in the same order.
 */
export function lintDesired(desired: DesiredState, rules: readonly LintRule[] = LINT_RULES): LintFinding[] {
  const byAddress = new Map(desired.resources.map((r) => [r.address, r]));
  const findings: LintFinding[] = [];
  for (const rule of rules) {
    for (const raw of rule.check(desired)) findings.push(finish(rule, raw, byAddress.get(raw.address)));
  }
  const known = new Set(LINT_RULES.map((r) => r.id));
  for (const resource of desired.resources) {
    for (const id of Object.keys(resource.lintSilenced ?? {}).sort()) {
      if (known.has(id)) continue;
      findings.push(
        finish(
          { id: UNKNOWN_RULE_ID, severity: 'warning' },
          {
            address: resource.address,
            message: `silences lint rule '${id}', which does not exist, so it silences nothing${didYouMean(id, known)}`,
            fixHint: `use one of: ${[...known].sort().join(', ')}.`,
          },
          resource,
        ),
      );
    }
  }
  return findings.sort(compareFindings);
}
