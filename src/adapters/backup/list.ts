/**
 * AWS Backup discovery for `--import --backup-plan` and `--prune-prefix`: a region's plans by name,
 * and the selection names of a plan. Read operations only (the readers' own listings).
 */
import type { ClientPool } from '../aws-config.js';
import { BACKUP_CLIENT } from './client.js';
import { listPlans, listSelections } from './read.js';

/** One listed (not deleted) backup plan. */
export interface ListedPlan {
  /** AWS's id of the plan (plans are found by name; several may share one). */
  readonly id: string;
}

/** ListBackupPlans: the region's (not deleted) plans, by name. */
export async function listPlansByName(
  pool: ClientPool,
  region: string,
): Promise<ReadonlyMap<string, readonly ListedPlan[]>> {
  const plans = await listPlans(BACKUP_CLIENT.reader(pool, region));
  return new Map(
    [...plans].map(([name, members]) => [
      name,
      members.flatMap((m) => (m.BackupPlanId ? [{ id: m.BackupPlanId }] : [])),
    ]),
  );
}

/** ListBackupSelections: the selection names of one plan. */
export async function listSelectionNames(
  pool: ClientPool,
  region: string,
  planId: string,
): Promise<string[]> {
  return [...(await listSelections(BACKUP_CLIENT.reader(pool, region), planId)).keys()];
}
