/**
 * The SNS operations this adapter uses, as two narrow clients: a read client (what `--plan`,
 * `--snapshot` and `--report` get) and a write client that extends it with the mutating operations.
 * The read client is a separate object without the mutating methods, so a reader cannot issue a
 * write either at compile time or at run time.
 */
import {
  CreateTopicCommand,
  type CreateTopicCommandInput,
  type CreateTopicCommandOutput,
  DeleteTopicCommand,
  type DeleteTopicCommandInput,
  type DeleteTopicCommandOutput,
  GetSubscriptionAttributesCommand,
  type GetSubscriptionAttributesCommandInput,
  type GetSubscriptionAttributesCommandOutput,
  GetTopicAttributesCommand,
  type GetTopicAttributesCommandInput,
  type GetTopicAttributesCommandOutput,
  ListSubscriptionsByTopicCommand,
  type ListSubscriptionsByTopicCommandInput,
  type ListSubscriptionsByTopicCommandOutput,
  ListTagsForResourceCommand,
  type ListTagsForResourceCommandInput,
  type ListTagsForResourceCommandOutput,
  SetSubscriptionAttributesCommand,
  type SetSubscriptionAttributesCommandInput,
  type SetSubscriptionAttributesCommandOutput,
  SetTopicAttributesCommand,
  type SetTopicAttributesCommandInput,
  type SetTopicAttributesCommandOutput,
  type SNSClient,
  SubscribeCommand,
  type SubscribeCommandInput,
  type SubscribeCommandOutput,
  TagResourceCommand,
  type TagResourceCommandInput,
  type TagResourceCommandOutput,
  UnsubscribeCommand,
  type UnsubscribeCommandInput,
  type UnsubscribeCommandOutput,
  UntagResourceCommand,
  type UntagResourceCommandInput,
  type UntagResourceCommandOutput,
} from '@aws-sdk/client-sns';
import type { ReadContext, WriteContext } from '../types.js';

/** Read-only SNS operations used by the topic reader. */
export interface SnsReadClient {
  getTopicAttributes(input: GetTopicAttributesCommandInput): Promise<GetTopicAttributesCommandOutput>;
  listSubscriptionsByTopic(
    input: ListSubscriptionsByTopicCommandInput,
  ): Promise<ListSubscriptionsByTopicCommandOutput>;
  getSubscriptionAttributes(
    input: GetSubscriptionAttributesCommandInput,
  ): Promise<GetSubscriptionAttributesCommandOutput>;
  listTagsForResource(input: ListTagsForResourceCommandInput): Promise<ListTagsForResourceCommandOutput>;
}

/** The read operations plus the mutating ones the writer uses. */
export interface SnsWriteClient extends SnsReadClient {
  createTopic(input: CreateTopicCommandInput): Promise<CreateTopicCommandOutput>;
  setTopicAttributes(input: SetTopicAttributesCommandInput): Promise<SetTopicAttributesCommandOutput>;
  subscribe(input: SubscribeCommandInput): Promise<SubscribeCommandOutput>;
  unsubscribe(input: UnsubscribeCommandInput): Promise<UnsubscribeCommandOutput>;
  setSubscriptionAttributes(
    input: SetSubscriptionAttributesCommandInput,
  ): Promise<SetSubscriptionAttributesCommandOutput>;
  tagResource(input: TagResourceCommandInput): Promise<TagResourceCommandOutput>;
  untagResource(input: UntagResourceCommandInput): Promise<UntagResourceCommandOutput>;
  deleteTopic(input: DeleteTopicCommandInput): Promise<DeleteTopicCommandOutput>;
}

/** Wraps an SDK client as a read-only client (the object has no mutating methods). */
export function toSnsReadClient(sdk: SNSClient): SnsReadClient {
  return {
    getTopicAttributes: (input) => sdk.send(new GetTopicAttributesCommand(input)),
    listSubscriptionsByTopic: (input) => sdk.send(new ListSubscriptionsByTopicCommand(input)),
    getSubscriptionAttributes: (input) => sdk.send(new GetSubscriptionAttributesCommand(input)),
    listTagsForResource: (input) => sdk.send(new ListTagsForResourceCommand(input)),
  };
}

/** Wraps an SDK client as a write client. */
export function toSnsWriteClient(sdk: SNSClient): SnsWriteClient {
  return {
    ...toSnsReadClient(sdk),
    createTopic: (input) => sdk.send(new CreateTopicCommand(input)),
    setTopicAttributes: (input) => sdk.send(new SetTopicAttributesCommand(input)),
    subscribe: (input) => sdk.send(new SubscribeCommand(input)),
    unsubscribe: (input) => sdk.send(new UnsubscribeCommand(input)),
    setSubscriptionAttributes: (input) => sdk.send(new SetSubscriptionAttributesCommand(input)),
    tagResource: (input) => sdk.send(new TagResourceCommand(input)),
    untagResource: (input) => sdk.send(new UntagResourceCommand(input)),
    deleteTopic: (input) => sdk.send(new DeleteTopicCommand(input)),
  };
}

/** The read client for a region, from the context's client pool. */
export function snsReadClient(ctx: ReadContext, region: string): SnsReadClient {
  return toSnsReadClient(ctx.pool.get('sns', region));
}

/** The write client for a region (writers only). */
export function snsWriteClient(ctx: WriteContext, region: string): SnsWriteClient {
  return toSnsWriteClient(ctx.pool.get('sns', region));
}
