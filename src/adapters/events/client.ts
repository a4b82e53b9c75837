/**
 * The EventBridge operations this adapter uses, declared once (see src/adapters/declared-client.ts):
 * DescribeRule and ListTargetsByRule for the reader, ListRules for discovery (`list.ts`), and the
 * rule and target writes (through `ctx.mutate`) for the writer.
 */
import {
  DeleteRuleCommand,
  DescribeRuleCommand,
  ListRulesCommand,
  ListTargetsByRuleCommand,
  PutRuleCommand,
  PutTargetsCommand,
  RemoveTargetsCommand,
} from '@aws-sdk/client-eventbridge';
import { defineClient, type ReadClientOf, type WriteClientOf } from '../declared-client.js';

/** The EventBridge client declaration. */
export const EVENTS_CLIENT = defineClient('events', {
  read: {
    DescribeRule: DescribeRuleCommand,
    ListTargetsByRule: ListTargetsByRuleCommand,
    ListRules: ListRulesCommand,
  },
  write: {
    PutRule: PutRuleCommand,
    PutTargets: PutTargetsCommand,
    RemoveTargets: RemoveTargetsCommand,
    DeleteRule: DeleteRuleCommand,
  },
});

/** Read-only EventBridge operations. */
export type EventsReadClient = ReadClientOf<typeof EVENTS_CLIENT>;

/** The read operations plus the mutating ones the writer uses (through `ctx.mutate`). */
export type EventsWriteClient = WriteClientOf<typeof EVENTS_CLIENT>;
