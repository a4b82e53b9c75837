/**
 * The EventBridge read client is read-only BY TYPE (a mutating call does not compile: `tsc` fails if
 * an `@ts-expect-error` below stops being an error) and at run time (the object has no such method).
 */
import { describe, expect, it } from 'vitest';
import {
  EVENTS_CLIENT,
  type EventsReadClient,
  type EventsWriteClient,
} from '../../../src/adapters/events/client.js';
import { FakePool } from '../../support/fake-aws.js';
import { recordingWriteContext } from '../iam/support.js';

describe('EventBridge declared client', () => {
  it('GIVEN a read client WHEN code calls a mutating operation THEN it does not compile and the method is absent', () => {
    const read: EventsReadClient = EVENTS_CLIENT.reader(new FakePool(), 'eu-west-1');
    // @ts-expect-error the read client has no putRule
    expect(read.putRule).toBeUndefined();
    // @ts-expect-error the read client has no removeTargets
    expect(read.removeTargets).toBeUndefined();
    expect(Object.keys(read).sort()).toEqual(['describeRule', 'listRules', 'listTargetsByRule']);
  });

  it('GIVEN a write client WHEN used as a read client THEN it fits (read ⊂ write)', () => {
    const write: EventsWriteClient = EVENTS_CLIENT.writer(
      recordingWriteContext(new FakePool()),
      'events.rule/eu-west-1/r',
      'eu-west-1',
    );
    const asRead: EventsReadClient = write;
    expect(typeof asRead.describeRule).toBe('function');
    expect(typeof write.deleteRule).toBe('function');
  });
});
