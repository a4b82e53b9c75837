/**
 * `backup.restoreTestingPlan`: an AWS Backup restore testing plan and its selections (issue 16):
 * AWS restores a recovery point on a schedule, validates it and deletes it. Pure.
 */
import type { BackupRestoreTestingPlanAttrs } from '../attrs.js';
import type { RiskNote } from '../plan.js';
import { type KindSpec, ORDINARY_KIND } from './kind-spec.js';
import { medium } from './notes.js';

function riskNotes(
  before: BackupRestoreTestingPlanAttrs | undefined,
  after: BackupRestoreTestingPlanAttrs,
): RiskNote[] {
  if (!before?.selections || !after.selections) return [];
  const dropped = Object.keys(before.selections).filter((n) => !after.selections?.[n]);
  return dropped.length
    ? [
        medium(
          'restore-testing-narrowed',
          `restore testing no longer tests selection(s) ${dropped.join(', ')}`,
        ),
      ]
    : [];
}

export const BACKUP_RESTORE_TESTING_PLAN: KindSpec<'backup.restoreTestingPlan'> = {
  kind: 'backup.restoreTestingPlan',
  service: 'backup',
  scope: 'regional',
  // arn:aws:backup:<region>:<account>:restore-testing-plan:<name>-<id>: the suffix is AWS's.
  arn: () => undefined,
  ...ORDINARY_KIND,
  // The spec writes IncludeVaults as `vaults` and the recovery point types as `types`; a selection's
  // role (`role` in the spec, `iamRoleArn` here) keeps the attribute's name in plans (a map of
  // selections by name has no per-item key renaming).
  specKeys: {
    recoveryPoints: { fields: { includeVaults: { key: 'vaults' }, recoveryPointTypes: { key: 'types' } } },
  },
  diff: {
    shape: { t: 'object', fields: { selections: { t: 'object', values: { t: 'object' } } } },
    fields: { readOnly: [], writeOnly: [], replacementFields: [] },
  },
  riskNotes: (before, after) => riskNotes(before, after),
  defaults: {},
  import: { labelled: true },
  health: { evidence: [], watchedBy: null },
};
