import {
  BackupClient,
  ListBackupJobsCommand,
  ListRecoveryPointsByBackupVaultCommand,
} from '@aws-sdk/client-backup';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ClientPool } from '../../../src/adapters/aws-config.js';
import { readEvidence } from '../../../src/adapters/backup/read-evidence.js';
import type { ReadContext } from '../../../src/adapters/types.js';
import { evaluateHealth, evidenceTargets } from '../../../src/report/health/index.js';
import {
  ACCOUNT,
  backupPlan,
  backupRule,
  backupSelection,
  copyAction,
  desiredState,
  rdsArn,
  scenario,
} from '../../lint/desired-builders.js';
import { liveState, NOW } from '../../report/health-builders.js';

const ARN = rdsArn('eks-mnemonica-prod');
const PLAN = backupPlan('eks-mnemonica-6h-snapshots-180d', [
  backupRule({
    targetVault: 'eks-mnemonica-prod-vault',
    copyActions: [copyAction('eks-mnemonica-dr-vault', 'eu-west-3', 180)],
  }),
]);
const SEL = backupSelection('eks-mnemonica-6h-snapshots-180d', 'rds', [ARN]);
const STATE = desiredState([PLAN, SEL], [scenario('region-failure', 360, [PLAN.address])]);

// Response shapes from the AWS Backup API reference (ListBackupJobs, ListRecoveryPointsByBackupVault).
const JOB = {
  AccountId: ACCOUNT,
  BackupJobId: 'a1b2c3d4-5678-90ab-cdef-EXAMPLE11111',
  BackupVaultName: 'eks-mnemonica-prod-vault',
  BackupVaultArn: `arn:aws:backup:eu-west-1:${ACCOUNT}:backup-vault:eks-mnemonica-prod-vault`,
  RecoveryPointArn: `arn:aws:rds:eu-west-1:${ACCOUNT}:snapshot:awsbackup:job-a1b2c3d4`,
  ResourceArn: ARN,
  CreationDate: new Date('2026-03-01T06:00:12.000Z'),
  CompletionDate: new Date('2026-03-01T06:21:40.000Z'),
  State: 'COMPLETED' as const,
  PercentDone: '100.0',
  BackupSizeInBytes: 1073741824,
  IamRoleArn: `arn:aws:iam::${ACCOUNT}:role/service-role/AWSBackupDefaultServiceRole`,
  CreatedBy: {
    BackupPlanId: '16cae9bf-5a0c-4ac7-8fb6-6f9ae2eec630',
    BackupPlanArn: `arn:aws:backup:eu-west-1:${ACCOUNT}:backup-plan:16cae9bf-5a0c-4ac7-8fb6-6f9ae2eec630`,
    BackupPlanVersion: 'ZmQ4YjA2',
    BackupRuleId: 'rule-1',
  },
  ResourceType: 'RDS',
};
function recoveryPoint(region: string, vault: string, created: string) {
  return {
    RecoveryPointArn: `arn:aws:rds:${region}:${ACCOUNT}:snapshot:awsbackup:job-${created}`,
    BackupVaultName: vault,
    BackupVaultArn: `arn:aws:backup:${region}:${ACCOUNT}:backup-vault:${vault}`,
    ResourceArn: ARN,
    ResourceType: 'RDS',
    Status: 'COMPLETED' as const,
    CreationDate: new Date(created),
    CompletionDate: new Date(created),
    BackupSizeInBytes: 1073741824,
    IsEncrypted: true,
  };
}

const backup = mockClient(BackupClient);
let pool: ClientPool;
let ctx: ReadContext;

beforeEach(() => {
  backup.reset();
  pool = new ClientPool({
    defaultRegion: 'eu-west-1',
    credentials: { accessKeyId: 'a', secretAccessKey: 'b' },
  });
  ctx = { pool, account: ACCOUNT, concurrency: 4 };
});
afterEach(() => pool.destroy());

describe('readEvidence — contract (aws-sdk-client-mock)', () => {
  it('GIVEN AWS Backup returns a completed job and points in both vaults WHEN read THEN the requests filter by resource ARN and lookback, and health passes', async () => {
    backup.on(ListBackupJobsCommand).resolves({ BackupJobs: [JOB] });
    backup
      .on(ListRecoveryPointsByBackupVaultCommand, { BackupVaultName: 'eks-mnemonica-prod-vault' })
      .resolves({
        RecoveryPoints: [recoveryPoint('eu-west-1', 'eks-mnemonica-prod-vault', '2026-03-01T06:00:12.000Z')],
      })
      .on(ListRecoveryPointsByBackupVaultCommand, { BackupVaultName: 'eks-mnemonica-dr-vault' })
      .resolves({
        RecoveryPoints: [recoveryPoint('eu-west-3', 'eks-mnemonica-dr-vault', '2026-03-01T07:02:00.000Z')],
      });

    const ev = await readEvidence(ctx, evidenceTargets(STATE), { now: NOW, lookbackDays: 35 });

    const jobCalls = backup.commandCalls(ListBackupJobsCommand);
    expect(jobCalls.map((c) => c.args[0].input)).toEqual([
      {
        ByResourceArn: ARN,
        ByCreatedAfter: new Date('2026-01-25T12:00:00.000Z'),
        MaxResults: 100,
        NextToken: undefined,
      },
    ]);
    const pointCalls = backup
      .commandCalls(ListRecoveryPointsByBackupVaultCommand)
      .map((c) => c.args[0].input);
    expect(pointCalls.map((i) => [i.BackupVaultName, i.ByResourceArn])).toEqual([
      ['eks-mnemonica-prod-vault', ARN],
      ['eks-mnemonica-dr-vault', ARN],
    ]);
    expect(ev.backupJobs[0]?.jobs).toEqual({
      status: 'ok',
      items: [
        {
          jobId: JOB.BackupJobId,
          state: 'COMPLETED',
          creationDate: '2026-03-01T06:00:12.000Z',
          completionDate: '2026-03-01T06:21:40.000Z',
          backupVaultName: 'eks-mnemonica-prod-vault',
        },
      ],
    });
    const checks = evaluateHealth(STATE, liveState(STATE), ev, NOW);
    expect(checks.map((c) => [c.id, c.status])).toEqual([
      [`backup-job:eu-west-1:${ARN}`, 'pass'],
      ['recovery-point:eu-west-1:eks-mnemonica-prod-vault', 'pass'],
      ['recovery-point:eu-west-3:eks-mnemonica-dr-vault', 'pass'],
    ]);
  });

  it('GIVEN the listing has two pages WHEN read THEN both pages are followed', async () => {
    backup
      .on(ListBackupJobsCommand)
      .resolvesOnce({
        BackupJobs: [
          { ...JOB, State: 'FAILED', BackupJobId: 'newer', CreationDate: new Date('2026-03-01T11:00:00Z') },
        ],
        NextToken: 't2',
      })
      .resolvesOnce({ BackupJobs: [JOB] });
    backup.on(ListRecoveryPointsByBackupVaultCommand).resolves({ RecoveryPoints: [] });
    const ev = await readEvidence(ctx, evidenceTargets(STATE), { now: NOW });
    expect(backup.commandCalls(ListBackupJobsCommand)[1]?.args[0].input.NextToken).toBe('t2');
    const items = ev.backupJobs[0]?.jobs.status === 'ok' ? ev.backupJobs[0].jobs.items : [];
    expect(items.map((j) => j.jobId)).toEqual(['newer', JOB.BackupJobId]);
    expect(evaluateHealth(STATE, liveState(STATE), ev, NOW)[0]?.status).toBe('fail');
  });

  it('GIVEN the endpoint answers with something that is not an AWS response (moto: HTML 500) WHEN read THEN unverifiable, and the checks warn, never pass', async () => {
    backup.on(ListBackupJobsCommand).rejects(new SyntaxError('Unexpected token < in JSON at position 0'));
    backup.on(ListRecoveryPointsByBackupVaultCommand).rejects(
      Object.assign(new Error('User is not authorized'), {
        name: 'AccessDeniedException',
        $metadata: { httpStatusCode: 403 },
      }),
    );
    const ev = await readEvidence(ctx, evidenceTargets(STATE), { now: NOW });
    expect(ev.backupJobs[0]?.jobs).toEqual({
      status: 'unverifiable',
      reason: `backup:ListBackupJobs ${ARN}: the endpoint returned something that is not an AWS response (operation not supported?)`,
    });
    const checks = evaluateHealth(STATE, liveState(STATE), ev, NOW);
    expect(checks.map((c) => c.status)).toEqual(['warn', 'warn', 'warn']);
    expect(checks[1]?.evidence[0]).toContain('access denied (AccessDeniedException)');
  });

  it('GIVEN a desired state with no backup selections WHEN read THEN no job reads happen, vaults are still listed', async () => {
    backup.on(ListRecoveryPointsByBackupVaultCommand).resolves({ RecoveryPoints: [] });
    const ev = await readEvidence(ctx, evidenceTargets(desiredState([PLAN])), { now: NOW });
    expect(backup.commandCalls(ListBackupJobsCommand)).toHaveLength(0);
    expect(ev.recoveryPoints.map((r) => [r.region, r.vaultName, r.role])).toEqual([
      ['eu-west-1', 'eks-mnemonica-prod-vault', 'primary'],
      ['eu-west-3', 'eks-mnemonica-dr-vault', 'copy'],
    ]);
  });
});
