/**
 * Discovery for `reconcile --import`: which resources to import, from the command-line filters, using
 * read-only AWS operations only (List*, Describe*, Get*). Each found resource becomes a DesiredResource
 * stub (address, kind, name, region) that the existing adapters read (readResources), so the imported
 * attributes are exactly the normalised ones `--plan` compares. A second pass adds what the first
 * references, so references resolve by name: the vaults of imported backup plans (targets and
 * same-account copy destinations) and the roles of bucket replication, backup selections and
 * EventBridge targets.
 */
import type { Logger } from 'pino';
import type { ClientPool } from '../adapters/aws-config.js';
import { type ListedPlan, listPlansByName, listSelectionNames } from '../adapters/backup/list.js';
import { listAlarmNames } from '../adapters/cloudwatch/list.js';
import { listRuleNames } from '../adapters/events/list.js';
import { awsErrorCode, classifyReadError, mapBounded } from '../adapters/kit.js';
import { callerAccount, readResources } from '../adapters/read-live.js';
import { type ListedBucket, listBuckets, listedBucketRegion } from '../adapters/s3/list.js';
import { READ_FAN_OUT } from '../adapters/scheduler.js';
import type { ReadContext } from '../adapters/types.js';
import { AwsAccessError } from '../errors.js';
import { parseRoleArn, parseVaultArn } from '../model/arn.js';
import type { AttrsByKind } from '../model/attrs.js';
import { addressOf, compareAddresses, type ResourceAddress, type ResourceKind } from '../model/resource.js';
import type { DesiredResource, LiveState, Observation } from '../model/state.js';

/** What to import (CliOptions.importFilters with the regions resolved). */
export interface ImportFilters {
  /** Regions to look in (never empty). */
  readonly regions: readonly string[];
  /** Buckets by name (imported wherever they live). undefined: none unless allBuckets. */
  readonly buckets?: readonly string[];
  /** Every bucket of the account whose region is one of `regions`. */
  readonly allBuckets: boolean;
  /** Metric alarms whose names start with this, in each region. undefined: none. */
  readonly alarmPrefix?: string;
  /** EventBridge rules (default bus) whose names start with this, in each region. undefined: none. */
  readonly rulePrefix?: string;
  /** SNS topics by name, looked for in each region. */
  readonly topics: readonly string[];
  /** IAM roles by name. */
  readonly roles: readonly string[];
  /** RDS DB instances by identifier, looked for in each region. */
  readonly dbInstances: readonly string[];
  /** AWS Backup plans by name, in each region, with their selections (and, later, vaults). */
  readonly backupPlans: readonly string[];
}

export type { ListedBucket, ListedPlan };

/** The read-only operations discovery uses, and nothing else (the adapters' `list.ts` functions). */
export interface DiscoveryClient {
  /** STS GetCallerIdentity: the account of the credentials. */
  whoAmI(): Promise<string>;
  /** S3 ListBuckets (every page). */
  listBuckets(): Promise<readonly ListedBucket[]>;
  /** S3 GetBucketLocation; undefined when there is no such bucket. */
  bucketRegion(name: string): Promise<string | undefined>;
  /** CloudWatch DescribeAlarms(AlarmNamePrefix): metric alarm names (every page). */
  alarmNames(region: string, prefix: string): Promise<readonly string[]>;
  /** EventBridge ListRules(NamePrefix) on the default bus: rule names, AWS-managed rules left out. */
  ruleNames(region: string, prefix: string): Promise<readonly string[]>;
  /** AWS Backup ListBackupPlans: the (not deleted) plans of a region by name. */
  plans(region: string): Promise<ReadonlyMap<string, readonly ListedPlan[]>>;
  /** AWS Backup ListBackupSelections: the selection names of a plan. */
  selectionNames(region: string, planId: string): Promise<readonly string[]>;
}

/** Builds the discovery client on the adapters' listings (read operations only). */
export function discoveryClient(pool: ClientPool): DiscoveryClient {
  return {
    whoAmI: () => callerAccount(pool),
    listBuckets: () => listBuckets(pool),
    bucketRegion: (name) => listedBucketRegion(pool, name),
    alarmNames: (region, prefix) => listAlarmNames(pool, region, prefix),
    ruleNames: (region, prefix) => listRuleNames(pool, region, prefix),
    plans: (region) => listPlansByName(pool, region),
    selectionNames: (region, planId) => listSelectionNames(pool, region, planId),
  };
}

/** Minimal attributes a reader needs for a stub (the region, where the kind has one). */
type StubAttrs<K extends ResourceKind> = AttrsByKind[K];

/** A DesiredResource stub for the adapters to read (nothing managed, nothing depended on). */
export function stubOf<K extends ResourceKind>(
  kind: K,
  name: string,
  region: string | null,
  attrs: StubAttrs<K>,
): DesiredResource<K> {
  return {
    address: addressOf(kind, name, region),
    kind,
    name,
    region,
    ensure: 'present',
    attrs,
    dependsOn: [],
  };
}

/** The stubs to read, and what discovery could not list (one line each, for the user). */
export interface Discovery {
  /** Sorted by address, no duplicates. */
  readonly stubs: readonly DesiredResource[];
  readonly notes: readonly string[];
}

function reason(e: unknown, what: string): string {
  return classifyReadError(e, what).reason;
}

/** Finds what the filters name. Read-only; a listing that fails becomes a note, never a stop. */
export async function discoverResources(client: DiscoveryClient, filters: ImportFilters): Promise<Discovery> {
  const stubs = new Map<ResourceAddress, DesiredResource>();
  const notes: string[] = [];
  const add = (r: DesiredResource) => {
    if (!stubs.has(r.address)) stubs.set(r.address, r);
  };
  const [first] = filters.regions;
  if (first === undefined) throw new Error('assertion: import needs at least one region');

  // Buckets: by name wherever they are (the reader finds the region); --all-buckets only in `regions`.
  for (const name of filters.buckets ?? []) add(stubOf('s3.bucket', name, null, { region: first }));
  if (filters.allBuckets) {
    let listed: readonly ListedBucket[] = [];
    try {
      listed = await client.listBuckets();
    } catch (e) {
      notes.push(reason(e, 'S3 ListBuckets (--all-buckets)'));
    }
    await mapBounded(listed, 8, async (b) => {
      let region = b.region;
      if (region === undefined) {
        try {
          region = await client.bucketRegion(b.name);
        } catch (e) {
          notes.push(reason(e, `s3.bucket/${b.name} GetBucketLocation`));
          return;
        }
      }
      if (region !== undefined && filters.regions.includes(region))
        add(stubOf('s3.bucket', b.name, null, { region }));
    });
  }

  for (const name of filters.roles) add(stubOf('iam.role', name, null, {}));

  await mapBounded(filters.regions, 4, async (region) => {
    for (const name of filters.topics) add(stubOf('sns.topic', name, region, { region }));
    for (const id of filters.dbInstances) add(stubOf('rds.instance', id, region, { region }));
    if (filters.alarmPrefix !== undefined) {
      try {
        for (const name of await client.alarmNames(region, filters.alarmPrefix))
          add(stubOf('cloudwatch.alarm', name, region, { region }));
      } catch (e) {
        notes.push(reason(e, `CloudWatch alarms named ${filters.alarmPrefix}* (${region})`));
      }
    }
    if (filters.rulePrefix !== undefined) {
      try {
        for (const name of await client.ruleNames(region, filters.rulePrefix))
          add(stubOf('events.rule', name, region, { region }));
      } catch (e) {
        notes.push(reason(e, `EventBridge rules named ${filters.rulePrefix}* (${region})`));
      }
    }
    if (filters.backupPlans.length > 0) await discoverPlans(client, filters.backupPlans, region, add, notes);
  });
  return {
    stubs: [...stubs.values()].sort((a, b) => compareAddresses(a.address, b.address)),
    notes: notes.sort(),
  };
}

async function discoverPlans(
  client: DiscoveryClient,
  names: readonly string[],
  region: string,
  add: (r: DesiredResource) => void,
  notes: string[],
): Promise<void> {
  let plans: ReadonlyMap<string, readonly ListedPlan[]>;
  try {
    plans = await client.plans(region);
  } catch (e) {
    // Let the reader report each named plan of this region as unreadable.
    for (const name of names) add(stubOf('backup.plan', name, region, { region }));
    notes.push(reason(e, `AWS Backup plans (${region})`));
    return;
  }
  for (const name of names) {
    const found = plans.get(name) ?? [];
    if (found.length === 0) continue;
    add(stubOf('backup.plan', name, region, { region }));
    const planId = found.length === 1 ? found[0]?.id : undefined;
    if (!planId) continue; // several plans share the name: the reader reports it
    try {
      for (const selection of await client.selectionNames(region, planId))
        add(
          stubOf('backup.selection', `${name}/${selection}`, region, {
            region,
            plan: name,
            selectionName: selection,
          }),
        );
    } catch (e) {
      notes.push(reason(e, `the selections of backup.plan/${region}/${name}`));
    }
  }
}

/**
 * The resources that what was read refers to, and that are not read yet: vaults of backup plans
 * (targets, and copy destinations in the same account) and roles (bucket replication, backup
 * selections, EventBridge targets) of the same account. Pure.
 */
export function referencedResources(
  account: string,
  observations: Readonly<Record<ResourceAddress, Observation>>,
): DesiredResource[] {
  const out = new Map<ResourceAddress, DesiredResource>();
  const add = (r: DesiredResource) => {
    if (!(r.address in observations) && !out.has(r.address)) out.set(r.address, r);
  };
  const role = (arn: string | undefined) => {
    const role = arn ? parseRoleArn(arn) : undefined;
    if (role?.account === account) add(stubOf('iam.role', role.name, null, {}));
  };
  for (const [address, obs] of Object.entries(observations)) {
    if (obs.status !== 'present') continue;
    const kind = address.slice(0, address.indexOf('/')) as ResourceKind;
    if (kind === 'backup.plan') {
      const attrs = obs.attrs as AttrsByKind['backup.plan'];
      for (const rule of attrs.rules ?? []) {
        add(stubOf('backup.vault', rule.targetVault, attrs.region, { region: attrs.region }));
        for (const copy of rule.copyActions) {
          const vault = parseVaultArn(copy.destinationVaultArn);
          if (vault?.account === account)
            add(stubOf('backup.vault', vault.name, vault.region, { region: vault.region }));
        }
      }
    } else if (kind === 's3.bucket') {
      role((obs.attrs as AttrsByKind['s3.bucket']).replication?.role);
    } else if (kind === 'backup.selection') {
      role((obs.attrs as AttrsByKind['backup.selection']).iamRoleArn);
    } else if (kind === 'events.rule') {
      for (const t of (obs.attrs as AttrsByKind['events.rule']).targets ?? []) role(t.roleArn);
    }
  }
  return [...out.values()].sort((a, b) => compareAddresses(a.address, b.address));
}

/** Options of {@link importLive}. */
export interface ImportLiveOptions {
  readonly logger?: Logger;
  /** Max concurrent requests per service (default 8). */
  readonly concurrency?: number;
  /** The clock (tests pass a fixed one). Default: now. */
  readonly now?: () => Date;
  /** Discovery operations (default: {@link discoveryClient} on the pool). */
  readonly client?: DiscoveryClient;
}

/** What `--import` read. */
export interface ImportedLive {
  /** Present and unreadable observations of everything found (absent ones dropped). */
  readonly live: LiveState;
  /** Listings that failed (the spec's "not imported" comment). */
  readonly notes: readonly string[];
  /** Named on the command line but found in none of the regions (e.g. `sns.topic mnemonica-alerts`). */
  readonly notFound: readonly string[];
}

function namedButAbsent(
  filters: ImportFilters,
  observations: Readonly<Record<ResourceAddress, Observation>>,
): string[] {
  const foundNames = new Map<ResourceKind, Set<string>>();
  for (const [address, obs] of Object.entries(observations)) {
    if (obs.status === 'absent') continue;
    const kind = address.slice(0, address.indexOf('/')) as ResourceKind;
    const rest = address.slice(address.indexOf('/') + 1);
    const name = kind === 's3.bucket' || kind === 'iam.role' ? rest : rest.slice(rest.indexOf('/') + 1);
    foundNames.set(kind, (foundNames.get(kind) ?? new Set()).add(name));
  }
  const missing: string[] = [];
  const check = (kind: ResourceKind, names: readonly string[]) => {
    for (const name of names) if (!foundNames.get(kind)?.has(name)) missing.push(`${kind} ${name}`);
  };
  check('s3.bucket', filters.buckets ?? []);
  check('iam.role', filters.roles);
  check('sns.topic', filters.topics);
  check('rds.instance', filters.dbInstances);
  check('backup.plan', filters.backupPlans);
  return missing.sort();
}

/**
 * Discovers and reads what the filters name: STS identity, discovery, the adapters' readers, then the
 * referenced vaults and roles. Read-only from end to end. Throws AwsAccessError when the identity
 * cannot be established.
 */
export async function importLive(
  pool: ClientPool,
  filters: ImportFilters,
  opts: ImportLiveOptions = {},
): Promise<ImportedLive> {
  const client = opts.client ?? discoveryClient(pool);
  let account: string;
  try {
    account = await client.whoAmI();
  } catch (e) {
    if (e instanceof AwsAccessError) throw e;
    throw new AwsAccessError(
      `cannot establish AWS identity (sts:GetCallerIdentity failed: ${awsErrorCode(e) ?? 'Unknown'}: ${(e as Error).message}). ` +
        'Check your credentials, --profile and --region.',
      'AWS_IDENTITY',
    );
  }
  const ctx: ReadContext = {
    pool,
    account,
    concurrency: opts.concurrency ?? READ_FAN_OUT,
    ...(opts.logger ? { logger: opts.logger } : {}),
  };
  const discovery = await discoverResources(client, filters);
  opts.logger?.info(
    { account, found: discovery.stubs.length, regions: filters.regions },
    'import: discovered',
  );
  const first = await readResources(ctx, discovery.stubs);
  const extra = referencedResources(account, first);
  const second = extra.length > 0 ? await readResources(ctx, extra) : {};
  opts.logger?.info({ referenced: extra.length }, 'import: read referenced vaults and roles');
  const all: Record<ResourceAddress, Observation> = { ...first, ...second };
  const resources: Record<ResourceAddress, Observation> = {};
  for (const address of Object.keys(all).sort(compareAddresses)) {
    const obs = all[address] as Observation;
    if (obs.status !== 'absent') resources[address] = obs;
  }
  const notFound = [
    ...namedButAbsent(filters, all),
    // A referenced vault or role that is not there: the reference stays an ARN / name as AWS holds it.
    ...extra
      .filter((r) => all[r.address]?.status === 'absent')
      .map((r) => `${r.kind} ${r.name} (referenced)`),
  ];
  return {
    live: {
      formatVersion: 1,
      account,
      capturedAt: (opts.now?.() ?? new Date()).toISOString(),
      source: { kind: 'aws', ...(pool.options.endpointUrl ? { endpoint: pool.options.endpointUrl } : {}) },
      resources,
    },
    notes: discovery.notes,
    notFound,
  };
}
