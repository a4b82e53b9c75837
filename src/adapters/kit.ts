/** Small shared helpers for adapters: error classification and bounded concurrency. */
import type { Tags } from '../model/attrs.js';
import type { Observation } from '../model/state.js';

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

/**
 * Names of the managed fields that differ: every key whose desired value is defined (undefined =
 * unmanaged) and whose canonical JSON (object keys sorted) differs from the live value. Used by
 * level-based `apply` to write only what differs. Lists are compared in order (attrs keep set-like
 * lists sorted).
 */
export function differingFields<T extends object>(desired: T, live: T): (keyof T & string)[] {
  const out: (keyof T & string)[] = [];
  for (const key of Object.keys(desired) as (keyof T & string)[]) {
    const want = desired[key];
    if (want === undefined) continue;
    if (stableJson(want) !== stableJson(live[key])) out.push(key);
  }
  return out.sort();
}

/** JSON with object keys sorted at every level (arrays keep their order); `undefined` -> 'undefined'. */
export function stableJson(value: unknown): string {
  if (value === undefined) return 'undefined';
  return JSON.stringify(value, (_k, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(
          Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
        )
      : v,
  );
}

/** What to tag and what to untag so that `live` becomes `desired`. */
export function diffTags(
  live: Tags,
  desired: Tags,
): { readonly set: Tags; readonly remove: readonly string[] } {
  const set: Record<string, string> = {};
  for (const [k, v] of Object.entries(desired)) if (live[k] !== v) set[k] = v;
  const remove = Object.keys(live)
    .filter((k) => !(k in desired))
    .sort();
  return { set, remove };
}
