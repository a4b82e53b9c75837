/**
 * Reads backup evidence from AWS: the latest AWS Backup jobs per protected resource (ListBackupJobs
 * ByResourceArn, in the plan's region) and recent recovery points in the primary and DR vaults
 * (ListRecoveryPointsByBackupVault). Read operations only. A failed read (access denied, throttled,
 * an endpoint that does not implement the API) becomes `unverifiable`, which the health checks turn
 * into `warn`, never `pass`.
 */
import {
  type BackupClient,
  ListBackupJobsCommand,
  type ListBackupJobsCommandOutput,
  ListRecoveryPointsByBackupVaultCommand,
  type ListRecoveryPointsByBackupVaultCommandOutput,
} from '@aws-sdk/client-backup';
import { parseVaultArn, resourcesOfKind } from '../../lint/desired-index.js';
import type { DesiredState } from '../../model/state.js';
import type {
  BackupJobRecord,
  BackupJobsEvidence,
  Evidence,
  EvidenceRead,
  RecoveryPointRecord,
  RecoveryPointsEvidence,
} from '../../report/health/evidence.js';
import { classifyReadError, mapBounded } from '../kit.js';
import type { ReadContext } from '../types.js';

/** The only operations evidence reading needs: both are reads. */
export interface EvidenceBackupClient {
  send(command: ListBackupJobsCommand): Promise<ListBackupJobsCommandOutput>;
  send(
    command: ListRecoveryPointsByBackupVaultCommand,
  ): Promise<ListRecoveryPointsByBackupVaultCommandOutput>;
}

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
      const out = await client.send(
        new ListBackupJobsCommand({
          ByResourceArn: arn,
          ByCreatedAfter: since,
          MaxResults: 100,
          NextToken: token,
        }),
      );
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
          const out = await client.send(
            new ListRecoveryPointsByBackupVaultCommand({
              BackupVaultName: vaultName,
              ByCreatedAfter: since,
              MaxResults: 100,
              NextToken: token,
              ...(arn ? { ByResourceArn: arn } : {}),
            }),
          );
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

/** The vaults whose recovery points back the spec: every rule's target vault and copy destination, and declared vaults. */
function vaultsToRead(desired: DesiredState): { region: string; name: string; role: 'primary' | 'copy' }[] {
  const out = new Map<string, { region: string; name: string; role: 'primary' | 'copy' }>();
  for (const plan of resourcesOfKind(desired, 'backup.plan')) {
    for (const rule of plan.attrs.rules ?? []) {
      if (rule.enableContinuousBackup) continue;
      out.set(`${plan.attrs.region}|${rule.targetVault}`, {
        region: plan.attrs.region,
        name: rule.targetVault,
        role: 'primary',
      });
      for (const c of rule.copyActions) {
        const v = parseVaultArn(c.destinationVaultArn);
        if (v) out.set(`${v.region}|${v.name}`, { ...v, role: 'copy' });
      }
    }
  }
  for (const v of resourcesOfKind(desired, 'backup.vault')) {
    const key = `${v.attrs.region}|${v.name}`;
    if (!out.has(key)) out.set(key, { region: v.attrs.region, name: v.name, role: 'primary' });
  }
  return [...out.values()].sort((a, b) =>
    a.region === b.region ? (a.name < b.name ? -1 : 1) : a.region < b.region ? -1 : 1,
  );
}

/**
 * Reads the backup evidence for a desired state (read-only AWS calls). Resources are those named by
 * ARN in backup selections; wildcard selections contribute no per-resource reads.
 */
export async function readEvidence(
  ctx: ReadContext,
  desired: DesiredState,
  options: ReadEvidenceOptions = {},
): Promise<Evidence> {
  const now = options.now ?? new Date();
  const since = new Date(now.getTime() - (options.lookbackDays ?? 35) * 86_400_000);
  const maxPages = options.maxPages ?? 5;
  const client = (region: string): EvidenceBackupClient => ctx.pool.get('backup', region) as BackupClient;

  const targets = new Map<string, { region: string; arn: string }>();
  for (const sel of resourcesOfKind(desired, 'backup.selection')) {
    for (const arn of sel.attrs.resources ?? []) {
      if (!arn.includes('*')) targets.set(`${sel.attrs.region}|${arn}`, { region: sel.attrs.region, arn });
    }
  }
  const allArns = [...new Set([...targets.values()].map((t) => t.arn))].sort();
  const jobTargets = [...targets.values()].sort((a, b) =>
    a.region === b.region ? (a.arn < b.arn ? -1 : 1) : a.region < b.region ? -1 : 1,
  );
  const backupJobs: BackupJobsEvidence[] = await mapBounded(jobTargets, ctx.concurrency, async (t) => ({
    resourceArn: t.arn,
    region: t.region,
    jobs: await readJobs(client(t.region), t.arn, since, maxPages),
  }));
  const recoveryPoints: RecoveryPointsEvidence[] = await mapBounded(
    vaultsToRead(desired),
    ctx.concurrency,
    async (v) => ({
      vaultName: v.name,
      region: v.region,
      role: v.role,
      since: since.toISOString(),
      points: await readPoints(client(v.region), v.name, allArns, since, maxPages),
    }),
  );
  return { mode: 'aws', backupJobs, recoveryPoints };
}
