import { describe, expect, it } from 'vitest';
import { LINT_RULES, lintDesired } from '../../src/lint/index.js';
import {
  bucket,
  desiredState,
  objectCountAnomalyAlarm,
  replicated,
  s3Alarm,
  topicArnOf,
} from './desired-builders.js';

const findings = (state: ReturnType<typeof desiredState>, ruleId: string) =>
  lintDesired(state).filter((f) => f.ruleId === ruleId);

const LAG_DIMS = { SourceBucket: 'media', DestinationBucket: 'replica', RuleId: 'replica' };

describe('lint rule s3-replication-latency-units', () => {
  it('GIVEN a ReplicationLatency alarm with the guide threshold 900000 WHEN linted THEN an error says it means 10.4 days and suggests 900', () => {
    const state = desiredState([
      replicated('media', 'replica'),
      s3Alarm('lag', 'ReplicationLatency', LAG_DIMS, { threshold: 900000 }),
    ]);
    const [f, ...rest] = findings(state, 's3-replication-latency-units');
    expect(rest).toEqual([]);
    expect(f).toMatchObject({ severity: 'error', address: 'cloudwatch.alarm/eu-west-1/lag' });
    expect(f?.message).toContain('900000 s = 10.4 days');
    expect(f?.fixHint).toContain('threshold 900');
  });

  it('GIVEN a ReplicationLatency alarm with threshold 900 seconds WHEN linted THEN the rule is quiet', () => {
    const state = desiredState([
      replicated('media', 'replica'),
      s3Alarm('lag', 'ReplicationLatency', LAG_DIMS, { threshold: 900 }),
    ]);
    expect(findings(state, 's3-replication-latency-units')).toEqual([]);
  });

  it('GIVEN a large threshold on a metric that is not ReplicationLatency WHEN linted THEN the rule is quiet', () => {
    const state = desiredState([
      s3Alarm('bytes', 'BytesPendingReplication', LAG_DIMS, { threshold: 900000 }),
    ]);
    expect(findings(state, 's3-replication-latency-units')).toEqual([]);
  });
});

describe('lint rule cloudwatch-alarm-cross-region-metric', () => {
  it('GIVEN the guide object-count alarm in eu-west-1 on a bucket in eu-west-3 WHEN linted THEN an error names both regions', () => {
    const state = desiredState([
      bucket('mne-media-replica', { region: 'eu-west-3' }),
      objectCountAnomalyAlarm('count', 'mne-media-replica', 'eu-west-1'),
    ]);
    const found = findings(state, 'cloudwatch-alarm-cross-region-metric');
    expect(found).toHaveLength(1);
    expect(found[0]?.severity).toBe('error');
    expect(found[0]?.message).toMatch(
      /alarm in eu-west-1 watches AWS\/S3 NumberOfObjects of bucket mne-media-replica, which is published in eu-west-3/,
    );
    expect(found[0]?.fixHint).toContain('eu-west-3');
  });

  it('GIVEN the same alarm declared in the bucket region WHEN linted THEN the rule is quiet', () => {
    const state = desiredState([
      bucket('mne-media-replica', { region: 'eu-west-3' }),
      objectCountAnomalyAlarm('count', 'mne-media-replica', 'eu-west-3'),
    ]);
    expect(findings(state, 'cloudwatch-alarm-cross-region-metric')).toEqual([]);
  });

  it('GIVEN an OperationsFailedReplication alarm whose SourceBucket lives in another region WHEN linted THEN it is flagged (failures are published in the source region)', () => {
    const state = desiredState([
      replicated('media', 'replica', {}, { region: 'eu-west-3' }),
      bucket('replica', { region: 'eu-west-1' }),
      s3Alarm('failures', 'OperationsFailedReplication', LAG_DIMS),
    ]);
    const found = findings(state, 'cloudwatch-alarm-cross-region-metric');
    expect(found.map((f) => f.address)).toEqual(['cloudwatch.alarm/eu-west-1/failures']);
    expect(found[0]?.message).toContain(
      "OperationsFailedReplication of source bucket media, which is published in eu-west-3 (the source bucket's region)",
    );
  });

  it.each(['ReplicationLatency', 'BytesPendingReplication', 'OperationsPendingReplication'])(
    'GIVEN a %s alarm in the source region eu-west-1 and the destination bucket in eu-west-3 WHEN linted THEN an error says it is published in the destination region, with the S3 user guide',
    (metric) => {
      const state = desiredState([
        replicated('media', 'replica'),
        bucket('replica', { region: 'eu-west-3' }),
        s3Alarm('lag', metric, LAG_DIMS),
      ]);
      const found = findings(state, 'cloudwatch-alarm-cross-region-metric');
      expect(found).toHaveLength(1);
      expect(found[0]?.message).toContain(
        `alarm in eu-west-1 watches AWS/S3 ${metric} of destination bucket replica, which is published in eu-west-3 (the destination bucket's region)`,
      );
      expect(found[0]?.fixHint).toContain('declare the alarm in eu-west-3');
      expect(found[0]?.fixHint).toContain(
        'https://docs.aws.amazon.com/AmazonS3/latest/userguide/repl-metrics.html',
      );
    },
  );

  it('GIVEN a ReplicationLatency alarm in the destination region and a failures alarm in the source region WHEN linted THEN the rule is quiet', () => {
    const state = desiredState([
      replicated('media', 'replica'),
      bucket('replica', { region: 'eu-west-3' }),
      s3Alarm('lag', 'ReplicationLatency', LAG_DIMS, {
        region: 'eu-west-3',
        alarmActions: [topicArnOf('alerts', 'eu-west-3')],
      }),
      s3Alarm('failures', 'OperationsFailedReplication', LAG_DIMS),
    ]);
    expect(findings(state, 'cloudwatch-alarm-cross-region-metric')).toEqual([]);
  });

  it('GIVEN a ReplicationLatency alarm whose destination bucket the spec does not declare WHEN linted THEN the rule does not guess from the source bucket', () => {
    const state = desiredState([
      replicated('media', 'replica', {}, { region: 'eu-west-3' }),
      s3Alarm('lag', 'ReplicationLatency', LAG_DIMS),
    ]);
    expect(findings(state, 'cloudwatch-alarm-cross-region-metric')).toEqual([]);
  });

  it('GIVEN the rule WHEN its AWS sources are listed THEN they name the S3 user guide page on replication metrics', () => {
    const rule = LINT_RULES.find((r) => r.id === 'cloudwatch-alarm-cross-region-metric');
    expect(rule?.sources).toContain(
      'https://docs.aws.amazon.com/AmazonS3/latest/userguide/repl-metrics.html',
    );
  });

  it('GIVEN an alarm on a bucket the spec does not declare WHEN linted THEN the rule does not guess', () => {
    const state = desiredState([objectCountAnomalyAlarm('count', 'somebody-elses-bucket', 'eu-west-1')]);
    expect(findings(state, 'cloudwatch-alarm-cross-region-metric')).toEqual([]);
  });
});

describe('lint rule cloudwatch-alarm-cross-region-action', () => {
  it('GIVEN an alarm in eu-west-3 notifying a topic in eu-west-1 WHEN linted THEN an error', () => {
    const state = desiredState([
      bucket('mne-media-replica', { region: 'eu-west-3' }),
      objectCountAnomalyAlarm('count', 'mne-media-replica', 'eu-west-3', 'eu-west-1'),
    ]);
    const found = findings(state, 'cloudwatch-alarm-cross-region-action');
    expect(found).toHaveLength(1);
    expect(found[0]?.message).toContain(topicArnOf('alerts', 'eu-west-1'));
    expect(found[0]?.fixHint).toContain('eu-west-3');
  });

  it('GIVEN an alarm notifying a topic of its own region WHEN linted THEN the rule is quiet', () => {
    const state = desiredState([objectCountAnomalyAlarm('count', 'b', 'eu-west-3', 'eu-west-3')]);
    expect(findings(state, 'cloudwatch-alarm-cross-region-action')).toEqual([]);
  });
});

describe('lint rule s3-replication-alarm-needs-metrics', () => {
  it('GIVEN a replication rule without metrics or RTC WHEN an alarm watches its ReplicationLatency THEN an error says the metric never exists', () => {
    const state = desiredState([
      replicated('media', 'replica', { metrics: false, replicationTime: false }),
      s3Alarm('lag', 'ReplicationLatency', LAG_DIMS),
    ]);
    const found = findings(state, 's3-replication-alarm-needs-metrics');
    expect(found).toHaveLength(1);
    expect(found[0]?.message).toContain('enables neither replication metrics nor RTC');
  });

  it('GIVEN the alarm names a RuleId the bucket does not have WHEN linted THEN an error lists the real rule ids', () => {
    const state = desiredState([
      replicated('media', 'replica', { id: 'paris-replica' }),
      s3Alarm('failures', 'OperationsFailedReplication', LAG_DIMS),
    ]);
    expect(findings(state, 's3-replication-alarm-needs-metrics')[0]?.message).toContain(
      '(rules: paris-replica)',
    );
  });

  it('GIVEN replication metrics are enabled on the watched rule WHEN linted THEN the rule is quiet', () => {
    const withMetrics = desiredState([
      replicated('media', 'replica'),
      s3Alarm('lag', 'ReplicationLatency', LAG_DIMS),
    ]);
    const withRtc = desiredState([
      replicated('media', 'replica', { metrics: false, replicationTime: true }),
      s3Alarm('lag', 'ReplicationLatency', LAG_DIMS),
    ]);
    expect(findings(withMetrics, 's3-replication-alarm-needs-metrics')).toEqual([]);
    expect(findings(withRtc, 's3-replication-alarm-needs-metrics')).toEqual([]);
  });

  it('GIVEN the source bucket leaves replication unmanaged WHEN linted THEN the rule does not guess', () => {
    const state = desiredState([bucket('media'), s3Alarm('lag', 'ReplicationLatency', LAG_DIMS)]);
    expect(findings(state, 's3-replication-alarm-needs-metrics')).toEqual([]);
  });
});
