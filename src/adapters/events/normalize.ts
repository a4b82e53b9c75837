/**
 * EventBridge responses -> EventsRuleAttrs. Pure (no IO). What it normalises, each against a
 * perpetual diff: the event pattern JSON (AWS and moto re-serialise it: key order, whitespace, the
 * order of values in a match list, which is a set), constant target input JSON, the default event bus,
 * and the order of targets.
 */
import type { DescribeRuleCommandOutput, Target } from '@aws-sdk/client-eventbridge';
import type { EventsRuleAttrs, EventsTarget } from '../../model/attrs.js';
import { canonicalText } from '../../model/canonical.js';

/** Name of the account's default event bus. */
export const DEFAULT_EVENT_BUS = 'default';

import { canonicalEventPattern } from '../../model/event-pattern.js';

export { canonicalEventPattern };

/** Constant target input in canonical form (keys sorted, compact); non-JSON text is kept as is. */
export function canonicalTargetInput(input: string): string {
  try {
    return canonicalText(JSON.parse(input));
  } catch {
    return input;
  }
}

/**
 * One target -> EventsTarget: where it sends, with which role, and what it sends (constant input,
 * InputPath or InputTransformer; none = the whole event). Its other settings (retry policy,
 * dead-letter queue, ...) are not managed and are kept by the writer.
 */
export function normalizeTarget(t: Target): EventsTarget {
  return {
    id: t.Id ?? '',
    arn: t.Arn ?? '',
    ...(t.RoleArn ? { roleArn: t.RoleArn } : {}),
    ...(t.Input !== undefined ? { input: canonicalTargetInput(t.Input) } : {}),
    ...(t.InputPath !== undefined ? { inputPath: t.InputPath } : {}),
    ...(t.InputTransformer !== undefined ? { inputTransformer: canonicalText(t.InputTransformer) } : {}),
  };
}

/** DescribeRule + ListTargetsByRule -> normalised attributes. */
export function normalizeRule(
  region: string,
  rule: Pick<
    DescribeRuleCommandOutput,
    'EventBusName' | 'Description' | 'EventPattern' | 'ScheduleExpression' | 'State'
  >,
  targets: readonly Target[],
): EventsRuleAttrs {
  return {
    region,
    eventBusName: rule.EventBusName || DEFAULT_EVENT_BUS,
    description: rule.Description ?? '',
    ...(rule.EventPattern ? { eventPattern: canonicalEventPattern(rule.EventPattern) } : {}),
    ...(rule.ScheduleExpression ? { scheduleExpression: rule.ScheduleExpression } : {}),
    // ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS is kept verbatim: it shows as a difference.
    state: (rule.State ?? 'ENABLED') as NonNullable<EventsRuleAttrs['state']>,
    targets: targets.map(normalizeTarget).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)),
  };
}
