/** `backup.selection`: the resources one AWS Backup plan protects. Pure. */
import type { BackupSelectionAttrs } from '../attrs.js';
import type { RiskNote } from '../plan.js';
import {
  driftSeverityWhenMissing,
  type KindSpec,
  NO_FIELD_RULES,
  ORDINARY_KIND,
  type RiskContext,
} from './kind-spec.js';
import { low, medium } from './notes.js';

function riskNotes(
  before: BackupSelectionAttrs | undefined,
  after: BackupSelectionAttrs,
  ctx: RiskContext,
): RiskNote[] {
  if (!before) return [];
  const notes: RiskNote[] = [];
  if (after.resources !== undefined) {
    const kept = new Set(after.resources);
    const dropped = (before.resources ?? []).filter((r) => !kept.has(r));
    if (dropped.length)
      notes.push(medium('selection-narrowed', `backup selection no longer covers ${dropped.join(', ')}`));
  }
  // AWS Backup has no UpdateBackupSelection: a changed selection is a new one (CreateBackupSelection,
  // https://docs.aws.amazon.com/aws-backup/latest/devguide/API_CreateBackupSelection.html, and
  // DeleteBackupSelection, https://docs.aws.amazon.com/aws-backup/latest/devguide/API_DeleteBackupSelection.html).
  if (ctx.action === 'update')
    notes.push(
      low(
        'selection-recreated',
        'AWS Backup cannot update a selection: the new one is created first (waiting for a new IAM role to propagate), then the old one deleted; its selection id changes',
      ),
    );
  return notes;
}

export const BACKUP_SELECTION: KindSpec<'backup.selection'> = {
  kind: 'backup.selection',
  service: 'backup',
  scope: 'regional',
  // A selection's ARN holds ids AWS assigns (plan id, selection id): not known from the spec.
  arn: () => undefined,
  ...ORDINARY_KIND,
  // A missing selection means its resources are no longer backed up: high-severity drift.
  driftSeverity: driftSeverityWhenMissing('high'),
  diff: { shape: { t: 'object' }, fields: NO_FIELD_RULES },
  specKeys: { iamRoleArn: { key: 'role' } },
  riskNotes: (before, after, ctx) => riskNotes(before, after, ctx),
  defaults: {},
  // Declared inside its plan, keyed by its own name.
  import: { labelled: false },
  health: { evidence: ['backup-selection'], watchedBy: null },
};
