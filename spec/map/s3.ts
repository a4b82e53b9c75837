/** s3.buckets -> s3.bucket resources (with the bucket facts AWS enforces). Pure. */
import type {
  InventoryConfig,
  LifecycleRule,
  ReplicationConfig,
  ReplicationRule,
  S3BucketAttrs,
  S3Filter,
} from '../../src/model/attrs.js';
import { KINDS } from '../../src/model/kinds/index.js';
import type { DesiredResource } from '../../src/model/state.js';
import { checkBucketName } from '../aws-facts.js';
import { expected, expectedGot, type SpecPath } from '../issues.js';
import type { BucketInput, LifecycleRuleInput } from '../schema/s3.js';
import {
  checkUnique,
  type Deps,
  defined,
  type MapContext,
  makeResource,
  resolveBucket,
  resolveRole,
  sortBy,
} from './context.js';
import { mapPolicy } from './iam-rds.js';

type FilterInput = {
  readonly prefix?: string | undefined;
  readonly tags?: Readonly<Record<string, string>> | undefined;
  readonly objectSizeGreaterThan?: number | undefined;
  readonly objectSizeLessThan?: number | undefined;
};

/** `{}` means the whole bucket; an empty prefix or tag map is the same as none. */
function mapFilter(f: FilterInput): S3Filter {
  return defined({
    prefix: f.prefix ? f.prefix : undefined,
    tags: f.tags && Object.keys(f.tags).length > 0 ? { ...f.tags } : undefined,
    objectSizeGreaterThan: f.objectSizeGreaterThan,
    objectSizeLessThan: f.objectSizeLessThan,
  });
}

const IA_CLASSES = new Set(['STANDARD_IA', 'ONEZONE_IA']);

function checkLifecycleRule(ctx: MapContext, rule: LifecycleRuleInput, path: SpecPath): void {
  const e = rule.expiration;
  if (e) {
    const kinds = [
      e.days !== undefined,
      e.date !== undefined,
      e.expiredObjectDeleteMarker !== undefined,
    ].filter(Boolean).length;
    if (kinds !== 1)
      ctx.issues.add(
        [...path, 'expiration'],
        expectedGot('exactly one of days, date or expiredObjectDeleteMarker', `${kinds} of them`),
      );
  }
  const hasAction =
    e !== undefined ||
    rule.noncurrentVersionExpiration !== undefined ||
    rule.transitions.length > 0 ||
    rule.noncurrentVersionTransitions.length > 0 ||
    rule.abortIncompleteMultipartUploadDays !== undefined;
  if (!hasAction)
    ctx.issues.add(
      path,
      'expected at least one action (expiration, noncurrentVersionExpiration, transitions, noncurrentVersionTransitions or abortIncompleteMultipartUploadDays), got none',
    );
  if (
    rule.abortIncompleteMultipartUploadDays !== undefined &&
    rule.filter.tags &&
    Object.keys(rule.filter.tags).length > 0
  )
    ctx.issues.add(
      [...path, 'filter', 'tags'],
      expectedGot('no tag filter on a rule that aborts multipart uploads (AWS rejects it)', 'a tag filter'),
    );
  const { objectSizeGreaterThan: gt, objectSizeLessThan: lt } = rule.filter;
  if (gt !== undefined && lt !== undefined && lt <= gt)
    ctx.issues.add(
      [...path, 'filter', 'objectSizeLessThan'],
      expected(`a size greater than objectSizeGreaterThan (${gt})`, lt),
    );
  rule.transitions.forEach((t, i) => {
    if (t.storageClass === 'STANDARD')
      ctx.issues.add(
        [...path, 'transitions', i, 'storageClass'],
        expected('a storage class other than STANDARD', t.storageClass),
      );
    if (IA_CLASSES.has(t.storageClass) && t.days < 30)
      ctx.issues.add(
        [...path, 'transitions', i, 'days'],
        expected(`at least 30 days before a transition to ${t.storageClass}`, t.days),
      );
  });
  rule.noncurrentVersionTransitions.forEach((t, i) => {
    if (IA_CLASSES.has(t.storageClass) && t.noncurrentDays < 30)
      ctx.issues.add(
        [...path, 'noncurrentVersionTransitions', i, 'noncurrentDays'],
        expected(`at least 30 days before a transition to ${t.storageClass}`, t.noncurrentDays),
      );
  });
}

function mapLifecycleRule(rule: LifecycleRuleInput): LifecycleRule {
  return {
    id: rule.id,
    enabled: rule.enabled,
    filter: mapFilter(rule.filter),
    ...(rule.expiration ? { expiration: defined({ ...rule.expiration }) } : {}),
    ...(rule.noncurrentVersionExpiration
      ? {
          noncurrentVersionExpiration: {
            noncurrentDays: rule.noncurrentVersionExpiration.noncurrentDays,
            ...defined({ newerNoncurrentVersions: rule.noncurrentVersionExpiration.newerNoncurrentVersions }),
          },
        }
      : {}),
    transitions: [...rule.transitions].map((t) => ({ ...t })).sort((a, b) => a.days - b.days),
    noncurrentVersionTransitions: rule.noncurrentVersionTransitions
      .map((t) => ({
        noncurrentDays: t.noncurrentDays,
        storageClass: t.storageClass,
        ...defined({ newerNoncurrentVersions: t.newerNoncurrentVersions }),
      }))
      .sort((a, b) => a.noncurrentDays - b.noncurrentDays),
    ...(rule.abortIncompleteMultipartUploadDays !== undefined
      ? { abortIncompleteMultipartUploadDays: rule.abortIncompleteMultipartUploadDays }
      : {}),
  };
}

function mapReplication(
  ctx: MapContext,
  name: string,
  bucket: BucketInput,
  repl: NonNullable<BucketInput['replication']>,
  path: SpecPath,
  deps: Deps,
): ReplicationConfig {
  if (bucket.versioning !== 'Enabled')
    ctx.issues.add(
      [...path.slice(0, -1), 'versioning'],
      expected('versioning: Enabled on a bucket that replicates', bucket.versioning),
    );
  const role = resolveRole(ctx, repl.role, [...path, 'role'], deps);
  checkUnique(ctx, repl.rules, (r) => r.id, [...path, 'rules'], 'id', 'rule id');
  if (repl.rules.length > 1)
    checkUnique(ctx, repl.rules, (r) => r.priority, [...path, 'rules'], 'priority', 'priority');
  const rules: ReplicationRule[] = repl.rules.map((r, i) => {
    const rulePath = [...path, 'rules', i];
    const dest = resolveBucket(ctx, r.destination.bucket, [...rulePath, 'destination', 'bucket'], deps);
    if (dest.declared === name)
      ctx.issues.add(
        [...rulePath, 'destination', 'bucket'],
        expected('a bucket other than the source', r.destination.bucket),
      );
    else if (dest.declared !== undefined) {
      const target = ctx.spec.buckets[dest.declared];
      if (target && target.versioning !== 'Enabled')
        ctx.issues.add(
          ['s3', 'buckets', dest.declared, 'versioning'],
          expected(
            `versioning: Enabled on ${dest.declared}, the replication destination of ${name}`,
            target.versioning,
          ),
        );
    }
    if (r.replicationTime && !r.metrics)
      ctx.issues.add(
        [...rulePath, 'metrics'],
        expected('metrics: true when replicationTime is on (AWS requires both)', r.metrics),
      );
    // SSE-KMS objects replicate only with a key for the replicas (S3 User Guide, "Replicating
    // encrypted objects": with SseKmsEncryptedObjects, "you must specify ... ReplicaKmsKeyID",
    // https://docs.aws.amazon.com/AmazonS3/latest/userguide/replication-config-for-kms-objects.html).
    const ssc = r.sourceSelectionCriteria;
    if (ssc?.sseKmsEncryptedObjects && !r.destination.replicaKmsKeyId)
      ctx.issues.add(
        [...rulePath, 'destination', 'replicaKmsKeyId'],
        expectedGot('a KMS key ARN for the replicas when sseKmsEncryptedObjects is true', 'none'),
      );
    return {
      id: r.id,
      priority: r.priority,
      enabled: r.enabled,
      filter: mapFilter(r.filter),
      destination: {
        bucket: dest.arn,
        storageClass: r.destination.storageClass,
        ...(r.destination.account ? { account: r.destination.account } : {}),
        ...(r.destination.replicaKmsKeyId ? { replicaKmsKeyId: r.destination.replicaKmsKeyId } : {}),
      },
      ...(ssc && (ssc.sseKmsEncryptedObjects || ssc.replicaModifications)
        ? {
            sourceSelectionCriteria: {
              sseKmsEncryptedObjects: ssc.sseKmsEncryptedObjects,
              replicaModifications: ssc.replicaModifications,
            },
          }
        : {}),
      metrics: r.metrics,
      replicationTime: r.replicationTime,
      deleteMarkerReplication: r.deleteMarkerReplication,
      existingObjectReplication: r.existingObjectReplication,
    };
  });
  return { role, rules: sortBy(rules, (r) => r.id) };
}

function mapInventory(
  ctx: MapContext,
  bucket: BucketInput,
  path: SpecPath,
  deps: Deps,
): InventoryConfig[] | undefined {
  if (!bucket.inventory) return undefined;
  checkUnique(ctx, bucket.inventory, (c) => c.id, path, 'id', 'inventory id');
  const configs = bucket.inventory.map((c, i): InventoryConfig => {
    const dest = resolveBucket(ctx, c.destination.bucket, [...path, i, 'destination', 'bucket'], deps);
    return {
      id: c.id,
      enabled: c.enabled,
      destination: defined({
        bucket: dest.arn,
        accountId: c.destination.accountId,
        format: c.destination.format,
        prefix: c.destination.prefix,
      }) as InventoryConfig['destination'],
      includedObjectVersions: c.includedObjectVersions,
      frequency: c.frequency,
      optionalFields: [...new Set(c.optionalFields)].sort(),
      ...(c.filterPrefix ? { filterPrefix: c.filterPrefix } : {}),
    };
  });
  return sortBy(configs, (c) => c.id);
}

/** Maps every valid bucket. */
export function mapBuckets(ctx: MapContext): DesiredResource<'s3.bucket'>[] {
  const out: DesiredResource<'s3.bucket'>[] = [];
  for (const [name, bucket] of Object.entries(ctx.spec.buckets)) {
    const path: SpecPath = ['s3', 'buckets', name];
    const deps: Deps = new Set();
    const bad = checkBucketName(name);
    if (bad) ctx.issues.add(path, expected(`a valid S3 bucket name (${bad})`, name), true);
    if (bucket.ensure === 'absent')
      ctx.issues.add(
        [...path, 'ensure'],
        expected(`present: ${KINDS['s3.bucket'].lifecycle.neverDeleted} by this tool`, 'absent'),
      );
    let lifecycle: LifecycleRule[] | undefined;
    if (bucket.lifecycle) {
      checkUnique(ctx, bucket.lifecycle, (r) => r.id, [...path, 'lifecycle'], 'id', 'rule id');
      bucket.lifecycle.forEach((r, i) => {
        checkLifecycleRule(ctx, r, [...path, 'lifecycle', i]);
      });
      lifecycle = sortBy(bucket.lifecycle.map(mapLifecycleRule), (r) => r.id);
    }
    let replication: ReplicationConfig | null | undefined;
    if (bucket.replication === null) replication = null;
    else if (bucket.replication)
      replication = mapReplication(ctx, name, bucket, bucket.replication, [...path, 'replication'], deps);
    let objectLock: S3BucketAttrs['objectLock'];
    if (bucket.objectLock === null) objectLock = null;
    else if (bucket.objectLock) {
      if (bucket.versioning !== 'Enabled')
        ctx.issues.add(
          [...path, 'versioning'],
          expected('versioning: Enabled on a bucket with Object Lock', bucket.versioning),
        );
      const r = bucket.objectLock.defaultRetention;
      if (r && (r.days === undefined) === (r.years === undefined))
        ctx.issues.add(
          [...path, 'objectLock', 'defaultRetention'],
          expectedGot('exactly one of days or years', r.days === undefined ? 'neither' : 'both'),
        );
      objectLock = r
        ? {
            defaultRetention: defined({ mode: r.mode, days: r.days, years: r.years }) as NonNullable<
              S3BucketAttrs['objectLock']
            >['defaultRetention'] &
              object,
          }
        : {};
    }
    let policy: S3BucketAttrs['policy'];
    if (bucket.policy === null) policy = null;
    else if (bucket.policy) {
      // A bucket policy is resource-based: every statement names who it applies to (S3 User Guide,
      // "Bucket policies": Principal is required, https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucket-policies.html).
      bucket.policy.Statement.forEach((s, i) => {
        if (s.Principal === undefined && s.NotPrincipal === undefined)
          ctx.issues.add(
            [...path, 'policy', 'Statement', i],
            expectedGot('a Principal in a bucket policy statement', 'none'),
          );
      });
      policy = mapPolicy(ctx, bucket.policy, [...path, 'policy']);
    }
    const attrs: S3BucketAttrs = {
      region: bucket.region,
      ...defined({
        versioning: bucket.versioning,
        lifecycle,
        inventory: mapInventory(ctx, bucket, [...path, 'inventory'], deps),
        tags: bucket.tags ? { ...bucket.tags } : undefined,
      }),
      ...(replication !== undefined ? { replication } : {}),
      ...(objectLock !== undefined ? { objectLock } : {}),
      ...(policy !== undefined ? { policy } : {}),
    };
    out.push(makeResource(ctx, 's3.bucket', name, null, attrs, deps, bucket, path));
  }
  return out;
}
