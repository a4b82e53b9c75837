/**
 * `--target ADDRESS` end to end through main() against the strict emulator (issue 15): plan and apply
 * only the resources the patterns name, plus the dependencies that do not exist yet (said on stderr);
 * existing dependencies and everything else are left alone.
 */
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';
import { ACCOUNT, motoEndpoint, useDummyCredentials, useMoto } from '../support/moto.js';

useMoto();

const ROLE = 'tgt-replication-role';

function spec(roleDescription: string): string {
  return `version: 1
account: "${ACCOUNT}"
defaultRegion: eu-west-1
s3:
  buckets:
    tgt-source:
      region: eu-west-1
      versioning: Enabled
      replication:
        role: ${ROLE}
        rules:
          - id: to-replica
            destination:
              bucket: tgt-replica
    tgt-replica:
      region: eu-west-3
      versioning: Enabled
iam:
  roles:
    ${ROLE}:
      description: ${roleDescription}
      trustPolicy:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Principal: {Service: s3.amazonaws.com}
            Action: sts:AssumeRole
sns:
  topics:
    tgt-unrelated-topic:
      region: eu-west-1
      subscriptions: []
`;
}

let cwd: string;
beforeAll(async () => {
  cwd = await mkdtemp(join(tmpdir(), 'reconcile-target-'));
  useDummyCredentials();
  await writeFile(join(cwd, 'backup-spec.yaml'), spec('replication to the replica'));
});

async function reconcile(args: readonly string[]) {
  const run = await runCli([...args, '--endpoint-url', motoEndpoint(), '--log-level', 'silent'], {
    cwd,
    env: { ...process.env, NO_COLOR: '1' },
  });
  return { code: run.code, out: run.stdout, err: run.stderr };
}

describe('--target', () => {
  it('GIVEN nothing exists WHEN apply --target the source bucket THEN its missing role and replica come along (said so), the unrelated topic does not', async () => {
    const r = await reconcile(['apply', '--target', 's3.bucket/tgt-source', '--yes']);
    expect(r.err).not.toContain('internal error');
    expect(r.err).toContain('--target: planning 1 of 4 declared resource(s): s3.bucket/tgt-source');
    expect(r.err).toContain(
      `--target: also iam.role/${ROLE}: s3.bucket/tgt-source depends on it and it does not exist in AWS yet`,
    );
    expect(r.err).toContain(
      '--target: also s3.bucket/tgt-replica: s3.bucket/tgt-source depends on it and it does not exist in AWS yet',
    );
    expect(r.out).toContain('+ s3.bucket/tgt-source');
    expect(r.out).toContain(`+ iam.role/${ROLE}`);
    expect(r.out).not.toContain('tgt-unrelated-topic');
    expect(r.code).toBe(0);
    // the whole spec now: only the topic is left to create
    const plan = await reconcile(['plan', '--json']);
    const changes = JSON.parse(plan.out).changes.filter((c: { action: string }) => c.action !== 'no-op');
    expect(changes.map((c: { address: string; action: string }) => [c.address, c.action])).toEqual([
      ['sns.topic/eu-west-1/tgt-unrelated-topic', 'create'],
    ]);
  });

  it('GIVEN a drifted dependency that exists WHEN plan --target the bucket THEN the dependency is left out (exit 0)', async () => {
    await writeFile(join(cwd, 'backup-spec.yaml'), spec('a new description'));
    const r = await reconcile(['plan', '--target', 's3.bucket/tgt-*']);
    expect(r.err).toContain(
      '--target: planning 2 of 4 declared resource(s): s3.bucket/tgt-replica, s3.bucket/tgt-source',
    );
    expect(r.err).not.toContain('--target: also');
    expect(r.out).toContain('No changes.');
    expect(r.code).toBe(0);
    const role = await reconcile(['plan', '--target', 'iam.role/*']);
    expect(role.out).toContain('~ description: "replication to the replica" -> "a new description"');
    expect(role.code).toBe(2);
  });

  it('GIVEN a pattern that names nothing WHEN plan --target THEN exit 1 with the closest address, before any AWS call', async () => {
    const r = await reconcile(['plan', '--target', 's3.bucket/tgt-sorce']);
    expect(r.code).toBe(1);
    expect(r.err).toBe(
      `--target 's3.bucket/tgt-sorce' matches no resource backup-spec.yaml declares (did you mean "s3.bucket/tgt-source"?); addresses look like s3.bucket/NAME or cloudwatch.alarm/REGION/NAME ('*' and '?' match any characters)\n`,
    );
  });

  it('GIVEN a plan saved with --target WHEN applied THEN it is planned again with its own patterns and applied; other patterns with it are refused', async () => {
    const saved = await reconcile(['plan', '--target', 'iam.role/*', '--out', 'plan.json']);
    expect(saved.code).toBe(2);
    const other = await reconcile(['apply', 'plan.json', '--target', 's3.bucket/tgt-source', '--yes']);
    expect(other.code).toBe(1);
    expect(other.err).toContain(
      `plan.json was planned with --target iam.role/*: apply it without --target (a saved plan is applied as it was made)`,
    );
    const r = await reconcile(['apply', 'plan.json', '--yes']);
    expect(r.err).toContain('--target: planning 1 of 4 declared resource(s): iam.role/tgt-replication-role');
    expect(r.out).toContain('~ description: "replication to the replica" -> "a new description"');
    expect(r.code).toBe(0);
    const plan = await reconcile(['plan', '--json']);
    const changes = JSON.parse(plan.out).changes.filter((c: { action: string }) => c.action !== 'no-op');
    expect(changes.map((c: { address: string }) => c.address)).toEqual([
      'sns.topic/eu-west-1/tgt-unrelated-topic',
    ]);
  });

  it('GIVEN a lint error on a resource outside the targets WHEN plan --target THEN the plan shows it (text and JSON), as apply of that plan refuses it', async () => {
    // A literal Slack webhook on the unrelated topic: two lint errors on sns.topic/eu-west-1/tgt-unrelated-topic.
    await writeFile(
      join(cwd, 'backup-spec.yaml'),
      spec('a new description').replace(
        'subscriptions: []',
        'subscriptions:\n        - protocol: https\n          endpoint: https://hooks.slack.com/services/T000/B000/XXXX',
      ),
    );
    try {
      const text = await reconcile(['plan', '--target', 'iam.role/*', '--out', 'lint-plan.json']);
      expect(text.out).toContain('sns-chat-webhook-subscription');
      const json = JSON.parse(await readFile(join(cwd, 'lint-plan.json'), 'utf8')) as {
        lint?: { ruleId: string; severity: string; address: string }[];
      };
      expect(json.lint?.filter((f) => f.severity === 'error').map((f) => f.address)).toEqual([
        'sns.topic/eu-west-1/tgt-unrelated-topic',
        'sns.topic/eu-west-1/tgt-unrelated-topic',
      ]);
      const apply = await reconcile(['apply', 'lint-plan.json', '--yes']);
      expect(apply.code).toBe(1);
      expect(apply.err).toContain('refusing to apply a spec with 2 lint error(s)');
    } finally {
      await writeFile(join(cwd, 'backup-spec.yaml'), spec('a new description'));
    }
  });
});
