/**
 * Normalised attributes per kind (attrs.ts) as zod schemas: what a file that claims to hold live state
 * must hold before the planner or an adapter sees it (snapshots for `--live`, pre-change backups for
 * `--restore`). Without it a hand-edited `"lifecycle": "abc"` reaches the planner as an internal error,
 * or an adapter half way through a restore. Objects are loose (unknown keys pass): attributes only
 * ever gain fields, and a backup may carry more (a `raw` AWS response). Keyed by kind, so a new kind
 * does not compile without its schema. Values AWS defines (storage classes, states) are strings: the
 * adapters keep what AWS returns verbatim, so a new AWS value must not make a snapshot unreadable; test/model/attrs-schema.test.ts checks every fixture's live
 * state against these. Pure.
 */
import { z } from 'zod';
import type { ResourceKind } from './resource.js';

const tags = z.record(z.string(), z.string());
const int = z.number().int();
const strings = z.array(z.string());
const policy = z.looseObject({
  Version: z.string().optional(),
  Id: z.string().optional(),
  Statement: z.array(z.record(z.string(), z.unknown())),
});

const s3Filter = z.looseObject({
  prefix: z.string().optional(),
  tags: tags.optional(),
  objectSizeGreaterThan: z.number().optional(),
  objectSizeLessThan: z.number().optional(),
});

const lifecycleRule = z.looseObject({
  id: z.string(),
  enabled: z.boolean(),
  filter: s3Filter,
  expiration: z
    .looseObject({
      days: int.optional(),
      date: z.string().optional(),
      expiredObjectDeleteMarker: z.boolean().optional(),
    })
    .optional(),
  noncurrentVersionExpiration: z
    .looseObject({ noncurrentDays: int, newerNoncurrentVersions: int.optional() })
    .optional(),
  transitions: z.array(z.looseObject({ days: int, storageClass: z.string() })),
  noncurrentVersionTransitions: z.array(
    z.looseObject({ noncurrentDays: int, storageClass: z.string(), newerNoncurrentVersions: int.optional() }),
  ),
  abortIncompleteMultipartUploadDays: int.optional(),
});

const replicationRule = z.looseObject({
  id: z.string(),
  priority: int,
  enabled: z.boolean(),
  filter: s3Filter,
  destination: z.looseObject({
    bucket: z.string(),
    storageClass: z.string(),
    account: z.string().optional(),
  }),
  metrics: z.boolean(),
  replicationTime: z.boolean(),
  deleteMarkerReplication: z.boolean(),
  existingObjectReplication: z.boolean(),
});

const inventory = z.looseObject({
  id: z.string(),
  enabled: z.boolean(),
  destination: z.looseObject({
    bucket: z.string(),
    accountId: z.string().optional(),
    format: z.string(),
    prefix: z.string().optional(),
  }),
  includedObjectVersions: z.string(),
  frequency: z.string(),
  optionalFields: strings,
  filterPrefix: z.string().optional(),
});

const backupLifecycle = z.looseObject({
  moveToColdStorageAfterDays: int.optional(),
  deleteAfterDays: int.optional(),
  optInToArchiveForSupportedResources: z.boolean().optional(),
});

const backupRule = z.looseObject({
  name: z.string(),
  targetVault: z.string(),
  schedule: z.string(),
  scheduleTimezone: z.string(),
  startWindowMinutes: int,
  completionWindowMinutes: int,
  enableContinuousBackup: z.boolean(),
  lifecycle: backupLifecycle,
  copyActions: z.array(z.looseObject({ destinationVaultArn: z.string(), lifecycle: backupLifecycle })),
  recoveryPointTags: tags.optional(),
});

const metricRef = z.looseObject({
  namespace: z.string(),
  name: z.string(),
  dimensions: z.record(z.string(), z.string()),
});

const metricQuery = z.looseObject({
  id: z.string(),
  expression: z.string().optional(),
  metricStat: z
    .looseObject({ metric: metricRef, period: int, stat: z.string(), unit: z.string().optional() })
    .optional(),
  label: z.string().optional(),
  returnData: z.boolean(),
  period: int.optional(),
});

/** One schema per kind. */
export const ATTRS_SCHEMAS: { readonly [K in ResourceKind]: z.ZodType } = {
  's3.bucket': z.looseObject({
    region: z.string(),
    versioning: z.enum(['Enabled', 'Suspended', 'Disabled']).optional(),
    lifecycle: z.array(lifecycleRule).optional(),
    replication: z
      .looseObject({ role: z.string(), rules: z.array(replicationRule) })
      .nullable()
      .optional(),
    objectLock: z
      .looseObject({
        defaultRetention: z
          .looseObject({
            mode: z.string(),
            days: int.optional(),
            years: int.optional(),
          })
          .optional(),
      })
      .nullable()
      .optional(),
    inventory: z.array(inventory).optional(),
    tags: tags.optional(),
  }),
  'iam.role': z.looseObject({
    path: z.string().optional(),
    description: z.string().optional(),
    assumeRolePolicy: policy.optional(),
    inlinePolicies: z.record(z.string(), policy).optional(),
    managedPolicyArns: strings.optional(),
    maxSessionDuration: int.optional(),
    tags: tags.optional(),
  }),
  'rds.instance': z.looseObject({
    region: z.string(),
    backupRetentionPeriod: int.optional(),
    preferredBackupWindow: z.string().optional(),
    copyTagsToSnapshot: z.boolean().optional(),
    preferredMaintenanceWindow: z.string().optional(),
    engine: z.string().optional(),
    engineVersion: z.string().optional(),
  }),
  'backup.vault': z.looseObject({
    region: z.string(),
    encryptionKeyArn: z.string().optional(),
    lock: z
      .looseObject({
        minRetentionDays: int.optional(),
        maxRetentionDays: int.optional(),
        changeableForDays: int.optional(),
      })
      .nullable()
      .optional(),
    tags: tags.optional(),
  }),
  'backup.plan': z.looseObject({
    region: z.string(),
    rules: z.array(backupRule).optional(),
    tags: tags.optional(),
  }),
  'backup.selection': z.looseObject({
    region: z.string(),
    plan: z.string(),
    selectionName: z.string(),
    iamRoleArn: z.string().optional(),
    resources: strings.optional(),
    notResources: strings.optional(),
    tagConditions: z.array(z.looseObject({ key: z.string(), value: z.string() })).optional(),
  }),
  'backup.restoreTestingPlan': z.looseObject({
    region: z.string(),
    schedule: z.string(),
    scheduleTimezone: z.string(),
    startWindowHours: int,
    recoveryPoints: z.looseObject({
      algorithm: z.string(),
      includeVaults: strings,
      excludeVaults: strings,
      recoveryPointTypes: strings,
      selectionWindowDays: int,
    }),
    selections: z
      .record(
        z.string(),
        z.looseObject({
          iamRoleArn: z.string(),
          resourceType: z.string(),
          resources: strings,
          validationWindowHours: int,
        }),
      )
      .optional(),
  }),
  'sns.topic': z.looseObject({
    region: z.string(),
    displayName: z.string().optional(),
    policy: policy.nullable().optional(),
    subscriptions: z
      .array(
        z.looseObject({
          protocol: z.string(),
          endpoint: z.string(),
          endpointSha256: z.string().optional(),
          pending: z.boolean().optional(),
          rawMessageDelivery: z.boolean().optional(),
          unresolved: z.boolean().optional(),
        }),
      )
      .optional(),
    kmsMasterKeyId: z.string().optional(),
    tags: tags.optional(),
  }),
  'events.rule': z.looseObject({
    region: z.string(),
    eventBusName: z.string().optional(),
    description: z.string().optional(),
    eventPattern: z.record(z.string(), z.unknown()).optional(),
    scheduleExpression: z.string().optional(),
    // Kept verbatim by the adapter (ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS shows as a difference).
    state: z.string().optional(),
    targets: z
      .array(
        z.looseObject({
          id: z.string(),
          arn: z.string(),
          roleArn: z.string().optional(),
          input: z.string().optional(),
          inputPath: z.string().optional(),
          inputTransformer: z.string().optional(),
        }),
      )
      .optional(),
  }),
  'cloudwatch.alarm': z.looseObject({
    region: z.string(),
    description: z.string().optional(),
    actionsEnabled: z.boolean().optional(),
    alarmActions: strings.optional(),
    okActions: strings.optional(),
    insufficientDataActions: strings.optional(),
    comparisonOperator: z.string().optional(),
    threshold: z.number().optional(),
    thresholdMetricId: z.string().optional(),
    evaluationPeriods: int.optional(),
    datapointsToAlarm: int.optional(),
    treatMissingData: z.string().optional(),
    metric: z
      .looseObject({ metric: metricRef, period: int, statistic: z.string(), unit: z.string().optional() })
      .optional(),
    metrics: z.array(metricQuery).optional(),
  }),
};
