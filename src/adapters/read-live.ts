/**
 * Reads the live state of everything the spec declares: first STS GetCallerIdentity (refuse a
 * different account before reading anything else), then every kind concurrently through its adapter.
 */
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import type { Logger } from 'pino';
import { AwsAccessError } from '../errors.js';
import { RESOURCE_KINDS, type ResourceAddress, type ResourceKind } from '../model/resource.js';
import type { DesiredResource, DesiredState, LiveState, Observation } from '../model/state.js';
import type { ClientPool } from './aws-config.js';
import { awsErrorCode } from './kit.js';
import { ADAPTERS } from './registry.js';
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

/** Asks STS who we are; throws AwsAccessError when it is not the spec's account. */
export async function checkAccount(pool: ClientPool, expected: string): Promise<string> {
  let account: string | undefined;
  try {
    const out = await pool.get('sts').send(new GetCallerIdentityCommand({}));
    account = out.Account;
  } catch (e) {
    const code = awsErrorCode(e) ?? 'Unknown';
    throw new AwsAccessError(
      `cannot establish AWS identity (sts:GetCallerIdentity failed: ${code}: ${(e as Error).message}). ` +
        'Check your credentials, --profile and --region.',
      'AWS_IDENTITY',
    );
  }
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
        const reason = `${kind}: ${awsErrorCode(e) ?? 'error'}: ${(e as Error).message}`;
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
      reason: `${r.kind}: the adapter returned no observation`,
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
    concurrency: opts.concurrency ?? 8,
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
