/**
 * Pure functions: normalised S3 attrs -> the AWS request shapes `apply` sends. Always the modern
 * forms: lifecycle rules with a `Filter`, replication V2 rules (with `Filter`, `Priority` and an
 * explicit `DeleteMarkerReplication`), so that reading back what we wrote normalises to what we asked.
 */
import type {
  LifecycleRule as AwsLifecycleRule,
  ReplicationConfiguration as AwsReplicationConfiguration,
  InventoryConfiguration,
  LifecycleRuleFilter,
  ObjectLockConfiguration,
  ReplicationRuleFilter,
  Tag,
  TransitionDefaultMinimumObjectSize,
  TransitionStorageClass,
} from '@aws-sdk/client-s3';
import type {
  InventoryConfig,
  LifecycleRule,
  ObjectLockConfig,
  ReplicationConfig,
  S3Filter,
  Tags,
} from '../../model/attrs.js';
import { keepUnmanaged, type ManagedKeys, rawField, rawItemsBy } from '../unmanaged.js';

/** A tags map -> an AWS tag list, sorted by key. */
export function denormalizeTags(tags: Tags): Tag[] {
  return Object.keys(tags)
    .sort()
    .map((Key) => ({ Key, Value: tags[Key] ?? '' }));
}

/**
 * {@link S3Filter} -> lifecycle `Filter`. The whole bucket is `{Prefix: ""}` (accepted everywhere);
 * one condition stands alone; two or more go under `And`.
 */
export function denormalizeLifecycleFilter(f: S3Filter): LifecycleRuleFilter {
  const tags = denormalizeTags(f.tags ?? {});
  const count =
    (f.prefix ? 1 : 0) +
    tags.length +
    (f.objectSizeGreaterThan !== undefined ? 1 : 0) +
    (f.objectSizeLessThan !== undefined ? 1 : 0);
  if (count === 0) return { Prefix: '' };
  if (count === 1) {
    if (f.prefix) return { Prefix: f.prefix };
    if (tags[0]) return { Tag: tags[0] };
    if (f.objectSizeGreaterThan !== undefined) return { ObjectSizeGreaterThan: f.objectSizeGreaterThan };
    return { ObjectSizeLessThan: f.objectSizeLessThan as number };
  }
  return {
    And: {
      ...(f.prefix ? { Prefix: f.prefix } : {}),
      ...(tags.length ? { Tags: tags } : {}),
      ...(f.objectSizeGreaterThan !== undefined ? { ObjectSizeGreaterThan: f.objectSizeGreaterThan } : {}),
      ...(f.objectSizeLessThan !== undefined ? { ObjectSizeLessThan: f.objectSizeLessThan } : {}),
    },
  };
}

/** {@link S3Filter} -> replication `Filter` (prefix and tags only). */
export function denormalizeReplicationFilter(f: S3Filter): ReplicationRuleFilter {
  const tags = denormalizeTags(f.tags ?? {});
  if (!f.prefix && tags.length === 0) return { Prefix: '' };
  if (tags.length === 0) return { Prefix: f.prefix as string };
  if (!f.prefix && tags.length === 1) return { Tag: tags[0] as Tag };
  return { And: { ...(f.prefix ? { Prefix: f.prefix } : {}), Tags: tags } };
}

/** One normalised lifecycle rule -> the AWS rule. */
export function denormalizeLifecycleRule(r: LifecycleRule): AwsLifecycleRule {
  const e = r.expiration;
  const nve = r.noncurrentVersionExpiration;
  return {
    ID: r.id,
    Status: r.enabled ? 'Enabled' : 'Disabled',
    Filter: denormalizeLifecycleFilter(r.filter),
    ...(e
      ? {
          Expiration: {
            ...(e.days !== undefined ? { Days: e.days } : {}),
            ...(e.date !== undefined ? { Date: new Date(`${e.date}T00:00:00.000Z`) } : {}),
            ...(e.expiredObjectDeleteMarker ? { ExpiredObjectDeleteMarker: true } : {}),
          },
        }
      : {}),
    ...(nve
      ? {
          NoncurrentVersionExpiration: {
            NoncurrentDays: nve.noncurrentDays,
            ...(nve.newerNoncurrentVersions !== undefined
              ? { NewerNoncurrentVersions: nve.newerNoncurrentVersions }
              : {}),
          },
        }
      : {}),
    ...(r.transitions.length
      ? {
          Transitions: r.transitions.map((t) => ({
            Days: t.days,
            StorageClass: t.storageClass as TransitionStorageClass,
          })),
        }
      : {}),
    ...(r.noncurrentVersionTransitions.length
      ? {
          NoncurrentVersionTransitions: r.noncurrentVersionTransitions.map((t) => ({
            NoncurrentDays: t.noncurrentDays,
            StorageClass: t.storageClass as TransitionStorageClass,
            ...(t.newerNoncurrentVersions !== undefined
              ? { NewerNoncurrentVersions: t.newerNoncurrentVersions }
              : {}),
          })),
        }
      : {}),
    ...(r.abortIncompleteMultipartUploadDays !== undefined
      ? { AbortIncompleteMultipartUpload: { DaysAfterInitiation: r.abortIncompleteMultipartUploadDays } }
      : {}),
  };
}

/**
 * Normalised replication -> a V2 configuration: every rule has `Filter`, `Priority` and an explicit
 * `DeleteMarkerReplication` (AWS rejects a V2 rule without it). Metrics without RTC are
 * `{Status: Enabled}` alone: `EventThreshold` is the S3 RTC missed-threshold event and S3 answers
 * InvalidArgument to it without RTC; with RTC, Metrics must be enabled too ("Must be specified together
 * with a Metrics block", API_ReplicationTime), both with the only threshold AWS accepts, 15 minutes
 * (S3 user guide, "Enabling S3 Replication Time Control"; issue 11 item 1).
 */
export function denormalizeReplication(c: ReplicationConfig): AwsReplicationConfiguration {
  return {
    Role: c.role,
    Rules: c.rules.map((r) => ({
      ID: r.id,
      Priority: r.priority,
      Status: r.enabled ? 'Enabled' : 'Disabled',
      Filter: denormalizeReplicationFilter(r.filter),
      DeleteMarkerReplication: { Status: r.deleteMarkerReplication ? 'Enabled' : 'Disabled' },
      ...(r.existingObjectReplication ? { ExistingObjectReplication: { Status: 'Enabled' } } : {}),
      ...(r.sourceSelectionCriteria
        ? {
            SourceSelectionCriteria: {
              SseKmsEncryptedObjects: {
                Status: r.sourceSelectionCriteria.sseKmsEncryptedObjects ? 'Enabled' : 'Disabled',
              },
              ReplicaModifications: {
                Status: r.sourceSelectionCriteria.replicaModifications ? 'Enabled' : 'Disabled',
              },
            },
          }
        : {}),
      Destination: {
        Bucket: r.destination.bucket,
        StorageClass: r.destination.storageClass,
        ...(r.destination.account ? { Account: r.destination.account } : {}),
        ...(r.destination.replicaKmsKeyId
          ? { EncryptionConfiguration: { ReplicaKmsKeyID: r.destination.replicaKmsKeyId } }
          : {}),
        ...(r.replicationTime
          ? {
              Metrics: { Status: 'Enabled', EventThreshold: { Minutes: 15 } },
              ReplicationTime: { Status: 'Enabled', Time: { Minutes: 15 } },
            }
          : r.metrics
            ? { Metrics: { Status: 'Enabled' } }
            : {}),
      },
    })),
  };
}

/** Normalised Object Lock -> PutObjectLockConfiguration's configuration (always `Enabled`). */
export function denormalizeObjectLock(c: ObjectLockConfig): ObjectLockConfiguration {
  const r = c.defaultRetention;
  return {
    ObjectLockEnabled: 'Enabled',
    ...(r
      ? {
          Rule: {
            DefaultRetention: {
              Mode: r.mode,
              ...(r.days !== undefined ? { Days: r.days } : {}),
              ...(r.years !== undefined ? { Years: r.years } : {}),
            },
          },
        }
      : {}),
  };
}

/** Normalised inventory configuration -> the AWS configuration. */
export function denormalizeInventory(c: InventoryConfig): InventoryConfiguration {
  return {
    Id: c.id,
    IsEnabled: c.enabled,
    Destination: {
      S3BucketDestination: {
        Bucket: c.destination.bucket,
        Format: c.destination.format,
        ...(c.destination.accountId ? { AccountId: c.destination.accountId } : {}),
        ...(c.destination.prefix ? { Prefix: c.destination.prefix } : {}),
      },
    },
    IncludedObjectVersions: c.includedObjectVersions,
    Schedule: { Frequency: c.frequency },
    ...(c.optionalFields.length
      ? { OptionalFields: [...c.optionalFields] as InventoryConfiguration['OptionalFields'] }
      : {}),
    ...(c.filterPrefix ? { Filter: { Prefix: c.filterPrefix } } : {}),
  };
}

// ------------------------------------------------------------------ whole writes keep the unmanaged

/**
 * What the tool manages in a replication rule; the rest (Destination.AccessControlTranslation, and
 * fields AWS adds later) is written back as read. A rule's legacy V1 `Prefix` is managed: the tool
 * writes V2 rules (with `Filter`) and S3 refuses a rule with both.
 */
const REPLICATION_RULE_KEYS: ManagedKeys = {
  ID: true,
  Priority: true,
  Status: true,
  Filter: true,
  Prefix: true,
  DeleteMarkerReplication: true,
  ExistingObjectReplication: true,
  SourceSelectionCriteria: { SseKmsEncryptedObjects: true, ReplicaModifications: true },
  Destination: {
    Bucket: true,
    StorageClass: true,
    Account: true,
    Metrics: true,
    ReplicationTime: true,
    EncryptionConfiguration: { ReplicaKmsKeyID: true },
  },
};

/**
 * The PutBucketReplication configuration for `c`, keeping what `raw` (the GetBucketReplication
 * ReplicationConfiguration read before, JSON form) holds outside the managed fields, rule by rule (by
 * ID). A kept `AccessControlTranslation` goes when the destination account does: it is only valid
 * with `Account` (S3 API Reference, Destination.AccessControlTranslation: "Specify this only in a
 * cross-account scenario", https://docs.aws.amazon.com/AmazonS3/latest/API/API_Destination.html).
 */
export function mergeReplication(c: ReplicationConfig, raw: unknown): AwsReplicationConfiguration {
  const managed = denormalizeReplication(c);
  const before = rawItemsBy(rawField(raw, 'Rules'), 'ID');
  const rules = (managed.Rules ?? []).map((rule) => {
    const merged = keepUnmanaged(before.get(rule.ID ?? ''), rule, REPLICATION_RULE_KEYS);
    const dest = merged.Destination;
    if (dest?.AccessControlTranslation && !dest.Account) {
      const { AccessControlTranslation: _dropped, ...rest } = dest;
      return { ...merged, Destination: rest as typeof dest };
    }
    return merged;
  });
  return keepUnmanaged(raw, { ...managed, Rules: rules }, { Role: true, Rules: true });
}

/** What the tool manages in a lifecycle rule (date-based transitions are kept, see mergeLifecycle). */
const LIFECYCLE_RULE_KEYS: ManagedKeys = {
  ID: true,
  Status: true,
  Filter: true,
  Prefix: true,
  Expiration: { Days: true, Date: true, ExpiredObjectDeleteMarker: true },
  NoncurrentVersionExpiration: { NoncurrentDays: true, NewerNoncurrentVersions: true },
  Transitions: true,
  NoncurrentVersionTransitions: true,
  AbortIncompleteMultipartUpload: { DaysAfterInitiation: true },
};

/** JSON dates (ISO strings) back to the Date objects the SDK serialises. */
function asDate(v: unknown): Date | undefined {
  if (v instanceof Date) return v;
  return typeof v === 'string' ? new Date(v) : undefined;
}

function reviveRuleDates(rule: AwsLifecycleRule): AwsLifecycleRule {
  const exp = rule.Expiration;
  return {
    ...rule,
    ...(exp?.Date !== undefined ? { Expiration: { ...exp, Date: asDate(exp.Date) } } : {}),
    ...(rule.Transitions
      ? {
          Transitions: rule.Transitions.map((t) =>
            t.Date !== undefined ? { ...t, Date: asDate(t.Date) } : t,
          ),
        }
      : {}),
  };
}

/** The PutBucketLifecycleConfiguration input fields (beyond Bucket) a lifecycle write sends. */
export interface LifecycleWrite {
  readonly LifecycleConfiguration: { Rules: AwsLifecycleRule[] };
  readonly TransitionDefaultMinimumObjectSize?: TransitionDefaultMinimumObjectSize;
}

/**
 * The lifecycle write for `rules`, keeping from `raw` (GetBucketLifecycleConfiguration, JSON form: Rules
 * and TransitionDefaultMinimumObjectSize) what the spec does not model: date-based transitions of a
 * rule (the spec declares days), unknown rule fields, and the bucket's
 * `TransitionDefaultMinimumObjectSize` (sent back as the request header it came from: without it S3
 * applies its default again, "Lifecycle configuration elements", minimum object size,
 * https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutBucketLifecycleConfiguration.html).
 */
export function mergeLifecycle(rules: readonly LifecycleRule[], raw: unknown): LifecycleWrite {
  const before = rawItemsBy(rawField(raw, 'Rules'), 'ID');
  const merged = rules.map((r) => {
    const managed = denormalizeLifecycleRule(r);
    const old = before.get(r.id) as AwsLifecycleRule | undefined;
    const rule = keepUnmanaged(old, managed, LIFECYCLE_RULE_KEYS);
    const dated = (old?.Transitions ?? []).filter((t) => t.Days === undefined && t.Date !== undefined);
    return reviveRuleDates(
      dated.length ? { ...rule, Transitions: [...(rule.Transitions ?? []), ...dated] } : rule,
    );
  });
  const minSize = (raw as { TransitionDefaultMinimumObjectSize?: unknown } | undefined)
    ?.TransitionDefaultMinimumObjectSize;
  return {
    LifecycleConfiguration: { Rules: merged },
    ...(typeof minSize === 'string'
      ? { TransitionDefaultMinimumObjectSize: minSize as TransitionDefaultMinimumObjectSize }
      : {}),
  };
}

/** What the tool manages in an inventory configuration (the destination's Encryption is kept). */
const INVENTORY_KEYS: ManagedKeys = {
  Id: true,
  IsEnabled: true,
  Destination: { S3BucketDestination: { Bucket: true, Format: true, AccountId: true, Prefix: true } },
  IncludedObjectVersions: true,
  Schedule: { Frequency: true },
  OptionalFields: true,
  Filter: { Prefix: true },
};

/**
 * The PutBucketInventoryConfiguration configuration for `c`, keeping what the configuration of the
 * same id in `raw` (ListBucketInventoryConfigurations' list, JSON form) holds outside the managed
 * fields (S3BucketDestination.Encryption, fields AWS adds later).
 */
export function mergeInventory(c: InventoryConfig, raw: unknown): InventoryConfiguration {
  return keepUnmanaged(rawItemsBy(raw, 'Id').get(c.id), denormalizeInventory(c), INVENTORY_KEYS);
}
