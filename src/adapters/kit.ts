/**
 * Small shared helpers for adapters: error classification, bounded concurrency, batching, and reading
 * which fields (and keys) a plan step changes.
 */
import type { Tags } from '../model/attrs.js';
import type { Observation } from '../model/state.js';
import type { StepChange } from './types.js';

const ACCESS_CODES = new Set([
  'AccessDenied',
  'AccessDeniedException',
  'UnauthorizedOperation',
  'AuthorizationError',
  'AuthorizationErrorException',
  'UnrecognizedClientException',
  'InvalidClientTokenId',
  'ExpiredToken',
  'ExpiredTokenException',
]);
const THROTTLE_CODES = new Set([
  'Throttling',
  'ThrottlingException',
  'ThrottledException',
  'RequestLimitExceeded',
  'TooManyRequestsException',
  'SlowDown',
  'RequestThrottled',
  'RequestThrottledException',
]);

/** The error's AWS code (`name` in SDK v3), or undefined. */
export function awsErrorCode(e: unknown): string | undefined {
  if (e && typeof e === 'object') {
    const o = e as { name?: unknown; Code?: unknown; code?: unknown };
    for (const v of [o.Code, o.code, o.name]) if (typeof v === 'string' && v !== 'Error') return v;
  }
  return undefined;
}

/**
 * Turns a read failure into an `unreadable` observation when it concerns only this resource and a
 * person must look (access denied, still throttled after the SDK's retries, 5xx, unimplemented
 * operation). The reason says what failed (`operation`: the AWS operation when the caller knows it,
 * or for a line printed on its own, what was being listed) and why, never which resource: every
 * renderer prints an observation's reason after the resource's address.
 */
export function classifyReadError(
  e: unknown,
  operation?: string,
): Observation<never> & { status: 'unreadable' } {
  const code = awsErrorCode(e) ?? 'Unknown';
  const status = (e as { $metadata?: { httpStatusCode?: number } })?.$metadata?.httpStatusCode;
  let why: string;
  if (ACCESS_CODES.has(code) || status === 403) why = `access denied (${code})`;
  else if (THROTTLE_CODES.has(code) || status === 429) why = `still throttled after retries (${code})`;
  else if (e instanceof SyntaxError)
    why = 'the endpoint returned something that is not an AWS response (operation not supported?)';
  else if (status && status >= 500) why = `service error ${status} (${code})`;
  else why = `${code}: ${(e as Error)?.message ?? String(e)}`;
  return { status: 'unreadable', reason: operation ? `${operation}: ${why}` : why, code };
}

/**
 * Runs the reads of one resource at once (one round trip instead of one per read) and settles them
 * in the order given, not the order they fail: the first read is the existence probe (GetRole,
 * GetTopicAttributes, DescribeRule), so when the resource is missing its "not found" is the error the
 * caller sees, never the meaningless failure of a list call that raced it.
 */
export async function allInOrder<T extends readonly unknown[]>(
  reads: {
    readonly [K in keyof T]: Promise<T[K]>;
  },
): Promise<T> {
  const settled = await Promise.allSettled(reads as readonly Promise<unknown>[]);
  for (const s of settled) if (s.status === 'rejected') throw s.reason;
  return settled.map((s) => (s as PromiseFulfilledResult<unknown>).value) as unknown as T;
}

/** Maps over items with at most `limit` promises in flight; keeps input order in the result. */
export async function mapBounded<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const workers = Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i] as T, i);
    }
  });
  await Promise.all(workers);
  return results;
}

/** Splits a list into chunks of at most `size`. */
export function chunk<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** An RFC 6901 JSON-pointer segment, unescaped (`~1` is `/`, `~0` is `~`). */
function unescapePointer(segment: string): string {
  return segment.replaceAll('~1', '/').replaceAll('~0', '~');
}

/**
 * The top-level attributes a step changes: the first segment of every field-diff path of the plan's
 * change (`/lifecycle/rule-1/expiration` -> `lifecycle`). What the adapters write, field by field:
 * the plan is the one definition of "different".
 */
export function changedFields(change: StepChange): ReadonlySet<string> {
  return new Set(change.fieldDiffs.map((d) => unescapePointer(d.path.split('/')[1] ?? '')));
}

/**
 * The keys under one attribute that a step changes: the second path segment (`/tags/team` -> `team`,
 * `/inventory/weekly/frequency` -> `weekly`; keyed lists are keyed by their id in plan paths).
 * `whole`: a diff replaces the attribute as a whole (`/tags`), so every key may differ.
 */
export function changedKeys(change: StepChange, field: string): ReadonlySet<string> | 'whole' {
  const keys = new Set<string>();
  for (const d of change.fieldDiffs) {
    const [, top, key] = d.path.split('/');
    if (top === undefined || unescapePointer(top) !== field) continue;
    if (key === undefined) return 'whole';
    keys.add(unescapePointer(key));
  }
  return keys;
}

/**
 * What to tag and what to untag so that the changed tag keys match `desired`: a changed key the
 * desired tags hold is set to its desired value, one they do not hold is removed. When the plan
 * replaced the tags as a whole, every desired tag is set and every `live` key not desired removed.
 */
export function tagWrites(
  change: StepChange,
  desired: Tags,
  live: Tags | undefined,
): { readonly set: Tags; readonly remove: readonly string[] } {
  const keys = changedKeys(change, 'tags');
  const touched = keys === 'whole' ? new Set([...Object.keys(desired), ...Object.keys(live ?? {})]) : keys;
  const set: Record<string, string> = {};
  const remove: string[] = [];
  for (const k of [...touched].sort()) {
    const v = desired[k];
    if (v !== undefined) set[k] = v;
    else remove.push(k);
  }
  return { set, remove };
}

/** A string fact of an observation (`arn`, `id`, ...), or undefined. */
export function factOf(observation: Observation, name: string): string | undefined {
  const v = observation.status === 'present' ? observation.facts?.[name] : undefined;
  return typeof v === 'string' ? v : undefined;
}
