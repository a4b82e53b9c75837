/**
 * Backup evidence: what AWS Backup says actually happened (jobs, recovery points), as opposed to the
 * configuration in the live state. Read by the adapters' `readEvidence` (AWS) for the targets the
 * report's health checks name ({@link EvidenceTargets}), or absent offline. Pure types, shared by the
 * adapters (which read it) and src/report/health (which weighs it).
 */

/** The result of one evidence read: the items, or why they could not be read (never "ok, none"). */
export type EvidenceRead<T> =
  | { readonly status: 'ok'; readonly items: readonly T[] }
  | { readonly status: 'unverifiable'; readonly reason: string };

/** One AWS Backup job (ListBackupJobs member), normalised. */
export interface BackupJobRecord {
  readonly jobId: string;
  /** CREATED | PENDING | RUNNING | ABORTING | ABORTED | COMPLETED | FAILED | EXPIRED | PARTIAL. */
  readonly state: string;
  /** ISO. */
  readonly creationDate: string;
  /** ISO; undefined while running. */
  readonly completionDate?: string;
  readonly backupVaultName?: string;
  readonly statusMessage?: string;
}

/** Backup jobs of one protected resource in one region. */
export interface BackupJobsEvidence {
  readonly resourceArn: string;
  readonly region: string;
  readonly jobs: EvidenceRead<BackupJobRecord>;
}

/** One recovery point (ListRecoveryPointsByBackupVault member), normalised. */
export interface RecoveryPointRecord {
  readonly recoveryPointArn: string;
  readonly resourceArn?: string;
  /** COMPLETED | PARTIAL | DELETING | EXPIRED | AVAILABLE | STOPPED | CREATING. */
  readonly status: string;
  /** ISO. */
  readonly creationDate: string;
  readonly completionDate?: string;
}

/** The recent recovery points of one vault (for the protected resources when they are known). */
export interface RecoveryPointsEvidence {
  readonly vaultName: string;
  readonly region: string;
  /** `primary`: a backup rule's target vault; `copy`: a copy action's destination (DR). */
  readonly role: 'primary' | 'copy';
  /** Only points created after this ISO time were listed (bounds the read). */
  readonly since: string;
  readonly points: EvidenceRead<RecoveryPointRecord>;
}

/** Everything `readEvidence` gathered. `offline`: nothing was read (`--live FILE`). */
export interface Evidence {
  readonly mode: 'aws' | 'offline';
  /** Sorted by region, then resource ARN. */
  readonly backupJobs: readonly BackupJobsEvidence[];
  /** Sorted by region, then vault name. */
  readonly recoveryPoints: readonly RecoveryPointsEvidence[];
}

/** Evidence when nothing could be read from AWS (offline report). */
export const OFFLINE_EVIDENCE: Evidence = { mode: 'offline', backupJobs: [], recoveryPoints: [] };

/** A protected resource whose AWS Backup jobs are read. */
export interface JobTarget {
  /** The region of the backup plan that protects it (jobs are listed there). */
  readonly region: string;
  readonly resourceArn: string;
}

/** A vault whose recent recovery points are read. */
export interface VaultTarget {
  readonly region: string;
  readonly name: string;
  /** `primary`: a backup rule's target vault; `copy`: a copy action's destination (DR). */
  readonly role: 'primary' | 'copy';
}

/** What evidence to read: decided by the health side (pure), read by the adapters. */
export interface EvidenceTargets {
  /** Sorted by region, then resource ARN. */
  readonly jobs: readonly JobTarget[];
  /** Sorted by region, then vault name. */
  readonly vaults: readonly VaultTarget[];
  /** Every protected resource ARN (recovery points are listed for these; empty: all of the vault). */
  readonly resourceArns: readonly string[];
}
