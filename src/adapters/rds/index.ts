/** The `rds.instance` adapter: read (DescribeDBInstances) and level-based apply. No create, no delete. */
import type { KindAdapter } from '../types.js';
import { applyDbInstance } from './apply.js';
import { readDbInstances } from './read.js';

export const rdsInstanceAdapter: KindAdapter<'rds.instance'> = {
  kind: 'rds.instance',
  read: readDbInstances,
  apply: applyDbInstance,
};
