/**
 * Contract tests (aws-sdk-client-mock) for what moto cannot show: moto confirms every subscription at
 * once and never masks endpoints, AWS does both. Response shapes follow the SNS API reference
 * (ListSubscriptionsByTopic: `SubscriptionArn` is the literal `PendingConfirmation` while pending;
 * http(s) endpoints with basic-auth credentials come back as `https://user:****@host/...`).
 */
import {
  GetSubscriptionAttributesCommand,
  GetTopicAttributesCommand,
  ListSubscriptionsByTopicCommand,
  ListTagsForResourceCommand,
  SNSClient,
  SubscribeCommand,
  UnsubscribeCommand,
} from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ClientPool } from '../../../src/adapters/aws-config.js';
import { snsTopicAdapter } from '../../../src/adapters/sns/index.js';
import { defaultTopicPolicy } from '../../../src/adapters/sns/normalize.js';
import type { SnsSubscription, SnsTopicAttrs } from '../../../src/model/attrs.js';
import { addressOf } from '../../../src/model/resource.js';
import { fingerprintSecret } from '../../../src/model/secrets.js';
import type { DesiredResource } from '../../../src/model/state.js';
import { applyPlanned } from '../../support/apply-step.js';
import { ACCOUNT, capturingLogger, recordingWriteContext } from './support.js';

const REGION = 'eu-west-1';
const TOPIC_ARN = `arn:aws:sns:${REGION}:${ACCOUNT}:alerts`;
const CLEAR = 'https://alice:correct-horse@hooks.example.com/hook/abc';
const MASKED = 'https://alice:****@hooks.example.com/hook/abc';

const sns = mockClient(SNSClient);
let pool: ClientPool;

function desiredTopic(subscriptions: SnsSubscription[]): DesiredResource<'sns.topic'> {
  return {
    address: addressOf('sns.topic', 'alerts', REGION),
    kind: 'sns.topic',
    name: 'alerts',
    region: REGION,
    ensure: 'present',
    attrs: { region: REGION, subscriptions },
    dependsOn: [],
  };
}

/** A topic with AWS's default policy and no tags, listing `subscriptions`. */
function liveTopic(subscriptions: { SubscriptionArn: string; Protocol: string; Endpoint: string }[]) {
  sns.on(GetTopicAttributesCommand).resolves({
    Attributes: {
      TopicArn: TOPIC_ARN,
      Owner: ACCOUNT,
      DisplayName: '',
      Policy: JSON.stringify(defaultTopicPolicy(TOPIC_ARN, ACCOUNT)),
      SubscriptionsPending: String(
        subscriptions.filter((s) => s.SubscriptionArn === 'PendingConfirmation').length,
      ),
    },
  });
  sns.on(ListSubscriptionsByTopicCommand).resolves({
    Subscriptions: subscriptions.map((s) => ({ ...s, Owner: ACCOUNT, TopicArn: TOPIC_ARN })),
  });
  sns.on(GetSubscriptionAttributesCommand).resolves({ Attributes: { RawMessageDelivery: 'false' } });
  sns.on(ListTagsForResourceCommand).resolves({ Tags: [] });
}

beforeEach(() => {
  sns.reset();
  pool = new ClientPool({ defaultRegion: REGION, credentials: { accessKeyId: 'x', secretAccessKey: 'x' } });
});
afterEach(() => pool.destroy());

describe('sns.topic read — contract (aws-sdk-client-mock)', () => {
  it('GIVEN GetTopicAttributes stays throttled WHEN read THEN unreadable with a reason that does not repeat the address', async () => {
    sns
      .on(GetTopicAttributesCommand)
      .rejects(
        Object.assign(new Error('Rate exceeded'), { name: 'Throttling', $metadata: { httpStatusCode: 400 } }),
      );
    const out = await snsTopicAdapter.read({ pool, account: ACCOUNT, concurrency: 2 }, [desiredTopic([])]);
    expect(out.get('sns.topic/eu-west-1/alerts')).toEqual({
      status: 'unreadable',
      reason: 'still throttled after retries (Throttling)',
      code: 'Throttling',
    });
  });

  it('GIVEN a pending https subscription with a masked endpoint on page 1 and an email on page 2 WHEN read THEN the https one is pending without fingerprint and no ARN call is made for it', async () => {
    sns.on(GetTopicAttributesCommand).resolves({
      Attributes: { Policy: JSON.stringify(defaultTopicPolicy(TOPIC_ARN, ACCOUNT)), DisplayName: '' },
    });
    sns
      .on(ListSubscriptionsByTopicCommand, { TopicArn: TOPIC_ARN })
      .resolvesOnce({
        Subscriptions: [
          {
            SubscriptionArn: 'PendingConfirmation',
            Owner: ACCOUNT,
            Protocol: 'https',
            Endpoint: MASKED,
            TopicArn: TOPIC_ARN,
          },
        ],
        NextToken: 'page-2',
      })
      .resolvesOnce({
        Subscriptions: [
          {
            SubscriptionArn: `${TOPIC_ARN}:e1`,
            Owner: ACCOUNT,
            Protocol: 'email',
            Endpoint: 'ops@example.com',
            TopicArn: TOPIC_ARN,
          },
        ],
      });
    sns.on(ListTagsForResourceCommand).resolves({ Tags: [] });

    const out = await snsTopicAdapter.read({ pool, account: ACCOUNT, concurrency: 2 }, [desiredTopic([])]);
    const obs = out.get('sns.topic/eu-west-1/alerts') as {
      status: string;
      attrs: SnsTopicAttrs;
      facts: object;
    };
    expect(obs.attrs.subscriptions).toEqual([
      { protocol: 'email', endpoint: 'ops@example.com' },
      { protocol: 'https', endpoint: 'https://hooks.example.com/***', pending: true },
    ]);
    expect(obs.facts).toEqual({ arn: TOPIC_ARN, pendingSubscriptions: 1 });
    expect(sns.commandCalls(ListSubscriptionsByTopicCommand).map((c) => c.args[0].input.NextToken)).toEqual([
      undefined,
      'page-2',
    ]);
    expect(sns.commandCalls(GetSubscriptionAttributesCommand)).toHaveLength(0);
    expect(JSON.stringify(obs)).not.toContain('alice');
  });
});

describe('sns.topic apply — contract (aws-sdk-client-mock)', () => {
  const want = {
    protocol: 'https',
    endpoint: 'https://hooks.example.com/***',
    endpointSha256: fingerprintSecret(CLEAR),
  };

  it('GIVEN AWS lists the desired https subscription with its password masked WHEN applied with the secret THEN it matches (no Subscribe, no Unsubscribe)', async () => {
    liveTopic([{ SubscriptionArn: `${TOPIC_ARN}:h1`, Protocol: 'https', Endpoint: MASKED }]);
    const ctx = recordingWriteContext(pool, { secrets: new Map([[want.endpointSha256, CLEAR]]) });
    expect(await applyPlanned(snsTopicAdapter, ctx, desiredTopic([want]))).toBe('unchanged');
    expect(ctx.calls).toEqual([]);
  });

  it('GIVEN the masked live endpoint has another path than the desired one WHEN planned THEN it is in sync but unverifiable (the plan has no clear URL to compare), so apply writes nothing', async () => {
    liveTopic([
      {
        SubscriptionArn: `${TOPIC_ARN}:old`,
        Protocol: 'https',
        Endpoint: 'https://alice:****@hooks.example.com/hook/OLD',
      },
    ]);
    const ctx = recordingWriteContext(pool, { secrets: new Map([[want.endpointSha256, CLEAR]]) });
    expect(await applyPlanned(snsTopicAdapter, ctx, desiredTopic([want]))).toBe('unchanged');
    expect(ctx.calls).toEqual([]);
  });

  it('GIVEN a step that changes the subscriptions and the masked live endpoint has another path than the desired one WHEN applied THEN the re-read matches with the clear secret: the desired one is subscribed and the old one removed', async () => {
    liveTopic([
      {
        SubscriptionArn: `${TOPIC_ARN}:old`,
        Protocol: 'https',
        Endpoint: 'https://alice:****@hooks.example.com/hook/OLD',
      },
    ]);
    sns.on(SubscribeCommand).resolves({ SubscriptionArn: `${TOPIC_ARN}:new` });
    sns.on(UnsubscribeCommand).resolves({});
    const ctx = recordingWriteContext(pool, { secrets: new Map([[want.endpointSha256, CLEAR]]) });
    const email = { protocol: 'email', endpoint: 'ops@example.com' };
    expect(await applyPlanned(snsTopicAdapter, ctx, desiredTopic([want, email]))).toBe('applied');
    expect(ctx.calls.map((c) => c.operation)).toEqual(['Subscribe', 'Subscribe', 'Unsubscribe']);
    expect(sns.commandCalls(SubscribeCommand).map((c) => c.args[0].input)).toEqual([
      expect.objectContaining({ Protocol: 'https', Endpoint: CLEAR }),
      expect.objectContaining({ Protocol: 'email', Endpoint: 'ops@example.com' }),
    ]);
    expect(sns.commandCalls(UnsubscribeCommand)[0]?.args[0].input).toEqual({
      SubscriptionArn: `${TOPIC_ARN}:old`,
    });
  });

  it('GIVEN an extra subscription still PendingConfirmation WHEN applied THEN it is not unsubscribed (no ARN) and a warning says why', async () => {
    liveTopic([
      { SubscriptionArn: `${TOPIC_ARN}:e1`, Protocol: 'email', Endpoint: 'ops@example.com' },
      { SubscriptionArn: 'PendingConfirmation', Protocol: 'email', Endpoint: 'stranger@example.com' },
    ]);
    const { logger, text } = capturingLogger();
    const ctx = recordingWriteContext(pool, { logger });
    const outcome = await applyPlanned(
      snsTopicAdapter,
      ctx,
      desiredTopic([{ protocol: 'email', endpoint: 'ops@example.com' }]),
    );
    expect(outcome).toBe('unchanged');
    expect(ctx.calls).toEqual([]);
    expect(sns.commandCalls(UnsubscribeCommand)).toHaveLength(0);
    expect(text()).toContain('pending confirmation and cannot be removed');
    expect(text()).toContain('stranger@example.com');
  });

  it('GIVEN a desired subscription that is still pending WHEN applied THEN it is not subscribed again (no second confirmation mail)', async () => {
    liveTopic([{ SubscriptionArn: 'PendingConfirmation', Protocol: 'email', Endpoint: 'ops@example.com' }]);
    const ctx = recordingWriteContext(pool);
    expect(
      await applyPlanned(
        snsTopicAdapter,
        ctx,
        desiredTopic([{ protocol: 'email', endpoint: 'ops@example.com' }]),
      ),
    ).toBe('unchanged');
    expect(sns.commandCalls(SubscribeCommand)).toHaveLength(0);
  });
});
