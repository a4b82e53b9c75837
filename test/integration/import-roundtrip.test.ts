/**
 * `reconcile --import` against the strict emulator, in-process through main(): the guide's starting infrastructure
 * (4 buckets in 3 regions, roles, RDS, AWS Backup) plus SNS topics (one name in two regions), EventBridge
 * rules and CloudWatch alarms in three regions. Every request goes through a recording proxy in front
 * of moto, so we can prove that import made no mutating call. Then `--plan` with the imported spec
 * against the same moto is empty (exit 0).
 *
 * The strict emulator holds AWS Backup selections, so the plan's selection is imported with it (its role
 * and resources by name) and is part of the round trip.
 */
import { mkdtemp, readFile, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PutMetricAlarmCommand } from '@aws-sdk/client-cloudwatch';
import { PutRuleCommand, PutTargetsCommand } from '@aws-sdk/client-eventbridge';
import { CreateTopicCommand, SetTopicAttributesCommand, SubscribeCommand } from '@aws-sdk/client-sns';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { parseSpec } from '../../spec/parse-spec.js';
import { ClientPool } from '../../src/adapters/aws-config.js';
import { runCli } from '../support/cli.js';
import {
  ACCOUNT,
  motoAwsOptions,
  motoEndpoint,
  useDummyCredentials,
  useMoto,
  withoutEmulatorDelays,
} from '../support/moto.js';
import {
  mutates,
  type RecordingProxy,
  type SeenRequest,
  startRecordingProxy,
} from '../support/recording-proxy.js';
import { seedGuideBefore } from '../support/seed-guide-before.js';

useMoto();

const WEBHOOK = 'https://hooks.example.com/services/T0IMP/B0IMP/importS3cretToken';
const ALERTS = 'mnemonica-backup-alerts';
const topicArn = (region: string, name: string) => `arn:aws:sns:${region}:${ACCOUNT}:${name}`;

/** The value at a path of plain YAML data (undefined when any step is missing). */
function pick(value: unknown, ...path: readonly (string | number)[]): unknown {
  let v = value;
  for (const k of path)
    v = v !== null && typeof v === 'object' ? (v as Record<string, unknown>)[k] : undefined;
  return v;
}

let proxy: RecordingProxy;
let proxyUrl: string;
let seen: SeenRequest[];
let cwd: string;

async function seedMonitoring(pool: ClientPool): Promise<void> {
  const w1 = pool.get('sns', 'eu-west-1');
  await w1.send(new CreateTopicCommand({ Name: ALERTS }));
  await w1.send(
    new SetTopicAttributesCommand({
      TopicArn: topicArn('eu-west-1', ALERTS),
      AttributeName: 'Policy',
      AttributeValue: JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          {
            Sid: 'AllowEventBridgePublish',
            Effect: 'Allow',
            Principal: { Service: 'events.amazonaws.com' },
            Action: 'sns:Publish',
            Resource: topicArn('eu-west-1', ALERTS),
          },
        ],
      }),
    }),
  );
  await w1.send(
    new SubscribeCommand({
      TopicArn: topicArn('eu-west-1', ALERTS),
      Protocol: 'email',
      Endpoint: 'backup-alerts@example.com',
    }),
  );
  await w1.send(
    new SubscribeCommand({ TopicArn: topicArn('eu-west-1', ALERTS), Protocol: 'https', Endpoint: WEBHOOK }),
  );
  // The same topic name in eu-north-1 (alarms can only notify their own region).
  const n1 = pool.get('sns', 'eu-north-1');
  await n1.send(new CreateTopicCommand({ Name: ALERTS }));
  await n1.send(
    new SubscribeCommand({
      TopicArn: topicArn('eu-north-1', ALERTS),
      Protocol: 'email',
      Endpoint: 'backup-alerts@example.com',
    }),
  );
  await pool.get('sns', 'eu-west-3').send(new CreateTopicCommand({ Name: `${ALERTS}-dr` }));

  const pattern = JSON.stringify({
    source: ['aws.backup'],
    'detail-type': ['Backup Job State Change'],
    detail: { state: ['FAILED', 'ABORTED', 'EXPIRED'] },
  });
  for (const [region, name, topic] of [
    ['eu-west-1', 'mnemonica-backup-job-failures', ALERTS],
    ['eu-west-3', 'mnemonica-backup-job-failures-dr', `${ALERTS}-dr`],
  ] as const) {
    const events = pool.get('events', region);
    await events.send(
      new PutRuleCommand({
        Name: name,
        EventPattern: pattern,
        State: 'ENABLED',
        Description: 'Backup job failures',
      }),
    );
    await events.send(
      new PutTargetsCommand({ Rule: name, Targets: [{ Id: '1', Arn: topicArn(region, topic) }] }),
    );
  }
  // Not matched by --rule-prefix: must not be imported.
  await pool
    .get('events', 'eu-west-1')
    .send(new PutRuleCommand({ Name: 'other-team-rule', ScheduleExpression: 'rate(1 day)' }));

  await pool.get('cloudwatch', 'eu-west-1').send(
    new PutMetricAlarmCommand({
      AlarmName: 'mnemonica-media-replication-lag',
      AlarmDescription: 'Media replication takes more than 15 minutes',
      Namespace: 'AWS/S3',
      MetricName: 'ReplicationLatency',
      Dimensions: [
        { Name: 'SourceBucket', Value: 'mne-media-prod' },
        { Name: 'DestinationBucket', Value: 'mne-media-replica' },
        { Name: 'RuleId', Value: 'paris-replica' },
      ],
      Period: 300,
      Statistic: 'Maximum',
      ComparisonOperator: 'GreaterThanThreshold',
      Threshold: 900,
      EvaluationPeriods: 2,
      TreatMissingData: 'notBreaching',
      AlarmActions: [topicArn('eu-west-1', ALERTS)],
    }),
  );
  await pool.get('cloudwatch', 'eu-north-1').send(
    new PutMetricAlarmCommand({
      AlarmName: 'mnemonica-vault-replica-object-count-anomaly',
      ComparisonOperator: 'LessThanLowerThreshold',
      EvaluationPeriods: 1,
      ThresholdMetricId: 'ad1',
      TreatMissingData: 'notBreaching',
      Metrics: [
        {
          Id: 'm1',
          MetricStat: {
            Metric: {
              Namespace: 'AWS/S3',
              MetricName: 'NumberOfObjects',
              Dimensions: [
                { Name: 'BucketName', Value: 'mne-vault-replica' },
                { Name: 'StorageType', Value: 'AllStorageTypes' },
              ],
            },
            Period: 86400,
            Stat: 'Average',
          },
          ReturnData: true,
        },
        { Id: 'ad1', Expression: 'ANOMALY_DETECTION_BAND(m1, 2)', ReturnData: true },
      ],
      AlarmActions: [topicArn('eu-north-1', ALERTS)],
    }),
  );
}

beforeAll(async () => {
  proxy = await startRecordingProxy(motoEndpoint());
  proxyUrl = proxy.url;
  seen = proxy.seen;
  const pool = new ClientPool(motoAwsOptions());
  try {
    await withoutEmulatorDelays(() => seedGuideBefore(pool));
    await seedMonitoring(pool);
  } finally {
    pool.destroy();
  }
  cwd = await mkdtemp(join(tmpdir(), 'reconcile-import-'));
  useDummyCredentials();
});

afterAll(async () => {
  await proxy.close();
});

async function reconcile(
  args: readonly string[],
  env: Readonly<Record<string, string>> = {},
): Promise<{ code: number; out: string; err: string }> {
  const run = await runCli([...args, '--endpoint-url', proxyUrl, '--region', 'eu-west-1'], {
    cwd,
    env: { ...process.env, NO_COLOR: '1', ...env },
  });
  return { code: run.code, out: run.stdout, err: run.stderr };
}

const IMPORT_ARGS = [
  '--import',
  '--account-from-sts',
  '--regions',
  'eu-west-1,eu-west-3,eu-north-1',
  '--all-buckets',
  '--alarm-prefix',
  'mnemonica-',
  '--rule-prefix',
  'mnemonica-',
  '--topic',
  ALERTS,
  '--topic',
  `${ALERTS}-dr`,
  '--role',
  'AWSBackupDefaultServiceRole',
  '--db-instance',
  'eks-mnemonica-prod',
  '--backup-plan',
  'eks-mnemonica-6h-snapshots-180d',
] as const;

describe('reconcile --import against the strict emulator', () => {
  let result: { code: number; out: string; err: string };
  let text: string;

  beforeAll(async () => {
    seen.length = 0;
    result = await reconcile([...IMPORT_ARGS, '--out', 'imported.yaml']);
    text = await readFile(join(cwd, 'imported.yaml'), 'utf8');
  });

  it('GIVEN resources in three regions WHEN importing THEN it exits 0 and prints the counts per kind on stdout', () => {
    expect(result.err).not.toContain('internal error');
    expect(result.code).toBe(0);
    expect(result.out).toContain(`from account ${ACCOUNT} into imported.yaml`);
    for (const count of [
      '4 s3.bucket',
      '2 iam.role',
      '1 rds.instance',
      '2 backup.vault',
      '1 backup.plan',
      '3 sns.topic',
      '2 events.rule',
      '2 cloudwatch.alarm',
    ])
      expect(result.out).toContain(count);
  });

  it('GIVEN the import WHEN looking at every request it sent THEN all were reads (proxy log)', () => {
    expect(seen.length).toBeGreaterThan(20);
    expect(seen.filter(mutates)).toEqual([]);
    const ops = new Set(seen.map((s) => s.operation).filter(Boolean));
    for (const op of ['GetCallerIdentity', 'DescribeAlarms', 'ListRules', 'GetTopicAttributes'])
      expect(ops).toContain(op);
  });

  it('GIVEN the imported file THEN it is a valid spec in the house style: schema line, header, account, references by name', () => {
    expect(text.split('\n')[0]).toMatch(/^# yaml-language-server: \$schema=.*backup-spec\.schema\.json$/);
    expect(text).toContain(`from AWS account ${ACCOUNT} through the endpoint ${proxyUrl}`);
    const doc: unknown = parse(text);
    expect(pick(doc, 'account')).toBe(ACCOUNT);
    expect(pick(doc, 'defaultRegion')).toBe('eu-west-1');
    // The replication role was not named on the command line: imported because buckets reference it.
    expect(pick(doc, 's3', 'buckets', 'mne-media-prod', 'replication', 'role')).toBe(
      's3crr_role_for_mne-media-prod_to_crr-media-prod',
    );
    expect(
      pick(doc, 's3', 'buckets', 'mne-media-prod', 'replication', 'rules', 0, 'destination', 'bucket'),
    ).toBe('mne-media-replica');
    expect(
      pick(doc, 'backup', 'plans', 'eks-mnemonica-6h-snapshots-180d', 'rules', 0, 'copyTo', 0, 'vault'),
    ).toBe('Default');
    // One topic name in two regions: labelled per region, each alarm refers to its own region's topic.
    expect(Object.keys(pick(doc, 'sns', 'topics') as object).sort()).toEqual([
      `${ALERTS}-dr`,
      `${ALERTS}-eu-north-1`,
      `${ALERTS}-eu-west-1`,
    ]);
    expect(pick(doc, 'cloudwatch', 'alarms', 'mnemonica-media-replication-lag', 'alarmActions')).toEqual([
      `${ALERTS}-eu-west-1`,
    ]);
    expect(
      pick(doc, 'cloudwatch', 'alarms', 'mnemonica-vault-replica-object-count-anomaly', 'alarmActions'),
    ).toEqual([`${ALERTS}-eu-north-1`]);
    expect(pick(doc, 'events', 'rules', 'mnemonica-backup-job-failures-dr', 'targets')).toEqual([
      { id: '1', topic: `${ALERTS}-dr` },
    ]);
    expect(pick(doc, 'events', 'rules', 'other-team-rule')).toBeUndefined();
    // Policies are YAML, not JSON strings.
    expect(pick(doc, 'sns', 'topics', `${ALERTS}-eu-west-1`, 'policy', 'Statement', 0, 'Principal')).toEqual({
      Service: 'events.amazonaws.com',
    });
    expect(() => parseSpec(text, 'imported.yaml', {})).not.toThrow();
  });

  it('GIVEN an https subscription WHEN imported THEN the file holds an env placeholder, never the URL (clear or redacted)', () => {
    expect(text).not.toContain('importS3cretToken');
    expect(text).not.toContain('/services/');
    expect(text).not.toContain('***');
    const doc: unknown = parse(text);
    const endpoints = (
      pick(doc, 'sns', 'topics', `${ALERTS}-eu-west-1`, 'subscriptions') as { endpoint: string }[]
    ).map((s: { endpoint: string }) => s.endpoint);
    expect(endpoints).toEqual([
      'backup-alerts@example.com',
      '${env:SNS_MNEMONICA_BACKUP_ALERTS_EU_WEST_1_1_ENDPOINT}',
    ]);
    expect(result.out).toContain('Set SNS_MNEMONICA_BACKUP_ALERTS_EU_WEST_1_1_ENDPOINT');
    expect(result.out + result.err).not.toContain('importS3cretToken');
  });

  it("GIVEN the guide's plan and its selection WHEN importing the plan THEN the selection comes with it, its role and instance by name, and nothing is left out", () => {
    expect(result.err).not.toMatch(/not imported/);
    expect(text).not.toContain('# Not imported');
    expect(
      pick(
        parse(text),
        'backup',
        'plans',
        'eks-mnemonica-6h-snapshots-180d',
        'selections',
        'eks-mnemonica-prod-rds',
      ),
    ).toEqual({ role: 'AWSBackupDefaultServiceRole', resources: [{ rdsInstance: 'eks-mnemonica-prod' }] });
  });

  it('GIVEN the imported spec WHEN planning against the same moto THEN the plan is empty (exit 0)', async () => {
    const plan = await reconcile(['--plan', '--spec', 'imported.yaml'], {
      SNS_MNEMONICA_BACKUP_ALERTS_EU_WEST_1_1_ENDPOINT: WEBHOOK,
    });
    expect(plan.err).not.toContain('internal error');
    expect(plan.out).not.toMatch(/will be (created|updated|replaced|deleted)/);
    expect(plan.code).toBe(0);
  });

  it('GIVEN the file exists WHEN importing again to it THEN it refuses (exit 1, clear message) and leaves the file alone', async () => {
    const before = await stat(join(cwd, 'imported.yaml'));
    seen.length = 0;
    const again = await reconcile([...IMPORT_ARGS, '--out', 'imported.yaml']);
    expect(again.code).toBe(1);
    expect(again.err).toContain('imported.yaml already exists: --import never overwrites a file');
    expect(seen).toEqual([]); // refused before any AWS call
    expect((await stat(join(cwd, 'imported.yaml'))).mtimeMs).toBe(before.mtimeMs);
    expect(await readFile(join(cwd, 'imported.yaml'), 'utf8')).toBe(text);
  });

  it('GIVEN --all-buckets without --regions WHEN importing THEN the buckets of every region are imported, and stderr says so (issue 15)', async () => {
    seen.length = 0;
    const r = await reconcile(['import', '--all-buckets', '--out', 'all-buckets.yaml']);
    expect(r.err).not.toContain('internal error');
    expect(r.code).toBe(0);
    expect(r.out).toContain('4 s3.bucket');
    expect(r.err).toContain(
      '--all-buckets without --regions: buckets imported from every region they were found in (eu-north-1, eu-west-1, eu-west-3)',
    );
    const spec = parse(await readFile(join(cwd, 'all-buckets.yaml'), 'utf8')) as unknown;
    expect(Object.keys(pick(spec, 's3', 'buckets') as object).sort()).toEqual([
      'mne-media-prod',
      'mne-media-replica',
      'mne-vault-prod',
      'mne-vault-replica',
    ]);
    expect(pick(spec, 's3', 'buckets', 'mne-vault-replica', 'region')).toBe('eu-north-1');
    expect(seen.filter(mutates)).toEqual([]);
  });

  it('GIVEN names that exist nowhere WHEN importing only them THEN nothing is written and the names are reported (exit 1)', async () => {
    const r = await reconcile([
      '--import',
      '--out',
      'nothing.yaml',
      '--topic',
      'no-such-topic',
      '--role',
      'no-such-role',
    ]);
    expect(r.code).toBe(1);
    expect(r.err).toContain('not found: iam.role no-such-role');
    expect(r.err).toContain('not found: sns.topic no-such-topic');
    expect(r.err).toContain('nothing to import');
    await expect(stat(join(cwd, 'nothing.yaml'))).rejects.toThrow();
  });
});
