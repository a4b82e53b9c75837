/**
 * What "different" means for an alarm: the planner's field diffs (the one definition, which apply
 * writes from), seen through the fields they name.
 */
import { describe, expect, it } from 'vitest';
import type { CloudWatchAlarmAttrs } from '../../../src/model/attrs.js';
import { differingFields as planned } from '../../support/apply-step.js';

const differingFields = (want: Partial<CloudWatchAlarmAttrs>, have: CloudWatchAlarmAttrs) =>
  planned('cloudwatch.alarm', want, have);

const live: CloudWatchAlarmAttrs = {
  region: 'eu-west-1',
  description: 'by hand',
  threshold: 900,
  evaluationPeriods: 2,
  metric: {
    metric: { namespace: 'AWS/S3', name: 'ReplicationLatency', dimensions: { A: '1', B: '2' } },
    period: 300,
    statistic: 'Maximum',
  },
};

describe('alarm field diffs', () => {
  it('GIVEN desired fields left undefined WHEN compared THEN they are unmanaged and never differ', () => {
    expect(differingFields({ region: 'eu-west-1', threshold: 900 }, live)).toEqual([]);
  });

  it('GIVEN nested objects with keys in another order WHEN compared THEN they are equal', () => {
    const want: CloudWatchAlarmAttrs = {
      region: 'eu-west-1',
      metric: {
        statistic: 'Maximum',
        period: 300,
        metric: { dimensions: { B: '2', A: '1' }, name: 'ReplicationLatency', namespace: 'AWS/S3' },
      },
    };
    expect(differingFields(want, live)).toEqual([]);
  });

  it('GIVEN a managed value that differs, or one live lacks WHEN compared THEN those field names are returned, sorted', () => {
    expect(differingFields({ region: 'eu-west-1', threshold: 60, datapointsToAlarm: 2 }, live)).toEqual([
      'datapointsToAlarm',
      'threshold',
    ]);
  });
});
