/**
 * sns.topic against moto: read (two regions, absent, unreadable), apply round trips, delete, and the
 * guarantee that a webhook secret never leaves the process.
 */
import {
  CreateTopicCommand,
  SetTopicAttributesCommand,
  type SNSClient,
  SubscribeCommand,
} from '@aws-sdk/client-sns';
import { afterAll, describe, expect, it } from 'vitest';
import { ClientPool } from '../../src/adapters/aws-config.js';
import { snsTopicAdapter } from '../../src/adapters/sns/index.js';
import type { SnsTopicAttrs } from '../../src/model/attrs.js';
import { canonicalPolicy } from '../../src/model/policy.js';
import { addressOf } from '../../src/model/resource.js';
import { fingerprintSecret } from '../../src/model/secrets.js';
import type { DesiredResource } from '../../src/model/state.js';
import { ACCOUNT, capturingLogger, denyAccess, recordingWriteContext } from '../adapters/sns/support.js';
import { applyPlanned, deletePlanned } from '../support/apply-step.js';
import { FaultInjector } from '../support/faults.js';
import { motoAwsOptions, useMoto } from '../support/moto.js';

useMoto();

const WEBHOOK = 'https://hooks.example.com/services/T000/B000/s3cr3tT0k3n';
const WEBHOOK_SHA = fingerprintSecret(WEBHOOK);

function topic(
  name: string,
  region: string,
  attrs: Partial<SnsTopicAttrs> = {},
): DesiredResource<'sns.topic'> {
  return {
    address: addressOf('sns.topic', name, region),
    kind: 'sns.topic',
    name,
    region,
    ensure: 'present',
    attrs: { region, ...attrs },
    dependsOn: [],
  };
}

function eventsPublishPolicy(topicArn: string) {
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'AllowEventBridge',
        Effect: 'Allow',
        Principal: { Service: 'events.amazonaws.com' },
        Action: 'sns:Publish',
        Resource: topicArn,
      },
    ],
  };
}

const arnOf = (region: string, name: string) => `arn:aws:sns:${region}:${ACCOUNT}:${name}`;
/** Seeding goes through plain SDK clients, not the adapter. */
const seedPool = new ClientPool(motoAwsOptions());
const sdk = (region: string): SNSClient => seedPool.get('sns', region);
afterAll(() => seedPool.destroy());

describe('sns.topic read (moto)', () => {
  it('GIVEN topics in eu-west-1 and eu-west-3 seeded through the SDK WHEN the adapter reads them THEN it returns the normalised attributes', async () => {
    const west1 = sdk('eu-west-1');
    const arn1 = arnOf('eu-west-1', 'alerts');
    await west1.send(
      new CreateTopicCommand({
        Name: 'alerts',
        Attributes: { DisplayName: 'Backup alerts' },
        Tags: [{ Key: 'team', Value: 'sre' }],
      }),
    );
    await west1.send(
      new SetTopicAttributesCommand({
        TopicArn: arn1,
        AttributeName: 'Policy',
        AttributeValue: JSON.stringify(eventsPublishPolicy(arn1), null, 2),
      }),
    );
    await west1.send(
      new SubscribeCommand({ TopicArn: arn1, Protocol: 'email', Endpoint: 'ops@example.com' }),
    );
    await west1.send(new SubscribeCommand({ TopicArn: arn1, Protocol: 'https', Endpoint: WEBHOOK }));
    await sdk('eu-west-3').send(new CreateTopicCommand({ Name: 'alerts-dr' }));

    const pool = new ClientPool(motoAwsOptions());
    const out = await snsTopicAdapter.read({ pool, account: ACCOUNT, concurrency: 4 }, [
      topic('alerts', 'eu-west-1'),
      topic('alerts-dr', 'eu-west-3'),
    ]);
    pool.destroy();

    expect(out.get('sns.topic/eu-west-1/alerts')).toEqual({
      status: 'present',
      attrs: {
        region: 'eu-west-1',
        displayName: 'Backup alerts',
        policy: canonicalPolicy(eventsPublishPolicy(arn1)),
        subscriptions: [
          { protocol: 'email', endpoint: 'ops@example.com' },
          {
            protocol: 'https',
            endpoint: 'https://hooks.example.com/***',
            endpointSha256: WEBHOOK_SHA,
            rawMessageDelivery: false,
          },
        ],
        tags: { team: 'sre' },
      },
      facts: { arn: arn1, pendingSubscriptions: 0 },
    });
    // A fresh topic carries AWS's default policy: that is `null`, not a document to diff against.
    expect(out.get('sns.topic/eu-west-3/alerts-dr')).toEqual({
      status: 'present',
      attrs: { region: 'eu-west-3', displayName: '', policy: null, subscriptions: [], tags: {} },
      facts: { arn: arnOf('eu-west-3', 'alerts-dr'), pendingSubscriptions: 0 },
    });
  });

  it('GIVEN a topic that does not exist WHEN read THEN it is absent', async () => {
    const pool = new ClientPool(motoAwsOptions());
    const out = await snsTopicAdapter.read({ pool, account: ACCOUNT, concurrency: 4 }, [
      topic('never-created', 'eu-west-3'),
    ]);
    pool.destroy();
    expect(out.get('sns.topic/eu-west-3/never-created')).toEqual({ status: 'absent' });
  });

  it('GIVEN access is denied in eu-west-3 only WHEN both regions are read THEN that topic is unreadable and the other present', async () => {
    const pool = new ClientPool(
      motoAwsOptions({
        onClient: denyAccess((op, region) => op === 'GetTopicAttributes' && region === 'eu-west-3'),
      }),
    );
    const out = await snsTopicAdapter.read({ pool, account: ACCOUNT, concurrency: 4 }, [
      topic('alerts', 'eu-west-1'),
      topic('alerts-dr', 'eu-west-3'),
    ]);
    pool.destroy();
    expect(out.get('sns.topic/eu-west-1/alerts')?.status).toBe('present');
    expect(out.get('sns.topic/eu-west-3/alerts-dr')).toEqual({
      status: 'unreadable',
      reason: 'access denied (AuthorizationError)',
      code: 'AuthorizationError',
    });
  });
  it('GIVEN SNS keeps throttling ListTagsForResource after the retries WHEN read THEN the topic is unreadable, never half-read', async () => {
    const faults = new FaultInjector({
      kind: 'throttle',
      nth: 1,
      times: 10,
      match: (r) => r.operation === 'ListTagsForResource',
    });
    const pool = new ClientPool(motoAwsOptions({ onClient: faults.onClient }));
    const out = await snsTopicAdapter.read({ pool, account: ACCOUNT, concurrency: 4 }, [
      topic('alerts', 'eu-west-1'),
    ]);
    pool.destroy();
    expect(out.get('sns.topic/eu-west-1/alerts')).toEqual({
      status: 'unreadable',
      reason: 'still throttled after retries (Throttling)',
      code: 'Throttling',
    });
    expect(faults.injected.length).toBeGreaterThan(0);
  });
});

describe('sns.topic apply and delete (moto)', () => {
  const region = 'eu-west-3';
  const arn = arnOf(region, 'applied-topic');
  const desired = topic('applied-topic', region, {
    displayName: 'DR alerts',
    policy: canonicalPolicy(eventsPublishPolicy(arn)),
    subscriptions: [
      { protocol: 'email', endpoint: 'dr@example.com' },
      { protocol: 'https', endpoint: 'https://hooks.example.com/***', endpointSha256: WEBHOOK_SHA },
    ],
    tags: { env: 'dr' },
  });
  const secrets = new Map([[WEBHOOK_SHA, WEBHOOK]]);

  it('GIVEN an absent topic WHEN applied THEN it is created as declared, and a second apply is unchanged with zero mutating calls', async () => {
    const pool = new ClientPool(motoAwsOptions());
    const ctx = recordingWriteContext(pool, { secrets });
    expect(await applyPlanned(snsTopicAdapter, ctx, desired)).toBe('applied');
    expect(ctx.calls.map((c) => c.operation)).toEqual(['CreateTopic', 'Subscribe', 'Subscribe']);

    const read = await snsTopicAdapter.read(ctx, [desired]);
    const obs = read.get(desired.address);
    expect(obs?.status).toBe('present');
    const attrs = (obs as { attrs: SnsTopicAttrs }).attrs;
    expect(attrs).toMatchObject({
      displayName: 'DR alerts',
      policy: desired.attrs.policy,
      tags: { env: 'dr' },
    });
    expect(
      attrs.subscriptions?.map(({ protocol, endpoint, endpointSha256 }) => ({
        protocol,
        endpoint,
        endpointSha256,
      })),
    ).toEqual([
      { protocol: 'email', endpoint: 'dr@example.com', endpointSha256: undefined },
      { protocol: 'https', endpoint: 'https://hooks.example.com/***', endpointSha256: WEBHOOK_SHA },
    ]);

    const again = recordingWriteContext(pool, { secrets });
    expect(await applyPlanned(snsTopicAdapter, again, desired)).toBe('unchanged');
    expect(again.calls).toEqual([]);
    pool.destroy();
  });

  it('GIVEN drift (policy back to default wanted, a display name changed, an extra subscription, a tag removed) WHEN applied THEN only those parts are written and the topic converges', async () => {
    const client = sdk(region);
    await client.send(
      new SetTopicAttributesCommand({
        TopicArn: arn,
        AttributeName: 'DisplayName',
        AttributeValue: 'edited by hand',
      }),
    );
    await client.send(
      new SubscribeCommand({ TopicArn: arn, Protocol: 'email', Endpoint: 'intruder@example.com' }),
    );
    const wantNow = topic('applied-topic', region, {
      ...desired.attrs,
      policy: null,
      tags: {},
    });
    const pool = new ClientPool(motoAwsOptions());
    const ctx = recordingWriteContext(pool, { secrets });
    expect(await applyPlanned(snsTopicAdapter, ctx, wantNow)).toBe('applied');
    expect(ctx.calls.map((c) => c.operation).sort()).toEqual([
      'SetTopicAttributes',
      'SetTopicAttributes',
      'Unsubscribe',
      'UntagResource',
    ]);
    const obs = (await snsTopicAdapter.read(ctx, [wantNow])).get(wantNow.address) as { attrs: SnsTopicAttrs };
    expect(obs.attrs.policy).toBeNull();
    expect(obs.attrs.displayName).toBe('DR alerts');
    expect(obs.attrs.tags).toEqual({});
    expect(obs.attrs.subscriptions?.map((s) => s.endpoint)).toEqual([
      'dr@example.com',
      'https://hooks.example.com/***',
    ]);

    const again = recordingWriteContext(pool, { secrets });
    expect(await applyPlanned(snsTopicAdapter, again, wantNow)).toBe('unchanged');
    expect(again.calls).toEqual([]);
    pool.destroy();
  });

  it('GIVEN a new https subscription whose secret is not loaded WHEN applied THEN the step fails naming the redacted endpoint and nothing is written', async () => {
    const other = 'https://hooks.example.com/services/T000/B999/an0th3r';
    const want = topic('applied-topic', region, {
      subscriptions: [
        ...(desired.attrs.subscriptions ?? []),
        {
          protocol: 'https',
          endpoint: 'https://hooks.example.com/***',
          endpointSha256: fingerprintSecret(other),
        },
      ],
    });
    const pool = new ClientPool(motoAwsOptions());
    const ctx = recordingWriteContext(pool, { secrets });
    await expect(applyPlanned(snsTopicAdapter, ctx, want)).rejects.toMatchObject({
      code: 'SECRET_UNAVAILABLE',
      message: expect.stringContaining('https https://hooks.example.com/***'),
    });
    expect(ctx.calls).toEqual([]);
    pool.destroy();
  });

  it('GIVEN the topic WHEN deleted twice THEN the first deletes it (absent afterwards) and the second is unchanged', async () => {
    const pool = new ClientPool(motoAwsOptions());
    const ctx = recordingWriteContext(pool);
    expect(await deletePlanned(snsTopicAdapter, ctx, desired)).toBe('applied');
    expect((await snsTopicAdapter.read(ctx, [desired])).get(desired.address)).toEqual({ status: 'absent' });
    const again = recordingWriteContext(pool);
    expect(await deletePlanned(snsTopicAdapter, again, desired)).toBe('unchanged');
    expect(again.calls).toEqual([]);
    pool.destroy();
  });
});

describe('sns.topic secrets (moto)', () => {
  it('GIVEN a planted https webhook secret WHEN the topic is applied and read with trace logging THEN the secret is in no attribute, fact or log line', async () => {
    const secret = 'https://alice:hunter2@hooks.example.com/services/PLANTED/SECRET/t0k3nPl4nt3d?sig=abc123';
    const sha = fingerprintSecret(secret);
    const want = topic('secret-topic', 'eu-west-1', {
      subscriptions: [{ protocol: 'https', endpoint: 'https://hooks.example.com/***', endpointSha256: sha }],
    });
    const { logger, text } = capturingLogger();
    const pool = new ClientPool(motoAwsOptions());
    const ctx = recordingWriteContext(pool, { secrets: new Map([[sha, secret]]), logger });
    await applyPlanned(snsTopicAdapter, ctx, want);
    const out = await snsTopicAdapter.read(ctx, [want]);
    const denied = new ClientPool(
      motoAwsOptions({ onClient: denyAccess((op) => op === 'ListSubscriptionsByTopic') }),
    );
    const unreadable = await snsTopicAdapter.read(
      { pool: denied, account: ACCOUNT, concurrency: 2, logger },
      [want],
    );
    pool.destroy();
    denied.destroy();

    const everything = JSON.stringify([...out, ...unreadable, ctx.calls]) + text();
    expect((out.get(want.address) as { attrs: SnsTopicAttrs }).attrs.subscriptions?.[0]?.endpointSha256).toBe(
      sha,
    );
    for (const fragment of ['hunter2', 'alice', 'PLANTED', 't0k3nPl4nt3d', 'sig=abc123', secret]) {
      expect(everything).not.toContain(fragment);
    }
  });
});
