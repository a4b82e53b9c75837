/**
 * Level-based writes for AWS Backup: each step re-reads its resource and writes only the managed
 * parts that differ. Vaults: CreateBackupVault, Put/DeleteBackupVaultLockConfiguration, tags; deleted
 * only when empty. Plans: CreateBackupPlan / UpdateBackupPlan (whole rule set) / DeleteBackupPlan.
 * Selections: AWS has no UpdateBackupSelection, so an update is DeleteBackupSelection +
 * CreateBackupSelection.
 */

import { ReconcileError } from '../../errors.js';
import type { BackupSelectionAttrs, Tags } from '../../model/attrs.js';
import type { DesiredResource } from '../../model/state.js';
import { differingFields, diffTags, stableJson } from '../kit.js';
import type { ApplyOutcome, WriteContext } from '../types.js';
import { type BackupWriteClient, backupWriteClient } from './client.js';
import { comparableLock, normalizeRules, ruleToAws, selectionToAws } from './normalize.js';
import {
  findPlan,
  listPlans,
  readPlan,
  readSelectionOfPlan,
  readVault,
  regionOf,
  selectionNames,
} from './read.js';

async function syncTags(client: BackupWriteClient, arn: string, live: Tags, desired: Tags): Promise<boolean> {
  const { set, remove } = diffTags(live, desired);
  if (Object.keys(set).length > 0) await client.tagResource({ ResourceArn: arn, Tags: { ...set } });
  if (remove.length > 0) await client.untagResource({ ResourceArn: arn, TagKeyList: [...remove] });
  return Object.keys(set).length > 0 || remove.length > 0;
}

// ------------------------------------------------------------------------------------------ vaults

/**
 * KindAdapter.apply for `backup.vault`. Creates the vault (with key and tags) when absent; sets,
 * changes or removes Vault Lock when the managed lock differs (changeableForDays is sent but, being
 * write-only, never compared); syncs tags. A different encryption key cannot be changed in place.
 */
export async function applyVault(
  ctx: WriteContext,
  desired: DesiredResource<'backup.vault'>,
): Promise<ApplyOutcome> {
  const region = regionOf(desired);
  const client = backupWriteClient(ctx.pool.get('backup', region), ctx, desired.address);
  const want = desired.attrs;
  const live = await readVault(client, region, desired.name);
  if (!live) {
    await client.createBackupVault({
      BackupVaultName: desired.name,
      ...(want.encryptionKeyArn ? { EncryptionKeyArn: want.encryptionKeyArn } : {}),
      ...(want.tags && Object.keys(want.tags).length > 0 ? { BackupVaultTags: { ...want.tags } } : {}),
    });
    if (want.lock) await putLock(client, desired.name, want.lock);
    return 'applied';
  }
  const differing = new Set(
    differingFields({ ...want, lock: comparableLock(want.lock) }, { ...live.attrs, lock: live.attrs.lock }),
  );
  differing.delete('region');
  if (differing.size === 0) return 'unchanged';
  if (differing.has('encryptionKeyArn')) {
    throw new ReconcileError(
      'BACKUP_VAULT_KEY_CHANGE',
      `backup vault ${desired.name} (${region}) is encrypted with ${live.attrs.encryptionKeyArn ?? 'the AWS-managed key'}, ` +
        `but the spec says ${want.encryptionKeyArn}; a vault's key cannot be changed — create a new vault`,
    );
  }
  if (differing.has('lock') && want.lock !== undefined) {
    if (want.lock === null)
      await client.deleteBackupVaultLockConfiguration({ BackupVaultName: desired.name });
    else await putLock(client, desired.name, want.lock);
  }
  if (differing.has('tags') && want.tags)
    await syncTags(client, live.facts.arn, live.attrs.tags ?? {}, want.tags);
  return 'applied';
}

async function putLock(
  client: BackupWriteClient,
  name: string,
  lock: NonNullable<DesiredResource<'backup.vault'>['attrs']['lock']>,
): Promise<void> {
  await client.putBackupVaultLockConfiguration({
    BackupVaultName: name,
    ...(lock.minRetentionDays !== undefined ? { MinRetentionDays: lock.minRetentionDays } : {}),
    ...(lock.maxRetentionDays !== undefined ? { MaxRetentionDays: lock.maxRetentionDays } : {}),
    ...(lock.changeableForDays !== undefined ? { ChangeableForDays: lock.changeableForDays } : {}),
  });
}

/**
 * KindAdapter.delete for `backup.vault`: deletes the vault only when it holds no recovery points
 * (the tool never deletes backups); `unchanged` when already gone.
 */
export async function deleteVault(
  ctx: WriteContext,
  desired: DesiredResource<'backup.vault'>,
): Promise<ApplyOutcome> {
  const region = regionOf(desired);
  const client = backupWriteClient(ctx.pool.get('backup', region), ctx, desired.address);
  const live = await readVault(client, region, desired.name);
  if (!live) return 'unchanged';
  if (live.facts.numberOfRecoveryPoints > 0) {
    throw new ReconcileError(
      'BACKUP_VAULT_NOT_EMPTY',
      `backup vault ${desired.name} (${region}) still holds ${live.facts.numberOfRecoveryPoints} recovery ` +
        'point(s); backup-reconciler never deletes backups — delete or move them first, or keep the vault',
    );
  }
  await client.deleteBackupVault({ BackupVaultName: desired.name });
  return 'applied';
}

// ------------------------------------------------------------------------------------------- plans

/**
 * KindAdapter.apply for `backup.plan`: CreateBackupPlan when absent; UpdateBackupPlan with the whole
 * desired rule set when the rules differ (AdvancedBackupSettings kept as AWS holds them); tags synced.
 */
export async function applyPlan(
  ctx: WriteContext,
  desired: DesiredResource<'backup.plan'>,
): Promise<ApplyOutcome> {
  const region = regionOf(desired);
  const client = backupWriteClient(ctx.pool.get('backup', region), ctx, desired.address);
  const wantRules = desired.attrs.rules ? normalizeRules(desired.attrs.rules) : undefined;
  const wantTags = desired.attrs.tags;
  const live = await readPlan(client, region, desired.name);
  if (!live) {
    if (!wantRules || wantRules.length === 0) {
      throw new ReconcileError(
        'BACKUP_PLAN_NO_RULES',
        `cannot create backup plan ${desired.name} (${region}): the spec gives it no rules (AWS requires at least one)`,
      );
    }
    await client.createBackupPlan({
      BackupPlan: { BackupPlanName: desired.name, Rules: wantRules.map(ruleToAws) },
      ...(wantTags && Object.keys(wantTags).length > 0 ? { BackupPlanTags: { ...wantTags } } : {}),
    });
    return 'applied';
  }
  let changed = false;
  if (wantRules && stableJson(wantRules) !== stableJson(live.attrs.rules ?? [])) {
    if (wantRules.length === 0) {
      throw new ReconcileError(
        'BACKUP_PLAN_NO_RULES',
        `backup plan ${desired.name} (${region}): a plan must keep at least one rule; delete the plan instead`,
      );
    }
    await client.updateBackupPlan({
      BackupPlanId: live.facts.id,
      BackupPlan: {
        BackupPlanName: desired.name,
        Rules: wantRules.map(ruleToAws),
        ...(live.advancedBackupSettings.length > 0
          ? { AdvancedBackupSettings: live.advancedBackupSettings }
          : {}),
      },
    });
    changed = true;
  }
  if (wantTags && (await syncTags(client, live.facts.arn, live.attrs.tags ?? {}, wantTags))) changed = true;
  return changed ? 'applied' : 'unchanged';
}

/** KindAdapter.delete for `backup.plan` (its selections must be deleted first). */
export async function deletePlan(
  ctx: WriteContext,
  desired: DesiredResource<'backup.plan'>,
): Promise<ApplyOutcome> {
  const region = regionOf(desired);
  const client = backupWriteClient(ctx.pool.get('backup', region), ctx, desired.address);
  const live = await readPlan(client, region, desired.name);
  if (!live) return 'unchanged';
  await client.deleteBackupPlan({ BackupPlanId: live.facts.id });
  return 'applied';
}

// -------------------------------------------------------------------------------------- selections

async function locateSelection(ctx: WriteContext, desired: DesiredResource<'backup.selection'>) {
  const region = regionOf(desired);
  const client = backupWriteClient(ctx.pool.get('backup', region), ctx, desired.address);
  const names = selectionNames(desired);
  const plan = findPlan(await listPlans(client), names.plan);
  const planId = plan?.BackupPlanId;
  const live = planId
    ? await readSelectionOfPlan(client, region, names.plan, planId, names.selection)
    : undefined;
  return { region, client, names, planId, live };
}

/** The selection to create: desired managed fields, live values for the unmanaged ones. */
function mergedSelection(
  want: BackupSelectionAttrs,
  live: BackupSelectionAttrs | undefined,
  selectionName: string,
): BackupSelectionAttrs {
  return {
    region: want.region,
    plan: want.plan,
    selectionName,
    ...(live ?? {}),
    ...Object.fromEntries(Object.entries(want).filter(([, v]) => v !== undefined)),
  } as BackupSelectionAttrs;
}

/**
 * KindAdapter.apply for `backup.selection`: CreateBackupSelection when absent; when a managed field
 * differs, DeleteBackupSelection + CreateBackupSelection (AWS has no update). The plan must exist.
 */
export async function applySelection(
  ctx: WriteContext,
  desired: DesiredResource<'backup.selection'>,
): Promise<ApplyOutcome> {
  const { region, client, names, planId, live } = await locateSelection(ctx, desired);
  if (!planId) {
    throw new ReconcileError(
      'BACKUP_PLAN_MISSING',
      `cannot apply backup selection ${desired.name} (${region}): backup plan ${names.plan} does not exist yet`,
    );
  }
  const want: BackupSelectionAttrs = {
    ...desired.attrs,
    plan: names.plan,
    selectionName: names.selection,
    ...(desired.attrs.resources ? { resources: [...new Set(desired.attrs.resources)].sort() } : {}),
    ...(desired.attrs.notResources ? { notResources: [...new Set(desired.attrs.notResources)].sort() } : {}),
    ...(desired.attrs.tagConditions
      ? {
          tagConditions: [...desired.attrs.tagConditions].sort((a, b) =>
            a.key < b.key ? -1 : a.key > b.key ? 1 : a.value < b.value ? -1 : a.value > b.value ? 1 : 0,
          ),
        }
      : {}),
  };
  if (live) {
    const differing = differingFields(want, live.attrs).filter((f) => f !== 'region');
    if (differing.length === 0) return 'unchanged';
    await client.deleteBackupSelection({ BackupPlanId: planId, SelectionId: live.facts.id });
  }
  const merged = mergedSelection(want, live?.attrs, names.selection);
  if (!merged.iamRoleArn) {
    throw new ReconcileError(
      'BACKUP_SELECTION_NO_ROLE',
      `cannot create backup selection ${desired.name} (${region}): the spec gives it no IAM role`,
    );
  }
  await client.createBackupSelection({ BackupPlanId: planId, BackupSelection: selectionToAws(merged) });
  return 'applied';
}

/** KindAdapter.delete for `backup.selection`; `unchanged` when it (or its plan) is already gone. */
export async function deleteSelection(
  ctx: WriteContext,
  desired: DesiredResource<'backup.selection'>,
): Promise<ApplyOutcome> {
  const { client, planId, live } = await locateSelection(ctx, desired);
  if (!planId || !live) return 'unchanged';
  await client.deleteBackupSelection({ BackupPlanId: planId, SelectionId: live.facts.id });
  return 'applied';
}
