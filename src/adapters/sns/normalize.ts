/**
 * SNS responses -> SnsTopicAttrs. Pure (no IO). What it normalises, each against a perpetual diff:
 * - AWS's default topic policy (every new topic has one) becomes `null`, recognised by its structure
 *   (one owner-only statement on this topic), not by its text or statement id;
 * - the policy JSON is canonical (moto and AWS re-serialise it compactly, reorder keys);
 * - http(s) endpoints are redacted and fingerprinted; an endpoint AWS returns with its password
 *   masked (`https://user:****@host/...`) has no fingerprint: it cannot be verified, it is not drift;
 * - subscriptions and tags are sets: sorted / keyed.
 */
import type { Subscription, Tag } from '@aws-sdk/client-sns';
import type { SnsSubscription, SnsTopicAttrs, Tags } from '../../model/attrs.js';
import { canonicalPolicy, type PolicyDocument } from '../../model/policy.js';
import { fingerprintSecret, isSecretBearingProtocol, redactEndpoint } from '../../model/secrets.js';
import { DEFAULT_TOPIC_POLICY_ACTIONS } from '../../model/sns-default-policy.js';

/** The actions of AWS's default topic policy (older topics also carry `SNS:Receive`). */
const DEFAULT_ACTIONS = DEFAULT_TOPIC_POLICY_ACTIONS;
const DEFAULT_ACTION_SETS: readonly string[] = [
  [...DEFAULT_ACTIONS]
    .map((a) => a.toLowerCase())
    .sort()
    .join(','),
  [...DEFAULT_ACTIONS, 'SNS:Receive']
    .map((a) => a.toLowerCase())
    .sort()
    .join(','),
];

/** The policy AWS gives every new topic: the owner account may manage, subscribe and publish. */
export function defaultTopicPolicy(topicArn: string, account: string): Record<string, unknown> {
  return {
    Version: '2008-10-17',
    Id: '__default_policy_ID',
    Statement: [
      {
        Sid: '__default_statement_ID',
        Effect: 'Allow',
        Principal: { AWS: '*' },
        Action: [...DEFAULT_ACTIONS],
        Resource: topicArn,
        Condition: { StringEquals: { 'AWS:SourceOwner': account } },
      },
    ],
  };
}

function asList(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [v];
}

/**
 * True when a (canonical) policy is AWS's default topic policy for this topic and account: exactly one
 * Allow statement for any principal, the default action set, this topic as the only resource, and the
 * owner-account condition as the only condition. Statement and policy ids are ignored.
 */
export function isDefaultTopicPolicy(doc: PolicyDocument, topicArn: string, account: string): boolean {
  if (doc.Statement.length !== 1) return false;
  const s = doc.Statement[0] as Readonly<Record<string, unknown>>;
  const allowed = new Set(['Sid', 'Effect', 'Principal', 'Action', 'Resource', 'Condition']);
  if (Object.keys(s).some((k) => !allowed.has(k))) return false;
  if (s.Effect !== 'Allow') return false;
  const p = s.Principal;
  const principalIsAnyone =
    p === '*' ||
    (p !== null &&
      typeof p === 'object' &&
      Object.keys(p).length === 1 &&
      asList((p as Record<string, unknown>).AWS).length === 1 &&
      asList((p as Record<string, unknown>).AWS)[0] === '*');
  if (!principalIsAnyone) return false;
  const actions = asList(s.Action)
    .map((a) => String(a).toLowerCase())
    .sort()
    .join(',');
  if (!DEFAULT_ACTION_SETS.includes(actions)) return false;
  const resources = asList(s.Resource);
  if (resources.length !== 1 || resources[0] !== topicArn) return false;
  const cond = s.Condition as Record<string, Record<string, unknown>> | undefined;
  if (!cond || Object.keys(cond).length !== 1 || !cond.StringEquals) return false;
  const entries = Object.entries(cond.StringEquals);
  if (entries.length !== 1) return false;
  const [key, value] = entries[0] as [string, unknown];
  const values = asList(value);
  return key.toLowerCase() === 'aws:sourceowner' && values.length === 1 && String(values[0]) === account;
}

/** The topic's `Policy` attribute -> canonical policy, or `null` for AWS's default policy (or none). */
export function normalizeTopicPolicy(
  raw: string | undefined,
  topicArn: string,
  account: string,
): PolicyDocument | null {
  if (raw === undefined || raw.trim() === '') return null;
  const doc = canonicalPolicy(raw);
  return isDefaultTopicPolicy(doc, topicArn, account) ? null : doc;
}

/** True when AWS masked the password of an http(s) endpoint (`https://user:****@host/...`). */
export function isMaskedEndpoint(endpoint: string): boolean {
  return /^https?:\/\/[^/?#@]*:\*{4}@/i.test(endpoint);
}

/**
 * Masks an endpoint's password the way AWS does when it lists subscriptions, so that a desired clear
 * URL can be matched against a masked live one. Endpoints without a password are returned unchanged.
 */
export function maskEndpointLikeAws(endpoint: string): string {
  return endpoint.replace(/^(https?:\/\/[^/?#@:]*:)[^/?#@]*@/i, '$1****@');
}

/** `PendingConfirmation` (and `Deleted`) are placeholders AWS lists instead of a subscription ARN. */
export function isConfirmedSubscriptionArn(arn: string | undefined): arn is string {
  return arn?.startsWith('arn:') === true;
}

/**
 * One listed subscription -> SnsSubscription. The clear endpoint never leaves this function for
 * http(s): it becomes its redacted display form plus a fingerprint (none when AWS masked it).
 * `rawMessageDelivery` is set when the caller read it (confirmed subscriptions of protocols that
 * support raw delivery).
 */
export function normalizeSubscription(sub: Subscription, rawMessageDelivery?: boolean): SnsSubscription {
  const protocol = sub.Protocol ?? '';
  const endpoint = sub.Endpoint ?? '';
  const pending = sub.SubscriptionArn === 'PendingConfirmation';
  const secret = isSecretBearingProtocol(protocol);
  return {
    protocol,
    endpoint: secret ? redactEndpoint(endpoint) : endpoint,
    ...(secret && !isMaskedEndpoint(endpoint) ? { endpointSha256: fingerprintSecret(endpoint) } : {}),
    ...(pending ? { pending: true } : {}),
    ...(rawMessageDelivery !== undefined ? { rawMessageDelivery } : {}),
  };
}

/** Orders subscriptions by protocol, then endpoint, then fingerprint. */
export function compareSubscriptions(a: SnsSubscription, b: SnsSubscription): number {
  const ka = [a.protocol, a.endpoint, a.endpointSha256 ?? ''];
  const kb = [b.protocol, b.endpoint, b.endpointSha256 ?? ''];
  for (let i = 0; i < ka.length; i++) {
    const x = ka[i] as string;
    const y = kb[i] as string;
    if (x !== y) return x < y ? -1 : 1;
  }
  return 0;
}

/** AWS tag list -> map with sorted keys. */
export function normalizeTags(tags: readonly Tag[] | undefined): Tags {
  const out: Record<string, string> = {};
  for (const t of [...(tags ?? [])].sort((a, b) => ((a.Key ?? '') < (b.Key ?? '') ? -1 : 1))) {
    if (t.Key !== undefined) out[t.Key] = t.Value ?? '';
  }
  return out;
}

/** Everything read about one topic. */
export interface RawTopic {
  readonly region: string;
  readonly account: string;
  readonly topicArn: string;
  /** GetTopicAttributes `Attributes`. */
  readonly attributes: Readonly<Record<string, string>>;
  /** Each listed subscription with its RawMessageDelivery when it was read. */
  readonly subscriptions: readonly { readonly sub: Subscription; readonly rawMessageDelivery?: boolean }[];
  readonly tags: readonly Tag[];
}

/** One topic's responses -> normalised attributes (every readable field filled). */
export function normalizeTopic(raw: RawTopic): SnsTopicAttrs {
  const kms = raw.attributes.KmsMasterKeyId;
  return {
    region: raw.region,
    displayName: raw.attributes.DisplayName ?? '',
    policy: normalizeTopicPolicy(raw.attributes.Policy, raw.topicArn, raw.account),
    subscriptions: raw.subscriptions
      .filter((s) => s.sub.SubscriptionArn !== 'Deleted')
      .map((s) => normalizeSubscription(s.sub, s.rawMessageDelivery))
      .sort(compareSubscriptions),
    ...(kms ? { kmsMasterKeyId: kms } : {}),
    tags: normalizeTags(raw.tags),
  };
}
