/**
 * CloudWatch MetricAlarm <-> CloudWatchAlarmAttrs. Pure (no IO). What it normalises, each against a
 * perpetual diff: the `Metrics: []` that AWS and moto return on plain alarms (dropped), metric-math
 * queries in any order (sorted by id) with ReturnData's default made explicit, action lists in any
 * order (sorted), and the defaults TreatMissingData `missing`, ActionsEnabled true and
 * DatapointsToAlarm = EvaluationPeriods.
 */
import type {
  ComparisonOperator as AwsComparisonOperator,
  MetricDataQuery as AwsMetricDataQuery,
  Dimension,
  MetricAlarm,
  PutMetricAlarmCommandInput,
  StandardUnit,
  Statistic,
} from '@aws-sdk/client-cloudwatch';
import type { CloudWatchAlarmAttrs, MetricDataQuery, MetricRef } from '../../model/attrs.js';
import { KINDS } from '../../model/kinds/index.js';

/** AWS's defaults for alarms, from the registry. */
const ALARM_DEFAULTS = KINDS['cloudwatch.alarm'].defaults;

/** CloudWatch's plain statistics; anything else (`p99`, `tm90`, ...) is an extended statistic. */
const STATISTICS: ReadonlySet<string> = new Set(['SampleCount', 'Average', 'Sum', 'Minimum', 'Maximum']);

function byId<T extends { readonly id: string }>(a: T, b: T): number {
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

function sorted(list: readonly string[] | undefined): string[] {
  return [...new Set(list ?? [])].sort();
}

/** Namespace, name and dimensions (as a map with sorted keys) of a metric. */
export function metricRefOf(
  namespace: string | undefined,
  name: string | undefined,
  dims?: readonly Dimension[],
): MetricRef {
  const dimensions: Record<string, string> = {};
  for (const d of [...(dims ?? [])].sort((a, b) => ((a.Name ?? '') < (b.Name ?? '') ? -1 : 1)))
    if (d.Name !== undefined) dimensions[d.Name] = d.Value ?? '';
  return { namespace: namespace ?? '', name: name ?? '', dimensions };
}

/** One metric-math query -> MetricDataQuery (ReturnData defaults to true). */
export function normalizeQuery(q: AwsMetricDataQuery): MetricDataQuery {
  const ms = q.MetricStat;
  return {
    id: q.Id ?? '',
    ...(q.Expression !== undefined ? { expression: q.Expression } : {}),
    ...(ms
      ? {
          metricStat: {
            metric: metricRefOf(ms.Metric?.Namespace, ms.Metric?.MetricName, ms.Metric?.Dimensions),
            period: ms.Period ?? 0,
            stat: ms.Stat ?? '',
            ...(ms.Unit ? { unit: ms.Unit } : {}),
          },
        }
      : {}),
    ...(q.Label ? { label: q.Label } : {}),
    returnData: q.ReturnData ?? ALARM_DEFAULTS.query.returnData,
    ...(q.Period !== undefined ? { period: q.Period } : {}),
  };
}

/** One MetricAlarm -> normalised attributes (every readable field filled). */
export function normalizeAlarm(region: string, a: MetricAlarm): CloudWatchAlarmAttrs {
  const metrics = (a.Metrics ?? []).map(normalizeQuery).sort(byId);
  const evaluationPeriods = a.EvaluationPeriods ?? 1;
  return {
    region,
    description: a.AlarmDescription ?? '',
    actionsEnabled: a.ActionsEnabled ?? ALARM_DEFAULTS.actionsEnabled,
    alarmActions: sorted(a.AlarmActions),
    okActions: sorted(a.OKActions),
    insufficientDataActions: sorted(a.InsufficientDataActions),
    ...(a.ComparisonOperator ? { comparisonOperator: a.ComparisonOperator } : {}),
    ...(a.ThresholdMetricId
      ? { thresholdMetricId: a.ThresholdMetricId }
      : a.Threshold !== undefined
        ? { threshold: a.Threshold }
        : {}),
    evaluationPeriods,
    datapointsToAlarm: a.DatapointsToAlarm ?? evaluationPeriods,
    treatMissingData: (a.TreatMissingData ?? ALARM_DEFAULTS.treatMissingData) as NonNullable<
      CloudWatchAlarmAttrs['treatMissingData']
    >,
    ...(a.MetricName
      ? {
          metric: {
            metric: metricRefOf(a.Namespace, a.MetricName, a.Dimensions),
            period: a.Period ?? 0,
            statistic: a.Statistic ?? a.ExtendedStatistic ?? '',
            ...(a.Unit ? { unit: a.Unit } : {}),
          },
        }
      : {}),
    // Plain alarms come back with `Metrics: []`: dropped, so they never differ from a spec without it.
    ...(metrics.length > 0 ? { metrics } : {}),
  };
}

function dimensionsOf(ref: MetricRef): Dimension[] {
  return Object.keys(ref.dimensions)
    .sort()
    .map((Name) => ({ Name, Value: ref.dimensions[Name] ?? '' }));
}

function queryToAws(q: MetricDataQuery): AwsMetricDataQuery {
  return {
    Id: q.id,
    ...(q.expression !== undefined ? { Expression: q.expression } : {}),
    ...(q.metricStat
      ? {
          MetricStat: {
            Metric: {
              Namespace: q.metricStat.metric.namespace,
              MetricName: q.metricStat.metric.name,
              Dimensions: dimensionsOf(q.metricStat.metric),
            },
            Period: q.metricStat.period,
            Stat: q.metricStat.stat,
            ...(q.metricStat.unit ? { Unit: q.metricStat.unit as StandardUnit } : {}),
          },
        }
      : {}),
    ...(q.label !== undefined ? { Label: q.label } : {}),
    ReturnData: q.returnData,
    ...(q.period !== undefined ? { Period: q.period } : {}),
  };
}

/**
 * The full PutMetricAlarm request for an alarm definition (PutMetricAlarm replaces the whole alarm,
 * so `attrs` must be complete: desired merged over live, see mergeAlarm).
 */
export function toPutMetricAlarmInput(name: string, attrs: CloudWatchAlarmAttrs): PutMetricAlarmCommandInput {
  const m = attrs.metric;
  return {
    AlarmName: name,
    ...(attrs.description ? { AlarmDescription: attrs.description } : {}),
    ActionsEnabled: attrs.actionsEnabled ?? ALARM_DEFAULTS.actionsEnabled,
    AlarmActions: [...(attrs.alarmActions ?? [])],
    OKActions: [...(attrs.okActions ?? [])],
    InsufficientDataActions: [...(attrs.insufficientDataActions ?? [])],
    ComparisonOperator: attrs.comparisonOperator as AwsComparisonOperator,
    ...(attrs.thresholdMetricId !== undefined
      ? { ThresholdMetricId: attrs.thresholdMetricId }
      : attrs.threshold !== undefined
        ? { Threshold: attrs.threshold }
        : {}),
    EvaluationPeriods: attrs.evaluationPeriods,
    ...(attrs.datapointsToAlarm !== undefined ? { DatapointsToAlarm: attrs.datapointsToAlarm } : {}),
    TreatMissingData: attrs.treatMissingData ?? ALARM_DEFAULTS.treatMissingData,
    ...(m
      ? {
          Namespace: m.metric.namespace,
          MetricName: m.metric.name,
          Dimensions: dimensionsOf(m.metric),
          Period: m.period,
          ...(STATISTICS.has(m.statistic)
            ? { Statistic: m.statistic as Statistic }
            : { ExtendedStatistic: m.statistic }),
          ...(m.unit ? { Unit: m.unit as StandardUnit } : {}),
        }
      : {}),
    ...(attrs.metrics ? { Metrics: attrs.metrics.map(queryToAws) } : {}),
  };
}

/**
 * The alarm to write: managed (defined) desired fields over the live definition, so unmanaged fields
 * survive PutMetricAlarm's full replacement. Mutually exclusive pairs follow the desired side
 * (metric vs metrics, threshold vs thresholdMetricId).
 */
export function mergeAlarm(
  want: CloudWatchAlarmAttrs,
  live: CloudWatchAlarmAttrs | undefined,
): CloudWatchAlarmAttrs {
  const out: Record<string, unknown> = { ...(live ?? {}) };
  for (const [k, v] of Object.entries(want)) if (v !== undefined) out[k] = v;
  if (want.metric !== undefined) delete out.metrics;
  if (want.metrics !== undefined) delete out.metric;
  if (want.threshold !== undefined) delete out.thresholdMetricId;
  if (want.thresholdMetricId !== undefined) delete out.threshold;
  return out as unknown as CloudWatchAlarmAttrs;
}

/** Which required parts an alarm definition lacks (empty: it can be written). */
export function missingAlarmParts(attrs: CloudWatchAlarmAttrs): string[] {
  const missing: string[] = [];
  if (attrs.comparisonOperator === undefined) missing.push('comparisonOperator');
  if (attrs.evaluationPeriods === undefined) missing.push('evaluationPeriods');
  if (attrs.metric === undefined && attrs.metrics === undefined) missing.push('metric or metrics');
  if (attrs.threshold === undefined && attrs.thresholdMetricId === undefined)
    missing.push('threshold or thresholdMetricId');
  return missing;
}
