/**
 * Test builders for planner inputs: desired resources, desired/live states and typical attributes.
 * Defaults are a small, in-sync backup setup; tests override only what they are about.
 */
import type {
  AttrsByKind,
  BackupRule,
  CloudWatchAlarmAttrs,
  LifecycleRule,
  ReplicationRule,
  S3BucketAttrs,
} from '../../src/model/attrs.js';
import type { PolicyDocument } from '../../src/model/policy.js';
import { canonicalPolicy } from '../../src/model/policy.js';
import { GLOBAL_KINDS, type ResourceKind } from '../../src/model/resource.js';
import type { DesiredResource, DesiredState, LiveState, Observation } from '../../src/model/state.js';
import {
  ACCOUNT,
  backupRule as baseBackupRule,
  lifecycleRule as baseLifecycleRule,
  replicationRule as baseReplicationRule,
  CREATED_AT,
  desiredResource,
  desiredStateOf,
  liveStateOf,
} from '../support/builders/index.js';

export { ACCOUNT, CREATED_AT };

/** A desired resource of `kind`; regional kinds default to eu-west-1. */
export function resource<K extends ResourceKind>(
  kind: K,
  name: string,
  attrs: AttrsByKind[K],
  opts: { ensure?: 'present' | 'absent'; dependsOn?: readonly string[]; region?: string } = {},
): DesiredResource<K> {
  const region = GLOBAL_KINDS.has(kind) ? null : (opts.region ?? 'eu-west-1');
  return desiredResource(kind, name, region, attrs, {
    ensure: opts.ensure ?? 'present',
    dependsOn: [...(opts.dependsOn ?? [])].sort(),
  });
}

/** A desired state holding `resources` (sorted by address). */
export function desiredState(...resources: DesiredResource[]): DesiredState {
  return desiredStateOf(resources);
}

export const present = <K extends ResourceKind>(
  attrs: AttrsByKind[K],
  facts?: Record<string, unknown>,
): Observation<K> => (facts ? { status: 'present', attrs, facts } : { status: 'present', attrs });
export const absent = (): Observation => ({ status: 'absent' });
export const unreadable = (reason: string): Observation => ({
  status: 'unreadable',
  reason,
  code: 'AccessDenied',
});

/** A live state from address -> observation. */
export function liveState(resources: Record<string, Observation>): LiveState {
  return liveStateOf(resources, { source: { kind: 'snapshot', file: 'live.json' } });
}

/** Live state in which every desired resource exists exactly as declared (unmanaged fields omitted). */
export function liveMatching(desired: DesiredState): LiveState {
  const out: Record<string, Observation> = {};
  for (const r of desired.resources) out[r.address] = r.ensure === 'absent' ? absent() : present(r.attrs);
  return liveState(out);
}

// -------------------------------------------------------------------------------- attribute builders

/** A lifecycle rule; an override set to `undefined` removes that field. */
export function lifecycleRule(
  over: { [K in keyof LifecycleRule]?: LifecycleRule[K] | undefined } = {},
): LifecycleRule {
  const rule: Record<string, unknown> = {
    ...baseLifecycleRule({ id: 'noncurrent-expiry', noncurrentVersionExpiration: { noncurrentDays: 180 } }),
    ...over,
  };
  for (const k of Object.keys(rule)) if (rule[k] === undefined) delete rule[k];
  return rule as unknown as LifecycleRule;
}

export function replicationRule(over: Partial<ReplicationRule> = {}): ReplicationRule {
  return baseReplicationRule({
    id: 'paris-replica',
    destination: { bucket: 'arn:aws:s3:::mne-media-replica', storageClass: 'DEEP_ARCHIVE' },
    metrics: true,
    ...over,
  });
}

export function bucketAttrs(over: Partial<S3BucketAttrs> = {}): S3BucketAttrs {
  return {
    region: 'eu-west-1',
    versioning: 'Enabled',
    lifecycle: [lifecycleRule()],
    replication: {
      role: `arn:aws:iam::${ACCOUNT}:role/s3crr`,
      rules: [replicationRule()],
    },
    ...over,
  };
}

export function policy(...statements: Record<string, unknown>[]): PolicyDocument {
  return canonicalPolicy({ Version: '2012-10-17', Statement: statements });
}

export function backupRule(over: Partial<BackupRule> = {}): BackupRule {
  return baseBackupRule({
    copyActions: [
      {
        destinationVaultArn: `arn:aws:backup:eu-west-3:${ACCOUNT}:backup-vault:dr-vault`,
        lifecycle: { deleteAfterDays: 180 },
      },
    ],
    ...over,
  });
}

export function alarmAttrs(over: Partial<CloudWatchAlarmAttrs> = {}): CloudWatchAlarmAttrs {
  return {
    region: 'eu-west-1',
    actionsEnabled: true,
    alarmActions: [`arn:aws:sns:eu-west-1:${ACCOUNT}:alerts`],
    okActions: [],
    insufficientDataActions: [],
    comparisonOperator: 'GreaterThanThreshold',
    threshold: 900,
    evaluationPeriods: 1,
    treatMissingData: 'missing',
    metric: {
      metric: {
        namespace: 'AWS/S3',
        name: 'ReplicationLatency',
        dimensions: {
          SourceBucket: 'mne-media-prod',
          DestinationBucket: 'mne-media-replica',
          RuleId: 'paris-replica',
        },
      },
      period: 300,
      statistic: 'Maximum',
    },
    ...over,
  };
}
