/**
 * Creates, through the AWS SDK, the infrastructure backup-implementation-guide.txt starts from, BEFORE
 * any of its changes (see /work/shared/reference/GUIDE-NOTES.md). Used by integration tests (apply the
 * spec onto the guide's starting state) and by fixtures/generate-guide-before.ts (the quick start's
 * offline snapshot). Values the guide lost are chosen to be plausible and commented.
 *
 * What exists before the guide:
 * - 4 buckets, versioning Enabled: mne-media-prod and mne-vault-prod (eu-west-1) with 180-day
 *   noncurrent retention; mne-media-replica (eu-west-3) with a lifecycle that also expired current
 *   versions; mne-vault-replica (eu-north-1) with NO lifecycle. Replication media -> media-replica
 *   (rule paris-replica) and vault -> vault-replica (rule vault-replica-rule), metrics NOT enabled.
 * - IAM roles s3crr_role_for_mne-media-prod_to_crr-media-prod and AWSBackupDefaultServiceRole
 *   (both /service-role/).
 * - RDS eks-mnemonica-prod (PostgreSQL 16.8, automated backups 35 days).
 * - Backup vaults eks-mnemonica-prod-vault (eu-west-1) and Default (eu-west-3); plan
 *   eks-mnemonica-6h-snapshots-180d still holding its continuous-backup (PITR) rule next to the 6-hour
 *   rule, and its selection (the RDS instance, AWSBackupDefaultServiceRole).
 * - NO application role, NO SNS topics, EventBridge rules or CloudWatch alarms.
 */
import {
  CreateBackupPlanCommand,
  CreateBackupSelectionCommand,
  CreateBackupVaultCommand,
} from '@aws-sdk/client-backup';
import { AttachRolePolicyCommand, CreateRoleCommand, PutRolePolicyCommand } from '@aws-sdk/client-iam';
import { CreateDBInstanceCommand } from '@aws-sdk/client-rds';
import {
  type BucketLocationConstraint,
  CreateBucketCommand,
  PutBucketLifecycleConfigurationCommand,
  PutBucketReplicationCommand,
  PutBucketVersioningCommand,
} from '@aws-sdk/client-s3';
import type { ClientPool } from '../../src/adapters/aws-config.js';

/** The guide's account. */
export const GUIDE_ACCOUNT = '828879644785';

/** Name and region of each bucket of the guide. */
export const GUIDE_BUCKETS = {
  'mne-media-prod': 'eu-west-1',
  'mne-media-replica': 'eu-west-3',
  'mne-vault-prod': 'eu-west-1',
  'mne-vault-replica': 'eu-north-1',
} as const;

const REPLICATION_ROLE = 's3crr_role_for_mne-media-prod_to_crr-media-prod';
const REPLICATION_ROLE_ARN = `arn:aws:iam::${GUIDE_ACCOUNT}:role/service-role/${REPLICATION_ROLE}`;
const BACKUP_ROLE = 'AWSBackupDefaultServiceRole';

/** The guide's backup plan (as before its Phase 6: the PITR rule is still there). */
export const GUIDE_PLAN = {
  name: 'eks-mnemonica-6h-snapshots-180d',
  region: 'eu-west-1',
  vault: 'eks-mnemonica-prod-vault',
  drVaultArn: `arn:aws:backup:eu-west-3:${GUIDE_ACCOUNT}:backup-vault:Default`,
  /** (inferred) the removed PITR rule's name; the guide only says "the PITR rule". */
  pitrRuleName: 'Continuous-PITR-35-Day-Retention',
} as const;

/** The selection the guide's plan has (the RDS instance, AWSBackupDefaultServiceRole). */
export const GUIDE_SELECTION = {
  /** (inferred) selection name, as in backup-spec.yaml. */
  name: 'eks-mnemonica-prod-rds',
  iamRoleArn: `arn:aws:iam::${GUIDE_ACCOUNT}:role/service-role/${BACKUP_ROLE}`,
  resources: [`arn:aws:rds:eu-west-1:${GUIDE_ACCOUNT}:db:eks-mnemonica-prod`],
} as const;

const noncurrentRule = (id: string, days: number) => ({
  ID: id,
  Status: 'Enabled' as const,
  Filter: { Prefix: '' },
  NoncurrentVersionExpiration: { NoncurrentDays: days },
});

const policy = (doc: unknown) => JSON.stringify(doc);

async function seedBuckets(pool: ClientPool): Promise<void> {
  for (const [bucket, region] of Object.entries(GUIDE_BUCKETS)) {
    const s3 = pool.get('s3', region);
    await s3.send(
      new CreateBucketCommand({
        Bucket: bucket,
        CreateBucketConfiguration: { LocationConstraint: region as BucketLocationConstraint },
      }),
    );
    await s3.send(
      new PutBucketVersioningCommand({ Bucket: bucket, VersioningConfiguration: { Status: 'Enabled' } }),
    );
  }
  const w1 = pool.get('s3', 'eu-west-1');
  // Sources: noncurrent versions kept 180 days (the guide shortens this to 35).
  for (const bucket of ['mne-media-prod', 'mne-vault-prod']) {
    await w1.send(
      new PutBucketLifecycleConfigurationCommand({
        Bucket: bucket,
        LifecycleConfiguration: { Rules: [noncurrentRule('noncurrent-version-retention', 180)] },
      }),
    );
  }
  // mne-media-replica: (inferred) before the guide its lifecycle also expired CURRENT versions after
  // 180 days (the guide's Phase 2 removes that: "current versions stay as long as they exist in source").
  await pool.get('s3', 'eu-west-3').send(
    new PutBucketLifecycleConfigurationCommand({
      Bucket: 'mne-media-replica',
      LifecycleConfiguration: {
        Rules: [{ ...noncurrentRule('noncurrent-version-retention', 180), Expiration: { Days: 180 } }],
      },
    }),
  );
  // mne-vault-replica: no lifecycle at all (the guide's Phase 2B adds one).
  // Replication: working, but without replication metrics (so the alarms would have nothing to watch).
  const replicate = (
    source: string,
    ruleId: string,
    destination: string,
    storageClass: 'DEEP_ARCHIVE' | 'STANDARD',
  ) =>
    w1.send(
      new PutBucketReplicationCommand({
        Bucket: source,
        ReplicationConfiguration: {
          Role: REPLICATION_ROLE_ARN,
          Rules: [
            {
              ID: ruleId,
              Priority: 0,
              Status: 'Enabled',
              Filter: { Prefix: '' },
              DeleteMarkerReplication: { Status: 'Disabled' },
              Destination: { Bucket: `arn:aws:s3:::${destination}`, StorageClass: storageClass },
            },
          ],
        },
      }),
    );
  await replicate('mne-media-prod', 'paris-replica', 'mne-media-replica', 'DEEP_ARCHIVE');
  await replicate('mne-vault-prod', 'vault-replica-rule', 'mne-vault-replica', 'STANDARD');
}

async function seedRoles(pool: ClientPool): Promise<void> {
  const iam = pool.get('iam');
  await iam.send(
    new CreateRoleCommand({
      RoleName: REPLICATION_ROLE,
      Path: '/service-role/',
      AssumeRolePolicyDocument: policy({
        Version: '2012-10-17',
        Statement: [
          { Effect: 'Allow', Principal: { Service: 's3.amazonaws.com' }, Action: 'sts:AssumeRole' },
        ],
      }),
    }),
  );
  // The replication permissions for both pairs (the guide says both replications work).
  await iam.send(
    new PutRolePolicyCommand({
      RoleName: REPLICATION_ROLE,
      PolicyName: 's3-replication',
      PolicyDocument: policy({
        Version: '2012-10-17',
        Statement: [
          {
            Sid: 'ReadSourceConfiguration',
            Effect: 'Allow',
            Action: ['s3:GetReplicationConfiguration', 's3:ListBucket'],
            Resource: ['arn:aws:s3:::mne-media-prod', 'arn:aws:s3:::mne-vault-prod'],
          },
          {
            Sid: 'ReadSourceVersions',
            Effect: 'Allow',
            Action: [
              's3:GetObjectVersionForReplication',
              's3:GetObjectVersionAcl',
              's3:GetObjectVersionTagging',
            ],
            Resource: ['arn:aws:s3:::mne-media-prod/*', 'arn:aws:s3:::mne-vault-prod/*'],
          },
          {
            Sid: 'WriteReplicas',
            Effect: 'Allow',
            Action: ['s3:ReplicateObject', 's3:ReplicateDelete', 's3:ReplicateTags'],
            Resource: ['arn:aws:s3:::mne-media-replica/*', 'arn:aws:s3:::mne-vault-replica/*'],
          },
        ],
      }),
    }),
  );
  await iam.send(
    new CreateRoleCommand({
      RoleName: BACKUP_ROLE,
      Path: '/service-role/',
      AssumeRolePolicyDocument: policy({
        Version: '2012-10-17',
        Statement: [
          { Effect: 'Allow', Principal: { Service: 'backup.amazonaws.com' }, Action: 'sts:AssumeRole' },
        ],
      }),
    }),
  );
  // Needs MOTO_IAM_LOAD_MANAGED_POLICIES=true on the moto server (test/support/moto-global.ts sets it).
  for (const arn of [
    'arn:aws:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForBackup',
    'arn:aws:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForRestores',
  ]) {
    await iam.send(new AttachRolePolicyCommand({ RoleName: BACKUP_ROLE, PolicyArn: arn }));
  }
}

async function seedDatabase(pool: ClientPool): Promise<void> {
  await pool.get('rds', 'eu-west-1').send(
    new CreateDBInstanceCommand({
      DBInstanceIdentifier: 'eks-mnemonica-prod',
      Engine: 'postgres',
      EngineVersion: '16.8',
      DBInstanceClass: 'db.m6g.large', // (inferred) the class is irrelevant to backups
      AllocatedStorage: 100,
      MasterUsername: 'mnemonica',
      MasterUserPassword: 'not-a-real-password-moto-only',
      BackupRetentionPeriod: 35,
      // (inferred) the guide lost the window; the same as backup-spec.yaml, so it is not drift.
      PreferredBackupWindow: '02:00-03:00',
      PreferredMaintenanceWindow: 'sun:04:00-sun:04:30',
      CopyTagsToSnapshot: true,
    }),
  );
}

async function seedBackup(pool: ClientPool): Promise<void> {
  const w1 = pool.get('backup', GUIDE_PLAN.region);
  await w1.send(new CreateBackupVaultCommand({ BackupVaultName: GUIDE_PLAN.vault }));
  // The DR region's Default vault exists (the guide lists recovery points copied there).
  await pool.get('backup', 'eu-west-3').send(new CreateBackupVaultCommand({ BackupVaultName: 'Default' }));
  const plan = await w1.send(
    new CreateBackupPlanCommand({
      BackupPlan: {
        BackupPlanName: GUIDE_PLAN.name,
        Rules: [
          {
            RuleName: '6-Hour-Snapshots-180-Day-Retention-DR-Copy',
            TargetBackupVaultName: GUIDE_PLAN.vault,
            ScheduleExpression: 'cron(0 */6 * * ? *)',
            Lifecycle: { DeleteAfterDays: 180 },
            CopyActions: [
              { DestinationBackupVaultArn: GUIDE_PLAN.drVaultArn, Lifecycle: { DeleteAfterDays: 180 } },
            ],
          },
          {
            // The continuous-backup rule the guide removed on 2025-11-22 (RDS's own PITR covers it).
            // (inferred) schedule and 35-day retention: continuous backups are kept at most 35 days.
            RuleName: GUIDE_PLAN.pitrRuleName,
            TargetBackupVaultName: GUIDE_PLAN.vault,
            ScheduleExpression: 'cron(0 5 ? * * *)',
            EnableContinuousBackup: true,
            Lifecycle: { DeleteAfterDays: 35 },
          },
        ],
      },
    }),
  );
  // The plan's selection. AWS Backup must be able to assume the role: the emulator refuses it while
  // the role's creation is still propagating (harness default 0 s, see test/support/moto-global.ts).
  await w1.send(
    new CreateBackupSelectionCommand({
      BackupPlanId: plan.BackupPlanId,
      BackupSelection: {
        SelectionName: GUIDE_SELECTION.name,
        IamRoleArn: GUIDE_SELECTION.iamRoleArn,
        Resources: [...GUIDE_SELECTION.resources],
      },
    }),
  );
}

/**
 * Seeds a fresh (reset) emulator with the guide's starting infrastructure. `pool` must point at it
 * (motoAwsOptions()).
 */
export async function seedGuideBefore(pool: ClientPool): Promise<void> {
  await seedRoles(pool);
  await seedBuckets(pool);
  await seedDatabase(pool);
  await seedBackup(pool);
}
