/**
 * Whether a resource policy (canonical form) lets an AWS service principal do one action on one
 * resource: the shared judgement of the lint rules about topic and bucket policies. Pure.
 */
import type { PolicyDocument, PolicyStatement } from '../model/policy.js';

function asList(v: unknown): readonly string[] {
  if (v === undefined) return [];
  return (Array.isArray(v) ? v : [v]).filter((x): x is string => typeof x === 'string');
}

/** IAM-style wildcard match (`*` and `?`), case-sensitive unless `ci`. */
export function globMatch(pattern: string, value: string, ci = false): boolean {
  const re = new RegExp(
    `^${pattern
      .replace(/[.+^${}()|[\]\\]/g, '\\$&')
      .replace(/\*/g, '.*')
      .replace(/\?/g, '.')}$`,
    ci ? 'i' : '',
  );
  return re.test(value);
}

/** What is asked: a service principal doing an action on a resource, maybe on behalf of a source. */
export interface ServiceRequest {
  /** e.g. `s3.amazonaws.com`. */
  readonly service: string;
  /** e.g. `s3:PutObject` (actions match case-insensitively, as IAM does). */
  readonly action: string;
  readonly resource: string;
  /** The request's `aws:SourceArn` / `aws:SourceAccount`: a statement conditioned on others does not apply. */
  readonly sourceArn?: string;
  readonly sourceAccount?: string;
}

function principalMatches(stmt: PolicyStatement, service: string): boolean {
  const p = stmt.Principal;
  if (p === '*') return true;
  if (!p || typeof p !== 'object') return false;
  const principal = p as Record<string, unknown>;
  return asList(principal.Service).includes(service) || asList(principal.AWS).includes('*');
}

/** The values a statement's condition block requires of `key` (any operator), or undefined. */
function conditionValues(stmt: PolicyStatement, key: string): readonly string[] | undefined {
  const cond = stmt.Condition;
  if (!cond || typeof cond !== 'object') return undefined;
  let found: string[] | undefined;
  for (const block of Object.values(cond as Record<string, unknown>)) {
    if (!block || typeof block !== 'object') continue;
    for (const [k, v] of Object.entries(block as Record<string, unknown>))
      if (k.toLowerCase() === key.toLowerCase()) found = [...(found ?? []), ...asList(v)];
  }
  return found;
}

/** A statement's source conditions admit the request (other conditions are trusted). */
function sourceMatches(stmt: PolicyStatement, req: ServiceRequest): boolean {
  const arns = conditionValues(stmt, 'aws:SourceArn');
  if (arns && req.sourceArn !== undefined && !arns.some((a) => globMatch(a, req.sourceArn as string)))
    return false;
  const accounts = conditionValues(stmt, 'aws:SourceAccount');
  if (accounts && req.sourceAccount !== undefined && !accounts.includes(req.sourceAccount)) return false;
  return true;
}

/**
 * True when `policy` lets the service do the action on the resource: an Allow statement for the
 * service principal (or `*`) whose Action and Resource match and whose aws:SourceArn /
 * aws:SourceAccount conditions (if any) admit the request's, and no unconditional Deny of the same.
 * Other conditions on an Allow are trusted.
 */
export function policyAllowsService(policy: PolicyDocument, req: ServiceRequest): boolean {
  const matching = policy.Statement.filter(
    (s) =>
      !s.NotPrincipal &&
      !s.NotAction &&
      !s.NotResource &&
      principalMatches(s, req.service) &&
      asList(s.Action).some((a) => globMatch(a, req.action, true)) &&
      (asList(s.Resource).length === 0 || asList(s.Resource).some((r) => globMatch(r, req.resource))),
  );
  if (matching.some((s) => s.Effect === 'Deny' && s.Condition === undefined)) return false;
  return matching.some((s) => s.Effect === 'Allow' && sourceMatches(s, req));
}
