/**
 * The AWS Backup operations the adapters use, declared once (see src/adapters/declared-client.ts):
 * reads of vaults, plans, selections and tags (readers, discovery in `list.ts`) and of the evidence
 * the report weighs (backup jobs, recovery points: `read-evidence.ts`); the mutating ones, each
 * routed through `ctx.mutate`, for the writers.
 */
import {
  CreateBackupPlanCommand,
  CreateBackupSelectionCommand,
  CreateBackupVaultCommand,
  CreateRestoreTestingPlanCommand,
  CreateRestoreTestingSelectionCommand,
  DeleteBackupPlanCommand,
  DeleteBackupSelectionCommand,
  DeleteBackupVaultCommand,
  DeleteBackupVaultLockConfigurationCommand,
  DeleteRestoreTestingPlanCommand,
  DeleteRestoreTestingSelectionCommand,
  GetBackupPlanCommand,
  GetBackupSelectionCommand,
  GetRestoreTestingPlanCommand,
  GetRestoreTestingSelectionCommand,
  ListBackupJobsCommand,
  ListBackupPlansCommand,
  ListBackupSelectionsCommand,
  ListBackupVaultsCommand,
  ListRecoveryPointsByBackupVaultCommand,
  ListRestoreTestingSelectionsCommand,
  ListTagsCommand,
  PutBackupVaultLockConfigurationCommand,
  TagResourceCommand,
  UntagResourceCommand,
  UpdateBackupPlanCommand,
  UpdateRestoreTestingPlanCommand,
  UpdateRestoreTestingSelectionCommand,
} from '@aws-sdk/client-backup';
import { defineClient, type ReadClientOf, type WriteClientOf } from '../declared-client.js';

/** The AWS Backup client declaration. */
export const BACKUP_CLIENT = defineClient('backup', {
  read: {
    ListBackupVaults: ListBackupVaultsCommand,
    ListTags: ListTagsCommand,
    ListBackupPlans: ListBackupPlansCommand,
    GetBackupPlan: GetBackupPlanCommand,
    ListBackupSelections: ListBackupSelectionsCommand,
    GetBackupSelection: GetBackupSelectionCommand,
    ListBackupJobs: ListBackupJobsCommand,
    ListRecoveryPointsByBackupVault: ListRecoveryPointsByBackupVaultCommand,
    GetRestoreTestingPlan: GetRestoreTestingPlanCommand,
    ListRestoreTestingSelections: ListRestoreTestingSelectionsCommand,
    GetRestoreTestingSelection: GetRestoreTestingSelectionCommand,
  },
  write: {
    CreateBackupVault: CreateBackupVaultCommand,
    PutBackupVaultLockConfiguration: PutBackupVaultLockConfigurationCommand,
    DeleteBackupVaultLockConfiguration: DeleteBackupVaultLockConfigurationCommand,
    DeleteBackupVault: DeleteBackupVaultCommand,
    TagResource: TagResourceCommand,
    UntagResource: UntagResourceCommand,
    CreateBackupPlan: CreateBackupPlanCommand,
    UpdateBackupPlan: UpdateBackupPlanCommand,
    DeleteBackupPlan: DeleteBackupPlanCommand,
    CreateBackupSelection: CreateBackupSelectionCommand,
    DeleteBackupSelection: DeleteBackupSelectionCommand,
    CreateRestoreTestingPlan: CreateRestoreTestingPlanCommand,
    UpdateRestoreTestingPlan: UpdateRestoreTestingPlanCommand,
    DeleteRestoreTestingPlan: DeleteRestoreTestingPlanCommand,
    CreateRestoreTestingSelection: CreateRestoreTestingSelectionCommand,
    UpdateRestoreTestingSelection: UpdateRestoreTestingSelectionCommand,
    DeleteRestoreTestingSelection: DeleteRestoreTestingSelectionCommand,
  },
});

/** The AWS Backup read operations the adapters use, and nothing else. */
export type BackupReadClient = ReadClientOf<typeof BACKUP_CLIENT>;

/** The read operations plus the mutating ones (each through `ctx.mutate`). */
export type BackupWriteClient = WriteClientOf<typeof BACKUP_CLIENT>;
