/** Lint rules about AWS Backup plan rules and their copy actions. */

import { parseVaultArn } from '../../model/arn.js';
import type { BackupLifecycle } from '../../model/attrs.js';
import { resourcesOfKind } from '../desired-index.js';
import type { LintRule, RawFinding } from '../lint-finding.js';

/** AWS Backup keeps continuous (PITR) backups for at most this many days. */
export const MAX_CONTINUOUS_RETENTION_DAYS = 35;
/** Recovery points must stay in cold storage at least this many days. */
export const MIN_COLD_STORAGE_DAYS = 90;

function vaultLabel(arn: string): string {
  const v = parseVaultArn(arn);
  return v ? `${v.name} (${v.region})` : arn;
}

/** A copy action without a lifecycle keeps its copies (and bills them) forever. */
export const copyWithoutLifecycle: LintRule = {
  id: 'backup-copy-without-lifecycle',
  severity: 'warning',
  title: 'A backup copy action has no lifecycle: copies are kept forever',
  check(desired) {
    const out: RawFinding[] = [];
    for (const plan of resourcesOfKind(desired, 'backup.plan')) {
      for (const rule of plan.attrs.rules ?? []) {
        for (const copy of rule.copyActions) {
          if (copy.lifecycle.deleteAfterDays !== undefined) continue;
          out.push({
            address: plan.address,
            message: `rule ${rule.name} copies recovery points to ${vaultLabel(copy.destinationVaultArn)} without deleteAfterDays: the copies are kept, and billed, forever`,
            fixHint: `give the copy action a lifecycle with deleteAfterDays (usually the rule's own${rule.lifecycle.deleteAfterDays !== undefined ? `: ${rule.lifecycle.deleteAfterDays}` : ''}).`,
          });
        }
      }
    }
    return out;
  },
};

/** A backup rule without a lifecycle keeps its recovery points forever. */
export const ruleWithoutLifecycle: LintRule = {
  id: 'backup-rule-without-lifecycle',
  severity: 'warning',
  title: 'A backup rule has no lifecycle: recovery points are kept forever',
  check(desired) {
    const out: RawFinding[] = [];
    for (const plan of resourcesOfKind(desired, 'backup.plan')) {
      for (const rule of plan.attrs.rules ?? []) {
        if (rule.lifecycle.deleteAfterDays !== undefined || rule.enableContinuousBackup) continue;
        out.push({
          address: plan.address,
          message: `rule ${rule.name} has no deleteAfterDays: its recovery points in ${rule.targetVault} are kept, and billed, forever`,
          fixHint: 'give the rule a lifecycle with deleteAfterDays matching the retention you promise.',
        });
      }
    }
    return out;
  },
};

/** Continuous backup (PITR) retention is at most 35 days. */
export const continuousRetentionMax: LintRule = {
  id: 'backup-continuous-retention-max-35',
  severity: 'error',
  title: 'Continuous backup retention over 35 days',
  check(desired) {
    const out: RawFinding[] = [];
    for (const plan of resourcesOfKind(desired, 'backup.plan')) {
      for (const rule of plan.attrs.rules ?? []) {
        if (!rule.enableContinuousBackup) continue;
        const days = rule.lifecycle.deleteAfterDays;
        if (days !== undefined && days <= MAX_CONTINUOUS_RETENTION_DAYS) continue;
        out.push({
          address: plan.address,
          message: `rule ${rule.name} enables continuous backup (PITR) with ${days === undefined ? 'no deleteAfterDays (forever)' : `deleteAfterDays ${days}`}: AWS Backup keeps continuous backups for at most ${MAX_CONTINUOUS_RETENTION_DAYS} days`,
          fixHint: `set deleteAfterDays between 1 and ${MAX_CONTINUOUS_RETENTION_DAYS}, and keep longer retention in a separate snapshot rule.`,
        });
      }
    }
    return out;
  },
};

function coldStorageProblem(lc: BackupLifecycle): string | undefined {
  const cold = lc.moveToColdStorageAfterDays;
  const del = lc.deleteAfterDays;
  if (cold === undefined || del === undefined || del >= cold + MIN_COLD_STORAGE_DAYS) return undefined;
  return `moves to cold storage after ${cold} days and deletes after ${del}: recovery points must stay in cold storage at least ${MIN_COLD_STORAGE_DAYS} days (deleteAfterDays >= ${cold + MIN_COLD_STORAGE_DAYS})`;
}

/** `deleteAfterDays` must be at least `moveToColdStorageAfterDays + 90`. */
export const coldStorageMinimum: LintRule = {
  id: 'backup-cold-storage-min-90',
  severity: 'error',
  title: 'Recovery points deleted less than 90 days after moving to cold storage',
  check(desired) {
    const out: RawFinding[] = [];
    for (const plan of resourcesOfKind(desired, 'backup.plan')) {
      for (const rule of plan.attrs.rules ?? []) {
        const lifecycles: [string, BackupLifecycle][] = [
          [`rule ${rule.name}`, rule.lifecycle],
          ...rule.copyActions.map((c): [string, BackupLifecycle] => [
            `rule ${rule.name} copy to ${vaultLabel(c.destinationVaultArn)}`,
            c.lifecycle,
          ]),
        ];
        for (const [what, lc] of lifecycles) {
          const problem = coldStorageProblem(lc);
          if (problem)
            out.push({
              address: plan.address,
              message: `${what} ${problem}`,
              fixHint: `raise deleteAfterDays to at least moveToColdStorageAfterDays + ${MIN_COLD_STORAGE_DAYS}, or drop cold storage.`,
            });
        }
      }
    }
    return out;
  },
};

export const BACKUP_RULES: readonly LintRule[] = [
  copyWithoutLifecycle,
  ruleWithoutLifecycle,
  continuousRetentionMax,
  coldStorageMinimum,
];
