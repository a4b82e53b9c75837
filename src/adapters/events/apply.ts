/**
 * Level-based writer for `events.rule`: re-reads the rule, PutRule only when a managed rule field
 * differs (keeping unmanaged ones as they are), PutTargets for new or changed targets, RemoveTargets
 * for targets not in the spec (only when the spec lists targets). Every mutating call goes through
 * `ctx.mutate`. Partial failures that PutTargets/RemoveTargets report in-band become errors.
 */
import type { PutRuleCommandInput, Target } from '@aws-sdk/client-eventbridge';
import type { EventsRuleAttrs, EventsTarget } from '../../model/attrs.js';
import type { DesiredResource } from '../../model/state.js';
import { chunk, differingFields, stableJson } from '../kit.js';
import type { ApplyOutcome, WriteContext } from '../types.js';
import { eventsWriteClient } from './client.js';
import { DEFAULT_EVENT_BUS, normalizeTarget } from './normalize.js';
import { readRule } from './read.js';

/** AWS limits: PutTargets takes at most 10 targets, RemoveTargets 100 ids. */
const PUT_TARGETS_MAX = 10;
const REMOVE_TARGETS_MAX = 100;

const RULE_FIELDS = ['description', 'eventPattern', 'scheduleExpression', 'state'] as const;

/** The rule fields (not targets) whose desired value differs from live. */
export function differingRuleFields(want: EventsRuleAttrs, live: EventsRuleAttrs | undefined): string[] {
  const pick = (a: EventsRuleAttrs | undefined) =>
    Object.fromEntries(RULE_FIELDS.map((k) => [k, a?.[k]])) as Partial<EventsRuleAttrs>;
  return differingFields(pick(want), pick(live));
}

/**
 * The target to send for a desired target: the live target's unmanaged settings (dead-letter queue,
 * retry policy, ...) kept; where it sends, its role and what it sends exactly as desired (PutTargets
 * replaces the whole target, so a RoleArn, Input, InputPath or InputTransformer the desired target
 * does not have is dropped).
 */
export function targetToPut(want: EventsTarget, live: Target | undefined): Target {
  const {
    RoleArn: _role,
    Input: _input,
    InputPath: _path,
    InputTransformer: _transformer,
    ...unmanaged
  } = live ?? {};
  return {
    ...unmanaged,
    Id: want.id,
    Arn: want.arn,
    ...(want.roleArn !== undefined ? { RoleArn: want.roleArn } : {}),
    ...(want.input !== undefined ? { Input: want.input } : {}),
    ...(want.inputPath !== undefined ? { InputPath: want.inputPath } : {}),
    ...(want.inputTransformer !== undefined
      ? { InputTransformer: JSON.parse(want.inputTransformer) as Target['InputTransformer'] }
      : {}),
  };
}

/**
 * Which targets to put (new, or differing from the desired target as a whole — as the planner compares
 * them) and which ids to remove.
 */
export function planTargetWrites(
  want: readonly EventsTarget[],
  live: readonly Target[],
): { readonly put: readonly Target[]; readonly remove: readonly string[] } {
  const liveById = new Map(live.map((t) => [t.Id ?? '', t] as const));
  const put: Target[] = [];
  for (const w of want) {
    const l = liveById.get(w.id);
    if (!l || stableJson(w) !== stableJson(normalizeTarget(l))) put.push(targetToPut(w, l));
  }
  const wanted = new Set(want.map((w) => w.id));
  const remove = [...liveById.keys()].filter((id) => !wanted.has(id)).sort();
  return { put, remove };
}

function failures(
  entries:
    | readonly {
        TargetId?: string | undefined;
        ErrorCode?: string | undefined;
        ErrorMessage?: string | undefined;
      }[]
    | undefined,
) {
  return (entries ?? [])
    .map((f) => `${f.TargetId}: ${f.ErrorCode} ${f.ErrorMessage ?? ''}`.trim())
    .join('; ');
}

/** KindAdapter.apply for `events.rule`. */
export async function applyRule(
  ctx: WriteContext,
  desired: DesiredResource<'events.rule'>,
): Promise<ApplyOutcome> {
  const address = desired.address;
  const region = desired.region ?? desired.attrs.region;
  const bus = desired.attrs.eventBusName ?? DEFAULT_EVENT_BUS;
  const client = eventsWriteClient(ctx, region);
  const want = desired.attrs;
  let changed = false;

  const current = await readRule(client, region, desired.name, bus);
  const live = current.status === 'present' ? current : undefined;
  if (!live || differingRuleFields(want, live.attrs).length > 0) {
    const pattern = want.eventPattern ?? live?.attrs.eventPattern;
    const schedule = want.scheduleExpression ?? live?.attrs.scheduleExpression;
    const description = want.description ?? live?.attrs.description;
    const input: PutRuleCommandInput = {
      Name: desired.name,
      EventBusName: bus,
      State: want.state ?? live?.attrs.state ?? 'ENABLED',
      ...(pattern !== undefined ? { EventPattern: JSON.stringify(pattern) } : {}),
      ...(schedule !== undefined ? { ScheduleExpression: schedule } : {}),
      ...(description ? { Description: description } : {}),
      ...(live?.rule.RoleArn ? { RoleArn: live.rule.RoleArn } : {}),
    };
    await ctx.mutate('events', 'PutRule', address, () => client.putRule(input));
    changed = true;
  }

  if (want.targets !== undefined) {
    const { put, remove } = planTargetWrites(want.targets, live?.targets ?? []);
    for (const batch of chunk(put, PUT_TARGETS_MAX)) {
      const out = await ctx.mutate('events', 'PutTargets', address, () =>
        client.putTargets({ Rule: desired.name, EventBusName: bus, Targets: batch }),
      );
      if (out.FailedEntryCount)
        throw new Error(`${address}: PutTargets failed for ${failures(out.FailedEntries)}`);
      changed = true;
    }
    for (const ids of chunk(remove, REMOVE_TARGETS_MAX)) {
      const out = await ctx.mutate('events', 'RemoveTargets', address, () =>
        client.removeTargets({ Rule: desired.name, EventBusName: bus, Ids: ids }),
      );
      if (out.FailedEntryCount)
        throw new Error(`${address}: RemoveTargets failed for ${failures(out.FailedEntries)}`);
      changed = true;
    }
  }
  return changed ? 'applied' : 'unchanged';
}

/** KindAdapter.delete for `events.rule`: RemoveTargets (a rule with targets cannot be deleted), DeleteRule. */
export async function deleteRule(
  ctx: WriteContext,
  desired: DesiredResource<'events.rule'>,
): Promise<ApplyOutcome> {
  const address = desired.address;
  const region = desired.region ?? desired.attrs.region;
  const bus = desired.attrs.eventBusName ?? DEFAULT_EVENT_BUS;
  const client = eventsWriteClient(ctx, region);
  const current = await readRule(client, region, desired.name, bus);
  if (current.status === 'absent') return 'unchanged';
  const ids = current.targets.map((t) => t.Id ?? '').filter((id) => id !== '');
  for (const batch of chunk(ids, REMOVE_TARGETS_MAX)) {
    const out = await ctx.mutate('events', 'RemoveTargets', address, () =>
      client.removeTargets({ Rule: desired.name, EventBusName: bus, Ids: batch }),
    );
    if (out.FailedEntryCount)
      throw new Error(`${address}: RemoveTargets failed for ${failures(out.FailedEntries)}`);
  }
  await ctx.mutate('events', 'DeleteRule', address, () =>
    client.deleteRule({ Name: desired.name, EventBusName: bus }),
  );
  return 'applied';
}
