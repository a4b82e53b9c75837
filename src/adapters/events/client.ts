/**
 * The EventBridge operations this adapter uses, as two narrow clients: a read client (what `--plan`,
 * `--snapshot` and `--report` get) and a write client that extends it with the mutating operations.
 * The read client is a separate object without the mutating methods.
 */
import {
  DeleteRuleCommand,
  type DeleteRuleCommandInput,
  type DeleteRuleCommandOutput,
  DescribeRuleCommand,
  type DescribeRuleCommandInput,
  type DescribeRuleCommandOutput,
  type EventBridgeClient,
  ListTargetsByRuleCommand,
  type ListTargetsByRuleCommandInput,
  type ListTargetsByRuleCommandOutput,
  PutRuleCommand,
  type PutRuleCommandInput,
  type PutRuleCommandOutput,
  PutTargetsCommand,
  type PutTargetsCommandInput,
  type PutTargetsCommandOutput,
  RemoveTargetsCommand,
  type RemoveTargetsCommandInput,
  type RemoveTargetsCommandOutput,
} from '@aws-sdk/client-eventbridge';
import type { ReadContext, WriteContext } from '../types.js';

/** Read-only EventBridge operations used by the rule reader. */
export interface EventsReadClient {
  describeRule(input: DescribeRuleCommandInput): Promise<DescribeRuleCommandOutput>;
  listTargetsByRule(input: ListTargetsByRuleCommandInput): Promise<ListTargetsByRuleCommandOutput>;
}

/** The read operations plus the mutating ones the writer uses. */
export interface EventsWriteClient extends EventsReadClient {
  putRule(input: PutRuleCommandInput): Promise<PutRuleCommandOutput>;
  putTargets(input: PutTargetsCommandInput): Promise<PutTargetsCommandOutput>;
  removeTargets(input: RemoveTargetsCommandInput): Promise<RemoveTargetsCommandOutput>;
  deleteRule(input: DeleteRuleCommandInput): Promise<DeleteRuleCommandOutput>;
}

/** Wraps an SDK client as a read-only client (the object has no mutating methods). */
export function toEventsReadClient(sdk: EventBridgeClient): EventsReadClient {
  return {
    describeRule: (input) => sdk.send(new DescribeRuleCommand(input)),
    listTargetsByRule: (input) => sdk.send(new ListTargetsByRuleCommand(input)),
  };
}

/** Wraps an SDK client as a write client. */
export function toEventsWriteClient(sdk: EventBridgeClient): EventsWriteClient {
  return {
    ...toEventsReadClient(sdk),
    putRule: (input) => sdk.send(new PutRuleCommand(input)),
    putTargets: (input) => sdk.send(new PutTargetsCommand(input)),
    removeTargets: (input) => sdk.send(new RemoveTargetsCommand(input)),
    deleteRule: (input) => sdk.send(new DeleteRuleCommand(input)),
  };
}

/** The read client for a region, from the context's client pool. */
export function eventsReadClient(ctx: ReadContext, region: string): EventsReadClient {
  return toEventsReadClient(ctx.pool.get('events', region));
}

/** The write client for a region (writers only). */
export function eventsWriteClient(ctx: WriteContext, region: string): EventsWriteClient {
  return toEventsWriteClient(ctx.pool.get('events', region));
}
