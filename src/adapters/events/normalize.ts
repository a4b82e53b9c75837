/**
 * EventBridge responses -> EventsRuleAttrs. Pure (no IO). What it normalises, each against a
 * perpetual diff: the event pattern JSON (AWS and moto re-serialise it: key order, whitespace, the
 * order of values in a match list, which is a set), constant target input JSON, the default event bus,
 * and the order of targets.
 */
import type { DescribeRuleCommandOutput, Target } from '@aws-sdk/client-eventbridge';
import type { EventsRuleAttrs, EventsTarget } from '../../model/attrs.js';
import { stableJson } from '../kit.js';

/** Name of the account's default event bus. */
export const DEFAULT_EVENT_BUS = 'default';

/** Content filters whose array operands are ordered (`{"numeric": [">", 0, "<=", 5]}`): never sorted. */
const ORDERED_OPERAND_KEYS = new Set(['numeric']);

function canonicalPatternValue(value: unknown, parentKey: string | undefined): unknown {
  if (Array.isArray(value)) {
    const items = value.map((v) => canonicalPatternValue(v, undefined));
    if (parentKey !== undefined && ORDERED_OPERAND_KEYS.has(parentKey)) return items;
    // A match list is a set: sort by canonical JSON. Duplicates are kept, as AWS keeps them and as the
    // spec loader does (spec/map/monitoring.ts), so that both sides stay comparable.
    return items
      .map((v) => [stableJson(v), v] as const)
      .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
      .map(([, v]) => v);
  }
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort())
      out[key] = canonicalPatternValue((value as Record<string, unknown>)[key], key);
    return out;
  }
  return value;
}

/**
 * An event pattern (JSON text or object) in canonical form: object keys sorted at every level, match
 * lists sorted (except ordered operands such as `numeric`). Throws a plain Error on
 * invalid JSON or a non-object pattern.
 */
export function canonicalEventPattern(
  pattern: string | Readonly<Record<string, unknown>>,
): Record<string, unknown> {
  const parsed: unknown = typeof pattern === 'string' ? JSON.parse(pattern) : pattern;
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed))
    throw new Error('event pattern must be a JSON object');
  return canonicalPatternValue(parsed, undefined) as Record<string, unknown>;
}

/** Constant target input in canonical form (keys sorted, compact); non-JSON text is kept as is. */
export function canonicalTargetInput(input: string): string {
  try {
    return stableJson(JSON.parse(input));
  } catch {
    return input;
  }
}

/** One target -> EventsTarget (only the fields we manage; others are kept by the writer). */
export function normalizeTarget(t: Target): EventsTarget {
  return {
    id: t.Id ?? '',
    arn: t.Arn ?? '',
    ...(t.RoleArn ? { roleArn: t.RoleArn } : {}),
    ...(t.Input !== undefined ? { input: canonicalTargetInput(t.Input) } : {}),
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
