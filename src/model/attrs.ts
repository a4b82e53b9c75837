/**
 * Normalised attributes per resource kind: the one shape that BOTH the spec loader (desired) and the
 * adapters (live) produce, so the planner compares like with like.
 *
 * Conventions (read these before adding a field):
 * - Desired side: a field left `undefined` is UNMANAGED — the planner does not compare it. An empty
 *   list or `null` is managed and means "must have none".
 * - Live side: adapters fill every field they can read (never `undefined` for a readable field).
 * - Lists the API treats as sets are sorted (by `id`/`name`/value) so that order never shows as drift.
 * - References are resolved: ARNs where AWS stores ARNs, names where AWS stores names.
 * - AWS defaults are made explicit on both sides (e.g. backup rule start window 480 minutes), so an
 *   omitted default and the server-filled value compare equal.
 * - Secrets never sit in these attributes in clear: see {@link SnsSubscription.endpoint}.
 */
import type { PolicyDocument } from './policy.js';

export type StorageClass =
  | 'STANDARD'
  | 'STANDARD_IA'
  | 'ONEZONE_IA'
  | 'INTELLIGENT_TIERING'
  | 'GLACIER'
  | 'GLACIER_IR'
  | 'DEEP_ARCHIVE'
  | 'REDUCED_REDUNDANCY'
  | 'OUTPOSTS'
  | 'EXPRESS_ONEZONE';

/** Tags as a plain map (AWS tag lists become maps; key order is irrelevant). */
export type Tags = Readonly<Record<string, string>>;

// ---------------------------------------------------------------------------------------------- S3

/**
 * An S3 lifecycle or replication filter. `{}` means "whole bucket": AWS's empty `Filter`, `Prefix: ""`,
 * the legacy top-level `Prefix`, and no filter at all all normalise to `{}`.
 */
export interface S3Filter {
  /** Key prefix; never the empty string (that is normalised away). */
  readonly prefix?: string;
  /** Object tags that must all match. Never an empty map. */
  readonly tags?: Tags;
  /** Lifecycle only: minimum object size in bytes (exclusive). */
  readonly objectSizeGreaterThan?: number;
  /** Lifecycle only: maximum object size in bytes (exclusive). */
  readonly objectSizeLessThan?: number;
}

export interface LifecycleTransition {
  readonly days: number;
  readonly storageClass: StorageClass;
}

export interface NoncurrentVersionTransition {
  readonly noncurrentDays: number;
  readonly storageClass: StorageClass;
  /** undefined: applies to all noncurrent versions. */
  readonly newerNoncurrentVersions?: number;
}

export interface LifecycleRule {
  readonly id: string;
  /** Rule status: true = `Enabled`. */
  readonly enabled: boolean;
  readonly filter: S3Filter;
  /** Expiration of CURRENT versions. undefined: current versions never expire. */
  readonly expiration?: {
    readonly days?: number;
    /** ISO date (YYYY-MM-DD). */
    readonly date?: string;
    /** true: remove expired delete markers. */
    readonly expiredObjectDeleteMarker?: boolean;
  };
  /** undefined: noncurrent versions never expire. */
  readonly noncurrentVersionExpiration?: {
    readonly noncurrentDays: number;
    /** Keep this many newer noncurrent versions regardless of age. undefined: none kept. */
    readonly newerNoncurrentVersions?: number;
  };
  /** Sorted by days. */
  readonly transitions: readonly LifecycleTransition[];
  /** Sorted by noncurrentDays. */
  readonly noncurrentVersionTransitions: readonly NoncurrentVersionTransition[];
  /** Days after initiation to abort incomplete multipart uploads. undefined: never. */
  readonly abortIncompleteMultipartUploadDays?: number;
}

export interface ReplicationRule {
  readonly id: string;
  /** Higher wins. V2 rules always have one; V1 (no Filter) rules normalise to 0. */
  readonly priority: number;
  readonly enabled: boolean;
  /** Only prefix and tags apply to replication. */
  readonly filter: S3Filter;
  readonly destination: {
    /** Destination bucket ARN: `arn:aws:s3:::<name>`. */
    readonly bucket: string;
    /** undefined on the live side never happens: AWS's "same as source" is normalised to `STANDARD`. */
    readonly storageClass: StorageClass;
    /** Destination account, only for cross-account replication. */
    readonly account?: string;
    /**
     * KMS key (ARN) S3 encrypts replicas with (Destination.EncryptionConfiguration.ReplicaKmsKeyID);
     * required to replicate SSE-KMS objects. undefined: none.
     */
    readonly replicaKmsKeyId?: string;
  };
  /**
   * SourceSelectionCriteria: which otherwise skipped objects replicate. undefined: neither (both
   * Disabled or not set); never `{false, false}` on either side.
   */
  readonly sourceSelectionCriteria?: {
    /** SseKmsEncryptedObjects Enabled: objects encrypted with SSE-KMS replicate (needs replicaKmsKeyId). */
    readonly sseKmsEncryptedObjects: boolean;
    /** ReplicaModifications Enabled: metadata changes made on replicas replicate back. */
    readonly replicaModifications: boolean;
  };
  /** Replication metrics (Destination.Metrics) enabled; required for ReplicationLatency & friends. */
  readonly metrics: boolean;
  /** S3 Replication Time Control (RTC) enabled (implies metrics). */
  readonly replicationTime: boolean;
  /** V2 rules: DeleteMarkerReplication Enabled. V1 rules normalise to false. */
  readonly deleteMarkerReplication: boolean;
  /** Replicate objects that existed before the rule (ExistingObjectReplication). */
  readonly existingObjectReplication: boolean;
}

export interface ReplicationConfig {
  /** IAM role ARN S3 assumes to replicate. */
  readonly role: string;
  /** Sorted by id. */
  readonly rules: readonly ReplicationRule[];
}

export interface ObjectLockConfig {
  /** Default retention for new objects; undefined: lock enabled without a default. */
  readonly defaultRetention?: {
    readonly mode: 'GOVERNANCE' | 'COMPLIANCE';
    /** Exactly one of days / years is set (AWS's unused `0` is dropped). */
    readonly days?: number;
    readonly years?: number;
  };
}

export interface InventoryConfig {
  readonly id: string;
  readonly enabled: boolean;
  readonly destination: {
    /** Destination bucket ARN. */
    readonly bucket: string;
    readonly accountId?: string;
    readonly format: 'CSV' | 'ORC' | 'Parquet';
    readonly prefix?: string;
  };
  readonly includedObjectVersions: 'All' | 'Current';
  readonly frequency: 'Daily' | 'Weekly';
  /** Sorted. */
  readonly optionalFields: readonly string[];
  readonly filterPrefix?: string;
}

export interface S3BucketAttrs {
  /** The bucket's region (LocationConstraint; `us-east-1` for the empty constraint). Always managed. */
  readonly region: string;
  /** `Disabled` = versioning never enabled (AWS returns no Status). */
  readonly versioning?: 'Enabled' | 'Suspended' | 'Disabled';
  /** Sorted by id. `[]` = no lifecycle configuration. */
  readonly lifecycle?: readonly LifecycleRule[];
  /** `null` = no replication configuration. */
  readonly replication?: ReplicationConfig | null;
  /** `null` = Object Lock not enabled on the bucket. */
  readonly objectLock?: ObjectLockConfig | null;
  /** Sorted by id. */
  readonly inventory?: readonly InventoryConfig[];
  /**
   * Canonical bucket policy (GetBucketPolicy). `null` = no bucket policy (NoSuchBucketPolicy). An
   * inventory destination needs one letting `s3.amazonaws.com` write (lint rule
   * `inventory-destination-policy`).
   */
  readonly policy?: PolicyDocument | null;
  readonly tags?: Tags;
}

// --------------------------------------------------------------------------------------------- IAM

export interface IamRoleAttrs {
  /** Default `/`. Changing it forces replacement. */
  readonly path?: string;
  readonly description?: string;
  /** Canonical trust policy. */
  readonly assumeRolePolicy?: PolicyDocument;
  /** Inline policies by name, canonical. */
  readonly inlinePolicies?: Readonly<Record<string, PolicyDocument>>;
  /** Attached managed policy ARNs, sorted. */
  readonly managedPolicyArns?: readonly string[];
  /** Seconds; AWS default 3600. */
  readonly maxSessionDuration?: number;
  readonly tags?: Tags;
}

// --------------------------------------------------------------------------------------------- RDS

export interface RdsInstanceAttrs {
  readonly region: string;
  /** Days of automated backups (PITR window); 0 disables automated backups. */
  readonly backupRetentionPeriod?: number;
  /** `hh:mm-hh:mm` UTC. */
  readonly preferredBackupWindow?: string;
  readonly copyTagsToSnapshot?: boolean;
  /** Read-only on our side (lint checks overlap with the backup window): `ddd:hh:mm-ddd:hh:mm` UTC. */
  readonly preferredMaintenanceWindow?: string;
  /** Read-only information. */
  readonly engine?: string;
  readonly engineVersion?: string;
}

// ------------------------------------------------------------------------------------------ Backup

export interface BackupVaultAttrs {
  readonly region: string;
  /** KMS key ARN; undefined on the desired side = AWS-managed key, unmanaged. */
  readonly encryptionKeyArn?: string;
  /** Vault Lock. `null` = no lock. `changeableForDays` is write-only (AWS never returns it). */
  readonly lock?: {
    readonly minRetentionDays?: number;
    readonly maxRetentionDays?: number;
    readonly changeableForDays?: number;
  } | null;
  readonly tags?: Tags;
}

export interface BackupLifecycle {
  readonly moveToColdStorageAfterDays?: number;
  readonly deleteAfterDays?: number;
  readonly optInToArchiveForSupportedResources?: boolean;
}

export interface BackupCopyAction {
  /** Destination vault ARN (usually in another region). */
  readonly destinationVaultArn: string;
  /** `{}` = copies are kept forever (lint warns). */
  readonly lifecycle: BackupLifecycle;
}

export interface BackupRule {
  readonly name: string;
  /** Target vault NAME (AWS stores a name here, in the plan's region). */
  readonly targetVault: string;
  /** `cron(...)` or `rate(...)`. */
  readonly schedule: string;
  /** IANA zone; AWS default `Etc/UTC`. */
  readonly scheduleTimezone: string;
  /** AWS default 480. */
  readonly startWindowMinutes: number;
  /** AWS default 10080. */
  readonly completionWindowMinutes: number;
  /** Continuous backup (PITR); AWS default false. */
  readonly enableContinuousBackup: boolean;
  /** `{}` = recovery points kept forever. */
  readonly lifecycle: BackupLifecycle;
  /** Sorted by destinationVaultArn. */
  readonly copyActions: readonly BackupCopyAction[];
  readonly recoveryPointTags?: Tags;
}

export interface BackupPlanAttrs {
  readonly region: string;
  /** Sorted by name. Rules are compared by name, field by field. */
  readonly rules?: readonly BackupRule[];
  readonly tags?: Tags;
}

export interface BackupSelectionAttrs {
  readonly region: string;
  /** The plan's NAME (selections belong to a plan; the plan id is AWS's business). */
  readonly plan: string;
  /** The selection's own name inside the plan. */
  readonly selectionName: string;
  /** IAM role ARN AWS Backup assumes. */
  readonly iamRoleArn?: string;
  /** Resource ARNs (or `*`), sorted. */
  readonly resources?: readonly string[];
  /** Sorted. */
  readonly notResources?: readonly string[];
  /** `ListOfTags` entries (STRINGEQUALS), sorted by key then value. */
  readonly tagConditions?: readonly { readonly key: string; readonly value: string }[];
}

/** One selection of a restore testing plan: which protected resources AWS restores and validates. */
export interface RestoreTestingSelectionAttrs {
  /** IAM role ARN AWS Backup assumes to restore. */
  readonly iamRoleArn: string;
  /** ProtectedResourceType: `RDS`, `S3`, `EBS`, ... */
  readonly resourceType: string;
  /** ProtectedResourceArns, sorted (`["*"]`: every protected resource of the type). */
  readonly resources: readonly string[];
  /** Hours AWS keeps the restored resource for validation before deleting it (0-168). */
  readonly validationWindowHours: number;
}

/**
 * An AWS Backup restore testing plan with its selections (issue 16): AWS restores a recovery point
 * on a schedule, validates and deletes it.
 */
export interface BackupRestoreTestingPlanAttrs {
  readonly region: string;
  /** cron()/rate() schedule. */
  readonly schedule: string;
  /** IANA time zone of the schedule (AWS default `Etc/UTC`). */
  readonly scheduleTimezone: string;
  /** Hours after the scheduled time the test must start (AWS default 24). */
  readonly startWindowHours: number;
  readonly recoveryPoints: {
    readonly algorithm: 'LATEST_WITHIN_WINDOW' | 'RANDOM_WITHIN_WINDOW';
    /** Vault ARNs (or `*`), sorted. */
    readonly includeVaults: readonly string[];
    /** Sorted. */
    readonly excludeVaults: readonly string[];
    /** `CONTINUOUS` and/or `SNAPSHOT`, sorted. */
    readonly recoveryPointTypes: readonly ('CONTINUOUS' | 'SNAPSHOT')[];
    /** Days back a recovery point may be chosen from (1-365; AWS default 30). */
    readonly selectionWindowDays: number;
  };
  /** Selections by name. undefined: unmanaged. */
  readonly selections?: Readonly<Record<string, RestoreTestingSelectionAttrs>>;
}

// ------------------------------------------------------------------------------------------- SNS

/**
 * One subscription. Secrets are never held in clear here: `endpoint` is the display form with
 * credentials, paths and query strings of http(s) URLs redacted (see `redactEndpoint`), and
 * `endpointSha256` (hex sha256 of the full endpoint) is what is compared when set on both sides.
 */
export interface SnsSubscription {
  /** `email`, `https`, `http`, `sqs`, `lambda`, `sms`, ... */
  readonly protocol: string;
  /** Redacted display form (an email address or an ARN is shown as is). */
  readonly endpoint: string;
  /** sha256 of the full endpoint, for secret-bearing endpoints (http/https). */
  readonly endpointSha256?: string;
  /**
   * Live only: true while AWS lists it as `PendingConfirmation` (no subscription ARN yet).
   * AWS masks credentials in such endpoints: the planner treats a masked endpoint as unverifiable.
   */
  readonly pending?: boolean;
  readonly rawMessageDelivery?: boolean;
  /**
   * Desired only: the endpoint comes from `${env:NAME}` and NAME is not set, so the endpoint is
   * unknown. It matches a live subscription of the same protocol (reported as unverifiable, never as
   * drift), and apply never subscribes or unsubscribes for it.
   */
  readonly unresolved?: boolean;
}

export interface SnsTopicAttrs {
  readonly region: string;
  readonly displayName?: string;
  /** Canonical topic policy. `null` = AWS's default policy (what a new topic gets). */
  readonly policy?: PolicyDocument | null;
  /** Sorted by protocol, then endpoint. */
  readonly subscriptions?: readonly SnsSubscription[];
  readonly kmsMasterKeyId?: string;
  readonly tags?: Tags;
}

// -------------------------------------------------------------------------------------- EventBridge

export interface EventsTarget {
  readonly id: string;
  readonly arn: string;
  readonly roleArn?: string;
  /** Constant JSON input, canonical string. */
  readonly input?: string;
  /**
   * The part of the event sent (JSONPath). The spec cannot declare it: read so that one set by hand
   * shows as drift (a declared target sends the whole event or its constant `input`), and restored.
   */
  readonly inputPath?: string;
  /** InputTransformer as canonical JSON; like `inputPath`, read and restored, never declared. */
  readonly inputTransformer?: string;
}

export interface EventsRuleAttrs {
  readonly region: string;
  /** Default `default`. */
  readonly eventBusName?: string;
  readonly description?: string;
  /** Canonical event pattern (object; keys sorted, value arrays sorted). */
  readonly eventPattern?: Readonly<Record<string, unknown>>;
  readonly scheduleExpression?: string;
  readonly state?: 'ENABLED' | 'DISABLED';
  /** Sorted by id. */
  readonly targets?: readonly EventsTarget[];
}

// ------------------------------------------------------------------------------------- CloudWatch

export interface MetricRef {
  readonly namespace: string;
  readonly name: string;
  /** Dimension name -> value. */
  readonly dimensions: Readonly<Record<string, string>>;
}

export interface MetricDataQuery {
  readonly id: string;
  /** Metric math, e.g. `ANOMALY_DETECTION_BAND(m1, 2)`. Exactly one of expression / metricStat. */
  readonly expression?: string;
  readonly metricStat?: {
    readonly metric: MetricRef;
    readonly period: number;
    readonly stat: string;
    readonly unit?: string;
  };
  readonly label?: string;
  /** AWS default: true. */
  readonly returnData: boolean;
  readonly period?: number;
}

export type ComparisonOperator =
  | 'GreaterThanOrEqualToThreshold'
  | 'GreaterThanThreshold'
  | 'LessThanThreshold'
  | 'LessThanOrEqualToThreshold'
  | 'LessThanLowerOrGreaterThanUpperThreshold'
  | 'LessThanLowerThreshold'
  | 'GreaterThanUpperThreshold';

export interface CloudWatchAlarmAttrs {
  readonly region: string;
  readonly description?: string;
  /** AWS default true. */
  readonly actionsEnabled?: boolean;
  /** ARNs, sorted. */
  readonly alarmActions?: readonly string[];
  readonly okActions?: readonly string[];
  readonly insufficientDataActions?: readonly string[];
  readonly comparisonOperator?: ComparisonOperator;
  /** Static threshold; undefined for anomaly-band alarms (they use thresholdMetricId). */
  readonly threshold?: number;
  readonly thresholdMetricId?: string;
  readonly evaluationPeriods?: number;
  readonly datapointsToAlarm?: number;
  /** AWS default `missing`. */
  readonly treatMissingData?: 'breaching' | 'notBreaching' | 'ignore' | 'missing';
  /** A plain single-metric alarm. Exactly one of metric / metrics (live: the other is absent). */
  readonly metric?: {
    readonly metric: MetricRef;
    readonly period: number;
    /** `Sum`, `Maximum`, ... or an extended statistic such as `p99`. */
    readonly statistic: string;
    readonly unit?: string;
  };
  /** A metric-math alarm; sorted by id. CloudWatch's `Metrics: []` on plain alarms is dropped. */
  readonly metrics?: readonly MetricDataQuery[];
}

// ------------------------------------------------------------------------------------------- Map

/** Attributes by kind. */
export interface AttrsByKind {
  's3.bucket': S3BucketAttrs;
  'iam.role': IamRoleAttrs;
  'rds.instance': RdsInstanceAttrs;
  'backup.vault': BackupVaultAttrs;
  'backup.plan': BackupPlanAttrs;
  'backup.selection': BackupSelectionAttrs;
  'backup.restoreTestingPlan': BackupRestoreTestingPlanAttrs;
  'sns.topic': SnsTopicAttrs;
  'events.rule': EventsRuleAttrs;
  'cloudwatch.alarm': CloudWatchAlarmAttrs;
}
