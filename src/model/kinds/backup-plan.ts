/** `backup.plan`: an AWS Backup plan's rules (schedule, windows, lifecycle, copies). Pure. */
import type { BackupLifecycle, BackupPlanAttrs, BackupRule } from '../attrs.js';
import type { RiskNote } from '../plan.js';
import { driftSeverityWhenMissing, type KindSpec, NO_FIELD_RULES, ORDINARY_KIND } from './kind-spec.js';
import { days, high, shortened } from './notes.js';
import { byField, type WrittenItem } from './spec-keys.js';

/**
 * Whether the written copy action (`copyTo: [{vault: LABEL}]`) is the one whose destination vault
 * ARN is `id`: the label of a declared vault (its `name` in its `region`), or the ARN itself.
 */
function copyNamesVault(written: WrittenItem, id: string, root: unknown): boolean {
  const label = written.vault;
  if (typeof label !== 'string') return false;
  if (label === id) return true;
  const backup = (root as { backup?: { vaults?: Record<string, { name?: unknown; region?: unknown }> } })
    ?.backup;
  const vault = backup?.vaults?.[label];
  const name = typeof vault?.name === 'string' ? vault.name : label;
  const region = typeof vault?.region === 'string' ? vault.region : undefined;
  return id.endsWith(`:backup-vault:${name}`) && (region === undefined || id.split(':')[3] === region);
}

function lifecycleNotes(
  id: 'recovery-point-retention-shortened' | 'copy-retention-shortened',
  what: string,
  before: BackupLifecycle,
  after: BackupLifecycle,
): RiskNote[] {
  if (!shortened(before.deleteAfterDays, after.deleteAfterDays)) return [];
  return [
    high(
      id,
      `${what} retention ${days(before.deleteAfterDays)} -> ${days(after.deleteAfterDays)}: recovery points older than ${after.deleteAfterDays} days are deleted`,
    ),
  ];
}

function ruleNotes(old: BackupRule, rule: BackupRule): RiskNote[] {
  const notes = lifecycleNotes(
    'recovery-point-retention-shortened',
    `backup rule ${rule.name}:`,
    old.lifecycle,
    rule.lifecycle,
  );
  if (old.enableContinuousBackup && !rule.enableContinuousBackup) {
    notes.push(high('continuous-backup-disabled', `continuous backup (PITR) disabled (rule ${rule.name})`));
  }
  const copies = new Map(rule.copyActions.map((c) => [c.destinationVaultArn, c]));
  for (const c of old.copyActions) {
    const next = copies.get(c.destinationVaultArn);
    if (!next)
      notes.push(
        high(
          'copy-removed',
          `copy to ${c.destinationVaultArn} removed (rule ${rule.name}): no more copies there`,
        ),
      );
    else
      notes.push(
        ...lifecycleNotes(
          'copy-retention-shortened',
          `copy to ${c.destinationVaultArn} (rule ${rule.name}):`,
          c.lifecycle,
          next.lifecycle,
        ),
      );
  }
  return notes;
}

function riskNotes(before: BackupPlanAttrs | undefined, after: BackupPlanAttrs): RiskNote[] {
  if (!before || after.rules === undefined) return [];
  const notes: RiskNote[] = [];
  const next = new Map(after.rules.map((r) => [r.name, r]));
  for (const old of before.rules ?? []) {
    const rule = next.get(old.name);
    if (!rule) {
      notes.push(high('backup-rule-removed', `backup rule ${old.name} removed: it takes no more backups`));
      if (old.enableContinuousBackup)
        notes.push(
          high('continuous-backup-disabled', `continuous backup (PITR) disabled (rule ${old.name} removed)`),
        );
    } else {
      notes.push(...ruleNotes(old, rule));
    }
  }
  return notes;
}

export const BACKUP_PLAN: KindSpec<'backup.plan'> = {
  kind: 'backup.plan',
  service: 'backup',
  scope: 'regional',
  // A plan's ARN holds the plan id AWS assigns, not its name.
  arn: () => undefined,
  ...ORDINARY_KIND,
  // A missing backup plan takes no backups at all: high-severity drift however easy to recreate.
  driftSeverity: driftSeverityWhenMissing('high'),
  specKeys: {
    rules: {
      item: byField('name'),
      fields: {
        targetVault: { key: 'vault' },
        enableContinuousBackup: { key: 'continuousBackup' },
        copyActions: {
          key: 'copyTo',
          item: copyNamesVault,
          fields: { destinationVaultArn: { key: 'vault' } },
        },
      },
    },
  },
  diff: {
    shape: {
      t: 'object',
      fields: {
        // Rules are compared by name, field by field (AWS keeps a RuleId per rule, not an order).
        rules: {
          t: 'keyed',
          key: 'name',
          item: { t: 'object', fields: { copyActions: { t: 'keyed', key: 'destinationVaultArn' } } },
        },
      },
    },
    fields: NO_FIELD_RULES,
  },
  riskNotes: (before, after) => riskNotes(before, after),
  defaults: {
    rule: {
      // ScheduleExpressionTimezone: "By default, ScheduleExpressions are in UTC" (AWS Backup API
      // Reference, BackupRuleInput).
      scheduleTimezone: 'Etc/UTC',
      // "Start within defaults to 8 hours", "Complete within defaults to 7 days" (AWS Backup
      // Developer Guide, "Creating a backup plan"; GetBackupPlan returns 480 and 10080).
      startWindowMinutes: 480,
      completionWindowMinutes: 10080,
      // EnableContinuousBackup: "False (or not specified) causes AWS Backup to create snapshot
      // backups" (AWS Backup API Reference, BackupRuleInput).
      enableContinuousBackup: false,
    },
  },
  import: { labelled: true },
  health: { evidence: ['backup-plan'], watchedBy: null },
};
