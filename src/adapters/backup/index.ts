/** The AWS Backup adapters: vaults, plans and selections (read, apply of the plan's diffs, delete). */
import type { KindAdapter } from '../types.js';
import { applyPlan, applySelection, applyVault, deletePlan, deleteSelection, deleteVault } from './apply.js';
import { readPlans, readSelections, readVaults } from './read.js';
import {
  applyRestoreTestingPlan,
  deleteRestoreTestingPlan,
  readRestoreTestingPlans,
} from './restore-testing.js';

export const backupVaultAdapter: KindAdapter<'backup.vault'> = {
  kind: 'backup.vault',
  read: readVaults,
  apply: applyVault,
  delete: deleteVault,
};

export const backupPlanAdapter: KindAdapter<'backup.plan'> = {
  kind: 'backup.plan',
  read: readPlans,
  apply: applyPlan,
  delete: deletePlan,
};

export const backupSelectionAdapter: KindAdapter<'backup.selection'> = {
  kind: 'backup.selection',
  read: readSelections,
  apply: applySelection,
  delete: deleteSelection,
};

export const backupRestoreTestingPlanAdapter: KindAdapter<'backup.restoreTestingPlan'> = {
  kind: 'backup.restoreTestingPlan',
  read: readRestoreTestingPlans,
  apply: applyRestoreTestingPlan,
  delete: deleteRestoreTestingPlan,
};
