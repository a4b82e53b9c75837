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

  it('GIVEN no live webhook WHEN planned THEN the step fails before any write, naming the variable problem', () => {
    expect(() => planSubscriptionWrites('sns.topic/eu-west-1/alerts', [unresolved], [], new Map())).toThrow(
      /clear endpoint is not available/,
    );
  });
});
