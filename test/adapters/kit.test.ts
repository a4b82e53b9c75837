/**
 * Unreadable reasons: every adapter turns a read failure into a reason through classifyReadError. The
 * reason says what failed and why, never which resource: renderers print `<address>: <reason>`, so
 * the address appears once.
 */
import { describe, expect, it } from 'vitest';
import { classifyReadError } from '../../src/adapters/kit.js';

const awsError = (name: string, httpStatusCode: number) =>
  Object.assign(new Error(`${name} from AWS`), { name, $metadata: { httpStatusCode } });

describe('classifyReadError', () => {
  it('GIVEN the failing operation WHEN access is denied THEN the reason is "<operation>: access denied (<code>)"', () => {
    expect(classifyReadError(awsError('AccessDenied', 403), 'GetBucketReplication')).toEqual({
      status: 'unreadable',
      reason: 'GetBucketReplication: access denied (AccessDenied)',
      code: 'AccessDenied',
    });
  });

  it('GIVEN no operation WHEN still throttled THEN the reason is only the cause', () => {
    expect(classifyReadError(awsError('Throttling', 400)).reason).toBe(
      'still throttled after retries (Throttling)',
    );
  });

  it('GIVEN a 5xx or an unknown error THEN the reason names the status or code and message', () => {
    expect(classifyReadError(awsError('InternalFailure', 500), 'DescribeAlarms').reason).toBe(
      'DescribeAlarms: service error 500 (InternalFailure)',
    );
    expect(classifyReadError(awsError('Weird', 400)).reason).toBe('Weird: Weird from AWS');
  });
});
