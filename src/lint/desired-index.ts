/**
 * Lookups over a desired state that several lint rules (and the health checks) share: resources by
 * kind, buckets by name or ARN, topics by ARN, the metrics an alarm watches. Pure.
 */
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

/** `arn:aws:s3:::name` -> `name`; undefined for anything else. */
export function bucketNameFromArn(arn: string): string | undefined {
  const m = /^arn:aws[a-z-]*:s3:::([^/]+)$/.exec(arn);
  return m?.[1];
}

/** The region segment of an ARN (`arn:partition:service:REGION:...`); undefined when empty or not an ARN. */
export function regionOfArn(arn: string): string | undefined {
  const parts = arn.split(':');
  if (parts.length < 6 || parts[0] !== 'arn') return undefined;
  return parts[3] || undefined;
}

/** The ARN AWS gives a declared SNS topic. */
export function topicArn(account: string, region: string, name: string): string {
  return `arn:aws:sns:${region}:${account}:${name}`;
}

/** The declared SNS topic with this ARN (matched on region and name), or undefined. */
export function findTopicByArn(desired: DesiredState, arn: string): DesiredResource<'sns.topic'> | undefined {
  const parts = arn.split(':');
  if (parts.length !== 6 || parts[2] !== 'sns') return undefined;
  const [, , , region, , name] = parts;
  return resourcesOfKind(desired, 'sns.topic').find((t) => t.attrs.region === region && t.name === name);
}

/** The declared RDS instance with this identifier (any region), or undefined. */
export function findRdsInstance(
  desired: DesiredState,
  id: string,
): DesiredResource<'rds.instance'> | undefined {
  return resourcesOfKind(desired, 'rds.instance').find((r) => r.name === id);
}

/** `arn:aws:backup:REGION:ACCOUNT:backup-vault:NAME` -> region and name. */
export function parseVaultArn(arn: string): { readonly region: string; readonly name: string } | undefined {
  const m = /^arn:aws[a-z-]*:backup:([a-z0-9-]+):\d{12}:backup-vault:(.+)$/.exec(arn);
  return m ? { region: m[1] as string, name: m[2] as string } : undefined;
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
