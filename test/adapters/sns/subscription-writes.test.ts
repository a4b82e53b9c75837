import { describe, expect, it } from 'vitest';
import { planSubscriptionWrites } from '../../../src/adapters/sns/apply.js';
import type { LiveSubscription } from '../../../src/adapters/sns/read.js';
import type { SnsSubscription } from '../../../src/model/attrs.js';
import { fingerprintSecret, redactEndpoint } from '../../../src/model/secrets.js';

const HOOK = 'https://hooks.slack.com/services/T1/B1/S3CRET';
const liveHook: LiveSubscription = {
  arn: 'arn:aws:sns:eu-west-1:828879644785:alerts:1111',
  attrs: { protocol: 'https', endpoint: redactEndpoint(HOOK), endpointSha256: fingerprintSecret(HOOK) },
};
const unresolved: SnsSubscription = {
  protocol: 'https',
  endpoint: 'https://<unresolved ${env:ALERTS_WEBHOOK}>',
  unresolved: true,
};

describe('planSubscriptionWrites: desired endpoint from an unset ${env:} variable', () => {
  it('GIVEN a live webhook of the same protocol WHEN planned THEN it is kept: no subscribe, no unsubscribe', () => {
    const writes = planSubscriptionWrites('sns.topic/eu-west-1/alerts', [unresolved], [liveHook], new Map());
    expect(writes.subscribe).toEqual([]);
    expect(writes.unsubscribe).toEqual([]);
  });

  it('GIVEN no live webhook WHEN planned THEN nothing is subscribed and the subscription is reported as unresolved (the rest of the topic still applies)', () => {
    const writes = planSubscriptionWrites('sns.topic/eu-west-1/alerts', [unresolved], [], new Map());
    expect(writes.subscribe).toEqual([]);
    expect(writes.unresolved).toEqual([unresolved]);
  });

  it('GIVEN a fingerprinted webhook whose secret is missing from the table WHEN planned THEN the step fails before any write', () => {
    const fingerprinted: SnsSubscription = {
      protocol: 'https',
      endpoint: redactEndpoint(HOOK),
      endpointSha256: fingerprintSecret(HOOK),
    };
    expect(() =>
      planSubscriptionWrites('sns.topic/eu-west-1/alerts', [fingerprinted], [], new Map()),
    ).toThrow(/clear endpoint is not available/);
  });
});
