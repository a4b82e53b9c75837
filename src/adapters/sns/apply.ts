/**
 * Writer for `sns.topic`: writes exactly the managed parts the plan's diffs name (topic attributes
 * one SetTopicAttributes each, tags, subscriptions). Subscriptions are written from a fresh read of
 * the topic's subscriptions (their ARNs and AWS's masked endpoints are not in the plan), once per
 * step. Every mutating call goes through `ctx.mutate` (the declared write client). Clear https
 * endpoints come from `ctx.secrets` (keyed by fingerprint) and are passed to Subscribe only; they are
 * never logged or returned.
 */

import type { Tag } from '@aws-sdk/client-sns';
import { ReconcileError } from '../../errors.js';
import { topicArn as arnOfTopic } from '../../model/arn.js';
import type { SnsSubscription } from '../../model/attrs.js';
import { SNS_UNCONFIRMED_DELETION_HOURS } from '../../model/chat-webhooks.js';
import { canonicalPolicy } from '../../model/policy.js';
import { fingerprintSecret, isSecretBearingProtocol } from '../../model/secrets.js';
import { changedFields, factOf, tagWrites } from '../kit.js';
import type { ApplyOutcome, ApplyStep, WriteContext } from '../types.js';
import { SNS_CLIENT, type SnsWriteClient } from './client.js';
import { defaultTopicPolicy, maskEndpointLikeAws } from './normalize.js';
import { type LiveSubscription, readTopic } from './read.js';

/**
 * The clear endpoint to subscribe for a desired subscription: the endpoint itself for email, ARNs,
 * phone numbers; for http(s) the secret with its fingerprint, or the display form when redaction hid
 * nothing (`https://host/`). undefined: not available.
 */
export function clearEndpointOf(
  d: SnsSubscription,
  secrets: ReadonlyMap<string, string> | undefined,
): string | undefined {
  if (d.unresolved) return undefined; // `${env:NAME}` with NAME unset: the endpoint is unknown
  if (!isSecretBearingProtocol(d.protocol)) return d.endpoint;
  if (d.endpointSha256 !== undefined) {
    const clear = secrets?.get(d.endpointSha256);
    if (clear !== undefined) return clear;
  }
  if (!d.endpoint.includes('***')) return d.endpoint;
  return undefined;
}

/**
 * Whether a live subscription is the desired one. http(s): fingerprints when both are known; a live
 * endpoint AWS masked is compared with the desired clear URL masked the same way, or — when the clear
 * URL is unknown — by its display form (unverifiable: we neither resubscribe nor remove it).
 */
export function subscriptionMatches(
  d: SnsSubscription,
  l: LiveSubscription,
  clear: string | undefined,
): boolean {
  if (d.protocol !== l.attrs.protocol) return false;
  if (!isSecretBearingProtocol(d.protocol)) return d.endpoint === l.attrs.endpoint;
  const liveSha = l.attrs.endpointSha256;
  if (liveSha !== undefined) {
    if (d.endpointSha256 !== undefined) return d.endpointSha256 === liveSha;
    return clear !== undefined ? fingerprintSecret(clear) === liveSha : d.endpoint === l.attrs.endpoint;
  }
  if (clear !== undefined && l.maskedEndpoint !== undefined)
    return maskEndpointLikeAws(clear) === l.maskedEndpoint;
  return d.endpoint === l.attrs.endpoint;
}

/** What to do about subscriptions. */
export interface SubscriptionWrites {
  readonly subscribe: readonly { readonly want: SnsSubscription; readonly endpoint: string }[];
  readonly setRawDelivery: readonly { readonly arn: string; readonly value: boolean }[];
  readonly unsubscribe: readonly LiveSubscription[];
  /** Extra subscriptions still pending confirmation: no ARN, so they cannot be removed. */
  readonly cannotRemove: readonly LiveSubscription[];
  /**
   * Desired subscriptions whose endpoint comes from an unset `${env:NAME}` and that have no live
   * counterpart: they cannot be created. The rest of the topic is still applied (so the alarms and
   * rules that notify it are not skipped); the re-plan then reports the subscription as not converged.
   */
  readonly unresolved: readonly SnsSubscription[];
}

/**
 * Compares desired with live subscriptions. Throws a ReconcileError (before anything is written) when
 * a missing http(s) subscription's fingerprinted clear endpoint is not in the secret table; one whose
 * `${env:}` variable is unset is listed in `unresolved` instead.
 */
export function planSubscriptionWrites(
  address: string,
  desired: readonly SnsSubscription[],
  live: readonly LiveSubscription[],
  secrets: ReadonlyMap<string, string> | undefined,
): SubscriptionWrites {
  const unmatched = [...live];
  const subscribe: { want: SnsSubscription; endpoint: string }[] = [];
  const setRawDelivery: { arn: string; value: boolean }[] = [];
  const unavailable: string[] = [];
  const unresolved: SnsSubscription[] = [];
  for (const want of desired) {
    const clear = clearEndpointOf(want, secrets);
    let i = unmatched.findIndex((l) => subscriptionMatches(want, l, clear));
    // Endpoint unknown (its environment variable is unset): keep a live one of the same protocol as is.
    if (i < 0 && want.unresolved) i = unmatched.findIndex((l) => l.attrs.protocol === want.protocol);
    if (i >= 0) {
      const [l] = unmatched.splice(i, 1) as [LiveSubscription];
      if (
        want.rawMessageDelivery !== undefined &&
        l.arn !== undefined &&
        (l.attrs.rawMessageDelivery ?? false) !== want.rawMessageDelivery
      )
        setRawDelivery.push({ arn: l.arn, value: want.rawMessageDelivery });
    } else if (want.unresolved) unresolved.push(want);
    else if (clear === undefined) unavailable.push(`${want.protocol} ${want.endpoint}`);
    else subscribe.push({ want, endpoint: clear });
  }
  if (unavailable.length > 0) {
    throw new ReconcileError(
      'SECRET_UNAVAILABLE',
      `${address}: cannot subscribe ${unavailable.join(', ')}: the clear endpoint is not available ` +
        '(set the environment variable the spec interpolates for it, then apply again)',
    );
  }
  return {
    subscribe,
    setRawDelivery,
    unsubscribe: unmatched.filter((l) => l.arn !== undefined),
    cannotRemove: unmatched.filter((l) => l.arn === undefined),
    unresolved,
  };
}

function tagList(tags: Readonly<Record<string, string>>): Tag[] {
  return Object.keys(tags)
    .sort()
    .map((Key) => ({ Key, Value: tags[Key] ?? '' }));
}

/**
 * KindAdapter.apply for `sns.topic`: CreateTopic (with its attributes and tags) when the plan saw it
 * absent, then every desired subscription; otherwise the attributes, tags and subscriptions the
 * plan's diffs name. A missing secret fails the step before anything is written.
 */
export async function applyTopic(ctx: WriteContext, step: ApplyStep<'sns.topic'>): Promise<ApplyOutcome> {
  const { desired, observation, change } = step;
  const address = desired.address;
  const region = desired.region ?? desired.attrs.region;
  const client = SNS_CLIENT.writer(ctx, address, region);
  const want = desired.attrs;

  if (observation.status === 'absent') {
    // A new topic has no subscriptions: every desired one is subscribed (secrets checked first).
    const subWrites = planSubscriptionWrites(address, want.subscriptions ?? [], [], ctx.secrets);
    const attributes: Record<string, string> = {};
    if (want.displayName !== undefined) attributes.DisplayName = want.displayName;
    if (want.policy) attributes.Policy = JSON.stringify(want.policy);
    if (want.kmsMasterKeyId) attributes.KmsMasterKeyId = want.kmsMasterKeyId;
    const created = await client.createTopic({
      Name: desired.name,
      ...(Object.keys(attributes).length > 0 ? { Attributes: attributes } : {}),
      ...(want.tags && Object.keys(want.tags).length > 0 ? { Tags: tagList(want.tags) } : {}),
    });
    const topicArn = created.TopicArn ?? arnOfTopic(ctx.account, region, desired.name);
    await writeSubscriptions(ctx, client, address, topicArn, subWrites);
    return 'applied';
  }

  const topicArn = factOf(observation, 'arn') ?? arnOfTopic(ctx.account, region, desired.name);
  const fields = changedFields(change);
  // Decide every write first, so a missing secret fails the step before anything is written. The
  // subscriptions' ARNs (to unsubscribe) and masked endpoints (to match) need the one re-read.
  let subWrites: SubscriptionWrites | undefined;
  if (fields.has('subscriptions') && want.subscriptions !== undefined) {
    const current = await readTopic(client, region, ctx.account, desired.name, {
      region,
      subscriptions: want.subscriptions,
    });
    if (current.status === 'absent')
      throw new ReconcileError(
        'SNS_TOPIC_MISSING',
        `${address} no longer exists (deleted since the plan was made)`,
      );
    subWrites = planSubscriptionWrites(address, want.subscriptions, current.subscriptions, ctx.secrets);
  }

  let changed = false;
  const setAttribute = async (name: string, value: string) => {
    await client.setTopicAttributes({ TopicArn: topicArn, AttributeName: name, AttributeValue: value });
    changed = true;
  };
  if (fields.has('displayName') && want.displayName !== undefined)
    await setAttribute('DisplayName', want.displayName);
  if (fields.has('policy') && want.policy !== undefined) {
    // `null` means AWS's default policy: write it back (there is no "remove policy" call).
    const doc =
      want.policy === null ? defaultTopicPolicy(topicArn, ctx.account) : canonicalPolicy(want.policy);
    await setAttribute('Policy', JSON.stringify(doc));
  }
  if (fields.has('kmsMasterKeyId') && want.kmsMasterKeyId !== undefined)
    await setAttribute('KmsMasterKeyId', want.kmsMasterKeyId);

  if (fields.has('tags') && want.tags !== undefined) {
    const { set, remove } = tagWrites(change, want.tags, observation.attrs.tags);
    if (Object.keys(set).length > 0) {
      await client.tagResource({ ResourceArn: topicArn, Tags: tagList(set) });
      changed = true;
    }
    if (remove.length > 0) {
      await client.untagResource({ ResourceArn: topicArn, TagKeys: [...remove] });
      changed = true;
    }
  }

  if (subWrites) changed = (await writeSubscriptions(ctx, client, address, topicArn, subWrites)) || changed;
  return changed ? 'applied' : 'unchanged';
}

async function writeSubscriptions(
  ctx: WriteContext,
  client: SnsWriteClient,
  address: string,
  topicArn: string,
  w: SubscriptionWrites,
): Promise<boolean> {
  for (const { want, endpoint } of w.subscribe) {
    await client.subscribe({
      TopicArn: topicArn,
      Protocol: want.protocol,
      Endpoint: endpoint,
      ReturnSubscriptionArn: true,
      ...(want.rawMessageDelivery ? { Attributes: { RawMessageDelivery: 'true' } } : {}),
    });
  }
  for (const { arn, value } of w.setRawDelivery) {
    await client.setSubscriptionAttributes({
      SubscriptionArn: arn,
      AttributeName: 'RawMessageDelivery',
      AttributeValue: String(value),
    });
  }
  for (const l of w.unsubscribe) await client.unsubscribe({ SubscriptionArn: l.arn as string });
  for (const want of w.unresolved) {
    // The display form names the variable, never a value.
    ctx.logger?.warn(
      { address, protocol: want.protocol, endpoint: want.endpoint },
      'subscription not created: its endpoint comes from an environment variable that is not set',
    );
  }
  for (const l of w.cannotRemove) {
    // Only the redacted display form is logged.
    ctx.logger?.warn(
      { address, protocol: l.attrs.protocol, endpoint: l.attrs.endpoint },
      'subscription not in the spec is pending confirmation and cannot be removed until it is confirmed ' +
        // SNS deletes unconfirmed subscriptions after 48 hours (src/model/chat-webhooks.ts cites it).
        `or expires (AWS deletes unconfirmed subscriptions after ${SNS_UNCONFIRMED_DELETION_HOURS} hours)`,
    );
  }
  return w.subscribe.length + w.setRawDelivery.length + w.unsubscribe.length > 0;
}

/** KindAdapter.delete for `sns.topic` (DeleteTopic also removes its subscriptions). */
export async function deleteTopic(ctx: WriteContext, step: ApplyStep<'sns.topic'>): Promise<ApplyOutcome> {
  const { desired, observation } = step;
  if (observation.status === 'absent') return 'unchanged';
  const region = desired.region ?? desired.attrs.region;
  const topicArn = factOf(observation, 'arn') ?? arnOfTopic(ctx.account, region, desired.name);
  await SNS_CLIENT.writer(ctx, desired.address, region).deleteTopic({ TopicArn: topicArn });
  return 'applied';
}
