/** The `iam.role` adapter: read (GetRole & friends), level-based apply, delete. */
import type { KindAdapter } from '../types.js';
import { applyRole, deleteRole } from './apply.js';
import { readRoles } from './read.js';

export const iamRoleAdapter: KindAdapter<'iam.role'> = {
  kind: 'iam.role',
  read: readRoles,
  apply: applyRole,
  delete: deleteRole,
};
