/** Builders for live states and evidence in health and report tests. */

import type { BackupJobRecord, Evidence, RecoveryPointRecord } from '../../src/model/evidence.js';
import type { ResourceAddress } from '../../src/model/resource.js';
import type { DesiredState, LiveState, Observation } from '../../src/model/state.js';
import { ACCOUNT } from '../lint/desired-builders.js';

/** The fixed clock of health and report tests. */
export const NOW = new Date('2026-03-01T12:00:00.000Z');

/** `minutes` before NOW, as ISO. */
export function ago(minutes: number): string {
  return new Date(NOW.getTime() - minutes * 60_000).toISOString();
}

/**
 * A live state where every desired resource is present exactly as desired (facts empty), with
 * per-address overrides.
 */
export function liveState(
  desired: DesiredState,
  overrides: Record<ResourceAddress, Observation> = {},
): LiveState {
  const resources: Record<ResourceAddress, Observation> = {};
  for (const r of desired.resources) resources[r.address] = { status: 'present', attrs: r.attrs };
  Object.assign(resources, overrides);
  return {
    formatVersion: 1,
    account: ACCOUNT,
    capturedAt: NOW.toISOString(),
    source: { kind: 'aws' },
    resources,
  };
}

export function job(
  state: string,
  createdMinutesAgo: number,
  over: Partial<BackupJobRecord> = {},
): BackupJobRecord {
  return {
    jobId: `job-${state.toLowerCase()}-${createdMinutesAgo}`,
    state,
    creationDate: ago(createdMinutesAgo),
    ...(state === 'COMPLETED' ? { completionDate: ago(Math.max(0, createdMinutesAgo - 20)) } : {}),
    backupVaultName: 'primary-vault',
    ...over,
  };
}

export function point(
  vault: string,
  region: string,
  createdMinutesAgo: number,
  resourceArn: string,
  status = 'COMPLETED',
): RecoveryPointRecord {
  return {
    recoveryPointArn: `arn:aws:backup:${region}:${ACCOUNT}:recovery-point:${vault}-${createdMinutesAgo}`,
    resourceArn,
    status,
    creationDate: ago(createdMinutesAgo),
  };
}

export function evidence(over: Partial<Evidence> = {}): Evidence {
  return { mode: 'aws', backupJobs: [], recoveryPoints: [], ...over };
}
