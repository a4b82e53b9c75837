/** Recovery scenarios: RPO/RTO objectives the nightly report checks. Pure. */
import { z } from 'zod';
import { text } from './common.js';

/** A reference to one declared resource: `{bucket: x}`, ... or a full address `s3.bucket/x`. */
export const REF_KINDS = {
  bucket: 's3.bucket',
  role: 'iam.role',
  rdsInstance: 'rds.instance',
  vault: 'backup.vault',
  backupPlan: 'backup.plan',
  topic: 'sns.topic',
  eventRule: 'events.rule',
  alarm: 'cloudwatch.alarm',
} as const;

const resourceRef = z.union(
  [
    text('a resource address'),
    z.strictObject({
      bucket: text().optional(),
      role: text().optional(),
      rdsInstance: text().optional(),
      vault: text().optional(),
      backupPlan: text().optional(),
      topic: text().optional(),
      eventRule: text().optional(),
      alarm: text().optional(),
    }),
  ],
  {
    error: (iss) =>
      iss.code === 'invalid_union'
        ? 'expected a reference such as {bucket: <name>} or an address'
        : undefined,
  },
);

const duration = text('a duration such as 30m, 6h or 2d').regex(/^\d+\s*(m|min|h|d)$/, {
  error: 'expected a duration such as 30m, 6h or 2d',
});

export const scenario = z.strictObject({
  description: z.string().optional(),
  rpo: duration.meta({ description: 'Recovery point objective: the most data you may lose (e.g. 6h).' }),
  rto: duration.meta({ description: 'Recovery time objective: the longest a restore may take (e.g. 48h).' }),
  resources: z
    .array(resourceRef)
    .default([])
    .meta({ description: 'Resources whose evidence backs this scenario.' }),
});

export type ScenarioInput = z.infer<typeof scenario>;
