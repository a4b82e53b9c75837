/**
 * PutMetricAlarm replaces the whole alarm: settings the spec does not model are written back from the
 * alarm AWS returned (issue 11 item 3). Before the fix a threshold change reset
 * EvaluateLowSampleCountPercentile to AWS's default.
 */
import { describe, expect, it } from 'vitest';
import { applyAlarm } from '../../../src/adapters/cloudwatch/apply.js';
import { keepUnmanagedAlarmSettings } from '../../../src/adapters/cloudwatch/normalize.js';
import type { CloudWatchAlarmAttrs } from '../../../src/model/attrs.js';
import { addressOf } from '../../../src/model/resource.js';
import type { DesiredResource } from '../../../src/model/state.js';
import { alarmAttrs } from '../../planner/builders.js';
import { FakePool } from '../../support/fake-aws.js';
import { recordingWriteContext } from '../iam/support.js';

const p99 = (over: Partial<CloudWatchAlarmAttrs> = {}): CloudWatchAlarmAttrs => {
  const base = alarmAttrs();
  if (!base.metric) throw new Error('fixture');
  return alarmAttrs({ metric: { ...base.metric, statistic: 'p99' }, ...over });
};

function desiredAlarm(attrs: CloudWatchAlarmAttrs): DesiredResource<'cloudwatch.alarm'> {
  return {
    address: addressOf('cloudwatch.alarm', 'lag', 'eu-west-1'),
    kind: 'cloudwatch.alarm',
    name: 'lag',
    region: 'eu-west-1',
    ensure: 'present',
    attrs,
    dependsOn: [],
  };
}

describe('keepUnmanagedAlarmSettings', () => {
  it('GIVEN a percentile alarm read with EvaluateLowSampleCountPercentile ignore WHEN rewritten THEN it is kept', () => {
    const input = keepUnmanagedAlarmSettings(
      { AlarmName: 'a', ExtendedStatistic: 'p99' },
      { AlarmName: 'a', EvaluateLowSampleCountPercentile: 'ignore', StateValue: 'OK' },
    );
    expect(input).toEqual({
      AlarmName: 'a',
      ExtendedStatistic: 'p99',
      EvaluateLowSampleCountPercentile: 'ignore',
    });
  });

  it('GIVEN the spec moves the alarm off percentiles WHEN rewritten THEN the setting goes (only valid for percentiles)', () => {
    expect(
      keepUnmanagedAlarmSettings(
        { AlarmName: 'a', Statistic: 'Maximum' },
        { EvaluateLowSampleCountPercentile: 'ignore' },
      ),
    ).toEqual({ AlarmName: 'a', Statistic: 'Maximum' });
  });
});

describe('applyAlarm keeps unmodelled settings', () => {
  it('GIVEN the observation holds the raw alarm WHEN the threshold changes THEN PutMetricAlarm carries EvaluateLowSampleCountPercentile', async () => {
    const pool = new FakePool();
    await applyAlarm(recordingWriteContext(pool), {
      desired: desiredAlarm(p99({ threshold: 600 })),
      observation: {
        status: 'present',
        attrs: p99(),
        raw: {
          alarm: { AlarmName: 'lag', ExtendedStatistic: 'p99', EvaluateLowSampleCountPercentile: 'ignore' },
        },
      },
      change: {
        action: 'update',
        fieldDiffs: [{ path: '/threshold', before: 900, after: 600, forcesReplacement: false }],
      },
    });
    const put = pool.calls.find((c) => c.operation === 'PutMetricAlarm');
    expect(put?.input).toMatchObject({ Threshold: 600, EvaluateLowSampleCountPercentile: 'ignore' });
  });
});
