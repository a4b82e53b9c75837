/**
 * The CloudWatch read client is read-only BY TYPE (a mutating call does not compile: `tsc` fails if
 * an `@ts-expect-error` below stops being an error) and at run time (the object has no such method).
 */
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { afterAll, describe, expect, it } from 'vitest';
import {
  type CloudWatchReadClient,
  type CloudWatchWriteClient,
  toCloudWatchReadClient,
  toCloudWatchWriteClient,
} from '../../../src/adapters/cloudwatch/client.js';

const sdk = new CloudWatchClient({ region: 'eu-west-1' });
afterAll(() => sdk.destroy());

describe('CloudWatch read/write clients', () => {
  it('GIVEN a read client WHEN code calls a mutating operation THEN it does not compile and the method is absent', () => {
    const read: CloudWatchReadClient = toCloudWatchReadClient(sdk);
    // @ts-expect-error the read client has no putMetricAlarm
    expect(read.putMetricAlarm).toBeUndefined();
    // @ts-expect-error the read client has no deleteAlarms
    expect(read.deleteAlarms).toBeUndefined();
    expect(Object.keys(read)).toEqual(['describeAlarms']);
  });

  it('GIVEN a write client WHEN used as a read client THEN it fits (read ⊂ write)', () => {
    const write: CloudWatchWriteClient = toCloudWatchWriteClient(sdk);
    const asRead: CloudWatchReadClient = write;
    expect(typeof asRead.describeAlarms).toBe('function');
    expect(typeof write.putMetricAlarm).toBe('function');
  });
});
