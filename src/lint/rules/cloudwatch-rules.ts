/**
 * Lint rules about CloudWatch alarms: units, regions, and whether the metric they watch exists at all.
 */
import { isArnOf, parseBucketArn, regionOfArn } from '../../model/arn.js';
import type { MetricRef } from '../../model/attrs.js';
import { METRIC_REGION_RULES, type MetricRegionRule, metricPlacement } from '../../model/metric-regions.js';
import type { DesiredResource, DesiredState } from '../../model/state.js';
import {
  alarmActionArns,
  alarmMetrics,
  findBucket,
  findRdsInstance,
  formatSeconds,
  resourcesOfKind,
} from '../desired-index.js';
import type { LintRule, RawFinding } from '../lint-finding.js';

/** S3 replication metrics: published only when the replication rule enables Metrics (or RTC). */
const REPLICATION_METRICS = new Set([
  'ReplicationLatency',
  'OperationsPendingReplication',
  'OperationsFailedReplication',
  'BytesPendingReplication',
]);

/** ReplicationLatency thresholds at or above one hour look like milliseconds or minutes. */
const LATENCY_SUSPICIOUS_SECONDS = 3600;

function isS3Metric(m: MetricRef, name?: string): boolean {
  return m.namespace === 'AWS/S3' && (name === undefined || m.name === name);
}

/** S3 `ReplicationLatency` is in seconds: a threshold of 900000 means 10.4 days, not 15 minutes. */
export const replicationLatencyUnits: LintRule = {
  id: 's3-replication-latency-units',
  severity: 'error',
  title: 'S3 ReplicationLatency thresholds are in seconds',
  check(desired) {
    const out: RawFinding[] = [];
    for (const alarm of resourcesOfKind(desired, 'cloudwatch.alarm')) {
      const threshold = alarm.attrs.threshold;
      if (threshold === undefined || threshold < LATENCY_SUSPICIOUS_SECONDS) continue;
      if (!alarmMetrics(alarm.attrs).some((m) => isS3Metric(m, 'ReplicationLatency'))) continue;
      const guess = threshold % 1000 === 0 ? threshold / 1000 : Math.round(threshold / 60);
      out.push({
        address: alarm.address,
        message:
          `threshold ${threshold} on S3 ReplicationLatency is in seconds: ${threshold} s = ${formatSeconds(threshold)}, ` +
          'so the alarm fires only after replication has been that late',
        fixHint: `ReplicationLatency is reported in seconds: for ${formatSeconds(guess)} write threshold ${guess}.`,
      });
    }
    return out;
  },
};

/**
 * The region a metric is published in, when the desired state tells: the metric -> region table
 * (`METRIC_REGION_RULES`, src/model/metric-regions.ts, with its AWS sources) names the dimension, the
 * declared bucket or DB instance that dimension names gives the region.
 */
function metricRegion(
  desired: DesiredState,
  m: MetricRef,
): { region: string; what: string; rule: MetricRegionRule } | undefined {
  const placed = metricPlacement(m);
  if (!placed) return undefined;
  const declared =
    placed.rule.resource === 'bucket'
      ? findBucket(desired, placed.name)
      : findRdsInstance(desired, placed.name);
  if (!declared) return undefined;
  const role =
    placed.dimension === 'DestinationBucket'
      ? 'destination '
      : placed.dimension === 'SourceBucket'
        ? 'source '
        : '';
  return {
    region: declared.attrs.region,
    what: `${role}${placed.rule.resource} ${placed.name}`,
    rule: placed.rule,
  };
}

/**
 * An alarm only sees metrics of its own region: one on a metric published elsewhere never fires.
 * Where each metric is published is `METRIC_REGION_RULES` (S3 replication metrics: latency and pending
 * in the destination region, failures in the source region, per the S3 user guide,
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/repl-metrics.html).
 */
export const alarmCrossRegionMetric: LintRule = {
  id: 'cloudwatch-alarm-cross-region-metric',
  severity: 'error',
  title: 'An alarm watches a metric published in another region',
  sources: [...new Set(METRIC_REGION_RULES.map((r) => r.source))],
  check(desired) {
    const out: RawFinding[] = [];
    for (const alarm of resourcesOfKind(desired, 'cloudwatch.alarm')) {
      const seen = new Set<string>();
      for (const m of alarmMetrics(alarm.attrs)) {
        const where = metricRegion(desired, m);
        if (!where || where.region === alarm.attrs.region) continue;
        const key = `${m.namespace}/${m.name}/${where.what}`;
        if (seen.has(key)) continue;
        seen.add(key);
        out.push({
          address: alarm.address,
          message:
            `alarm in ${alarm.attrs.region} watches ${m.namespace} ${m.name} of ${where.what}, which is published in ` +
            `${where.region} (${where.rule.where}): CloudWatch alarms only see metrics of their own region, so this alarm never fires`,
          fixHint:
            `declare the alarm in ${where.region} (with an SNS topic in ${where.region} for its actions)` +
            ' instead of ' +
            alarm.attrs.region +
            ` (where ${m.name} is published: ${where.rule.source}).`,
        });
      }
    }
    return out;
  },
};

/** Alarm actions must publish to an SNS topic in the alarm's own region. */
export const alarmCrossRegionAction: LintRule = {
  id: 'cloudwatch-alarm-cross-region-action',
  severity: 'error',
  title: "An alarm's SNS action is in another region",
  check(desired) {
    const out: RawFinding[] = [];
    for (const alarm of resourcesOfKind(desired, 'cloudwatch.alarm')) {
      for (const arn of alarmActionArns(alarm.attrs)) {
        if (!isArnOf(arn, 'sns')) continue;
        const region = regionOfArn(arn);
        if (!region || region === alarm.attrs.region) continue;
        out.push({
          address: alarm.address,
          message: `alarm in ${alarm.attrs.region} notifies ${arn} in ${region}: CloudWatch alarm actions only publish to topics of the alarm's region, so nobody is told`,
          fixHint: `point the action at an SNS topic in ${alarm.attrs.region}.`,
        });
      }
    }
    return out;
  },
};

function replicationProblem(
  desired: DesiredState,
  alarm: DesiredResource<'cloudwatch.alarm'>,
  m: MetricRef,
): string | undefined {
  const source = m.dimensions.SourceBucket;
  const ruleId = m.dimensions.RuleId;
  if (!source) return undefined;
  const bucket = findBucket(desired, source);
  const replication = bucket?.attrs.replication;
  // Undeclared bucket or unmanaged replication: the spec does not say, so neither do we.
  if (!bucket || replication === undefined) return undefined;
  if (replication === null)
    return `${m.name} of ${source}: the bucket declares no replication, so the metric never exists`;
  if (!ruleId) return undefined;
  const rule = replication.rules.find((r) => r.id === ruleId);
  if (!rule)
    return (
      `${m.name} of ${source} rule ${ruleId}: the bucket has no replication rule with that id ` +
      `(rules: ${replication.rules.map((r) => r.id).join(', ') || 'none'}), so the metric never exists`
    );
  if (!rule.metrics && !rule.replicationTime)
    return `${m.name} of ${source} rule ${ruleId}: the rule enables neither replication metrics nor RTC, so S3 publishes no ${m.name} and the alarm ${alarm.name} never fires`;
  const dest = m.dimensions.DestinationBucket;
  const ruleDest = parseBucketArn(rule.destination.bucket)?.name;
  if (dest && ruleDest && dest !== ruleDest)
    return `${m.name} of ${source} rule ${ruleId}: the alarm names destination ${dest} but the rule replicates to ${ruleDest}, so the metric never exists`;
  return undefined;
}

/** Replication alarms need replication metrics (or RTC) on the rule they watch (RuleId dimension). */
export const replicationAlarmNeedsMetrics: LintRule = {
  id: 's3-replication-alarm-needs-metrics',
  severity: 'error',
  title: 'A replication alarm watches a rule that publishes no replication metrics',
  check(desired) {
    const out: RawFinding[] = [];
    for (const alarm of resourcesOfKind(desired, 'cloudwatch.alarm')) {
      for (const m of alarmMetrics(alarm.attrs)) {
        if (!isS3Metric(m) || !REPLICATION_METRICS.has(m.name)) continue;
        const problem = replicationProblem(desired, alarm, m);
        if (!problem) continue;
        out.push({
          address: alarm.address,
          message: problem,
          fixHint: `enable replication metrics (Destination.Metrics) or RTC on replication rule ${m.dimensions.RuleId ?? '(RuleId)'} of bucket ${m.dimensions.SourceBucket}, and make the alarm's RuleId and DestinationBucket dimensions name that rule.`,
        });
      }
    }
    return out;
  },
};

export const CLOUDWATCH_RULES: readonly LintRule[] = [
  replicationLatencyUnits,
  alarmCrossRegionMetric,
  alarmCrossRegionAction,
  replicationAlarmNeedsMetrics,
];
