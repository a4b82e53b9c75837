/** `backup.selection`: the resources one AWS Backup plan protects. Pure. */
import type { BackupSelectionAttrs } from '../attrs.js';
import type { RiskNote } from '../plan.js';
import { type KindSpec, NO_FIELD_RULES, ORDINARY_KIND } from './kind-spec.js';
import { medium } from './notes.js';

function riskNotes(before: BackupSelectionAttrs | undefined, after: BackupSelectionAttrs): RiskNote[] {
  if (!before || after.resources === undefined) return [];
  const kept = new Set(after.resources);
  const dropped = (before.resources ?? []).filter((r) => !kept.has(r));
  return dropped.length
    ? [medium('selection-narrowed', `backup selection no longer covers ${dropped.join(', ')}`)]
    : [];
}

export const BACKUP_SELECTION: KindSpec<'backup.selection'> = {
  kind: 'backup.selection',
  service: 'backup',
  scope: 'regional',
  // A selection's ARN holds ids AWS assigns (plan id, selection id): not known from the spec.
  arn: () => undefined,
  ...ORDINARY_KIND,
  diff: { shape: { t: 'object' }, fields: NO_FIELD_RULES },
  specKeys: { iamRoleArn: { key: 'role' } },
  riskNotes: (before, after) => riskNotes(before, after),
  defaults: {},
  // Declared inside its plan, keyed by its own name.
  import: { labelled: false },
  health: { evidence: ['backup-selection'], watchedBy: null },
};
