/**
 * Helpers for integration tests against the strict emulator (moto server + test/emulator) started by
 * moto-global.ts. Every integration test file calls `useMoto()` at top level: it resets the emulator
 * (state, delays and clock) before the file runs. The emulator helpers at the end change its delays,
 * move its clock and seed AWS Backup evidence (test/emulator/README.md).
 */
import { beforeAll, inject } from 'vitest';
import type { AwsOptions } from '../../src/adapters/aws-config.js';
import { ACCOUNT } from './builders/index.js';

export { ACCOUNT };

/** The moto server URL for this run. */
export function motoEndpoint(): string {
  return inject('motoEndpoint');
}

/** Wipes all moto state. */
export async function resetMoto(): Promise<void> {
  const res = await fetch(`${motoEndpoint()}/moto-api/reset`, { method: 'POST' });
  if (!res.ok) throw new Error(`moto reset failed: ${res.status}`);
}

/** Everything moto holds, for proving that a read-only command changed nothing. */
export async function motoDump(): Promise<unknown> {
  const res = await fetch(`${motoEndpoint()}/moto-api/data.json`);
  return res.json();
}

/** AWS options pointing every client at moto, with dummy credentials and no retries. */
export function motoAwsOptions(extra: Partial<AwsOptions> = {}): AwsOptions {
  return {
    endpointUrl: motoEndpoint(),
    defaultRegion: 'eu-west-1',
    credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' },
    maxAttempts: 1,
    ...extra,
  };
}

/** Call at the top of every integration test file. */
export function useMoto(): void {
  beforeAll(async () => {
    await resetMoto();
  });
}

/**
 * Dummy credentials for CLI runs in-process: the SDK's default credential chain reads the process
 * environment (the CLI has no credential flags, by design), and a named profile must not interfere.
 */
export function useDummyCredentials(): void {
  process.env.AWS_ACCESS_KEY_ID = 'testing';
  process.env.AWS_SECRET_ACCESS_KEY = 'testing';
  delete process.env.AWS_PROFILE;
}

// ------------------------------------------------------------------ strict emulator (test/emulator)

/** The emulator's delays, in seconds (`POST /moto-api/ext/config`; back to the start values on reset). */
export interface EmulatorConfig {
  /** A role is not assumable by a service this long after CreateRole / UpdateAssumeRolePolicy. */
  readonly iamPropagationSeconds: number;
  /** PutBucketReplication sees a versioning change only this long after PutBucketVersioning. */
  readonly s3VersioningPropagationSeconds: number;
  /** StartBackupJob's job is RUNNING this long. */
  readonly backupJobSeconds: number;
  /** A restore job is RUNNING this long, then COMPLETED with the restored resource. */
  readonly restoreJobSeconds: number;
  /** ModifyDBInstance turning automated backups on or off keeps the instance `modifying` this long. */
  readonly rdsOutageSeconds: number;
  /** RestoreObject of a GLACIER / DEEP_ARCHIVE object is in progress this long. */
  readonly s3ArchiveRestoreSeconds: number;
  /**
   * > 0: http(s) and email subscriptions stay PendingConfirmation until confirmed
   * (`confirmSnsSubscriptions`) and are deleted this long after Subscribe (AWS: 172800, 48 hours);
   * 0 (default): moto's confirm-at-once.
   */
  readonly snsUnconfirmedDeletionSeconds: number;
}

async function emulatorApi<T>(path: string, body?: unknown): Promise<T> {
  const res = await fetch(`${motoEndpoint()}/moto-api/ext/${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const json = (await res.json()) as T & { error?: string };
  if (!res.ok) throw new Error(`emulator ${path}: ${res.status} ${json.error ?? ''}`);
  return json;
}

/** Changes some of the emulator's delays; returns them all. */
export function setEmulatorConfig(change: Partial<EmulatorConfig>): Promise<EmulatorConfig> {
  return emulatorApi('config', change);
}

/**
 * Runs `seed` with the emulator's propagation delays at 0 (IAM, S3 versioning, RDS outage), then puts
 * them back: what a test seeds with the SDK directly is the state that existed long before the tool
 * runs, so it is usable at once (a delay applies to changes made while it is set). The tool's own
 * writes afterwards see the harness's AWS-like delays.
 */
export async function withoutEmulatorDelays<T>(seed: () => Promise<T>): Promise<T> {
  const before = await emulatorApi<EmulatorConfig>('config');
  await setEmulatorConfig({
    iamPropagationSeconds: 0,
    s3VersioningPropagationSeconds: 0,
    rdsOutageSeconds: 0,
  });
  try {
    return await seed();
  } finally {
    await setEmulatorConfig({
      iamPropagationSeconds: before.iamPropagationSeconds,
      s3VersioningPropagationSeconds: before.s3VersioningPropagationSeconds,
      rdsOutageSeconds: before.rdsOutageSeconds,
    });
  }
}

/** Moves the emulator's clock on (its delays elapse without the test sleeping); returns its new time. */
export async function advanceEmulatorClock(seconds: number): Promise<Date> {
  const { now } = await emulatorApi<{ now: string }>('clock', { advanceSeconds: seconds });
  return new Date(now);
}

/** A recovery point to seed into an AWS Backup vault (test-only emulator endpoint). */
export interface SeedRecoveryPoint {
  readonly region: string;
  readonly backupVaultName: string;
  readonly resourceArn: string;
  readonly status?: 'COMPLETED' | 'PARTIAL' | 'DELETING' | 'EXPIRED' | 'AVAILABLE' | 'STOPPED' | 'CREATING';
  /** ISO 8601; default: the emulator's now. */
  readonly creationDate?: string;
  readonly completionDate?: string;
  readonly iamRoleArn?: string;
  readonly backupPlanId?: string;
}

/** Seeds a recovery point (the resource's current content is recorded, so a restore recreates it). */
export async function seedRecoveryPoint(point: SeedRecoveryPoint): Promise<string> {
  return (await emulatorApi<{ recoveryPointArn: string }>('backup/recovery-points', point)).recoveryPointArn;
}

/** A backup job to seed (test-only emulator endpoint). */
export interface SeedBackupJob {
  readonly region: string;
  readonly backupVaultName: string;
  readonly resourceArn: string;
  readonly state?:
    | 'CREATED'
    | 'PENDING'
    | 'RUNNING'
    | 'ABORTING'
    | 'ABORTED'
    | 'COMPLETED'
    | 'FAILED'
    | 'EXPIRED'
    | 'PARTIAL';
  readonly creationDate?: string;
  readonly completionDate?: string;
  readonly statusMessage?: string;
  readonly recoveryPointArn?: string;
}

/** Seeds an AWS Backup job; returns its id. */
export async function seedBackupJob(job: SeedBackupJob): Promise<string> {
  return (await emulatorApi<{ backupJobId: string }>('backup/backup-jobs', job)).backupJobId;
}

/** Confirms a topic's pending subscriptions (all, or those to `endpoint`) as their endpoints would; returns their ARNs. */
export async function confirmSnsSubscriptions(
  topicArn: string,
  endpoint?: string,
): Promise<readonly string[]> {
  return (
    await emulatorApi<{ confirmed: string[] }>('sns/confirm', { topicArn, ...(endpoint ? { endpoint } : {}) })
  ).confirmed;
}

/** Runs the RDS maintenance window now: every pending modification is applied. */
export async function runRdsMaintenance(): Promise<readonly string[]> {
  return (await emulatorApi<{ applied: string[] }>('rds/maintenance', {})).applied;
}
