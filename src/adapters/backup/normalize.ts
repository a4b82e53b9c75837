/**
 * AWS Backup normalisation (pure): vaults, plans and selections as AWS returns them ->
 * {@link BackupVaultAttrs}, {@link BackupPlanAttrs}, {@link BackupSelectionAttrs}, and the reverse for
 * plan rules. AWS defaults are made explicit (start window 480, completion window 10080, timezone
 * Etc/UTC, continuous backup off), server-only fields (RuleId) dropped, lists sorted, and "off"
 * values that AWS may or may not echo (`OptInToArchiveForSupportedResources: false`, empty recovery
 * point tags) dropped, so a plan configured as declared compares equal.
 */

import type {
  BackupRule as AwsBackupRule,
  BackupRuleInput,
  BackupSelection,
  BackupVaultListMember,
  GetBackupPlanOutput,
  Lifecycle,
} from '@aws-sdk/client-backup';
import type {
  BackupCopyAction,
  BackupLifecycle,
  BackupPlanAttrs,
  BackupRule,
  BackupSelectionAttrs,
  BackupVaultAttrs,
  Tags,
} from '../../model/attrs.js';
import { keepUnmanaged, type ManagedKeys, rawField, rawItemsBy } from '../unmanaged.js';

/** AWS Backup's rule defaults. */
export const RULE_DEFAULTS = {
  schedule: 'cron(0 5 ? * * *)',
  scheduleTimezone: 'Etc/UTC',
  startWindowMinutes: 480,
  completionWindowMinutes: 10080,
  enableContinuousBackup: false,
} as const;

const byString = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** A tag map with sorted keys (undefined -> `{}`). */
export function sortedTags(tags: Readonly<Record<string, string>> | undefined): Tags {
  const out: Record<string, string> = {};
  for (const k of Object.keys(tags ?? {}).sort()) out[k] = tags?.[k] ?? '';
  return out;
}

// ------------------------------------------------------------------------------------------ vaults

/** Read-only facts of a vault. */
export type VaultFacts = {
  readonly arn: string;
  readonly numberOfRecoveryPoints: number;
  readonly locked: boolean;
  /** ISO date after which the lock can no longer be changed (compliance mode). */
  readonly lockDate?: string;
};

/**
 * Normalises a ListBackupVaults member. `lock` is `null` unless Vault Lock is configured;
 * `changeableForDays` is write-only and never appears here.
 */
export function normalizeVault(
  vault: BackupVaultListMember,
  region: string,
  tags: Readonly<Record<string, string>> | undefined,
): { readonly attrs: BackupVaultAttrs; readonly facts: VaultFacts } {
  const hasLock =
    vault.Locked === true || vault.MinRetentionDays !== undefined || vault.MaxRetentionDays !== undefined;
  const attrs: BackupVaultAttrs = {
    region,
    ...(vault.EncryptionKeyArn ? { encryptionKeyArn: vault.EncryptionKeyArn } : {}),
    lock: hasLock
      ? {
          ...(vault.MinRetentionDays !== undefined ? { minRetentionDays: vault.MinRetentionDays } : {}),
          ...(vault.MaxRetentionDays !== undefined ? { maxRetentionDays: vault.MaxRetentionDays } : {}),
        }
      : null,
    tags: sortedTags(tags),
  };
  const facts: VaultFacts = {
    arn: vault.BackupVaultArn ?? '',
    numberOfRecoveryPoints: vault.NumberOfRecoveryPoints ?? 0,
    locked: vault.Locked ?? false,
    ...(vault.LockDate ? { lockDate: new Date(vault.LockDate).toISOString() } : {}),
  };
  return { attrs, facts };
}

// ------------------------------------------------------------------------------------------- plans

/** Normalises a lifecycle (AWS or attrs form): undefined fields dropped, `optIn... false` dropped. */
export function normalizeLifecycle(l: Lifecycle | BackupLifecycle | undefined): BackupLifecycle {
  const aws = (l ?? {}) as Lifecycle & BackupLifecycle;
  const cold = aws.MoveToColdStorageAfterDays ?? aws.moveToColdStorageAfterDays;
  const del = aws.DeleteAfterDays ?? aws.deleteAfterDays;
  const optIn = aws.OptInToArchiveForSupportedResources ?? aws.optInToArchiveForSupportedResources;
  return {
    ...(cold !== undefined ? { moveToColdStorageAfterDays: cold } : {}),
    ...(del !== undefined ? { deleteAfterDays: del } : {}),
    ...(optIn === true ? { optInToArchiveForSupportedResources: true } : {}),
  };
}

/** Normalises one AWS rule (as GetBackupPlan returns it). */
export function normalizeAwsRule(rule: AwsBackupRule): BackupRule {
  const copyActions: BackupCopyAction[] = (rule.CopyActions ?? [])
    .map((c) => ({
      destinationVaultArn: c.DestinationBackupVaultArn ?? '',
      lifecycle: normalizeLifecycle(c.Lifecycle),
    }))
    .sort((a, b) => byString(a.destinationVaultArn, b.destinationVaultArn));
  const tags = rule.RecoveryPointTags ?? {};
  return {
    name: rule.RuleName ?? '',
    targetVault: rule.TargetBackupVaultName ?? '',
    schedule: rule.ScheduleExpression ?? RULE_DEFAULTS.schedule,
    scheduleTimezone: rule.ScheduleExpressionTimezone ?? RULE_DEFAULTS.scheduleTimezone,
    startWindowMinutes: rule.StartWindowMinutes ?? RULE_DEFAULTS.startWindowMinutes,
    completionWindowMinutes: rule.CompletionWindowMinutes ?? RULE_DEFAULTS.completionWindowMinutes,
    enableContinuousBackup: rule.EnableContinuousBackup ?? RULE_DEFAULTS.enableContinuousBackup,
    lifecycle: normalizeLifecycle(rule.Lifecycle),
    copyActions,
    ...(Object.keys(tags).length > 0 ? { recoveryPointTags: sortedTags(tags) } : {}),
  };
}

/** Brings desired rules into the same form (sorted by name, lifecycles normalised, empty tags dropped). */
export function normalizeRules(rules: readonly BackupRule[]): BackupRule[] {
  return rules
    .map((r) => {
      const { recoveryPointTags, ...rest } = r;
      return {
        ...rest,
        lifecycle: normalizeLifecycle(r.lifecycle),
        copyActions: r.copyActions
          .map((c) => ({
            destinationVaultArn: c.destinationVaultArn,
            lifecycle: normalizeLifecycle(c.lifecycle),
          }))
          .sort((a, b) => byString(a.destinationVaultArn, b.destinationVaultArn)),
        ...(recoveryPointTags && Object.keys(recoveryPointTags).length > 0
          ? { recoveryPointTags: sortedTags(recoveryPointTags) }
          : {}),
      };
    })
    .sort((a, b) => byString(a.name, b.name));
}

/** Read-only facts of a plan. */
export type PlanFacts = { readonly arn: string; readonly id: string; readonly versionId: string };

/** Normalises a GetBackupPlan response. */
export function normalizePlan(
  plan: GetBackupPlanOutput,
  region: string,
  tags: Readonly<Record<string, string>> | undefined,
): { readonly attrs: BackupPlanAttrs; readonly facts: PlanFacts } {
  return {
    attrs: {
      region,
      rules: (plan.BackupPlan?.Rules ?? []).map(normalizeAwsRule).sort((a, b) => byString(a.name, b.name)),
      tags: sortedTags(tags),
    },
    facts: { arn: plan.BackupPlanArn ?? '', id: plan.BackupPlanId ?? '', versionId: plan.VersionId ?? '' },
  };
}

function lifecycleToAws(l: BackupLifecycle): Lifecycle | undefined {
  const n = normalizeLifecycle(l);
  if (Object.keys(n).length === 0) return undefined;
  return {
    ...(n.moveToColdStorageAfterDays !== undefined
      ? { MoveToColdStorageAfterDays: n.moveToColdStorageAfterDays }
      : {}),
    ...(n.deleteAfterDays !== undefined ? { DeleteAfterDays: n.deleteAfterDays } : {}),
    ...(n.optInToArchiveForSupportedResources ? { OptInToArchiveForSupportedResources: true } : {}),
  };
}

/** A rule in the form CreateBackupPlan / UpdateBackupPlan take. */
export function ruleToAws(rule: BackupRule): BackupRuleInput {
  const lifecycle = lifecycleToAws(rule.lifecycle);
  return {
    RuleName: rule.name,
    TargetBackupVaultName: rule.targetVault,
    ScheduleExpression: rule.schedule,
    ScheduleExpressionTimezone: rule.scheduleTimezone,
    StartWindowMinutes: rule.startWindowMinutes,
    CompletionWindowMinutes: rule.completionWindowMinutes,
    EnableContinuousBackup: rule.enableContinuousBackup,
    ...(lifecycle ? { Lifecycle: lifecycle } : {}),
    ...(rule.copyActions.length > 0
      ? {
          CopyActions: rule.copyActions.map((c) => {
            const cl = lifecycleToAws(c.lifecycle);
            return { DestinationBackupVaultArn: c.destinationVaultArn, ...(cl ? { Lifecycle: cl } : {}) };
          }),
        }
      : {}),
    ...(rule.recoveryPointTags && Object.keys(rule.recoveryPointTags).length > 0
      ? { RecoveryPointTags: { ...rule.recoveryPointTags } }
      : {}),
  };
}

// -------------------------------------------------------------------------------------- selections

/** Splits a selection resource name `<plan>/<selection>`. */
export function splitSelectionName(name: string): { readonly plan: string; readonly selection: string } {
  const slash = name.indexOf('/');
  if (slash <= 0 || slash === name.length - 1) {
    throw new Error(`assertion: backup selection name must be <plan>/<selection>, got ${name}`);
  }
  return { plan: name.slice(0, slash), selection: name.slice(slash + 1) };
}

/** Normalises a GetBackupSelection `BackupSelection`. */
export function normalizeSelection(
  sel: BackupSelection,
  region: string,
  planName: string,
): BackupSelectionAttrs {
  return {
    region,
    plan: planName,
    selectionName: sel.SelectionName ?? '',
    iamRoleArn: sel.IamRoleArn ?? '',
    resources: [...new Set(sel.Resources ?? [])].sort(),
    notResources: [...new Set(sel.NotResources ?? [])].sort(),
    tagConditions: (sel.ListOfTags ?? [])
      .filter((t) => (t.ConditionType ?? 'STRINGEQUALS') === 'STRINGEQUALS')
      .map((t) => ({ key: t.ConditionKey ?? '', value: t.ConditionValue ?? '' }))
      .sort((a, b) => byString(a.key, b.key) || byString(a.value, b.value)),
  };
}

/** A selection in the form CreateBackupSelection takes. */
export function selectionToAws(attrs: BackupSelectionAttrs): BackupSelection {
  return {
    SelectionName: attrs.selectionName,
    IamRoleArn: attrs.iamRoleArn,
    ...(attrs.resources && attrs.resources.length > 0 ? { Resources: [...attrs.resources] } : {}),
    ...(attrs.notResources && attrs.notResources.length > 0 ? { NotResources: [...attrs.notResources] } : {}),
    ...(attrs.tagConditions && attrs.tagConditions.length > 0
      ? {
          ListOfTags: attrs.tagConditions.map((t) => ({
            ConditionType: 'STRINGEQUALS' as const,
            ConditionKey: t.key,
            ConditionValue: t.value,
          })),
        }
      : {}),
  };
}

/**
 * What the tool manages in a backup rule; the rest (fields the spec does not model, such as
 * `TargetLogicallyAirGappedBackupVaultArn`, `IndexActions`, and fields AWS adds later) is written back
 * as read. `RuleId` is AWS's, never sent. Copy actions are paired by destination vault.
 */
const BACKUP_RULE_KEYS: ManagedKeys = {
  RuleId: true,
  RuleName: true,
  TargetBackupVaultName: true,
  ScheduleExpression: true,
  ScheduleExpressionTimezone: true,
  StartWindowMinutes: true,
  CompletionWindowMinutes: true,
  EnableContinuousBackup: true,
  Lifecycle: {
    MoveToColdStorageAfterDays: true,
    DeleteAfterDays: true,
    OptInToArchiveForSupportedResources: true,
  },
  CopyActions: true,
  RecoveryPointTags: true,
};

const COPY_ACTION_KEYS: ManagedKeys = {
  DestinationBackupVaultArn: true,
  Lifecycle: {
    MoveToColdStorageAfterDays: true,
    DeleteAfterDays: true,
    OptInToArchiveForSupportedResources: true,
  },
};

/**
 * The UpdateBackupPlan rules for `rules`, keeping what the same-named rules of `rawPlan` (GetBackupPlan's
 * BackupPlan, JSON form) hold outside the managed fields: UpdateBackupPlan replaces the whole plan
 * document ("Updates the specified backup plan. The new version is uniquely identified by its ID",
 * https://docs.aws.amazon.com/aws-backup/latest/devguide/API_UpdateBackupPlan.html), so a rule sent
 * without them loses them.
 */
export function mergeRules(rules: readonly BackupRule[], rawPlan: unknown): BackupRuleInput[] {
  const before = rawItemsBy(rawField(rawPlan, 'Rules'), 'RuleName');
  return rules.map((rule) => {
    const managed = ruleToAws(rule);
    const old = before.get(rule.name);
    const merged = keepUnmanaged(old, managed, BACKUP_RULE_KEYS);
    const oldCopies = rawItemsBy(rawField(old, 'CopyActions'), 'DestinationBackupVaultArn');
    return managed.CopyActions
      ? {
          ...merged,
          CopyActions: managed.CopyActions.map((c) =>
            keepUnmanaged(oldCopies.get(c.DestinationBackupVaultArn ?? ''), c, COPY_ACTION_KEYS),
          ),
        }
      : merged;
  });
}
