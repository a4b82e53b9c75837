/**
 * `reconcile permissions --for COMMAND` on the repository's backup-spec.yaml: pure (no AWS), so the
 * policies are checked here with the spec as fixture: read-only commands get no mutating action,
 * `--publish-sns` adds exactly sns:Publish on that topic, resources are the spec's ARNs, `*` only in
 * statements whose Sid says the action has no resource type, roles are passed only to the service
 * that assumes them. (test/integration/permissions-acceptance.test.ts checks the policies against the
 * calls the commands really make.)
 */
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { PolicyDocument } from '../../src/adapters/permissions.js';
import { permissionCommands } from '../../src/adapters/permissions.js';
import { runCli } from '../support/cli.js';

const ROOT = resolve(import.meta.dirname, '../..');
const TOPIC = 'arn:aws:sns:eu-west-1:828879644785:mnemonica-backup-alerts';

async function run(args: readonly string[]) {
  return runCli(['permissions', ...args], { cwd: ROOT, env: { LOG_LEVEL: 'silent' } });
}

async function policy(args: readonly string[]): Promise<PolicyDocument> {
  const r = await run([...args, '--json']);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout) as PolicyDocument;
}

const actionsOf = (p: PolicyDocument) => p.Statement.flatMap((s) => s.Action);
/** A mutating IAM action, judged by its name alone (independent of the table). */
const mutating = (action: string) => !/^[a-z0-9-]+:(Get|List|Describe)/.test(action);

describe('reconcile permissions', () => {
  it.each([['plan'], ['report'], ['import'], ['snapshot']])(
    'GIVEN --for %s WHEN the policy is printed THEN every action reads (Get/List/Describe)',
    async (command) => {
      const p = await policy(['--for', command]);
      expect(actionsOf(p).length).toBeGreaterThan(20);
      expect(actionsOf(p).filter(mutating)).toEqual([]);
    },
  );

  it('GIVEN --for report --publish-sns TOPIC WHEN printed THEN the one mutating action is sns:Publish, on that topic only', async () => {
    const p = await policy(['--for', 'report', '--publish-sns', TOPIC]);
    expect(actionsOf(p).filter(mutating)).toEqual(['sns:Publish']);
    const publish = p.Statement.filter((s) => s.Action.includes('sns:Publish'));
    expect(publish).toEqual([
      { Sid: 'PublishReportSummary', Effect: 'Allow', Action: ['sns:Publish'], Resource: [TOPIC] },
    ]);
    const without = await policy(['--for', 'report']);
    expect(actionsOf(p).filter((a) => !actionsOf(without).includes(a))).toEqual(['sns:Publish']);
  });

  it.each([['plan'], ['apply'], ['report'], ['import'], ['restore'], ['drill']])(
    'GIVEN --for %s WHEN printed THEN no action is a wildcard and `*` resources stand only in statements whose Sid says the action has no resource type',
    async (command) => {
      const p = await policy(['--for', command]);
      expect(actionsOf(p).filter((a) => a.includes('*'))).toEqual([]);
      for (const s of p.Statement) {
        expect(s.Sid).toMatch(/^[A-Za-z0-9]+$/);
        if (s.Resource.includes('*')) expect(s.Sid).toMatch(/HaveNoResourceType$|HasNoResourceType$/);
      }
    },
  );

  it("GIVEN the spec WHEN --for apply THEN bucket, role, vault, topic, rule and alarm actions name exactly the spec's ARNs", async () => {
    const p = await policy(['--for', 'apply']);
    const sid = (id: string) => p.Statement.find((s) => s.Sid === id);
    expect(sid('SpecBuckets')?.Resource).toEqual([
      'arn:aws:s3:::mne-media-prod',
      'arn:aws:s3:::mne-media-replica',
      'arn:aws:s3:::mne-vault-prod',
      'arn:aws:s3:::mne-vault-replica',
    ]);
    expect(sid('SpecBuckets')?.Action).toContain('s3:PutReplicationConfiguration');
    expect(sid('SpecRoles')?.Resource).toContain(
      'arn:aws:iam::828879644785:role/service-role/AWSBackupDefaultServiceRole',
    );
    expect(sid('SpecBackupVaults')?.Resource).toEqual([
      'arn:aws:backup:eu-west-1:828879644785:backup-vault:eks-mnemonica-prod-vault',
      'arn:aws:backup:eu-west-3:828879644785:backup-vault:Default',
    ]);
    expect(sid('SpecTopics')?.Resource).toHaveLength(3);
    expect(sid('SpecRules')?.Resource).toEqual([
      'arn:aws:events:eu-west-1:828879644785:rule/mnemonica-backup-job-failures',
      'arn:aws:events:eu-west-3:828879644785:rule/mnemonica-backup-job-failures-dr',
    ]);
    expect(sid('SpecAlarms')?.Action).toEqual(['cloudwatch:PutMetricAlarm']);
    expect(sid('SpecAlarms')?.Resource).toContain(
      'arn:aws:cloudwatch:eu-west-1:828879644785:alarm:mnemonica-media-replication-failures',
    );
    expect(sid('SpecAlarms')?.Resource.some((r) => r.endsWith('*'))).toBe(false);
  });

  it('GIVEN --for apply WHEN printed THEN iam:PassRole is limited to the roles S3 and AWS Backup assume, each passed to its service only', async () => {
    const p = await policy(['--for', 'apply']);
    const pass = p.Statement.filter((s) => s.Action.includes('iam:PassRole'));
    expect(pass).toEqual([
      {
        Sid: 'PassBackupSelectionRolesToAwsBackupOnly',
        Effect: 'Allow',
        Action: ['iam:PassRole'],
        Resource: ['arn:aws:iam::828879644785:role/service-role/AWSBackupDefaultServiceRole'],
        Condition: { StringEquals: { 'iam:PassedToService': 'backup.amazonaws.com' } },
      },
      {
        Sid: 'PassReplicationRolesToS3Only',
        Effect: 'Allow',
        Action: ['iam:PassRole'],
        Resource: [
          'arn:aws:iam::828879644785:role/service-role/s3crr_role_for_mne-media-prod_to_crr-media-prod',
        ],
        Condition: { StringEquals: { 'iam:PassedToService': 's3.amazonaws.com' } },
      },
    ]);
    const attach = p.Statement.find((s) => s.Action.includes('iam:AttachRolePolicy'));
    expect(attach?.Condition).toEqual({
      ArnEquals: {
        'iam:PolicyARN': [
          'arn:aws:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForBackup',
          'arn:aws:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForRestores',
        ],
      },
    });
  });

  it('GIVEN the read-only commands WHEN compared THEN report alone reads AWS Backup evidence, import alone lists the account, plan reads only what the spec manages', async () => {
    const plan = actionsOf(await policy(['--for', 'plan']));
    const report = actionsOf(await policy(['--for', 'report']));
    const imp = actionsOf(await policy(['--for', 'import']));
    const evidence = ['backup:ListBackupJobs', 'backup:ListRecoveryPointsByBackupVault'];
    const listings = ['events:ListRules', 's3:ListAllMyBuckets'];
    // Whole-resource reads: the spec declares no tags and leaves Object Lock unmanaged, so plan skips them.
    const whole = [
      'backup:ListTags',
      'iam:ListRoleTags',
      's3:GetBucketObjectLockConfiguration',
      's3:GetBucketTagging',
      'sns:ListTagsForResource',
    ];
    expect(report.filter((a) => !plan.includes(a)).sort()).toEqual([...evidence, ...whole].sort());
    expect(imp.filter((a) => !plan.includes(a)).sort()).toEqual([...listings, ...whole].sort());
  });

  it('GIVEN this spec WHEN --for apply and --for restore THEN apply deletes only the kinds it can delete here (replacements), restore any it saved', async () => {
    const apply = actionsOf(await policy(['--for', 'apply']));
    const restore = actionsOf(await policy(['--for', 'restore']));
    const deletes = ['backup:DeleteBackupPlan', 'cloudwatch:DeleteAlarms', 'sns:DeleteTopic'];
    // No resource is `ensure: absent`, and topics, alarms and backup plans have no replacement field.
    expect(apply.filter((a) => deletes.includes(a))).toEqual([]);
    expect(restore.filter((a) => deletes.includes(a)).sort()).toEqual(deletes);
    // Rules (event bus), vaults (key) and roles (path) are replaced by delete + create.
    expect(apply).toEqual(
      expect.arrayContaining(['events:DeleteRule', 'backup:DeleteBackupVault', 'iam:DeleteRole']),
    );
  });

  it('GIVEN --prune-prefix P WHEN --for plan and --for apply THEN the rule listing and the P* rules and alarms are added, deletions only for apply', async () => {
    const plan = await policy(['--for', 'plan', '--prune-prefix', 'mnemonica-']);
    expect(actionsOf(plan)).toContain('events:ListRules');
    expect(actionsOf(plan).filter(mutating)).toEqual([]);
    const apply = await policy(['--for', 'apply', '--prune-prefix', 'mnemonica-']);
    const rules = apply.Statement.find((s) => s.Sid === 'SpecRules');
    expect(rules?.Action).toContain('events:DeleteRule');
    expect(rules?.Resource).toContain('arn:aws:events:eu-north-1:828879644785:rule/mnemonica-*');
    const alarms = apply.Statement.find((s) => s.Sid === 'SpecAlarms');
    expect(alarms?.Resource).toContain('arn:aws:cloudwatch:eu-west-3:828879644785:alarm:mnemonica-*');
  });

  it('GIVEN no --json WHEN printed THEN the text names each statement with why, and the identity check that needs no permission', async () => {
    const r = await run(['--for', 'plan']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^IAM policy for 'reconcile plan' \(\d+ statements, \d+ operations/);
    expect(r.stdout).toContain("SpecBuckets: the spec's buckets");
    expect(r.stdout).toContain('AccountWideListingsHaveNoResourceType: account-wide listings');
    expect(r.stdout).toContain('note: sts:GetCallerIdentity needs no permission');
  });

  it.each([
    [[], /permissions needs --for COMMAND, one of plan, snapshot, report, import, apply, restore/],
    [['--for', 'plna'], /--for: unknown command 'plna' \(did you mean "plan"\?\)/],
    [['--for', 'plan', '--publish-sns', TOPIC], /--publish-sns applies to --for report only/],
    [['--for', 'report', '--publish-sns', 'mnemonica-backup-alerts'], /is not an SNS topic ARN/],
    [['--for', 'report', '--prune-prefix', 'x'], /--prune-prefix applies to --for plan and --for apply only/],
    [
      ['--for', 'plan', '--live', 'x.json'],
      /--live is not an option of permissions: permissions reads only the spec/,
    ],
    [['--for', 'plan', '--spec', 'missing.yaml'], /cannot read spec file missing\.yaml/],
  ])('GIVEN permissions %j WHEN run THEN exit 1 with one clear line', async (args, message) => {
    const r = await run(args);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(/at .*\.ts:\d+/);
  });

  it('GIVEN --lock s3://BUCKET/KEY WHEN --for apply and --for restore THEN GetObject, PutObject and DeleteObject are granted on that object only; a local lock or another command adds nothing or is refused', async () => {
    const lockArn = 'arn:aws:s3:::team-locks/reconcile/prod.lock';
    for (const command of ['apply', 'restore']) {
      const p = await policy(['--for', command, '--lock', 's3://team-locks/reconcile/prod.lock']);
      const lock = p.Statement.filter((s) => s.Resource.includes(lockArn));
      expect(lock).toEqual([
        {
          Sid: 'ApplyLockObject',
          Effect: 'Allow',
          Action: ['s3:DeleteObject', 's3:GetObject', 's3:PutObject'],
          Resource: [lockArn],
        },
      ]);
      // without --lock (or with a local lock file) no object action at all
      for (const args of [[], ['--lock', '.reconcile/lock']]) {
        const plain = await policy(['--for', command, ...args]);
        expect(actionsOf(plain).filter((a) => /Object$/.test(a) && !/ObjectLock/.test(a))).toEqual([]);
      }
    }
    const refused = await run(['--for', 'plan', '--lock', 's3://team-locks/x']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('--lock applies to --for apply and --for restore only');
    const bad = await run(['--for', 'apply', '--lock', 's3://team-locks']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('names no object');
  });

  it("GIVEN --for drill WHEN printed THEN the drill writes nothing the spec declares: it restores from the scenarios' buckets and instance, copies under the sandbox prefixes, deletes only its sandbox copies, restore buckets and `-drill-` instances", async () => {
    expect(permissionCommands()).toContain('drill');
    const p = await policy(['--for', 'drill']);
    const apply = await policy(['--for', 'apply']);
    // The spec's declared resources: what apply manages, by ARN (buckets, instances, vaults, roles, ...).
    const declared = new Set(
      apply.Statement.filter((s) => s.Sid.startsWith('Spec')).flatMap((s) =>
        s.Resource.filter((r) => !r.includes('*')),
      ),
    );
    expect(declared).toContain('arn:aws:s3:::mne-media-prod');
    expect(declared).toContain('arn:aws:rds:eu-west-1:828879644785:db:eks-mnemonica-prod');
    const onDeclared = (r: string) => [...declared].some((d) => r === d || r.startsWith(`${d}/`));
    // iam:PassRole names the declared backup role, but hands it to AWS Backup (asserted below): it writes nothing.
    const writesOnDeclared = p.Statement.filter((s) => s.Resource.some(onDeclared)).flatMap((s) =>
      s.Action.filter((a) => mutating(a) && a !== 'iam:PassRole'),
    );
    // Archive restores of the sources' sample objects (a temporary copy) and the point-in-time restore's
    // source: nothing else mutating names a declared resource.
    expect([...new Set(writesOnDeclared)].sort()).toEqual([
      'rds:RestoreDBInstanceToPointInTime',
      's3:RestoreObject',
    ]);
    const resourcesOf = (action: string) =>
      p.Statement.filter((s) => s.Action.includes(action))
        .flatMap((s) => s.Resource)
        .sort();
    expect(resourcesOf('s3:PutObject')).toEqual([
      'arn:aws:s3:::mne-drill-sandbox-paris/reconcile-drill/*',
      'arn:aws:s3:::mne-drill-sandbox/reconcile-drill/*',
    ]);
    expect(resourcesOf('s3:DeleteObject')).toEqual([
      'arn:aws:s3:::mne-drill-sandbox-paris/reconcile-drill/*',
      'arn:aws:s3:::mne-drill-sandbox/reconcile-drill/*',
      'arn:aws:s3:::reconcile-drill-*/*',
    ]);
    for (const action of ['s3:DeleteBucket', 's3:PutBucketTagging'])
      expect(resourcesOf(action)).toEqual(['arn:aws:s3:::reconcile-drill-*']);
    for (const action of ['rds:DeleteDBInstance', 'rds:AddTagsToResource']) {
      expect(resourcesOf(action).length).toBeGreaterThan(0);
      expect(resourcesOf(action).filter((r) => !r.endsWith('-drill-*'))).toEqual([]);
    }
    expect(resourcesOf('rds:RestoreDBInstanceToPointInTime').filter((r) => r.includes(':db:'))).toEqual([
      'arn:aws:rds:eu-west-1:828879644785:db:eks-mnemonica-prod',
      'arn:aws:rds:eu-west-1:828879644785:db:eks-mnemonica-prod-drill-*',
    ]);
    // The restore role goes to AWS Backup only; the apply lock's object and the resource writers are absent.
    expect(p.Statement.filter((s) => s.Action.includes('iam:PassRole')).map((s) => s.Condition)).toEqual([
      { StringEquals: { 'iam:PassedToService': 'backup.amazonaws.com' } },
    ]);
    expect(
      actionsOf(p)
        .filter((a) => actionsOf(apply).includes(a) && mutating(a))
        .sort(),
    ).toEqual(['iam:PassRole', 's3:PutBucketTagging']);
  });
});
