/**
 * Acceptance of issue 17: the policy `reconcile permissions --for COMMAND` prints for backup-spec.yaml
 * allows every AWS call COMMAND really makes, and nothing it never calls (or only what it can reach
 * for this spec, each named below with why).
 *
 * The CLI runs in-process through main() with `--endpoint-url` pointing at the recording proxy in
 * front of the strict emulator: plan, report (with and without --publish-sns) and import on the
 * guide's starting state, then apply from it. Every request is classified (test/support/aws-calls.ts:
 * signing service, the SDK's own REST routes, the resource the call names) and checked against the
 * printed policy with test/support/iam-policy-eval.ts: the action from the operation -> IAM action
 * table on the request's resource, and the dependent permissions the wire does not show (iam:PassRole
 * with the role in the request body, passed to S3 or AWS Backup; the managed policy an
 * AttachRolePolicy names).
 */
import { mkdtemp, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ClientPool } from '../../src/adapters/aws-config.js';
import { IAM_ACTIONS } from '../../src/adapters/iam-actions.js';
import type { PolicyDocument } from '../../src/adapters/permissions.js';
import { loadSpecFile } from '../../src/cli/spec-file.js';
import { roleArn } from '../../src/model/arn.js';
import type { DesiredResource } from '../../src/model/state.js';
import { type AwsCallSeen, type CallContext, classifyRequest } from '../support/aws-calls.js';
import { runCli } from '../support/cli.js';
import { allows, type RequestContext } from '../support/iam-policy-eval.js';
import {
  ACCOUNT,
  motoAwsOptions,
  motoEndpoint,
  useDummyCredentials,
  useMoto,
  withoutEmulatorDelays,
} from '../support/moto.js';
import { type RecordingProxy, startRecordingProxy } from '../support/recording-proxy.js';
import { seedGuideBefore } from '../support/seed-guide-before.js';

useMoto();

const WEBHOOK = 'https://hooks.example.com/services/T0PERM/B0PERM/permS3cret';
const SPEC = resolve('backup-spec.yaml');
const TOPIC = `arn:aws:sns:eu-west-1:${ACCOUNT}:mnemonica-backup-alerts`;
const IMPORT_ARGS = [
  '--import',
  '--out',
  'imported.yaml',
  '--regions',
  'eu-west-1,eu-west-3,eu-north-1',
  '--all-buckets',
  '--alarm-prefix',
  'mnemonica-',
  '--rule-prefix',
  'mnemonica-',
  '--topic',
  'mnemonica-backup-alerts',
  '--role',
  'AWSBackupDefaultServiceRole',
  '--db-instance',
  'eks-mnemonica-prod',
  '--backup-plan',
  'eks-mnemonica-6h-snapshots-180d',
] as const;

let proxy: RecordingProxy;
let cwd: string;
let ctx: CallContext;

/** What one command run made, classified, and the policy printed for it. */
interface Run {
  readonly code: number;
  readonly stderr: string;
  readonly calls: readonly AwsCallSeen[];
  readonly policy: PolicyDocument;
}
const runs = new Map<string, Run>();

async function cli(args: readonly string[], endpoint = true) {
  return runCli([...args, ...(endpoint ? ['--endpoint-url', proxy.url, '--region', 'eu-west-1'] : [])], {
    cwd,
    env: { ...process.env, MNEMONICA_ALERTS_WEBHOOK_URL: WEBHOOK, NO_COLOR: '1', LOG_LEVEL: 'silent' },
  });
}

async function record(
  name: string,
  args: readonly string[],
  permissionArgs: readonly string[],
): Promise<void> {
  const printed = await cli(['permissions', ...permissionArgs, '--spec', SPEC, '--json'], false);
  expect(printed.code, printed.stderr).toBe(0);
  proxy.seen.length = 0;
  const r = await cli(args);
  const calls = proxy.seen.map((s) => classifyRequest(s, ctx));
  runs.set(name, {
    code: r.code,
    stderr: r.stderr,
    calls,
    policy: JSON.parse(printed.stdout) as PolicyDocument,
  });
}

beforeAll(async () => {
  const pool = new ClientPool(motoAwsOptions());
  try {
    await withoutEmulatorDelays(() => seedGuideBefore(pool));
  } finally {
    pool.destroy();
  }
  const desired = await loadSpecFile(SPEC, { MNEMONICA_ALERTS_WEBHOOK_URL: WEBHOOK });
  ctx = {
    account: ACCOUNT,
    roles: new Map(
      desired.resources
        .filter((r): r is DesiredResource<'iam.role'> => r.kind === 'iam.role')
        .map((r) => [r.name, roleArn(ACCOUNT, r.name, r.attrs.path)]),
    ),
  };
  proxy = await startRecordingProxy(motoEndpoint());
  cwd = await mkdtemp(join(tmpdir(), 'reconcile-permissions-'));
  useDummyCredentials();
  // The read-only commands first, on the guide's starting state; apply last (it changes it).
  await record('plan', ['--plan', '--spec', SPEC], ['--for', 'plan']);
  await record('report', ['--report', '--spec', SPEC, '--out', 'reports'], ['--for', 'report']);
  await record(
    'report --publish-sns',
    ['--report', '--spec', SPEC, '--publish-sns', TOPIC],
    ['--for', 'report', '--publish-sns', TOPIC],
  );
  await record('import', IMPORT_ARGS, ['--for', 'import']);
  await record('apply', ['--apply', '--spec', SPEC, '--yes', '--allow-destructive'], ['--for', 'apply']);
  // Undo that apply from the configurations it saved (restore reads no spec; its policy is the spec's).
  const [saved] = await readdir(join(cwd, '.reconcile', 'backups'));
  await record(
    'restore',
    ['--restore', join(cwd, '.reconcile', 'backups', saved as string), '--yes', '--allow-destructive'],
    ['--for', 'restore'],
  );
}, 300_000);

afterAll(async () => {
  await proxy?.close();
});

/** The permissions a call needs: its action on its resources, and the dependent ones with their context. */
function needs(call: AwsCallSeen): { action: string; resource: string; context: RequestContext }[] {
  const p = IAM_ACTIONS[`${call.service}:${call.operation}`];
  if (!p) return [{ action: `unmapped:${call.service}:${call.operation}`, resource: '*', context: {} }];
  const context: RequestContext = call.policyArn ? { 'iam:PolicyARN': call.policyArn } : {};
  const out = p.actions.flatMap((action) =>
    call.resources.map((resource) => ({ action, resource, context })),
  );
  for (const extra of p.also ?? [])
    for (const action of extra.actions) {
      if (action === 'iam:PassRole')
        out.push({
          action,
          resource: call.passedRole ?? 'no role in the request',
          context: { 'iam:PassedToService': `${call.service}.amazonaws.com` },
        });
      else if (action.startsWith('kms:'))
        out.push({
          action,
          resource: `arn:aws:kms:${call.region}:${ACCOUNT}:key/the-vaults-default-key`,
          context: { 'kms:ViaService': `backup.${call.region}.amazonaws.com` },
        });
      else out.push({ action, resource: '*', context: {} });
    }
  return out;
}

function denied(run: Run): string[] {
  return [
    ...new Set(
      run.calls.flatMap((call) =>
        needs(call)
          .filter((n) => !allows(run.policy, n.action, n.resource, n.context))
          .map((n) => `${call.service} ${call.operation}: ${n.action} on ${n.resource}`),
      ),
    ),
  ].sort();
}

/** Actions the policy grants that no call of the run needed. */
function unused(run: Run): string[] {
  const used = new Set(run.calls.flatMap((c) => needs(c).map((n) => n.action)));
  return [...new Set(run.policy.Statement.flatMap((s) => s.Action))].filter((a) => !used.has(a)).sort();
}

const get = (name: string): Run => {
  const r = runs.get(name);
  if (!r) throw new Error(`no run ${name}`);
  return r;
};

describe('reconcile permissions: the printed policy allows what each command calls, and little else', () => {
  it.each([
    ['plan', 2], // the guide's starting state differs from the spec
    ['report', 1], // ... and fails health checks
    ['report --publish-sns', 1],
    ['import', 0],
    ['apply', 0], // converged
    ['restore', 0], // the guide's starting state put back
  ])(
    'GIVEN the %s run WHEN every request is checked THEN each is a declared operation the policy allows',
    (name, code) => {
      const run = get(name);
      expect(run.stderr).not.toContain('internal error');
      expect(run.code, run.stderr).toBe(code);
      expect(run.calls.length).toBeGreaterThan(10);
      expect(denied(run)).toEqual([]);
    },
  );

  it('GIVEN the check WHEN a call falls outside the policy THEN it is reported (the check can fail)', () => {
    const plan = get('plan');
    const write = get('apply').calls.find((c) => c.operation === 'PutBucketLifecycleConfiguration');
    expect(write).toBeDefined();
    expect(denied({ ...plan, calls: [write as AwsCallSeen] })).toEqual([
      `s3 PutBucketLifecycleConfiguration: s3:PutLifecycleConfiguration on ${write?.resources[0]}`,
    ]);
    const other = { ...(write as AwsCallSeen), resources: ['arn:aws:s3:::someone-elses-bucket'] };
    expect(denied({ ...get('apply'), calls: [other] })).toHaveLength(1);
  });

  it('GIVEN apply WHEN it set up replication THEN it passed the role the policy lets it pass to S3 only', () => {
    const apply = get('apply');
    const replication = apply.calls.filter((c) => c.operation === 'PutBucketReplication');
    expect(replication).toHaveLength(2);
    for (const c of replication) {
      const role = c.passedRole as string;
      expect(role).toMatch(/^arn:aws:iam::\d{12}:role\//);
      expect(allows(apply.policy, 'iam:PassRole', role, { 'iam:PassedToService': 's3.amazonaws.com' })).toBe(
        true,
      );
      expect(allows(apply.policy, 'iam:PassRole', role, { 'iam:PassedToService': 'ec2.amazonaws.com' })).toBe(
        false,
      );
      expect(allows(apply.policy, 'iam:PassRole', role)).toBe(false);
    }
  });

  // What each command can reach for this spec but did not need on the guide's starting state, and why.
  const RAW_DELIVERY = 'the raw-delivery setting of a confirmed https/sqs subscription of an existing topic';
  const BUCKET_ELSEWHERE = 'finding a declared bucket that is not in its declared region';
  const FOUND_RULE = 'reading a rule --rule-prefix finds: the guide has none';
  const FOUND_TOPIC = 'reading a --topic that exists: the guide has none';
  const READ_WHOLE = 'reading a resource whole (tags, unmanaged parts) before deleting or replacing it';
  const CREATE = "creating a declared resource the guide's start already has";
  const REPLACE =
    'replacing a resource whose replacement field changes (rule event bus, vault key, role path)';
  const SUB_CONFIG = 'removing or changing a sub-configuration the guide happens to have right';
  const TAGS = 'tag changes: the spec declares no tags, but removes none either unless live tags are managed';
  const CREATE_VAULT = 'creating a vault (it needs MountCapsule and the KMS grants through AWS Backup)';

  it.each([
    [
      'plan',
      {
        's3:GetBucketLocation': BUCKET_ELSEWHERE,
        'sns:GetSubscriptionAttributes': RAW_DELIVERY,
      },
    ],
    [
      'report',
      {
        'sns:GetSubscriptionAttributes': RAW_DELIVERY,
      },
    ],
    [
      'import',
      {
        'events:DescribeRule': FOUND_RULE,
        'events:ListTargetsByRule': FOUND_RULE,
        'sns:GetSubscriptionAttributes': FOUND_TOPIC,
      },
    ],
    [
      'apply',
      {
        'backup-storage:MountCapsule': CREATE_VAULT,
        'backup:CreateBackupPlan': CREATE,
        'backup:CreateBackupSelection': CREATE,
        'backup:CreateBackupVault': CREATE_VAULT,
        'backup:DeleteBackupSelection':
          'changing a selection (selections cannot be updated: delete, then create)',
        'backup:DeleteBackupVault': REPLACE,
        'backup:DeleteBackupVaultLockConfiguration': SUB_CONFIG,
        'backup:ListTags': READ_WHOLE,
        'backup:PutBackupVaultLockConfiguration': SUB_CONFIG,
        'backup:TagResource': TAGS,
        'backup:UntagResource': TAGS,
        'events:DeleteRule': REPLACE,
        'events:RemoveTargets': SUB_CONFIG,
        'iam:AttachRolePolicy': SUB_CONFIG,
        'iam:DeleteRole': REPLACE,
        'iam:DeleteRolePolicy': SUB_CONFIG,
        'iam:DetachRolePolicy': SUB_CONFIG,
        'iam:ListRoleTags': READ_WHOLE,
        'iam:TagRole': TAGS,
        'iam:UntagRole': TAGS,
        'iam:UpdateAssumeRolePolicy': SUB_CONFIG,
        'iam:UpdateRole': SUB_CONFIG,
        'kms:CreateGrant': CREATE_VAULT,
        'kms:Decrypt': CREATE_VAULT,
        'kms:DescribeKey': CREATE_VAULT,
        'kms:GenerateDataKey': CREATE_VAULT,
        'kms:RetireGrant': CREATE_VAULT,
        'rds:ModifyDBInstance': "the DB instance's backup settings: the guide's start has them right",
        's3:CreateBucket': CREATE,
        's3:DeleteBucketPolicy': SUB_CONFIG,
        's3:GetBucketLocation': BUCKET_ELSEWHERE,
        's3:GetBucketObjectLockConfiguration': READ_WHOLE,
        's3:GetBucketTagging': READ_WHOLE,
        's3:PutBucketObjectLockConfiguration': 'creating a bucket with Object Lock (CreateBucket needs it)',
        's3:PutBucketTagging': TAGS,
        's3:PutBucketVersioning': SUB_CONFIG,
        'sns:ListTagsForResource': READ_WHOLE,
        'sns:SetSubscriptionAttributes': SUB_CONFIG,
        'sns:SetTopicAttributes': SUB_CONFIG,
        'sns:TagResource': TAGS,
        'sns:Unsubscribe': SUB_CONFIG,
        'sns:UntagResource': TAGS,
      },
    ],
  ] as const)(
    'GIVEN the %s run WHEN the policy is compared with the calls THEN the actions it did not call are exactly those reachable for this spec on another live state',
    (name, reachable) => {
      const got = Object.fromEntries(
        unused(get(name)).map((a) => [a, (reachable as Record<string, string>)[a] ?? 'UNJUSTIFIED']),
      );
      expect(got).toEqual(reachable);
    },
  );

  it('GIVEN report --publish-sns WHEN compared with report THEN it needed exactly sns:Publish more, and called it', () => {
    expect(unused(get('report --publish-sns'))).toEqual(unused(get('report')));
    expect(get('report --publish-sns').calls.filter((c) => c.operation === 'Publish')).toHaveLength(1);
  });
});
