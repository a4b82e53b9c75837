/**
 * Writes for AWS Backup, each from the plan's step: vaults (CreateBackupVault,
 * Put/DeleteBackupVaultLockConfiguration, tags; deleted only when empty), plans (CreateBackupPlan /
 * UpdateBackupPlan with the whole rule set / DeleteBackupPlan) and selections (AWS has no
 * UpdateBackupSelection, so an update is CreateBackupSelection, then DeleteBackupSelection of the old
 * one). Only what
 * the plan's diffs name is written; every write goes through `ctx.mutate` (the declared write client).
 */
import { ReconcileError } from '../../errors.js';
import type { BackupSelectionAttrs, Tags } from '../../model/attrs.js';
import { changedFields, factOf, tagWrites } from '../kit.js';
import { pollUntilFound } from '../retry.js';
import type { ApplyOutcome, ApplyStep, StepChange, WriteContext } from '../types.js';
import { BACKUP_CLIENT, type BackupWriteClient } from './client.js';
import { mergeRules, normalizeRules, ruleToAws, selectionToAws } from './normalize.js';
import { findPlan, listPlans, readPlanById, regionOf, selectionNames } from './read.js';

/** Tags and untags `arn` as the step's tag diffs say; true when something was written. */
async function writeTags(
  client: BackupWriteClient,
  arn: string,
  change: StepChange,
  desired: Tags,
  live: Tags | undefined,
): Promise<boolean> {
  const { set, remove } = tagWrites(change, desired, live);
  if (Object.keys(set).length > 0) await client.tagResource({ ResourceArn: arn, Tags: { ...set } });
  if (remove.length > 0) await client.untagResource({ ResourceArn: arn, TagKeyList: [...remove] });
  return Object.keys(set).length > 0 || remove.length > 0;
}

/** A fact the step's observation must carry (the readers always set it for a present resource). */
function requiredFact(step: ApplyStep, name: string): string {
  const value = factOf(step.observation, name);
  if (value === undefined)
    throw new Error(`assertion: the observation of ${step.desired.address} has no '${name}' fact`);
  return value;
}

// ------------------------------------------------------------------------------------------ vaults

/**
 * KindAdapter.apply for `backup.vault`. Creates the vault (with key and tags) when absent; sets,
 * changes or removes Vault Lock when the plan says the lock differs (changeableForDays, write-only,
 * is sent with it); writes the tags the plan names. A different encryption key cannot be changed in
 * place (the planner makes that a replacement).
 */
export async function applyVault(ctx: WriteContext, step: ApplyStep<'backup.vault'>): Promise<ApplyOutcome> {
  const { desired, observation, change } = step;
  const region = regionOf(desired);
  const client = BACKUP_CLIENT.writer(ctx, desired.address, region);
  const want = desired.attrs;
  if (observation.status === 'absent') {
    await client.createBackupVault({
      BackupVaultName: desired.name,
      ...(want.encryptionKeyArn ? { EncryptionKeyArn: want.encryptionKeyArn } : {}),
      ...(want.tags && Object.keys(want.tags).length > 0 ? { BackupVaultTags: { ...want.tags } } : {}),
    });
    if (want.lock) await putLock(client, desired.name, want.lock);
    return 'applied';
  }
  const fields = changedFields(change);
  if (fields.has('encryptionKeyArn')) {
    throw new ReconcileError(
      'BACKUP_VAULT_KEY_CHANGE',
      `backup vault ${desired.name} (${region}) is encrypted with ${observation.attrs.encryptionKeyArn ?? 'the AWS-managed key'}, ` +
        `but the spec says ${want.encryptionKeyArn}; a vault's key cannot be changed — create a new vault`,
    );
  }
  let changed = false;
  if (fields.has('lock') && want.lock !== undefined) {
    if (want.lock === null)
      await client.deleteBackupVaultLockConfiguration({ BackupVaultName: desired.name });
    else await putLock(client, desired.name, want.lock);
    changed = true;
  }
  if (fields.has('tags') && want.tags)
    changed =
      (await writeTags(client, requiredFact(step, 'arn'), change, want.tags, observation.attrs.tags)) ||
      changed;
  return changed ? 'applied' : 'unchanged';
}

async function putLock(
  client: BackupWriteClient,
  name: string,
  lock: NonNullable<ApplyStep<'backup.vault'>['desired']['attrs']['lock']>,
): Promise<void> {
  await client.putBackupVaultLockConfiguration({
    BackupVaultName: name,
    ...(lock.minRetentionDays !== undefined ? { MinRetentionDays: lock.minRetentionDays } : {}),
    ...(lock.maxRetentionDays !== undefined ? { MaxRetentionDays: lock.maxRetentionDays } : {}),
    ...(lock.changeableForDays !== undefined ? { ChangeableForDays: lock.changeableForDays } : {}),
  });
}

/**
 * KindAdapter.delete for `backup.vault`: deletes the vault only when it holds no recovery points (the
 * tool never deletes backups; AWS refuses too: "You can delete a backup vault only if it has no
 * recovery points", https://docs.aws.amazon.com/aws-backup/latest/devguide/API_DeleteBackupVault.html).
 */
export async function deleteVault(ctx: WriteContext, step: ApplyStep<'backup.vault'>): Promise<ApplyOutcome> {
  const { desired, observation } = step;
  if (observation.status === 'absent') return 'unchanged';
  const region = regionOf(desired);
  const points = observation.facts?.numberOfRecoveryPoints;
  if (typeof points === 'number' && points > 0) {
    throw new ReconcileError(
      'BACKUP_VAULT_NOT_EMPTY',
      `backup vault ${desired.name} (${region}) still holds ${points} recovery ` +
        'point(s); backup-reconciler never deletes backups — delete or move them first, or keep the vault',
    );
  }
  await BACKUP_CLIENT.writer(ctx, desired.address, region).deleteBackupVault({
    BackupVaultName: desired.name,
  });
  return 'applied';
}

// ------------------------------------------------------------------------------------------- plans

/**
 * KindAdapter.apply for `backup.plan`: CreateBackupPlan when absent; UpdateBackupPlan with the whole
 * desired rule set when the plan says the rules differ (UpdateBackupPlan replaces the whole plan
 * document, so the plan is read once for the AdvancedBackupSettings AWS holds, which are kept, and for
 * the rule fields the spec does not model, kept rule by rule (mergeRules; on `--restore` from the
 * saved plan document instead),
 * https://docs.aws.amazon.com/aws-backup/latest/devguide/API_UpdateBackupPlan.html); tags as named.
 */
export async function applyPlan(ctx: WriteContext, step: ApplyStep<'backup.plan'>): Promise<ApplyOutcome> {
  const { desired, observation, change } = step;
  const region = regionOf(desired);
  const client = BACKUP_CLIENT.writer(ctx, desired.address, region);
  const wantRules = desired.attrs.rules ? normalizeRules(desired.attrs.rules) : undefined;
  const wantTags = desired.attrs.tags;
  if (observation.status === 'absent') {
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
  const fields = changedFields(change);
  let changed = false;
  if (fields.has('rules') && wantRules) {
    if (wantRules.length === 0) {
      throw new ReconcileError(
        'BACKUP_PLAN_NO_RULES',
        `backup plan ${desired.name} (${region}): a plan must keep at least one rule; delete the plan instead`,
      );
    }
    const planId = requiredFact(step, 'id');
    const current = await readPlanById(client, region, planId, false);
    if (!current)
      throw new ReconcileError(
        'BACKUP_PLAN_MISSING',
        `backup plan ${desired.name} (${region}) no longer exists (deleted since the plan was made)`,
      );
    await client.updateBackupPlan({
      BackupPlanId: planId,
      BackupPlan: {
        BackupPlanName: desired.name,
        Rules: mergeRules(wantRules, desired.raw !== undefined ? desired.raw.plan : current.raw),
        ...(current.advancedBackupSettings.length > 0
          ? { AdvancedBackupSettings: current.advancedBackupSettings }
          : {}),
      },
    });
    changed = true;
  }
  if (fields.has('tags') && wantTags)
    changed =
      (await writeTags(client, requiredFact(step, 'arn'), change, wantTags, observation.attrs.tags)) ||
      changed;
  return changed ? 'applied' : 'unchanged';
}

/** KindAdapter.delete for `backup.plan` (its selections are deleted first, in earlier steps). */
export async function deletePlan(ctx: WriteContext, step: ApplyStep<'backup.plan'>): Promise<ApplyOutcome> {
  if (step.observation.status === 'absent') return 'unchanged';
  const client = BACKUP_CLIENT.writer(ctx, step.desired.address, regionOf(step.desired));
  await client.deleteBackupPlan({ BackupPlanId: requiredFact(step, 'id') });
  return 'applied';
}

// -------------------------------------------------------------------------------------- selections

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
 * KindAdapter.apply for `backup.selection`: CreateBackupSelection when absent (the plan's id is
 * looked up, once: the plan may have been created earlier in this apply); when the plan says a
 * managed field differs, CreateBackupSelection of the new one, then DeleteBackupSelection of the old
 * one (AWS has no update, https://docs.aws.amazon.com/aws-backup/latest/devguide/API_CreateBackupSelection.html),
 * keeping the unmanaged fields the plan observed.
 */
export async function applySelection(
  ctx: WriteContext,
  step: ApplyStep<'backup.selection'>,
): Promise<ApplyOutcome> {
  const { desired, observation, change } = step;
  const region = regionOf(desired);
  const client = BACKUP_CLIENT.writer(ctx, desired.address, region);
  const names = selectionNames(desired);
  let planId: string;
  if (observation.status === 'absent') {
    // The plan may have been created by an earlier step of this apply: AWS Backup lists it only once
    // the change has propagated (terraform-provider-aws internal/service/backup/selection.go waits up
    // to 2 minutes "for Backup changes to propagate"), so look again for a bounded time.
    const found = await pollUntilFound(
      async () => findPlan(await listPlans(client), names.plan)?.BackupPlanId,
      {
        id: 'backup-plan-not-listed-yet',
        reason: `backup plan ${names.plan} was created moments ago and is not listed yet`,
      },
      ctx.pool.options.transientRetry,
      { ...(ctx.logger ? { logger: ctx.logger } : {}), address: desired.address },
    );
    if (!found) {
      throw new ReconcileError(
        'BACKUP_PLAN_MISSING',
        `cannot apply backup selection ${desired.name} (${region}): backup plan ${names.plan} does not exist yet`,
      );
    }
    planId = found;
  } else {
    if (changedFields(change).size === 0) return 'unchanged';
    planId = requiredFact(step, 'planId');
  }
  const want: BackupSelectionAttrs = {
    ...desired.attrs,
    plan: names.plan,
    selectionName: names.selection,
    ...(desired.attrs.resources ? { resources: [...new Set(desired.attrs.resources)].sort() } : {}),
    ...(desired.attrs.notResources ? { notResources: [...new Set(desired.attrs.notResources)].sort() } : {}),
  };
  const live = observation.status === 'present' ? observation.attrs : undefined;
  const merged = mergedSelection(want, live, names.selection);
  if (!merged.iamRoleArn) {
    throw new ReconcileError(
      'BACKUP_SELECTION_NO_ROLE',
      `cannot create backup selection ${desired.name} (${region}): the spec gives it no IAM role`,
    );
  }
  // Create first, then delete the old selection (selections cannot be updated): the plan never
  // selects nothing, not even for a moment, and a create that fails (a role AWS Backup cannot assume)
  // leaves the old selection working. The create waits out IAM propagation of a new role
  // (src/adapters/retry.ts). Selection names are display names, not keys ("The display name of a
  // resource selection document", API_BackupSelection), so old and new may share one meanwhile.
  await client.createBackupSelection({ BackupPlanId: planId, BackupSelection: selectionToAws(merged) });
  if (observation.status === 'present') {
    const oldId = requiredFact(step, 'id');
    try {
      await client.deleteBackupSelection({ BackupPlanId: planId, SelectionId: oldId });
    } catch (e) {
      if (e instanceof Error)
        e.message =
          `the new selection ${names.selection} was created, but deleting the old one (selection id ${oldId}) failed: ${e.message}. ` +
          `Both now select resources; delete the old one: aws backup delete-backup-selection --backup-plan-id ${planId} --selection-id ${oldId} --region ${region}`;
      throw e;
    }
  }
  return 'applied';
}

/** KindAdapter.delete for `backup.selection`. */
export async function deleteSelection(
  ctx: WriteContext,
  step: ApplyStep<'backup.selection'>,
): Promise<ApplyOutcome> {
  if (step.observation.status === 'absent') return 'unchanged';
  const client = BACKUP_CLIENT.writer(ctx, step.desired.address, regionOf(step.desired));
  await client.deleteBackupSelection({
    BackupPlanId: requiredFact(step, 'planId'),
    SelectionId: requiredFact(step, 'id'),
  });
  return 'applied';
}
