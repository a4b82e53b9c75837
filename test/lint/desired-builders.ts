/**
 * Builders for desired states in lint, health and report tests: sensible defaults (the guide's
 * account and regions), override only what a test is about.
 */
import type {
  AttrsByKind,
  BackupCopyAction,
  BackupPlanAttrs,
  BackupRule,
  CloudWatchAlarmAttrs,
  EventsRuleAttrs,
  RdsInstanceAttrs,
  ReplicationRule,
  S3BucketAttrs,
  SnsTopicAttrs,
} from '../../src/model/attrs.js';
import type { PolicyDocument } from '../../src/model/policy.js';
import type { ResourceKind } from '../../src/model/resource.js';
import type { DesiredResource, DesiredState, RecoveryScenario } from '../../src/model/state.js';
import {
  ACCOUNT,
  backupRule as baseBackupRule,
  replicationRule as baseReplicationRule,
  type DesiredExtra,
  desiredResource,
  desiredStateOf,
  lifecycleRule,
} from '../support/builders/index.js';

export { ACCOUNT };

type Extra = DesiredExtra;

/** Any desired resource. */
export function resource<K extends ResourceKind>(
  kind: K,
  name: string,
  attrs: AttrsByKind[K],
  extra: Extra = {},
): DesiredResource<K> {
  const region = 'region' in attrs && kind !== 's3.bucket' ? (attrs as { region: string }).region : null;
  return desiredResource(kind, name, region, attrs, extra);
}

/** A desired state holding these resources (sorted by address, as the loader sorts them). */
export function desiredState(
  resources: readonly DesiredResource[],
  recovery: readonly RecoveryScenario[] = [],
): DesiredState {
  const regions = [
    ...new Set(resources.map((r) => (r.attrs as { region?: string }).region).filter((r): r is string => !!r)),
  ].sort();
  return desiredStateOf(resources, { regions, recovery });
}

export function bucket(name: string, attrs: Partial<S3BucketAttrs> = {}, extra: Extra = {}) {
  return resource('s3.bucket', name, { region: 'eu-west-1', ...attrs }, extra);
}

export { lifecycleRule };

export function replicationRule(over: Partial<ReplicationRule> = {}): ReplicationRule {
  return baseReplicationRule({
    destination: { bucket: 'arn:aws:s3:::replica', storageClass: 'STANDARD' },
    metrics: true,
    ...over,
  });
}

/** A bucket replicating to `dest` with one rule. */
export function replicated(
  name: string,
  dest: string,
  rule: Partial<ReplicationRule> = {},
  attrs: Partial<S3BucketAttrs> = {},
  extra: Extra = {},
) {
  return bucket(
    name,
    {
      versioning: 'Enabled',
      replication: {
        role: `arn:aws:iam::${ACCOUNT}:role/replication`,
        rules: [
          replicationRule({
            destination: { bucket: `arn:aws:s3:::${dest}`, storageClass: 'STANDARD' },
            ...rule,
          }),
        ],
      },
      ...attrs,
    },
    extra,
  );
}

export function topicArnOf(name: string, region = 'eu-west-1'): string {
  return `arn:aws:sns:${region}:${ACCOUNT}:${name}`;
}

export function topic(name: string, attrs: Partial<SnsTopicAttrs> = {}, extra: Extra = {}) {
  return resource('sns.topic', name, { region: 'eu-west-1', ...attrs }, extra);
}

/** A topic policy letting EventBridge publish to the topic. */
export function eventsPublishPolicy(arn: string): PolicyDocument {
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Action: ['sns:Publish'],
        Condition: { StringEquals: { 'aws:SourceAccount': [ACCOUNT] } },
        Effect: 'Allow',
        Principal: { Service: ['events.amazonaws.com'] },
        Resource: [arn],
        Sid: 'AllowEventBridgePublish',
      },
    ],
  };
}

export function eventsRule(name: string, attrs: Partial<EventsRuleAttrs> = {}, extra: Extra = {}) {
  return resource(
    'events.rule',
    name,
    {
      region: 'eu-west-1',
      eventPattern: { source: ['aws.backup'], 'detail-type': ['Backup Job State Change'] },
      state: 'ENABLED',
      ...attrs,
    },
    extra,
  );
}

/** A plain single-metric alarm on an S3 metric. */
export function s3Alarm(
  name: string,
  metricName: string,
  dimensions: Record<string, string>,
  attrs: Partial<CloudWatchAlarmAttrs> = {},
  extra: Extra = {},
) {
  return resource(
    'cloudwatch.alarm',
    name,
    {
      region: 'eu-west-1',
      comparisonOperator: 'GreaterThanThreshold',
      threshold: 900,
      evaluationPeriods: 2,
      treatMissingData: 'notBreaching',
      alarmActions: [topicArnOf('alerts')],
      metric: {
        metric: { namespace: 'AWS/S3', name: metricName, dimensions },
        period: 300,
        statistic: 'Maximum',
      },
      ...attrs,
    },
    extra,
  );
}

/** The guide's object-count anomaly alarm (metric math) on a bucket. */
export function objectCountAnomalyAlarm(
  name: string,
  bucketName: string,
  region: string,
  actionRegion = region,
) {
  return resource('cloudwatch.alarm', name, {
    region,
    comparisonOperator: 'LessThanLowerThreshold',
    thresholdMetricId: 'ad1',
    evaluationPeriods: 1,
    treatMissingData: 'notBreaching',
    alarmActions: [topicArnOf('alerts', actionRegion)],
    metrics: [
      { id: 'ad1', expression: 'ANOMALY_DETECTION_BAND(m1, 2)', returnData: true },
      {
        id: 'm1',
        returnData: true,
        metricStat: {
          metric: {
            namespace: 'AWS/S3',
            name: 'NumberOfObjects',
            dimensions: { BucketName: bucketName, StorageType: 'AllStorageTypes' },
          },
          period: 86400,
          stat: 'Average',
        },
      },
    ],
  });
}

export function backupRule(over: Partial<BackupRule> = {}): BackupRule {
  return baseBackupRule({ targetVault: 'primary-vault', ...over });
}

/** A copy action; `deleteAfterDays: null` = no lifecycle (copies kept forever). */
export function copyAction(
  vault = 'dr-vault',
  region = 'eu-west-3',
  deleteAfterDays: number | null = 180,
): BackupCopyAction {
  return {
    destinationVaultArn: `arn:aws:backup:${region}:${ACCOUNT}:backup-vault:${vault}`,
    lifecycle: deleteAfterDays === null ? {} : { deleteAfterDays },
  };
}

export function backupPlan(
  name: string,
  rules: readonly BackupRule[],
  attrs: Partial<BackupPlanAttrs> = {},
  extra: Extra = {},
) {
  return resource('backup.plan', name, { region: 'eu-west-1', rules, ...attrs }, extra);
}

export function backupVault(name: string, region = 'eu-west-1') {
  return resource('backup.vault', name, { region });
}

export function backupSelection(
  plan: string,
  selectionName: string,
  resources: readonly string[],
  region = 'eu-west-1',
) {
  return resource('backup.selection', `${plan}/${selectionName}`, {
    region,
    plan,
    selectionName,
    iamRoleArn: `arn:aws:iam::${ACCOUNT}:role/service-role/AWSBackupDefaultServiceRole`,
    resources,
  });
}

export function rdsInstance(name: string, attrs: Partial<RdsInstanceAttrs> = {}, extra: Extra = {}) {
  return resource('rds.instance', name, { region: 'eu-west-1', backupRetentionPeriod: 35, ...attrs }, extra);
}

export function rdsArn(name: string, region = 'eu-west-1'): string {
  return `arn:aws:rds:${region}:${ACCOUNT}:db:${name}`;
}

export function scenario(
  name: string,
  rpoMinutes: number,
  resources: readonly string[],
  rtoMinutes = 60,
): RecoveryScenario {
  return { name, rpoMinutes, rtoMinutes, resources: [...resources].sort() };
}
