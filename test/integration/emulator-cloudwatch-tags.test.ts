/**
 * The strict emulator's CloudWatch PutMetricAlarm cross-field rules and the tag rules of every
 * tagging call the tool makes (CloudWatch, SNS, EventBridge, IAM; S3 and AWS Backup have their own
 * files), through the JS SDK (test/emulator/strict_moto/cloudwatch.py, tags.py, iam.py).
 */
import {
  type CloudWatchClient,
  type MetricDataQuery,
  PutMetricAlarmCommand,
  type PutMetricAlarmCommandInput,
  TagResourceCommand,
} from '@aws-sdk/client-cloudwatch';
import { PutRuleCommand, TagResourceCommand as TagRuleCommand } from '@aws-sdk/client-eventbridge';
import { CreateRoleCommand, TagRoleCommand } from '@aws-sdk/client-iam';
import { CreateTopicCommand, TagResourceCommand as TagTopicCommand } from '@aws-sdk/client-sns';
import { afterAll, describe, expect, it } from 'vitest';
import { ClientPool } from '../../src/adapters/aws-config.js';
import { refusal, trustPolicy } from '../support/emulator-builders.js';
import { ACCOUNT, motoAwsOptions, useMoto } from '../support/moto.js';

useMoto();

const pool = new ClientPool(motoAwsOptions());
afterAll(() => pool.destroy());
const cloudwatch = (): CloudWatchClient => pool.get('cloudwatch', 'eu-west-1');

/** A metric query on the media bucket's object count (returns data unless told otherwise). */
function objectCount(id: string, returnData?: boolean): MetricDataQuery {
  return {
    Id: id,
    MetricStat: {
      Metric: {
        Namespace: 'AWS/S3',
        MetricName: 'NumberOfObjects',
        Dimensions: [
          { Name: 'BucketName', Value: 'mne-media-replica' },
          { Name: 'StorageType', Value: 'AllStorageTypes' },
        ],
      },
      Period: 86400,
      Stat: 'Average',
    },
    ...(returnData === undefined ? {} : { ReturnData: returnData }),
  };
}

function mathAlarm(
  name: string,
  metrics: MetricDataQuery[],
  extra: Partial<PutMetricAlarmCommandInput> = {},
) {
  return new PutMetricAlarmCommand({
    AlarmName: name,
    ComparisonOperator: 'LessThanThreshold',
    EvaluationPeriods: 1,
    Threshold: 1,
    Metrics: metrics,
    ...extra,
  });
}

describe('PutMetricAlarm with metric math', () => {
  it('GIVEN two queries that both return data (ReturnData defaults to true) WHEN put THEN ValidationError "Exactly one element..."', async () => {
    const alarm = mathAlarm('emu-two', [objectCount('m1'), { Id: 'e1', Expression: 'm1 * 2' }]);
    expect(await refusal(cloudwatch().send(alarm))).toMatchObject({
      code: 'ValidationError',
      message: 'Exactly one element of the metrics list should return data.',
      status: 400,
    });
  });

  it('GIVEN no query returning data WHEN put THEN the same ValidationError', async () => {
    const alarm = mathAlarm('emu-none', [
      objectCount('m1', false),
      { Id: 'e1', Expression: 'm1 * 2', ReturnData: false },
    ]);
    expect(await refusal(cloudwatch().send(alarm))).toMatchObject({
      message: 'Exactly one element of the metrics list should return data.',
    });
  });

  it('GIVEN the metric hidden and one expression returning data WHEN put THEN accepted', async () => {
    await cloudwatch().send(
      mathAlarm('emu-one', [objectCount('m1', false), { Id: 'e1', Expression: 'm1 * 2' }]),
    );
  });

  it('GIVEN an anomaly detection band (ThresholdMetricId) WHEN the metric and the band return data THEN accepted; with the metric hidden THEN "Exactly two elements..."', async () => {
    const band = { Id: 'ad1', Expression: 'ANOMALY_DETECTION_BAND(m1, 2)' };
    const anomaly = (metric: MetricDataQuery) =>
      mathAlarm('emu-anomaly', [metric, band], {
        ComparisonOperator: 'LessThanLowerThreshold',
        Threshold: undefined,
        ThresholdMetricId: 'ad1',
      });
    await cloudwatch().send(anomaly(objectCount('m1')));
    expect(await refusal(cloudwatch().send(anomaly(objectCount('m1', false))))).toMatchObject({
      message: 'Exactly two elements of the metrics list should return data.',
    });
  });

  it('GIVEN a ThresholdMetricId naming a plain metric WHEN put THEN ValidationError', async () => {
    const alarm = mathAlarm('emu-bad-threshold', [objectCount('m1')], {
      ComparisonOperator: 'LessThanLowerThreshold',
      Threshold: undefined,
      ThresholdMetricId: 'm1',
    });
    expect(await refusal(cloudwatch().send(alarm))).toMatchObject({
      message: 'ThresholdMetricId m1 must be the Id of an ANOMALY_DETECTION_BAND expression in Metrics',
    });
  });

  it('GIVEN Metrics together with MetricName and Namespace WHEN put THEN InvalidParameterCombination', async () => {
    const alarm = mathAlarm('emu-both', [objectCount('m1')], {
      MetricName: 'NumberOfObjects',
      Namespace: 'AWS/S3',
    });
    expect(await refusal(cloudwatch().send(alarm))).toMatchObject({
      code: 'InvalidParameterCombination',
      message: 'Metrics cannot be combined with metric_name, namespace in one alarm',
    });
  });
});

describe('tags on every tagging call', () => {
  const LONG_KEY = 'k'.repeat(129);
  const LONG_VALUE = 'v'.repeat(257);

  it('GIVEN CloudWatch alarm tags too long or with the aws: prefix WHEN put or tagged THEN refused; the longest allowed pass', async () => {
    const plain = (tags: { Key: string; Value: string }[]) =>
      new PutMetricAlarmCommand({
        AlarmName: 'emu-tagged',
        Namespace: 'AWS/S3',
        MetricName: 'NumberOfObjects',
        Statistic: 'Average',
        Period: 86400,
        ComparisonOperator: 'LessThanThreshold',
        EvaluationPeriods: 1,
        Threshold: 1,
        Tags: tags,
      });
    expect(await refusal(cloudwatch().send(plain([{ Key: LONG_KEY, Value: 'v' }])))).toMatchObject({
      code: 'ValidationError',
      message: expect.stringContaining('Member must have length less than or equal to 128'),
    });
    expect(await refusal(cloudwatch().send(plain([{ Key: 'aws:cost', Value: 'v' }])))).toMatchObject({
      code: 'InvalidParameterValue',
      message: "Invalid tag key 'aws:cost': the aws: prefix is reserved for AWS use",
    });
    await cloudwatch().send(plain([{ Key: 'k'.repeat(128), Value: 'v'.repeat(256) }]));
    const arn = `arn:aws:cloudwatch:eu-west-1:${ACCOUNT}:alarm:emu-tagged`;
    expect(
      await refusal(
        cloudwatch().send(
          new TagResourceCommand({ ResourceARN: arn, Tags: [{ Key: 'k', Value: LONG_VALUE }] }),
        ),
      ),
    ).toMatchObject({
      message: expect.stringContaining('Member must have length less than or equal to 256'),
    });
  });

  it('GIVEN SNS topic tags with the aws: prefix WHEN created or tagged THEN InvalidParameter', async () => {
    const sns = pool.get('sns', 'eu-west-1');
    expect(
      await refusal(
        sns.send(new CreateTopicCommand({ Name: 'emu-topic', Tags: [{ Key: 'aws:team', Value: 'x' }] })),
      ),
    ).toMatchObject({ name: 'InvalidParameterException' });
    const { TopicArn } = await sns.send(new CreateTopicCommand({ Name: 'emu-topic' }));
    expect(
      await refusal(
        sns.send(new TagTopicCommand({ ResourceArn: TopicArn, Tags: [{ Key: LONG_KEY, Value: 'x' }] })),
      ),
    ).toMatchObject({ name: 'InvalidParameterException' });
  });

  it('GIVEN EventBridge rule tags too long WHEN put or tagged THEN ValidationException', async () => {
    const events = pool.get('events', 'eu-west-1');
    expect(
      await refusal(
        events.send(
          new PutRuleCommand({
            Name: 'emu-rule',
            ScheduleExpression: 'rate(1 day)',
            Tags: [{ Key: LONG_KEY, Value: 'x' }],
          }),
        ),
      ),
    ).toMatchObject({ name: 'ValidationException' });
    const { RuleArn } = await events.send(
      new PutRuleCommand({ Name: 'emu-rule', ScheduleExpression: 'rate(1 day)' }),
    );
    expect(
      await refusal(
        events.send(new TagRuleCommand({ ResourceARN: RuleArn, Tags: [{ Key: 'aws:x', Value: 'y' }] })),
      ),
    ).toMatchObject({ name: 'ValidationException' });
  });

  it('GIVEN IAM role tags with the aws: prefix WHEN created or tagged THEN InvalidInput (moto checked only length and characters)', async () => {
    const iam = pool.get('iam');
    const create = iam.send(
      new CreateRoleCommand({
        RoleName: 'emu-tagged-role',
        AssumeRolePolicyDocument: trustPolicy('backup.amazonaws.com'),
        Tags: [{ Key: 'aws:owner', Value: 'me' }],
      }),
    );
    expect(await refusal(create)).toMatchObject({
      name: 'InvalidInputException',
      message: "Tag keys cannot start with the reserved prefix 'aws:': aws:owner",
    });
    await iam.send(
      new CreateRoleCommand({
        RoleName: 'emu-tagged-role',
        AssumeRolePolicyDocument: trustPolicy('backup.amazonaws.com'),
      }),
    );
    expect(
      await refusal(
        iam.send(
          new TagRoleCommand({ RoleName: 'emu-tagged-role', Tags: [{ Key: 'AWS:Owner', Value: 'me' }] }),
        ),
      ),
    ).toMatchObject({ name: 'InvalidInputException' });
  });
});
