/**
 * The AWS Backup side of `reconcile drill` (issue 16): find the newest recovery point of a vault,
 * start its restore into a temporary resource and follow the job. Its own declared client: the
 * resource adapter never restores.
 */
import {
  DescribeRestoreJobCommand,
  ListRecoveryPointsByBackupVaultCommand,
  StartRestoreJobCommand,
} from '@aws-sdk/client-backup';
import { addressOf } from '../../model/resource.js';
import type { ClientPool } from '../aws-config.js';
import { defineClient } from '../declared-client.js';
import type { WriteContext } from '../types.js';

/** The drill's AWS Backup operations. */
export const BACKUP_DRILL_CLIENT = defineClient('backup', {
  read: {
    ListRecoveryPointsByBackupVault: ListRecoveryPointsByBackupVaultCommand,
    DescribeRestoreJob: DescribeRestoreJobCommand,
  },
  write: { StartRestoreJob: StartRestoreJobCommand },
});

/** A recovery point the drill can restore. */
export interface RestorablePoint {
  readonly arn: string;
  /** `RDS`, `S3`, ... (AWS Backup resource types). */
  readonly resourceType: string;
  readonly resourceArn: string;
  /** ISO: when the backup was taken (the point's age is the RPO achieved). */
  readonly creationDate: string;
  readonly iamRoleArn?: string;
}

/** The newest COMPLETED recovery point of a vault; undefined when it holds none. */
export async function newestRecoveryPoint(
  pool: ClientPool,
  region: string,
  vault: string,
): Promise<RestorablePoint | undefined> {
  const backup = BACKUP_DRILL_CLIENT.reader(pool, region);
  let best: RestorablePoint | undefined;
  let token: string | undefined;
  do {
    const page = await backup.listRecoveryPointsByBackupVault({
      BackupVaultName: vault,
      ...(token ? { NextToken: token } : {}),
    });
    for (const p of page.RecoveryPoints ?? []) {
      if (p.Status !== 'COMPLETED' || !p.RecoveryPointArn || !p.CreationDate) continue;
      const creationDate = p.CreationDate.toISOString();
      if (best && best.creationDate >= creationDate) continue;
      best = {
        arn: p.RecoveryPointArn,
        resourceType: p.ResourceType ?? '',
        resourceArn: p.ResourceArn ?? '',
        creationDate,
        ...(p.IamRoleArn ? { iamRoleArn: p.IamRoleArn } : {}),
      };
    }
    token = page.NextToken;
  } while (token);
  return best;
}

/**
 * Starts the restore of `point` with `metadata` (the restore target: a new DB instance identifier,
 * a new bucket; "Restore an Amazon RDS database", "Restore S3 data" in the AWS Backup developer
 * guide). The token makes a retried start return the same job (API_StartRestoreJob IdempotencyToken).
 */
export async function startRestore(
  ctx: WriteContext,
  region: string,
  vault: string,
  point: RestorablePoint,
  metadata: Readonly<Record<string, string>>,
  iamRoleArn: string,
  idempotencyToken: string,
): Promise<string> {
  const backup = BACKUP_DRILL_CLIENT.writer(ctx, addressOf('backup.vault', vault, region), region);
  const out = await backup.startRestoreJob({
    RecoveryPointArn: point.arn,
    Metadata: { ...metadata },
    IamRoleArn: iamRoleArn,
    ResourceType: point.resourceType,
    IdempotencyToken: idempotencyToken,
  });
  if (!out.RestoreJobId) throw new Error('StartRestoreJob answered without a RestoreJobId');
  return out.RestoreJobId;
}

/** A restore job as the drill follows it. */
export interface RestoreJobState {
  readonly status: string;
  readonly statusMessage?: string;
  readonly createdResourceArn?: string;
  /** ISO times of AWS Backup's own clock (the RTO of the restore). */
  readonly creationDate?: string;
  readonly completionDate?: string;
}

/** Reads a restore job. */
export async function describeRestore(
  pool: ClientPool,
  region: string,
  jobId: string,
): Promise<RestoreJobState> {
  const job = await BACKUP_DRILL_CLIENT.reader(pool, region).describeRestoreJob({ RestoreJobId: jobId });
  return {
    status: job.Status ?? 'UNKNOWN',
    ...(job.StatusMessage ? { statusMessage: job.StatusMessage } : {}),
    ...(job.CreatedResourceArn ? { createdResourceArn: job.CreatedResourceArn } : {}),
    ...(job.CreationDate ? { creationDate: job.CreationDate.toISOString() } : {}),
    ...(job.CompletionDate ? { completionDate: job.CompletionDate.toISOString() } : {}),
  };
}
