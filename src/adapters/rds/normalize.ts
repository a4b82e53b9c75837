/**
 * RDS instance normalisation (pure): DescribeDBInstances output -> {@link RdsInstanceAttrs} and facts.
 * Windows are lower-cased (AWS returns `wed:06:38-wed:07:08`; a spec may write `Wed:...`).
 */
import type { DBInstance } from '@aws-sdk/client-rds';
import type { RdsInstanceAttrs } from '../../model/attrs.js';

/** Read-only facts about an instance: never diffed. */
export type RdsInstanceFacts = {
  readonly arn: string;
  /** ISO timestamp of the latest restorable time (PITR), when AWS reports one. */
  readonly latestRestorableTime?: string;
  readonly dbInstanceStatus: string;
};

/** Lower-cases an RDS window (`Wed:03:00-Wed:03:30` -> `wed:03:00-wed:03:30`). */
export function normalizeWindow(window: string): string {
  return window.trim().toLowerCase();
}

/** Normalises one DBInstance of `region`. */
export function normalizeDbInstance(
  db: DBInstance,
  region: string,
): { readonly attrs: RdsInstanceAttrs; readonly facts: RdsInstanceFacts } {
  const attrs: RdsInstanceAttrs = {
    region,
    backupRetentionPeriod: db.BackupRetentionPeriod ?? 0,
    preferredBackupWindow: normalizeWindow(db.PreferredBackupWindow ?? ''),
    copyTagsToSnapshot: db.CopyTagsToSnapshot ?? false,
    preferredMaintenanceWindow: normalizeWindow(db.PreferredMaintenanceWindow ?? ''),
    engine: db.Engine ?? '',
    engineVersion: db.EngineVersion ?? '',
  };
  const lrt = db.LatestRestorableTime;
  const facts: RdsInstanceFacts = {
    arn: db.DBInstanceArn ?? '',
    dbInstanceStatus: db.DBInstanceStatus ?? 'unknown',
    ...(lrt ? { latestRestorableTime: new Date(lrt).toISOString() } : {}),
  };
  return { attrs, facts };
}
