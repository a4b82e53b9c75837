/**
 * Replication metrics and S3 Replication Time Control in the PutBucketReplication request (issue 11
 * item 1): `Metrics.EventThreshold` is only valid with RTC on, so metrics alone are `{Status: Enabled}`;
 * RTC carries Metrics with the 15-minute threshold. The strict emulator enforces the same rule
 * (test/integration/emulator-s3.test.ts).
 */
import { describe, expect, it } from 'vitest';
import { denormalizeReplication } from '../../../src/adapters/s3/denormalize.js';
import { replicationRule } from './builders.js';

const ROLE = 'arn:aws:iam::828879644785:role/service-role/replication';

function destinationOf(rule: Parameters<typeof replicationRule>[0]) {
  return denormalizeReplication({ role: ROLE, rules: [replicationRule(rule)] }).Rules?.[0]?.Destination;
}

describe('denormalizeReplication: metrics and RTC', () => {
  it('GIVEN metrics without RTC WHEN denormalised THEN Metrics is {Status: Enabled} alone, no EventThreshold, no ReplicationTime', () => {
    const destination = destinationOf({ id: 'r', metrics: true, replicationTime: false });
    expect(destination?.Metrics).toEqual({ Status: 'Enabled' });
    expect(destination).not.toHaveProperty('ReplicationTime');
  });

  it('GIVEN RTC (with metrics, as the spec requires) WHEN denormalised THEN Metrics with the 15-minute EventThreshold and ReplicationTime 15 minutes', () => {
    const destination = destinationOf({ id: 'r', metrics: true, replicationTime: true });
    expect(destination?.Metrics).toEqual({ Status: 'Enabled', EventThreshold: { Minutes: 15 } });
    expect(destination?.ReplicationTime).toEqual({ Status: 'Enabled', Time: { Minutes: 15 } });
  });

  it('GIVEN neither WHEN denormalised THEN no Metrics and no ReplicationTime', () => {
    const destination = destinationOf({ id: 'r' });
    expect(destination).not.toHaveProperty('Metrics');
    expect(destination).not.toHaveProperty('ReplicationTime');
  });
});
