/**
 * The SNS read client is read-only BY TYPE (a mutating call does not compile: `tsc` fails if an
 * `@ts-expect-error` below stops being an error) and at run time (the object has no such method).
 */
import { SNSClient } from '@aws-sdk/client-sns';
import { afterAll, describe, expect, it } from 'vitest';
import {
  type SnsReadClient,
  type SnsWriteClient,
  toSnsReadClient,
  toSnsWriteClient,
} from '../../../src/adapters/sns/client.js';

const sdk = new SNSClient({ region: 'eu-west-1' });
afterAll(() => sdk.destroy());

describe('SNS read/write clients', () => {
  it('GIVEN a read client WHEN code calls a mutating operation THEN it does not compile and the method is absent', () => {
    const read: SnsReadClient = toSnsReadClient(sdk);
    // @ts-expect-error the read client has no createTopic
    expect(read.createTopic).toBeUndefined();
    // @ts-expect-error the read client has no subscribe
    expect(read.subscribe).toBeUndefined();
    // @ts-expect-error the read client has no setTopicAttributes
    expect(read.setTopicAttributes).toBeUndefined();
    expect(Object.keys(read).every((n) => /^(get|list)/.test(n))).toBe(true);
  });

  it('GIVEN a write client WHEN used as a read client THEN it fits (read ⊂ write) and has the mutating methods', () => {
    const write: SnsWriteClient = toSnsWriteClient(sdk);
    const asRead: SnsReadClient = write;
    expect(Object.keys(asRead)).toEqual(expect.arrayContaining(Object.keys(toSnsReadClient(sdk))));
    expect(typeof write.deleteTopic).toBe('function');
  });
});
