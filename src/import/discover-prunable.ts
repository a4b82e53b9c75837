/**
 * `--prune-prefix P`: finds resources the spec does NOT declare whose names start with P, so the
 * planner can propose deleting them. Read-only (the import's discovery operations). Covered kinds:
 * CloudWatch alarms and EventBridge rules (the APIs filter by prefix) and AWS Backup plans with their
 * selections, in every region the spec uses. Buckets and databases are never pruned, so never listed.
 */
import type { Logger } from 'pino';
import type { ClientPool } from '../adapters/aws-config.js';
import { readResources } from '../adapters/read-live.js';
import { READ_FAN_OUT } from '../adapters/scheduler.js';
import type { ResourceAddress } from '../model/resource.js';
import type { DesiredResource, DesiredState, Observation } from '../model/state.js';
import { type DiscoveryClient, discoverResources, discoveryClient } from './discover.js';

export interface PrunableOptions {
  readonly logger?: Logger;
  readonly concurrency?: number;
  /** Discovery operations (default: on the pool). */
  readonly client?: DiscoveryClient;
}

/**
 * Stubs of the undeclared resources whose names start with one of the prefixes (read-only listing).
 * Listing failures are logged and skipped: pruning less is safe.
 */
export async function discoverPrunable(
  client: DiscoveryClient,
  desired: DesiredState,
  prefixes: readonly string[],
  logger?: Logger,
): Promise<DesiredResource[]> {
  const declared = new Set(desired.resources.map((r) => r.address));
  const found = new Map<ResourceAddress, DesiredResource>();
  const matches = (name: string) => prefixes.some((prefix) => name.startsWith(prefix));
  // AWS Backup has no name-prefix filter: list each region's plans once for all prefixes.
  const backupPlans = new Set<string>();
  for (const region of desired.regions) {
    try {
      for (const name of (await client.plans(region)).keys()) if (matches(name)) backupPlans.add(name);
    } catch (e) {
      logger?.warn({ region, err: e }, 'prune: cannot list backup plans');
    }
  }
  // Alarms and rules are listed by prefix, one prefix per discovery; the plans go with the first.
  for (const [i, prefix] of prefixes.entries()) {
    const discovery = await discoverResources(client, {
      regions: desired.regions,
      allBuckets: false,
      alarmPrefix: prefix,
      rulePrefix: prefix,
      topics: [],
      roles: [],
      dbInstances: [],
      backupPlans: i === 0 ? [...backupPlans] : [],
    });
    for (const note of discovery.notes) logger?.warn({ prefix }, `prune: ${note}`);
    for (const stub of discovery.stubs) {
      if (!declared.has(stub.address) && matches(stub.name)) found.set(stub.address, stub);
    }
  }
  return [...found.values()];
}

/**
 * Observations (present or unreadable) of undeclared resources whose names start with one of the
 * prefixes ({@link discoverPrunable}, then the adapters' readers).
 */
export async function readPrunable(
  pool: ClientPool,
  desired: DesiredState,
  account: string,
  prefixes: readonly string[],
  opts: PrunableOptions = {},
): Promise<Record<ResourceAddress, Observation>> {
  const stubs = await discoverPrunable(opts.client ?? discoveryClient(pool), desired, prefixes, opts.logger);
  if (stubs.length === 0) return {};
  const observations = await readResources(
    {
      pool,
      account,
      concurrency: opts.concurrency ?? READ_FAN_OUT,
      ...(opts.logger ? { logger: opts.logger } : {}),
    },
    stubs,
  );
  const out: Record<ResourceAddress, Observation> = {};
  for (const [address, obs] of Object.entries(observations)) if (obs.status !== 'absent') out[address] = obs;
  return out;
}
