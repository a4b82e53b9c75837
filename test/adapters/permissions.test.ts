/**
 * The policy builder on small specs (fixtures, no AWS): what a spec declares decides which actions
 * and resources a command's policy holds, nothing else does.
 */
import { describe, expect, it } from 'vitest';
import { parseSpec } from '../../spec/parse-spec.js';
import type { AwsCommand } from '../../src/adapters/operations.js';
import { buildPermissions, type PolicyDocument } from '../../src/adapters/permissions.js';

const ACCOUNT = '828879644785';

function spec(body: string) {
  return parseSpec(
    new TextEncoder().encode(`version: 1\naccount: "${ACCOUNT}"\ndefaultRegion: eu-west-1\n${body}`),
    'test.yaml',
    {},
  );
}

const policyOf = (body: string, command: AwsCommand, prunePrefixes: string[] = []): PolicyDocument =>
  buildPermissions(spec(body), { command, prunePrefixes }).policy;
const actions = (p: PolicyDocument) => p.Statement.flatMap((s) => s.Action).sort();
const statement = (p: PolicyDocument, action: string) => p.Statement.find((s) => s.Action.includes(action));

const ONE_BUCKET = `
s3:
  buckets:
    only-bucket:
      region: eu-west-1
      versioning: Enabled
`;

describe('buildPermissions on small specs', () => {
  it('GIVEN a spec of one bucket managing only versioning WHEN --for plan THEN the policy reads its versioning (and may look for it elsewhere), nothing of other services', () => {
    const p = policyOf(ONE_BUCKET, 'plan');
    expect(actions(p)).toEqual(['s3:GetBucketLocation', 's3:GetBucketVersioning']);
    expect(p.Statement.flatMap((s) => s.Resource)).toEqual(['arn:aws:s3:::only-bucket']);
  });

  it('GIVEN the same bucket WHEN --for report THEN it reads the bucket whole (the report is not limited to managed parts)', () => {
    expect(actions(policyOf(ONE_BUCKET, 'report'))).toEqual([
      's3:GetBucketLocation',
      's3:GetBucketObjectLockConfiguration',
      's3:GetBucketPolicy',
      's3:GetBucketTagging',
      's3:GetBucketVersioning',
      's3:GetInventoryConfiguration',
      's3:GetLifecycleConfiguration',
      's3:GetReplicationConfiguration',
    ]);
  });

  it('GIVEN two buckets of which one manages tags WHEN --for plan THEN GetBucketTagging stands in its own statement naming that bucket only', () => {
    const p = policyOf(
      `${ONE_BUCKET}    tagged-bucket:\n      region: eu-west-1\n      versioning: Enabled\n      tags: {team: backup}\n`,
      'plan',
    );
    expect(statement(p, 's3:GetBucketTagging')).toEqual({
      Sid: 'SpecBucketsManagingTags',
      Effect: 'Allow',
      Action: ['s3:GetBucketTagging'],
      Resource: ['arn:aws:s3:::tagged-bucket'],
    });
    expect(statement(p, 's3:GetBucketVersioning')?.Resource).toEqual([
      'arn:aws:s3:::only-bucket',
      'arn:aws:s3:::tagged-bucket',
    ]);
  });

  it('GIVEN a role whose path the spec leaves unmanaged WHEN --for apply THEN the role is named under any path, and never passed (no service assumes it here)', () => {
    const p = policyOf(
      `
iam:
  roles:
    free-path-role:
      trustPolicy:
        Version: "2012-10-17"
        Statement: [{Effect: Allow, Principal: {Service: s3.amazonaws.com}, Action: sts:AssumeRole}]
`,
      'apply',
    );
    const role = spec(`
iam:
  roles:
    free-path-role:
      trustPolicy:
        Version: "2012-10-17"
        Statement: [{Effect: Allow, Principal: {Service: s3.amazonaws.com}, Action: sts:AssumeRole}]
`).resources.find((r) => r.kind === 'iam.role');
    const path = (role?.attrs as { path?: string } | undefined)?.path;
    // The loader may fill AWS's default path `/`; left unmanaged, the role may live under any path.
    const expected =
      path === undefined
        ? [`arn:aws:iam::${ACCOUNT}:role/*/free-path-role`, `arn:aws:iam::${ACCOUNT}:role/free-path-role`]
        : [`arn:aws:iam::${ACCOUNT}:role${path}free-path-role`];
    expect(statement(p, 'iam:CreateRole')?.Resource).toEqual(expected);
    expect(actions(p)).not.toContain('iam:PassRole');
    expect(actions(p)).not.toContain('iam:AttachRolePolicy'); // the spec attaches no managed policy
  });

  it('GIVEN a topic WHEN --for apply THEN it is never deleted, unless the spec asks for it to be absent', () => {
    const topic = (ensure: string) => `
sns:
  topics:
    alerts:
      region: eu-west-1${ensure}
`;
    expect(actions(policyOf(topic(''), 'apply'))).not.toContain('sns:DeleteTopic');
    const absent = policyOf(topic('\n      ensure: absent'), 'apply');
    expect(statement(absent, 'sns:DeleteTopic')?.Resource).toEqual([
      `arn:aws:sns:eu-west-1:${ACCOUNT}:alerts`,
    ]);
  });

  it('GIVEN an alarm WHEN --for apply with and without --prune-prefix THEN DeleteAlarms appears only with it, on the prefix in every spec region', () => {
    const alarm = `
regions: [eu-west-1, eu-west-3]
cloudwatch:
  alarms:
    ops-lag:
      region: eu-west-1
      metric: {namespace: AWS/S3, name: ReplicationLatency, period: 300, statistic: Maximum}
      comparison: GreaterThanThreshold
      threshold: 900
      evaluationPeriods: 1
`;
    expect(actions(policyOf(alarm, 'apply'))).not.toContain('cloudwatch:DeleteAlarms');
    const pruning = policyOf(alarm, 'apply', ['ops-']);
    expect(statement(pruning, 'cloudwatch:DeleteAlarms')?.Resource).toEqual([
      `arn:aws:cloudwatch:eu-west-1:${ACCOUNT}:alarm:ops-*`,
      `arn:aws:cloudwatch:eu-west-1:${ACCOUNT}:alarm:ops-lag`,
      `arn:aws:cloudwatch:eu-west-3:${ACCOUNT}:alarm:ops-*`,
    ]);
  });

  it('GIVEN a spec without any resource WHEN any command THEN the policy has no statement (the identity check needs none)', () => {
    for (const command of ['plan', 'report', 'import', 'apply', 'restore', 'drill'] as const) {
      const r = buildPermissions(spec(''), { command });
      expect(r.policy.Statement).toEqual([]);
      expect(r.notes.join()).toContain('sts:GetCallerIdentity needs no permission');
    }
  });

  it('GIVEN a restore testing plan with a selection WHEN --for plan, apply THEN its actions name the plan as NAME-* of its region, and the role is passed to restore testing only', () => {
    const body = `
iam:
  roles:
    restore-tester:
      path: /
      trustPolicy:
        Version: "2012-10-17"
        Statement: [{Effect: Allow, Principal: {Service: backup.amazonaws.com}, Action: sts:AssumeRole}]
backup:
  vaults:
    main: {region: eu-west-3}
  restoreTesting:
    nightly_rds:
      region: eu-west-3
      schedule: cron(0 5 ? * * *)
      recoveryPoints: {vaults: [main], types: [SNAPSHOT]}
      selections:
        rds_all: {role: restore-tester, resourceType: RDS, resources: ["*"], validationWindowHours: 2}
`;
    const plan = policyOf(body, 'plan');
    const planArn = `arn:aws:backup:eu-west-3:${ACCOUNT}:restore-testing-plan:nightly_rds-*`;
    expect(statement(plan, 'backup:GetRestoreTestingPlan')).toEqual({
      Sid: 'SpecRestoreTestingPlansArnsEndInAnIdAssignedByAws',
      Effect: 'Allow',
      Action: [
        'backup:GetRestoreTestingPlan',
        'backup:GetRestoreTestingSelection',
        'backup:ListRestoreTestingSelections',
      ],
      Resource: [planArn],
    });
    const apply = policyOf(body, 'apply');
    expect(statement(apply, 'backup:CreateRestoreTestingSelection')?.Resource).toEqual([planArn]);
    expect(actions(apply)).toEqual(
      expect.arrayContaining([
        'backup:CreateRestoreTestingPlan',
        'backup:UpdateRestoreTestingPlan',
        'backup:UpdateRestoreTestingSelection',
        'backup:DeleteRestoreTestingSelection',
      ]),
    );
    // Not ensure: absent, and the kind has no replacement field: apply never deletes the plan; restore may.
    expect(actions(apply)).not.toContain('backup:DeleteRestoreTestingPlan');
    expect(actions(policyOf(body, 'restore'))).toContain('backup:DeleteRestoreTestingPlan');
    expect(apply.Statement.filter((s) => s.Action.includes('iam:PassRole'))).toEqual([
      {
        Sid: 'PassRestoreTestingRolesToRestoreTestingOnly',
        Effect: 'Allow',
        Action: ['iam:PassRole'],
        Resource: [`arn:aws:iam::${ACCOUNT}:role/restore-tester`],
        Condition: { StringEquals: { 'iam:PassedToService': 'restore-testing.backup.amazonaws.com' } },
      },
    ]);
  });
});

describe('buildPermissions for the drill', () => {
  const DRILLED = `
regions: [eu-west-1, eu-west-3]
s3:
  buckets:
    media:
      region: eu-west-1
      versioning: Enabled
    drills:
      region: eu-west-3
      versioning: Enabled
rds:
  instances:
    orders-db:
      region: eu-west-1
      backupRetentionDays: 7
iam:
  roles:
    backup-role:
      path: /
      trustPolicy:
        Version: "2012-10-17"
        Statement: [{Effect: Allow, Principal: {Service: backup.amazonaws.com}, Action: sts:AssumeRole}]
backup:
  vaults:
    dr: {region: eu-west-1}
  plans:
    daily:
      region: eu-west-1
      rules:
        - name: daily
          vault: dr
          schedule: cron(0 5 * * ? *)
      selections:
        db:
          role: backup-role
          resources: [{rdsInstance: orders-db}]
recovery:
  scenarios:
    lost-things:
      rpo: 1h
      rto: 4h
      resources:
        - bucket: media
        - rdsInstance: orders-db
        - vault: dr
drill:
  sandbox: {bucket: drills, prefix: drill-runs/}
  samples: {prefix: invoices/}
`;
  const drill = () => policyOf(DRILLED, 'drill');
  const writes = (p: PolicyDocument) =>
    p.Statement.filter((s) => s.Action.some((a) => !/^[a-z0-9-]+:(Get|List|Describe)/.test(a)));

  it("GIVEN a scenario of a bucket, an instance and a vault WHEN --for drill THEN nothing the spec declares is written: the source bucket's samples are read and restored from archive only, the instance only restored from", () => {
    const p = drill();
    const declared = [
      'arn:aws:s3:::media',
      'arn:aws:s3:::drills',
      `arn:aws:rds:eu-west-1:${ACCOUNT}:db:orders-db`,
      `arn:aws:backup:eu-west-1:${ACCOUNT}:backup-vault:dr`,
    ];
    const onDeclared = (s: PolicyDocument['Statement'][number]) =>
      s.Resource.some(
        (r) =>
          declared.some((d) => r === d || r.startsWith(`${d}/`)) &&
          !r.startsWith('arn:aws:s3:::drills/drill-runs/'),
      );
    const writesOnDeclared = writes(p)
      .filter(onDeclared)
      .flatMap((s) => s.Action.filter((a) => !/^[a-z0-9-]+:(Get|List|Describe)/.test(a)));
    expect([...new Set(writesOnDeclared)].sort()).toEqual([
      'rds:RestoreDBInstanceToPointInTime',
      's3:RestoreObject',
    ]);
    expect(statement(p, 's3:RestoreObject')?.Resource).toEqual(['arn:aws:s3:::media/invoices/*']);
    expect(p.Statement.find((s) => s.Sid === 'DrillListsVersionsOfTheScenariosBuckets')?.Resource).toEqual([
      'arn:aws:s3:::media',
    ]);
    // The shared operations get the drill's scopes, not the apply lock's or the resource readers'.
    expect(actions(p)).not.toContain('s3:PutBucketVersioning');
    expect(actions(p)).not.toContain('rds:ModifyDBInstance');
  });

  it('GIVEN the sandbox WHEN --for drill THEN copies are written, read back and deleted under its prefix only, listed with that prefix only', () => {
    const p = drill();
    for (const action of ['s3:PutObject', 's3:PutObjectTagging', 's3:GetObjectVersionTagging'])
      expect(p.Statement.filter((s) => s.Action.includes(action)).flatMap((s) => s.Resource)).toEqual([
        'arn:aws:s3:::drills/drill-runs/*',
      ]);
    const deletes = p.Statement.filter((s) => s.Action.includes('s3:DeleteObjectVersion')).flatMap(
      (s) => s.Resource,
    );
    expect(deletes.sort()).toEqual(['arn:aws:s3:::drills/drill-runs/*', 'arn:aws:s3:::reconcile-drill-*/*']);
    expect(p.Statement.find((s) => s.Sid === 'DrillListsItsSandboxPrefixes')).toEqual({
      Sid: 'DrillListsItsSandboxPrefixes',
      Effect: 'Allow',
      Action: ['s3:ListBucketVersions'],
      Resource: ['arn:aws:s3:::drills'],
      Condition: { StringLike: { 's3:prefix': ['drill-runs/*'] } },
    });
    // CopyObject reads the source version.
    expect(statement(p, 's3:GetObjectVersion')?.Resource).toEqual(['arn:aws:s3:::media/invoices/*']);
  });

  it('GIVEN the instance WHEN --for drill THEN the restore targets `<id>-drill-*`, deletes and tags only `-drill-` instances, deletes only tagged ones', () => {
    const p = drill();
    expect(
      p.Statement.filter((s) => s.Action.includes('rds:RestoreDBInstanceToPointInTime'))
        .flatMap((s) => s.Resource)
        .filter((r) => r.includes(':db:')),
    ).toEqual([
      `arn:aws:rds:eu-west-1:${ACCOUNT}:db:orders-db`,
      `arn:aws:rds:eu-west-1:${ACCOUNT}:db:orders-db-drill-*`,
    ]);
    for (const action of ['rds:DeleteDBInstance', 'rds:AddTagsToResource']) {
      const resources = p.Statement.filter((s) => s.Action.includes(action)).flatMap((s) => s.Resource);
      expect(resources.length).toBeGreaterThan(0);
      expect(resources.filter((r) => !/:db:[a-z0-9*-]*-drill-\*$/.test(r))).toEqual([]);
    }
    expect(statement(p, 'rds:DeleteDBInstance')?.Condition).toEqual({
      Null: { 'aws:ResourceTag/reconcile:drill': 'false' },
    });
  });

  it('GIVEN the vault WHEN --for drill THEN its recovery points are listed and restored with the backup role passed to AWS Backup only; DescribeRestoreJob alone takes `*` with a Sid that says why', () => {
    const p = drill();
    expect(statement(p, 'backup:ListRecoveryPointsByBackupVault')?.Resource).toEqual([
      `arn:aws:backup:eu-west-1:${ACCOUNT}:backup-vault:dr`,
    ]);
    expect(statement(p, 'backup:StartRestoreJob')?.Resource).toEqual([
      `arn:aws:backup:eu-west-1:${ACCOUNT}:recovery-point:*`,
      `arn:aws:rds:eu-west-1:${ACCOUNT}:snapshot:awsbackup:*`,
    ]);
    expect(statement(p, 'iam:PassRole')).toEqual({
      Sid: 'PassRestoreRolesToAwsBackupOnly',
      Effect: 'Allow',
      Action: ['iam:PassRole'],
      Resource: [`arn:aws:iam::${ACCOUNT}:role/backup-role`],
      Condition: { StringEquals: { 'iam:PassedToService': 'backup.amazonaws.com' } },
    });
    const star = p.Statement.filter((s) => s.Resource.includes('*'));
    expect(star.map((s) => [s.Sid, s.Action])).toEqual([
      ['AccountWideListingsHaveNoResourceType', ['s3:ListAllMyBuckets']],
      ['DescribeRestoreJobHasNoResourceType', ['backup:DescribeRestoreJob']],
    ]);
  });

  it('GIVEN a scenario of a bucket only WHEN --for drill THEN no restore job, no restore bucket and no instance write is granted', () => {
    const p = policyOf(
      `
s3:
  buckets:
    media: {region: eu-west-1, versioning: Enabled}
recovery:
  scenarios:
    lost-file: {rpo: 1m, rto: 60m, resources: [{bucket: media}]}
drill:
  sandbox: {bucket: drills, region: eu-west-1}
`,
      'drill',
    );
    const a = actions(p);
    expect(a).toContain('s3:PutObject');
    for (const none of [
      'backup:StartRestoreJob',
      'backup:DescribeRestoreJob',
      'iam:PassRole',
      's3:DeleteBucket',
      'rds:DeleteDBInstance',
      'rds:RestoreDBInstanceToPointInTime',
    ])
      expect(a).not.toContain(none);
  });

  it('GIVEN a spec without a drill section WHEN --for drill THEN the policy is empty', () => {
    expect(policyOf(ONE_BUCKET, 'drill').Statement).toEqual([]);
  });
});
