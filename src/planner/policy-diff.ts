/**
 * Statement-level view of a policy change (IAM trust/inline policies, SNS topic policies): which
 * statements are added or removed, and whether the change broadens permissions (aws-cdk
 * cloudformation-diff style). Statements are compared whole, by canonical JSON: policies are already
 * canonical on both sides (src/model/policy.ts), so statement order never matters. Pure.
 */

import { canonicalText } from '../model/canonical.js';
import type { StatementRow } from '../model/plan.js';
import { canonicalPolicy, type PolicyDocument, type PolicyStatement } from '../model/policy.js';

export type { StatementRow } from '../model/plan.js';

function statementKey(s: PolicyStatement): string {
  return canonicalText(s);
}

function strings(v: unknown): string[] {
  if (v === undefined || v === null) return [];
  const list = Array.isArray(v) ? v : [v];
  return list.map((x) => (typeof x === 'string' ? x : JSON.stringify(x)));
}

function principalList(v: unknown, prefix: string): string[] {
  if (v === undefined || v === null) return [];
  if (typeof v === 'string') return [`${prefix}${v}`];
  if (typeof v !== 'object') return [`${prefix}${JSON.stringify(v)}`];
  const out: string[] = [];
  for (const type of Object.keys(v).sort()) {
    for (const value of strings((v as Record<string, unknown>)[type])) out.push(`${prefix}${type}:${value}`);
  }
  return out;
}

function conditionList(v: unknown): string[] {
  if (!v || typeof v !== 'object') return [];
  const out: string[] = [];
  for (const op of Object.keys(v).sort()) {
    const block = (v as Record<string, unknown>)[op];
    if (!block || typeof block !== 'object') {
      out.push(`${op} ${JSON.stringify(block)}`);
      continue;
    }
    for (const key of Object.keys(block).sort()) {
      out.push(`${op} ${key} = ${strings((block as Record<string, unknown>)[key]).join(', ')}`);
    }
  }
  return out;
}

function toRow(change: StatementRow['change'], s: PolicyStatement): StatementRow {
  return {
    change,
    effect: typeof s.Effect === 'string' ? s.Effect : String(s.Effect ?? ''),
    actions: [...strings(s.Action), ...strings(s.NotAction).map((a) => `NOT ${a}`)],
    resources: [...strings(s.Resource), ...strings(s.NotResource).map((r) => `NOT ${r}`)],
    principals: [...principalList(s.Principal, ''), ...principalList(s.NotPrincipal, 'NOT ')],
    conditions: conditionList(s.Condition),
  };
}

function statementsOf(doc: PolicyDocument | null | undefined): readonly PolicyStatement[] {
  // Canonicalise again: a document that reached here unsorted must not look changed.
  return doc ? canonicalPolicy(doc).Statement : [];
}

/**
 * The statements of `before` and `after` as table rows: removed (`-`) and added (`+`) first in
 * their canonical order, then the unchanged ones (` `). A missing document has no statements.
 */
export function diffPolicyStatements(
  before: PolicyDocument | null | undefined,
  after: PolicyDocument | null | undefined,
): StatementRow[] {
  const beforeKeys = new Set(statementsOf(before).map(statementKey));
  const afterKeys = new Set(statementsOf(after).map(statementKey));
  const removed = statementsOf(before).filter((s) => !afterKeys.has(statementKey(s)));
  const added = statementsOf(after).filter((s) => !beforeKeys.has(statementKey(s)));
  const kept = statementsOf(after).filter((s) => beforeKeys.has(statementKey(s)));
  return [
    ...removed.map((s) => toRow('-', s)),
    ...added.map((s) => toRow('+', s)),
    ...kept.map((s) => toRow(' ', s)),
  ];
}

/**
 * IAM's wildcard match: `*` any run of characters, `?` one character. Actions compare without regard
 * to case, resources (ARNs) with it ("IAM JSON policy elements: Action" and "Resource", IAM User
 * Guide, https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_action.html,
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html).
 */
export function wildcardMatches(pattern: string, value: string, ignoreCase: boolean): boolean {
  const source = pattern
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${source}$`, ignoreCase ? 'is' : 's').test(value);
}

/**
 * Whether something granted before covers `item` (an action, resource or principal of a new Allow):
 * an equal entry, a wildcard that matches it (`s3:*` covers `s3:GetObject` and `s3:Get*`; `*` covers
 * every ARN), or a `NOT x` entry (NotAction/NotResource) whose patterns all miss it.
 */
function covered(item: string, had: ReadonlySet<string>, ignoreCase: boolean): boolean {
  if (had.has(item)) return true;
  if (item.startsWith('NOT ')) return false;
  for (const h of had) {
    if (h.startsWith('NOT ')) {
      if (!wildcardMatches(h.slice(4), item, ignoreCase)) return true;
    } else if (wildcardMatches(h, item, ignoreCase)) return true;
  }
  return false;
}

/** What `to` grants that `from` did not: new Allow items, and the Deny statements `to` dropped. */
function gains(
  from: PolicyDocument | null | undefined,
  to: PolicyDocument | null | undefined,
): { readonly grants: readonly string[]; readonly denyDropped: readonly string[] } {
  const rows = diffPolicyStatements(from, to);
  const keptOrRemovedAllows = rows.filter((r) => r.change !== '+' && r.effect === 'Allow');
  const had = {
    actions: new Set(keptOrRemovedAllows.flatMap((r) => r.actions)),
    resources: new Set(keptOrRemovedAllows.flatMap((r) => r.resources)),
    principals: new Set(keptOrRemovedAllows.flatMap((r) => r.principals)),
  };
  const hadUnconditional = keptOrRemovedAllows.some((r) => r.conditions.length === 0);
  const gained = new Set<string>();
  for (const row of rows) {
    if (row.change === '+' && row.effect === 'Allow') {
      const actions = row.actions.filter((a) => !covered(a, had.actions, true));
      const resources = row.resources.filter((r) => !covered(r, had.resources, false));
      const principals = row.principals.filter((p) => !covered(p, had.principals, false));
      const items = actions.length
        ? actions
        : resources.length
          ? resources.map((r) => `resource ${r}`)
          : principals.length
            ? principals.map((p) => `principal ${p}`)
            : row.conditions.length === 0 && !hadUnconditional
              ? [`${row.actions.join(', ') || 'statement'} without its conditions`]
              : [];
      for (const item of items) gained.add(item);
    }
  }
  return {
    grants: gained.size ? [[...gained].sort().join(', ')] : [],
    denyDropped: rows
      .filter((row) => row.change === '-' && row.effect === 'Deny')
      .map((row) => row.actions.join(', ') || 'statement'),
  };
}

/** What `to` grants that `from` did not, in words; a Deny `from` had and `to` drops is `Deny <verb> (...)`. */
function describeGains(
  from: PolicyDocument | null | undefined,
  to: PolicyDocument | null | undefined,
  denyVerb: 'removed' | 'added',
): string[] {
  const { grants, denyDropped } = gains(from, to);
  return [...grants, ...denyDropped.map((d) => `Deny ${denyVerb} (${d})`)];
}

/**
 * What a policy change grants that was not granted before, in words; empty when it does not broaden.
 * Broadening: an added Allow statement (its actions, resources or principals not all allowed before),
 * or a removed Deny statement.
 */
export function describeBroadening(
  before: PolicyDocument | null | undefined,
  after: PolicyDocument | null | undefined,
): string[] {
  return describeGains(before, after, 'removed');
}

/**
 * What a policy change no longer grants, in words (the mirror of {@link describeBroadening}): a
 * removed Allow (its actions, resources or principals not all allowed after), or an added Deny.
 */
export function describeNarrowing(
  before: PolicyDocument | null | undefined,
  after: PolicyDocument | null | undefined,
): string[] {
  return describeGains(after, before, 'added');
}
