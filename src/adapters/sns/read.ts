/**
 * Reads SNS topics: GetTopicAttributes (NotFound -> absent), ListSubscriptionsByTopic (paginated),
 * GetSubscriptionAttributes for confirmed subscriptions whose protocol supports raw delivery, and
 * ListTagsForResource. Topics are read concurrently (bounded), each with its region's client.
 * Clear endpoints never leave this module except in `LiveSubscription.maskedEndpoint` (in memory, for
 * the writer's matching only).
 */

import type { Subscription, Tag } from '@aws-sdk/client-sns';
import { topicArn as arnOfTopic } from '../../model/arn.js';
import type { SnsSubscription, SnsTopicAttrs } from '../../model/attrs.js';
import type { ResourceAddress } from '../../model/resource.js';
import type { DesiredResource, Observation } from '../../model/state.js';
import { allInOrder, awsErrorCode, classifyReadError, mapBounded } from '../kit.js';
import type { ReadContext } from '../types.js';
import { SNS_CLIENT, type SnsReadClient } from './client.js';
import {
  compareSubscriptions,
  isConfirmedSubscriptionArn,
  isMaskedEndpoint,
  normalizeSubscription,
  normalizeTopic,
} from './normalize.js';

/** Protocols whose subscriptions carry a RawMessageDelivery attribute. */
const RAW_DELIVERY_PROTOCOLS = new Set(['http', 'https', 'sqs', 'firehose']);

/** A live subscription with what the writer needs besides its attributes. */
export interface LiveSubscription {
  readonly attrs: SnsSubscription;
  /** The subscription ARN; undefined while pending confirmation (then it cannot be unsubscribed). */
  readonly arn?: string;
  /**
   * The endpoint exactly as AWS listed it, kept only when AWS masked its password, so the writer can
   * compare it with the desired URL masked the same way. May still hold path tokens: in memory only,
   * never logged or returned in attrs/facts.
   */
  readonly maskedEndpoint?: string;
}

/** One topic as read. */
export type TopicRead =
  | { readonly status: 'absent' }
  | {
      readonly status: 'present';
      readonly arn: string;
      readonly attrs: SnsTopicAttrs;
      /** Same order as attrs.subscriptions. */
      readonly subscriptions: readonly LiveSubscription[];
    };

/** True for the errors SNS returns for a topic that does not exist. */
export function isTopicNotFound(e: unknown): boolean {
  const code = awsErrorCode(e);
  return code === 'NotFound' || code === 'NotFoundException';
}

async function listSubscriptions(client: SnsReadClient, topicArn: string): Promise<Subscription[]> {
  const out: Subscription[] = [];
  let token: string | undefined;
  do {
    const page = await client.listSubscriptionsByTopic({
      TopicArn: topicArn,
      ...(token ? { NextToken: token } : {}),
    });
    out.push(...(page.Subscriptions ?? []));
    token = page.NextToken;
  } while (token);
  return out;
}

/**
 * Reads one topic. Throws SDK errors other than NotFound (the caller classifies them). `managed`
 * (scope `managed`: the desired attrs): subscriptions and tags are only listed when managed; the
 * unread fields stay undefined.
 */
export async function readTopic(
  client: SnsReadClient,
  region: string,
  account: string,
  name: string,
  managed?: SnsTopicAttrs,
): Promise<TopicRead> {
  const wantSubscriptions = managed === undefined || managed.subscriptions !== undefined;
  const wantTags = managed === undefined || managed.tags !== undefined;
  const topicArn = arnOfTopic(account, region, name);
  // The topic's attributes, subscriptions and tags go together (one round trip);
  // GetTopicAttributes decides whether the topic exists.
  let read: [Record<string, string>, Subscription[], Tag[]];
  try {
    read = await allInOrder<[Record<string, string>, Subscription[], Tag[]]>([
      client.getTopicAttributes({ TopicArn: topicArn }).then((r) => r.Attributes ?? {}),
      wantSubscriptions ? listSubscriptions(client, topicArn) : Promise.resolve([]),
      wantTags
        ? client.listTagsForResource({ ResourceArn: topicArn }).then((r) => r.Tags ?? [])
        : Promise.resolve([]),
    ]);
  } catch (e) {
    if (isTopicNotFound(e)) return { status: 'absent' };
    throw e;
  }
  const [attributes, subs, tags] = read;
  const withRaw = await Promise.all(
    subs
      .filter((s) => s.SubscriptionArn !== 'Deleted')
      .map(async (sub) => {
        if (
          !isConfirmedSubscriptionArn(sub.SubscriptionArn) ||
          !RAW_DELIVERY_PROTOCOLS.has(sub.Protocol ?? '')
        )
          return { sub };
        const a = await client.getSubscriptionAttributes({ SubscriptionArn: sub.SubscriptionArn });
        const raw = a.Attributes?.RawMessageDelivery;
        return raw === undefined ? { sub } : { sub, rawMessageDelivery: raw === 'true' };
      }),
  );
  const {
    subscriptions,
    tags: tagMap,
    ...rest
  } = normalizeTopic({
    region,
    account,
    topicArn,
    attributes,
    subscriptions: withRaw,
    tags,
  });
  const attrs: SnsTopicAttrs = {
    ...rest,
    ...(wantSubscriptions && subscriptions ? { subscriptions } : {}),
    ...(wantTags && tagMap ? { tags: tagMap } : {}),
  };
  const live: LiveSubscription[] = withRaw
    .map(({ sub, rawMessageDelivery }) => {
      const masked = sub.Endpoint !== undefined && isMaskedEndpoint(sub.Endpoint);
      return {
        attrs: normalizeSubscription(sub, rawMessageDelivery),
        ...(isConfirmedSubscriptionArn(sub.SubscriptionArn) ? { arn: sub.SubscriptionArn } : {}),
        ...(masked ? { maskedEndpoint: sub.Endpoint as string } : {}),
      };
    })
    .sort((a, b) => compareSubscriptions(a.attrs, b.attrs));
  return { status: 'present', arn: topicArn, attrs, subscriptions: live };
}

/** Turns a topic read into an observation (facts: `arn`, `pendingSubscriptions`). */
export function observeTopic(read: TopicRead): Observation<'sns.topic'> {
  if (read.status === 'absent') return read;
  const pending = read.attrs.subscriptions?.filter((s) => s.pending).length ?? 0;
  return { status: 'present', attrs: read.attrs, facts: { arn: read.arn, pendingSubscriptions: pending } };
}

/** KindAdapter.read for `sns.topic`. */
export async function readTopics(
  ctx: ReadContext,
  resources: readonly DesiredResource<'sns.topic'>[],
): Promise<ReadonlyMap<ResourceAddress, Observation<'sns.topic'>>> {
  const results = await mapBounded(resources, ctx.concurrency, async (r) => {
    const region = r.region ?? r.attrs.region;
    try {
      const read = await readTopic(
        SNS_CLIENT.reader(ctx.pool, region),
        region,
        ctx.account,
        r.name,
        ctx.scope === 'managed' ? r.attrs : undefined,
      );
      return [r.address, observeTopic(read)] as const;
    } catch (e) {
      ctx.logger?.warn({ address: r.address, code: awsErrorCode(e) }, 'sns topic unreadable');
      return [r.address, classifyReadError(e) as Observation<'sns.topic'>] as const;
    }
  });
  return new Map(results);
}
