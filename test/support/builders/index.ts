/**
 * The shared test builders: the test account, desired resources and states, live states, and the
 * attribute skeletons (lifecycle, replication and backup rules) in the normalised form the spec loader
 * and the adapters produce. Each suite's own builders (test/planner/builders.ts,
 * test/lint/desired-builders.ts, test/import/builders.ts, test/adapters/<service>/builders.ts,
 * test/executor/builders.ts) layer their scenario's defaults on these, so a model change lands here once.
 */
import type { AttrsByKind, BackupRule, LifecycleRule, ReplicationRule } from '../../../src/model/attrs.js';
import { KINDS } from '../../../src/model/kinds/index.js';
import { addressOf, type ResourceKind } from '../../../src/model/resource.js';
import type {
  DesiredResource,
  DesiredState,
  LiveState,
  Observation,
  RecoveryScenario,
} from '../../../src/model/state.js';

/** The account of the guide's example (and of the emulator's seeded credentials). */
export const ACCOUNT = '828879644785';
/** The guide's primary region. */
export const PRIMARY_REGION = 'eu-west-1';
/** The timestamp fixed plans and snapshots carry. */
export const CREATED_AT = '2026-01-01T00:00:00.000Z';

/** What a desired resource carries besides kind, name and attributes. */
export type DesiredExtra = Partial<
  Pick<DesiredResource, 'lintSilenced' | 'literalSecrets' | 'dependsOn' | 'source' | 'ensure'>
>;

/**
 * A desired resource of `kind` named `name` in `region` (`null` for the global kinds and for buckets,
 * whose address carries no region). `dependsOn` defaults to none, `ensure` to present.
 */
export function desiredResource<K extends ResourceKind>(
  kind: K,
  name: string,
  region: string | null,
  attrs: AttrsByKind[K],
  extra: DesiredExtra = {},
): DesiredResource<K> {
  return {
    address: addressOf(kind, name, region),
    kind,
    name,
    region,
    ensure: 'present',
    attrs,
    dependsOn: [],
    ...extra,
  };
}

/** A desired state holding `resources`, sorted by address as the spec loader sorts them. */
export function desiredStateOf(
  resources: readonly DesiredResource[],
  over: Partial<Pick<DesiredState, 'account' | 'regions' | 'defaultRegion'>> & {
    readonly recovery?: readonly RecoveryScenario[];
  } = {},
): DesiredState {
  return {
    formatVersion: 1,
    account: over.account ?? ACCOUNT,
    defaultRegion: over.defaultRegion ?? PRIMARY_REGION,
    regions: over.regions ?? [PRIMARY_REGION],
    resources: [...resources].sort((a, b) => (a.address < b.address ? -1 : 1)),
    recovery: over.recovery ?? [],
    specFile: 'backup-spec.yaml',
  };
}

/** A live state of address -> observation (keys sorted, as the readers produce them). */
export function liveStateOf(
  resources: Readonly<Record<string, Observation>>,
  over: Partial<Pick<LiveState, 'account' | 'capturedAt' | 'source'>> = {},
): LiveState {
  const sorted: Record<string, Observation> = {};
  for (const k of Object.keys(resources).sort()) sorted[k] = resources[k] as Observation;
  return {
    formatVersion: 1,
    account: over.account ?? ACCOUNT,
    capturedAt: over.capturedAt ?? CREATED_AT,
    source: over.source ?? { kind: 'aws' },
    resources: sorted,
  };
}

/** A normalised lifecycle rule: id `rule`, whole bucket, enabled, no action unless given. */
export function lifecycleRule(over: Partial<LifecycleRule> = {}): LifecycleRule {
  return {
    id: 'rule',
    enabled: true,
    filter: {},
    transitions: [],
    noncurrentVersionTransitions: [],
    ...over,
  };
}

/** A normalised V2 replication rule: whole bucket to `replica-bucket`, STANDARD, no option enabled. */
export function replicationRule(over: Partial<ReplicationRule> = {}): ReplicationRule {
  return {
    id: 'replica',
    priority: 0,
    enabled: true,
    filter: {},
    destination: { bucket: 'arn:aws:s3:::replica-bucket', storageClass: 'STANDARD' },
    metrics: false,
    replicationTime: false,
    deleteMarkerReplication: false,
    existingObjectReplication: false,
    ...over,
  };
}

/**
 * A normalised backup rule: every six hours into `prod-vault`, kept 180 days, no copy; the windows
 * and timezone are AWS's defaults from the registry (what the spec loader fills in).
 */
export function backupRule(over: Partial<BackupRule> = {}): BackupRule {
  const defaults = KINDS['backup.plan'].defaults.rule;
  return {
    name: 'six-hourly',
    targetVault: 'prod-vault',
    schedule: 'cron(0 */6 * * ? *)',
    scheduleTimezone: defaults.scheduleTimezone,
    startWindowMinutes: defaults.startWindowMinutes,
    completionWindowMinutes: defaults.completionWindowMinutes,
    enableContinuousBackup: false,
    lifecycle: { deleteAfterDays: 180 },
    copyActions: [],
    ...over,
  };
}
