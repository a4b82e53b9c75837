/**
 * The SNS read client is read-only BY TYPE (a mutating call does not compile: `tsc` fails if an
 * `@ts-expect-error` below stops being an error) and at run time (the object has no such method).
 */
import { describe, expect, it } from 'vitest';
import { SNS_CLIENT, type SnsReadClient, type SnsWriteClient } from '../../../src/adapters/sns/client.js';
import { SNS_PUBLISH_CLIENT } from '../../../src/adapters/sns/publish.js';
import { FakePool } from '../../support/fake-aws.js';
import { recordingWriteContext } from './support.js';

describe('SNS declared clients', () => {
  it('GIVEN a read client WHEN code calls a mutating operation THEN it does not compile and the method is absent', () => {
    const read: SnsReadClient = SNS_CLIENT.reader(new FakePool(), 'eu-west-1');
    // @ts-expect-error the read client has no createTopic
    expect(read.createTopic).toBeUndefined();
    // @ts-expect-error the read client has no subscribe
    expect(read.subscribe).toBeUndefined();
    // @ts-expect-error the read client has no setTopicAttributes
    expect(read.setTopicAttributes).toBeUndefined();
    expect(Object.keys(read).every((n) => /^(get|list)/.test(n))).toBe(true);
  });

  it('GIVEN a write client WHEN used as a read client THEN it fits (read ⊂ write) and has the mutating methods, but not Publish', () => {
    const pool = new FakePool();
    const write: SnsWriteClient = SNS_CLIENT.writer(
      recordingWriteContext(pool),
      'sns.topic/eu-west-1/t',
      'eu-west-1',
    );
    const asRead: SnsReadClient = write;
    expect(Object.keys(asRead)).toEqual(expect.arrayContaining(Object.keys(SNS_CLIENT.reader(pool))));
    expect(typeof write.deleteTopic).toBe('function');
    // @ts-expect-error the topic adapter cannot publish: only the report's publish client can
    expect(write.publish).toBeUndefined();
  });

  it('GIVEN the publish client WHEN declared THEN it reads nothing and writes only Publish', () => {
    expect(SNS_PUBLISH_CLIENT.operations).toEqual({ read: [], write: ['Publish'] });
    expect(Object.keys(SNS_PUBLISH_CLIENT.reader(new FakePool()))).toEqual([]);
  });
});
