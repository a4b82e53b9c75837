/**
 * `--prune-prefix P`: finds resources the spec does NOT declare whose names start with P, so the
 * planner can propose deleting them. Read-only (the import's discovery operations). Covered kinds:
 * CloudWatch alarms and EventBridge rules (the APIs filter by prefix) and AWS Backup plans with their
 * selections, in every region the spec uses. Buckets and databases are never pruned, so never listed.
 */
import type { Logger } from 'pino';
import type { ClientPool } from '../adapters/aws-config.js';
import { readResources } from '../adapters/read-live.js';
import type { ResourceAddress } from '../model/resource.js';
import type { DesiredState, Observation } from '../model/state.js';
import { type DiscoveryClient, discoverResources, discoveryClient } from './discover.js';

export interface PrunableOptions {
  readonly logger?: Logger;
  readonly concurrency?: number;
  /** Discovery operations (default: on the pool). */
  readonly client?: DiscoveryClient;
}

/**
 * Observations (present or unreadable) of undeclared resources whose names start with one of the
 * prefixes. Listing failures are logged and skipped: pruning less is safe.
 */
export async function readPrunable(
  pool: ClientPool,
  desired: DesiredState,
  account: string,
  prefixes: readonly string[],
  opts: PrunableOptions = {},
): Promise<Record<ResourceAddress, Observation>> {
  const client = opts.client ?? discoveryClient(pool);
  const declared = new Set(desired.resources.map((r) => r.address));
  const found = new Map<ResourceAddress, (typeof desired.resources)[number]>();
  for (const prefix of prefixes) {
    const backupPlans: string[] = [];
    for (const region of desired.regions) {
      try {
        for (const name of (await client.plans(region)).keys())
          if (name.startsWith(prefix)) backupPlans.push(name);
      } catch (e) {
        opts.logger?.warn({ region, err: e }, 'prune: cannot list backup plans');
      }
    }
    const discovery = await discoverResources(client, {
      regions: desired.regions,
      allBuckets: false,
      alarmPrefix: prefix,
      rulePrefix: prefix,
      topics: [],
      roles: [],
      dbInstances: [],
      backupPlans: [...new Set(backupPlans)],
    });
    for (const note of discovery.notes) opts.logger?.warn({ prefix }, `prune: ${note}`);
    for (const stub of discovery.stubs) {
      if (!declared.has(stub.address) && stub.name.startsWith(prefix)) found.set(stub.address, stub);
    }
  }
  if (found.size === 0) return {};
  const observations = await readResources(
    { pool, account, concurrency: opts.concurrency ?? 8, ...(opts.logger ? { logger: opts.logger } : {}) },
    [...found.values()],
  );
  const out: Record<ResourceAddress, Observation> = {};
  for (const [address, obs] of Object.entries(observations)) if (obs.status !== 'absent') out[address] = obs;
  return out;
}
