/**
 * Level-based writer for `sns.topic`: re-reads the topic, then writes only the managed parts that
 * differ (topic attributes one SetTopicAttributes each, tags, subscriptions). Every mutating call goes
 * through `ctx.mutate`. Clear https endpoints come from `ctx.secrets` (keyed by fingerprint) and are
 * passed to Subscribe only; they are never logged or returned.
 */
import type { Tag } from '@aws-sdk/client-sns';
import { ReconcileError } from '../../errors.js';
import type { SnsSubscription, SnsTopicAttrs } from '../../model/attrs.js';
import { canonicalPolicy } from '../../model/policy.js';
import { fingerprintSecret, isSecretBearingProtocol } from '../../model/secrets.js';
import type { DesiredResource } from '../../model/state.js';
import { stableJson } from '../kit.js';
import type { ApplyOutcome, WriteContext } from '../types.js';
import { type SnsWriteClient, snsWriteClient } from './client.js';
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

/** KindAdapter.apply for `sns.topic`. */
export async function applyTopic(
  ctx: WriteContext,
  desired: DesiredResource<'sns.topic'>,
): Promise<ApplyOutcome> {
  const address = desired.address;
  const region = desired.region ?? desired.attrs.region;
  const client = snsWriteClient(ctx, region);
  const want = desired.attrs;
  let changed = false;

  let current = await readTopic(client, region, ctx.account, desired.name);
  if (current.status === 'absent') {
    const attributes: Record<string, string> = {};
    if (want.displayName !== undefined) attributes.DisplayName = want.displayName;
    if (want.policy) attributes.Policy = JSON.stringify(want.policy);
    if (want.kmsMasterKeyId) attributes.KmsMasterKeyId = want.kmsMasterKeyId;
    await ctx.mutate('sns', 'CreateTopic', address, () =>
      client.createTopic({
        Name: desired.name,
        ...(Object.keys(attributes).length > 0 ? { Attributes: attributes } : {}),
        ...(want.tags && Object.keys(want.tags).length > 0 ? { Tags: tagList(want.tags) } : {}),
      }),
    );
    changed = true;
    current = await readTopic(client, region, ctx.account, desired.name);
    if (current.status === 'absent') throw new Error(`assertion: ${address} absent right after CreateTopic`);
  }
  const { arn: topicArn } = current;
  const live: SnsTopicAttrs = current.attrs;

  // Decide every write first, so a missing secret fails the step before anything is written.
  const subWrites =
    want.subscriptions !== undefined
      ? planSubscriptionWrites(address, want.subscriptions, current.subscriptions, ctx.secrets)
      : undefined;

  const setAttribute = async (name: string, value: string) => {
    await ctx.mutate('sns', 'SetTopicAttributes', address, () =>
      client.setTopicAttributes({ TopicArn: topicArn, AttributeName: name, AttributeValue: value }),
    );
    changed = true;
  };
  if (want.displayName !== undefined && want.displayName !== live.displayName)
    await setAttribute('DisplayName', want.displayName);
  if (want.policy !== undefined) {
    const wantPolicy = want.policy === null ? null : canonicalPolicy(want.policy);
    if (stableJson(wantPolicy) !== stableJson(live.policy)) {
      // `null` means AWS's default policy: write it back (there is no "remove policy" call).
      const doc = wantPolicy ?? defaultTopicPolicy(topicArn, ctx.account);
      await setAttribute('Policy', JSON.stringify(doc));
    }
  }
  if (want.kmsMasterKeyId !== undefined && want.kmsMasterKeyId !== (live.kmsMasterKeyId ?? ''))
    await setAttribute('KmsMasterKeyId', want.kmsMasterKeyId);

  if (want.tags !== undefined) {
    const liveTags = live.tags ?? {};
    const toSet = Object.fromEntries(Object.entries(want.tags).filter(([k, v]) => liveTags[k] !== v));
    const toRemove = Object.keys(liveTags).filter((k) => !(k in want.tags!));
    if (Object.keys(toSet).length > 0) {
      await ctx.mutate('sns', 'TagResource', address, () =>
        client.tagResource({ ResourceArn: topicArn, Tags: tagList(toSet) }),
      );
      changed = true;
    }
    if (toRemove.length > 0) {
      await ctx.mutate('sns', 'UntagResource', address, () =>
        client.untagResource({ ResourceArn: topicArn, TagKeys: toRemove.sort() }),
      );
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
    await ctx.mutate('sns', 'Subscribe', address, () =>
      client.subscribe({
        TopicArn: topicArn,
        Protocol: want.protocol,
        Endpoint: endpoint,
        ReturnSubscriptionArn: true,
        ...(want.rawMessageDelivery ? { Attributes: { RawMessageDelivery: 'true' } } : {}),
      }),
    );
  }
  for (const { arn, value } of w.setRawDelivery) {
    await ctx.mutate('sns', 'SetSubscriptionAttributes', address, () =>
      client.setSubscriptionAttributes({
        SubscriptionArn: arn,
        AttributeName: 'RawMessageDelivery',
        AttributeValue: String(value),
      }),
    );
  }
  for (const l of w.unsubscribe) {
    const arn = l.arn as string;
    await ctx.mutate('sns', 'Unsubscribe', address, () => client.unsubscribe({ SubscriptionArn: arn }));
  }
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
        'or expires (AWS deletes unconfirmed subscriptions after 3 days)',
    );
  }
  return w.subscribe.length + w.setRawDelivery.length + w.unsubscribe.length > 0;
}

/** KindAdapter.delete for `sns.topic` (DeleteTopic also removes its subscriptions). */
export async function deleteTopic(
  ctx: WriteContext,
  desired: DesiredResource<'sns.topic'>,
): Promise<ApplyOutcome> {
  const region = desired.region ?? desired.attrs.region;
  const client = snsWriteClient(ctx, region);
  const current = await readTopic(client, region, ctx.account, desired.name);
  if (current.status === 'absent') return 'unchanged';
  await ctx.mutate('sns', 'DeleteTopic', desired.address, () =>
    client.deleteTopic({ TopicArn: current.arn }),
  );
  return 'applied';
}
