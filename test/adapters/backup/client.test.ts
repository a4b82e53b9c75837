import { BackupClient, CreateBackupVaultCommand, ListBackupVaultsCommand } from '@aws-sdk/client-backup';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { BACKUP_CLIENT, type BackupReadClient } from '../../../src/adapters/backup/client.js';
import { offlinePool, recordingWriteContext } from '../iam/support.js';

const backup = mockClient(BackupClient);
afterEach(() => backup.reset());

describe('AWS Backup declared client', () => {
  it('GIVEN the read client WHEN a mutating operation is named THEN it does not compile and does not exist', () => {
    const read: BackupReadClient = BACKUP_CLIENT.reader(offlinePool(), 'eu-west-1');
    // @ts-expect-error the read client cannot create a vault
    const createVault = read.createBackupVault;
    // @ts-expect-error nor update a plan
    const updatePlan = read.updateBackupPlan;
    // @ts-expect-error nor delete a selection
    const deleteSelection = read.deleteBackupSelection;
    expect([createVault, updatePlan, deleteSelection]).toEqual([undefined, undefined, undefined]);
    expect(Object.keys(read).every((op) => /^(get|list|describe)/.test(op))).toBe(true);
  });

  it('GIVEN the write client WHEN it lists and creates THEN only the create goes through ctx.mutate — contract (aws-sdk-client-mock)', async () => {
    backup.on(ListBackupVaultsCommand).resolves({ BackupVaultList: [] });
    backup.on(CreateBackupVaultCommand).resolves({});
    const pool = offlinePool();
    const ctx = recordingWriteContext(pool);
    const write = BACKUP_CLIENT.writer(ctx, 'backup.vault/eu-west-3/v', 'eu-west-3');
    await write.listBackupVaults({});
    await write.createBackupVault({ BackupVaultName: 'v' });
    expect(ctx.calls).toEqual([
      { service: 'backup', operation: 'CreateBackupVault', address: 'backup.vault/eu-west-3/v' },
    ]);
  });
});
