/**
 * Plan steps for adapter tests, made the way the executor gets them: the planner's change for one
 * resource (the one definition of "different") next to the observation it was planned from.
 */
import type { ApplyOutcome, ApplyStep, KindAdapter, WriteContext } from '../../src/adapters/types.js';
import type { AttrsByKind } from '../../src/model/attrs.js';
import type { Change } from '../../src/model/plan.js';
import { addressOf, type ResourceKind } from '../../src/model/resource.js';
import type { DesiredResource, Observation } from '../../src/model/state.js';
import { planChanges } from '../../src/planner/index.js';
import { CREATED_AT, desiredStateOf, liveStateOf } from './builders/index.js';

/** The planner's change for `desired` against `observation` (present or absent). */
export function plannedChange(desired: DesiredResource, observation: Observation): Change {
  const state = desiredStateOf([desired]);
  const live = liveStateOf({ [desired.address]: observation });
  const change = planChanges(state, live, { createdAt: CREATED_AT }).changes.find(
    (c) => c.address === desired.address,
  );
  if (!change) throw new Error(`assertion: the plan has no change for ${desired.address}`);
  return change;
}

/** The step the executor would hand the adapter for `desired` observed as `observation`. */
export function stepOf<K extends ResourceKind>(
  desired: DesiredResource<K>,
  observation: Observation<K> & { status: 'present' | 'absent' },
): ApplyStep<K> {
  return { desired, observation, change: plannedChange(desired, observation) };
}

/** A present observation of `attrs` (with facts). */
export function present<K extends ResourceKind>(
  attrs: AttrsByKind[K],
  facts: Readonly<Record<string, unknown>> = {},
): Observation<K> & { status: 'present' } {
  return { status: 'present', attrs, facts };
}

/**
 * The top-level fields the planner says differ between desired and live attributes of one kind
 * (sorted; empty: in sync). What every normaliser must make empty for an unchanged resource.
 */
export function differingFields<K extends ResourceKind>(
  kind: K,
  desired: Partial<AttrsByKind[K]>,
  live: AttrsByKind[K],
): string[] {
  const resource = {
    address: addressOf(kind, 'x', 'eu-west-1'),
    kind,
    name: 'x',
    region: kind === 's3.bucket' || kind === 'iam.role' ? null : 'eu-west-1',
    ensure: 'present',
    attrs: desired as AttrsByKind[K],
    dependsOn: [],
  } satisfies DesiredResource<K>;
  const change = plannedChange(resource, { status: 'present', attrs: live });
  return [...new Set(change.fieldDiffs.map((d) => d.path.split('/')[1] ?? ''))].sort();
}

/**
 * Reads `desired` with the adapter (scope `managed`, like `--plan` and `--apply`), plans it, and runs
 * the step like the executor: nothing for a no-op (`unchanged`), `delete` for a delete (after a full
 * read, as the executor makes), `apply` otherwise — blocked changes included, so the adapter's own
 * refusal is tested too. Returns the outcome.
 */
export async function applyPlanned<K extends ResourceKind>(
  adapter: KindAdapter<K>,
  ctx: WriteContext,
  desired: DesiredResource<K>,
): Promise<ApplyOutcome> {
  const observed = (await adapter.read({ ...ctx, scope: 'managed' }, [desired])).get(desired.address);
  if (!observed || observed.status === 'unreadable')
    throw new Error(
      `cannot plan ${desired.address}: ${observed?.status === 'unreadable' ? observed.reason : 'not read'}`,
    );
  const change = plannedChange(desired, observed);
  if (change.action === 'no-op') return 'unchanged';
  if (change.action === 'delete') {
    const full = (await adapter.read(ctx, [desired])).get(desired.address);
    if (!full || full.status === 'unreadable') throw new Error(`cannot read ${desired.address} whole`);
    if (full.status === 'absent') return 'unchanged';
    if (!adapter.delete) throw new Error(`${adapter.kind} cannot delete`);
    return adapter.delete(ctx, { desired, observation: full, change });
  }
  if (!adapter.apply) throw new Error(`${adapter.kind} cannot write`);
  return adapter.apply(ctx, { desired, observation: observed, change });
}

/**
 * Deletes `desired` like the executor runs a delete step: a full read first (what the backup saves and
 * the adapter deletes from); `unchanged` when it is already gone.
 */
export async function deletePlanned<K extends ResourceKind>(
  adapter: KindAdapter<K>,
  ctx: WriteContext,
  desired: DesiredResource<K>,
): Promise<ApplyOutcome> {
  const full = (await adapter.read(ctx, [desired])).get(desired.address);
  if (!full || full.status === 'unreadable') throw new Error(`cannot read ${desired.address} whole`);
  if (full.status === 'absent') return 'unchanged';
  if (!adapter.delete) throw new Error(`${adapter.kind} cannot delete`);
  return adapter.delete(ctx, { desired, observation: full, change: { action: 'delete', fieldDiffs: [] } });
}
