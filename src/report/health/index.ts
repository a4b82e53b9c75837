/** Backup health: evidence types, the evidence reader (AWS, read-only) and the pure evaluator. */
export { evaluateHealth, PITR_LOG_UPLOAD_MINUTES } from './evaluate-health.js';
export type {
  BackupJobRecord,
  BackupJobsEvidence,
  Evidence,
  EvidenceRead,
  RecoveryPointRecord,
  RecoveryPointsEvidence,
} from './evidence.js';
export { OFFLINE_EVIDENCE } from './evidence.js';
export type { HealthCheck, HealthCounts, HealthStatus } from './health-check.js';
export { countHealth, formatMinutes } from './health-check.js';
export { type EvidenceBackupClient, type ReadEvidenceOptions, readEvidence } from './read-evidence.js';
export { scheduleIntervalMinutes } from './schedule-interval.js';
