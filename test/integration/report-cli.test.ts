/**
 * `reconcile --report` end to end through main() against the strict emulator: health checks it can
 * back (versioning, subscriptions, EventBridge rule state, alarm state, AWS Backup recovery points:
 * the emulator answers ListRecoveryPointsByBackupVault and takes seeded points), report files and the
 * trend, read-only-ness, --publish-sns.
 */
import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SetAlarmStateCommand } from '@aws-sdk/client-cloudwatch';
import { DisableRuleCommand } from '@aws-sdk/client-eventbridge';
import { beforeAll, describe, expect, it } from 'vitest';
import { ClientPool } from '../../src/adapters/aws-config.js';
import type { DriftReport } from '../../src/report/report-model.js';
import { runCli } from '../support/cli.js';
import {
  ACCOUNT,
  motoAwsOptions,
  motoDump,
  motoEndpoint,
  seedRecoveryPoint,
  useDummyCredentials,
  useMoto,
} from '../support/moto.js';

useMoto();

const TOPIC_ARN = `arn:aws:sns:eu-west-1:${ACCOUNT}:report-alerts`;
const SPEC = `version: 1
account: "${ACCOUNT}"
defaultRegion: eu-west-1
s3:
  buckets:
    report-media:
      region: eu-west-1
      versioning: Enabled
backup:
  vaults:
    report-vault:
      region: eu-west-1
sns:
  topics:
    report-alerts:
      region: eu-west-1
      policy:
        Version: "2012-10-17"
        Statement:
          - Sid: AllowEventBridgePublish
            Effect: Allow
            Principal: {Service: events.amazonaws.com}
            Action: sns:Publish
            Resource: ${TOPIC_ARN}
      subscriptions:
        - protocol: email
          endpoint: ops@example.com
events:
  rules:
    report-failures:
      region: eu-west-1
      eventPattern:
        source: [aws.backup]
      state: ENABLED
      targets:
        - id: "1"
          topic: report-alerts
cloudwatch:
  alarms:
    report-objects:
      region: eu-west-1
      metric:
        namespace: AWS/S3
        name: NumberOfObjects
        dimensions: {BucketName: report-media, StorageType: AllStorageTypes}
        period: 86400
        statistic: Average
      comparison: LessThanThreshold
      threshold: 1
      evaluationPeriods: 1
      alarmActions: [report-alerts]
recovery:
  scenarios:
    deleted-file:
      rpo: 6h
      rto: 48h
      resources:
        - bucket: report-media
        - topic: report-alerts
        - eventRule: report-failures
        - alarm: report-objects
        - vault: report-vault
`;

let cwd: string;

async function reconcile(args: readonly string[]) {
  const run = await runCli([...args, '--endpoint-url', motoEndpoint()], {
    cwd,
    env: { ...process.env, NO_COLOR: '1' },
  });
  return { code: run.code, out: run.stdout, err: run.stderr };
}

beforeAll(async () => {
  cwd = await mkdtemp(join(tmpdir(), 'reconcile-report-'));
  useDummyCredentials();
  await writeFile(join(cwd, 'backup-spec.yaml'), SPEC);
  const applied = await reconcile(['--apply', '--yes']);
  expect(applied.code, applied.err).toBe(0);
  // Then the world drifts: the rule is disabled by hand and the alarm fires.
  const pool = new ClientPool(motoAwsOptions());
  try {
    await pool.get('events', 'eu-west-1').send(new DisableRuleCommand({ Name: 'report-failures' }));
    await pool
      .get('cloudwatch', 'eu-west-1')
      .send(
        new SetAlarmStateCommand({ AlarmName: 'report-objects', StateValue: 'ALARM', StateReason: 'test' }),
      );
  } finally {
    pool.destroy();
  }
});

describe('reconcile --report against the strict emulator', () => {
  it('GIVEN a disabled rule, an alarm in ALARM and an empty vault WHEN reported THEN exit 1 with those checks failed (no recovery point), and AWS unchanged', async () => {
    const before = await motoDump();
    const r = await reconcile(['--report', '--out', 'reports', '--format', 'md,html,json']);
    expect(await motoDump()).toEqual(before);
    expect(r.code, r.err).toBe(1);
    expect(r.out).toContain('# Backup report: account 828879644785');

    const files = (await readdir(join(cwd, 'reports'))).sort();
    expect(files.filter((f) => f.startsWith('latest.'))).toEqual(['latest.html', 'latest.json', 'latest.md']);
    expect(files.filter((f) => /^report-.+Z\.(md|html|json)$/.test(f))).toHaveLength(3);

    const report = JSON.parse(await readFile(join(cwd, 'reports/latest.json'), 'utf8')) as DriftReport;
    expect(report.formatVersion).toBe(1);
    const status = Object.fromEntries(report.health.map((h) => [h.id, h.status]));
    expect(status).toEqual({
      'alarm:cloudwatch.alarm/eu-west-1/report-objects': 'fail',
      'events-rule:events.rule/eu-west-1/report-failures': 'fail',
      'recovery-point:eu-west-1:report-vault': 'fail',
      's3-versioning:s3.bucket/report-media': 'pass',
      'sns-subscriptions:sns.topic/eu-west-1/report-alerts': 'pass',
    });
    const rp = report.health.find((h) => h.id === 'recovery-point:eu-west-1:report-vault');
    expect(rp?.evidence.join(' ')).toMatch(/^no completed recovery point since /);
    expect(
      report.plan.changes.find((c) => c.address === 'events.rule/eu-west-1/report-failures')?.action,
    ).toBe('update');
  });

  it('GIVEN an earlier report in the out directory WHEN reported again with --publish-sns THEN the HTML draws the trend and the summary is published', async () => {
    const r = await reconcile([
      '--report',
      '--out',
      'reports',
      '--format',
      'html,json',
      '--publish-sns',
      TOPIC_ARN,
    ]);
    expect(r.code, r.err).toBe(1);
    expect(r.err).toContain('report summary published');
    const html = await readFile(join(cwd, 'reports/latest.html'), 'utf8');
    expect(html).toContain('id="trend-chart"');
    expect(html.match(/data-series="drift"/g)?.length).toBeGreaterThanOrEqual(2);
  });

  it('GIVEN a completed recovery point created an hour ago in the vault WHEN reported THEN its check passes, with the point read from AWS Backup', async () => {
    const arn = await seedRecoveryPoint({
      region: 'eu-west-1',
      backupVaultName: 'report-vault',
      resourceArn: 'arn:aws:s3:::report-media',
      creationDate: new Date(Date.now() - 3_600_000).toISOString(),
    });
    const r = await reconcile(['--report', '--out', 'reports-rp', '--format', 'json']);
    expect(r.code, r.err).toBe(1); // the rule and the alarm still fail
    const report = JSON.parse(await readFile(join(cwd, 'reports-rp/latest.json'), 'utf8')) as DriftReport;
    const rp = report.health.find((h) => h.id === 'recovery-point:eu-west-1:report-vault');
    expect(rp?.status).toBe('pass');
    expect(rp?.evidence[0]).toContain(`newest: ${arn} (COMPLETED)`);
  });

  it('GIVEN an unknown --format WHEN reported THEN a usage error, exit 1, no stack', async () => {
    const r = await reconcile(['--report', '--format', 'pdf']);
    expect(r.code).toBe(1);
    expect(r.err).toContain("unknown report format 'pdf'");
    expect(r.err).not.toMatch(/\n\s+at /);
  });
});
