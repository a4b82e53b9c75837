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
    for (const command of ['plan', 'report', 'import', 'apply', 'restore'] as const) {
      const r = buildPermissions(spec(''), { command });
      expect(r.policy.Statement).toEqual([]);
      expect(r.notes.join()).toContain('sts:GetCallerIdentity needs no permission');
    }
  });
});
