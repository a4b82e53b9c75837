/**
 * Chat webhooks behind SNS http(s) subscriptions, and why they never work there. SNS first POSTs a
 * `SubscriptionConfirmation` message to a new http(s) endpoint, which must confirm it (visit its
 * `SubscribeURL`, or call ConfirmSubscription with the token); until then the subscription is
 * `PendingConfirmation` and receives nothing (SNS developer guide, "Confirm your Amazon SNS
 * subscription", https://docs.aws.amazon.com/sns/latest/dg/SendMessageToHttp.confirm.html). A chat
 * webhook (Slack, Microsoft Teams, Discord, Google Chat) only posts what it receives into a channel:
 * nobody confirms, and SNS deletes the unconfirmed subscription after 48 hours (AWS What's New,
 * 2023-05-10, "Amazon SNS now supports automatic deletion of unconfirmed subscriptions ... 48 hours",
 * down from 72 hours before: issue 11 still said 3 days),
 * https://aws.amazon.com/about-aws/whats-new/2023/05/amazon-sns-automatic-deletion-unconfirmed-subscriptions/.
 * The way to chat is AWS Chatbot (Amazon Q Developer in chat applications) subscribed to the topic, or a
 * Lambda function subscribed to the topic that posts to the webhook. Pure.
 */

/** Hours SNS keeps a subscription pending confirmation before deleting it. */
export const SNS_UNCONFIRMED_DELETION_HOURS = 48;

export const SNS_CONFIRMATION_SOURCES: readonly string[] = [
  'https://docs.aws.amazon.com/sns/latest/dg/SendMessageToHttp.confirm.html',
  'https://aws.amazon.com/about-aws/whats-new/2023/05/amazon-sns-automatic-deletion-unconfirmed-subscriptions/',
];

/** The fix, in one sentence (lint fix hints and the report's health evidence use it). */
export const CHAT_WEBHOOK_FIX =
  'deliver to chat with AWS Chatbot (Amazon Q Developer in chat applications: it subscribes to the topic ' +
  'itself and posts to Slack or Teams), or subscribe a Lambda function (protocol lambda) that relays the ' +
  "message to the webhook, its URL kept in the function's secret";

/** One chat service's webhook hosts (the host is all the redacted display form keeps). */
interface ChatWebhookHost {
  readonly service: string;
  /** Exact host, or `.suffix` for any subdomain. */
  readonly hosts: readonly string[];
}

/**
 * Hosts of chat incoming webhooks: Slack (`hooks.slack.com/services/...`), Microsoft Teams
 * (`<tenant>.webhook.office.com/webhookb2/...`, formerly `outlook.office.com/webhook/...`), Discord
 * (`discord.com/api/webhooks/...`) and Google Chat (`chat.googleapis.com/v1/spaces/.../messages`).
 */
export const CHAT_WEBHOOK_HOSTS: readonly ChatWebhookHost[] = [
  { service: 'Slack', hosts: ['hooks.slack.com'] },
  {
    service: 'Microsoft Teams',
    hosts: ['.webhook.office.com', 'outlook.office.com', 'outlook.office365.com'],
  },
  { service: 'Discord', hosts: ['discord.com', 'discordapp.com', 'ptb.discord.com', 'canary.discord.com'] },
  { service: 'Google Chat', hosts: ['chat.googleapis.com'] },
];

function hostOf(endpoint: string): string | undefined {
  const m = /^https?:\/\/(?:[^/?#@]*@)?([^/?#:]+)/i.exec(endpoint);
  return m?.[1]?.toLowerCase();
}

/** The chat service whose webhook an http(s) endpoint (clear or display form) looks like, or undefined. */
export function chatWebhookService(protocol: string, endpoint: string): string | undefined {
  if (protocol !== 'http' && protocol !== 'https') return undefined;
  const host = hostOf(endpoint);
  if (!host) return undefined;
  return CHAT_WEBHOOK_HOSTS.find((c) =>
    c.hosts.some((h) => (h.startsWith('.') ? host.endsWith(h) : host === h)),
  )?.service;
}
