/**
 * Builders of LIVE attributes in the exact form the adapters produce them (every readable field
 * filled, AWS defaults explicit, lists sorted), for the import writer's tests. Defaults describe a
 * small backup setup in account 828879644785; tests override only what they are about.
 */

import { roleArn as arnOfRole, topicArn as arnOfTopic, vaultArn as arnOfVault } from '../../src/model/arn.js';
import type {
  AttrsByKind,
  BackupPlanAttrs,
  BackupRule,
  BackupSelectionAttrs,
  BackupVaultAttrs,
  CloudWatchAlarmAttrs,
  EventsRuleAttrs,
  IamRoleAttrs,
  LifecycleRule,
  RdsInstanceAttrs,
  ReplicationRule,
  S3BucketAttrs,
  SnsTopicAttrs,
} from '../../src/model/attrs.js';
import { canonicalPolicy } from '../../src/model/policy.js';
import {
  addressOf,
  GLOBAL_KINDS,
  type ResourceAddress,
  type ResourceKind,
} from '../../src/model/resource.js';
import { fingerprintSecret, redactEndpoint } from '../../src/model/secrets.js';
import type { LiveState, Observation } from '../../src/model/state.js';
import { ACCOUNT, backupRule, lifecycleRule, replicationRule } from '../support/builders/index.js';

export { ACCOUNT };
export const CAPTURED_AT = '2026-01-02T03:04:05.000Z';

export const roleArn = (name: string, path = '/') => arnOfRole(ACCOUNT, name, path);
export const topicArn = (region: string, name: string) => arnOfTopic(ACCOUNT, region, name);
export const vaultArn = (region: string, name: string) => arnOfVault(ACCOUNT, region, name);

/** One observed resource: kind, AWS name, region (null for global kinds) and its observation. */
export interface Entry {
  readonly address: ResourceAddress;
  readonly observation: Observation;
}

/** A present resource. */
export function found<K extends ResourceKind>(
  kind: K,
  name: string,
  attrs: AttrsByKind[K],
  region?: string,
): Entry {
  const r = GLOBAL_KINDS.has(kind) ? null : (region ?? (attrs as { region?: string }).region ?? 'eu-west-1');
  return { address: addressOf(kind, name, r), observation: { status: 'present', attrs } };
}

/** An unreadable resource. */
export function unreadableEntry(address: ResourceAddress, reason: string): Entry {
  return { address, observation: { status: 'unreadable', reason, code: 'AccessDenied' } };
}

/** A live state read from AWS (or, with `endpoint`, from an emulator). */
export function liveOf(entries: readonly Entry[], endpoint?: string): LiveState {
  const resources: Record<ResourceAddress, Observation> = {};
  for (const e of [...entries].sort((a, b) => (a.address < b.address ? -1 : 1)))
    resources[e.address] = e.observation;
  return {
    formatVersion: 1,
    account: ACCOUNT,
    capturedAt: CAPTURED_AT,
    source: { kind: 'aws', ...(endpoint ? { endpoint } : {}) },
    resources,
  };
}

export function liveLifecycleRule(over: Partial<LifecycleRule> = {}): LifecycleRule {
  return lifecycleRule({
    id: 'noncurrent-35d',
    noncurrentVersionExpiration: { noncurrentDays: 35 },
    ...over,
  });
}

export function liveReplicationRule(over: Partial<ReplicationRule> = {}): ReplicationRule {
  return replicationRule({
    id: 'paris-replica',
    destination: { bucket: 'arn:aws:s3:::media-replica', storageClass: 'STANDARD' },
    ...over,
  });
}

export function liveBucket(over: Partial<S3BucketAttrs> = {}): S3BucketAttrs {
  return {
    region: 'eu-west-1',
    versioning: 'Enabled',
    lifecycle: [liveLifecycleRule()],
    replication: null,
    objectLock: null,
    inventory: [],
    tags: {},
    ...over,
  };
}

export const TRUST_S3 = canonicalPolicy({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { Service: 's3.amazonaws.com' }, Action: 'sts:AssumeRole' }],
});

export function liveRole(over: Partial<IamRoleAttrs> = {}): IamRoleAttrs {
  return {
    path: '/',
    description: '',
    assumeRolePolicy: TRUST_S3,
    inlinePolicies: {},
    managedPolicyArns: [],
    maxSessionDuration: 3600,
    tags: {},
    ...over,
  };
}

export function liveDb(over: Partial<RdsInstanceAttrs> = {}): RdsInstanceAttrs {
  return {
    region: 'eu-west-1',
    backupRetentionPeriod: 35,
    preferredBackupWindow: '02:00-03:00',
    copyTagsToSnapshot: true,
    preferredMaintenanceWindow: 'sun:04:00-sun:04:30',
    engine: 'postgres',
    engineVersion: '16.8',
    ...over,
  };
}

export function liveVault(over: Partial<BackupVaultAttrs> = {}): BackupVaultAttrs {
  return { region: 'eu-west-1', lock: null, tags: {}, ...over };
}

export function liveBackupRule(over: Partial<BackupRule> = {}): BackupRule {
  return backupRule({
    name: 'daily',
    schedule: 'cron(0 5 ? * * *)',
    lifecycle: { deleteAfterDays: 35 },
    ...over,
  });
}

export function livePlan(over: Partial<BackupPlanAttrs> = {}): BackupPlanAttrs {
  return { region: 'eu-west-1', rules: [liveBackupRule()], tags: {}, ...over };
}

export function liveSelection(over: Partial<BackupSelectionAttrs> = {}): BackupSelectionAttrs {
  return {
    region: 'eu-west-1',
    plan: 'daily-plan',
    selectionName: 'databases',
    iamRoleArn: roleArn('backup-role', '/service-role/'),
    resources: [],
    notResources: [],
    tagConditions: [],
    ...over,
  };
}

/** A live https subscription as the SNS adapter reads it: redacted display form plus fingerprint. */
export function liveHttps(url: string) {
  return { protocol: 'https', endpoint: redactEndpoint(url), endpointSha256: fingerprintSecret(url) };
}

export function liveTopic(over: Partial<SnsTopicAttrs> = {}): SnsTopicAttrs {
  return {
    region: 'eu-west-1',
    displayName: '',
    policy: null,
    subscriptions: [{ protocol: 'email', endpoint: 'ops@example.com' }],
    tags: {},
    ...over,
  };
}

export function liveEventRule(over: Partial<EventsRuleAttrs> = {}): EventsRuleAttrs {
  return {
    region: 'eu-west-1',
    eventBusName: 'default',
    description: '',
    eventPattern: { 'detail-type': ['Backup Job State Change'], source: ['aws.backup'] },
    state: 'ENABLED',
    targets: [{ id: '1', arn: topicArn('eu-west-1', 'alerts') }],
    ...over,
  };
}

export function liveAlarm(over: Partial<CloudWatchAlarmAttrs> = {}): CloudWatchAlarmAttrs {
  return {
    region: 'eu-west-1',
    description: '',
    actionsEnabled: true,
    alarmActions: [topicArn('eu-west-1', 'alerts')],
    okActions: [],
    insufficientDataActions: [],
    comparisonOperator: 'GreaterThanThreshold',
    threshold: 900,
    evaluationPeriods: 2,
    datapointsToAlarm: 2,
    treatMissingData: 'missing',
    metric: {
      metric: {
        namespace: 'AWS/S3',
        name: 'ReplicationLatency',
        dimensions: { DestinationBucket: 'media-replica', RuleId: 'paris-replica', SourceBucket: 'media' },
      },
      period: 300,
      statistic: 'Maximum',
    },
    ...over,
  };
}
