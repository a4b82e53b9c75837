/**
 * Reads EventBridge rules: DescribeRule (ResourceNotFoundException -> absent) and ListTargetsByRule
 * (paginated), on the rule's event bus (default `default`) with its region's client. Rules are read
 * concurrently (bounded).
 */
import type { DescribeRuleCommandOutput, Target } from '@aws-sdk/client-eventbridge';
import type { EventsRuleAttrs } from '../../model/attrs.js';
import type { ResourceAddress } from '../../model/resource.js';
import type { DesiredResource, Observation } from '../../model/state.js';
import { allInOrder, awsErrorCode, classifyReadError, mapBounded } from '../kit.js';
import type { ReadContext } from '../types.js';
import { EVENTS_CLIENT, type EventsReadClient } from './client.js';
import { DEFAULT_EVENT_BUS, normalizeRule } from './normalize.js';

/** One rule as read: attributes plus the raw responses the writer needs to keep unmanaged parts. */
export type RuleRead =
  | { readonly status: 'absent' }
  | {
      readonly status: 'present';
      readonly attrs: EventsRuleAttrs;
      readonly rule: DescribeRuleCommandOutput;
      readonly targets: readonly Target[];
    };

/** True for the error EventBridge returns for a missing rule (or bus). */
export function isRuleNotFound(e: unknown): boolean {
  return awsErrorCode(e) === 'ResourceNotFoundException';
}

async function listTargets(client: EventsReadClient, name: string, bus: string): Promise<Target[]> {
  const out: Target[] = [];
  let token: string | undefined;
  do {
    const page = await client.listTargetsByRule({
      Rule: name,
      EventBusName: bus,
      Limit: 100,
      ...(token ? { NextToken: token } : {}),
    });
    out.push(...(page.Targets ?? []));
    token = page.NextToken;
  } while (token);
  return out;
}

/** Reads one rule. Throws SDK errors other than ResourceNotFound (the caller classifies them). */
export async function readRule(
  client: EventsReadClient,
  region: string,
  name: string,
  eventBusName: string | undefined,
): Promise<RuleRead> {
  const bus = eventBusName ?? DEFAULT_EVENT_BUS;
  try {
    const [rule, targets] = await allInOrder<[DescribeRuleCommandOutput, Target[]]>([
      client.describeRule({ Name: name, EventBusName: bus }),
      listTargets(client, name, bus),
    ]);
    return { status: 'present', attrs: normalizeRule(region, rule, targets), rule, targets };
  } catch (e) {
    if (isRuleNotFound(e)) return { status: 'absent' };
    throw e;
  }
}

/** Turns a rule read into an observation (facts: `arn`, and `managedBy` for rules AWS services own). */
export function observeRule(read: RuleRead): Observation<'events.rule'> {
  if (read.status === 'absent') return read;
  return {
    status: 'present',
    attrs: read.attrs,
    facts: {
      ...(read.rule.Arn ? { arn: read.rule.Arn } : {}),
      ...(read.rule.ManagedBy ? { managedBy: read.rule.ManagedBy } : {}),
    },
  };
}

/** KindAdapter.read for `events.rule`. */
export async function readRules(
  ctx: ReadContext,
  resources: readonly DesiredResource<'events.rule'>[],
): Promise<ReadonlyMap<ResourceAddress, Observation<'events.rule'>>> {
  const results = await mapBounded(resources, ctx.concurrency, async (r) => {
    const region = r.region ?? r.attrs.region;
    try {
      const read = await readRule(
        EVENTS_CLIENT.reader(ctx.pool, region),
        region,
        r.name,
        r.attrs.eventBusName,
      );
      return [r.address, observeRule(read)] as const;
    } catch (e) {
      ctx.logger?.warn({ address: r.address, code: awsErrorCode(e) }, 'events rule unreadable');
      return [r.address, classifyReadError(e) as Observation<'events.rule'>] as const;
    }
  });
  return new Map(results);
}
