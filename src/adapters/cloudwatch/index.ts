/** The `cloudwatch.alarm` adapter: batched read, apply (PutMetricAlarm) and delete. */
import type { KindAdapter } from '../types.js';
import { applyAlarm, deleteAlarm } from './apply.js';
import { readAlarms } from './read.js';

export const cloudwatchAlarmAdapter: KindAdapter<'cloudwatch.alarm'> = {
  kind: 'cloudwatch.alarm',
  read: readAlarms,
  apply: applyAlarm,
  delete: deleteAlarm,
};
