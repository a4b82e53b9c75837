/** AWS Backup: vaults, plans (rules, copy actions), selections. Pure. */
import { z } from 'zod';
import { KINDS } from '../../src/model/kinds/index.js';
import { expecting, flag, nameOverride, positiveInt, region, resourceCommon, tags, text } from './common.js';

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

export type VaultInput = z.infer<typeof vault>;
export type PlanInput = z.infer<typeof plan>;
export type SelectionInput = z.infer<typeof selection>;
export type BackupLifecycleInput = z.infer<typeof backupLifecycle>;
