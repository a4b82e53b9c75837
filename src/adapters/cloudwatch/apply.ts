/**
 * Writer for `cloudwatch.alarm`: PutMetricAlarm "Creates or updates an alarm" from the whole
 * definition it is given, not a patch
 * (https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_PutMetricAlarm.html), so a
 * create or an update writes the full definition: the desired fields over the live definition the
 * plan observed (the alarm reader always reads it whole), plus the settings the spec does not model
 * (EvaluateLowSampleCountPercentile) from the raw alarm read, and nothing when the plan names no
 * field. Delete: DeleteAlarms. Every mutating call
 * goes through `ctx.mutate` (the declared write client).
 */
import { ReconcileError } from '../../errors.js';
import { changedFields } from '../kit.js';
import type { ApplyOutcome, ApplyStep, WriteContext } from '../types.js';
import { rawPart } from '../unmanaged.js';
import { CLOUDWATCH_CLIENT } from './client.js';
import {
  keepUnmanagedAlarmSettings,
  mergeAlarm,
  missingAlarmParts,
  toPutMetricAlarmInput,
} from './normalize.js';

/** KindAdapter.apply for `cloudwatch.alarm`. */
export async function applyAlarm(
  ctx: WriteContext,
  step: ApplyStep<'cloudwatch.alarm'>,
): Promise<ApplyOutcome> {
  const { desired, observation, change } = step;
  const live = observation.status === 'present' ? observation.attrs : undefined;
  if (live && changedFields(change).size === 0) return 'unchanged';
  const next = mergeAlarm(desired.attrs, live);
  const missing = missingAlarmParts(next);
  if (missing.length > 0) {
    throw new ReconcileError(
      'ALARM_INCOMPLETE',
      `${desired.address}: cannot ${live ? 'update' : 'create'} the alarm: the spec does not say ${missing.join(', ')}`,
    );
  }
  const region = desired.region ?? desired.attrs.region;
  await CLOUDWATCH_CLIENT.writer(ctx, desired.address, region).putMetricAlarm(
    keepUnmanagedAlarmSettings(
      toPutMetricAlarmInput(desired.name, next),
      rawPart(desired, observation, 'alarm'),
    ),
  );
  return 'applied';
}

/** KindAdapter.delete for `cloudwatch.alarm`. */
export async function deleteAlarm(
  ctx: WriteContext,
  step: ApplyStep<'cloudwatch.alarm'>,
): Promise<ApplyOutcome> {
  const { desired, observation } = step;
  if (observation.status === 'absent') return 'unchanged';
  const region = desired.region ?? desired.attrs.region;
  await CLOUDWATCH_CLIENT.writer(ctx, desired.address, region).deleteAlarms({ AlarmNames: [desired.name] });
  return 'applied';
}
