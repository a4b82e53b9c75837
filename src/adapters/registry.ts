/** Which adapter handles which kind. The executor and readLive look adapters up here. */
import type { ResourceKind } from '../model/resource.js';
import {
  backupPlanAdapter,
  backupRestoreTestingPlanAdapter,
  backupSelectionAdapter,
  backupVaultAdapter,
} from './backup/index.js';
import { cloudwatchAlarmAdapter } from './cloudwatch/index.js';
import { eventsRuleAdapter } from './events/index.js';
import { iamRoleAdapter } from './iam/index.js';
import { rdsInstanceAdapter } from './rds/index.js';
import { s3BucketAdapter } from './s3/index.js';
import { snsTopicAdapter } from './sns/index.js';
import type { KindAdapter } from './types.js';

export const ADAPTERS: { readonly [K in ResourceKind]: KindAdapter<K> } = {
  's3.bucket': s3BucketAdapter,
  'iam.role': iamRoleAdapter,
  'rds.instance': rdsInstanceAdapter,
  'backup.vault': backupVaultAdapter,
  'backup.plan': backupPlanAdapter,
  'backup.selection': backupSelectionAdapter,
  'backup.restoreTestingPlan': backupRestoreTestingPlanAdapter,
  'sns.topic': snsTopicAdapter,
  'events.rule': eventsRuleAdapter,
  'cloudwatch.alarm': cloudwatchAlarmAdapter,
};
