/** Lint rules about SNS subscriptions. */
import {
  CHAT_WEBHOOK_FIX,
  chatWebhookService,
  SNS_CONFIRMATION_SOURCES,
  SNS_UNCONFIRMED_DELETION_HOURS,
} from '../../model/chat-webhooks.js';
import { resourcesOfKind } from '../desired-index.js';
import type { LintRule, RawFinding } from '../lint-finding.js';

/**
 * An http(s) subscription to a chat webhook (Slack, Teams, Discord, Google Chat) never confirms, so it
 * never receives an alert and SNS deletes it after 48 hours (src/model/chat-webhooks.ts has the AWS
 * sources). The endpoint is shown in its redacted display form only (scheme and host).
 */
export const chatWebhookSubscription: LintRule = {
  id: 'sns-chat-webhook-subscription',
  severity: 'error',
  title: 'An SNS http(s) subscription points at a chat webhook, which never confirms it',
  sources: SNS_CONFIRMATION_SOURCES,
  check(desired) {
    const out: RawFinding[] = [];
    for (const topic of resourcesOfKind(desired, 'sns.topic')) {
      for (const sub of topic.attrs.subscriptions ?? []) {
        const service = chatWebhookService(sub.protocol, sub.endpoint);
        if (!service) continue;
        out.push({
          address: topic.address,
          message:
            `the ${sub.protocol} subscription to ${sub.endpoint} is a ${service} webhook: SNS first sends it a ` +
            'SubscriptionConfirmation that a webhook never confirms, so the subscription stays pending, ' +
            `receives no alert, and SNS deletes it after ${SNS_UNCONFIRMED_DELETION_HOURS} hours ` +
            '(apply then creates it again, and again)',
          fixHint: `${CHAT_WEBHOOK_FIX}; then remove this subscription from the spec.`,
        });
      }
    }
    return out;
  },
};

export const SNS_RULES: readonly LintRule[] = [chatWebhookSubscription];
