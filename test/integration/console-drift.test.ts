/**
 * Drift made by hand in the console, end to end against the strict emulator: the repository's backup-spec.yaml is
 * applied onto the guide's starting state, then one hand change at a time (through the SDK, the calls
 * the console makes) must show in the plan as exactly that drift (address, field path, before -> after,
 * risk and its note), an apply must fix it, a re-plan must be empty and a second apply must make zero
 * writes. Console-style equivalents of what the spec says must show no drift at all.
 *
 * It runs against the strict emulator, which holds the whole spec (the AWS Backup plan's updates and
 * its selection, the inventory's IncludedObjectVersions), so every declared resource is part of it.
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  DeleteBackupSelectionCommand,
  GetBackupPlanCommand,
  ListBackupPlansCommand,
  ListBackupSelectionsCommand,
  UpdateBackupPlanCommand,
} from '@aws-sdk/client-backup';
import {
  DeleteAlarmsCommand,
  DescribeAlarmsCommand,
  PutMetricAlarmCommand,
  type PutMetricAlarmCommandInput,
} from '@aws-sdk/client-cloudwatch';
import {
  DisableRuleCommand,
  PutRuleCommand,
  PutTargetsCommand,
  RemoveTargetsCommand,
} from '@aws-sdk/client-eventbridge';
import {
  AttachRolePolicyCommand,
  PutRolePolicyCommand,
  UpdateAssumeRolePolicyCommand,
} from '@aws-sdk/client-iam';
import { ModifyDBInstanceCommand } from '@aws-sdk/client-rds';
import {
  DeleteBucketReplicationCommand,
  GetBucketReplicationCommand,
  PutBucketInventoryConfigurationCommand,
  PutBucketLifecycleConfigurationCommand,
  PutBucketReplicationCommand,
  PutBucketTaggingCommand,
  PutBucketVersioningCommand,
} from '@aws-sdk/client-s3';
import {
  ListSubscriptionsByTopicCommand,
  SetTopicAttributesCommand,
  UnsubscribeCommand,
} from '@aws-sdk/client-sns';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ClientPool } from '../../src/adapters/aws-config.js';
import { readLive } from '../../src/adapters/read-live.js';
import { loadSpecFile } from '../../src/cli/spec-file.js';
import { executePlan } from '../../src/executor/execute-plan.js';
import type { Change, Plan } from '../../src/model/plan.js';
import type { DesiredState } from '../../src/model/state.js';
import { planChanges } from '../../src/planner/index.js';
import { CREATED_AT } from '../planner/builders.js';
import { RequestRecorder } from '../support/faults.js';
import {
  ACCOUNT,
  advanceEmulatorClock,
  motoAwsOptions,
  useMoto,
  withoutEmulatorDelays,
} from '../support/moto.js';
import { seedGuideBefore } from '../support/seed-guide-before.js';

useMoto();

const WEBHOOK = 'https://hooks.example.com/services/T0CONSOLE/B0CONSOLE/consoleS3cret';
const SELECTION = 'backup.selection/eu-west-1/eks-mnemonica-6h-snapshots-180d/eks-mnemonica-prod-rds';
const BACKUP_PLAN = 'backup.plan/eu-west-1/eks-mnemonica-6h-snapshots-180d';
const MEDIA_REPLICA = 's3.bucket/mne-media-replica';
const TOPIC_ARN = `arn:aws:sns:eu-west-1:${ACCOUNT}:mnemonica-backup-alerts`;
const LAG_ALARM = 'mnemonica-media-replication-lag';
/** The lag alarm lives with its metric, in the replica's region, and notifies that region's topic. */
const LAG_REGION = 'eu-west-3';
const LAG_TOPIC_ARN = `arn:aws:sns:${LAG_REGION}:${ACCOUNT}:mnemonica-backup-alerts-dr`;
const RULE = 'mnemonica-backup-job-failures';

/** The lag alarm as backup-spec.yaml declares it, in PutMetricAlarm form (what the console sends). */
const LAG_ALARM_INPUT: PutMetricAlarmCommandInput = {
  AlarmName: LAG_ALARM,
  AlarmDescription: 'Alert when media bucket replication takes more than 15 minutes',
  Namespace: 'AWS/S3',
  MetricName: 'ReplicationLatency',
  Dimensions: [
    { Name: 'SourceBucket', Value: 'mne-media-prod' },
    { Name: 'DestinationBucket', Value: 'mne-media-replica' },
    { Name: 'RuleId', Value: 'paris-replica' },
  ],
  Statistic: 'Maximum',
  Period: 300,
  EvaluationPeriods: 2,
  Threshold: 900,
  ComparisonOperator: 'GreaterThanThreshold',
  TreatMissingData: 'notBreaching',
  AlarmActions: [LAG_TOPIC_ARN],
};

const noncurrentRule = (days: number, filter: object) => ({
  ID: 'noncurrent-version-retention',
  Status: 'Enabled' as const,
  ...filter,
  NoncurrentVersionExpiration: { NoncurrentDays: days },
});

let desired: DesiredState;
const pool = new ClientPool(motoAwsOptions({ maxAttempts: 3 }));
afterAll(() => pool.destroy());

async function plan(): Promise<Plan> {
  return planChanges(desired, await readLive(desired, pool), { createdAt: CREATED_AT });
}

/** The live state and the plan made from it. */
async function livePlan(from: ClientPool) {
  const live = await readLive(desired, from);
  return { live, plan: planChanges(desired, live, { createdAt: CREATED_AT }) };
}

/** The plan's changes (no-ops left out). */
async function drift(): Promise<Change[]> {
  return (await plan()).changes.filter((c) => c.action !== 'no-op');
}

/**
 * `reconcile --apply --yes --allow-destructive`, then a re-plan and a second apply: the re-plan must
 * be empty and the second apply must not write.
 */
async function expectApplyConverges(): Promise<void> {
  const first = await livePlan(pool);
  const backupRoot = join(await mkdtemp(join(tmpdir(), 'reconcile-console-')), 'backups');
  const result = await executePlan(first.plan, desired, first.live, {
    pool,
    allowDestructive: true,
    backupRoot,
  });
  expect(result.steps.filter((s) => s.outcome !== 'applied')).toEqual([]);
  expect(await drift()).toEqual([]);
  const recorder = new RequestRecorder();
  const recordingPool = new ClientPool(motoAwsOptions({ onClient: recorder.onClient }));
  try {
    const again = await livePlan(recordingPool);
    const second = await executePlan(again.plan, desired, again.live, {
      pool: recordingPool,
      allowDestructive: true,
      backupRoot,
    });
    expect(second.mutations).toBe(0);
    expect(recorder.mutating()).toEqual([]);
  } finally {
    recordingPool.destroy();
  }
}

/** The one change a hand edit must cause, without the attributes it carries for renderers. */
function summary(c: Change) {
  return {
    address: c.address,
    action: c.action,
    risk: c.risk,
    riskNotes: c.riskNotes,
    fieldDiffs: c.fieldDiffs,
  };
}

beforeAll(async () => {
  await withoutEmulatorDelays(() => seedGuideBefore(pool));
  // Without the spec document: these field diffs are compared whole, without their spec lines
  // (test/cli/plan-spec-words.test.ts covers those).
  const { specSource: _lines, ...spec } = await loadSpecFile('backup-spec.yaml', {
    MNEMONICA_ALERTS_WEBHOOK_URL: WEBHOOK,
  });
  desired = spec;
  await expectApplyConverges();
});

// A change made by hand in the console comes long after the last apply: the AWS-like propagation
// delays of that apply's writes (versioning, IAM) have passed (emulator clock, no sleeping).
beforeEach(async () => {
  await advanceEmulatorClock(120);
});

describe('drift made by hand in the console (strict emulator)', () => {
  it('GIVEN versioning suspended by hand WHEN planned THEN exactly that drift shows, and apply re-enables it', async () => {
    await pool.get('s3', 'eu-west-1').send(
      new PutBucketVersioningCommand({
        Bucket: 'mne-media-prod',
        VersioningConfiguration: { Status: 'Suspended' },
      }),
    );
    expect((await drift()).map(summary)).toEqual([
      {
        address: 's3.bucket/mne-media-prod',
        action: 'update',
        risk: 'low',
        riskNotes: [],
        fieldDiffs: [
          { path: '/versioning', before: 'Suspended', after: 'Enabled', forcesReplacement: false },
        ],
      },
    ]);
    await expectApplyConverges();
  });

  it('GIVEN the noncurrent retention raised to 90 days by hand WHEN planned THEN going back to 35 is high risk, with its note', async () => {
    await pool.get('s3', 'eu-west-1').send(
      new PutBucketLifecycleConfigurationCommand({
        Bucket: 'mne-media-prod',
        LifecycleConfiguration: { Rules: [noncurrentRule(90, { Filter: { Prefix: '' } })] },
      }),
    );
    expect((await drift()).map(summary)).toEqual([
      {
        address: 's3.bucket/mne-media-prod',
        action: 'update',
        risk: 'high',
        riskNotes: ['noncurrent retention 90 -> 35 days: versions older than 35 days become unrecoverable'],
        fieldDiffs: [
          {
            path: '/lifecycle/noncurrent-version-retention/noncurrentVersionExpiration/noncurrentDays',
            before: 90,
            after: 35,
            forcesReplacement: false,
          },
        ],
      },
    ]);
    await expectApplyConverges();
  });

  it('GIVEN the replication configuration deleted by hand WHEN planned THEN it is put back', async () => {
    await pool.get('s3', 'eu-west-1').send(new DeleteBucketReplicationCommand({ Bucket: 'mne-vault-prod' }));
    const [change, ...others] = await drift();
    expect(others).toEqual([]);
    expect(change?.address).toBe('s3.bucket/mne-vault-prod');
    expect(change?.fieldDiffs.map((d) => [d.path, d.before])).toEqual([['/replication', null]]);
    await expectApplyConverges();
  });

  it('GIVEN replication metrics turned off by hand WHEN planned THEN the rule field shows, and apply turns them on', async () => {
    const s3 = pool.get('s3', 'eu-west-1');
    const { ReplicationConfiguration: config } = await s3.send(
      new GetBucketReplicationCommand({ Bucket: 'mne-media-prod' }),
    );
    const rules = (config?.Rules ?? []).map((r) => ({
      ...r,
      Destination: { ...r.Destination, Bucket: r.Destination?.Bucket ?? '', Metrics: undefined },
    }));
    await s3.send(
      new PutBucketReplicationCommand({
        Bucket: 'mne-media-prod',
        ReplicationConfiguration: { Role: config?.Role ?? '', Rules: rules },
      }),
    );
    expect((await drift()).map((c) => [c.address, c.fieldDiffs])).toEqual([
      [
        's3.bucket/mne-media-prod',
        [
          {
            path: '/replication/rules/paris-replica/metrics',
            before: false,
            after: true,
            forcesReplacement: false,
          },
        ],
      ],
    ]);
    await expectApplyConverges();
  });

  it('GIVEN an extra managed policy, an extra inline policy and a broader trust policy added by hand WHEN planned THEN each shows on its role and apply removes them', async () => {
    const iam = pool.get('iam');
    await iam.send(
      new AttachRolePolicyCommand({
        RoleName: 'AWSBackupDefaultServiceRole',
        PolicyArn: 'arn:aws:iam::aws:policy/AmazonS3FullAccess',
      }),
    );
    await iam.send(
      new UpdateAssumeRolePolicyCommand({
        RoleName: 'AWSBackupDefaultServiceRole',
        PolicyDocument: JSON.stringify({
          Version: '2012-10-17',
          Statement: [
            {
              Effect: 'Allow',
              Principal: { Service: 'backup.amazonaws.com', AWS: 'arn:aws:iam::111122223333:root' },
              Action: 'sts:AssumeRole',
            },
          ],
        }),
      }),
    );
    await iam.send(
      new PutRolePolicyCommand({
        RoleName: 'eks-mnemonica-prod-s3-role',
        PolicyName: 'console-extra',
        PolicyDocument: JSON.stringify({
          Version: '2012-10-17',
          Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: '*' }],
        }),
      }),
    );
    const changes = await drift();
    expect(changes.map((c) => [c.address, c.fieldDiffs.map((d) => d.path)])).toEqual([
      ['iam.role/AWSBackupDefaultServiceRole', ['/assumeRolePolicy', '/managedPolicyArns']],
      ['iam.role/eks-mnemonica-prod-s3-role', ['/inlinePolicies/console-extra']],
    ]);
    // Taking permissions away never broadens them.
    expect(changes.map((c) => c.risk)).toEqual(['low', 'low']);
    await expectApplyConverges();
  });

  it('GIVEN the RDS backup retention and window changed by hand WHEN planned THEN both fields show and apply restores them', async () => {
    await pool.get('rds', 'eu-west-1').send(
      new ModifyDBInstanceCommand({
        DBInstanceIdentifier: 'eks-mnemonica-prod',
        BackupRetentionPeriod: 7,
        PreferredBackupWindow: '05:00-05:30',
        ApplyImmediately: true,
      }),
    );
    expect((await drift()).map((c) => [c.address, c.fieldDiffs])).toEqual([
      [
        'rds.instance/eu-west-1/eks-mnemonica-prod',
        [
          { path: '/backupRetentionPeriod', before: 7, after: 35, forcesReplacement: false },
          {
            path: '/preferredBackupWindow',
            before: '05:00-05:30',
            after: '02:00-03:00',
            forcesReplacement: false,
          },
        ],
      ],
    ]);
    await expectApplyConverges();
  });

  it('GIVEN an alarm edited by hand (threshold, period, actions, missing data) and another deleted WHEN planned THEN the edits are medium risk with a note each and the deleted one is created again', async () => {
    await pool.get('cloudwatch', LAG_REGION).send(
      new PutMetricAlarmCommand({
        ...LAG_ALARM_INPUT,
        Threshold: 900000,
        Period: 600,
        TreatMissingData: 'missing',
        AlarmActions: [],
      }),
    );
    await pool
      .get('cloudwatch', 'eu-west-1')
      .send(new DeleteAlarmsCommand({ AlarmNames: ['mnemonica-vault-replication-failures'] }));
    const changes = await drift();
    // Sorted by address: the eu-west-1 failure alarm, then the lag alarm of eu-west-3.
    expect(changes.map(summary)).toEqual([
      {
        address: 'cloudwatch.alarm/eu-west-1/mnemonica-vault-replication-failures',
        action: 'create',
        risk: 'low',
        riskNotes: [],
        fieldDiffs: [],
      },
      {
        address: `cloudwatch.alarm/${LAG_REGION}/${LAG_ALARM}`,
        action: 'update',
        risk: 'medium',
        riskNotes: [
          'alarm threshold 900000 -> 900',
          'alarm treatMissingData missing -> notBreaching',
          'alarm period 600 -> 300 seconds',
          'alarm alarmActions changed',
        ],
        fieldDiffs: [
          { path: '/alarmActions', before: [], after: [LAG_TOPIC_ARN], forcesReplacement: false },
          { path: '/metric/period', before: 600, after: 300, forcesReplacement: false },
          { path: '/threshold', before: 900000, after: 900, forcesReplacement: false },
          { path: '/treatMissingData', before: 'missing', after: 'notBreaching', forcesReplacement: false },
        ],
      },
    ]);
    await expectApplyConverges();
  });

  it('GIVEN the EventBridge rule disabled, its pattern narrowed and its target removed by hand WHEN planned THEN each shows and apply restores the rule', async () => {
    const events = pool.get('events', 'eu-west-1');
    await events.send(
      new PutRuleCommand({
        Name: RULE,
        Description: 'Alert on AWS Backup job failures',
        EventPattern: JSON.stringify({
          source: ['aws.backup'],
          'detail-type': ['Backup Job State Change'],
          detail: { state: ['FAILED'] },
        }),
      }),
    );
    await events.send(new DisableRuleCommand({ Name: RULE }));
    await events.send(new RemoveTargetsCommand({ Rule: RULE, Ids: ['1'] }));
    expect((await drift()).map((c) => [c.address, c.fieldDiffs.map((d) => d.path)])).toEqual([
      [`events.rule/eu-west-1/${RULE}`, ['/eventPattern/detail/state', '/state', '/targets/1']],
    ]);
    await expectApplyConverges();
  });

  it('GIVEN a target whose input was customised by hand (constant Input, then an InputTransformer) WHEN planned THEN it is drift and apply converges (it used to report "unchanged" forever)', async () => {
    const events = pool.get('events', 'eu-west-1');
    const target = { Id: '1', Arn: TOPIC_ARN };
    await events.send(
      new PutTargetsCommand({ Rule: RULE, Targets: [{ ...target, Input: '{"hello":"world"}' }] }),
    );
    expect((await drift()).map((c) => [c.address, c.fieldDiffs])).toEqual([
      [
        `events.rule/eu-west-1/${RULE}`,
        [
          {
            path: '/targets/1/input',
            before: '{"hello":"world"}',
            after: undefined,
            forcesReplacement: false,
          },
        ],
      ],
    ]);
    await expectApplyConverges();

    await events.send(
      new PutTargetsCommand({
        Rule: RULE,
        Targets: [
          {
            ...target,
            InputTransformer: { InputPathsMap: { s: '$.detail.state' }, InputTemplate: '"backup job <s>"' },
          },
        ],
      }),
    );
    expect((await drift()).flatMap((c) => c.fieldDiffs.map((d) => d.path))).toEqual([
      '/targets/1/inputTransformer',
    ]);
    await expectApplyConverges();
  });

  it('GIVEN the webhook subscription deleted and the topic policy replaced with the default by hand WHEN planned THEN the subscription is re-created (secret never shown) and the policy put back', async () => {
    const sns = pool.get('sns', 'eu-west-1');
    const { Subscriptions: subs } = await sns.send(
      new ListSubscriptionsByTopicCommand({ TopicArn: TOPIC_ARN }),
    );
    const webhook = (subs ?? []).find((s) => s.Protocol === 'https');
    await sns.send(new UnsubscribeCommand({ SubscriptionArn: webhook?.SubscriptionArn ?? '' }));
    await sns.send(
      new SetTopicAttributesCommand({
        TopicArn: TOPIC_ARN,
        AttributeName: 'Policy',
        AttributeValue: JSON.stringify({
          Version: '2008-10-17',
          Id: '__default_policy_ID',
          Statement: [
            {
              Sid: '__default_statement_ID',
              Effect: 'Allow',
              Principal: { AWS: '*' },
              Action: [
                'SNS:GetTopicAttributes',
                'SNS:SetTopicAttributes',
                'SNS:AddPermission',
                'SNS:RemovePermission',
                'SNS:DeleteTopic',
                'SNS:Subscribe',
                'SNS:ListSubscriptionsByTopic',
                'SNS:Publish',
              ],
              Resource: TOPIC_ARN,
              Condition: { StringEquals: { 'AWS:SourceOwner': ACCOUNT } },
            },
          ],
        }),
      }),
    );
    const changes = await drift();
    expect(changes.map((c) => [c.address, c.risk, c.fieldDiffs.map((d) => [d.path, d.before])])).toEqual([
      [
        'sns.topic/eu-west-1/mnemonica-backup-alerts',
        'medium',
        [
          ['/policy', null],
          ['/subscriptions/https:https:~1~1hooks.example.com~1***', undefined],
        ],
      ],
    ]);
    expect(JSON.stringify(changes)).not.toContain('consoleS3cret');
    await expectApplyConverges();
  });

  it('GIVEN the backup rule retention shortened by hand WHEN planned THEN that rule field shows, and apply puts it back with UpdateBackupPlan', async () => {
    const backup = pool.get('backup', 'eu-west-1');
    const planId = (await backup.send(new ListBackupPlansCommand({}))).BackupPlansList?.find(
      (p) => p.BackupPlanName === 'eks-mnemonica-6h-snapshots-180d',
    )?.BackupPlanId;
    const current = await backup.send(new GetBackupPlanCommand({ BackupPlanId: planId }));
    const rules = (current.BackupPlan?.Rules ?? []).map(({ RuleId: _id, ...r }) => ({
      ...r,
      RuleName: r.RuleName ?? '',
      TargetBackupVaultName: r.TargetBackupVaultName ?? '',
      Lifecycle: { ...r.Lifecycle, DeleteAfterDays: 90 },
    }));
    await backup.send(
      new UpdateBackupPlanCommand({
        BackupPlanId: planId,
        BackupPlan: { BackupPlanName: 'eks-mnemonica-6h-snapshots-180d', Rules: rules },
      }),
    );
    const changes = await drift();
    expect(changes.map((c) => [c.address, c.action])).toEqual([[BACKUP_PLAN, 'update']]);
    expect(changes[0]?.fieldDiffs.map((d) => [d.path, d.before, d.after])).toEqual([
      ['/rules/6-Hour-Snapshots-180-Day-Retention-DR-Copy/lifecycle/deleteAfterDays', 90, 180],
    ]);
    await expectApplyConverges();
  });

  it('GIVEN the backup selection deleted by hand WHEN planned THEN it is created again, and the plan keeps selecting the database', async () => {
    const backup = pool.get('backup', 'eu-west-1');
    const planId = (await backup.send(new ListBackupPlansCommand({}))).BackupPlansList?.find(
      (p) => p.BackupPlanName === 'eks-mnemonica-6h-snapshots-180d',
    )?.BackupPlanId;
    const selections = await backup.send(new ListBackupSelectionsCommand({ BackupPlanId: planId }));
    for (const sel of selections.BackupSelectionsList ?? [])
      await backup.send(
        new DeleteBackupSelectionCommand({ BackupPlanId: planId, SelectionId: sel.SelectionId }),
      );
    expect((await drift()).map((c) => [c.address, c.action])).toEqual([[SELECTION, 'create']]);
    await expectApplyConverges();
    const after = await backup.send(new ListBackupSelectionsCommand({ BackupPlanId: planId }));
    expect(after.BackupSelectionsList?.map((x) => x.SelectionName)).toEqual(['eks-mnemonica-prod-rds']);
  });

  it('GIVEN the replica inventory switched to all versions by hand WHEN planned THEN exactly that field shows, and apply puts Current back', async () => {
    await pool.get('s3', 'eu-west-3').send(
      new PutBucketInventoryConfigurationCommand({
        Bucket: 'mne-media-replica',
        Id: 'mnemonica-replica-inventory',
        InventoryConfiguration: {
          Id: 'mnemonica-replica-inventory',
          IsEnabled: true,
          IncludedObjectVersions: 'All',
          Schedule: { Frequency: 'Daily' },
          Destination: {
            S3BucketDestination: {
              AccountId: ACCOUNT,
              Bucket: 'arn:aws:s3:::mne-media-replica',
              Format: 'CSV',
              Prefix: 'inventory/',
            },
          },
        },
      }),
    );
    const changes = await drift();
    expect(changes.map((c) => [c.address, c.action])).toEqual([[MEDIA_REPLICA, 'update']]);
    expect(changes[0]?.fieldDiffs).toEqual([
      {
        path: '/inventory/mnemonica-replica-inventory/includedObjectVersions',
        before: 'All',
        after: 'Current',
        forcesReplacement: false,
      },
    ]);
    await expectApplyConverges();
  });

  it('GIVEN console-style equivalents of what the spec says WHEN planned THEN nothing shows', async () => {
    const s3 = pool.get('s3', 'eu-west-1');
    // Lifecycle filters the console writes three ways: {Prefix: ""}, {} and the legacy top-level Prefix.
    for (const filter of [{ Filter: { Prefix: '' } }, { Filter: {} }, { Prefix: '' }]) {
      await s3.send(
        new PutBucketLifecycleConfigurationCommand({
          Bucket: 'mne-media-prod',
          LifecycleConfiguration: { Rules: [noncurrentRule(35, filter)] },
        }),
      );
      expect(await drift(), JSON.stringify(filter)).toEqual([]);
    }
    // A policy with its statements and keys reordered, one-element lists instead of strings.
    await pool.get('iam').send(
      new UpdateAssumeRolePolicyCommand({
        RoleName: 'AWSBackupDefaultServiceRole',
        PolicyDocument: JSON.stringify({
          Statement: [
            { Action: ['sts:AssumeRole'], Principal: { Service: ['backup.amazonaws.com'] }, Effect: 'Allow' },
          ],
          Version: '2012-10-17',
        }),
      }),
    );
    await pool.get('sns', 'eu-west-1').send(
      new SetTopicAttributesCommand({
        TopicArn: TOPIC_ARN,
        AttributeName: 'Policy',
        AttributeValue: JSON.stringify({
          Version: '2012-10-17',
          Statement: [
            {
              Sid: 'AllowEventBridgePublish',
              Effect: 'Allow',
              Principal: { Service: ['events.amazonaws.com'] },
              Action: ['sns:Publish'],
              Resource: [TOPIC_ARN],
            },
            {
              Sid: 'AccountOwnerAccess',
              Effect: 'Allow',
              Principal: { AWS: '*' },
              Action: [
                'SNS:Publish',
                'SNS:Subscribe',
                'SNS:GetTopicAttributes',
                'SNS:SetTopicAttributes',
                'SNS:AddPermission',
                'SNS:RemovePermission',
                'SNS:DeleteTopic',
                'SNS:ListSubscriptionsByTopic',
              ],
              Resource: TOPIC_ARN,
              Condition: { StringEquals: { 'AWS:SourceOwner': [ACCOUNT] } },
            },
          ],
        }),
      }),
    );
    // DatapointsToAlarm written explicitly as EvaluationPeriods (the console does).
    await pool
      .get('cloudwatch', LAG_REGION)
      .send(new PutMetricAlarmCommand({ ...LAG_ALARM_INPUT, DatapointsToAlarm: 2 }));
    const { MetricAlarms } = await pool
      .get('cloudwatch', LAG_REGION)
      .send(new DescribeAlarmsCommand({ AlarmNames: [LAG_ALARM] }));
    expect(MetricAlarms?.[0]?.DatapointsToAlarm).toBe(2);
    // The event pattern with its keys and match values in another order.
    await pool.get('events', 'eu-west-1').send(
      new PutRuleCommand({
        Name: RULE,
        Description: 'Alert on AWS Backup job failures',
        State: 'ENABLED',
        EventPattern:
          '{"detail":{"state":["EXPIRED","FAILED","ABORTED"]},"source":["aws.backup"],"detail-type":["Backup Job State Change"]}',
      }),
    );
    // Tags the spec does not manage.
    await s3.send(
      new PutBucketTaggingCommand({
        Bucket: 'mne-media-prod',
        Tagging: { TagSet: [{ Key: 'owner', Value: 'ops' }] },
      }),
    );
    expect(await drift()).toEqual([]);
  });
});
