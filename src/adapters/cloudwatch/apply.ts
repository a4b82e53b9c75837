/**
 * Level-based writer for `cloudwatch.alarm`: re-reads the alarm and, only when a managed field
 * differs, writes the full definition (desired over live) with PutMetricAlarm, which is idempotent
 * and replaces the whole alarm. Delete: DeleteAlarms. Every mutating call goes through `ctx.mutate`.
 */
import { ReconcileError } from '../../errors.js';
import type { DesiredResource } from '../../model/state.js';
import { differingFields } from '../kit.js';
import type { ApplyOutcome, WriteContext } from '../types.js';
import { cloudwatchWriteClient } from './client.js';
import { mergeAlarm, missingAlarmParts, normalizeAlarm, toPutMetricAlarmInput } from './normalize.js';
import { describeAlarmsByName } from './read.js';

/** KindAdapter.apply for `cloudwatch.alarm`. */
export async function applyAlarm(
  ctx: WriteContext,
  desired: DesiredResource<'cloudwatch.alarm'>,
): Promise<ApplyOutcome> {
  const region = desired.region ?? desired.attrs.region;
  const client = cloudwatchWriteClient(ctx, region);
  const found = (await describeAlarmsByName(client, [desired.name])).get(desired.name);
  const live = found ? normalizeAlarm(region, found) : undefined;
  if (live && differingFields(desired.attrs, live).length === 0) return 'unchanged';
  const next = mergeAlarm(desired.attrs, live);
  const missing = missingAlarmParts(next);
  if (missing.length > 0) {
    throw new ReconcileError(
      'ALARM_INCOMPLETE',
      `${desired.address}: cannot ${live ? 'update' : 'create'} the alarm: the spec does not say ${missing.join(', ')}`,
    );
  }
  await ctx.mutate('cloudwatch', 'PutMetricAlarm', desired.address, () =>
    client.putMetricAlarm(toPutMetricAlarmInput(desired.name, next)),
  );
  return 'applied';
}

/** KindAdapter.delete for `cloudwatch.alarm`. */
export async function deleteAlarm(
  ctx: WriteContext,
  desired: DesiredResource<'cloudwatch.alarm'>,
): Promise<ApplyOutcome> {
  const region = desired.region ?? desired.attrs.region;
  const client = cloudwatchWriteClient(ctx, region);
  const found = (await describeAlarmsByName(client, [desired.name])).get(desired.name);
  if (!found) return 'unchanged';
  await ctx.mutate('cloudwatch', 'DeleteAlarms', desired.address, () =>
    client.deleteAlarms({ AlarmNames: [desired.name] }),
  );
  return 'applied';
}
