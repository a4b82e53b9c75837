/**
 * In which region CloudWatch receives a metric: the one table of metric -> region rule. An alarm only
 * sees metrics of its own region, so lint (and anything else that places an alarm) asks this table
 * which dimension names the resource whose region the metric is published in. Pure.
 */
import type { MetricRef } from './attrs.js';

/** S3 user guide, "Using S3 Replication metrics": the "Which Region is this metric published in?" column. */
export const S3_REPLICATION_METRICS_SOURCE =
  'https://docs.aws.amazon.com/AmazonS3/latest/userguide/repl-metrics.html';

/** One rule: metrics of `namespace` (all of them, or only `names`) are published where `dimension`'s resource is. */
export interface MetricRegionRule {
  readonly namespace: string;
  /** The metric names the rule covers; undefined = every metric of the namespace not covered above it. */
  readonly names?: readonly string[];
  /** The dimensions naming the resource whose region the metric is published in, first present wins. */
  readonly dimensions: readonly string[];
  /** What that resource is, for messages: `bucket`, `DB instance`. */
  readonly resource: 'bucket' | 'DB instance';
  /** Why, in words, for messages (`the destination bucket's region`). */
  readonly where: string;
  /** The AWS source of the rule. */
  readonly source: string;
}

/**
 * The table, most specific first. S3 replication metrics: `BytesPendingReplication`,
 * `ReplicationLatency` and `OperationsPendingReplication` are published in the region of the
 * DESTINATION bucket, `OperationsFailedReplication` in the region of the SOURCE bucket (S3 user guide,
 * "Using S3 Replication metrics", https://docs.aws.amazon.com/AmazonS3/latest/userguide/repl-metrics.html).
 * S3 storage and request metrics (`BucketName`) are published in the bucket's region, RDS metrics in the
 * instance's region ("Amazon S3 metrics and dimensions", "Amazon CloudWatch metrics for Amazon RDS":
 * CloudWatch metrics are regional).
 */
export const METRIC_REGION_RULES: readonly MetricRegionRule[] = [
  {
    namespace: 'AWS/S3',
    names: ['ReplicationLatency', 'BytesPendingReplication', 'OperationsPendingReplication'],
    dimensions: ['DestinationBucket'],
    resource: 'bucket',
    where: "the destination bucket's region",
    source: S3_REPLICATION_METRICS_SOURCE,
  },
  {
    namespace: 'AWS/S3',
    names: ['OperationsFailedReplication'],
    dimensions: ['SourceBucket'],
    resource: 'bucket',
    where: "the source bucket's region",
    source: S3_REPLICATION_METRICS_SOURCE,
  },
  {
    namespace: 'AWS/S3',
    dimensions: ['BucketName'],
    resource: 'bucket',
    where: "the bucket's region",
    source: 'https://docs.aws.amazon.com/AmazonS3/latest/userguide/metrics-dimensions.html',
  },
  {
    namespace: 'AWS/RDS',
    dimensions: ['DBInstanceIdentifier'],
    resource: 'DB instance',
    where: "the DB instance's region",
    source: 'https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/rds-metrics.html',
  },
];

/** The rule that places `metric`, or undefined when the table does not know the metric. */
export function metricRegionRule(
  metric: Pick<MetricRef, 'namespace' | 'name'>,
): MetricRegionRule | undefined {
  return METRIC_REGION_RULES.find(
    (r) => r.namespace === metric.namespace && (r.names === undefined || r.names.includes(metric.name)),
  );
}

/** Where a metric is published: the resource that decides it, when the metric's dimensions name one. */
export interface MetricPlacement {
  readonly rule: MetricRegionRule;
  readonly dimension: string;
  /** The resource's name (the dimension's value). */
  readonly name: string;
}

/** Which resource's region `metric` is published in (undefined when the table or dimensions do not say). */
export function metricPlacement(metric: MetricRef): MetricPlacement | undefined {
  const rule = metricRegionRule(metric);
  if (!rule) return undefined;
  for (const dimension of rule.dimensions) {
    const name = metric.dimensions[dimension];
    if (name) return { rule, dimension, name };
  }
  return undefined;
}
