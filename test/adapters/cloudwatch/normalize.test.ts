/** CloudWatch normalisation: each case names the perpetual diff it prevents. */
import type { MetricAlarm } from '@aws-sdk/client-cloudwatch';
import { describe, expect, it } from 'vitest';
import {
  mergeAlarm,
  missingAlarmParts,
  normalizeAlarm,
  toPutMetricAlarmInput,
} from '../../../src/adapters/cloudwatch/normalize.js';
import type { CloudWatchAlarmAttrs } from '../../../src/model/attrs.js';

const TOPIC = 'arn:aws:sns:eu-west-1:828879644785:alerts';
const OTHER = 'arn:aws:sns:eu-west-1:828879644785:audit';

/** A plain replication-latency alarm as DescribeAlarms returns it. */
function plainAlarm(overrides: Partial<MetricAlarm> = {}): MetricAlarm {
  return {
    AlarmName: 'replication-latency',
    AlarmArn: 'arn:aws:cloudwatch:eu-west-1:828879644785:alarm:replication-latency',
    ActionsEnabled: true,
    AlarmActions: [TOPIC],
    OKActions: [],
    InsufficientDataActions: [],
    MetricName: 'ReplicationLatency',
    Namespace: 'AWS/S3',
    Statistic: 'Maximum',
    Dimensions: [
      { Name: 'SourceBucket', Value: 'mne-media-prod' },
      { Name: 'DestinationBucket', Value: 'mne-media-replica' },
      { Name: 'RuleId', Value: 'paris-replica' },
    ],
    Period: 300,
    EvaluationPeriods: 2,
    Threshold: 900,
    ComparisonOperator: 'GreaterThanThreshold',
    Metrics: [],
    ...overrides,
  };
}

/** The attrs a spec would declare for plainAlarm(). */
const PLAIN: CloudWatchAlarmAttrs = {
  region: 'eu-west-1',
  description: '',
  actionsEnabled: true,
  alarmActions: [TOPIC],
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
      dimensions: {
        DestinationBucket: 'mne-media-replica',
        RuleId: 'paris-replica',
        SourceBucket: 'mne-media-prod',
      },
    },
    period: 300,
    statistic: 'Maximum',
  },
};

describe('normalizeAlarm', () => {
  it("GIVEN a plain alarm with CloudWatch's `Metrics: []` and no TreatMissingData/DatapointsToAlarm WHEN normalised THEN Metrics is dropped and the defaults are explicit", () => {
    const attrs = normalizeAlarm('eu-west-1', plainAlarm());
    expect(attrs).toEqual(PLAIN);
    expect('metrics' in attrs).toBe(false);
  });

  it('GIVEN action lists and dimensions in another order WHEN normalised THEN they compare equal (order never diffs)', () => {
    const a = normalizeAlarm('eu-west-1', plainAlarm({ AlarmActions: [TOPIC, OTHER] }));
    const b = normalizeAlarm(
      'eu-west-1',
      plainAlarm({
        AlarmActions: [OTHER, TOPIC],
        Dimensions: [...(plainAlarm().Dimensions ?? [])].reverse(),
      }),
    );
    expect(a).toEqual(b);
    expect(a.alarmActions).toEqual([TOPIC, OTHER].sort());
  });

  it('GIVEN an anomaly-band alarm with its queries in another order and ReturnData omitted on one WHEN normalised THEN queries are sorted by id with ReturnData true made explicit', () => {
    const attrs = normalizeAlarm('eu-west-3', {
      AlarmName: 'replica-object-count',
      ComparisonOperator: 'LessThanLowerOrGreaterThanUpperThreshold',
      EvaluationPeriods: 1,
      ThresholdMetricId: 'ad1',
      TreatMissingData: 'breaching',
      Metrics: [
        {
          Id: 'm1',
          ReturnData: true,
          MetricStat: {
            Metric: {
              Namespace: 'AWS/S3',
              MetricName: 'NumberOfObjects',
              Dimensions: [
                { Name: 'StorageType', Value: 'AllStorageTypes' },
                { Name: 'BucketName', Value: 'mne-media-replica' },
              ],
            },
            Period: 86400,
            Stat: 'Average',
          },
        },
        { Id: 'ad1', Expression: 'ANOMALY_DETECTION_BAND(m1, 2)', Label: 'expected' },
      ],
    });
    expect(attrs.metrics).toEqual([
      { id: 'ad1', expression: 'ANOMALY_DETECTION_BAND(m1, 2)', label: 'expected', returnData: true },
      {
        id: 'm1',
        metricStat: {
          metric: {
            namespace: 'AWS/S3',
            name: 'NumberOfObjects',
            dimensions: { BucketName: 'mne-media-replica', StorageType: 'AllStorageTypes' },
          },
          period: 86400,
          stat: 'Average',
        },
        returnData: true,
      },
    ]);
    expect(attrs.thresholdMetricId).toBe('ad1');
    expect(attrs.threshold).toBeUndefined();
    expect(attrs.metric).toBeUndefined();
  });

  it('GIVEN an extended statistic (p99) WHEN normalised and written back THEN it is sent as ExtendedStatistic, not Statistic', () => {
    const attrs = normalizeAlarm('eu-west-1', plainAlarm({ Statistic: undefined, ExtendedStatistic: 'p99' }));
    expect(attrs.metric?.statistic).toBe('p99');
    const input = toPutMetricAlarmInput('replication-latency', attrs);
    expect(input.ExtendedStatistic).toBe('p99');
    expect(input.Statistic).toBeUndefined();
  });
});

describe('toPutMetricAlarmInput / mergeAlarm', () => {
  it('GIVEN normalised attrs WHEN turned into a PutMetricAlarm request and normalised back THEN nothing is lost (the write is idempotent)', () => {
    const input = toPutMetricAlarmInput('replication-latency', PLAIN);
    const back = normalizeAlarm('eu-west-1', { ...input, Metrics: [] } as MetricAlarm);
    expect(back).toEqual(PLAIN);
  });

  it('GIVEN a desired alarm that manages only the threshold WHEN merged over live THEN unmanaged fields keep their live values', () => {
    const merged = mergeAlarm({ region: 'eu-west-1', threshold: 600 }, PLAIN);
    expect(merged).toEqual({ ...PLAIN, threshold: 600 });
  });

  it('GIVEN a live plain alarm and a desired metric-math one WHEN merged THEN the plain metric and static threshold are dropped', () => {
    const merged = mergeAlarm(
      {
        region: 'eu-west-1',
        thresholdMetricId: 'ad1',
        metrics: [{ id: 'ad1', expression: 'ANOMALY_DETECTION_BAND(m1, 2)', returnData: true }],
      },
      PLAIN,
    );
    expect(merged.metric).toBeUndefined();
    expect(merged.threshold).toBeUndefined();
    expect(merged.thresholdMetricId).toBe('ad1');
  });

  it('GIVEN a new alarm without comparison operator or metric WHEN checked THEN the missing parts are named', () => {
    expect(missingAlarmParts({ region: 'eu-west-1', threshold: 1 })).toEqual([
      'comparisonOperator',
      'evaluationPeriods',
      'metric or metrics',
    ]);
    expect(missingAlarmParts(PLAIN)).toEqual([]);
  });
});
