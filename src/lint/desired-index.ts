/**
 * Lookups over a desired state that several lint rules (and the health checks) share: resources by
 * kind, buckets by name or ARN, topics by ARN, the metrics an alarm watches. Pure.
 */
import { parseTopicArn } from '../model/arn.js';
import type { AttrsByKind, MetricRef } from '../model/attrs.js';
import type { ResourceKind } from '../model/resource.js';
import type { DesiredResource, DesiredState } from '../model/state.js';

/**
 * The present resources of a desired state by kind, and the first of each kind by name and by
 * region + name, built once per state: lint and health look resources up per alarm, per replication
 * rule and per topic ARN, so a scan per lookup made lint quadratic in the spec's size (10,000 buckets
 * and alarms: tens of seconds, BENCHMARKS.md section 5). A desired state is never mutated after the
 * spec loader builds it, so the index is keyed by the state itself and dropped with it.
 */
interface DesiredIndex {
  readonly byKind: Map<ResourceKind, DesiredResource[]>;
  /** `kind \0 name` -> the first such resource in address order. */
  readonly byName: Map<string, DesiredResource>;
  /** `kind \0 region \0 name` -> the resource. */
  readonly byRegionalName: Map<string, DesiredResource>;
}

const INDEXES = new WeakMap<DesiredState, DesiredIndex>();

function indexOf(desired: DesiredState): DesiredIndex {
  const known = INDEXES.get(desired);
  if (known) return known;
  const index: DesiredIndex = { byKind: new Map(), byName: new Map(), byRegionalName: new Map() };
  for (const r of desired.resources) {
    if (r.ensure !== 'present') continue;
    const ofKind = index.byKind.get(r.kind);
    if (ofKind) ofKind.push(r);
    else index.byKind.set(r.kind, [r]);
    const name = `${r.kind}\0${r.name}`;
    if (!index.byName.has(name)) index.byName.set(name, r);
    const region = (r.attrs as { region?: unknown }).region;
    if (typeof region === 'string') {
      const regional = `${r.kind}\0${region}\0${r.name}`;
      if (!index.byRegionalName.has(regional)) index.byRegionalName.set(regional, r);
    }
  }
  INDEXES.set(desired, index);
  return index;
}

/** The present (not `ensure: absent`) resources of one kind, in address order. */
export function resourcesOfKind<K extends ResourceKind>(
  desired: DesiredState,
  kind: K,
): readonly DesiredResource<K>[] {
  return (indexOf(desired).byKind.get(kind) ??
    []) as readonly DesiredResource[] as readonly DesiredResource<K>[];
}

function firstNamed<K extends ResourceKind>(
  desired: DesiredState,
  kind: K,
  name: string,
): DesiredResource<K> | undefined {
  return indexOf(desired).byName.get(`${kind}\0${name}`) as DesiredResource<K> | undefined;
}

/** The declared bucket with this name, or undefined. */
export function findBucket(desired: DesiredState, name: string): DesiredResource<'s3.bucket'> | undefined {
  return firstNamed(desired, 's3.bucket', name);
}

/** ARN parsing lives in src/model/arn.ts; these two stay importable from here for existing callers. */
export { parseVaultArn, regionOfArn } from '../model/arn.js';

/** The declared SNS topic with this ARN (matched on region and name), or undefined. */
export function findTopicByArn(desired: DesiredState, arn: string): DesiredResource<'sns.topic'> | undefined {
  const parsed = parseTopicArn(arn);
  if (!parsed) return undefined;
  return indexOf(desired).byRegionalName.get(`sns.topic\0${parsed.region}\0${parsed.name}`) as
    | DesiredResource<'sns.topic'>
    | undefined;
}

/** The declared RDS instance with this identifier (any region; the first in address order), or undefined. */
export function findRdsInstance(
  desired: DesiredState,
  id: string,
): DesiredResource<'rds.instance'> | undefined {
  return firstNamed(desired, 'rds.instance', id);
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
