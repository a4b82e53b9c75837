/** `rds.instance`: the automated-backup settings of an existing DB instance. Pure. */
import { dbInstanceArn } from '../arn.js';
import type { RdsInstanceAttrs } from '../attrs.js';
import type { RiskNote } from '../plan.js';
import { driftSeverityWhenMissing, type KindSpec, ORDINARY_KIND, regionalArn } from './kind-spec.js';
import { high } from './notes.js';

/**
 * Turning automated backups on or off (retention 0 -> N or N -> 0) is an outage: "Changing this
 * parameter can result in an outage if you change from 0 to a non-zero value or from a non-zero value
 * to 0" (RDS API Reference, ModifyDBInstance, BackupRetentionPeriod,
 * https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_ModifyDBInstance.html; RDS user
 * guide, "Backup retention period": https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_WorkingWithAutomatedBackups.html#USER_WorkingWithAutomatedBackups.BackupRetention).
 */
const OUTAGE =
  'the instance is unavailable while RDS does it (an outage); --rds-apply-in-maintenance-window defers it to the maintenance window';

function riskNotes(before: RdsInstanceAttrs | undefined, after: RdsInstanceAttrs): RiskNote[] {
  const b = before?.backupRetentionPeriod;
  const a = after.backupRetentionPeriod;
  if (before === undefined || a === undefined || b === undefined || a === b) return [];
  if (b === 0)
    return [
      high(
        'automated-backups-enabled',
        `RDS automated backups enabled (retention 0 -> ${a} days): ${OUTAGE}`,
      ),
    ];
  if (a > b) return [];
  // Retention 0 turns automated backups off and deletes the existing ones (RDS API Reference,
  // ModifyDBInstance, BackupRetentionPeriod).
  if (a === 0)
    return [
      high(
        'automated-backups-disabled',
        `RDS automated backups disabled (retention 0): point-in-time restore is no longer possible, the automated backups are deleted, and ${OUTAGE}`,
      ),
    ];
  return [
    high(
      'backup-retention-shortened',
      `RDS backup retention ${b} -> ${a} days: point-in-time restore older than ${a} days is no longer possible`,
    ),
  ];
}

export const RDS_INSTANCE: KindSpec<'rds.instance'> = {
  kind: 'rds.instance',
  service: 'rds',
  scope: 'regional',
  arn: regionalArn(dbInstanceArn),
  ...ORDINARY_KIND,
  // A missing database is the loss the backups exist for.
  driftSeverity: driftSeverityWhenMissing('high'),
  specKeys: { backupRetentionPeriod: { key: 'backupRetentionDays' } },
  diff: {
    shape: { t: 'object' },
    fields: {
      // Shown for context (engine, maintenance window for the backup-window lint), never managed.
      readOnly: ['engine', 'engineVersion', 'preferredMaintenanceWindow'],
      writeOnly: [],
      replacementFields: [],
    },
  },
  // A database holds data the spec cannot describe: the tool manages its backups, never its life.
  lifecycle: {
    neverCreated: 'the tool never creates databases',
    neverDeleted: 'the tool never deletes databases',
  },
  riskNotes: (before, after) => riskNotes(before, after),
  defaults: {},
  import: { labelled: false },
  health: {
    evidence: ['rds-pitr', 'backup-jobs-of-resource'],
    // RDS instance metrics are per DBInstanceIdentifier (RDS User Guide, "Amazon CloudWatch metrics
    // for Amazon RDS").
    watchedBy: { namespace: 'AWS/RDS', dimensions: ['DBInstanceIdentifier'] },
  },
};
