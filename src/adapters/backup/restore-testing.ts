/**
 * `backup.restoreTestingPlan`: AWS Backup restore testing plans with their selections (issue 16),
 * read, applied from the plan's diffs and deleted. AWS Backup API reference:
 * https://docs.aws.amazon.com/aws-backup/latest/devguide/API_CreateRestoreTestingPlan.html and
 * https://docs.aws.amazon.com/aws-backup/latest/devguide/API_CreateRestoreTestingSelection.html
 */
import type { BackupRestoreTestingPlanAttrs, RestoreTestingSelectionAttrs } from '../../model/attrs.js';
import type { ResourceAddress } from '../../model/resource.js';
import type { DesiredResource, Observation } from '../../model/state.js';
import { awsErrorCode, changedFields, changedKeys, classifyReadError, mapBounded } from '../kit.js';
import type { ApplyOutcome, ApplyStep, ReadContext, WriteContext } from '../types.js';
import { BACKUP_CLIENT, type BackupReadClient } from './client.js';

type Kind = 'backup.restoreTestingPlan';

const sorted = <T extends string>(v: readonly T[] | undefined): T[] => [...(v ?? [])].sort();

function isNotFound(e: unknown): boolean {
  return awsErrorCode(e) === 'ResourceNotFoundException';
}

/** Reads one plan and its selections; absent when the plan does not exist. */
async function readOne(client: BackupReadClient, name: string, region: string): Promise<Observation<Kind>> {
  let plan: Awaited<ReturnType<BackupReadClient['getRestoreTestingPlan']>>['RestoreTestingPlan'];
  try {
    plan = (await client.getRestoreTestingPlan({ RestoreTestingPlanName: name })).RestoreTestingPlan;
  } catch (e) {
    if (isNotFound(e)) return { status: 'absent' };
    return classifyReadError(e, 'GetRestoreTestingPlan');
  }
  if (!plan) return { status: 'absent' };
  const selections: Record<string, RestoreTestingSelectionAttrs> = {};
  try {
    let token: string | undefined;
    do {
      const page = await client.listRestoreTestingSelections({
        RestoreTestingPlanName: name,
        ...(token ? { NextToken: token } : {}),
      });
      for (const item of page.RestoreTestingSelections ?? []) {
        if (!item.RestoreTestingSelectionName) continue;
        const sel = (
          await client.getRestoreTestingSelection({
            RestoreTestingPlanName: name,
            RestoreTestingSelectionName: item.RestoreTestingSelectionName,
          })
        ).RestoreTestingSelection;
        if (!sel) continue;
        selections[item.RestoreTestingSelectionName] = {
          iamRoleArn: sel.IamRoleArn ?? '',
          resourceType: sel.ProtectedResourceType ?? '',
          resources: sorted(sel.ProtectedResourceArns),
          validationWindowHours: sel.ValidationWindowHours ?? 0,
        };
      }
      token = page.NextToken;
    } while (token);
  } catch (e) {
    return classifyReadError(e, 'GetRestoreTestingSelection');
  }
  const rp = plan.RecoveryPointSelection;
  const attrs: BackupRestoreTestingPlanAttrs = {
    region,
    schedule: plan.ScheduleExpression ?? '',
    // AWS's defaults when the answer leaves them out (API_RestoreTestingPlanForCreate).
    scheduleTimezone: plan.ScheduleExpressionTimezone ?? 'Etc/UTC',
    startWindowHours: plan.StartWindowHours ?? 24,
    recoveryPoints: {
      algorithm: (rp?.Algorithm ??
        'LATEST_WITHIN_WINDOW') as BackupRestoreTestingPlanAttrs['recoveryPoints']['algorithm'],
      includeVaults: sorted(rp?.IncludeVaults),
      excludeVaults: sorted(rp?.ExcludeVaults),
      recoveryPointTypes: sorted(
        rp?.RecoveryPointTypes,
      ) as BackupRestoreTestingPlanAttrs['recoveryPoints']['recoveryPointTypes'],
      selectionWindowDays: rp?.SelectionWindowDays ?? 30,
    },
    selections,
  };
  return {
    status: 'present',
    attrs,
    facts: plan.RestoreTestingPlanArn ? { arn: plan.RestoreTestingPlanArn } : {},
  };
}

/** Reads the declared restore testing plans. */
export async function readRestoreTestingPlans(
  ctx: ReadContext,
  resources: readonly DesiredResource<Kind>[],
): Promise<ReadonlyMap<ResourceAddress, Observation<Kind>>> {
  const out = new Map<ResourceAddress, Observation<Kind>>();
  await mapBounded(resources, ctx.concurrency, async (r) => {
    const region = r.region ?? ctx.pool.options.defaultRegion;
    out.set(r.address, await readOne(BACKUP_CLIENT.reader(ctx.pool, region), r.name, region));
  });
  return out;
}

function planInput(a: BackupRestoreTestingPlanAttrs) {
  return {
    ScheduleExpression: a.schedule,
    ScheduleExpressionTimezone: a.scheduleTimezone,
    StartWindowHours: a.startWindowHours,
    RecoveryPointSelection: {
      Algorithm: a.recoveryPoints.algorithm,
      IncludeVaults: [...a.recoveryPoints.includeVaults],
      ...(a.recoveryPoints.excludeVaults.length
        ? { ExcludeVaults: [...a.recoveryPoints.excludeVaults] }
        : {}),
      RecoveryPointTypes: [...a.recoveryPoints.recoveryPointTypes],
      SelectionWindowDays: a.recoveryPoints.selectionWindowDays,
    },
  };
}

/**
 * Creates the plan (with every selection), or writes what the diffs name: the plan's own fields
 * (UpdateRestoreTestingPlan), and each selection created, updated or deleted by name.
 */
export async function applyRestoreTestingPlan(
  ctx: WriteContext,
  step: ApplyStep<Kind>,
): Promise<ApplyOutcome> {
  const { desired, observation, change } = step;
  const region = desired.region ?? ctx.pool.options.defaultRegion;
  const backup = BACKUP_CLIENT.writer(ctx, desired.address, region);
  const name = desired.name;
  const want = desired.attrs;
  const selectionInput = (s: RestoreTestingSelectionAttrs) => ({
    IamRoleArn: s.iamRoleArn,
    ProtectedResourceArns: [...s.resources],
    ValidationWindowHours: s.validationWindowHours,
  });
  if (observation.status === 'absent') {
    await backup.createRestoreTestingPlan({
      RestoreTestingPlan: { RestoreTestingPlanName: name, ...planInput(want) },
    });
    for (const [selName, s] of Object.entries(want.selections ?? {}))
      await backup.createRestoreTestingSelection({
        RestoreTestingPlanName: name,
        RestoreTestingSelection: {
          RestoreTestingSelectionName: selName,
          ProtectedResourceType: s.resourceType,
          ...selectionInput(s),
        },
      });
    return 'applied';
  }
  const fields = changedFields(change);
  let wrote = false;
  if ([...fields].some((f) => f !== 'selections' && f !== 'region')) {
    await backup.updateRestoreTestingPlan({
      RestoreTestingPlanName: name,
      RestoreTestingPlan: planInput(want),
    });
    wrote = true;
  }
  if (fields.has('selections') && want.selections) {
    const have = observation.attrs.selections ?? {};
    const keys = changedKeys(change, 'selections');
    const names = keys === 'whole' ? new Set([...Object.keys(have), ...Object.keys(want.selections)]) : keys;
    for (const selName of names) {
      const w = want.selections[selName];
      const h = have[selName];
      // A selection's resource type cannot be updated (UpdateRestoreTestingSelection takes none): replace it.
      if (h && (!w || w.resourceType !== h.resourceType))
        await backup.deleteRestoreTestingSelection({
          RestoreTestingPlanName: name,
          RestoreTestingSelectionName: selName,
        });
      if (w && (!h || w.resourceType !== h.resourceType))
        await backup.createRestoreTestingSelection({
          RestoreTestingPlanName: name,
          RestoreTestingSelection: {
            RestoreTestingSelectionName: selName,
            ProtectedResourceType: w.resourceType,
            ...selectionInput(w),
          },
        });
      else if (w && h)
        await backup.updateRestoreTestingSelection({
          RestoreTestingPlanName: name,
          RestoreTestingSelectionName: selName,
          RestoreTestingSelection: selectionInput(w),
        });
      wrote = true;
    }
  }
  return wrote ? 'applied' : 'unchanged';
}

/** Deletes the plan, its selections first ("all associated restore testing selections are deleted first", API_DeleteRestoreTestingPlan). */
export async function deleteRestoreTestingPlan(
  ctx: WriteContext,
  step: ApplyStep<Kind>,
): Promise<ApplyOutcome> {
  const region = step.desired.region ?? ctx.pool.options.defaultRegion;
  const backup = BACKUP_CLIENT.writer(ctx, step.desired.address, region);
  const live = step.observation.status === 'present' ? step.observation.attrs.selections : undefined;
  for (const selName of Object.keys(live ?? {}))
    await backup.deleteRestoreTestingSelection({
      RestoreTestingPlanName: step.desired.name,
      RestoreTestingSelectionName: selName,
    });
  try {
    await backup.deleteRestoreTestingPlan({ RestoreTestingPlanName: step.desired.name });
  } catch (e) {
    if (!isNotFound(e)) throw e;
    return 'unchanged';
  }
  return 'applied';
}
