/** SNS normalisation: each case names the perpetual diff it prevents. */
import { describe, expect, it } from 'vitest';
import {
  compareSubscriptions,
  defaultTopicPolicy,
  isMaskedEndpoint,
  maskEndpointLikeAws,
  normalizeSubscription,
  normalizeTopic,
  normalizeTopicPolicy,
} from '../../../src/adapters/sns/normalize.js';
import { canonicalPolicy } from '../../../src/model/policy.js';
import { fingerprintSecret } from '../../../src/model/secrets.js';
import { ACCOUNT } from '../../support/builders/index.js';

const ARN = `arn:aws:sns:eu-west-1:${ACCOUNT}:alerts`;

/** The default policy exactly as moto 5.2.1 returns it (compact, its own key order). */
const MOTO_DEFAULT =
  '{"Version":"2008-10-17","Id":"__default_policy_ID","Statement":[{"Effect":"Allow","Sid":"__default_statement_ID","Principal":{"AWS":"*"},"Action":["SNS:GetTopicAttributes","SNS:SetTopicAttributes","SNS:AddPermission","SNS:RemovePermission","SNS:DeleteTopic","SNS:Subscribe","SNS:ListSubscriptionsByTopic","SNS:Publish"],"Resource":"arn:aws:sns:eu-west-1:828879644785:alerts","Condition":{"StringEquals":{"AWS:SourceOwner":"828879644785"}}}]}';

function withStatement(extra: Record<string, unknown>): string {
  const doc = defaultTopicPolicy(ARN, ACCOUNT) as { Statement: Record<string, unknown>[] };
  return JSON.stringify({ ...doc, Statement: [...doc.Statement, extra] });
}

describe('normalizeTopicPolicy', () => {
  it('GIVEN the default policy moto/AWS gives every new topic WHEN normalised THEN it is null (a spec without a policy is not drift)', () => {
    expect(normalizeTopicPolicy(MOTO_DEFAULT, ARN, ACCOUNT)).toBeNull();
  });

  it('GIVEN the older default (with SNS:Receive), other ids and a pretty layout WHEN normalised THEN it is still recognised as the default', () => {
    const doc = defaultTopicPolicy(ARN, ACCOUNT) as { Statement: [Record<string, unknown>] };
    const first = doc.Statement[0];
    const old = {
      Id: 'some-other-id',
      Version: '2008-10-17',
      Statement: [{ ...first, Sid: 'x', Action: [...(first.Action as string[]), 'SNS:Receive'] }],
    };
    expect(normalizeTopicPolicy(JSON.stringify(old, null, 4), ARN, ACCOUNT)).toBeNull();
  });

  it('GIVEN the default plus an events.amazonaws.com publish statement WHEN normalised THEN it is a canonical document, not null', () => {
    const raw = withStatement({
      Effect: 'Allow',
      Principal: { Service: 'events.amazonaws.com' },
      Action: 'sns:Publish',
      Resource: ARN,
    });
    const got = normalizeTopicPolicy(raw, ARN, ACCOUNT);
    expect(got).not.toBeNull();
    expect(got?.Statement).toHaveLength(2);
  });

  it('GIVEN a default-shaped policy for another account or another topic WHEN normalised THEN it is not mistaken for the default', () => {
    expect(
      normalizeTopicPolicy(MOTO_DEFAULT.replaceAll(ACCOUNT, '111122223333'), ARN, ACCOUNT),
    ).not.toBeNull();
    expect(normalizeTopicPolicy(MOTO_DEFAULT, `${ARN}-other`, ACCOUNT)).not.toBeNull();
  });

  it('GIVEN a custom policy re-serialised compactly with keys and statements reordered WHEN normalised THEN it equals the spec form (no diff)', () => {
    const spec = {
      Version: '2012-10-17',
      Statement: [
        {
          Sid: 'A',
          Effect: 'Allow',
          Principal: { Service: 'events.amazonaws.com' },
          Action: ['sns:Publish'],
          Resource: ARN,
        },
        { Sid: 'B', Effect: 'Deny', Principal: '*', Action: 'sns:DeleteTopic', Resource: ARN },
      ],
    };
    const compact =
      '{"Statement":[{"Resource":"arn:aws:sns:eu-west-1:828879644785:alerts","Action":"sns:DeleteTopic","Principal":"*","Effect":"Deny","Sid":"B"},{"Sid":"A","Action":"sns:Publish","Effect":"Allow","Principal":{"Service":"events.amazonaws.com"},"Resource":"arn:aws:sns:eu-west-1:828879644785:alerts"}],"Version":"2012-10-17"}';
    expect(normalizeTopicPolicy(compact, ARN, ACCOUNT)).toEqual(canonicalPolicy(spec));
  });

  it('GIVEN no Policy attribute at all WHEN normalised THEN it is null', () => {
    expect(normalizeTopicPolicy(undefined, ARN, ACCOUNT)).toBeNull();
  });
});

describe('normalizeSubscription', () => {
  const url = 'https://hooks.example.com/services/T0/B0/s3cr3t';

  it('GIVEN a confirmed https subscription WHEN normalised THEN the endpoint is redacted and fingerprinted, never clear', () => {
    const s = normalizeSubscription({ SubscriptionArn: `${ARN}:1`, Protocol: 'https', Endpoint: url }, false);
    expect(s).toEqual({
      protocol: 'https',
      endpoint: 'https://hooks.example.com/***',
      endpointSha256: fingerprintSecret(url),
      rawMessageDelivery: false,
    });
    expect(JSON.stringify(s)).not.toContain('s3cr3t');
  });

  it('GIVEN an endpoint AWS returned with its password masked WHEN normalised THEN it has no fingerprint (unverifiable, not drift against the spec hash)', () => {
    const masked = 'https://alice:****@hooks.example.com/hook';
    expect(isMaskedEndpoint(masked)).toBe(true);
    const s = normalizeSubscription({ SubscriptionArn: `${ARN}:2`, Protocol: 'https', Endpoint: masked });
    expect(s).toEqual({ protocol: 'https', endpoint: 'https://hooks.example.com/***' });
  });

  it('GIVEN a PendingConfirmation subscription WHEN normalised THEN it is marked pending', () => {
    const s = normalizeSubscription({
      SubscriptionArn: 'PendingConfirmation',
      Protocol: 'email',
      Endpoint: 'a@example.com',
    });
    expect(s).toEqual({ protocol: 'email', endpoint: 'a@example.com', pending: true });
  });

  it('GIVEN a clear URL with credentials WHEN masked like AWS THEN only the password becomes ****', () => {
    expect(maskEndpointLikeAws('https://alice:pw@h.example.com/p?q=1')).toBe(
      'https://alice:****@h.example.com/p?q=1',
    );
    expect(maskEndpointLikeAws('https://h.example.com/p')).toBe('https://h.example.com/p');
    expect(isMaskedEndpoint('https://h.example.com/p')).toBe(false);
  });
});

describe('normalizeTopic', () => {
  it('GIVEN subscriptions and tags in AWS order WHEN normalised THEN subscriptions are sorted by protocol then endpoint and tags keyed (order never diffs)', () => {
    const attrs = normalizeTopic({
      region: 'eu-west-1',
      account: ACCOUNT,
      topicArn: ARN,
      attributes: { Policy: MOTO_DEFAULT, DisplayName: '' },
      subscriptions: [
        { sub: { SubscriptionArn: `${ARN}:3`, Protocol: 'sqs', Endpoint: 'arn:aws:sqs:eu-west-1:1:q' } },
        { sub: { SubscriptionArn: `${ARN}:2`, Protocol: 'email', Endpoint: 'z@example.com' } },
        { sub: { SubscriptionArn: `${ARN}:1`, Protocol: 'email', Endpoint: 'a@example.com' } },
        { sub: { SubscriptionArn: 'Deleted', Protocol: 'email', Endpoint: 'gone@example.com' } },
      ],
      tags: [
        { Key: 'z', Value: '1' },
        { Key: 'a', Value: '2' },
      ],
    });
    expect(attrs.subscriptions?.map((s) => s.endpoint)).toEqual([
      'a@example.com',
      'z@example.com',
      'arn:aws:sqs:eu-west-1:1:q',
    ]);
    expect(attrs.tags).toEqual({ a: '2', z: '1' });
    expect(attrs.policy).toBeNull();
    expect(attrs.displayName).toBe('');
    expect(compareSubscriptions(attrs.subscriptions![0]!, attrs.subscriptions![1]!)).toBeLessThan(0);
  });
});
