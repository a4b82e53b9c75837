/**
 * `--report --publish-sns TOPIC_ARN`: publishes the report's short summary to an SNS topic. The only
 * write a report makes, declared apart from the topic adapter's client (apply never needs
 * sns:Publish, and a report without --publish-sns needs no write at all), and sent through
 * `ctx.mutate` like every other write (logged, timed, counted).
 */

import { PublishCommand } from '@aws-sdk/client-sns';
import { parseTopicArn } from '../../model/arn.js';
import { addressOf } from '../../model/resource.js';
import { defineClient } from '../declared-client.js';
import type { WriteContext } from '../types.js';

/** The publish client declaration: Publish, and no read. */
export const SNS_PUBLISH_CLIENT = defineClient('sns', {
  read: {},
  write: { Publish: PublishCommand },
});

/** What to publish. */
export interface SnsMessage {
  /** At most 100 characters (SNS Publish `Subject` limit). */
  readonly subject: string;
  readonly message: string;
}

/**
 * Publishes `message` to the topic (through `ctx.mutate`, in the topic's region). Throws the SDK's
 * error when SNS refuses; the caller decides what a failed publish means.
 */
export async function publishToTopic(
  ctx: WriteContext,
  topicArn: string,
  message: SnsMessage,
): Promise<void> {
  const topic = parseTopicArn(topicArn);
  if (!topic) throw new Error(`assertion: not an SNS topic ARN: ${topicArn}`);
  const client = SNS_PUBLISH_CLIENT.writer(
    ctx,
    addressOf('sns.topic', topic.name, topic.region),
    topic.region,
  );
  await client.publish({ TopicArn: topicArn, Subject: message.subject, Message: message.message });
}
