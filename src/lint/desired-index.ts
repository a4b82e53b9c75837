/**
 * Lookups over a desired state that several lint rules (and the health checks) share: resources by
 * kind, buckets by name or ARN, topics by ARN, the metrics an alarm watches. Pure.
 */
import { parseTopicArn } from '../model/arn.js';
import type { AttrsByKind, MetricRef } from '../model/attrs.js';
import type { ResourceKind } from '../model/resource.js';
import type { DesiredResource, DesiredState } from '../model/state.js';

/** The present (not `ensure: absent`) resources of one kind, in address order. */
export function resourcesOfKind<K extends ResourceKind>(
  desired: DesiredState,
  kind: K,
): readonly DesiredResource<K>[] {
  return desired.resources.filter(
    (r): r is DesiredResource<K> => r.kind === kind && r.ensure === 'present',
  ) as readonly DesiredResource<K>[];
}

/** The declared bucket with this name, or undefined. */
export function findBucket(desired: DesiredState, name: string): DesiredResource<'s3.bucket'> | undefined {
  return resourcesOfKind(desired, 's3.bucket').find((b) => b.name === name);
}

/** ARN parsing lives in src/model/arn.ts; these two stay importable from here for existing callers. */
export { parseVaultArn, regionOfArn } from '../model/arn.js';

/** The declared SNS topic with this ARN (matched on region and name), or undefined. */
export function findTopicByArn(desired: DesiredState, arn: string): DesiredResource<'sns.topic'> | undefined {
  const parsed = parseTopicArn(arn);
  if (!parsed) return undefined;
  return resourcesOfKind(desired, 'sns.topic').find(
    (t) => t.attrs.region === parsed.region && t.name === parsed.name,
  );
}

/** The declared RDS instance with this identifier (any region), or undefined. */
export function findRdsInstance(
  desired: DesiredState,
  id: string,
): DesiredResource<'rds.instance'> | undefined {
  return resourcesOfKind(desired, 'rds.instance').find((r) => r.name === id);
}

/** Every metric an alarm watches: its single metric, or the metricStat queries of a metric-math alarm. */
export function alarmMetrics(attrs: AttrsByKind['cloudwatch.alarm']): readonly MetricRef[] {
  if (attrs.metric) return [attrs.metric.metric];
  return (attrs.metrics ?? []).flatMap((q) => (q.metricStat ? [q.metricStat.metric] : []));
}

/** Every action ARN of an alarm (alarm, OK and insufficient-data actions), deduplicated, sorted. */
export function alarmActionArns(attrs: AttrsByKind['cloudwatch.alarm']): readonly string[] {
  return [
    ...new Set([
      ...(attrs.alarmActions ?? []),
      ...(attrs.okActions ?? []),
      ...(attrs.insufficientDataActions ?? []),
    ]),
  ].sort();
}

/** Human form of a duration in seconds: `45 s`, `15 min`, `2.5 h`, `10.4 days`. */
export function formatSeconds(seconds: number): string {
  if (seconds < 60) return `${seconds} s`;
  if (seconds < 3600) return `${round1(seconds / 60)} min`;
  if (seconds < 86400) return `${round1(seconds / 3600)} h`;
  return `${round1(seconds / 86400)} days`;
}

function round1(n: number): string {
  const r = Math.round(n * 10) / 10;
  return Number.isInteger(r) ? String(r) : r.toFixed(1);
}
