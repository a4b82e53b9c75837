/** The whole spec document (`backup-spec.yaml`). Pure. */
import { z } from 'zod';
import { plan, restoreTestingPlan, vault } from './backup.js';
import { expecting, region } from './common.js';
import { drill } from './drill.js';
import { role } from './iam.js';
import { alarm, eventRule, topic } from './monitoring.js';
import { dbInstance } from './rds.js';
import { scenario } from './recovery.js';
import { bucket } from './s3.js';

const named = <T extends z.ZodType>(schema: T, what: string) =>
  z.record(z.string(), schema).optional().meta({ description: what });

/** The root schema: what `backup-spec.yaml` may contain. */
export const specSchema = z
  .strictObject({
    version: z.literal(1, expecting('1')).meta({ description: 'Spec format version: 1.' }),
    account: z
      .string(expecting('a 12-digit AWS account id in quotes'))
      .regex(/^\d{12}$/, expecting('a 12-digit AWS account id in quotes'))
      .meta({ description: 'The one AWS account this spec may touch.' }),
    defaultRegion: region.meta({
      description: 'Region for global services (IAM, STS) and the default client.',
    }),
    regions: z.array(region).optional().meta({
      description:
        'Regions in use (optional: derived from the resources; when given, every resource must be in one).',
    }),
    s3: z.strictObject({ buckets: named(bucket, 'S3 buckets by name.') }).optional(),
    iam: z.strictObject({ roles: named(role, 'IAM roles by name.') }).optional(),
    rds: z.strictObject({ instances: named(dbInstance, 'RDS DB instances by identifier.') }).optional(),
    backup: z
      .strictObject({
        vaults: named(vault, 'Backup vaults by label (AWS name = name or the label).'),
        plans: named(plan, 'Backup plans by label (AWS name = name or the label).'),
        restoreTesting: named(
          restoreTestingPlan,
          'Restore testing plans by label (AWS name = name or the label), with their selections.',
        ),
      })
      .optional(),
    sns: z.strictObject({ topics: named(topic, 'SNS topics by label.') }).optional(),
    events: z.strictObject({ rules: named(eventRule, 'EventBridge rules by label.') }).optional(),
    cloudwatch: z.strictObject({ alarms: named(alarm, 'CloudWatch alarms by label.') }).optional(),
    recovery: z.strictObject({ scenarios: named(scenario, 'Recovery scenarios by name.') }).optional(),
    drill: drill.optional(),
  })
  .meta({ title: 'backup-reconciler spec', description: 'The whole backup/DR setup of one AWS account.' });

/** A validated spec (defaults applied). */
export type SpecInput = z.infer<typeof specSchema>;

/** Resource collections: [section, collection, schema] in document order. */
export const COLLECTIONS = [
  ['s3', 'buckets', bucket],
  ['iam', 'roles', role],
  ['rds', 'instances', dbInstance],
  ['backup', 'vaults', vault],
  ['backup', 'plans', plan],
  ['backup', 'restoreTesting', restoreTestingPlan],
  ['sns', 'topics', topic],
  ['events', 'rules', eventRule],
  ['cloudwatch', 'alarms', alarm],
  ['recovery', 'scenarios', scenario],
] as const;
