/**
 * `--prune-prefix P` end to end through main() against moto: undeclared alarms and EventBridge rules
 * whose names start with P are planned for deletion (and deleted by --apply with
 * --allow-destructive); declared ones and ones with other names are never touched.
 */
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DescribeAlarmsCommand, PutMetricAlarmCommand } from '@aws-sdk/client-cloudwatch';
import { ListRulesCommand, PutRuleCommand } from '@aws-sdk/client-eventbridge';
import { beforeAll, describe, expect, it } from 'vitest';
import { ClientPool } from '../../src/adapters/aws-config.js';
import { runCli } from '../support/cli.js';
import { ACCOUNT, motoAwsOptions, motoEndpoint, useDummyCredentials, useMoto } from '../support/moto.js';

useMoto();

let cwd: string;
const pool = () => new ClientPool(motoAwsOptions());

const alarm = (name: string) =>
  new PutMetricAlarmCommand({
    AlarmName: name,
    Namespace: 'AWS/S3',
    MetricName: 'OperationsFailedReplication',
    Statistic: 'Sum',
    Period: 300,
    EvaluationPeriods: 1,
    Threshold: 1,
    ComparisonOperator: 'GreaterThanOrEqualToThreshold',
    TreatMissingData: 'notBreaching',
  });

beforeAll(async () => {
  cwd = await mkdtemp(join(tmpdir(), 'reconcile-prune-'));
  useDummyCredentials();
  await writeFile(
    join(cwd, 'backup-spec.yaml'),
    `version: 1
account: "${ACCOUNT}"
defaultRegion: eu-west-1
cloudwatch:
  alarms:
    team-a-failures:
      region: eu-west-1
      comparison: GreaterThanOrEqualToThreshold
      threshold: 1
      evaluationPeriods: 1
      treatMissingData: notBreaching
      metric:
        namespace: AWS/S3
        name: OperationsFailedReplication
        period: 300
        statistic: Sum
`,
  );
  const p = pool();
  try {
    const cw = p.get('cloudwatch', 'eu-west-1');
    for (const name of ['team-a-failures', 'team-a-old', 'other-team-alarm']) await cw.send(alarm(name));
    await p
      .get('events', 'eu-west-1')
      .send(new PutRuleCommand({ Name: 'team-a-stale-rule', EventPattern: '{"source":["aws.backup"]}' }));
  } finally {
    p.destroy();
  }
});

async function reconcile(args: readonly string[]) {
  const run = await runCli([...args, '--endpoint-url', motoEndpoint()], {
    cwd,
    env: { ...process.env, NO_COLOR: '1' },
  });
  return { code: run.code, out: run.stdout, err: run.stderr };
}

describe('--prune-prefix', () => {
  it('GIVEN no prune prefix WHEN --plan THEN undeclared resources are out of scope (in sync)', async () => {
    const run = await reconcile(['--plan']);
    expect(run.code).toBe(0);
    expect(run.out).not.toContain('team-a-old');
  });

  it('GIVEN --prune-prefix team-a- WHEN --plan --json THEN exactly the undeclared team-a- alarm and rule are deleted', async () => {
    const run = await reconcile(['--plan', '--json', '--prune-prefix', 'team-a-']);
    expect(run.code).toBe(2);
    const plan = JSON.parse(run.out) as { changes: { address: string; action: string }[] };
    const deletes = plan.changes.filter((c) => c.action === 'delete').map((c) => c.address);
    expect(deletes).toEqual([
      'cloudwatch.alarm/eu-west-1/team-a-old',
      'events.rule/eu-west-1/team-a-stale-rule',
    ]);
    expect(plan.changes.map((c) => c.address)).not.toContain('cloudwatch.alarm/eu-west-1/other-team-alarm');
  });

  it('GIVEN deletions WHEN --apply without --allow-destructive THEN refused and nothing deleted', async () => {
    const run = await reconcile(['--apply', '--yes', '--prune-prefix', 'team-a-']);
    expect(run.code).toBe(1);
    expect(run.err + run.out).toMatch(/allow-destructive/);
    const p = pool();
    try {
      const names = (
        await p.get('cloudwatch', 'eu-west-1').send(new DescribeAlarmsCommand({}))
      ).MetricAlarms?.map((a) => a.AlarmName);
      expect(names).toContain('team-a-old');
    } finally {
      p.destroy();
    }
  });

  it('GIVEN a plan saved with --prune-prefix WHEN applied THEN it is planned again with its prefixes (not stale); other prefixes with it are refused', async () => {
    const saved = await reconcile(['--plan', '--prune-prefix', 'team-a-', '--out', 'prune-plan.json']);
    expect(saved.code, saved.err).toBe(2);
    const json = JSON.parse(await readFile(join(cwd, 'prune-plan.json'), 'utf8')) as {
      prunePrefixes?: string[];
    };
    expect(json.prunePrefixes).toEqual(['team-a-']);
    // Other prefixes with the saved plan: a usage error, nothing read or changed.
    const other = await reconcile(['--apply', 'prune-plan.json', '--yes', '--prune-prefix', 'team-b-']);
    expect(other.code).toBe(1);
    expect(other.err).toMatch(/was planned with --prune-prefix team-a-/);
    // Without --prune-prefix: the file's own prefixes, so the plan is current (no STALE_PLAN), and the
    // guardrail is what refuses (deletions are high risk).
    const run = await reconcile(['--apply', 'prune-plan.json', '--yes']);
    expect(run.err + run.out).not.toMatch(/saved plan is stale|STALE_PLAN/);
    expect(run.code).toBe(1);
    expect(run.err + run.out).toMatch(/allow-destructive/);
  });

  it('GIVEN --allow-destructive WHEN --apply THEN they are deleted, the rest kept, and a re-plan is empty', async () => {
    const run = await reconcile(['--apply', '--yes', '--allow-destructive', '--prune-prefix', 'team-a-']);
    expect(run.code, run.err).toBe(0);
    const p = pool();
    try {
      const names = (
        await p.get('cloudwatch', 'eu-west-1').send(new DescribeAlarmsCommand({}))
      ).MetricAlarms?.map((a) => a.AlarmName);
      expect(names?.sort()).toEqual(['other-team-alarm', 'team-a-failures']);
      const rules = (await p.get('events', 'eu-west-1').send(new ListRulesCommand({}))).Rules?.map(
        (r) => r.Name,
      );
      expect(rules).not.toContain('team-a-stale-rule');
    } finally {
      p.destroy();
    }
    const again = await reconcile(['--plan', '--prune-prefix', 'team-a-']);
    expect(again.code).toBe(0);
  });
});
