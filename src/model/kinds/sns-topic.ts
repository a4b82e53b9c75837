/** `sns.topic`: an SNS topic, its policy and subscriptions. Pure. */
import { topicArn } from '../arn.js';
import type { SnsSubscription, SnsTopicAttrs } from '../attrs.js';
import { sameAsSet } from '../canonical.js';
import type { RiskNote } from '../plan.js';
import { isSecretBearingProtocol, redactEndpoint } from '../secrets.js';
import { isDefaultTopicStatementShape } from '../sns-default-policy.js';
import { type AlignedSubscriptions, alignSubscriptions } from '../sns-subscriptions.js';
import { type KindSpec, NO_FIELD_RULES, ORDINARY_KIND, regionalArn } from './kind-spec.js';
import { low, medium } from './notes.js';
import type { WrittenItem } from './spec-keys.js';

/**
 * Whether the written subscription is the one the plan keys `id` (`<protocol>:<display endpoint>`,
 * see sns-subscriptions.ts): the same display form, or for `${env:NAME}` the same protocol (the
 * endpoint itself is a secret the plan never shows).
 */
function subscriptionNamed(written: WrittenItem, id: string): boolean {
  const { protocol, endpoint } = written;
  if (typeof protocol !== 'string' || typeof endpoint !== 'string') return false;
  if (endpoint.includes('${env:')) return id.startsWith(`${protocol}:`);
  const base = `${protocol}:${isSecretBearingProtocol(protocol) ? redactEndpoint(endpoint) : endpoint}`;
  return id === base || id.startsWith(`${base}#`);
}

const UNCREATABLE =
  'cannot be created until its environment variable is set: apply skips it and reports the topic as not converged';

function subscriptionNotes(subs: AlignedSubscriptions): RiskNote[] {
  const notes: RiskNote[] = [];
  for (const key of Object.keys(subs.live))
    if (!(key in subs.desired)) notes.push(medium('subscription-removed', `subscription removed: ${key}`));
  for (const key of subs.unverifiable) {
    notes.push(
      low(
        'subscription-unverifiable',
        `subscription ${key} is unverifiable: AWS masks its endpoint, matched by protocol and host only`,
      ),
    );
  }
  for (const key of subs.unresolved) {
    notes.push(
      low(
        'subscription-unverifiable',
        `subscription ${key} is unverifiable: its endpoint comes from an environment variable that is not set, matched by protocol only`,
      ),
    );
  }
  for (const key of subs.uncreatable)
    notes.push(medium('subscription-uncreatable', `subscription ${key} ${UNCREATABLE}`));
  for (const key of subs.pending)
    notes.push(low('subscription-pending', `subscription ${key} is pending confirmation`));
  return notes;
}

function riskNotes(
  before: SnsTopicAttrs | undefined,
  after: SnsTopicAttrs,
  subs: AlignedSubscriptions | undefined,
): RiskNote[] {
  const notes: RiskNote[] = [];
  if (before && after.policy !== undefined && !sameAsSet(before.policy ?? null, after.policy)) {
    notes.push(medium('topic-policy-changed', 'topic policy changed: who may publish or subscribe changes'));
  }
  if (!before) {
    for (const sub of after.subscriptions ?? []) {
      if (sub.unresolved)
        notes.push(
          medium('subscription-uncreatable', `${sub.protocol} subscription ${sub.endpoint} ${UNCREATABLE}`),
        );
    }
  }
  if (subs) notes.push(...subscriptionNotes(subs));
  return notes;
}

export const SNS_TOPIC: KindSpec<'sns.topic'> = {
  kind: 'sns.topic',
  service: 'sns',
  scope: 'regional',
  arn: regionalArn(topicArn),
  ...ORDINARY_KIND,
  specKeys: { subscriptions: { item: subscriptionNamed } },
  diff: {
    // Subscriptions are keyed by `align` before the view is built.
    shape: { t: 'object', fields: { policy: { t: 'policy' } } },
    fields: NO_FIELD_RULES,
    align(sides) {
      if (!Array.isArray(sides.want.subscriptions)) return sides;
      const subscriptions = alignSubscriptions(
        sides.want.subscriptions as SnsSubscription[],
        Array.isArray(sides.have.subscriptions) ? (sides.have.subscriptions as SnsSubscription[]) : [],
      );
      return {
        want: { ...sides.want, subscriptions: subscriptions.desired },
        have: { ...sides.have, subscriptions: subscriptions.live },
        subscriptions,
      };
    },
    // Every new topic gets AWS's default policy (SNS Developer Guide, "Example cases for Amazon SNS
    // access control"): its statement, kept in a custom policy, is neither new nor removed.
    defaultPolicyWithin: (custom) => ({ Statement: custom.Statement.filter(isDefaultTopicStatementShape) }),
  },
  riskNotes: (before, after, ctx) => riskNotes(before, after, ctx.subscriptions),
  defaults: {},
  import: { labelled: true },
  health: { evidence: ['sns-subscriptions'], watchedBy: null },
  unrestorable(attrs) {
    // Saved configurations are read back from files: take nothing about their shape for granted.
    if (!Array.isArray(attrs.subscriptions)) return [];
    return attrs.subscriptions
      .filter((s) => s.endpointSha256 || isSecretBearingProtocol(s.protocol))
      .map(
        (s) =>
          `${s.protocol} subscription ${s.endpoint}: its endpoint is a secret and was never saved, so it cannot be re-created if it was removed (subscribe it again by hand or from the spec)`,
      );
  },
};
