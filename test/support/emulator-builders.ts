/**
 * Builders for the strict emulator's own integration tests (test/integration/emulator-*.test.ts):
 * AWS-shaped requests with sensible defaults, resources made through the SDK, and `refusal()` to
 * read the error AWS (and the emulator) answers.
 */
import type { BackupClient, BackupRule, BackupRuleInput } from '@aws-sdk/client-backup';
import { CreateBackupPlanCommand, CreateBackupVaultCommand } from '@aws-sdk/client-backup';
import { CreateRoleCommand, type IAMClient } from '@aws-sdk/client-iam';
import {
  type BucketLocationConstraint,
  CreateBucketCommand,
  PutBucketVersioningCommand,
  type ReplicationRule,
  type S3Client,
} from '@aws-sdk/client-s3';
import { ACCOUNT } from './moto.js';

/** What an AWS call that failed answered: the SDK's error name (the AWS code), message and HTTP status. */
export interface Refusal {
  readonly name: string;
  readonly message: string;
  readonly status: number | undefined;
  /**
   * The query-protocol error code where the SDK names the error after its model shape instead
   * (CloudWatch's awsQueryCompatible JSON: name `ValidationException`, code `ValidationError`).
   */
  readonly code?: string;
}

/** Awaits a call that AWS must refuse; fails the test when it succeeds. */
export async function refusal(call: Promise<unknown>): Promise<Refusal> {
  try {
    await call;
  } catch (e) {
    const err = e as Error & { $metadata?: { httpStatusCode?: number }; Code?: unknown };
    return {
      name: err.name,
      message: err.message,
      status: err.$metadata?.httpStatusCode,
      ...(typeof err.Code === 'string' && err.Code !== err.name ? { code: err.Code } : {}),
    };
  }
  throw new Error('expected the call to be refused, but it succeeded');
}

// ---------------------------------------------------------------------------------------------- S3

/** Creates a bucket in `region`, versioned unless `versioned: false`. */
export async function bucket(
  s3: S3Client,
  name: string,
  region: string,
  { versioned = true }: { versioned?: boolean } = {},
): Promise<string> {
  await s3.send(
    new CreateBucketCommand({
      Bucket: name,
      CreateBucketConfiguration: { LocationConstraint: region as BucketLocationConstraint },
    }),
  );
  if (versioned)
    await s3.send(
      new PutBucketVersioningCommand({ Bucket: name, VersioningConfiguration: { Status: 'Enabled' } }),
    );
  return `arn:aws:s3:::${name}`;
}

/** A V2 replication rule (Filter, Priority, DeleteMarkerReplication) to `destinationBucket`. */
export function v2Rule(destinationBucket: string, overrides: Partial<ReplicationRule> = {}): ReplicationRule {
  return {
    ID: 'to-replica',
    Priority: 0,
    Status: 'Enabled',
    Filter: { Prefix: '' },
    DeleteMarkerReplication: { Status: 'Disabled' },
    Destination: { Bucket: `arn:aws:s3:::${destinationBucket}`, StorageClass: 'STANDARD' },
    ...overrides,
  };
}

/** The replication role ARN the tests name (S3 does not check it when the configuration is put). */
export const REPLICATION_ROLE = `arn:aws:iam::${ACCOUNT}:role/service-role/replication`;

// ------------------------------------------------------------------------------------- IAM, Backup

/** A trust policy letting `service` (e.g. backup.amazonaws.com) assume the role. */
export function trustPolicy(service: string): string {
  return JSON.stringify({
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Principal: { Service: service }, Action: 'sts:AssumeRole' }],
  });
}

/** Creates a role AWS Backup may assume; returns its ARN. */
export async function backupRole(
  iam: IAMClient,
  name: string,
  service = 'backup.amazonaws.com',
): Promise<string> {
  const out = await iam.send(
    new CreateRoleCommand({ RoleName: name, AssumeRolePolicyDocument: trustPolicy(service) }),
  );
  return out.Role?.Arn ?? '';
}

/** A backup rule targeting `vault`, daily, kept 35 days unless overridden. */
export function backupRule(vault: string, overrides: Partial<BackupRuleInput> = {}): BackupRuleInput {
  return {
    RuleName: 'daily',
    TargetBackupVaultName: vault,
    ScheduleExpression: 'cron(0 5 ? * * *)',
    Lifecycle: { DeleteAfterDays: 35 },
    ...overrides,
  };
}

/** Creates a vault and a plan with `rules` (default: one daily rule into that vault); returns the plan id. */
export async function vaultAndPlan(
  backup: BackupClient,
  vault: string,
  plan: string,
  rules: BackupRuleInput[] = [backupRule(vault)],
): Promise<string> {
  await backup.send(new CreateBackupVaultCommand({ BackupVaultName: vault }));
  const out = await backup.send(
    new CreateBackupPlanCommand({ BackupPlan: { BackupPlanName: plan, Rules: rules } }),
  );
  return out.BackupPlanId ?? '';
}

/** A rule as GetBackupPlan answers it, without the server-made RuleId (for comparing with what was sent). */
export function withoutRuleId(rule: BackupRule): Omit<BackupRule, 'RuleId'> {
  const { RuleId: _id, ...rest } = rule;
  return rest;
}
