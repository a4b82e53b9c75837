/**
 * `--plan` with the keys of an IAM user holding only the policy `reconcile permissions --for plan`
 * prints, in a separate strict emulator whose IAM enforcement is switched on (moto's
 * INITIAL_NO_AUTH_ACTION_COUNT, set at run time with POST /moto-api/reset-auth after the seeding), must
 * give the same plan as an administrator gets.
 *
 * moto 5.2.1 cannot check the exact policy, for two reasons in its source (so that test is skipped
 * here, with the reason, and the probe below proves both reasons still hold):
 *
 * 1. moto/core/responses.py, BaseResponse.call_action: `resource = "*"` unless the response class
 *    defines `_determine_resource`, which only IAM (role ARN), STS and SQS do. So every RDS, AWS Backup,
 *    SNS, EventBridge and CloudWatch call is authorized against the literal resource "*", and
 *    moto/iam/access_control.py IAMPolicyStatement._match turns a statement's Resource into a regex
 *    that "*" never matches unless the Resource is `*` itself: every statement scoped to ARNs (the
 *    point of the policy) is ignored, and the call is denied where AWS allows it.
 * 2. moto/s3/responses.py ACTION_MAP["BUCKET"]["GET"] has no `replication`, `object-lock` or
 *    `inventory` entry, so GetBucketReplication, GetObjectLockConfiguration and
 *    ListBucketInventoryConfigurations are checked as "s3:ListBucket" (its DEFAULT), not as AWS's
 *    s3:GetReplicationConfiguration, s3:GetBucketObjectLockConfiguration, s3:GetInventoryConfiguration
 *    (Service Authorization Reference, Amazon S3).
 * 3. moto/iam/access_control.py IAMRequestBase.__init__: the action is prefixed with the SigV4 signing
 *    name, so CloudWatch calls are checked as `monitoring:DescribeAlarms`; AWS's prefix is `cloudwatch:`.
 * 4. moto/iam/responses.py IamResponse._resolve_resource_arn: a role that does not exist is
 *    authorized against "*", so GetRole of a declared role that is still missing (the guide's start
 *    lacks eks-mnemonica-prod-s3-role) is denied by a statement naming the role's ARN, where AWS
 *    authorizes the ARN and answers NoSuchEntity.
 *
 * What moto can check, and this test does: the policy's ACTIONS suffice. A second user holds the
 * generated policy adapted to exactly those deviations (Resource `*` for the services of reason 1,
 * s3:ListBucket added to the bucket statements for reason 2, each cloudwatch: action also as
 * monitoring: for reason 3, iam:GetRole also on `*` for reason 4; every other IAM and S3 action keeps
 * its exact ARNs, which moto does check) and gets the administrator's plan.
 */
import type { ChildProcess } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import {
  AttachUserPolicyCommand,
  CreateAccessKeyCommand,
  CreatePolicyCommand,
  CreateUserCommand,
} from '@aws-sdk/client-iam';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ClientPool } from '../../src/adapters/aws-config.js';
import { buildPermissions, type PolicyDocument } from '../../src/adapters/permissions.js';
import { loadSpecFile } from '../../src/cli/spec-file.js';
import { runCli } from '../support/cli.js';
import { motoAwsOptions, withoutEmulatorDelays } from '../support/moto.js';
import { freePort, spawnEmulator, waitUntilUp } from '../support/moto-global.js';
import { seedGuideBefore } from '../support/seed-guide-before.js';

const WEBHOOK = 'https://hooks.example.com/services/T0IAM/B0IAM/iamS3cret';
const SPEC = resolve('backup-spec.yaml');
/** The services moto authorizes against resource "*" (reason 1 above). */
const STAR_SERVICES = ['rds', 'backup', 'sns', 'events', 'cloudwatch'];

let child: ChildProcess;
let url: string;
let cwd: string;
let policy: PolicyDocument;
const plans = new Map<string, { code: number; stderr: string; plan: unknown }>();

/** The generated policy with moto's deviations applied (see the header), nothing else changed. */
function adaptedToMoto(p: PolicyDocument): PolicyDocument {
  const statements = p.Statement.map((s) => {
    const services = new Set(s.Action.map((a) => a.split(':')[0]));
    const star = [...services].every((svc) => STAR_SERVICES.includes(svc as string));
    const bucket = s.Resource.some((r) => r.startsWith('arn:aws:s3:::'));
    const actions = [
      ...s.Action,
      ...(bucket ? ['s3:ListBucket'] : []),
      ...s.Action.filter((a) => a.startsWith('cloudwatch:')).map((a) =>
        a.replace('cloudwatch:', 'monitoring:'),
      ),
    ];
    return { ...s, Action: [...new Set(actions)].sort(), ...(star ? { Resource: ['*'] } : {}) };
  });
  const getRole = {
    Sid: 'MotoGetsMissingRolesOnStar',
    Effect: 'Allow' as const,
    Action: ['iam:GetRole'],
    Resource: ['*'],
  };
  return { ...p, Statement: [...statements, getRole] };
}

async function userWith(pool: ClientPool, name: string, document: PolicyDocument) {
  const iam = pool.get('iam', 'eu-west-1');
  await iam.send(new CreateUserCommand({ UserName: name }));
  const created = await iam.send(
    new CreatePolicyCommand({ PolicyName: name, PolicyDocument: JSON.stringify(document) }),
  );
  await iam.send(new AttachUserPolicyCommand({ UserName: name, PolicyArn: created.Policy?.Arn }));
  const key = await iam.send(new CreateAccessKeyCommand({ UserName: name }));
  return { id: key.AccessKey?.AccessKeyId as string, secret: key.AccessKey?.SecretAccessKey as string };
}

async function plan(name: string, keys: { id: string; secret: string }): Promise<void> {
  process.env.AWS_ACCESS_KEY_ID = keys.id;
  process.env.AWS_SECRET_ACCESS_KEY = keys.secret;
  delete process.env.AWS_PROFILE;
  const r = await runCli(
    ['--plan', '--json', '--spec', SPEC, '--endpoint-url', url, '--region', 'eu-west-1'],
    {
      cwd,
      env: { ...process.env, MNEMONICA_ALERTS_WEBHOOK_URL: WEBHOOK, NO_COLOR: '1', LOG_LEVEL: 'silent' },
    },
  );
  const parsed = r.stdout ? (JSON.parse(r.stdout) as Record<string, unknown>) : {};
  delete parsed.createdAt;
  plans.set(name, { code: r.code, stderr: r.stderr, plan: parsed });
}

beforeAll(async () => {
  const port = await freePort();
  url = `http://127.0.0.1:${port}`;
  child = spawnEmulator(port, ['ignore', 'ignore', 'ignore']);
  await waitUntilUp(url, child, 30_000);
  cwd = await mkdtemp(join(tmpdir(), 'reconcile-moto-iam-'));
  const pool = new ClientPool(motoAwsOptions({ endpointUrl: url }));
  try {
    await withoutEmulatorDelays(() => seedGuideBefore(pool));
    const desired = await loadSpecFile(SPEC, { MNEMONICA_ALERTS_WEBHOOK_URL: WEBHOOK });
    policy = buildPermissions(desired, { command: 'plan' }).policy;
    const exact = await userWith(pool, 'reconcile-plan-exact', policy);
    const adapted = await userWith(pool, 'reconcile-plan-moto', adaptedToMoto(policy));
    const nothing = await userWith(pool, 'reconcile-plan-nothing', {
      Version: '2012-10-17',
      Statement: [{ Sid: 'NothingUseful', Effect: 'Allow', Action: ['sns:ListTopics'], Resource: ['*'] }],
    });
    await plan('admin', { id: 'testing', secret: 'testing' });
    // From here on moto checks every request (request count 0 >= INITIAL_NO_AUTH_ACTION_COUNT 0).
    const res = await fetch(`${url}/moto-api/reset-auth`, { method: 'POST', body: '0' });
    expect(res.ok).toBe(true);
    await plan('exact', exact);
    await plan('adapted', adapted);
    await plan('nothing', nothing);
  } finally {
    pool.destroy();
  }
}, 180_000);

afterAll(async () => {
  process.env.AWS_ACCESS_KEY_ID = 'testing';
  process.env.AWS_SECRET_ACCESS_KEY = 'testing';
  if (child && child.exitCode === null) {
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    await Promise.race([exited, new Promise((r) => setTimeout(r, 2000))]);
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  }
});

const got = (name: string) => plans.get(name) as { code: number; stderr: string; plan: unknown };

describe('--plan with only the generated policy, in a moto server that enforces IAM', () => {
  it('GIVEN enforcement on WHEN a user without the policy plans THEN moto refuses (enforcement really is on)', () => {
    expect(got('admin').code).toBe(2);
    expect(got('nothing').code).toBe(1);
    expect(got('nothing').plan).not.toEqual(got('admin').plan);
  });

  it("GIVEN the generated policy adapted only to moto 5.2.1's two deviations WHEN planning THEN the plan is the administrator's: the actions suffice", () => {
    expect(got('adapted').stderr).not.toContain('internal error');
    expect(got('adapted').code).toBe(2);
    expect(got('adapted').plan).toEqual(got('admin').plan);
  });

  it('GIVEN moto 5.2.1 WHEN the exact policy is used THEN moto still denies what AWS allows (the reasons above hold; if this fails, moto was fixed: un-skip the exact test)', () => {
    expect(got('exact').code).toBe(1);
    const unchecked = (got('exact').plan as { unchecked: { address: string }[] }).unchecked.map(
      (u) => u.address,
    );
    // Reason 1: every resource of the services moto checks against "*" (vaults are read with the
    // account-wide listing, whose statement is `*`); reason 2: the buckets whose replication or
    // inventory is read; reason 4: the role still missing.
    expect(unchecked).toEqual([
      'backup.plan/eu-west-1/eks-mnemonica-6h-snapshots-180d',
      'backup.selection/eu-west-1/eks-mnemonica-6h-snapshots-180d/eks-mnemonica-prod-rds',
      'cloudwatch.alarm/eu-north-1/mnemonica-vault-replica-object-count-anomaly',
      'cloudwatch.alarm/eu-north-1/mnemonica-vault-replication-lag',
      'cloudwatch.alarm/eu-west-1/mnemonica-media-replication-failures',
      'cloudwatch.alarm/eu-west-1/mnemonica-vault-replication-failures',
      'cloudwatch.alarm/eu-west-3/mnemonica-media-replica-object-count-anomaly',
      'cloudwatch.alarm/eu-west-3/mnemonica-media-replication-lag',
      'events.rule/eu-west-1/mnemonica-backup-job-failures',
      'events.rule/eu-west-3/mnemonica-backup-job-failures-dr',
      'iam.role/eks-mnemonica-prod-s3-role',
      'rds.instance/eu-west-1/eks-mnemonica-prod',
      's3.bucket/mne-media-prod',
      's3.bucket/mne-media-replica',
      's3.bucket/mne-vault-prod',
      'sns.topic/eu-north-1/mnemonica-backup-alerts-eu-north-1',
      'sns.topic/eu-west-1/mnemonica-backup-alerts',
      'sns.topic/eu-west-3/mnemonica-backup-alerts-dr',
    ]);
  });

  it.skip('GIVEN the exact generated policy WHEN planning THEN the plan is the administrator\'s (skipped: moto 5.2.1 authorizes RDS, AWS Backup, SNS, EventBridge and CloudWatch calls against resource "*" and names three S3 reads s3:ListBucket; see the header)', () => {
    expect(got('exact').plan).toEqual(got('admin').plan);
  });
});
