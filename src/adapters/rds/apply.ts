/**
 * Writes for RDS instances: only the automated-backup settings the plan's diffs name
 * (backupRetentionPeriod, preferredBackupWindow, copyTagsToSnapshot), with ApplyImmediately so the
 * change does not wait for the maintenance window (unless `--rds-apply-in-maintenance-window`), and
 * only on an `available` instance. The tool never creates or deletes a database.
 */
import { ReconcileError } from '../../errors.js';
import type { RdsInstanceAttrs } from '../../model/attrs.js';
import { awsErrorCode, changedFields, factOf } from '../kit.js';
import type { ApplyOutcome, ApplyStep, WriteContext } from '../types.js';
import { RDS_CLIENT } from './client.js';
import { normalizeWindow } from './normalize.js';
import { regionOf } from './read.js';

/** The fields apply writes; the others (engine, maintenance window) are read-only information. */
export const WRITABLE_RDS_FIELDS = [
  'backupRetentionPeriod',
  'copyTagsToSnapshot',
  'preferredBackupWindow',
] as const;

type Writable = Pick<RdsInstanceAttrs, (typeof WRITABLE_RDS_FIELDS)[number]>;

function writablePart(attrs: RdsInstanceAttrs): Writable {
  const out: { -readonly [K in keyof Writable]?: Writable[K] } = {};
  if (attrs.backupRetentionPeriod !== undefined) out.backupRetentionPeriod = attrs.backupRetentionPeriod;
  if (attrs.copyTagsToSnapshot !== undefined) out.copyTagsToSnapshot = attrs.copyTagsToSnapshot;
  if (attrs.preferredBackupWindow !== undefined)
    out.preferredBackupWindow = normalizeWindow(attrs.preferredBackupWindow);
  return out;
}

/**
 * KindAdapter.apply for `rds.instance`: one ModifyDBInstance (ApplyImmediately) with exactly the
 * writable fields the plan's diffs name; `unchanged` when it names none. Throws a ReconcileError when
 * the plan saw no instance (the tool never creates databases; the planner blocks that anyway).
 */
export async function applyDbInstance(
  ctx: WriteContext,
  step: ApplyStep<'rds.instance'>,
): Promise<ApplyOutcome> {
  const { desired, observation, change } = step;
  const region = regionOf(desired);
  if (observation.status === 'absent') {
    throw new ReconcileError(
      'RDS_INSTANCE_MISSING',
      `RDS instance ${desired.name} does not exist in ${region}: backup-reconciler never creates ` +
        'databases — create it (or fix its name/region in the spec) and apply again',
    );
  }
  const want = writablePart(desired.attrs);
  const fields = changedFields(change);
  const writing = WRITABLE_RDS_FIELDS.filter((f) => fields.has(f) && want[f] !== undefined);
  if (writing.length === 0) return 'unchanged';
  // RDS modifies only an `available` instance (ModifyDBInstance answers InvalidDBInstanceState
  // otherwise, https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_ModifyDBInstance.html#API_ModifyDBInstance_Errors):
  // say so before sending anything.
  const status = factOf(observation, 'dbInstanceStatus');
  if (status !== undefined && status !== 'available') throw notAvailable(desired.name, region, status);
  const client = RDS_CLIENT.writer(ctx, desired.address, region);
  // ApplyImmediately: "applied as soon as possible, regardless of the PreferredMaintenanceWindow
  // setting" (https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_ModifyDBInstance.html).
  // With --rds-apply-in-maintenance-window it is false: RDS then keeps the changes it defers (the
  // retention 0 <-> N outage among them) in PendingModifiedValues until the maintenance window; the
  // others (retention N -> M, the backup window, copying tags) still apply at once.
  const applyImmediately = !ctx.rdsApplyInMaintenanceWindow;
  try {
    await client.modifyDBInstance({
      DBInstanceIdentifier: desired.name,
      ApplyImmediately: applyImmediately,
      ...(writing.includes('backupRetentionPeriod')
        ? { BackupRetentionPeriod: want.backupRetentionPeriod }
        : {}),
      ...(writing.includes('preferredBackupWindow')
        ? { PreferredBackupWindow: want.preferredBackupWindow }
        : {}),
      ...(writing.includes('copyTagsToSnapshot') ? { CopyTagsToSnapshot: want.copyTagsToSnapshot } : {}),
    });
  } catch (e) {
    // Its status changed since the plan read it.
    const code = awsErrorCode(e);
    if (code === 'InvalidDBInstanceState' || code === 'InvalidDBInstanceStateFault')
      throw notAvailable(desired.name, region, 'not available', (e as Error).message);
    throw e;
  }
  return 'applied';
}

function notAvailable(name: string, region: string, status: string, aws?: string): ReconcileError {
  return new ReconcileError(
    'RDS_INSTANCE_NOT_AVAILABLE',
    `RDS instance ${name} (${region}) is ${status}, not available: RDS modifies only an available instance, ` +
      `so its backup settings were not changed${aws ? ` (AWS said: ${aws})` : ''}. Wait until it is available, then apply again`,
  );
}
