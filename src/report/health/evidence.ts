/**
 * Backup evidence types. They live in src/model/evidence.ts (the adapters read evidence, the health
 * checks weigh it, and adapters import nothing from src/report); re-exported here for the health code.
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
