/** `cloudwatch.alarm`: a metric or metric-math alarm and whom it notifies. Pure. */
import { alarmArn } from '../arn.js';
import type { CloudWatchAlarmAttrs } from '../attrs.js';
import { sameAsSet } from '../canonical.js';
import type { RiskNote } from '../plan.js';
import {
  driftSeverityWhenMissing,
  type KindSpec,
  NO_FIELD_RULES,
  ORDINARY_KIND,
  regionalArn,
} from './kind-spec.js';
import { high, medium } from './notes.js';
import { byField } from './spec-keys.js';

function riskNotes(before: CloudWatchAlarmAttrs | undefined, after: CloudWatchAlarmAttrs): RiskNote[] {
  if (!before) return [];
  const notes: RiskNote[] = [];
  const changed = (k: keyof CloudWatchAlarmAttrs) =>
    after[k] !== undefined && !sameAsSet(before[k], after[k]);
  if (changed('threshold'))
    notes.push(
      medium(
        'alarm-threshold-changed',
        `alarm threshold ${before.threshold ?? '(none)'} -> ${after.threshold}`,
      ),
    );
  for (const k of [
    'comparisonOperator',
    'evaluationPeriods',
    'datapointsToAlarm',
    'thresholdMetricId',
    'treatMissingData',
  ] as const) {
    if (changed(k))
      notes.push(
        medium(
          'alarm-evaluation-changed',
          `alarm ${k} ${String(before[k] ?? '(none)')} -> ${String(after[k])}`,
        ),
      );
  }
  if (changed('metric') && before.metric?.period !== after.metric?.period) {
    notes.push(
      medium(
        'alarm-period-changed',
        `alarm period ${before.metric?.period ?? '(none)'} -> ${after.metric?.period ?? '(none)'} seconds`,
      ),
    );
  }
  if (changed('metrics')) notes.push(medium('alarm-queries-changed', 'alarm metric queries changed'));
  for (const k of ['alarmActions', 'okActions', 'insufficientDataActions'] as const) {
    if (!changed(k)) continue;
    const kept = new Set(after[k] ?? []);
    const removed = (before[k] ?? []).filter((a) => !kept.has(a));
    // An alarm action removed: whoever it notified no longer hears of the failure it watches for.
    if (k === 'alarmActions' && removed.length)
      notes.push(
        high('alarm-actions-removed', `alarm actions removed: ${removed.join(', ')} no longer notified`),
      );
    else notes.push(medium('alarm-actions-changed', `alarm ${k} changed`));
  }
  if (before.actionsEnabled !== false && after.actionsEnabled === false) {
    notes.push(medium('alarm-actions-disabled', 'alarm actions disabled: the alarm will not notify anyone'));
  }
  return notes;
}

export const CLOUDWATCH_ALARM: KindSpec<'cloudwatch.alarm'> = {
  kind: 'cloudwatch.alarm',
  service: 'cloudwatch',
  scope: 'regional',
  arn: regionalArn(alarmArn),
  ...ORDINARY_KIND,
  // A missing alarm notifies nobody: the failure it watches for goes unseen.
  driftSeverity: driftSeverityWhenMissing('high'),
  specKeys: {
    comparisonOperator: { key: 'comparison' },
    // The spec writes a metric's namespace, name and dimensions beside its period and statistic.
    metric: { fields: { metric: { inline: true } } },
    metrics: {
      item: byField('id'),
      fields: {
        metricStat: { key: 'metric', fields: { metric: { inline: true }, stat: { key: 'statistic' } } },
      },
    },
  },
  diff: {
    shape: { t: 'object', fields: { metrics: { t: 'keyed', key: 'id' } } },
    fields: NO_FIELD_RULES,
  },
  riskNotes: (before, after) => riskNotes(before, after),
  defaults: {
    // TreatMissingData: "If this parameter is omitted, the default behavior of missing is used";
    // ActionsEnabled defaults to TRUE (CloudWatch API Reference, PutMetricAlarm).
    treatMissingData: 'missing',
    actionsEnabled: true,
    // MetricDataQuery.ReturnData: "If you omit this, the default of true is used" (CloudWatch API
    // Reference, MetricDataQuery).
    query: { returnData: true },
  },
  import: { labelled: true },
  health: { evidence: ['alarm-state'], watchedBy: null },
};
