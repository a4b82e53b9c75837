/**
 * Backup health: evidence types and the pure evaluator. The evidence reader (AWS, read-only) is
 * src/adapters/backup/read-evidence.ts.
 */

export type {
  BackupJobRecord,
  BackupJobsEvidence,
  Evidence,
  EvidenceRead,
  EvidenceTargets,
  RecoveryPointRecord,
  RecoveryPointsEvidence,
} from '../../model/evidence.js';
export { OFFLINE_EVIDENCE } from '../../model/evidence.js';
export { drillChecks, lastDrills } from './drill-checks.js';
export { evaluateHealth, PITR_LOG_UPLOAD_MINUTES } from './evaluate-health.js';
export { evidenceTargets } from './evidence-targets.js';
export type { HealthCheck, HealthCounts, HealthStatus } from './health-check.js';
export { countHealth, formatMinutes } from './health-check.js';
export { scheduleIntervalMinutes } from './schedule-interval.js';
