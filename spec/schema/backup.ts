/** AWS Backup: vaults, plans (rules, copy actions), selections. Pure. */
import { z } from 'zod';
import { KINDS } from '../../src/model/kinds/index.js';
import {
  expecting,
  flag,
  nameOverride,
  nonNegativeInt,
  positiveInt,
  region,
  resourceCommon,
  tags,
  text,
} from './common.js';

/** AWS's defaults for a backup rule (src/model/kinds/backup-plan.ts): what an omitted field means. */
const RULE_DEFAULTS = KINDS['backup.plan'].defaults.rule;

export const backupLifecycle = z
  .strictObject({
    moveToColdStorageAfterDays: positiveInt().optional(),
    deleteAfterDays: positiveInt().optional(),
    optInToArchiveForSupportedResources: flag.optional(),
  })
  .meta({ description: 'Recovery point lifecycle; {} = kept forever.' });

export const copyAction = z.strictObject({
  vault: text('a vault declared under backup.vaults, or a vault ARN').meta({
    description: 'Destination vault: a key of backup.vaults (usually in another region), or its ARN.',
  }),
  lifecycle: backupLifecycle.default({}),
});

export const backupRule = z.strictObject({
  name: text('a rule name'),
  vault: text('a vault declared under backup.vaults').meta({
    description: 'Target vault: a key (or AWS name) of backup.vaults in the plan region.',
  }),
  schedule: text('a cron(...) or rate(...) expression').meta({
    description: 'AWS cron (6 fields) or rate expression, e.g. cron(0 */6 * * ? *).',
  }),
  scheduleTimezone: text('an IANA time zone').default(RULE_DEFAULTS.scheduleTimezone),
  startWindowMinutes: z
    .int(expecting('at least 60 minutes'))
    .min(60, expecting('at least 60 minutes'))
    .default(RULE_DEFAULTS.startWindowMinutes),
  completionWindowMinutes: positiveInt('a positive number of minutes').default(
    RULE_DEFAULTS.completionWindowMinutes,
  ),
  continuousBackup: flag
    .default(RULE_DEFAULTS.enableContinuousBackup)
    .meta({ description: 'Continuous backup (PITR); retention <= 35 days.' }),
  lifecycle: backupLifecycle.default({}),
  copyTo: z.array(copyAction).default([]).meta({ description: 'Copy actions (cross-region copies).' }),
  recoveryPointTags: tags.optional(),
});

const selectionResource = z.union(
  [
    text('an ARN or "*"'),
    z.strictObject({ rdsInstance: text('a key of rds.instances') }),
    z.strictObject({ bucket: text('a key of s3.buckets') }),
  ],
  {
    error: (iss) =>
      iss.code === 'invalid_union'
        ? 'expected an ARN, "*", {rdsInstance: <id>} or {bucket: <name>}'
        : undefined,
  },
);

export const selection = z.strictObject({
  role: text('a role name declared under iam.roles, or a role ARN'),
  resources: z.array(selectionResource).optional(),
  notResources: z.array(selectionResource).optional(),
  tagConditions: z
    .array(z.strictObject({ key: text('a tag key'), value: z.string(expecting('a string')) }))
    .optional(),
  ...resourceCommon,
});

export const vault = z
  .strictObject({
    ...nameOverride,
    region,
    encryptionKeyArn: z
      .string()
      .regex(/^arn:aws:kms:/, expecting('a KMS key ARN'))
      .optional(),
    lock: z
      .strictObject({
        minRetentionDays: positiveInt().optional(),
        maxRetentionDays: positiveInt().optional(),
        changeableForDays: z
          .int(expecting('at least 3 days'))
          .min(3, expecting('at least 3 days'))
          .optional(),
      })
      .nullable()
      .optional()
      .meta({ description: 'Vault Lock. Omit: unmanaged; null = no lock.' }),
    tags: tags.optional(),
    ...resourceCommon,
  })
  .meta({ description: 'A backup vault. The key is a label; the AWS name is `name` or the key.' });

export const plan = z
  .strictObject({
    ...nameOverride,
    region,
    rules: z.array(backupRule).optional(),
    selections: z
      .record(z.string(), selection)
      .optional()
      .meta({ description: 'Selections by name (AWS name: <plan>/<selection>).' }),
    tags: tags.optional(),
    ...resourceCommon,
  })
  .meta({ description: 'A backup plan. The key is a label; the AWS name is `name` or the key.' });

/** One restore testing selection (API_RestoreTestingSelectionForCreate). */
export const restoreTestingSelection = z.strictObject({
  role: text('a role name declared under iam.roles, or a role ARN'),
  resourceType: z
    .enum(
      ['Aurora', 'DocumentDB', 'DynamoDB', 'EBS', 'EC2', 'EFS', 'FSx', 'Neptune', 'RDS', 'S3'],
      expecting('an AWS Backup resource type such as RDS or S3'),
    )
    .meta({ description: 'ProtectedResourceType.' }),
  resources: z.array(selectionResource).min(1, expecting('at least one resource, or ["*"]')).meta({
    description: 'Protected resources: ARNs, {rdsInstance}, {bucket}, or ["*"] for every one of the type.',
  }),
  validationWindowHours: nonNegativeInt('hours from 0 to 168', 168)
    .default(0)
    .meta({ description: 'Hours the restored resource is kept for validation (default 0).' }),
});

/** A restore testing plan (API_RestoreTestingPlanForCreate) with its selections; AWS's defaults filled. */
export const restoreTestingPlan = z
  .strictObject({
    ...nameOverride,
    region,
    schedule: text('a cron() or rate() expression'),
    scheduleTimezone: text('an IANA time zone').default('Etc/UTC'),
    startWindowHours: positiveInt('hours from 1 to 168', 168).default(24),
    recoveryPoints: z.strictObject({
      algorithm: z
        .enum(
          ['LATEST_WITHIN_WINDOW', 'RANDOM_WITHIN_WINDOW'],
          expecting('LATEST_WITHIN_WINDOW or RANDOM_WITHIN_WINDOW'),
        )
        .default('LATEST_WITHIN_WINDOW'),
      vaults: z
        .array(text('a vault label or ARN, or "*"'))
        .min(1, expecting('at least one vault, or ["*"]'))
        .meta({ description: 'Vaults to pick recovery points from (IncludeVaults): labels, ARNs or "*".' }),
      excludeVaults: z.array(text('a vault label or ARN')).default([]),
      types: z
        .array(z.enum(['CONTINUOUS', 'SNAPSHOT'], expecting('CONTINUOUS or SNAPSHOT')))
        .min(1, expecting('CONTINUOUS and/or SNAPSHOT')),
      selectionWindowDays: positiveInt('days from 1 to 365', 365).default(30),
    }),
    selections: z
      .record(z.string(), restoreTestingSelection)
      .default({})
      .meta({ description: 'Selections by name.' }),
    ...resourceCommon,
  })
  .meta({
    description: 'An AWS Backup restore testing plan. The key is a label; the AWS name is `name` or the key.',
  });

export type RestoreTestingPlanInput = z.infer<typeof restoreTestingPlan>;
export type VaultInput = z.infer<typeof vault>;
export type PlanInput = z.infer<typeof plan>;
export type SelectionInput = z.infer<typeof selection>;
export type BackupLifecycleInput = z.infer<typeof backupLifecycle>;
