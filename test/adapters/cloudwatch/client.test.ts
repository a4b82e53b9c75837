/**
 * The CloudWatch read client is read-only BY TYPE (a mutating call does not compile: `tsc` fails if
 * an `@ts-expect-error` below stops being an error) and at run time (the object has no such method).
 */
import { describe, expect, it } from 'vitest';
import {
  CLOUDWATCH_CLIENT,
  type CloudWatchReadClient,
  type CloudWatchWriteClient,
} from '../../../src/adapters/cloudwatch/client.js';
import { FakePool } from '../../support/fake-aws.js';
import { recordingWriteContext } from '../iam/support.js';

describe('CloudWatch declared client', () => {
  it('GIVEN a read client WHEN code calls a mutating operation THEN it does not compile and the method is absent', () => {
    const read: CloudWatchReadClient = CLOUDWATCH_CLIENT.reader(new FakePool(), 'eu-west-1');
    // @ts-expect-error the read client has no putMetricAlarm
    expect(read.putMetricAlarm).toBeUndefined();
    // @ts-expect-error the read client has no deleteAlarms
    expect(read.deleteAlarms).toBeUndefined();
    expect(Object.keys(read)).toEqual(['describeAlarms']);
  });

  it('GIVEN a write client WHEN used as a read client THEN it fits (read ⊂ write)', () => {
    const write: CloudWatchWriteClient = CLOUDWATCH_CLIENT.writer(
      recordingWriteContext(new FakePool()),
      'cloudwatch.alarm/eu-west-1/a',
      'eu-west-1',
    );
    const asRead: CloudWatchReadClient = write;
    expect(typeof asRead.describeAlarms).toBe('function');
    expect(typeof write.putMetricAlarm).toBe('function');
  });
});
