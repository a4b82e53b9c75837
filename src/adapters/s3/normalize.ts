/**
 * Pure functions: S3 API responses -> the normalised {@link S3BucketAttrs} pieces of
 * src/model/attrs.ts. Each one removes a difference between two AWS shapes that mean the same thing,
 * so that an unchanged bucket never shows up as drift (see test/adapters/s3/normalize.test.ts).
 * Type-only SDK imports: nothing here talks to AWS.
 */
import type {
  LifecycleRule as AwsLifecycleRule,
  ReplicationConfiguration as AwsReplicationConfiguration,
  ReplicationRule as AwsReplicationRule,
  GetObjectLockConfigurationCommandOutput,
  InventoryConfiguration,
  Tag,
} from '@aws-sdk/client-s3';
import type {
  InventoryConfig,
  LifecycleRule,
  ObjectLockConfig,
  ReplicationConfig,
  ReplicationRule,
  S3Filter,
  StorageClass,
  Tags,
} from '../../model/attrs.js';
import { canonicalPolicy, type PolicyDocument } from '../../model/policy.js';

/**
 * LocationConstraint -> region. AWS returns no constraint (or `""`) for us-east-1 and the legacy
 * `EU` for eu-west-1.
 */
export function normalizeRegion(locationConstraint: string | null | undefined): string {
  if (!locationConstraint) return 'us-east-1';
  if (locationConstraint === 'EU') return 'eu-west-1';
  return locationConstraint;
}

/** GetBucketVersioning Status -> attrs: no Status (never enabled) is `Disabled`. */
export function normalizeVersioning(status: string | null | undefined): 'Enabled' | 'Suspended' | 'Disabled' {
  if (status === 'Enabled' || status === 'Suspended') return status;
  return 'Disabled';
}

/** A tag list -> a map (order irrelevant). An absent list (NoSuchTagSet) is `{}`. */
export function normalizeTags(tagSet: readonly Tag[] | null | undefined): Tags {
  const out: Record<string, string> = {};
  const sorted = [...(tagSet ?? [])].sort((a, b) => compareStrings(a.Key ?? '', b.Key ?? ''));
  for (const t of sorted) if (t.Key !== undefined) out[t.Key] = t.Value ?? '';
  return out;
}

interface AwsFilterLike {
  readonly Prefix?: string | undefined;
  readonly Tag?: Tag | undefined;
  readonly ObjectSizeGreaterThan?: number | undefined;
  readonly ObjectSizeLessThan?: number | undefined;
  readonly And?:
    | {
        readonly Prefix?: string | undefined;
        readonly Tags?: readonly Tag[] | undefined;
        readonly ObjectSizeGreaterThan?: number | undefined;
        readonly ObjectSizeLessThan?: number | undefined;
      }
    | undefined;
}

/**
 * A lifecycle/replication filter -> {@link S3Filter}. AWS's empty `Filter: {}`, `Filter: {Prefix: ""}`,
 * the legacy top-level `Prefix` (V1 rules, `""` or not) and no filter at all are the same "whole bucket"
 * filter `{}`; `Tag` and `And.Tags` both become a tags map.
 */
export function normalizeFilter(filter: AwsFilterLike | null | undefined, legacyPrefix?: string): S3Filter {
  const and = filter?.And;
  const prefix = and?.Prefix ?? filter?.Prefix ?? legacyPrefix;
  const tagList: Tag[] = [...(and?.Tags ?? []), ...(filter?.Tag ? [filter.Tag] : [])];
  const greater = and?.ObjectSizeGreaterThan ?? filter?.ObjectSizeGreaterThan;
  const less = and?.ObjectSizeLessThan ?? filter?.ObjectSizeLessThan;
  const tags = normalizeTags(tagList);
  return {
    ...(prefix ? { prefix } : {}),
    ...(Object.keys(tags).length > 0 ? { tags } : {}),
    ...(greater !== undefined && greater !== null ? { objectSizeGreaterThan: greater } : {}),
    ...(less !== undefined && less !== null ? { objectSizeLessThan: less } : {}),
  };
}

function isoDate(d: Date | string | undefined): string | undefined {
  if (d === undefined || d === null) return undefined;
  const date = d instanceof Date ? d : new Date(d);
  return Number.isNaN(date.getTime()) ? String(d) : date.toISOString().slice(0, 10);
}

/**
 * One lifecycle rule -> {@link LifecycleRule}. Filter forms are unified (see normalizeFilter);
 * `ExpiredObjectDeleteMarker: false` is the same as not set; an Expiration with nothing left in it is
 * no expiration; transitions are sorted by days; `NewerNoncurrentVersions: 0` is "none kept".
 */
export function normalizeLifecycleRule(rule: AwsLifecycleRule): LifecycleRule {
  const exp = rule.Expiration;
  const expDate = isoDate(exp?.Date);
  const expiration =
    exp && (exp.Days !== undefined || expDate !== undefined || exp.ExpiredObjectDeleteMarker === true)
      ? {
          ...(exp.Days !== undefined ? { days: exp.Days } : {}),
          ...(expDate !== undefined ? { date: expDate } : {}),
          ...(exp.ExpiredObjectDeleteMarker === true ? { expiredObjectDeleteMarker: true } : {}),
        }
      : undefined;
  const nve = rule.NoncurrentVersionExpiration;
  const abort = rule.AbortIncompleteMultipartUpload?.DaysAfterInitiation;
  return {
    id: rule.ID ?? '',
    enabled: rule.Status === 'Enabled',
    filter: normalizeFilter(rule.Filter, rule.Prefix),
    ...(expiration ? { expiration } : {}),
    ...(nve?.NoncurrentDays !== undefined
      ? {
          noncurrentVersionExpiration: {
            noncurrentDays: nve.NoncurrentDays,
            ...(nve.NewerNoncurrentVersions ? { newerNoncurrentVersions: nve.NewerNoncurrentVersions } : {}),
          },
        }
      : {}),
    // Date-based transitions are not modelled (the spec declares days): left out here, kept from the
    // raw rule on every write (src/adapters/s3/denormalize.ts, mergeLifecycle).
    transitions: (rule.Transitions ?? [])
      .filter((t) => t.Days !== undefined || t.Date === undefined)
      .map((t) => ({ days: t.Days ?? 0, storageClass: (t.StorageClass ?? 'GLACIER') as StorageClass }))
      .sort((a, b) => a.days - b.days || compareStrings(a.storageClass, b.storageClass)),
    noncurrentVersionTransitions: (rule.NoncurrentVersionTransitions ?? [])
      .map((t) => ({
        noncurrentDays: t.NoncurrentDays ?? 0,
        storageClass: (t.StorageClass ?? 'GLACIER') as StorageClass,
        ...(t.NewerNoncurrentVersions ? { newerNoncurrentVersions: t.NewerNoncurrentVersions } : {}),
      }))
      .sort((a, b) => a.noncurrentDays - b.noncurrentDays || compareStrings(a.storageClass, b.storageClass)),
    ...(abort !== undefined ? { abortIncompleteMultipartUploadDays: abort } : {}),
  };
}

/**
 * GetBucketLifecycleConfiguration Rules -> sorted rules. `undefined` (NoSuchLifecycleConfiguration) is
 * `[]`. Response-level extras such as `TransitionDefaultMinimumObjectSize` are not passed in at all.
 */
export function normalizeLifecycle(rules: readonly AwsLifecycleRule[] | null | undefined): LifecycleRule[] {
  return (rules ?? []).map(normalizeLifecycleRule).sort((a, b) => compareStrings(a.id, b.id));
}

/**
 * One replication rule. A V1 rule (no `Filter`; legacy `Prefix`) has no priority and no
 * DeleteMarkerReplication: priority 0 and deleteMarkerReplication false. A V2 rule without `Priority`
 * is 0 as well. Destination StorageClass unset means "same as source", normalised to `STANDARD`.
 * Metrics/ReplicationTime `Enabled` -> true; their EventThreshold/Time (always 15 minutes) is dropped.
 * SourceSelectionCriteria and the replica KMS key are kept only when set (absent = not replicated),
 * so rules that use neither read as before. AccessControlTranslation and anything else not modelled
 * stays in the observation's raw response and is written back as read.
 */
export function normalizeReplicationRule(rule: AwsReplicationRule): ReplicationRule {
  const v1 = rule.Filter === undefined || rule.Filter === null;
  const dest = rule.Destination;
  const sseKms = rule.SourceSelectionCriteria?.SseKmsEncryptedObjects?.Status === 'Enabled';
  const replicaModifications = rule.SourceSelectionCriteria?.ReplicaModifications?.Status === 'Enabled';
  return {
    id: rule.ID ?? '',
    priority: v1 ? 0 : (rule.Priority ?? 0),
    enabled: rule.Status === 'Enabled',
    filter: normalizeFilter(rule.Filter, rule.Prefix),
    destination: {
      bucket: dest?.Bucket ?? '',
      storageClass: (dest?.StorageClass ?? 'STANDARD') as StorageClass,
      ...(dest?.Account ? { account: dest.Account } : {}),
      ...(dest?.EncryptionConfiguration?.ReplicaKmsKeyID
        ? { replicaKmsKeyId: dest.EncryptionConfiguration.ReplicaKmsKeyID }
        : {}),
    },
    ...(sseKms || replicaModifications
      ? { sourceSelectionCriteria: { sseKmsEncryptedObjects: sseKms, replicaModifications } }
      : {}),
    metrics: dest?.Metrics?.Status === 'Enabled',
    replicationTime: dest?.ReplicationTime?.Status === 'Enabled',
    deleteMarkerReplication: v1 ? false : rule.DeleteMarkerReplication?.Status === 'Enabled',
    existingObjectReplication: rule.ExistingObjectReplication?.Status === 'Enabled',
  };
}

/** GetBucketReplication -> config with rules sorted by id; `undefined` (not found) is `null`. */
export function normalizeReplication(
  config: AwsReplicationConfiguration | null | undefined,
): ReplicationConfig | null {
  if (!config) return null;
  return {
    role: config.Role ?? '',
    rules: (config.Rules ?? []).map(normalizeReplicationRule).sort((a, b) => compareStrings(a.id, b.id)),
  };
}

/**
 * GetObjectLockConfiguration -> config. Not found, or `ObjectLockEnabled` not `Enabled`, is `null`.
 * Of Days and Years only the one that is set (non-zero) is kept: AWS (and moto) may return the other
 * as 0.
 */
export function normalizeObjectLock(
  config: GetObjectLockConfigurationCommandOutput['ObjectLockConfiguration'] | null | undefined,
): ObjectLockConfig | null {
  if (config?.ObjectLockEnabled !== 'Enabled') return null;
  const r = config.Rule?.DefaultRetention;
  if (!r?.Mode) return {};
  return {
    defaultRetention: {
      mode: r.Mode,
      ...(r.Days ? { days: r.Days } : {}),
      ...(r.Years ? { years: r.Years } : {}),
    },
  };
}

/** One inventory configuration: optional fields sorted, empty prefixes dropped. */
export function normalizeInventoryConfig(c: InventoryConfiguration): InventoryConfig {
  const d = c.Destination?.S3BucketDestination;
  const filterPrefix = c.Filter?.Prefix;
  return {
    id: c.Id ?? '',
    enabled: c.IsEnabled === true,
    destination: {
      bucket: d?.Bucket ?? '',
      ...(d?.AccountId ? { accountId: d.AccountId } : {}),
      format: (d?.Format ?? 'CSV') as 'CSV' | 'ORC' | 'Parquet',
      ...(d?.Prefix ? { prefix: d.Prefix } : {}),
    },
    includedObjectVersions: c.IncludedObjectVersions === 'Current' ? 'Current' : 'All',
    frequency: c.Schedule?.Frequency === 'Weekly' ? 'Weekly' : 'Daily',
    optionalFields: [...(c.OptionalFields ?? [])].map(String).sort(compareStrings),
    ...(filterPrefix ? { filterPrefix } : {}),
  };
}

/** ListBucketInventoryConfigurations (all pages) -> configs sorted by id. */
export function normalizeInventory(
  list: readonly InventoryConfiguration[] | null | undefined,
): InventoryConfig[] {
  return (list ?? []).map(normalizeInventoryConfig).sort((a, b) => compareStrings(a.id, b.id));
}

/**
 * GetBucketPolicy's `Policy` (a JSON string) -> canonical document; no policy (NoSuchBucketPolicy,
 * read as undefined) is `null`.
 */
export function normalizeBucketPolicy(policy: string | null | undefined): PolicyDocument | null {
  return policy ? canonicalPolicy(policy) : null;
}

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
