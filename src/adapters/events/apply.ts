/**
 * Writer for `events.rule`: PutRule when the plan says a rule field differs (keeping the unmanaged
 * ones as they are), PutTargets for the targets the plan names that the spec declares, RemoveTargets
 * for the ones it names that the spec does not. An existing rule is read once first: PutRule and
 * PutTargets replace what they are given, and the rule's role and the targets' unmanaged settings
 * (retry policy, dead-letter queue) are not in the plan. Every mutating call goes through
 * `ctx.mutate` (the declared write client). Partial failures that PutTargets/RemoveTargets report
 * in-band become errors.
 */
import type { PutRuleCommandInput, Target } from '@aws-sdk/client-eventbridge';
import type { EventsTarget } from '../../model/attrs.js';
import { changedFields, changedKeys, chunk } from '../kit.js';
import type { ApplyOutcome, ApplyStep, WriteContext } from '../types.js';
import { rawItemsBy } from '../unmanaged.js';
import { EVENTS_CLIENT } from './client.js';
import { DEFAULT_EVENT_BUS } from './normalize.js';
import { type RuleRead, readRule } from './read.js';

/**
 * AWS limits: PutTargets takes at most 10 targets, RemoveTargets 100 ids
 * (https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_PutTargets.html,
 * https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_RemoveTargets.html).
 */
const PUT_TARGETS_MAX = 10;
const REMOVE_TARGETS_MAX = 100;

/** The rule's own fields (PutRule), apart from its targets. */
const RULE_FIELDS = ['description', 'eventPattern', 'scheduleExpression', 'state'] as const;

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

/**
 * KindAdapter.apply for `events.rule`: on create, PutRule and every desired target; on update, what
 * the plan's diffs name (see module doc).
 */
export async function applyRule(ctx: WriteContext, step: ApplyStep<'events.rule'>): Promise<ApplyOutcome> {
  const { desired, observation, change } = step;
  const address = desired.address;
  const region = desired.region ?? desired.attrs.region;
  const bus = desired.attrs.eventBusName ?? DEFAULT_EVENT_BUS;
  const client = EVENTS_CLIENT.writer(ctx, address, region);
  const want = desired.attrs;
  const fields = observation.status === 'absent' ? undefined : changedFields(change);
  const writesRule = fields === undefined || RULE_FIELDS.some((f) => fields.has(f));
  const writesTargets = want.targets !== undefined && (fields === undefined || fields.has('targets'));
  if (!writesRule && !writesTargets) return 'unchanged';

  let live: (RuleRead & { status: 'present' }) | undefined;
  if (observation.status === 'present') {
    const current = await readRule(client, region, desired.name, bus);
    if (current.status === 'absent')
      throw new Error(`${address} no longer exists (deleted since the plan was made)`);
    live = current;
  }

  if (writesRule) {
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
    await client.putRule(input);
  }

  if (writesTargets && want.targets !== undefined) {
    const wanted = new Map(want.targets.map((t) => [t.id, t] as const));
    const liveById = new Map((live?.targets ?? []).map((t) => [t.Id ?? '', t] as const));
    // --restore: the unmodelled target settings come from the saved targets (Step-0 backup).
    const saved = desired.raw !== undefined ? rawItemsBy(desired.raw.targets, 'Id') : undefined;
    const base = (id: string): Target | undefined =>
      saved ? (saved.get(id) as Target | undefined) : liveById.get(id);
    const keys = fields === undefined ? 'whole' : changedKeys(change, 'targets');
    const ids = keys === 'whole' ? new Set([...wanted.keys(), ...liveById.keys()]) : keys;
    const put: Target[] = [];
    const remove: string[] = [];
    for (const id of [...ids].sort()) {
      const w = wanted.get(id);
      if (w) put.push(targetToPut(w, base(id)));
      else if (liveById.has(id)) remove.push(id);
    }
    for (const batch of chunk(put, PUT_TARGETS_MAX)) {
      const out = await client.putTargets({ Rule: desired.name, EventBusName: bus, Targets: batch });
      if (out.FailedEntryCount)
        throw new Error(`${address}: PutTargets failed for ${failures(out.FailedEntries)}`);
    }
    for (const batch of chunk(remove, REMOVE_TARGETS_MAX)) {
      const out = await client.removeTargets({ Rule: desired.name, EventBusName: bus, Ids: batch });
      if (out.FailedEntryCount)
        throw new Error(`${address}: RemoveTargets failed for ${failures(out.FailedEntries)}`);
    }
  }
  return 'applied';
}

/**
 * KindAdapter.delete for `events.rule`: RemoveTargets (a rule with targets cannot be deleted: "Before
 * you can delete the rule, you must remove all targets",
 * https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_DeleteRule.html), then DeleteRule.
 * The target ids come from the step's observation.
 */
export async function deleteRule(ctx: WriteContext, step: ApplyStep<'events.rule'>): Promise<ApplyOutcome> {
  const { desired, observation } = step;
  if (observation.status === 'absent') return 'unchanged';
  const address = desired.address;
  const region = desired.region ?? desired.attrs.region;
  const bus = desired.attrs.eventBusName ?? observation.attrs.eventBusName ?? DEFAULT_EVENT_BUS;
  const client = EVENTS_CLIENT.writer(ctx, address, region);
  const ids = (observation.attrs.targets ?? []).map((t) => t.id).filter((id) => id !== '');
  for (const batch of chunk(ids, REMOVE_TARGETS_MAX)) {
    const out = await client.removeTargets({ Rule: desired.name, EventBusName: bus, Ids: batch });
    if (out.FailedEntryCount)
      throw new Error(`${address}: RemoveTargets failed for ${failures(out.FailedEntries)}`);
  }
  await client.deleteRule({ Name: desired.name, EventBusName: bus });
  return 'applied';
}
