/**
 * Reads the live state of everything the spec declares: first STS GetCallerIdentity (refuse a
 * different account before reading anything else), then every kind concurrently through its adapter.
 */
import type { Logger } from 'pino';
import { AwsAccessError } from '../errors.js';
import { RESOURCE_KINDS, type ResourceAddress, type ResourceKind } from '../model/resource.js';
import type { DesiredResource, DesiredState, LiveState, Observation } from '../model/state.js';
import { type ClientPool, IDENTITY_TIMEOUT_MS } from './aws-config.js';
import { awsErrorCode } from './kit.js';
import { ADAPTERS } from './registry.js';
import { READ_FAN_OUT } from './scheduler.js';
import { STS_CLIENT } from './sts/client.js';
import type { KindAdapter, ReadContext, ReadScope } from './types.js';

export interface ReadLiveOptions {
  readonly logger?: Logger;
  /** Max concurrent requests per service (default 8). */
  readonly concurrency?: number;
  /** Only these addresses (default: all declared). */
  readonly only?: ReadonlySet<ResourceAddress>;
  /** `managed`: read only what the spec manages (plan, apply); default `all` (see ReadScope). */
  readonly scope?: ReadScope;
}

/** Network failures that mean "nothing usable answers there", with the words a person knows. */
const UNREACHABLE: Readonly<Record<string, string>> = {
  ECONNREFUSED: 'connection refused',
  ENOTFOUND: 'host not found',
  EAI_AGAIN: 'host name lookup failed',
  ECONNRESET: 'connection reset',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  ETIMEDOUT: 'connection timed out',
  TimeoutError: 'connection timed out',
};

/**
 * Turns a failed sts:GetCallerIdentity into what to fix: the endpoint (unreachable, silent, not AWS)
 * or the credentials (none found, rejected, ...).
 */
function identityError(e: unknown, pool: ClientPool, timeoutMs: number, aborted: boolean): AwsAccessError {
  const endpoint = pool.options.endpointUrl;
  const where = endpoint ? `the endpoint ${endpoint}` : `AWS STS in ${pool.options.defaultRegion}`;
  const check = endpoint
    ? 'Check --endpoint-url (or AWS_ENDPOINT_URL) and that the service there is running.'
    : 'Check your network, proxy settings and --region.';
  const err = e as {
    name?: string;
    code?: string;
    message?: string;
    $response?: { statusCode?: number; headers?: Record<string, string> };
    $metadata?: { httpStatusCode?: number };
  };
  if (aborted || err?.name === 'AbortError')
    return new AwsAccessError(
      `cannot establish AWS identity: no answer from ${where} within ${timeoutMs / 1000} s (sts:GetCallerIdentity). ${check}`,
      'AWS_UNREACHABLE',
    );
  const network = UNREACHABLE[err?.code ?? ''] ?? UNREACHABLE[err?.name ?? ''];
  if (network)
    return new AwsAccessError(
      `cannot establish AWS identity: cannot reach ${where} (${network}). ${check}`,
      'AWS_UNREACHABLE',
    );
  const status = err?.$response?.statusCode ?? err?.$metadata?.httpStatusCode;
  const contentType = Object.entries(err?.$response?.headers ?? {}).find(
    ([k]) => k.toLowerCase() === 'content-type',
  )?.[1];
  const code = awsErrorCode(e);
  // The SDK could not parse the answer: whatever answered does not speak the STS protocol.
  if (e instanceof SyntaxError || (err?.$response && (code === undefined || code === 'Unknown'))) {
    const what = [status ? `HTTP ${status}` : '', contentType?.split(';')[0] ?? '']
      .filter(Boolean)
      .join(', ');
    return new AwsAccessError(
      `cannot establish AWS identity: ${where} did not answer like AWS STS${what ? ` (${what})` : ''}. ${check}`,
      'AWS_NOT_AWS',
    );
  }
  return new AwsAccessError(
    `cannot establish AWS identity (sts:GetCallerIdentity failed: ${code ?? 'Unknown'}: ${err?.message ?? String(e)}). ` +
      'Check your credentials, --profile and --region.',
    'AWS_IDENTITY',
  );
}

/**
 * Asks STS which account the credentials belong to, within `identityTimeoutMs` (retries included).
 * Throws AwsAccessError saying what to fix when it cannot tell: the endpoint (unreachable, silent,
 * not AWS) or the credentials. Every AWS command starts here (checkAccount, import).
 */
export async function callerAccount(pool: ClientPool): Promise<string> {
  const timeoutMs = pool.options.identityTimeoutMs ?? IDENTITY_TIMEOUT_MS;
  const deadline = new AbortController();
  const timer = setTimeout(() => deadline.abort(), timeoutMs);
  let account: string | undefined;
  try {
    const out = await STS_CLIENT.reader(pool).getCallerIdentity({}, { abortSignal: deadline.signal });
    account = out.Account;
  } catch (e) {
    throw identityError(e, pool, timeoutMs, deadline.signal.aborted);
  } finally {
    clearTimeout(timer);
  }
  if (!account)
    throw new AwsAccessError(
      'cannot establish AWS identity: sts:GetCallerIdentity returned no account',
      'AWS_IDENTITY',
    );
  return account;
}

/** Asks STS who we are (callerAccount); throws AwsAccessError when it is not the spec's account. */
export async function checkAccount(pool: ClientPool, expected: string): Promise<string> {
  const account = await callerAccount(pool);
  if (account !== expected) {
    throw new AwsAccessError(
      `refusing to continue: these credentials belong to account ${account ?? '(unknown)'}, ` +
        `but the spec manages account ${expected}. Use the matching --profile.`,
      'WRONG_ACCOUNT',
    );
  }
  return account;
}

/** Reads the given resources with their adapters (no identity check). */
export async function readResources(
  ctx: ReadContext,
  resources: readonly DesiredResource[],
): Promise<Record<ResourceAddress, Observation>> {
  const byKind = new Map<ResourceKind, DesiredResource[]>();
  for (const r of resources) {
    const list = byKind.get(r.kind) ?? [];
    list.push(r);
    byKind.set(r.kind, list);
  }
  const results = await Promise.all(
    RESOURCE_KINDS.filter((k) => byKind.has(k)).map(async (kind) => {
      const adapter = ADAPTERS[kind] as unknown as KindAdapter;
      const list = byKind.get(kind) ?? [];
      try {
        return await adapter.read(ctx, list);
      } catch (e) {
        // A whole-kind failure (e.g. an unexpected SDK error) makes that kind unchecked, never in sync.
        const reason = `${awsErrorCode(e) ?? 'error'}: ${(e as Error).message}`;
        ctx.logger?.warn({ kind, err: e }, 'read failed');
        return new Map(list.map((r) => [r.address, { status: 'unreadable' as const, reason }]));
      }
    }),
  );
  const out: Record<ResourceAddress, Observation> = {};
  const merged = new Map<ResourceAddress, Observation>();
  for (const m of results) for (const [a, o] of m) merged.set(a, o);
  for (const r of [...resources].sort((a, b) => (a.address < b.address ? -1 : 1))) {
    out[r.address] = merged.get(r.address) ?? {
      status: 'unreadable',
      reason: 'the adapter returned no observation',
    };
  }
  return out;
}

/** Reads the whole live state for a desired state. */
export async function readLive(
  desired: DesiredState,
  pool: ClientPool,
  opts: ReadLiveOptions = {},
): Promise<LiveState> {
  const account = await checkAccount(pool, desired.account);
  const ctx: ReadContext = {
    pool,
    account,
    concurrency: opts.concurrency ?? READ_FAN_OUT,
    ...(opts.scope ? { scope: opts.scope } : {}),
    ...(opts.logger ? { logger: opts.logger } : {}),
  };
  const wanted = opts.only ? desired.resources.filter((r) => opts.only?.has(r.address)) : desired.resources;
  const resources = await readResources(ctx, wanted);
  return {
    formatVersion: 1,
    account,
    capturedAt: new Date().toISOString(),
    source: { kind: 'aws', ...(pool.options.endpointUrl ? { endpoint: pool.options.endpointUrl } : {}) },
    resources,
  };
}
