/** S3 buckets: versioning, lifecycle, replication, Object Lock, inventory, tags. Pure. */

import { z } from 'zod';
import { KINDS } from '../../src/model/kinds/index.js';
import {
  expecting,
  flag,
  nonNegativeInt,
  positiveInt,
  region,
  resourceCommon,
  tags,
  text,
} from './common.js';

export const STORAGE_CLASSES = [
  'STANDARD',
  'STANDARD_IA',
  'ONEZONE_IA',
  'INTELLIGENT_TIERING',
  'GLACIER',
  'GLACIER_IR',
  'DEEP_ARCHIVE',
  'REDUCED_REDUNDANCY',
  'OUTPOSTS',
  'EXPRESS_ONEZONE',
] as const;

const storageClass = z.enum(STORAGE_CLASSES);

const lifecycleFilter = z
  .strictObject({
    prefix: z.string(expecting('a string')).optional(),
    tags: tags.optional(),
    objectSizeGreaterThan: nonNegativeInt('a size in bytes', Number.MAX_SAFE_INTEGER).optional(),
    objectSizeLessThan: positiveInt('a size in bytes', Number.MAX_SAFE_INTEGER).optional(),
  })
  .meta({ description: 'Which objects the rule applies to; {} (default) = the whole bucket.' });

export const lifecycleRule = z
  .strictObject({
    id: text('a rule id'),
    enabled: flag.default(true).meta({ description: 'Rule status (default true = Enabled).' }),
    filter: lifecycleFilter.default({}),
    expiration: z
      .strictObject({
        days: positiveInt().optional(),
        // A day of the calendar (2025-02-30 is refused), in the JSON Schema too.
        date: z.iso.date(expecting('a date YYYY-MM-DD')).optional(),
        expiredObjectDeleteMarker: flag.optional(),
      })
      .optional()
      .meta({ description: 'Expiration of CURRENT versions. Omit: current versions never expire.' }),
    noncurrentVersionExpiration: z
      .strictObject({
        noncurrentDays: positiveInt(),
        newerNoncurrentVersions: positiveInt().optional(),
      })
      .optional()
      .meta({ description: 'Delete noncurrent versions N days after they become noncurrent.' }),
    transitions: z
      .array(z.strictObject({ days: nonNegativeInt(), storageClass }))
      .default([])
      .meta({ description: 'Transitions of current versions (default none).' }),
    noncurrentVersionTransitions: z
      .array(
        z.strictObject({
          noncurrentDays: positiveInt(),
          storageClass,
          newerNoncurrentVersions: positiveInt().optional(),
        }),
      )
      .default([]),
    abortIncompleteMultipartUploadDays: positiveInt()
      .optional()
      .meta({ description: 'Abort incomplete multipart uploads after N days. Omit: never.' }),
  })
  .superRefine(checkExpirationAfterTransitions);

/** The transition with the most days (the last one), or undefined when there is none. */
function lastTransition<T>(list: readonly T[], days: (t: T) => number): { at: number; item: T } | undefined {
  let last: { at: number; item: T } | undefined;
  list.forEach((item, at) => {
    if (!last || days(item) > days(last.item)) last = { at, item };
  });
  return last;
}

/**
 * S3 expires objects only after their transitions: an Expiration's Days must be greater than every
 * Transition's Days, and a NoncurrentVersionExpiration's NoncurrentDays greater than every
 * NoncurrentVersionTransition's; S3 answers InvalidArgument "'Days' in the Expiration action for filter
 * '...' must be greater than 'Days' in the Transition action" otherwise (S3 user guide, "Lifecycle
 * configuration elements", https://docs.aws.amazon.com/AmazonS3/latest/userguide/intro-lifecycle-rules.html;
 * moto accepts it, test/emulator's strict_moto.s3.lifecycle refuses it like S3).
 */
function checkExpirationAfterTransitions(
  rule: {
    readonly expiration?: { readonly days?: number | undefined } | undefined;
    readonly transitions: readonly { readonly days: number; readonly storageClass: string }[];
    readonly noncurrentVersionExpiration?: { readonly noncurrentDays: number } | undefined;
    readonly noncurrentVersionTransitions: readonly {
      readonly noncurrentDays: number;
      readonly storageClass: string;
    }[];
  },
  ctx: z.RefinementCtx,
): void {
  const days = rule.expiration?.days;
  const last = lastTransition(rule.transitions, (t) => t.days);
  if (days !== undefined && last && days <= last.item.days)
    ctx.addIssue({
      code: 'custom',
      path: ['expiration', 'days'],
      message:
        `expected more than ${last.item.days} days (S3 expires current versions only after their last ` +
        `transition, transitions[${last.at}]: ${last.item.storageClass} after ${last.item.days} days), got ${days}`,
    });
  const nvDays = rule.noncurrentVersionExpiration?.noncurrentDays;
  const nvLast = lastTransition(rule.noncurrentVersionTransitions, (t) => t.noncurrentDays);
  if (nvDays !== undefined && nvLast && nvDays <= nvLast.item.noncurrentDays)
    ctx.addIssue({
      code: 'custom',
      path: ['noncurrentVersionExpiration', 'noncurrentDays'],
      message:
        `expected more than ${nvLast.item.noncurrentDays} days (S3 expires noncurrent versions only after their ` +
        `last transition, noncurrentVersionTransitions[${nvLast.at}]: ${nvLast.item.storageClass} after ` +
        `${nvLast.item.noncurrentDays} days), got ${nvDays}`,
    });
}

export const replicationRule = z.strictObject({
  id: text('a rule id'),
  priority: nonNegativeInt()
    .default(KINDS['s3.bucket'].defaults.replicationRule.priority)
    .meta({ description: 'Higher wins (default 0).' }),
  enabled: flag.default(true),
  filter: z
    .strictObject({ prefix: z.string(expecting('a string')).optional(), tags: tags.optional() })
    .default({}),
  destination: z.strictObject({
    bucket: text('a bucket name declared under s3.buckets, or a bucket ARN').meta({
      description: 'Destination bucket: the name of a bucket in this spec, or arn:aws:s3:::<name>.',
    }),
    storageClass: storageClass.default(KINDS['s3.bucket'].defaults.replicationRule.storageClass),
    account: z
      .string()
      .regex(/^\d{12}$/, expecting('a 12-digit account id'))
      .optional(),
  }),
  metrics: flag
    .default(false)
    .meta({ description: 'Replication metrics (needed by ReplicationLatency alarms).' }),
  replicationTime: flag
    .default(false)
    .meta({ description: 'Replication Time Control (15-minute SLA; needs metrics).' }),
  deleteMarkerReplication: flag.default(false),
  existingObjectReplication: flag.default(false),
});

export const INVENTORY_FIELDS = [
  'Size',
  'LastModifiedDate',
  'StorageClass',
  'ETag',
  'IsMultipartUploaded',
  'ReplicationStatus',
  'EncryptionStatus',
  'ObjectLockRetainUntilDate',
  'ObjectLockMode',
  'ObjectLockLegalHoldStatus',
  'IntelligentTieringAccessTier',
  'BucketKeyStatus',
  'ChecksumAlgorithm',
  'ObjectAccessControlList',
  'ObjectOwner',
] as const;

export const inventoryConfig = z.strictObject({
  id: text('an inventory id'),
  enabled: flag.default(true),
  destination: z.strictObject({
    bucket: text('a bucket name declared under s3.buckets, or a bucket ARN'),
    accountId: z
      .string()
      .regex(/^\d{12}$/, expecting('a 12-digit account id'))
      .optional(),
    format: z.enum(['CSV', 'ORC', 'Parquet']),
    prefix: text().optional(),
  }),
  includedObjectVersions: z.enum(['All', 'Current']),
  frequency: z.enum(['Daily', 'Weekly']),
  optionalFields: z.array(z.enum(INVENTORY_FIELDS)).default([]),
  filterPrefix: text().optional(),
});

export const bucket = z
  .strictObject({
    region,
    versioning: z.enum(['Enabled', 'Suspended', 'Disabled']).optional(),
    lifecycle: z
      .array(lifecycleRule)
      .optional()
      .meta({ description: 'Lifecycle rules. Omit: unmanaged; [] = no lifecycle configuration.' }),
    replication: z
      .strictObject({
        role: text('a role name declared under iam.roles, or a role ARN'),
        rules: z.array(replicationRule).min(1, expecting('at least one replication rule')),
      })
      .nullable()
      .optional()
      .meta({ description: 'Replication. Omit: unmanaged; null = no replication.' }),
    objectLock: z
      .strictObject({
        defaultRetention: z
          .strictObject({
            mode: z.enum(['GOVERNANCE', 'COMPLIANCE']),
            days: positiveInt().optional(),
            years: positiveInt().optional(),
          })
          .optional(),
      })
      .nullable()
      .optional()
      .meta({ description: 'Object Lock. Omit: unmanaged; null = not enabled; {} = enabled, no default.' }),
    inventory: z.array(inventoryConfig).optional(),
    tags: tags.optional(),
    ...resourceCommon,
  })
  .meta({ description: 'An S3 bucket (the map key is its global name).' });

export type BucketInput = z.infer<typeof bucket>;
export type LifecycleRuleInput = z.infer<typeof lifecycleRule>;
