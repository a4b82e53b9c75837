/**
 * The strict emulator's AWS Backup, through the JS SDK (test/emulator/strict_moto/backup, README
 * there): the calls moto 5.2.1 lacks, with the AWS Backup API reference's paths and shapes, and the
 * rules AWS applies (error code and message as the SDK surfaces them). Delays (jobs, restores, IAM
 * propagation) pass by moving the emulator's clock, never by sleeping.
 */
import {
  type BackupClient,
  CreateBackupPlanCommand,
  CreateBackupSelectionCommand,
  CreateBackupVaultCommand,
  DeleteBackupPlanCommand,
  DeleteBackupSelectionCommand,
  DescribeBackupJobCommand,
  DescribeRecoveryPointCommand,
  DescribeRestoreJobCommand,
  GetBackupPlanCommand,
  GetBackupSelectionCommand,
  ListBackupJobsCommand,
  ListBackupPlansCommand,
  ListBackupSelectionsCommand,
  ListRecoveryPointsByBackupVaultCommand,
  ListRestoreJobsCommand,
  ListTagsCommand,
  StartBackupJobCommand,
  StartRestoreJobCommand,
  TagResourceCommand,
  UpdateBackupPlanCommand,
} from '@aws-sdk/client-backup';
import { type IAMClient, UpdateAssumeRolePolicyCommand } from '@aws-sdk/client-iam';
import { CreateDBInstanceCommand, DescribeDBInstancesCommand } from '@aws-sdk/client-rds';
import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ClientPool } from '../../src/adapters/aws-config.js';
import {
  backupRole,
  backupRule,
  bucket,
  refusal,
  trustPolicy,
  vaultAndPlan,
  withoutRuleId,
} from '../support/emulator-builders.js';
import {
  ACCOUNT,
  advanceEmulatorClock,
  motoAwsOptions,
  motoEndpoint,
  seedBackupJob,
  seedRecoveryPoint,
  setEmulatorConfig,
  useMoto,
} from '../support/moto.js';

useMoto();

const REGION = 'eu-west-1';
const pool = new ClientPool(motoAwsOptions());
afterAll(() => pool.destroy());
const backup = (region = REGION): BackupClient => pool.get('backup', region);
const iam = (): IAMClient => pool.get('iam');
const s3 = (): S3Client => pool.get('s3', REGION);

const VAULT = 'emu-vault';
const DB_ARN = `arn:aws:rds:${REGION}:${ACCOUNT}:db:emu-db`;
let planId: string;
let role: string;

beforeAll(async () => {
  // This file tests the emulator's rules with the SDK directly: no propagation delay unless a test
  // sets one (the harness default is AWS-like, test/support/moto-global.ts HARNESS_DELAYS).
  await setEmulatorConfig({
    iamPropagationSeconds: 0,
    s3VersioningPropagationSeconds: 0,
    rdsOutageSeconds: 0,
  });
  planId = await vaultAndPlan(backup(), VAULT, 'emu-plan');
  role = await backupRole(iam(), 'emu-backup-role');
});

afterEach(async () => {
  await setEmulatorConfig({ iamPropagationSeconds: 0, restoreJobSeconds: 1, backupJobSeconds: 1 });
});

const selectionOf = (name: string, overrides: object = {}) =>
  new CreateBackupSelectionCommand({
    BackupPlanId: planId,
    BackupSelection: { SelectionName: name, IamRoleArn: role, Resources: [DB_ARN], ...overrides },
  });

describe('UpdateBackupPlan', () => {
  it('GIVEN a plan with a continuous-backup rule WHEN updated without it THEN it reads back with only the new rules, AWS defaults filled, and a new VersionId', async () => {
    const id = await vaultAndPlan(backup(), 'emu-update-vault', 'emu-update-plan', [
      backupRule('emu-update-vault', { RuleName: 'six-hourly', ScheduleExpression: 'cron(0 */6 * * ? *)' }),
      backupRule('emu-update-vault', { RuleName: 'pitr', EnableContinuousBackup: true }),
    ]);
    const before = await backup().send(new GetBackupPlanCommand({ BackupPlanId: id }));
    const out = await backup().send(
      new UpdateBackupPlanCommand({
        BackupPlanId: id,
        BackupPlan: {
          BackupPlanName: 'emu-update-plan',
          Rules: [
            backupRule('emu-update-vault', {
              RuleName: 'six-hourly',
              ScheduleExpression: 'cron(0 */6 * * ? *)',
            }),
          ],
        },
      }),
    );
    expect(out).toMatchObject({ BackupPlanId: id, BackupPlanArn: before.BackupPlanArn });
    expect(out.VersionId).not.toBe(before.VersionId);
    const after = await backup().send(new GetBackupPlanCommand({ BackupPlanId: id }));
    expect(after.VersionId).toBe(out.VersionId);
    expect(after.BackupPlan?.Rules?.map(withoutRuleId)).toEqual([
      {
        RuleName: 'six-hourly',
        TargetBackupVaultName: 'emu-update-vault',
        ScheduleExpression: 'cron(0 */6 * * ? *)',
        ScheduleExpressionTimezone: 'Etc/UTC',
        StartWindowMinutes: 480,
        CompletionWindowMinutes: 10080,
        Lifecycle: { DeleteAfterDays: 35 },
      },
    ]);
  });

  it('GIVEN an unknown plan id WHEN updated THEN ResourceNotFoundException', async () => {
    const update = backup().send(
      new UpdateBackupPlanCommand({
        BackupPlanId: '00000000-0000-4000-8000-000000000000',
        BackupPlan: { BackupPlanName: 'nope', Rules: [backupRule(VAULT)] },
      }),
    );
    expect(await refusal(update)).toMatchObject({ name: 'ResourceNotFoundException', status: 400 });
  });
});

describe('backup plan rules AWS checks', () => {
  it('GIVEN a lifecycle keeping backups less than 90 days in cold storage WHEN created THEN InvalidParameterValueException', async () => {
    const create = backup().send(
      new CreateBackupPlanCommand({
        BackupPlan: {
          BackupPlanName: 'emu-cold',
          Rules: [backupRule(VAULT, { Lifecycle: { MoveToColdStorageAfterDays: 30, DeleteAfterDays: 100 } })],
        },
      }),
    );
    expect(await refusal(create)).toEqual({
      name: 'InvalidParameterValueException',
      message:
        'Rule daily: DeleteAfterDays (100) must be at least 90 days more than MoveToColdStorageAfterDays (30)',
      status: 400,
    });
  });

  it('GIVEN a continuous-backup rule kept 36 days WHEN updated THEN InvalidParameterValueException (1 to 35 days)', async () => {
    const update = backup().send(
      new UpdateBackupPlanCommand({
        BackupPlanId: planId,
        BackupPlan: {
          BackupPlanName: 'emu-plan',
          Rules: [backupRule(VAULT, { EnableContinuousBackup: true, Lifecycle: { DeleteAfterDays: 36 } })],
        },
      }),
    );
    expect(await refusal(update)).toMatchObject({
      name: 'InvalidParameterValueException',
      message: 'Rule daily: continuous backups can be retained 1 to 35 days, not 36',
    });
  });

  it('GIVEN a deleted plan WHEN a plan with its name is created THEN it is accepted (moto 5.2.1 kept the name reserved)', async () => {
    const id = await vaultAndPlan(backup(), 'emu-reuse-vault', 'emu-reuse');
    await backup().send(new DeleteBackupPlanCommand({ BackupPlanId: id }));
    const again = await backup().send(
      new CreateBackupPlanCommand({
        BackupPlan: { BackupPlanName: 'emu-reuse', Rules: [backupRule(VAULT)] },
      }),
    );
    expect(again.BackupPlanId).not.toBe(id);
    const live = await backup().send(new ListBackupPlansCommand({}));
    expect(
      live.BackupPlansList?.filter((p) => p.BackupPlanName === 'emu-reuse').map((p) => p.BackupPlanId),
    ).toEqual([again.BackupPlanId]);
  });
});

describe('backup selections', () => {
  it('GIVEN a selection WHEN created, got and listed THEN the AWS shapes: every list and all four condition kinds, CreatorRequestId kept', async () => {
    const created = await backup().send(selectionOf('emu-rds', { NotResources: [] }));
    expect(created).toMatchObject({ BackupPlanId: planId, SelectionId: expect.any(String) });
    expect(created.CreationDate).toBeInstanceOf(Date);
    const got = await backup().send(
      new GetBackupSelectionCommand({ BackupPlanId: planId, SelectionId: created.SelectionId }),
    );
    expect(got.BackupSelection).toEqual({
      SelectionName: 'emu-rds',
      IamRoleArn: role,
      Resources: [DB_ARN],
      ListOfTags: [],
      NotResources: [],
      Conditions: { StringEquals: [], StringNotEquals: [], StringLike: [], StringNotLike: [] },
    });
    const listed = await backup().send(new ListBackupSelectionsCommand({ BackupPlanId: planId }));
    expect(listed.BackupSelectionsList).toEqual([
      {
        SelectionId: created.SelectionId,
        SelectionName: 'emu-rds',
        BackupPlanId: planId,
        CreationDate: created.CreationDate,
        CreatorRequestId: got.CreatorRequestId,
        IamRoleArn: role,
      },
    ]);
  });

  it('GIVEN a selection by tags only WHEN created THEN accepted and its ListOfTags read back', async () => {
    const tags = [
      { ConditionType: 'STRINGEQUALS' as const, ConditionKey: 'backup', ConditionValue: 'daily' },
    ];
    const created = await backup().send(selectionOf('emu-tagged', { Resources: [], ListOfTags: tags }));
    const got = await backup().send(
      new GetBackupSelectionCommand({ BackupPlanId: planId, SelectionId: created.SelectionId }),
    );
    expect(got.BackupSelection?.ListOfTags).toEqual(tags);
  });

  it('GIVEN two selections WHEN listed one per page THEN a NextToken leads to the second', async () => {
    const first = await backup().send(
      new ListBackupSelectionsCommand({ BackupPlanId: planId, MaxResults: 1 }),
    );
    expect(first.BackupSelectionsList).toHaveLength(1);
    const second = await backup().send(
      new ListBackupSelectionsCommand({ BackupPlanId: planId, MaxResults: 1, NextToken: first.NextToken }),
    );
    expect(second.BackupSelectionsList?.map((s) => s.SelectionName)).toEqual(['emu-tagged']);
    expect(second.NextToken).toBeUndefined();
  });

  it('GIVEN nothing selected WHEN created THEN InvalidParameterValueException with AWS wording', async () => {
    expect(await refusal(backup().send(selectionOf('emu-empty', { Resources: [] })))).toEqual({
      name: 'InvalidParameterValueException',
      message: "Invalid backup selection. Either 'ListOfTags' or 'Resources' section must be non-empty.",
      status: 400,
    });
  });

  it('GIVEN a name with a space WHEN created THEN InvalidParameterValueException', async () => {
    expect(await refusal(backup().send(selectionOf('emu rds')))).toMatchObject({
      name: 'InvalidParameterValueException',
    });
  });

  it('GIVEN a role that does not exist, or that trusts another service WHEN created THEN "cannot be assumed by AWS Backup"', async () => {
    const missing = `arn:aws:iam::${ACCOUNT}:role/emu-missing`;
    expect(await refusal(backup().send(selectionOf('emu-x', { IamRoleArn: missing })))).toEqual({
      name: 'InvalidParameterValueException',
      message: `IAM Role ${missing} cannot be assumed by AWS Backup`,
      status: 400,
    });
    const s3Role = await backupRole(iam(), 'emu-s3-only', 's3.amazonaws.com');
    expect(await refusal(backup().send(selectionOf('emu-x', { IamRoleArn: s3Role })))).toMatchObject({
      name: 'InvalidParameterValueException',
      message: `IAM Role ${s3Role} cannot be assumed by AWS Backup`,
    });
  });

  it('GIVEN a plan with selections WHEN deleted THEN InvalidRequestException; once they are deleted, the plan can go', async () => {
    const id = await vaultAndPlan(backup(), 'emu-delete-vault', 'emu-delete-plan');
    const sel = await backup().send(
      new CreateBackupSelectionCommand({
        BackupPlanId: id,
        BackupSelection: { SelectionName: 'only', IamRoleArn: role, Resources: [DB_ARN] },
      }),
    );
    expect(await refusal(backup().send(new DeleteBackupPlanCommand({ BackupPlanId: id })))).toEqual({
      name: 'InvalidRequestException',
      message: 'Related backup plan selections must be deleted prior to backup plan deletion',
      status: 400,
    });
    await backup().send(new DeleteBackupSelectionCommand({ BackupPlanId: id, SelectionId: sel.SelectionId }));
    expect(
      await refusal(
        backup().send(new GetBackupSelectionCommand({ BackupPlanId: id, SelectionId: sel.SelectionId })),
      ),
    ).toMatchObject({ name: 'ResourceNotFoundException' });
    await backup().send(new DeleteBackupPlanCommand({ BackupPlanId: id }));
  });
});

describe('IAM propagation: a new or changed role is not assumable at once', () => {
  it('GIVEN a 10 s propagation delay WHEN a selection uses a role created just now THEN refused; 11 s later accepted', async () => {
    await setEmulatorConfig({ iamPropagationSeconds: 10 });
    const fresh = await backupRole(iam(), 'emu-fresh-role');
    expect(await refusal(backup().send(selectionOf('emu-fresh', { IamRoleArn: fresh })))).toMatchObject({
      name: 'InvalidParameterValueException',
      message: `IAM Role ${fresh} cannot be assumed by AWS Backup`,
    });
    await advanceEmulatorClock(11);
    await backup().send(selectionOf('emu-fresh', { IamRoleArn: fresh }));
  });

  it('GIVEN an assumable role WHEN its trust policy is updated THEN the wait starts again', async () => {
    await setEmulatorConfig({ iamPropagationSeconds: 10 });
    await iam().send(
      new UpdateAssumeRolePolicyCommand({
        RoleName: 'emu-backup-role',
        PolicyDocument: trustPolicy('backup.amazonaws.com'),
      }),
    );
    expect(await refusal(backup().send(selectionOf('emu-after-update')))).toMatchObject({
      name: 'InvalidParameterValueException',
    });
    await advanceEmulatorClock(11);
    await backup().send(selectionOf('emu-after-update'));
  });
});

describe('tags', () => {
  it('GIVEN a vault tagged through TagResource WHEN ListTags THEN the tags (moto 5.2.1 answered {} to the JS SDK)', async () => {
    const arn = `arn:aws:backup:${REGION}:${ACCOUNT}:backup-vault:${VAULT}`;
    await backup().send(new TagResourceCommand({ ResourceArn: arn, Tags: { env: 'prod', team: 'sre' } }));
    expect((await backup().send(new ListTagsCommand({ ResourceArn: arn }))).Tags).toEqual({
      env: 'prod',
      team: 'sre',
    });
  });

  it('GIVEN a key with the reserved aws: prefix or 129 characters WHEN tagging THEN InvalidParameterValueException', async () => {
    const arn = `arn:aws:backup:${REGION}:${ACCOUNT}:backup-vault:${VAULT}`;
    expect(
      await refusal(backup().send(new TagResourceCommand({ ResourceArn: arn, Tags: { 'aws:owner': 'me' } }))),
    ).toMatchObject({
      name: 'InvalidParameterValueException',
      message: expect.stringContaining('aws: prefix'),
    });
    expect(
      await refusal(
        backup().send(new TagResourceCommand({ ResourceArn: arn, Tags: { ['k'.repeat(129)]: 'v' } })),
      ),
    ).toMatchObject({ name: 'InvalidParameterValueException', message: expect.stringContaining('128') });
  });
});

describe('backup jobs and recovery points', () => {
  let jobId: string;
  let pointArn: string;

  it('GIVEN a bucket with objects WHEN StartBackupJob THEN the job is RUNNING and its recovery point CREATING', async () => {
    await bucket(s3(), 'emu-backed-up', REGION);
    await s3().send(new PutObjectCommand({ Bucket: 'emu-backed-up', Key: 'a.txt', Body: 'alpha' }));
    await s3().send(new PutObjectCommand({ Bucket: 'emu-backed-up', Key: 'dir/b.txt', Body: 'bravo!' }));
    const started = await backup().send(
      new StartBackupJobCommand({
        BackupVaultName: VAULT,
        ResourceArn: 'arn:aws:s3:::emu-backed-up',
        IamRoleArn: role,
      }),
    );
    jobId = started.BackupJobId ?? '';
    pointArn = started.RecoveryPointArn ?? '';
    expect(pointArn).toMatch(new RegExp(`^arn:aws:backup:${REGION}:${ACCOUNT}:recovery-point:`));
    expect(await backup().send(new DescribeBackupJobCommand({ BackupJobId: jobId }))).toMatchObject({
      State: 'RUNNING',
      ResourceType: 'S3',
      BackupVaultName: VAULT,
    });
    expect(
      await backup().send(
        new DescribeRecoveryPointCommand({ BackupVaultName: VAULT, RecoveryPointArn: pointArn }),
      ),
    ).toMatchObject({ Status: 'CREATING' });
  });

  it('GIVEN the job duration passed WHEN described THEN COMPLETED, and the recovery point COMPLETED with the backed-up size', async () => {
    await advanceEmulatorClock(2);
    const job = await backup().send(new DescribeBackupJobCommand({ BackupJobId: jobId }));
    expect(job).toMatchObject({ State: 'COMPLETED', RecoveryPointArn: pointArn, PercentDone: '100.0' });
    expect(job.CompletionDate).toBeInstanceOf(Date);
    expect(
      await backup().send(
        new DescribeRecoveryPointCommand({ BackupVaultName: VAULT, RecoveryPointArn: pointArn }),
      ),
    ).toMatchObject({
      Status: 'COMPLETED',
      BackupSizeInBytes: 11,
      ResourceArn: 'arn:aws:s3:::emu-backed-up',
    });
  });

  it('GIVEN an unknown vault or a role AWS Backup cannot assume WHEN StartBackupJob THEN ResourceNotFoundException / InvalidParameterValueException', async () => {
    const start = (vault: string, iamRole: string) =>
      backup().send(
        new StartBackupJobCommand({
          BackupVaultName: vault,
          ResourceArn: 'arn:aws:s3:::emu-backed-up',
          IamRoleArn: iamRole,
        }),
      );
    expect(await refusal(start('emu-no-vault', role))).toMatchObject({ name: 'ResourceNotFoundException' });
    expect(await refusal(start(VAULT, `arn:aws:iam::${ACCOUNT}:role/emu-missing`))).toMatchObject({
      name: 'InvalidParameterValueException',
    });
  });

  it('GIVEN seeded jobs for two resources WHEN ListBackupJobs by resource, state and creation date THEN only the matching ones, newest first', async () => {
    const day = 86_400_000;
    const now = Date.now();
    const old = await seedBackupJob({
      region: REGION,
      backupVaultName: VAULT,
      resourceArn: DB_ARN,
      state: 'FAILED',
      statusMessage: 'snapshot quota exceeded',
      creationDate: new Date(now - 3 * day).toISOString(),
    });
    const recent = await seedBackupJob({
      region: REGION,
      backupVaultName: VAULT,
      resourceArn: DB_ARN,
      creationDate: new Date(now - day).toISOString(),
    });
    const byResource = await backup().send(new ListBackupJobsCommand({ ByResourceArn: DB_ARN }));
    expect(byResource.BackupJobs?.map((j) => [j.BackupJobId, j.State])).toEqual([
      [recent, 'COMPLETED'],
      [old, 'FAILED'],
    ]);
    const failed = await backup().send(
      new ListBackupJobsCommand({ ByResourceArn: DB_ARN, ByState: 'FAILED' }),
    );
    expect(failed.BackupJobs?.map((j) => j.StatusMessage)).toEqual(['snapshot quota exceeded']);
    const since = await backup().send(
      new ListBackupJobsCommand({ ByResourceArn: DB_ARN, ByCreatedAfter: new Date(now - 2 * day) }),
    );
    expect(since.BackupJobs?.map((j) => j.BackupJobId)).toEqual([recent]);
  });

  it('GIVEN seeded recovery points WHEN ListRecoveryPointsByBackupVault by resource and date THEN only the matching ones, newest first; an unknown vault is ResourceNotFoundException', async () => {
    const day = 86_400_000;
    const now = Date.now();
    const older = await seedRecoveryPoint({
      region: REGION,
      backupVaultName: VAULT,
      resourceArn: DB_ARN,
      creationDate: new Date(now - 2 * day).toISOString(),
    });
    const newer = await seedRecoveryPoint({
      region: REGION,
      backupVaultName: VAULT,
      resourceArn: DB_ARN,
      creationDate: new Date(now - day / 2).toISOString(),
    });
    expect(older).toMatch(new RegExp(`^arn:aws:rds:${REGION}:${ACCOUNT}:snapshot:awsbackup:job-`));
    const list = await backup().send(
      new ListRecoveryPointsByBackupVaultCommand({ BackupVaultName: VAULT, ByResourceArn: DB_ARN }),
    );
    expect(list.RecoveryPoints?.map((p) => [p.RecoveryPointArn, p.Status, p.ResourceType])).toEqual([
      [newer, 'COMPLETED', 'RDS'],
      [older, 'COMPLETED', 'RDS'],
    ]);
    const recent = await backup().send(
      new ListRecoveryPointsByBackupVaultCommand({
        BackupVaultName: VAULT,
        ByCreatedAfter: new Date(now - day),
      }),
    );
    expect(recent.RecoveryPoints?.map((p) => p.RecoveryPointArn)).toContain(newer);
    expect(recent.RecoveryPoints?.map((p) => p.RecoveryPointArn)).not.toContain(older);
    expect(
      await refusal(
        backup().send(new ListRecoveryPointsByBackupVaultCommand({ BackupVaultName: 'emu-no-vault' })),
      ),
    ).toMatchObject({ name: 'ResourceNotFoundException' });
  });

  it('GIVEN a vault that does not exist WHEN seeding a recovery point THEN the test endpoint answers 400 saying so', async () => {
    const res = await fetch(`${motoEndpoint()}/moto-api/ext/backup/recovery-points`, {
      method: 'POST',
      body: JSON.stringify({ region: REGION, backupVaultName: 'emu-no-vault', resourceArn: DB_ARN }),
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ error: `backup vault emu-no-vault does not exist in ${REGION}` });
  });
});

describe('restore jobs', () => {
  async function s3Point(): Promise<string> {
    return seedRecoveryPoint({
      region: REGION,
      backupVaultName: VAULT,
      resourceArn: 'arn:aws:s3:::emu-backed-up',
    });
  }

  it('GIVEN an S3 recovery point WHEN restored into a new bucket THEN RUNNING, then COMPLETED with the bucket created and the objects in it', async () => {
    const point = await s3Point();
    const { RestoreJobId } = await backup().send(
      new StartRestoreJobCommand({
        RecoveryPointArn: point,
        IamRoleArn: role,
        Metadata: { DestinationBucketName: 'emu-restored', NewBucket: 'true' },
      }),
    );
    expect(await backup().send(new DescribeRestoreJobCommand({ RestoreJobId }))).toMatchObject({
      Status: 'RUNNING',
      ResourceType: 'S3',
      RecoveryPointArn: point,
    });
    await advanceEmulatorClock(2);
    const done = await backup().send(new DescribeRestoreJobCommand({ RestoreJobId }));
    expect(done).toMatchObject({ Status: 'COMPLETED', CreatedResourceArn: 'arn:aws:s3:::emu-restored' });
    const objects = await s3().send(new ListObjectsV2Command({ Bucket: 'emu-restored' }));
    expect(objects.Contents?.map((o) => o.Key).sort()).toEqual(['a.txt', 'dir/b.txt']);
    const body = await s3().send(new GetObjectCommand({ Bucket: 'emu-restored', Key: 'dir/b.txt' }));
    expect(await body.Body?.transformToString()).toBe('bravo!');
    const jobs = await backup().send(new ListRestoreJobsCommand({ ByStatus: 'COMPLETED' }));
    expect(jobs.RestoreJobs?.map((j) => j.RestoreJobId)).toContain(RestoreJobId);
  });

  it('GIVEN NewBucket true and a bucket that already exists WHEN restored THEN the job ends FAILED with its reason', async () => {
    const { RestoreJobId } = await backup().send(
      new StartRestoreJobCommand({
        RecoveryPointArn: await s3Point(),
        IamRoleArn: role,
        Metadata: { DestinationBucketName: 'emu-restored', NewBucket: 'true' },
      }),
    );
    await advanceEmulatorClock(2);
    expect(await backup().send(new DescribeRestoreJobCommand({ RestoreJobId }))).toMatchObject({
      Status: 'FAILED',
      StatusMessage: 'Destination bucket emu-restored already exists',
    });
  });

  it('GIVEN an RDS recovery point WHEN restored as a new instance THEN COMPLETED and the instance exists with the source engine', async () => {
    await pool.get('rds', REGION).send(
      new CreateDBInstanceCommand({
        DBInstanceIdentifier: 'emu-db',
        Engine: 'postgres',
        EngineVersion: '16.8',
        DBInstanceClass: 'db.t3.micro',
        AllocatedStorage: 20,
        MasterUsername: 'emu',
        MasterUserPassword: 'not-a-real-password',
      }),
    );
    const point = await seedRecoveryPoint({ region: REGION, backupVaultName: VAULT, resourceArn: DB_ARN });
    const { RestoreJobId } = await backup().send(
      new StartRestoreJobCommand({
        RecoveryPointArn: point,
        IamRoleArn: role,
        Metadata: { DBInstanceIdentifier: 'emu-db-drill', DBInstanceClass: 'db.t3.small' },
      }),
    );
    await advanceEmulatorClock(2);
    expect(await backup().send(new DescribeRestoreJobCommand({ RestoreJobId }))).toMatchObject({
      Status: 'COMPLETED',
      CreatedResourceArn: `arn:aws:rds:${REGION}:${ACCOUNT}:db:emu-db-drill`,
    });
    const db = await pool
      .get('rds', REGION)
      .send(new DescribeDBInstancesCommand({ DBInstanceIdentifier: 'emu-db-drill' }));
    expect(db.DBInstances?.[0]).toMatchObject({
      Engine: 'postgres',
      EngineVersion: '16.8',
      DBInstanceClass: 'db.t3.small',
    });
  });

  it('GIVEN S3 restore metadata without a destination bucket, or an unknown recovery point WHEN started THEN InvalidParameterValueException / ResourceNotFoundException', async () => {
    const noTarget = backup().send(
      new StartRestoreJobCommand({
        RecoveryPointArn: await s3Point(),
        IamRoleArn: role,
        Metadata: { NewBucket: 'true' },
      }),
    );
    expect(await refusal(noTarget)).toMatchObject({
      name: 'InvalidParameterValueException',
      message: 'Restore metadata for S3 must contain DestinationBucketName',
    });
    const unknown = backup().send(
      new StartRestoreJobCommand({
        RecoveryPointArn: `arn:aws:backup:${REGION}:${ACCOUNT}:recovery-point:nope`,
        IamRoleArn: role,
        Metadata: { DestinationBucketName: 'x' },
      }),
    );
    expect(await refusal(unknown)).toMatchObject({ name: 'ResourceNotFoundException' });
  });

  it('GIVEN the same IdempotencyToken twice WHEN started THEN one job', async () => {
    const point = await s3Point();
    const start = () =>
      backup().send(
        new StartRestoreJobCommand({
          RecoveryPointArn: point,
          IamRoleArn: role,
          IdempotencyToken: 'emu-token-1',
          Metadata: { DestinationBucketName: 'emu-restored-2', NewBucket: 'true' },
        }),
      );
    expect((await start()).RestoreJobId).toBe((await start()).RestoreJobId);
  });
});

describe('vaults in another region', () => {
  it('GIVEN a recovery point in eu-west-3 WHEN listing eu-west-1 jobs and points THEN it is not there (per-region state)', async () => {
    await backup('eu-west-3').send(new CreateBackupVaultCommand({ BackupVaultName: 'emu-dr' }));
    await seedRecoveryPoint({ region: 'eu-west-3', backupVaultName: 'emu-dr', resourceArn: DB_ARN });
    const dr = await backup('eu-west-3').send(
      new ListRecoveryPointsByBackupVaultCommand({ BackupVaultName: 'emu-dr' }),
    );
    expect(dr.RecoveryPoints).toHaveLength(1);
    expect(
      await refusal(backup().send(new ListRecoveryPointsByBackupVaultCommand({ BackupVaultName: 'emu-dr' }))),
    ).toMatchObject({ name: 'ResourceNotFoundException' });
  });
});
