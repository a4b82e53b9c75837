/** `backup.vault`: an AWS Backup vault, its encryption key and Vault Lock. Pure. */
import { vaultArn } from '../arn.js';
import type { BackupVaultAttrs } from '../attrs.js';
import { sameAsSet } from '../canonical.js';
import type { RiskNote } from '../plan.js';
import { driftSeverityWhenMissing, type KindSpec, ORDINARY_KIND, regionalArn } from './kind-spec.js';
import { days, high, shortened } from './notes.js';

function riskNotes(before: BackupVaultAttrs | undefined, after: BackupVaultAttrs): RiskNote[] {
  const was = before?.lock ?? null;
  if (was && after.lock === null) {
    return [
      high(
        'vault-lock-removed',
        'Vault Lock removed: recovery points can be deleted before their retention ends',
      ),
    ];
  }
  if (!after.lock || sameAsSet(was, after.lock)) return [];
  const notes: RiskNote[] = [];
  if (was) {
    // A minimum of 0 (unset) lets recovery points go at once; a maximum left out allows any retention.
    const [oldMin, newMin] = [was.minRetentionDays ?? 0, after.lock.minRetentionDays ?? 0];
    if (newMin < oldMin)
      notes.push(
        high(
          'vault-lock-min-retention-shortened',
          `Vault Lock minimum retention ${days(oldMin)} -> ${days(newMin)}: recovery points can be deleted after ${days(newMin)}`,
        ),
      );
    const [oldMax, newMax] = [was.maxRetentionDays, after.lock.maxRetentionDays];
    if (shortened(oldMax, newMax))
      notes.push(
        high(
          'vault-lock-max-retention-shortened',
          `Vault Lock maximum retention ${days(oldMax)} -> ${days(newMax)}: backups and copies kept longer than ${days(newMax)} are refused`,
        ),
      );
  }
  // After ChangeableForDays the lock is in compliance mode and immutable (AWS Backup Developer
  // Guide, "AWS Backup Vault Lock").
  notes.push(
    high(
      'vault-lock-set',
      'Vault Lock set or changed: after its grace period a compliance lock can never be removed',
    ),
  );
  return notes;
}

export const BACKUP_VAULT: KindSpec<'backup.vault'> = {
  kind: 'backup.vault',
  service: 'backup',
  scope: 'regional',
  arn: regionalArn(vaultArn),
  ...ORDINARY_KIND,
  // A missing vault: the plans that write to it take no backups (and its recovery points are gone).
  driftSeverity: driftSeverityWhenMissing('high'),
  specKeys: {},
  diff: {
    shape: { t: 'object' },
    fields: {
      readOnly: [],
      // DescribeBackupVault does not return ChangeableForDays: it is only ever written (AWS Backup
      // API Reference, PutBackupVaultLockConfiguration / DescribeBackupVault).
      writeOnly: ['/lock/changeableForDays'],
      // A vault's encryption key is set by CreateBackupVault only (AWS Backup API Reference,
      // CreateBackupVault, EncryptionKeyArn; no update call takes it).
      replacementFields: ['encryptionKeyArn'],
    },
  },
  riskNotes: (before, after) => riskNotes(before, after),
  defaults: {},
  import: { labelled: true },
  health: {
    evidence: ['recovery-points'],
    // AWS Backup metrics name the vault in BackupVaultName (AWS Backup Developer Guide, "Monitoring
    // AWS Backup metrics with CloudWatch").
    watchedBy: { namespace: 'AWS/Backup', dimensions: ['BackupVaultName'] },
  },
};
