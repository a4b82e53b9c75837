/**
 * Level-based writes for RDS instances: only the automated-backup settings are written
 * (backupRetentionPeriod, preferredBackupWindow, copyTagsToSnapshot), with ApplyImmediately so the
 * change does not wait for the maintenance window. The tool never creates or deletes a database.
 */

import { ReconcileError } from '../../errors.js';
import type { RdsInstanceAttrs } from '../../model/attrs.js';
import type { DesiredResource } from '../../model/state.js';
import { differingFields } from '../kit.js';
import type { ApplyOutcome, WriteContext } from '../types.js';
import { rdsWriteClient } from './client.js';
import { normalizeDbInstance, normalizeWindow } from './normalize.js';
import { describeInstance, regionOf } from './read.js';

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
 * KindAdapter.apply for `rds.instance`: one ModifyDBInstance (ApplyImmediately) with only the
 * differing writable fields; `unchanged` when none differ. Throws a ReconcileError when the instance
 * does not exist (the tool never creates databases).
 */
export async function applyDbInstance(
  ctx: WriteContext,
  desired: DesiredResource<'rds.instance'>,
): Promise<ApplyOutcome> {
  const region = regionOf(desired);
  const client = rdsWriteClient(ctx.pool.get('rds', region), ctx, desired.address);
  const db = await describeInstance(client, desired.name);
  if (!db) {
    throw new ReconcileError(
      'RDS_INSTANCE_MISSING',
      `RDS instance ${desired.name} does not exist in ${region}: backup-reconciler never creates ` +
        'databases — create it (or fix its name/region in the spec) and apply again',
    );
  }
  const live = normalizeDbInstance(db, region).attrs;
  const want = writablePart(desired.attrs);
  const differing = differingFields(want, writablePart(live));
  if (differing.length === 0) return 'unchanged';
  await client.modifyDBInstance({
    DBInstanceIdentifier: desired.name,
    ApplyImmediately: true,
    ...(differing.includes('backupRetentionPeriod')
      ? { BackupRetentionPeriod: want.backupRetentionPeriod }
      : {}),
    ...(differing.includes('preferredBackupWindow')
      ? { PreferredBackupWindow: want.preferredBackupWindow }
      : {}),
    ...(differing.includes('copyTagsToSnapshot') ? { CopyTagsToSnapshot: want.copyTagsToSnapshot } : {}),
  });
  return 'applied';
}
