/**
 * The EventBridge read client is read-only BY TYPE (a mutating call does not compile: `tsc` fails if
 * an `@ts-expect-error` below stops being an error) and at run time (the object has no such method).
 */
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { afterAll, describe, expect, it } from 'vitest';
import {
  type EventsReadClient,
  type EventsWriteClient,
  toEventsReadClient,
  toEventsWriteClient,
} from '../../../src/adapters/events/client.js';

const sdk = new EventBridgeClient({ region: 'eu-west-1' });
afterAll(() => sdk.destroy());

describe('EventBridge read/write clients', () => {
  it('GIVEN a read client WHEN code calls a mutating operation THEN it does not compile and the method is absent', () => {
    const read: EventsReadClient = toEventsReadClient(sdk);
    // @ts-expect-error the read client has no putRule
    expect(read.putRule).toBeUndefined();
    // @ts-expect-error the read client has no removeTargets
    expect(read.removeTargets).toBeUndefined();
    expect(Object.keys(read).sort()).toEqual(['describeRule', 'listTargetsByRule']);
  });

  it('GIVEN a write client WHEN used as a read client THEN it fits (read ⊂ write)', () => {
    const write: EventsWriteClient = toEventsWriteClient(sdk);
    const asRead: EventsReadClient = write;
    expect(typeof asRead.describeRule).toBe('function');
    expect(typeof write.deleteRule).toBe('function');
  });
});
