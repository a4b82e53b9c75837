/**
 * Narrow AWS Backup clients: the read client lists only the read operations the adapters use (vaults,
 * plans, selections, tags); the write client extends it with the mutating ones, each routed through
 * `ctx.mutate` so every write is logged and counted.
 */
import {
  type BackupClient,
  CreateBackupPlanCommand,
  type CreateBackupPlanCommandInput,
  type CreateBackupPlanCommandOutput,
  CreateBackupSelectionCommand,
  type CreateBackupSelectionCommandInput,
  type CreateBackupSelectionCommandOutput,
  CreateBackupVaultCommand,
  type CreateBackupVaultCommandInput,
  type CreateBackupVaultCommandOutput,
  DeleteBackupPlanCommand,
  type DeleteBackupPlanCommandInput,
  type DeleteBackupPlanCommandOutput,
  DeleteBackupSelectionCommand,
  type DeleteBackupSelectionCommandInput,
  type DeleteBackupSelectionCommandOutput,
  DeleteBackupVaultCommand,
  type DeleteBackupVaultCommandInput,
  type DeleteBackupVaultCommandOutput,
  DeleteBackupVaultLockConfigurationCommand,
  type DeleteBackupVaultLockConfigurationCommandInput,
  type DeleteBackupVaultLockConfigurationCommandOutput,
  GetBackupPlanCommand,
  type GetBackupPlanCommandInput,
  type GetBackupPlanCommandOutput,
  GetBackupSelectionCommand,
  type GetBackupSelectionCommandInput,
  type GetBackupSelectionCommandOutput,
  ListBackupPlansCommand,
  type ListBackupPlansCommandInput,
  type ListBackupPlansCommandOutput,
  ListBackupSelectionsCommand,
  type ListBackupSelectionsCommandInput,
  type ListBackupSelectionsCommandOutput,
  ListBackupVaultsCommand,
  type ListBackupVaultsCommandInput,
  type ListBackupVaultsCommandOutput,
  ListTagsCommand,
  type ListTagsCommandInput,
  type ListTagsCommandOutput,
  PutBackupVaultLockConfigurationCommand,
  type PutBackupVaultLockConfigurationCommandInput,
  type PutBackupVaultLockConfigurationCommandOutput,
  TagResourceCommand,
  type TagResourceCommandInput,
  type TagResourceCommandOutput,
  UntagResourceCommand,
  type UntagResourceCommandInput,
  type UntagResourceCommandOutput,
  UpdateBackupPlanCommand,
  type UpdateBackupPlanCommandInput,
  type UpdateBackupPlanCommandOutput,
} from '@aws-sdk/client-backup';
import type { ResourceAddress } from '../../model/resource.js';
import type { WriteContext } from '../types.js';

/** The AWS Backup read operations the adapters use, and nothing else. */
export interface BackupReadClient {
  listBackupVaults(input: ListBackupVaultsCommandInput): Promise<ListBackupVaultsCommandOutput>;
  listTags(input: ListTagsCommandInput): Promise<ListTagsCommandOutput>;
  listBackupPlans(input: ListBackupPlansCommandInput): Promise<ListBackupPlansCommandOutput>;
  getBackupPlan(input: GetBackupPlanCommandInput): Promise<GetBackupPlanCommandOutput>;
  listBackupSelections(input: ListBackupSelectionsCommandInput): Promise<ListBackupSelectionsCommandOutput>;
  getBackupSelection(input: GetBackupSelectionCommandInput): Promise<GetBackupSelectionCommandOutput>;
}

/** The read operations plus the mutating ones (each through `ctx.mutate`). */
export interface BackupWriteClient extends BackupReadClient {
  createBackupVault(input: CreateBackupVaultCommandInput): Promise<CreateBackupVaultCommandOutput>;
  putBackupVaultLockConfiguration(
    input: PutBackupVaultLockConfigurationCommandInput,
  ): Promise<PutBackupVaultLockConfigurationCommandOutput>;
  deleteBackupVaultLockConfiguration(
    input: DeleteBackupVaultLockConfigurationCommandInput,
  ): Promise<DeleteBackupVaultLockConfigurationCommandOutput>;
  deleteBackupVault(input: DeleteBackupVaultCommandInput): Promise<DeleteBackupVaultCommandOutput>;
  tagResource(input: TagResourceCommandInput): Promise<TagResourceCommandOutput>;
  untagResource(input: UntagResourceCommandInput): Promise<UntagResourceCommandOutput>;
  createBackupPlan(input: CreateBackupPlanCommandInput): Promise<CreateBackupPlanCommandOutput>;
  updateBackupPlan(input: UpdateBackupPlanCommandInput): Promise<UpdateBackupPlanCommandOutput>;
  deleteBackupPlan(input: DeleteBackupPlanCommandInput): Promise<DeleteBackupPlanCommandOutput>;
  createBackupSelection(
    input: CreateBackupSelectionCommandInput,
  ): Promise<CreateBackupSelectionCommandOutput>;
  deleteBackupSelection(
    input: DeleteBackupSelectionCommandInput,
  ): Promise<DeleteBackupSelectionCommandOutput>;
}

/** Wraps an SDK client into the narrow read client. */
export function backupReadClient(sdk: BackupClient): BackupReadClient {
  return {
    listBackupVaults: (input) => sdk.send(new ListBackupVaultsCommand(input)),
    listTags: (input) => sdk.send(new ListTagsCommand(input)),
    listBackupPlans: (input) => sdk.send(new ListBackupPlansCommand(input)),
    getBackupPlan: (input) => sdk.send(new GetBackupPlanCommand(input)),
    listBackupSelections: (input) => sdk.send(new ListBackupSelectionsCommand(input)),
    getBackupSelection: (input) => sdk.send(new GetBackupSelectionCommand(input)),
  };
}

/**
 * Wraps an SDK client into the write client for one resource: every mutating operation runs through
 * `ctx.mutate('backup', <Operation>, address, ...)`.
 */
export function backupWriteClient(
  sdk: BackupClient,
  ctx: WriteContext,
  address: ResourceAddress,
): BackupWriteClient {
  const m = <T>(operation: string, call: () => Promise<T>) => ctx.mutate('backup', operation, address, call);
  return {
    ...backupReadClient(sdk),
    createBackupVault: (input) => m('CreateBackupVault', () => sdk.send(new CreateBackupVaultCommand(input))),
    putBackupVaultLockConfiguration: (input) =>
      m('PutBackupVaultLockConfiguration', () => sdk.send(new PutBackupVaultLockConfigurationCommand(input))),
    deleteBackupVaultLockConfiguration: (input) =>
      m('DeleteBackupVaultLockConfiguration', () =>
        sdk.send(new DeleteBackupVaultLockConfigurationCommand(input)),
      ),
    deleteBackupVault: (input) => m('DeleteBackupVault', () => sdk.send(new DeleteBackupVaultCommand(input))),
    tagResource: (input) => m('TagResource', () => sdk.send(new TagResourceCommand(input))),
    untagResource: (input) => m('UntagResource', () => sdk.send(new UntagResourceCommand(input))),
    createBackupPlan: (input) => m('CreateBackupPlan', () => sdk.send(new CreateBackupPlanCommand(input))),
    updateBackupPlan: (input) => m('UpdateBackupPlan', () => sdk.send(new UpdateBackupPlanCommand(input))),
    deleteBackupPlan: (input) => m('DeleteBackupPlan', () => sdk.send(new DeleteBackupPlanCommand(input))),
    createBackupSelection: (input) =>
      m('CreateBackupSelection', () => sdk.send(new CreateBackupSelectionCommand(input))),
    deleteBackupSelection: (input) =>
      m('DeleteBackupSelection', () => sdk.send(new DeleteBackupSelectionCommand(input))),
  };
}
