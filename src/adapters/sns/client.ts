/**
 * The SNS operations the topic adapter uses, declared once (see src/adapters/declared-client.ts): a
 * read client (what `--plan`, `--snapshot`, `--report` and `--import` get) and a write client that
 * adds the mutating operations, each through `ctx.mutate`. The read client is a separate object
 * without the mutating methods, so a reader cannot issue a write at compile time or at run time.
 * (The report's summary publish is declared apart, in publish.ts: apply never needs sns:Publish.)
 */
import {
  CreateTopicCommand,
  DeleteTopicCommand,
  GetSubscriptionAttributesCommand,
  GetTopicAttributesCommand,
  ListSubscriptionsByTopicCommand,
  ListTagsForResourceCommand,
  SetSubscriptionAttributesCommand,
  SetTopicAttributesCommand,
  SubscribeCommand,
  TagResourceCommand,
  UnsubscribeCommand,
  UntagResourceCommand,
} from '@aws-sdk/client-sns';
import { defineClient, type ReadClientOf, type WriteClientOf } from '../declared-client.js';

/** The SNS topic client declaration. */
export const SNS_CLIENT = defineClient('sns', {
  read: {
    GetTopicAttributes: GetTopicAttributesCommand,
    ListSubscriptionsByTopic: ListSubscriptionsByTopicCommand,
    GetSubscriptionAttributes: GetSubscriptionAttributesCommand,
    ListTagsForResource: ListTagsForResourceCommand,
  },
  write: {
    CreateTopic: CreateTopicCommand,
    SetTopicAttributes: SetTopicAttributesCommand,
    Subscribe: SubscribeCommand,
    Unsubscribe: UnsubscribeCommand,
    SetSubscriptionAttributes: SetSubscriptionAttributesCommand,
    TagResource: TagResourceCommand,
    UntagResource: UntagResourceCommand,
    DeleteTopic: DeleteTopicCommand,
  },
});

/** Read-only SNS operations used by the topic reader. */
export type SnsReadClient = ReadClientOf<typeof SNS_CLIENT>;

/** The read operations plus the mutating ones the writer uses (through `ctx.mutate`). */
export type SnsWriteClient = WriteClientOf<typeof SNS_CLIENT>;
