/** RDS DB instances: automated backups (PITR). Pure. */
import { z } from 'zod';
import { expecting, flag, region, resourceCommon, text } from './common.js';

export const dbInstance = z
  .strictObject({
    region,
    backupRetentionDays: z
      .int(expecting('a number of days from 0 to 35'))
      .min(0, expecting('a number of days from 0 to 35'))
      .max(35, expecting('a number of days from 0 to 35'))
      .optional()
      .meta({ description: 'Automated backup retention = PITR window in days (0 disables; max 35).' }),
    preferredBackupWindow: text('a UTC window hh:mm-hh:mm')
      .optional()
      .meta({ description: 'Daily backup window, UTC, hh:mm-hh:mm, at least 30 minutes.' }),
    copyTagsToSnapshot: flag.optional(),
    ...resourceCommon,
  })
  .meta({
    description: 'An RDS DB instance (the map key is its identifier). The instance itself is not created.',
  });

export type DbInstanceInput = z.infer<typeof dbInstance>;
