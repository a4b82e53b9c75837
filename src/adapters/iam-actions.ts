/**
 * Operation -> IAM action table: for every operation a declared client can call
 * (src/adapters/operations.ts), the IAM actions it needs, on which resources, under which
 * conditions, and when a command reaches it. `reconcile permissions` (src/adapters/permissions.ts)
 * builds its policies from this table and nothing else; test/adapters/iam-actions.test.ts fails when a
 * declared operation has no entry here (or an entry names an operation no client declares), so a new
 * AWS call cannot be added without the policy knowing.
 *
 * Sources, one page per service, "Actions defined by ..." (the action, its resource types, its
 * condition keys and dependent actions) of the Service Authorization Reference:
 * - S3:          https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazons3.html
 * - IAM:         https://docs.aws.amazon.com/service-authorization/latest/reference/list_awsidentityandaccessmanagementiam.html
 * - RDS:         https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonrds.html
 * - AWS Backup:  https://docs.aws.amazon.com/service-authorization/latest/reference/list_awsbackup.html
 * - SNS:         https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonsns.html
 * - EventBridge: https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazoneventbridge.html
 * - CloudWatch:  https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazoncloudwatch.html
 * Where the S3 action is not named after the operation, the S3 API reference page of the operation
 * says which permission it needs ("Permissions" section), e.g.
 * https://docs.aws.amazon.com/AmazonS3/latest/API/API_DeleteBucketLifecycle.html (s3:PutLifecycleConfiguration).
 * No SDK import here: only data about AWS.
 *
 * `reconcile drill`'s clients (DRILL_CLIENTS) share operation names with the resource clients and the
 * apply lock (s3 DeleteObject, GetBucketTagging, rds DescribeDBInstances, ...) but touch other
 * resources: their entries are in DRILL_IAM_ACTIONS, which `permissionOf` reads for `--for drill`
 * (and only then). Their scopes name what a drill may touch: the object versions of the scenarios'
 * buckets (read, and archive restores), the spec's `drill` sandboxes under their prefix, the
 * `reconcile-drill-*` buckets AWS Backup restores into, the `-drill-` DB instances, the scenarios'
 * vaults' recovery points; never a declared resource's configuration.
 */
import {
  alarmArn,
  bucketArn,
  dbInstanceArn,
  eventsRuleArn,
  PARTITION,
  roleArn,
  topicArn,
} from '../model/arn.js';
import { type DrillTarget, drillInstancePattern, drillTargets } from '../model/drill.js';
import { kindSpec } from '../model/kinds/index.js';
import type { ResourceKind } from '../model/resource.js';
import type { DesiredResource, DesiredState } from '../model/state.js';
import type { ClientDefinition } from './declared-client.js';

/** What a scope computes its resources from. */
export interface ScopeContext {
  /** The command the policy is for. */
  readonly command: string;
  readonly desired: DesiredState;
  /** `--prune-prefix` values: undeclared alarms, rules and backup plans with these prefixes may be listed and deleted. */
  readonly prunePrefixes: readonly string[];
  /** `--publish-sns TOPIC_ARN` (report only). */
  readonly publishTopicArn?: string;
  /** `--lock s3://BUCKET/KEY` (apply, restore): the lock object's ARN. */
  readonly lockObjectArn?: string;
}

/** An IAM `Condition` block (operator -> key -> values). */
export type PolicyCondition = Readonly<Record<string, Readonly<Record<string, string | readonly string[]>>>>;

/**
 * Where a group of actions applies: one policy statement per scope (its `sid` explains it), with the
 * resources it computes from the spec. A scope that yields no resource (the spec declares nothing of
 * the kind) yields no statement.
 */
export interface Scope {
  /** The statement's Sid: alphanumeric, and says why the Resource is what it is. */
  readonly sid: string;
  /** One line for the text output: what the resources are, and why nothing narrower. */
  readonly why: string;
  resources(ctx: ScopeContext): readonly string[];
  condition?(ctx: ScopeContext): PolicyCondition | undefined;
}

/** When a command reaches an operation (default: whenever the command runs). */
export type Reach =
  /** Only discovery listings: `import`, and `--prune-prefix` on plan/apply. */
  | 'discovery'
  /** Only the report's AWS Backup evidence (jobs, recovery points). */
  | 'evidence'
  /** Only `--report --publish-sns`. */
  | 'publish'
  /** Only apply and restore with `--lock s3://BUCKET/KEY` (the S3 apply lock, src/adapters/s3/lock.ts). */
  | 'lock'
  /**
   * Deleting a whole resource of `deletes`: apply reaches it only when the spec declares one
   * `ensure: absent`, when the kind has replacement fields (a replacement deletes first), or for the
   * kinds `--prune-prefix` deletes; restore puts back any saved state, so it may always.
   */
  | 'delete';

/** The permissions of one operation. */
export interface OperationPermission {
  /** IAM actions, `service:Action`, never a wildcard. Empty: the operation needs no permission. */
  readonly actions: readonly string[];
  /** Where the actions apply (undefined only when `actions` is empty). */
  readonly scope?: Scope;
  /** Further permissions the operation needs on other resources (iam:PassRole, a tag action, KMS). */
  readonly also?: readonly { readonly actions: readonly string[]; readonly scope: Scope }[];
  readonly reach?: Reach;
  /** The kind a `delete` operation deletes. */
  readonly deletes?: ResourceKind;
  /**
   * The attribute this read fetches: plan, report and snapshot read only what the spec manages
   * (the adapters' managed scope), so they call it only for resources whose spec sets this field.
   */
  readonly field?: string;
  /** Why no permission is needed (for `actions: []`). */
  readonly note?: string;
}

// ------------------------------------------------------------------------------------------ helpers

function ofKind<K extends ResourceKind>(desired: DesiredState, kind: K): DesiredResource<K>[] {
  return desired.resources.filter((r): r is DesiredResource<K> => r.kind === kind);
}

/** The ARNs the kind's KindSpec builds for the spec's resources of `kind` (sorted, unique). */
function arnsOf(desired: DesiredState, kind: ResourceKind): string[] {
  const out = new Set<string>();
  for (const r of ofKind(desired, kind)) {
    const arn = kindSpec(kind).arn({
      account: desired.account,
      region: r.region,
      name: r.name,
      attrs: r.attrs,
    });
    if (arn) out.add(arn);
  }
  return [...out].sort();
}

/** The regions of the spec's resources of `kind` (sorted). */
function regionsOf(desired: DesiredState, kind: ResourceKind): string[] {
  return [...new Set(ofKind(desired, kind).flatMap((r) => (r.region ? [r.region] : [])))].sort();
}

const sorted = (xs: Iterable<string>): string[] => [...new Set(xs)].sort();

/** `*` for actions that have no resource type, only when the spec has resources of `kinds`. */
function anyResource(sid: string, why: string, kinds: readonly ResourceKind[]): Scope {
  return {
    sid,
    why,
    resources: ({ desired }) => (kinds.some((k) => ofKind(desired, k).length > 0) ? ['*'] : []),
  };
}

// ------------------------------------------------------------------------------------------- scopes

/**
 * S3 objects: the apply lock's object (`--lock s3://BUCKET/KEY`, apply and restore). Object actions
 * take the resource type `object`, `arn:aws:s3:::BUCKET/KEY` (Service Authorization Reference, S3).
 */
const OBJECTS: Scope = {
  sid: 'ApplyLockObject',
  why: 'the apply lock object `--lock s3://BUCKET/KEY` (S3 resource type `object`): taken, renewed and released with conditional writes',
  resources: ({ lockObjectArn }) => (lockObjectArn ? [lockObjectArn] : []),
};

const BUCKETS: Scope = {
  sid: 'SpecBuckets',
  why: "the spec's buckets (S3 resource type `bucket`)",
  resources: ({ desired }) => arnsOf(desired, 's3.bucket'),
};

/**
 * Roles: the ARN with the role's path when the spec manages it; a role whose path is left unmanaged
 * may live under any path (`role/NAME` and `role/*\/NAME`).
 */
function roleArnsOf(account: string, roles: readonly DesiredResource<'iam.role'>[]): string[] {
  return sorted(
    roles.flatMap((r) =>
      r.attrs.path !== undefined
        ? [roleArn(account, r.name, r.attrs.path)]
        : [roleArn(account, r.name), roleArn(account, r.name, '/*/')],
    ),
  );
}

const ROLES: Scope = {
  sid: 'SpecRoles',
  why: "the spec's IAM roles (IAM resource type `role`)",
  resources: ({ desired }) => roleArnsOf(desired.account, ofKind(desired, 'iam.role')),
};

/**
 * AttachRolePolicy only for the managed policies the spec names (condition key iam:PolicyARN, IAM
 * Service Authorization Reference; https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_iam-condition-keys.html#ck_PolicyARN).
 */
const ROLES_ATTACH_DECLARED_POLICIES: Scope = {
  sid: 'AttachOnlyTheSpecsManagedPolicies',
  why: "the spec's roles that attach managed policies, and only those policies (condition iam:PolicyARN)",
  resources: ({ desired }) =>
    roleArnsOf(
      desired.account,
      ofKind(desired, 'iam.role').filter((r) => (r.attrs.managedPolicyArns ?? []).length > 0),
    ),
  condition: ({ desired }) => {
    const policies = sorted(ofKind(desired, 'iam.role').flatMap((r) => r.attrs.managedPolicyArns ?? []));
    return { ArnEquals: { 'iam:PolicyARN': policies } };
  },
};

/**
 * DescribeDBInstances has the resource type `db` (Service Authorization Reference, Amazon RDS), but the
 * reader batches the spec's instances into one call with `Filters` (db-instance-id) and no
 * DBInstanceIdentifier, a call that names no single instance. Which ARN AWS then authorizes is not
 * documented on the pages cited here, so the statement grants `db:*` of the spec's RDS regions in the
 * account (read only): narrower than `*`, and it cannot deny the batch. NOT verified against AWS (moto
 * checks RDS calls against `*` whatever the policy: test/integration/permissions-moto-iam.test.ts).
 */
const DB_INSTANCES_DESCRIBE: Scope = {
  sid: 'DescribeDbInstancesOfTheSpecsRegionsBatchedCallsNameNoInstance',
  why: "db:* in the spec's RDS regions: the reader's batched Filters call names no single instance",
  resources: ({ desired, command }) =>
    // import looks for each --db-instance in every --regions region (here: the spec's regions).
    (command === 'import' && ofKind(desired, 'rds.instance').length > 0
      ? desired.regions
      : regionsOf(desired, 'rds.instance')
    ).map((r) => dbInstanceArn(desired.account, r, '*')),
};

const DB_INSTANCES: Scope = {
  sid: 'SpecDbInstances',
  why: "the spec's RDS DB instances (RDS resource type `db`)",
  resources: ({ desired }) => arnsOf(desired, 'rds.instance'),
};

const VAULTS: Scope = {
  sid: 'SpecBackupVaults',
  why: "the spec's AWS Backup vaults (resource type `backupVault`)",
  resources: ({ desired }) => arnsOf(desired, 'backup.vault'),
};

/**
 * A backup plan's ARN ends in the id AWS assigns when it is created (`backup-plan:<id>`), so no policy
 * written before can name it: every plan of the spec's regions in the account. Selections are
 * authorized on their plan (resource type `backupPlan`).
 */
const BACKUP_PLANS: Scope = {
  sid: 'BackupPlansOfTheSpecsRegionsIdsAreAssignedByAws',
  why: "backup-plan:* in the spec's plan regions (all its regions with --prune-prefix): a plan's ARN holds the id AWS assigns at creation",
  resources: ({ desired, prunePrefixes }) => {
    const declared = [...ofKind(desired, 'backup.plan'), ...ofKind(desired, 'backup.selection')];
    // --prune-prefix reads and deletes undeclared plans in every region of the spec.
    const regions =
      prunePrefixes.length > 0 ? desired.regions : declared.flatMap((r) => (r.region ? [r.region] : []));
    return sorted(regions.map((r) => `arn:${PARTITION}:backup:${r}:${desired.account}:backup-plan:*`));
  },
};

/** Tags of vaults and plans (ListTags, TagResource and UntagResource take either). */
const VAULTS_AND_PLANS: Scope = {
  sid: 'SpecBackupVaultsAndPlansTags',
  why: "the spec's vaults, and the plans of its regions (tags of either)",
  resources: (ctx) => sorted([...VAULTS.resources(ctx), ...BACKUP_PLANS.resources(ctx)]),
};

const TOPICS: Scope = {
  sid: 'SpecTopics',
  why: "the spec's SNS topics (resource type `topic`); for import, their names in each of the spec's regions (import looks for each --topic in every --regions region)",
  resources: ({ desired, command }) =>
    command === 'import'
      ? sorted(
          ofKind(desired, 'sns.topic').flatMap((t) =>
            desired.regions.map((r) => topicArn(desired.account, r, t.name)),
          ),
        )
      : arnsOf(desired, 'sns.topic'),
};

const PUBLISH_TOPIC: Scope = {
  sid: 'PublishReportSummary',
  why: 'the --publish-sns topic, and nothing else',
  resources: ({ publishTopicArn }) => (publishTopicArn ? [publishTopicArn] : []),
};

/** `--prune-prefix P`: the undeclared resources the prefix names, as `<arn prefix>P*`. */
function withPrunePatterns(
  ctx: ScopeContext,
  kind: ResourceKind,
  pattern: (region: string, prefix: string) => string,
): string[] {
  const exact = arnsOf(ctx.desired, kind);
  const patterns = ctx.prunePrefixes.flatMap((p) => ctx.desired.regions.map((r) => pattern(r, p)));
  return sorted([...exact, ...patterns]);
}

const RULES: Scope = {
  sid: 'SpecRules',
  why: "the spec's EventBridge rules (resource type `rule-on-default-event-bus`/`rule-on-custom-event-bus`), and rule/P* for --prune-prefix P",
  resources: (ctx) =>
    withPrunePatterns(ctx, 'events.rule', (r, p) => eventsRuleArn(ctx.desired.account, r, `${p}*`)),
};

const ALARMS: Scope = {
  sid: 'SpecAlarms',
  why: "the spec's CloudWatch alarms (resource type `alarm`), and alarm:P* for --prune-prefix P",
  resources: (ctx) =>
    withPrunePatterns(ctx, 'cloudwatch.alarm', (r, p) => alarmArn(ctx.desired.account, r, `${p}*`)),
};

/**
 * DescribeAlarms asks for up to 100 alarms (or a name prefix) per call: every alarm of the spec's
 * alarm regions in the account. (Composite alarms would even need `*`: CloudWatch API Reference,
 * DescribeAlarms; the tool reads metric alarms only.)
 */
const ALARMS_DESCRIBE: Scope = {
  sid: 'DescribeAlarmsOfTheSpecsRegionsOneCallReadsManyAlarms',
  why: "alarm:* in the spec's alarm regions: one DescribeAlarms call reads up to 100 alarms or a name prefix",
  resources: ({ desired, prunePrefixes }) =>
    (prunePrefixes.length > 0 ? desired.regions : regionsOf(desired, 'cloudwatch.alarm')).map((r) =>
      alarmArn(desired.account, r, '*'),
    ),
};

/** The roles S3 assumes to replicate: iam:PassRole only to s3.amazonaws.com. */
const PASS_REPLICATION_ROLES: Scope = {
  sid: 'PassReplicationRolesToS3Only',
  why: 'the replication roles the spec names, passed to S3 only (condition iam:PassedToService)',
  resources: ({ desired }) =>
    sorted(
      ofKind(desired, 's3.bucket').flatMap((b) => (b.attrs.replication ? [b.attrs.replication.role] : [])),
    ),
  // iam:PassedToService: IAM User Guide, "Granting a user permissions to pass a role to an AWS service"
  // (https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_use_passrole.html).
  condition: () => ({ StringEquals: { 'iam:PassedToService': 's3.amazonaws.com' } }),
};

/** The roles AWS Backup assumes for the spec's selections: iam:PassRole only to backup.amazonaws.com. */
const PASS_SELECTION_ROLES: Scope = {
  sid: 'PassBackupSelectionRolesToAwsBackupOnly',
  why: "the roles the spec's backup selections name, passed to AWS Backup only (condition iam:PassedToService)",
  resources: ({ desired }) =>
    sorted(
      ofKind(desired, 'backup.selection').flatMap((s) => (s.attrs.iamRoleArn ? [s.attrs.iamRoleArn] : [])),
    ),
  // CreateBackupSelection's dependent action iam:PassRole with iam:PassedToService backup.amazonaws.com
  // (Service Authorization Reference, AWS Backup, "API operations defined by AWS Backup").
  condition: () => ({ StringEquals: { 'iam:PassedToService': 'backup.amazonaws.com' } }),
};

/**
 * Creating a vault: backup-storage:MountCapsule (no resource type) and KMS grants on the vault's key,
 * made by AWS Backup on the caller's behalf (AWS Backup Developer Guide, "Create a backup vault",
 * Required permissions: https://docs.aws.amazon.com/aws-backup/latest/devguide/create-a-vault.html).
 */
const VAULT_KEYS: Scope = {
  sid: 'BackupVaultKeysThroughAwsBackupOnly',
  why: "the vaults' KMS keys (the spec's key, else any key of the vault's region), used only through AWS Backup (condition kms:ViaService)",
  resources: ({ desired }) =>
    sorted(
      ofKind(desired, 'backup.vault').flatMap((v) =>
        v.attrs.encryptionKeyArn
          ? [v.attrs.encryptionKeyArn]
          : v.region
            ? [`arn:${PARTITION}:kms:${v.region}:${desired.account}:key/*`]
            : [],
      ),
    ),
  // kms:ViaService: AWS KMS Developer Guide, condition keys (https://docs.aws.amazon.com/kms/latest/developerguide/conditions-kms.html#conditions-kms-via-service):
  // the key is used by AWS Backup on the caller's behalf. Not verified against AWS (moto makes no KMS call here).
  condition: ({ desired }) => ({
    StringEquals: {
      'kms:ViaService': regionsOf(desired, 'backup.vault').map((r) => `backup.${r}.amazonaws.com`),
    },
  }),
};

/**
 * Restore testing plans: resource type `restoreTestingPlan`,
 * `arn:aws:backup:REGION:ACCOUNT:restore-testing-plan:NAME-ID` (Service Authorization Reference, AWS
 * Backup, "Resource types defined by AWS Backup"): the id is AWS's, so `NAME-*`. Selections are
 * authorized on their plan (every *RestoreTestingSelection action takes `restoreTestingPlan`).
 */
const RESTORE_TESTING_PLANS: Scope = {
  sid: 'SpecRestoreTestingPlansArnsEndInAnIdAssignedByAws',
  why: "the spec's restore testing plans (resource type `restoreTestingPlan`) as NAME-*: a plan's ARN ends in an id AWS assigns",
  resources: ({ desired }) =>
    sorted(
      ofKind(desired, 'backup.restoreTestingPlan').flatMap((p) =>
        p.region
          ? [`arn:${PARTITION}:backup:${p.region}:${desired.account}:restore-testing-plan:${p.name}-*`]
          : [],
      ),
    ),
};

/** The roles AWS Backup restore testing assumes for the spec's selections: passed to it only. */
const PASS_RESTORE_TESTING_ROLES: Scope = {
  sid: 'PassRestoreTestingRolesToRestoreTestingOnly',
  why: "the roles the spec's restore testing selections name, passed to AWS Backup restore testing only (condition iam:PassedToService)",
  resources: ({ desired }) =>
    sorted(
      ofKind(desired, 'backup.restoreTestingPlan').flatMap((p) =>
        Object.values(p.attrs.selections ?? {}).flatMap((s) => (s.iamRoleArn ? [s.iamRoleArn] : [])),
      ),
    ),
  // CreateRestoreTestingSelection and UpdateRestoreTestingSelection: iam:PassRole with
  // iam:PassedToService restore-testing.backup.amazonaws.com (Service Authorization Reference, AWS
  // Backup, "API operations defined by AWS Backup"), not backup.amazonaws.com.
  condition: () => ({ StringEquals: { 'iam:PassedToService': 'restore-testing.backup.amazonaws.com' } }),
};

const ACCOUNT_LISTINGS_NO_RESOURCE_TYPE = 'AccountWideListingsHaveNoResourceType';
const LISTING_WHY =
  'account-wide listings: the Service Authorization Reference lists no resource type for them, so only `*` allows them';

// -------------------------------------------------------------------------------------------- table

const s3 = (action: string, extra: Partial<OperationPermission> = {}): OperationPermission => ({
  actions: [`s3:${action}`],
  scope: BUCKETS,
  ...extra,
});
const iam = (action: string, scope: Scope = ROLES): OperationPermission => ({
  actions: [`iam:${action}`],
  scope,
});
const backup = (
  action: string,
  scope: Scope,
  extra: Partial<OperationPermission> = {},
): OperationPermission => ({
  actions: [`backup:${action}`],
  scope,
  ...extra,
});
const sns = (action: string, scope: Scope = TOPICS): OperationPermission => ({
  actions: [`sns:${action}`],
  scope,
});
const events = (action: string, scope: Scope = RULES): OperationPermission => ({
  actions: [`events:${action}`],
  scope,
});

/** SNS has no subscription resource type: the subscription calls are authorized against `*`. */
const SNS_SUBSCRIPTIONS = anyResource(
  'SnsSubscriptionCallsHaveNoResourceType',
  'SNS has no subscription resource type: GetSubscriptionAttributes, SetSubscriptionAttributes and Unsubscribe allow only `*`',
  ['sns.topic'],
);

/**
 * Every declared operation's permissions, keyed `<client service>:<Operation>` (the SDK client key and
 * the AWS API operation, as in src/adapters/operations.ts).
 */
export const IAM_ACTIONS: Readonly<Record<string, OperationPermission>> = {
  // STS
  'sts:GetCallerIdentity': {
    actions: [],
    note: 'sts:GetCallerIdentity needs no permission (STS API Reference, GetCallerIdentity: "No permissions are required to perform this operation")',
  },

  // S3 (bucket subresources: the permission is often not named after the operation)
  's3:ListBuckets': {
    actions: ['s3:ListAllMyBuckets'],
    scope: anyResource(ACCOUNT_LISTINGS_NO_RESOURCE_TYPE, LISTING_WHY, ['s3.bucket']),
    reach: 'discovery',
  },
  's3:GetBucketLocation': s3('GetBucketLocation'),
  's3:GetBucketVersioning': s3('GetBucketVersioning', { field: 'versioning' }),
  's3:GetBucketLifecycleConfiguration': s3('GetLifecycleConfiguration', { field: 'lifecycle' }),
  's3:GetBucketReplication': s3('GetReplicationConfiguration', { field: 'replication' }),
  's3:GetObjectLockConfiguration': s3('GetBucketObjectLockConfiguration', { field: 'objectLock' }),
  's3:ListBucketInventoryConfigurations': s3('GetInventoryConfiguration', { field: 'inventory' }),
  's3:GetBucketTagging': s3('GetBucketTagging', { field: 'tags' }),
  // NoSuchBucketPolicy answers a bucket without one (S3 API Reference, GetBucketPolicy).
  's3:GetBucketPolicy': s3('GetBucketPolicy', { field: 'policy' }),
  's3:PutBucketPolicy': s3('PutBucketPolicy'),
  's3:DeleteBucketPolicy': s3('DeleteBucketPolicy'),
  // The S3 apply lock (src/adapters/s3/lock.ts): conditional PutObject (If-None-Match / If-Match) needs
  // s3:PutObject, conditional DeleteObject s3:DeleteObject (S3 User Guide, "Conditional requests").
  's3:GetObject': { actions: ['s3:GetObject'], scope: OBJECTS, reach: 'lock' },
  's3:PutObject': { actions: ['s3:PutObject'], scope: OBJECTS, reach: 'lock' },
  's3:DeleteObject': { actions: ['s3:DeleteObject'], scope: OBJECTS, reach: 'lock' },
  // CreateBucket with ObjectLockEnabledForBucket also needs s3:PutBucketObjectLockConfiguration and
  // s3:PutBucketVersioning (S3 API Reference, CreateBucket, Permissions): both are in the write list.
  's3:CreateBucket': s3('CreateBucket'),
  's3:PutBucketVersioning': s3('PutBucketVersioning'),
  's3:PutBucketLifecycleConfiguration': s3('PutLifecycleConfiguration'),
  's3:DeleteBucketLifecycle': s3('PutLifecycleConfiguration'),
  's3:PutBucketReplication': s3('PutReplicationConfiguration', {
    also: [{ actions: ['iam:PassRole'], scope: PASS_REPLICATION_ROLES }],
  }),
  's3:DeleteBucketReplication': s3('PutReplicationConfiguration'),
  's3:PutObjectLockConfiguration': s3('PutBucketObjectLockConfiguration'),
  's3:PutBucketInventoryConfiguration': s3('PutInventoryConfiguration'),
  's3:DeleteBucketInventoryConfiguration': s3('PutInventoryConfiguration'),
  's3:PutBucketTagging': s3('PutBucketTagging'),
  's3:DeleteBucketTagging': s3('PutBucketTagging'),

  // IAM (resource type `role` for every call)
  'iam:GetRole': iam('GetRole'),
  'iam:ListRolePolicies': { ...iam('ListRolePolicies'), field: 'inlinePolicies' },
  'iam:GetRolePolicy': { ...iam('GetRolePolicy'), field: 'inlinePolicies' },
  'iam:ListAttachedRolePolicies': { ...iam('ListAttachedRolePolicies'), field: 'managedPolicyArns' },
  'iam:ListRoleTags': { ...iam('ListRoleTags'), field: 'tags' },
  // CreateRole with Tags also needs iam:TagRole (IAM User Guide, "Permissions required to tag IAM
  // entities"): in the write list.
  'iam:CreateRole': iam('CreateRole'),
  'iam:UpdateAssumeRolePolicy': iam('UpdateAssumeRolePolicy'),
  'iam:UpdateRole': iam('UpdateRole'),
  'iam:PutRolePolicy': iam('PutRolePolicy'),
  'iam:DeleteRolePolicy': iam('DeleteRolePolicy'),
  'iam:AttachRolePolicy': iam('AttachRolePolicy', ROLES_ATTACH_DECLARED_POLICIES),
  'iam:DetachRolePolicy': iam('DetachRolePolicy'),
  'iam:TagRole': iam('TagRole'),
  'iam:UntagRole': iam('UntagRole'),
  'iam:DeleteRole': { ...iam('DeleteRole'), reach: 'delete', deletes: 'iam.role' },

  // RDS
  'rds:DescribeDBInstances': { actions: ['rds:DescribeDBInstances'], scope: DB_INSTANCES_DESCRIBE },
  'rds:ModifyDBInstance': { actions: ['rds:ModifyDBInstance'], scope: DB_INSTANCES },

  // AWS Backup (REST paths; the action is named after the operation)
  'backup:ListBackupVaults': backup(
    'ListBackupVaults',
    anyResource(ACCOUNT_LISTINGS_NO_RESOURCE_TYPE, LISTING_WHY, ['backup.vault']),
  ),
  'backup:ListTags': backup('ListTags', VAULTS_AND_PLANS, { field: 'tags' }),
  'backup:ListBackupPlans': backup(
    'ListBackupPlans',
    anyResource(ACCOUNT_LISTINGS_NO_RESOURCE_TYPE, LISTING_WHY, ['backup.plan', 'backup.selection']),
  ),
  'backup:GetBackupPlan': backup('GetBackupPlan', BACKUP_PLANS),
  'backup:ListBackupSelections': backup('ListBackupSelections', BACKUP_PLANS),
  'backup:GetBackupSelection': backup('GetBackupSelection', BACKUP_PLANS),
  'backup:ListBackupJobs': backup(
    'ListBackupJobs',
    anyResource(ACCOUNT_LISTINGS_NO_RESOURCE_TYPE, LISTING_WHY, ['backup.plan', 'backup.selection']),
    { reach: 'evidence' },
  ),
  'backup:ListRecoveryPointsByBackupVault': backup('ListRecoveryPointsByBackupVault', VAULTS, {
    reach: 'evidence',
  }),
  'backup:CreateBackupVault': backup('CreateBackupVault', VAULTS, {
    also: [
      {
        actions: ['backup-storage:MountCapsule'],
        scope: anyResource(
          'BackupStorageMountCapsuleHasNoResourceType',
          'backup-storage:MountCapsule (creating a vault) has no resource type',
          ['backup.vault'],
        ),
      },
      {
        actions: [
          'kms:CreateGrant',
          'kms:DescribeKey',
          'kms:RetireGrant',
          'kms:Decrypt',
          'kms:GenerateDataKey',
        ],
        scope: VAULT_KEYS,
      },
    ],
  }),
  'backup:PutBackupVaultLockConfiguration': backup('PutBackupVaultLockConfiguration', VAULTS),
  'backup:DeleteBackupVaultLockConfiguration': backup('DeleteBackupVaultLockConfiguration', VAULTS),
  'backup:DeleteBackupVault': backup('DeleteBackupVault', VAULTS, {
    reach: 'delete',
    deletes: 'backup.vault',
  }),
  'backup:TagResource': backup('TagResource', VAULTS_AND_PLANS),
  'backup:UntagResource': backup('UntagResource', VAULTS_AND_PLANS),
  'backup:CreateBackupPlan': backup('CreateBackupPlan', BACKUP_PLANS),
  'backup:UpdateBackupPlan': backup('UpdateBackupPlan', BACKUP_PLANS),
  'backup:DeleteBackupPlan': backup('DeleteBackupPlan', BACKUP_PLANS, {
    reach: 'delete',
    deletes: 'backup.plan',
  }),
  'backup:CreateBackupSelection': backup('CreateBackupSelection', BACKUP_PLANS, {
    also: [{ actions: ['iam:PassRole'], scope: PASS_SELECTION_ROLES }],
  }),
  'backup:DeleteBackupSelection': backup('DeleteBackupSelection', BACKUP_PLANS),
  // Restore testing plans and their selections (src/adapters/backup/restore-testing.ts): every action
  // is named after the operation and takes `restoreTestingPlan`. CreateRestoreTestingPlan's dependent
  // backup:TagResource applies to a request with tags; the adapter sends none.
  'backup:GetRestoreTestingPlan': backup('GetRestoreTestingPlan', RESTORE_TESTING_PLANS),
  // The reader lists and reads the selections of every plan it reads (whether the spec manages them or not).
  'backup:ListRestoreTestingSelections': backup('ListRestoreTestingSelections', RESTORE_TESTING_PLANS),
  'backup:GetRestoreTestingSelection': backup('GetRestoreTestingSelection', RESTORE_TESTING_PLANS),
  'backup:CreateRestoreTestingPlan': backup('CreateRestoreTestingPlan', RESTORE_TESTING_PLANS),
  'backup:UpdateRestoreTestingPlan': backup('UpdateRestoreTestingPlan', RESTORE_TESTING_PLANS),
  'backup:DeleteRestoreTestingPlan': backup('DeleteRestoreTestingPlan', RESTORE_TESTING_PLANS, {
    reach: 'delete',
    deletes: 'backup.restoreTestingPlan',
  }),
  'backup:CreateRestoreTestingSelection': backup('CreateRestoreTestingSelection', RESTORE_TESTING_PLANS, {
    also: [{ actions: ['iam:PassRole'], scope: PASS_RESTORE_TESTING_ROLES }],
  }),
  'backup:UpdateRestoreTestingSelection': backup('UpdateRestoreTestingSelection', RESTORE_TESTING_PLANS, {
    also: [{ actions: ['iam:PassRole'], scope: PASS_RESTORE_TESTING_ROLES }],
  }),
  // A selection whose resource type changes is deleted and created again (not only on `delete`).
  'backup:DeleteRestoreTestingSelection': backup('DeleteRestoreTestingSelection', RESTORE_TESTING_PLANS),

  // SNS (the topic client, then the report's publish client)
  'sns:GetTopicAttributes': sns('GetTopicAttributes'),
  'sns:ListSubscriptionsByTopic': { ...sns('ListSubscriptionsByTopic'), field: 'subscriptions' },
  'sns:GetSubscriptionAttributes': {
    ...sns('GetSubscriptionAttributes', SNS_SUBSCRIPTIONS),
    field: 'subscriptions',
  },
  'sns:ListTagsForResource': { ...sns('ListTagsForResource'), field: 'tags' },
  // CreateTopic with Tags also needs sns:TagResource (its dependent action): in the write list.
  'sns:CreateTopic': sns('CreateTopic'),
  'sns:SetTopicAttributes': sns('SetTopicAttributes'),
  'sns:Subscribe': sns('Subscribe'),
  'sns:Unsubscribe': sns('Unsubscribe', SNS_SUBSCRIPTIONS),
  'sns:SetSubscriptionAttributes': sns('SetSubscriptionAttributes', SNS_SUBSCRIPTIONS),
  'sns:TagResource': sns('TagResource'),
  'sns:UntagResource': sns('UntagResource'),
  'sns:DeleteTopic': { ...sns('DeleteTopic'), reach: 'delete', deletes: 'sns.topic' },
  'sns:Publish': { actions: ['sns:Publish'], scope: PUBLISH_TOPIC, reach: 'publish' },

  // EventBridge
  'events:DescribeRule': events('DescribeRule'),
  'events:ListTargetsByRule': events('ListTargetsByRule'),
  'events:ListRules': {
    ...events('ListRules', anyResource(ACCOUNT_LISTINGS_NO_RESOURCE_TYPE, LISTING_WHY, ['events.rule'])),
    reach: 'discovery',
  },
  'events:PutRule': events('PutRule'),
  'events:PutTargets': events('PutTargets'),
  'events:RemoveTargets': events('RemoveTargets'),
  'events:DeleteRule': { ...events('DeleteRule'), reach: 'delete', deletes: 'events.rule' },

  // CloudWatch
  'cloudwatch:DescribeAlarms': { actions: ['cloudwatch:DescribeAlarms'], scope: ALARMS_DESCRIBE },
  'cloudwatch:PutMetricAlarm': { actions: ['cloudwatch:PutMetricAlarm'], scope: ALARMS },
  'cloudwatch:DeleteAlarms': {
    actions: ['cloudwatch:DeleteAlarms'],
    scope: ALARMS,
    reach: 'delete',
    deletes: 'cloudwatch.alarm',
  },
};

// --------------------------------------------------------------------------------- the drill's table

/** The restores of every recovery scenario the spec's `drill` section covers (`reconcile drill SCENARIO`). */
function drillTargetsOf(desired: DesiredState): DrillTarget[] {
  const settings = desired.drill?.scenarios ?? {};
  return desired.recovery.flatMap((s) => (settings[s.name] ? drillTargets(desired, s) : []));
}

/** The drill's sandboxes (spec `drill.sandbox`, per scenario), unique, sorted by bucket then prefix. */
function drillSandboxes(desired: DesiredState): { bucket: string; prefix: string }[] {
  const out = new Map<string, { bucket: string; prefix: string }>();
  for (const s of Object.values(desired.drill?.scenarios ?? {}))
    if (s.sandbox) out.set(`${s.sandbox.bucket}/${s.sandbox.prefix}`, s.sandbox);
  return [...out.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([, v]) => v);
}

const hasDrill = (desired: DesiredState): boolean => Object.keys(desired.drill?.scenarios ?? {}).length > 0;

/** Whether a drill phase can create a DB instance (an RDS point-in-time restore, an AWS Backup restore). */
const createsDbInstances = (desired: DesiredState): boolean =>
  drillTargetsOf(desired).some((t) => t.kind === 'rds-pitr' || t.kind === 'backup-restore');

const vaultTargets = (desired: DesiredState) =>
  drillTargetsOf(desired).filter(
    (t): t is Extract<DrillTarget, { kind: 'backup-restore' }> => t.kind === 'backup-restore',
  );

/**
 * The buckets AWS Backup restores an S3 recovery point into for a drill, `reconcile-drill-<run id>-<n>`
 * (DRILL_BUCKET_PREFIX of src/adapters/s3/drill.ts, not imported here: that module imports the SDK; a
 * test checks they are equal).
 */
export const DRILL_BUCKET_NAME_PREFIX = 'reconcile-drill-';

/** The source buckets a drill reads object versions of: the scenarios' buckets. */
const DRILL_SOURCE_BUCKETS: Scope = {
  sid: 'DrillListsVersionsOfTheScenariosBuckets',
  why: "the buckets the spec's drilled recovery scenarios list (S3 resource type `bucket`): their object versions are listed, never written",
  resources: ({ desired }) =>
    sorted(
      drillTargetsOf(desired).flatMap((t) =>
        t.kind === 's3-version' || t.kind === 's3-replica' ? [bucketArn(t.bucket)] : [],
      ),
    ),
};

/** The sample objects a drill reads, copies from and restores from archive: `BUCKET/<samples.prefix>*`. */
const DRILL_SOURCE_OBJECTS: Scope = {
  sid: 'DrillReadsAndRestoresSampleVersionsOfTheScenariosBuckets',
  why: "the objects under drill.samples.prefix of the drilled scenarios' buckets (S3 resource type `object`): read, copied from, and restored from archive (a temporary copy; the object, its versions and storage class are unchanged)",
  resources: ({ desired }) => {
    const settings = desired.drill?.scenarios ?? {};
    return sorted(
      desired.recovery.flatMap((s) => {
        const drill = settings[s.name];
        if (!drill) return [];
        return drillTargets(desired, s).flatMap((t) =>
          t.kind === 's3-version' || t.kind === 's3-replica'
            ? [`${bucketArn(t.bucket)}/${drill.samples.prefix}*`]
            : [],
        );
      }),
    );
  },
};

/** The sandbox buckets: only their versions under the drill prefix are listed (condition s3:prefix). */
const DRILL_SANDBOX_BUCKETS: Scope = {
  sid: 'DrillListsItsSandboxPrefixes',
  why: 'the drill.sandbox buckets, listed under the sandbox prefix only (condition s3:prefix)',
  resources: ({ desired }) => sorted(drillSandboxes(desired).map((s) => bucketArn(s.bucket))),
  // s3:prefix on ListBucketVersions: Service Authorization Reference, S3 (condition keys of ListBucketVersions).
  condition: ({ desired }) => ({
    StringLike: { 's3:prefix': sorted(drillSandboxes(desired).map((s) => `${s.prefix}*`)) },
  }),
};

/** The sandbox copies: written, read back, tagged and deleted under the prefix only. */
const DRILL_SANDBOX_OBJECTS: Scope = {
  sid: 'DrillWritesOnlyUnderItsSandboxPrefixes',
  why: 'the objects under each drill.sandbox prefix (S3 resource type `object`): the drill copies versions there, reads them back and deletes them',
  resources: ({ desired }) =>
    sorted(drillSandboxes(desired).map((s) => `${bucketArn(s.bucket)}/${s.prefix}*`)),
};

/** The temporary buckets of AWS Backup S3 restores (only when a scenario restores a vault). */
const DRILL_BUCKETS: Scope = {
  sid: 'DrillTemporaryRestoreBuckets',
  why: `${DRILL_BUCKET_NAME_PREFIX}* buckets: AWS Backup restores a vault's S3 recovery point into a new bucket of that name, which the drill tags, counts, empties and deletes (only one carrying its reconcile:drill tag)`,
  resources: ({ desired }) =>
    vaultTargets(desired).length > 0 ? [bucketArn(`${DRILL_BUCKET_NAME_PREFIX}*`)] : [],
};

const DRILL_BUCKET_OBJECTS: Scope = {
  sid: 'DrillEmptiesItsTemporaryRestoreBuckets',
  why: `the objects of ${DRILL_BUCKET_NAME_PREFIX}* buckets (S3 resource type \`object\`): every version is deleted before the bucket`,
  resources: ({ desired }) =>
    vaultTargets(desired).length > 0 ? [`${bucketArn(`${DRILL_BUCKET_NAME_PREFIX}*`)}/*`] : [],
};

/**
 * DescribeDBInstances: the phases describe the source and temporary instances, and `drill --cleanup`
 * lists every instance of each spec region (no identifier, see DB_INSTANCES_DESCRIBE): `db:*` of every
 * spec region, read only.
 */
const DRILL_DB_DESCRIBE: Scope = {
  sid: 'DrillDescribesDbInstancesOfTheSpecsRegionsCleanupListsThemAll',
  why: 'db:* in every spec region: the drill describes its source and temporary instances, and drill --cleanup lists every instance to find those it left',
  resources: ({ desired }) =>
    hasDrill(desired) ? desired.regions.map((r) => dbInstanceArn(desired.account, r, '*')) : [],
};

/** The scenarios' DB instances, restored from (RestoreDBInstanceToPointInTime names the source `db`). */
const DRILL_DB_SOURCES: Scope = {
  sid: 'DrillRestoresFromTheScenariosDbInstances',
  why: 'the RDS DB instances of the drilled scenarios (resource type `db`): the source of a point-in-time restore, never written',
  resources: ({ desired }) =>
    sorted(
      drillTargetsOf(desired).flatMap((t) =>
        t.kind === 'rds-pitr' ? [dbInstanceArn(desired.account, t.region, t.instance)] : [],
      ),
    ),
};

/** The point-in-time restores' targets: `<source id>-drill-*` (drillInstancePattern, src/model/drill.ts). */
const DRILL_DB_RESTORED: Scope = {
  sid: 'DrillRestoresIntoInstancesNamedAfterTheirSource',
  why: 'the temporary instances of point-in-time restores, `<source id>-drill-<run id>` (RDS resource type `db`)',
  resources: ({ desired }) =>
    sorted(
      drillTargetsOf(desired).flatMap((t) =>
        t.kind === 'rds-pitr'
          ? [`arn:${PARTITION}:rds:${t.region}:${desired.account}:db:${drillInstancePattern(t.instance)}`]
          : [],
      ),
    ),
};

/**
 * RestoreDBInstanceToPointInTime also requires the resource types `og`, `pg` and `subgrp` (Service
 * Authorization Reference, Amazon RDS): the restore uses the source's subnet group and the engine's
 * default option and parameter groups, none of which the spec declares: every one of the restore's
 * region. Its dependent iam:PassRole and rds:CreateTenantDatabase apply to requests the drill does not
 * make (a domain role, a multi-tenant instance); rds:AddTagsToResource (the request's Tags) is in
 * DrillTemporaryDbInstances.
 */
const DRILL_DB_RESTORE_GROUPS: Scope = {
  sid: 'DrillPointInTimeRestoreUsesTheSourcesSubnetAndDefaultGroups',
  why: "option groups, parameter groups and subnet groups of the point-in-time restores' regions: required resource types of RestoreDBInstanceToPointInTime, named by the source instance, not the spec",
  resources: ({ desired }) =>
    sorted(
      drillTargetsOf(desired).flatMap((t) =>
        t.kind === 'rds-pitr'
          ? ['og', 'pg', 'subgrp'].map(
              (type) => `arn:${PARTITION}:rds:${t.region}:${desired.account}:${type}:*`,
            )
          : [],
      ),
    ),
};

/**
 * Temporary instances, from point-in-time restores and from AWS Backup restores (whose source is the
 * recovery point's, known only when the drill runs), and those `drill --cleanup` removes in any spec
 * region: `db:*-drill-*`. The drill checks the name and its reconcile:drill tag before every delete.
 */
const drillDbInstances = (desired: DesiredState): string[] =>
  createsDbInstances(desired)
    ? desired.regions.map((r) => `arn:${PARTITION}:rds:${r}:${desired.account}:db:*-drill-*`)
    : [];

const DRILL_DB_TEMPORARY: Scope = {
  sid: 'DrillTemporaryDbInstances',
  why: 'the temporary instances `*-drill-*` of every spec region (RDS resource type `db`): tagged by the drill, their tags read before a delete',
  resources: ({ desired }) => drillDbInstances(desired),
};

/** Deleting: only an instance that carries the drill's tag (condition aws:ResourceTag on the `db` resource type). */
const DRILL_DB_DELETE: Scope = {
  sid: 'DrillDeletesOnlyDbInstancesItTagged',
  why: 'the temporary instances `*-drill-*` of every spec region, and only when they carry the reconcile:drill tag (condition aws:ResourceTag)',
  resources: ({ desired }) => drillDbInstances(desired),
  // aws:ResourceTag/${TagKey} is a condition key of the `db` resource type (Service Authorization
  // Reference, Amazon RDS); `Null: false` requires the tag to be present. NOT verified against AWS.
  condition: () => ({ Null: { 'aws:ResourceTag/reconcile:drill': 'false' } }),
};

/** The scenarios' vaults: their recovery points are listed (resource type `backupVault`). */
const DRILL_VAULTS: Scope = {
  sid: 'DrillListsRecoveryPointsOfTheScenariosVaults',
  why: 'the AWS Backup vaults of the drilled scenarios (resource type `backupVault`): their recovery points are listed',
  resources: ({ desired }) =>
    arnsOf(
      {
        ...desired,
        resources: desired.resources.filter((r) =>
          vaultTargets(desired).some((t) => t.resource === r.address),
        ),
      },
      'backup.vault',
    ),
};

/**
 * StartRestoreJob takes the resource type `recoveryPoint`, whose ARN is the backed-up service's
 * (`arn:${Partition}:${Vendor}:${Region}:*:${ResourceType}:${RecoveryPointId}`, Service Authorization
 * Reference, AWS Backup) and names no vault: an S3 point is `backup:...:recovery-point:ID`, an RDS
 * snapshot `rds:...:snapshot:awsbackup:job-ID`. The drill restores these two kinds, so: those ARNs of
 * the scenarios' vaults' regions. NOT verified against AWS.
 */
const DRILL_RECOVERY_POINTS: Scope = {
  sid: 'DrillRestoresRecoveryPointsOfTheVaultsRegionsArnsNameNoVault',
  why: "S3 and RDS recovery points of the drilled vaults' regions: a recovery point's ARN names its service, not its vault",
  resources: ({ desired }) =>
    sorted(
      vaultTargets(desired).flatMap((t) => [
        `arn:${PARTITION}:backup:${t.region}:${desired.account}:recovery-point:*`,
        `arn:${PARTITION}:rds:${t.region}:${desired.account}:snapshot:awsbackup:*`,
      ]),
    ),
};

/**
 * The restore role: the recovery point's own (the role that backed it up), i.e. the roles of the spec's
 * backup selections; passed to AWS Backup only (StartRestoreJob's dependent iam:PassRole with
 * iam:PassedToService backup.amazonaws.com, Service Authorization Reference, AWS Backup).
 */
const PASS_RESTORE_ROLES: Scope = {
  sid: 'PassRestoreRolesToAwsBackupOnly',
  why: "the roles of the spec's backup selections (a recovery point's role, which the drill restores with), passed to AWS Backup only (condition iam:PassedToService)",
  resources: (ctx) => (vaultTargets(ctx.desired).length > 0 ? PASS_SELECTION_ROLES.resources(ctx) : []),
  condition: () => ({ StringEquals: { 'iam:PassedToService': 'backup.amazonaws.com' } }),
};

const drillS3 = (
  actions: readonly string[],
  scope: Scope,
  also: OperationPermission['also'] = [],
): OperationPermission => ({ actions, scope, also });

/**
 * `reconcile drill`'s operations (DRILL_CLIENTS: src/adapters/{s3,rds,backup}/drill.ts), keyed like
 * IAM_ACTIONS: `permissionOf` reads this table for `--for drill`, IAM_ACTIONS for every other command
 * (and for the drill's identity check). S3 permissions per operation: the S3 API Reference's
 * "Permissions" section of each operation, e.g. https://docs.aws.amazon.com/AmazonS3/latest/API/API_CopyObject.html
 * (s3:GetObject on the source, s3:GetObjectVersion for a `versionId`, s3:PutObject on the destination,
 * s3:PutObjectTagging for the request's tags), API_DeleteObject.html (s3:DeleteObject, and
 * s3:DeleteObjectVersion for a `versionId`), API_GetObjectTagging.html (s3:GetObjectVersionTagging for a
 * `versionId`), API_HeadObject.html, API_ListObjectVersions.html (s3:ListBucketVersions),
 * API_RestoreObject.html (s3:RestoreObject).
 */
export const DRILL_IAM_ACTIONS: Readonly<Record<string, OperationPermission>> = {
  // S3: sample versions of the scenarios' buckets, copies into the sandbox, AWS Backup's restore buckets.
  's3:ListObjectVersions': drillS3(['s3:ListBucketVersions'], DRILL_SOURCE_BUCKETS, [
    { actions: ['s3:ListBucketVersions'], scope: DRILL_SANDBOX_BUCKETS },
    { actions: ['s3:ListBucketVersions'], scope: DRILL_BUCKETS },
  ]),
  // A source version (VersionId: s3:GetObjectVersion) and the sandbox copy (no version: s3:GetObject).
  's3:HeadObject': drillS3(['s3:GetObjectVersion'], DRILL_SOURCE_OBJECTS, [
    { actions: ['s3:GetObject'], scope: DRILL_SANDBOX_OBJECTS },
  ]),
  's3:GetObjectTagging': drillS3(
    ['s3:GetObjectTagging', 's3:GetObjectVersionTagging'],
    DRILL_SANDBOX_OBJECTS,
  ),
  's3:CopyObject': drillS3(['s3:PutObject', 's3:PutObjectTagging'], DRILL_SANDBOX_OBJECTS, [
    { actions: ['s3:GetObject', 's3:GetObjectVersion'], scope: DRILL_SOURCE_OBJECTS },
  ]),
  's3:RestoreObject': drillS3(['s3:RestoreObject'], DRILL_SOURCE_OBJECTS),
  's3:DeleteObject': drillS3(['s3:DeleteObject', 's3:DeleteObjectVersion'], DRILL_SANDBOX_OBJECTS, [
    { actions: ['s3:DeleteObject', 's3:DeleteObjectVersion'], scope: DRILL_BUCKET_OBJECTS },
  ]),
  // Finding and removing AWS Backup's restore buckets.
  's3:ListBuckets': drillS3(['s3:ListAllMyBuckets'], {
    sid: ACCOUNT_LISTINGS_NO_RESOURCE_TYPE,
    why: LISTING_WHY,
    // `drill --cleanup` looks for restore buckets left behind whatever the scenarios restore.
    resources: ({ desired }) => (hasDrill(desired) ? ['*'] : []),
  }),
  's3:GetBucketLocation': drillS3(['s3:GetBucketLocation'], DRILL_BUCKETS),
  's3:GetBucketTagging': drillS3(['s3:GetBucketTagging'], DRILL_BUCKETS),
  's3:PutBucketTagging': drillS3(['s3:PutBucketTagging'], DRILL_BUCKETS),
  's3:DeleteBucket': drillS3(['s3:DeleteBucket'], DRILL_BUCKETS),

  // RDS: point-in-time restores into temporary instances, and their removal.
  'rds:DescribeDBInstances': { actions: ['rds:DescribeDBInstances'], scope: DRILL_DB_DESCRIBE },
  'rds:ListTagsForResource': { actions: ['rds:ListTagsForResource'], scope: DRILL_DB_TEMPORARY },
  'rds:RestoreDBInstanceToPointInTime': {
    actions: ['rds:RestoreDBInstanceToPointInTime'],
    scope: DRILL_DB_SOURCES,
    also: [
      { actions: ['rds:RestoreDBInstanceToPointInTime'], scope: DRILL_DB_RESTORED },
      { actions: ['rds:RestoreDBInstanceToPointInTime'], scope: DRILL_DB_RESTORE_GROUPS },
    ],
  },
  'rds:AddTagsToResource': { actions: ['rds:AddTagsToResource'], scope: DRILL_DB_TEMPORARY },
  'rds:DeleteDBInstance': { actions: ['rds:DeleteDBInstance'], scope: DRILL_DB_DELETE },

  // AWS Backup: the newest recovery point of a scenario's vault, restored and followed.
  'backup:ListRecoveryPointsByBackupVault': {
    actions: ['backup:ListRecoveryPointsByBackupVault'],
    scope: DRILL_VAULTS,
  },
  'backup:StartRestoreJob': {
    actions: ['backup:StartRestoreJob'],
    scope: DRILL_RECOVERY_POINTS,
    also: [{ actions: ['iam:PassRole'], scope: PASS_RESTORE_ROLES }],
  },
  'backup:DescribeRestoreJob': {
    actions: ['backup:DescribeRestoreJob'],
    scope: {
      sid: 'DescribeRestoreJobHasNoResourceType',
      why: 'backup:DescribeRestoreJob has no resource type (Service Authorization Reference, AWS Backup): only `*` allows it',
      resources: ({ desired }) => (vaultTargets(desired).length > 0 ? ['*'] : []),
    },
  },
};

/** The table's key of an operation. */
export function operationKey(service: ClientDefinition['service'], operation: string): string {
  return `${service}:${operation}`;
}

/**
 * The permissions of one declared operation for `command`: the drill's own table for `drill` (its
 * clients' operations), IAM_ACTIONS otherwise; throws for an operation the table lacks (a test
 * prevents it).
 */
export function permissionOf(
  service: ClientDefinition['service'],
  operation: string,
  command?: string,
): OperationPermission {
  const key = operationKey(service, operation);
  // The drill calls its own clients' operations, and the identity check (sts, from IAM_ACTIONS).
  const p = command === 'drill' && service !== 'sts' ? DRILL_IAM_ACTIONS[key] : IAM_ACTIONS[key];
  if (!p)
    throw new Error(
      `assertion: no IAM action mapping for ${service} ${operation} (src/adapters/iam-actions.ts)`,
    );
  return p;
}
