/** The `iam.role` adapter: read (GetRole & friends), apply (the plan's diffs), delete. */
import type { KindAdapter } from '../types.js';
import { applyRole, deleteRole } from './apply.js';
import { readRoles } from './read.js';

export const iamRoleAdapter: KindAdapter<'iam.role'> = {
  kind: 'iam.role',
  read: readRoles,
  apply: applyRole,
  delete: deleteRole,
};
