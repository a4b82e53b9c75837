/** `s3.bucket`: versioning, lifecycle, replication, Object Lock and inventory of one bucket. Pure. */
import { bucketArn, parseBucketArn } from '../arn.js';
import type { LifecycleRule, S3BucketAttrs } from '../attrs.js';
import { sameAsSet } from '../canonical.js';
import type { PolicyDiff, RiskNote } from '../plan.js';
import { type KindSpec, ORDINARY_KIND } from './kind-spec.js';
import { high, low, medium, minOf, shortened } from './notes.js';
import { byField } from './spec-keys.js';

function enabledRules(rules: readonly LifecycleRule[] | undefined): LifecycleRule[] {
  return (rules ?? []).filter((r) => r.enabled);
}

/** A replication destination as people name it: the bucket, not its ARN. */
function bucketName(arn: string): string {
  return parseBucketArn(arn)?.name ?? arn;
}

function lifecycleNotes(before: S3BucketAttrs, lifecycle: readonly LifecycleRule[]): RiskNote[] {
  const notes: RiskNote[] = [];
  const was = enabledRules(before.lifecycle);
  const will = enabledRules(lifecycle);
  const ncBefore = minOf(was.map((r) => r.noncurrentVersionExpiration?.noncurrentDays));
  const ncAfter = minOf(will.map((r) => r.noncurrentVersionExpiration?.noncurrentDays));
  if (shortened(ncBefore, ncAfter) && before.versioning === 'Disabled') {
    // First-time set-up: a bucket whose versioning was never enabled has no noncurrent versions
    // (objects in an unversioned bucket have the null version only; versions become noncurrent once
    // versioning is enabled and they are overwritten: S3 User Guide, "How S3 Versioning works",
    // https://docs.aws.amazon.com/AmazonS3/latest/userguide/versioning-workflows.html), so the rule
    // shortens nothing that exists: it only bounds versions kept from now on.
    notes.push(
      low(
        'noncurrent-expiration-before-versioning',
        `noncurrent versions will expire after ${ncAfter} days (versioning was never enabled on this bucket, so none exist yet)`,
      ),
    );
  } else if (shortened(ncBefore, ncAfter)) {
    notes.push(
      high(
        'noncurrent-retention-shortened',
        `noncurrent retention ${ncBefore ?? 'forever'} -> ${ncAfter} days: versions older than ${ncAfter} days become unrecoverable`,
      ),
    );
  }
  const curBefore = minOf(was.map((r) => r.expiration?.days));
  const curAfter = minOf(will.map((r) => r.expiration?.days));
  if (curBefore === undefined && curAfter !== undefined) {
    notes.push(
      high(
        'expiration-added',
        `current-version expiration added: objects expire ${curAfter} days after creation`,
      ),
    );
  } else if (shortened(curBefore, curAfter)) {
    notes.push(
      high(
        'expiration-shortened',
        `current-version expiration ${curBefore} -> ${curAfter} days: objects expire sooner`,
      ),
    );
  }
  const datesBefore = new Set(was.map((r) => r.expiration?.date).filter(Boolean));
  for (const r of will) {
    if (r.expiration?.date && !datesBefore.has(r.expiration.date)) {
      notes.push(
        high(
          'expiration-date-added',
          `current-version expiration on ${r.expiration.date} added (lifecycle rule ${r.id})`,
        ),
      );
    }
  }
  const beforeById = new Map((before.lifecycle ?? []).map((r) => [r.id, r]));
  const afterIds = new Set(lifecycle.map((r) => r.id));
  for (const r of lifecycle) {
    const old = beforeById.get(r.id);
    const transitionsChanged = old
      ? !sameAsSet(old.transitions, r.transitions) ||
        !sameAsSet(old.noncurrentVersionTransitions, r.noncurrentVersionTransitions)
      : r.transitions.length > 0 || r.noncurrentVersionTransitions.length > 0;
    if (transitionsChanged)
      notes.push(medium('transitions-changed', `lifecycle transitions changed (rule ${r.id})`));
  }
  for (const old of before.lifecycle ?? []) {
    if (!afterIds.has(old.id) && (old.transitions.length || old.noncurrentVersionTransitions.length)) {
      notes.push(medium('transitions-changed', `lifecycle transitions changed (rule ${old.id} removed)`));
    }
  }
  return notes;
}

function replicationNotes(before: S3BucketAttrs, after: S3BucketAttrs): RiskNote[] {
  const notes: RiskNote[] = [];
  const afterRules = new Map((after.replication?.rules ?? []).map((r) => [r.id, r]));
  for (const r of before.replication?.rules ?? []) {
    const next = afterRules.get(r.id);
    const target = bucketName(r.destination.bucket);
    if (!next) {
      notes.push(
        high(
          'replication-rule-removed',
          `replication rule ${r.id} removed: new objects are no longer copied to ${target}`,
        ),
      );
    } else if (r.enabled && !next.enabled) {
      notes.push(
        high(
          'replication-rule-disabled',
          `replication rule ${r.id} disabled: new objects are no longer copied to ${target}`,
        ),
      );
    } else if (
      next.enabled &&
      r.sourceSelectionCriteria?.sseKmsEncryptedObjects &&
      !next.sourceSelectionCriteria?.sseKmsEncryptedObjects
    ) {
      // S3 skips SSE-KMS encrypted objects unless SseKmsEncryptedObjects is Enabled (S3 User Guide,
      // "Replicating objects created with server-side encryption (SSE-C, SSE-S3, SSE-KMS, DSSE-KMS)"):
      // for a bucket encrypted with KMS by default, that is every new object.
      notes.push(
        high(
          'replication-sse-kms-stopped',
          `replication rule ${r.id} no longer replicates SSE-KMS encrypted objects: new ones are no longer copied to ${target}`,
        ),
      );
    }
  }
  return notes;
}

/** Bucket policy notes, from the planner's policy diffs (broadening decided there, once). */
function policyNotes(
  before: S3BucketAttrs | undefined,
  after: S3BucketAttrs,
  diffs: readonly PolicyDiff[],
): RiskNote[] {
  if (after.policy === undefined) return [];
  const notes: RiskNote[] = [];
  for (const d of diffs.filter((p) => p.path === '/policy'))
    for (const gained of d.broadened)
      notes.push(high('bucket-policy-broadened', `bucket policy broadened: ${gained}`));
  if (before && notes.length === 0 && !sameAsSet(before.policy ?? null, after.policy))
    notes.push(
      medium(
        'bucket-policy-changed',
        after.policy === null
          ? 'bucket policy removed: whatever it allowed (an inventory delivery, another account) stops'
          : 'bucket policy changed: who may read or write the bucket changes',
      ),
    );
  return notes;
}

function riskNotes(
  before: S3BucketAttrs | undefined,
  after: S3BucketAttrs,
  policyDiffs: readonly PolicyDiff[] = [],
): RiskNote[] {
  const notes: RiskNote[] = [...policyNotes(before, after, policyDiffs)];
  if (!before) {
    if (after.objectLock)
      notes.push(
        high('object-lock-enabled', 'Object Lock is one-way: once enabled it can never be disabled'),
      );
    return notes;
  }
  if (after.versioning !== undefined && before.versioning === 'Enabled' && after.versioning !== 'Enabled') {
    notes.push(
      high(
        'versioning-suspended',
        `versioning ${after.versioning === 'Suspended' ? 'suspended' : 'disabled'}: overwritten and deleted objects are no longer kept as versions`,
      ),
    );
  }
  if (after.lifecycle !== undefined) notes.push(...lifecycleNotes(before, after.lifecycle));
  if (after.replication !== undefined) notes.push(...replicationNotes(before, after));
  if (
    after.objectLock !== undefined &&
    after.objectLock !== null &&
    !sameAsSet(before.objectLock, after.objectLock)
  ) {
    notes.push(
      before.objectLock
        ? high(
            'object-lock-changed',
            'Object Lock default retention changed: Object Lock is one-way and retained versions cannot be removed early',
          )
        : high(
            'object-lock-enabled',
            'Object Lock enabled: Object Lock is one-way, it can never be disabled on this bucket',
          ),
    );
  }
  return notes;
}

export const S3_BUCKET: KindSpec<'s3.bucket'> = {
  kind: 's3.bucket',
  service: 's3',
  // Bucket names are global to the partition; the bucket itself lives in one region (S3 User Guide,
  // "General purpose bucket naming rules").
  scope: 'global',
  arn: ({ name }) => bucketArn(name),
  ...ORDINARY_KIND,
  specKeys: {
    lifecycle: { item: byField('id') },
    replication: { fields: { rules: { item: byField('id') } } },
    inventory: { item: byField('id') },
  },
  diff: {
    shape: {
      t: 'object',
      fields: {
        lifecycle: { t: 'keyed', key: 'id' },
        replication: { t: 'object', fields: { rules: { t: 'keyed', key: 'id' } } },
        inventory: { t: 'keyed', key: 'id' },
        // Compared like IAM policies: canonical form, shown as a statement table.
        policy: { t: 'policy' },
      },
    },
    fields: {
      readOnly: [],
      writeOnly: [],
      // A bucket's region is fixed at creation: moving means deleting and creating it elsewhere (S3
      // User Guide, "Buckets overview": "After you create a bucket, you can't change its Region").
      replacementFields: ['region'],
    },
  },
  lifecycle: { neverCreated: null, neverDeleted: 'buckets and objects are never deleted' },
  blockedWhen(_before, _after, diffs) {
    const region = diffs.find((d) => d.path === '/region');
    if (region)
      return {
        reasonCode: 'region-move',
        reason: `a bucket cannot move to another region (${String(region.before)} -> ${String(region.after)}) and is never deleted`,
      };
    // Object Lock can be enabled on an existing versioned bucket, never disabled (S3 API Reference,
    // PutObjectLockConfiguration; S3 User Guide, "Locking objects with Object Lock").
    if (diffs.some((d) => d.path === '/objectLock' && d.after === null))
      return { reasonCode: 'object-lock-off', reason: 'Object Lock cannot be disabled once enabled' };
    return undefined;
  },
  riskNotes: (before, after, ctx) => riskNotes(before, after, ctx.policyDiffs),
  defaults: {
    // A V1 replication rule (no Filter) has no Priority; a destination without StorageClass keeps the
    // source object's class (S3 API Reference, ReplicationRule.Priority, Destination.StorageClass),
    // which the S3 adapter reads back as STANDARD (see ReplicationRule in src/model/attrs.ts).
    replicationRule: { priority: 0, storageClass: 'STANDARD' },
  },
  import: { labelled: false },
  health: {
    evidence: ['s3-versioning', 's3-replication'],
    // S3 storage and replication metrics name the bucket in these dimensions (S3 User Guide,
    // "Metrics and dimensions"; replication metrics: "Using S3 Replication metrics").
    watchedBy: { namespace: 'AWS/S3', dimensions: ['BucketName', 'SourceBucket', 'DestinationBucket'] },
  },
};
