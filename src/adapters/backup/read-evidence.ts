/**
 * Reads backup evidence from AWS: the latest AWS Backup jobs per protected resource (ListBackupJobs
 * ByResourceArn, in the plan's region) and recent recovery points in the primary and DR vaults
 * (ListRecoveryPointsByBackupVault). Read operations only. A failed read (access denied, throttled,
 * an endpoint that does not implement the API) becomes `unverifiable`, which the health checks turn
 * into `warn`, never `pass`.
 */
import type {
  BackupJobRecord,
  BackupJobsEvidence,
  Evidence,
  EvidenceRead,
  EvidenceTargets,
  RecoveryPointRecord,
  RecoveryPointsEvidence,
} from '../../model/evidence.js';
import { classifyReadError, mapBounded } from '../kit.js';
import type { ReadContext } from '../types.js';
import { BACKUP_CLIENT, type BackupReadClient } from './client.js';

/** What evidence reading needs of the AWS Backup read client: two listings. */
export type EvidenceBackupClient = Pick<
  BackupReadClient,
  'listBackupJobs' | 'listRecoveryPointsByBackupVault'
>;

export interface ReadEvidenceOptions {
  /** The clock (default: now). Only used to bound the reads (`ByCreatedAfter`). */
  readonly now?: Date;
  /** How far back to list jobs and recovery points (default 35 days). */
  readonly lookbackDays?: number;
  /** Page cap per listing (default 5 pages of 100). */
  readonly maxPages?: number;
}

function iso(d: Date | undefined): string | undefined {
  return d ? new Date(d).toISOString() : undefined;
}

async function listAll<T>(
  maxPages: number,
  page: (token: string | undefined) => Promise<{ items: readonly T[]; next: string | undefined }>,
): Promise<T[]> {
  const out: T[] = [];
  let token: string | undefined;
  for (let i = 0; i < maxPages; i++) {
    const res = await page(token);
    out.push(...res.items);
    token = res.next;
    if (!token) break;
  }
  return out;
}

async function readJobs(
  client: EvidenceBackupClient,
  arn: string,
  since: Date,
  maxPages: number,
): Promise<EvidenceRead<BackupJobRecord>> {
  try {
    const jobs = await listAll(maxPages, async (token) => {
      const out = await client.listBackupJobs({
        ByResourceArn: arn,
        ByCreatedAfter: since,
        MaxResults: 100,
        NextToken: token,
      });
      return { items: out.BackupJobs ?? [], next: out.NextToken };
    });
    const items = jobs.flatMap((j): BackupJobRecord[] => {
      const creationDate = iso(j.CreationDate);
      if (!j.BackupJobId || !j.State || !creationDate) return [];
      const completionDate = iso(j.CompletionDate);
      return [
        {
          jobId: j.BackupJobId,
          state: j.State,
          creationDate,
          ...(completionDate ? { completionDate } : {}),
          ...(j.BackupVaultName ? { backupVaultName: j.BackupVaultName } : {}),
          ...(j.StatusMessage ? { statusMessage: j.StatusMessage } : {}),
        },
      ];
    });
    return { status: 'ok', items };
  } catch (e) {
    return { status: 'unverifiable', reason: classifyReadError(e, `backup:ListBackupJobs ${arn}`).reason };
  }
}

async function readPoints(
  client: EvidenceBackupClient,
  vaultName: string,
  arns: readonly string[],
  since: Date,
  maxPages: number,
): Promise<EvidenceRead<RecoveryPointRecord>> {
  try {
    const filters: (string | undefined)[] = arns.length ? [...arns] : [undefined];
    const points = [];
    for (const arn of filters) {
      points.push(
        ...(await listAll(maxPages, async (token) => {
          const out = await client.listRecoveryPointsByBackupVault({
            BackupVaultName: vaultName,
            ByCreatedAfter: since,
            MaxResults: 100,
            NextToken: token,
            ...(arn ? { ByResourceArn: arn } : {}),
          });
          return { items: out.RecoveryPoints ?? [], next: out.NextToken };
        })),
      );
    }
    const items = points.flatMap((p): RecoveryPointRecord[] => {
      const creationDate = iso(p.CreationDate);
      if (!p.RecoveryPointArn || !p.Status || !creationDate) return [];
      const completionDate = iso(p.CompletionDate);
      return [
        {
          recoveryPointArn: p.RecoveryPointArn,
          status: p.Status,
          creationDate,
          ...(p.ResourceArn ? { resourceArn: p.ResourceArn } : {}),
          ...(completionDate ? { completionDate } : {}),
        },
      ];
    });
    return { status: 'ok', items };
  } catch (e) {
    return {
      status: 'unverifiable',
      reason: classifyReadError(e, `backup:ListRecoveryPointsByBackupVault ${vaultName}`).reason,
    };
  }
}

/**
 * Reads the backup evidence the health checks named (read-only AWS calls): the jobs of each target
 * resource, and the recent recovery points of each target vault (for the protected resources when
 * they are known).
 */
export async function readEvidence(
  ctx: ReadContext,
  targets: EvidenceTargets,
  options: ReadEvidenceOptions = {},
): Promise<Evidence> {
  const now = options.now ?? new Date();
  const since = new Date(now.getTime() - (options.lookbackDays ?? 35) * 86_400_000);
  const maxPages = options.maxPages ?? 5;
  const client = (region: string): EvidenceBackupClient => BACKUP_CLIENT.reader(ctx.pool, region);
  const backupJobs: BackupJobsEvidence[] = await mapBounded(targets.jobs, ctx.concurrency, async (t) => ({
    resourceArn: t.resourceArn,
    region: t.region,
    jobs: await readJobs(client(t.region), t.resourceArn, since, maxPages),
  }));
  const recoveryPoints: RecoveryPointsEvidence[] = await mapBounded(
    targets.vaults,
    ctx.concurrency,
    async (v) => ({
      vaultName: v.name,
      region: v.region,
      role: v.role,
      since: since.toISOString(),
      points: await readPoints(client(v.region), v.name, targets.resourceArns, since, maxPages),
    }),
  );
  return { mode: 'aws', backupJobs, recoveryPoints };
}
