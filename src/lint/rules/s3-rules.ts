/** Lint rules about S3 lifecycle, replication storage classes, Object Lock and inventory delivery. */

import { parseBucketArn } from '../../model/arn.js';
import type { LifecycleRule, StorageClass } from '../../model/attrs.js';
import type { DesiredResource } from '../../model/state.js';
import { findBucket, resourcesOfKind } from '../desired-index.js';
import type { LintRule, RawFinding } from '../lint-finding.js';
import { policyAllowsService } from '../policy-allows.js';

/**
 * Minimum storage duration (days) S3 bills for each class: an object deleted, overwritten or moved
 * earlier is charged for the rest anyway. Classes without a minimum are absent.
 */
export const MIN_STORAGE_DAYS: Readonly<Partial<Record<StorageClass, number>>> = {
  STANDARD_IA: 30,
  ONEZONE_IA: 30,
  GLACIER_IR: 90,
  GLACIER: 90,
  DEEP_ARCHIVE: 180,
};

interface Step {
  readonly day: number;
  readonly storageClass?: StorageClass;
  readonly what: string;
}

/** Walks one version's life (transitions then expiration) and reports steps that cut a class's minimum short. */
function shortStays(steps: readonly Step[], label: string): string[] {
  const ordered = [...steps].sort((a, b) => a.day - b.day);
  const out: string[] = [];
  for (let i = 0; i < ordered.length - 1; i++) {
    const here = ordered[i] as Step;
    const next = ordered[i + 1] as Step;
    const min = here.storageClass ? MIN_STORAGE_DAYS[here.storageClass] : undefined;
    if (min === undefined) continue;
    const stay = next.day - here.day;
    if (stay >= min) continue;
    out.push(
      `${label} move to ${here.storageClass} at day ${here.day} and ${next.what} at day ${next.day}: ` +
        `${here.storageClass} bills at least ${min} days, so ${min - stay} more days per object are paid for nothing`,
    );
  }
  return out;
}

function lifecycleProblems(rule: LifecycleRule): string[] {
  if (!rule.enabled) return [];
  const current: Step[] = rule.transitions.map((t) => ({
    day: t.days,
    storageClass: t.storageClass,
    what: `move on to ${t.storageClass}`,
  }));
  if (rule.expiration?.days !== undefined) current.push({ day: rule.expiration.days, what: 'expire' });
  const noncurrent: Step[] = rule.noncurrentVersionTransitions.map((t) => ({
    day: t.noncurrentDays,
    storageClass: t.storageClass,
    what: `move on to ${t.storageClass}`,
  }));
  if (rule.noncurrentVersionExpiration)
    noncurrent.push({ day: rule.noncurrentVersionExpiration.noncurrentDays, what: 'expire' });
  return [
    ...shortStays(current, `lifecycle rule ${rule.id}: current versions`),
    ...shortStays(noncurrent, `lifecycle rule ${rule.id}: noncurrent versions`),
  ];
}

function replicaProblems(
  source: DesiredResource<'s3.bucket'>,
  all: Parameters<LintRule['check']>[0],
): RawFinding[] {
  const out: RawFinding[] = [];
  for (const rule of source.attrs.replication?.rules ?? []) {
    if (!rule.enabled) continue;
    const cls = rule.destination.storageClass;
    const min = MIN_STORAGE_DAYS[cls];
    const destName = parseBucketArn(rule.destination.bucket)?.name;
    const dest = destName ? findBucket(all, destName) : undefined;
    if (min === undefined || !dest?.attrs.lifecycle) continue;
    for (const lc of dest.attrs.lifecycle) {
      if (!lc.enabled) continue;
      const expiries: [string, number | undefined][] = [
        ['current versions expire', lc.expiration?.days],
        ['noncurrent versions expire', lc.noncurrentVersionExpiration?.noncurrentDays],
      ];
      for (const [what, days] of expiries) {
        if (days === undefined || days >= min) continue;
        out.push({
          address: source.address,
          message:
            `replication rule ${rule.id} stores replicas in ${destName} as ${cls}, but ${destName}'s lifecycle rule ${lc.id} ` +
            `makes ${what} after ${days} days: ${cls} bills at least ${min} days, so up to ${min - days} more days per object are paid for nothing`,
          fixHint: `keep ${destName}'s ${what.replace(' expire', '')} at least ${min} days, or replicate into a class with a shorter minimum (GLACIER_IR 90, STANDARD_IA 30).`,
        });
      }
    }
  }
  return out;
}

/** Expiring or moving objects before the storage class's minimum duration is billed anyway. */
export const storageClassMinDuration: LintRule = {
  id: 's3-storage-class-min-duration',
  severity: 'warning',
  title:
    'Objects leave a storage class before its minimum billed duration (Deep Archive 180, Glacier 90, IA 30 days)',
  check(desired) {
    const out: RawFinding[] = [];
    for (const bucket of resourcesOfKind(desired, 's3.bucket')) {
      for (const rule of bucket.attrs.lifecycle ?? []) {
        for (const message of lifecycleProblems(rule)) {
          out.push({
            address: bucket.address,
            message,
            fixHint:
              'make each storage class hold objects at least its minimum (DEEP_ARCHIVE 180, GLACIER and GLACIER_IR 90, STANDARD_IA and ONEZONE_IA 30 days) before the next transition or the expiration.',
          });
        }
      }
      out.push(...replicaProblems(bucket, desired));
    }
    return out;
  },
};

/** Enabling Object Lock on a bucket can never be undone. */
export const objectLockOneWay: LintRule = {
  id: 's3-object-lock-one-way',
  severity: 'info',
  title: 'Object Lock, once enabled on a bucket, cannot be disabled',
  check(desired) {
    const out: RawFinding[] = [];
    for (const bucket of resourcesOfKind(desired, 's3.bucket')) {
      const lock = bucket.attrs.objectLock;
      if (!lock) continue;
      const retention = lock.defaultRetention;
      const compliance = retention?.mode === 'COMPLIANCE';
      out.push({
        address: bucket.address,
        ...(compliance ? { severity: 'warning' as const } : {}),
        message:
          `Object Lock on ${bucket.name} is one-way: once enabled it can never be turned off` +
          (retention
            ? `, and every new object version is locked for ${retention.days !== undefined ? `${retention.days} days` : `${retention.years} years`} in ${retention.mode} mode` +
              (compliance ? ' (COMPLIANCE: nobody, not even the root user, can delete it early)' : '')
            : ''),
        fixHint:
          'keep it if the bucket must be immutable (silence this rule with the reason); apply it with --allow-destructive only after checking the retention and mode.',
      });
    }
    return out;
  },
};

const S3_SERVICE = 's3.amazonaws.com';

/** The key of an inventory file: `<prefix>/<source bucket>/<config id>/...` (S3 UG, "Inventory lists"). */
function inventoryKey(prefix: string | undefined, source: string, id: string): string {
  const base = prefix ? (prefix.endsWith('/') ? prefix : `${prefix}/`) : '';
  return `${base}${source}/${id}/data/inventory.csv.gz`;
}

/**
 * An inventory delivers nothing unless its destination bucket's policy lets `s3.amazonaws.com` write
 * there: "You must create a bucket policy on the destination bucket to grant permissions to Amazon S3
 * to write objects to the bucket in the defined location" (S3 API Reference,
 * PutBucketInventoryConfiguration, https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutBucketInventoryConfiguration.html;
 * the policy: S3 User Guide, "Configuring Amazon S3 Inventory",
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/configure-inventory.html). The same reference:
 * "The destination bucket must be in the same Amazon Web Services Region as the source bucket".
 */
export const inventoryDestinationPolicy: LintRule = {
  id: 's3-inventory-destination-policy',
  severity: 'error',
  title:
    "An S3 inventory's destination bucket does not let s3.amazonaws.com write it (or is in another region)",
  check(desired) {
    const out: RawFinding[] = [];
    for (const source of resourcesOfKind(desired, 's3.bucket')) {
      for (const inv of source.attrs.inventory ?? []) {
        if (!inv.enabled) continue;
        const destName = parseBucketArn(inv.destination.bucket)?.name;
        const dest = destName ? findBucket(desired, destName) : undefined;
        if (!dest || !destName) continue; // not declared here: nothing to judge
        if (dest.attrs.region !== source.attrs.region) {
          out.push({
            address: source.address,
            message: `inventory ${inv.id} of ${source.name} (${source.attrs.region}) delivers to ${destName} in ${dest.attrs.region}: S3 only delivers an inventory to a bucket in the source's region`,
            fixHint: `deliver to a bucket in ${source.attrs.region}.`,
          });
          continue;
        }
        const key = inventoryKey(inv.destination.prefix, source.name, inv.id);
        const resource = `arn:aws:s3:::${destName}/${key}`;
        const fixHint =
          `give ${destName} a bucket policy statement: Effect Allow, Principal {"Service": "${S3_SERVICE}"}, ` +
          `Action s3:PutObject, Resource arn:aws:s3:::${destName}/${inv.destination.prefix ?? ''}*, ` +
          `Condition ArnLike aws:SourceArn arn:aws:s3:::${source.name} and StringEquals aws:SourceAccount ${desired.account} ` +
          `and s3:x-amz-acl bucket-owner-full-control.`;
        const policy = dest.attrs.policy;
        if (policy === undefined) {
          out.push({
            address: source.address,
            severity: 'warning',
            message: `inventory ${inv.id} of ${source.name} delivers to ${destName}, whose bucket policy the spec does not manage: unless one was set by hand, S3 cannot write the inventory there`,
            fixHint,
          });
        } else if (
          policy === null ||
          !policyAllowsService(policy, {
            service: S3_SERVICE,
            action: 's3:PutObject',
            resource,
            sourceArn: `arn:aws:s3:::${source.name}`,
            sourceAccount: desired.account,
          })
        ) {
          out.push({
            address: source.address,
            message: `inventory ${inv.id} of ${source.name} delivers to ${destName}, whose ${policy === null ? 'bucket has no policy' : 'bucket policy has no statement letting s3.amazonaws.com write there'}: S3 cannot deliver the inventory (s3:PutObject on ${resource})`,
            fixHint,
          });
        }
      }
    }
    return out;
  },
};

export const S3_RULES: readonly LintRule[] = [
  storageClassMinDuration,
  objectLockOneWay,
  inventoryDestinationPolicy,
];
