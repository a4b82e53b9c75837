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
  /**
   * Managed settings AWS has accepted but applies later (PendingModifiedValues), in words, e.g.
   * `backupRetentionPeriod 0 -> 7 (AWS applies it in the maintenance window sun:05:00-sun:05:30)`.
   * Their attrs hold the pending value: applied-but-pending is not drift (the planner shows the
   * note, src/planner/plan-changes.ts).
   */
  readonly pendingModifications?: readonly string[];
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
  // A retention change made without ApplyImmediately (0 <-> N waits for the maintenance window) is in
  // PendingModifiedValues until then (https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_PendingModifiedValues.html):
  // the pending value is what AWS will hold, so that is what the plan compares.
  const current = db.BackupRetentionPeriod ?? 0;
  const pendingRetention = db.PendingModifiedValues?.BackupRetentionPeriod;
  const maintenance = normalizeWindow(db.PreferredMaintenanceWindow ?? '');
  const pendingModifications =
    pendingRetention !== undefined && pendingRetention !== current
      ? [
          `backupRetentionPeriod ${current} -> ${pendingRetention} (AWS applies it in the maintenance window${maintenance ? ` ${maintenance}` : ''})`,
        ]
      : [];
  const attrs: RdsInstanceAttrs = {
    region,
    backupRetentionPeriod: pendingRetention ?? current,
    preferredBackupWindow: normalizeWindow(db.PreferredBackupWindow ?? ''),
    copyTagsToSnapshot: db.CopyTagsToSnapshot ?? false,
    preferredMaintenanceWindow: maintenance,
    engine: db.Engine ?? '',
    engineVersion: db.EngineVersion ?? '',
  };
  const lrt = db.LatestRestorableTime;
  const facts: RdsInstanceFacts = {
    arn: db.DBInstanceArn ?? '',
    dbInstanceStatus: db.DBInstanceStatus ?? 'unknown',
    ...(lrt ? { latestRestorableTime: new Date(lrt).toISOString() } : {}),
    ...(pendingModifications.length > 0 ? { pendingModifications } : {}),
  };
  return { attrs, facts };
}
