/** The `rds.instance` adapter: read (DescribeDBInstances) and apply (the plan's diffs). No create, no delete. */
import type { KindAdapter } from '../types.js';
import { applyDbInstance } from './apply.js';
import { readDbInstances } from './read.js';

export const rdsInstanceAdapter: KindAdapter<'rds.instance'> = {
  kind: 'rds.instance',
  read: readDbInstances,
  apply: applyDbInstance,
};
