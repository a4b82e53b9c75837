/**
 * Where a command's live state comes from: a snapshot file (`--live FILE`, offline) or AWS (the SDK's
 * credential chain, `--profile`, `--region`, `--endpoint-url` / AWS_ENDPOINT_URL). Every command that
 * needs live state (plan, apply, report, snapshot) calls {@link getLiveState}.
 */
import { resolve } from 'node:path';
// Type-only: the AWS path loads the SDK (~0.5 s) with a dynamic import, so `--live FILE` never does.
import type { ClientPool } from '../adapters/aws-config.js';
import { loadSnapshot } from '../adapters/snapshot.js';
import type { ReadScope } from '../adapters/types.js';
import { AwsAccessError } from '../errors.js';
import type { ResourceAddress } from '../model/resource.js';
import type { DesiredState, LiveState, Observation } from '../model/state.js';
import type { CommandContext } from './context.js';

/** Live state plus, when read from AWS, the client pool (the caller destroys it when done). */
export interface LiveSource {
  readonly live: LiveState;
  /** undefined when the live state came from a snapshot file (no AWS access at all). */
  readonly pool?: ClientPool;
}

/**
 * Keeps exactly one observation per declared address: a declared resource missing from the snapshot
 * is `unreadable` (unknown is not unchanged), undeclared entries are left out.
 */
export function alignWithDesired(live: LiveState, desired: DesiredState, file: string): LiveState {
  const resources: Record<ResourceAddress, Observation> = {};
  for (const r of [...desired.resources].sort((a, b) => (a.address < b.address ? -1 : 1))) {
    resources[r.address] = live.resources[r.address] ?? {
      status: 'unreadable',
      reason: `${r.address} is not in the snapshot ${file} (declared after it was taken?); take a new snapshot`,
      code: 'NotInSnapshot',
    };
  }
  return { ...live, source: { kind: 'snapshot', file }, resources };
}

/**
 * Loads the live state for `desired`. With `--live FILE`: the snapshot (its account must be the spec's,
 * else exit 1), no AWS call. Otherwise: STS identity check, then every adapter's read. The returned
 * pool (AWS case) is for the caller's further calls (apply) and must be destroyed by it. `scope`:
 * `managed` reads only what the spec manages (plan, apply), `all` (default) everything the adapters
 * can read (snapshot, report). Ignored for `--live FILE`.
 */
export async function getLiveState(
  ctx: CommandContext,
  desired: DesiredState,
  scope: ReadScope = 'all',
): Promise<LiveSource> {
  const file = ctx.options.live;
  if (file !== undefined) {
    const live = await loadSnapshot(resolve(ctx.io.cwd, file));
    if (live.account !== desired.account) {
      throw new AwsAccessError(
        `the snapshot ${file} was taken in account ${live.account}, but the spec ${desired.specFile} manages ` +
          `account ${desired.account}; take a snapshot of the right account with --snapshot`,
        'WRONG_ACCOUNT',
      );
    }
    return { live: alignWithDesired(live, desired, file) };
  }
  const { ClientPool, resolveAwsOptions } = await import('../adapters/aws-config.js');
  const { readLive } = await import('../adapters/read-live.js');
  const options = resolveAwsOptions(ctx.options, ctx.io.env, desired.defaultRegion);
  const pool = new ClientPool(options);
  try {
    const live = await readLive(desired, pool, { logger: ctx.logger, scope });
    if (ctx.options.prunePrefix.length === 0) return { live, pool };
    // --prune-prefix: undeclared resources with those name prefixes join the live state, so the
    // planner can propose deleting them.
    const { readPrunable } = await import('../import/discover-prunable.js');
    const extra = await readPrunable(pool, desired, live.account, ctx.options.prunePrefix, {
      logger: ctx.logger,
    });
    return { live: { ...live, resources: sortedObservations({ ...live.resources, ...extra }) }, pool };
  } catch (e) {
    pool.destroy();
    throw e;
  }
}

function sortedObservations(
  resources: Readonly<Record<ResourceAddress, Observation>>,
): Record<ResourceAddress, Observation> {
  const out: Record<ResourceAddress, Observation> = {};
  for (const address of Object.keys(resources).sort()) out[address] = resources[address] as Observation;
  return out;
}
