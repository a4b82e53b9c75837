/**
 * applyTopic against a fake pool (issue 14): a topic's subscriptions are independent resources, so
 * its Subscribe calls are in flight together; unsubscribes follow once the new subscriptions exist.
 */
import { describe, expect, it } from 'vitest';
import { applyTopic } from '../../../src/adapters/sns/apply.js';
import type { DesiredResource } from '../../../src/model/state.js';
import { FakePool } from '../../support/fake-aws.js';
import { recordingWriteContext } from './support.js';

const REGION = 'eu-west-1';
const ARN = `arn:aws:sns:${REGION}:828879644785:alerts`;

function topic(emails: readonly string[]): DesiredResource<'sns.topic'> {
  return {
    address: `sns.topic/${REGION}/alerts`,
    kind: 'sns.topic',
    name: 'alerts',
    region: REGION,
    ensure: 'present',
    attrs: { region: REGION, subscriptions: emails.map((endpoint) => ({ protocol: 'email', endpoint })) },
    dependsOn: [],
  };
}

describe('applyTopic: subscriptions side by side', () => {
  it('GIVEN a new topic with three email subscriptions WHEN applied THEN CreateTopic first, then the three Subscribe calls are in flight together', async () => {
    const events: string[] = [];
    let inFlight = 0;
    let peak = 0;
    let release: () => void = () => {};
    const allThree = new Promise<void>((r) => {
      release = r;
    });
    const pool = new FakePool({
      CreateTopic: () => {
        events.push('CreateTopic');
        return { TopicArn: ARN, $metadata: {} };
      },
      Subscribe: async (input: { Endpoint: string; TopicArn: string }) => {
        events.push(`Subscribe ${input.Endpoint} to ${input.TopicArn}`);
        inFlight++;
        peak = Math.max(peak, inFlight);
        if (inFlight === 3) release();
        // Safety timeout: one at a time keeps the peak at 1 and fails the test, never hangs it.
        await Promise.race([allThree, new Promise((r) => setTimeout(r, 500))]);
        inFlight--;
        return { SubscriptionArn: `${ARN}:${input.Endpoint}`, $metadata: {} };
      },
    });
    const emails = ['a@example.com', 'b@example.com', 'c@example.com'];
    const outcome = await applyTopic(recordingWriteContext(pool), {
      desired: topic(emails),
      observation: { status: 'absent' },
      change: { action: 'create', fieldDiffs: [] },
    });
    expect(outcome).toBe('applied');
    expect(peak).toBe(3);
    expect(events).toEqual(['CreateTopic', ...emails.map((e) => `Subscribe ${e} to ${ARN}`)]);
  });
});
