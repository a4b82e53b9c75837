/** Read paths of the AWS Backup adapters — contract (aws-sdk-client-mock), AWS API reference shapes. */
import {
  BackupClient,
  GetBackupPlanCommand,
  ListBackupPlansCommand,
  ListBackupVaultsCommand,
  ListTagsCommand,
} from '@aws-sdk/client-backup';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { backupPlanAdapter, backupVaultAdapter } from '../../../src/adapters/backup/index.js';
import { offlinePool, readContext } from '../iam/support.js';
import { awsGetBackupPlan, awsRule, desiredPlan, desiredVault, vaultArn } from './builders.js';

const backup = mockClient(BackupClient);
afterEach(() => backup.reset());

describe('backup.vault read — contract (aws-sdk-client-mock)', () => {
  it('GIVEN vaults listed over two pages and a tagged vault WHEN read THEN one paginated listing per region and tags from ListTags of the vault ARN', async () => {
    const arn = vaultArn('eu-west-1', 'eks-mnemonica-prod-vault');
    backup
      .on(ListBackupVaultsCommand)
      .resolvesOnce({
        BackupVaultList: [{ BackupVaultName: 'other', BackupVaultArn: vaultArn('eu-west-1', 'other') }],
        NextToken: 'page-2',
      })
      .resolvesOnce({
        BackupVaultList: [
          {
            BackupVaultName: 'eks-mnemonica-prod-vault',
            BackupVaultArn: arn,
            EncryptionKeyArn: 'arn:aws:kms:eu-west-1:828879644785:key/1234abcd',
            NumberOfRecoveryPoints: 12,
            Locked: false,
          },
        ],
      });
    backup.on(ListTagsCommand, { ResourceArn: arn }).resolves({ Tags: { env: 'prod', team: 'sre' } });
    const r = desiredVault('eks-mnemonica-prod-vault', 'eu-west-1');
    const out = await backupVaultAdapter.read(readContext(offlinePool()), [r]);
    expect(out.get(r.address)).toEqual({
      status: 'present',
      attrs: {
        region: 'eu-west-1',
        encryptionKeyArn: 'arn:aws:kms:eu-west-1:828879644785:key/1234abcd',
        lock: null,
        tags: { env: 'prod', team: 'sre' },
      },
      facts: { arn, numberOfRecoveryPoints: 12, locked: false },
    });
    expect(backup.commandCalls(ListBackupVaultsCommand).map((c) => c.args[0].input)).toEqual([
      {},
      { NextToken: 'page-2' },
    ]);
  });
});

describe('backup.plan read — contract (aws-sdk-client-mock)', () => {
  it('GIVEN two live plans with the same name WHEN read THEN the plan is unreadable (which one we manage is undecidable), never guessed', async () => {
    backup.on(ListBackupPlansCommand).resolves({
      BackupPlansList: [
        { BackupPlanName: 'p', BackupPlanId: 'e88b2f03-1', VersionId: 'v1' },
        { BackupPlanName: 'p', BackupPlanId: '16cae9bf-2', VersionId: 'v2' },
      ],
    });
    const r = desiredPlan('p', 'eu-west-1');
    const obs = (await backupPlanAdapter.read(readContext(offlinePool()), [r])).get(r.address);
    expect(obs).toMatchObject({
      status: 'unreadable',
      reason: expect.stringContaining('2 backup plans are named p'),
    });
    expect(backup.commandCalls(GetBackupPlanCommand)).toEqual([]);
  });

  it('GIVEN a deleted plan still listed with a DeletionDate WHEN read THEN it is absent', async () => {
    backup.on(ListBackupPlansCommand).resolves({
      BackupPlansList: [
        {
          BackupPlanName: 'p',
          BackupPlanId: 'gone',
          VersionId: 'v1',
          DeletionDate: new Date('2025-11-22T00:00:00Z'),
        },
      ],
    });
    const r = desiredPlan('p', 'eu-west-1');
    expect((await backupPlanAdapter.read(readContext(offlinePool()), [r])).get(r.address)).toEqual({
      status: 'absent',
    });
  });

  it('GIVEN a plan WHEN read THEN GetBackupPlan is called with the listed id and plan tags come from ListTags', async () => {
    const got = awsGetBackupPlan('p', [awsRule({ RuleName: 'r' })]);
    backup.on(ListBackupPlansCommand).resolves({
      BackupPlansList: [{ BackupPlanName: 'p', BackupPlanId: got.BackupPlanId, VersionId: got.VersionId }],
    });
    backup.on(GetBackupPlanCommand, { BackupPlanId: got.BackupPlanId }).resolves(got);
    backup.on(ListTagsCommand, { ResourceArn: got.BackupPlanArn }).resolves({ Tags: { owner: 'sre' } });
    const r = desiredPlan('p', 'eu-west-1');
    const obs = (await backupPlanAdapter.read(readContext(offlinePool()), [r])).get(r.address);
    expect(obs).toMatchObject({
      status: 'present',
      attrs: { tags: { owner: 'sre' } },
      facts: { id: got.BackupPlanId },
    });
  });
});
