/**
 * A small evaluator of the IAM identity policies `reconcile permissions` prints, for tests: Allow
 * statements only (the tool prints no Deny), `Action` matched case-insensitively, `Resource` with the
 * `*` and `?` wildcards, and the condition operators the tool uses (StringEquals, ArnEquals), which
 * hold only when the request carries the key with one of the values (IAM JSON policy reference,
 * "Condition operators": https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html).
 */
import type { PolicyDocument } from '../../src/adapters/permissions.js';

/** IAM's wildcard match: `*` any run of characters, `?` one character. */
export function wildcardMatch(pattern: string, value: string, ignoreCase = false): boolean {
  const source = pattern
    .split('')
    .map((c) => (c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[.+^${}()|[\]\\]/g, '\\$&')))
    .join('');
  return new RegExp(`^${source}$`, ignoreCase ? 'is' : 's').test(value);
}

/** Request context keys (`iam:PassedToService`, `iam:PolicyARN`, `kms:ViaService`). */
export type RequestContext = Readonly<Record<string, string>>;

function conditionHolds(
  condition: PolicyDocument['Statement'][number]['Condition'],
  ctx: RequestContext,
): boolean {
  if (!condition) return true;
  return Object.entries(condition).every(([operator, keys]) => {
    if (operator !== 'StringEquals' && operator !== 'ArnEquals') return false; // unknown: never holds
    return Object.entries(keys).every(([key, values]) => {
      const got = ctx[key];
      const allowed = typeof values === 'string' ? [values] : values;
      return got !== undefined && allowed.includes(got);
    });
  });
}

/** Whether `policy` allows `action` on `resource` for a request with `ctx`. */
export function allows(
  policy: PolicyDocument,
  action: string,
  resource: string,
  ctx: RequestContext = {},
): boolean {
  return policy.Statement.some(
    (s) =>
      s.Effect === 'Allow' &&
      s.Action.some((a) => wildcardMatch(a, action, true)) &&
      s.Resource.some((r) => wildcardMatch(r, resource)) &&
      conditionHolds(s.Condition, ctx),
  );
}
