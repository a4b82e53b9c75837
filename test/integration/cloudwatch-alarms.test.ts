/**
 * cloudwatch.alarm against moto: read (two regions, absent, unreadable), DescribeAlarms batching,
 * apply round trips (plain and metric-math) and delete. The metric-math round trip doubles as the
 * wire-protocol guard: it fails if the SDK's CloudWatch client stops speaking AWS JSON 1.0 to moto.
 */
import {
  type CloudWatchClient,
  PutMetricAlarmCommand,
  type PutMetricAlarmCommandInput,
} from '@aws-sdk/client-cloudwatch';
import { afterAll, describe, expect, it } from 'vitest';
import { ClientPool } from '../../src/adapters/aws-config.js';
import { cloudwatchAlarmAdapter } from '../../src/adapters/cloudwatch/index.js';
import type { CloudWatchAlarmAttrs } from '../../src/model/attrs.js';
import { addressOf } from '../../src/model/resource.js';
import type { DesiredResource } from '../../src/model/state.js';
import { ACCOUNT, denyAccess, recordingWriteContext } from '../adapters/sns/support.js';
import { applyPlanned, deletePlanned } from '../support/apply-step.js';
import { RequestRecorder } from '../support/faults.js';
import { motoAwsOptions, useMoto } from '../support/moto.js';

useMoto();

type Handler = (args: unknown) => Promise<unknown>;
interface MiddlewareAdder {
  add(mw: (next: Handler) => Handler, options: { step: string; name: string }): void;
}

const topic = (region: string) => `arn:aws:sns:${region}:${ACCOUNT}:alerts`;

function alarm(
  name: string,
  region: string,
  attrs: Partial<CloudWatchAlarmAttrs> = {},
): DesiredResource<'cloudwatch.alarm'> {
  return {
    address: addressOf('cloudwatch.alarm', name, region),
    kind: 'cloudwatch.alarm',
    name,
    region,
    ensure: 'present',
    attrs: { region, ...attrs },
    dependsOn: [],
  };
}

/** A replication-latency alarm request (seconds: 900 = 15 minutes). */
function latencyAlarm(name: string, region: string): PutMetricAlarmCommandInput {
  return {
    AlarmName: name,
    AlarmDescription: 'replication lag above 15 minutes',
    AlarmActions: [topic(region), `arn:aws:sns:${region}:${ACCOUNT}:audit`],
    MetricName: 'ReplicationLatency',
    Namespace: 'AWS/S3',
    Statistic: 'Maximum',
    Dimensions: [
      { Name: 'SourceBucket', Value: 'mne-media-prod' },
      { Name: 'DestinationBucket', Value: 'mne-media-replica' },
      { Name: 'RuleId', Value: 'paris-replica' },
    ],
    Period: 300,
    EvaluationPeriods: 2,
    Threshold: 900,
    ComparisonOperator: 'GreaterThanThreshold',
  };
}

function latencyAttrs(region: string): CloudWatchAlarmAttrs {
  return {
    region,
    description: 'replication lag above 15 minutes',
    actionsEnabled: true,
    alarmActions: [`arn:aws:sns:${region}:${ACCOUNT}:alerts`, `arn:aws:sns:${region}:${ACCOUNT}:audit`],
    okActions: [],
    insufficientDataActions: [],
    comparisonOperator: 'GreaterThanThreshold',
    threshold: 900,
    evaluationPeriods: 2,
    datapointsToAlarm: 2,
    treatMissingData: 'missing',
    metric: {
      metric: {
        namespace: 'AWS/S3',
        name: 'ReplicationLatency',
        dimensions: {
          DestinationBucket: 'mne-media-replica',
          RuleId: 'paris-replica',
          SourceBucket: 'mne-media-prod',
        },
      },
      period: 300,
      statistic: 'Maximum',
    },
  };
}

/** The guide's object-count anomaly alarm for a replica bucket (in the bucket's own region). */
function anomalyAttrs(region: string, bucket: string): CloudWatchAlarmAttrs {
  return {
    region,
    description: 'replica object count outside its expected band',
    actionsEnabled: true,
    alarmActions: [topic(region)],
    okActions: [],
    insufficientDataActions: [],
    comparisonOperator: 'LessThanLowerOrGreaterThanUpperThreshold',
    thresholdMetricId: 'ad1',
    evaluationPeriods: 1,
    datapointsToAlarm: 1,
    treatMissingData: 'breaching',
    metrics: [
      {
        id: 'ad1',
        expression: 'ANOMALY_DETECTION_BAND(m1, 2)',
        label: 'NumberOfObjects (expected)',
        returnData: true,
      },
      {
        id: 'm1',
        metricStat: {
          metric: {
            namespace: 'AWS/S3',
            name: 'NumberOfObjects',
            dimensions: { BucketName: bucket, StorageType: 'AllStorageTypes' },
          },
          period: 86400,
          stat: 'Average',
        },
        returnData: true,
      },
    ],
  };
}

const seedPool = new ClientPool(motoAwsOptions());
const sdk = (region: string): CloudWatchClient => seedPool.get('cloudwatch', region);
afterAll(() => seedPool.destroy());

describe('cloudwatch.alarm read (moto)', () => {
  it('GIVEN plain alarms in eu-west-1 and eu-west-3 seeded through the SDK WHEN the adapter reads them THEN it returns the normalised attributes and state facts', async () => {
    await sdk('eu-west-1').send(
      new PutMetricAlarmCommand(latencyAlarm('media-replication-latency', 'eu-west-1')),
    );
    await sdk('eu-west-3').send(
      new PutMetricAlarmCommand(latencyAlarm('dr-replication-latency', 'eu-west-3')),
    );
    const pool = new ClientPool(motoAwsOptions());
    const out = await cloudwatchAlarmAdapter.read({ pool, account: ACCOUNT, concurrency: 4 }, [
      alarm('media-replication-latency', 'eu-west-1'),
      alarm('dr-replication-latency', 'eu-west-3'),
    ]);
    pool.destroy();
    for (const [region, name] of [
      ['eu-west-1', 'media-replication-latency'],
      ['eu-west-3', 'dr-replication-latency'],
    ] as const) {
      const obs = out.get(`cloudwatch.alarm/${region}/${name}`);
      expect(obs).toMatchObject({
        status: 'present',
        attrs: latencyAttrs(region),
        facts: {
          arn: `arn:aws:cloudwatch:${region}:${ACCOUNT}:alarm:${name}`,
          stateValue: expect.any(String),
        },
      });
      // moto answers `Metrics: []` on plain alarms; the normalised form has no `metrics` at all.
      expect(obs).not.toHaveProperty('attrs.metrics');
    }
  });

  it('GIVEN an alarm that does not exist WHEN read THEN it is absent', async () => {
    const pool = new ClientPool(motoAwsOptions());
    const out = await cloudwatchAlarmAdapter.read({ pool, account: ACCOUNT, concurrency: 4 }, [
      alarm('never-created', 'eu-west-3'),
    ]);
    pool.destroy();
    expect(out.get('cloudwatch.alarm/eu-west-3/never-created')).toEqual({ status: 'absent' });
  });

  it('GIVEN DescribeAlarms is denied in eu-west-3 WHEN both regions are read THEN the eu-west-3 alarm is unreadable and the other present', async () => {
    const pool = new ClientPool(
      motoAwsOptions({
        onClient: denyAccess((op, region) => op === 'DescribeAlarms' && region === 'eu-west-3'),
      }),
    );
    const out = await cloudwatchAlarmAdapter.read({ pool, account: ACCOUNT, concurrency: 4 }, [
      alarm('media-replication-latency', 'eu-west-1'),
      alarm('dr-replication-latency', 'eu-west-3'),
    ]);
    pool.destroy();
    expect(out.get('cloudwatch.alarm/eu-west-1/media-replication-latency')?.status).toBe('present');
    expect(out.get('cloudwatch.alarm/eu-west-3/dr-replication-latency')).toMatchObject({
      status: 'unreadable',
      reason: expect.stringContaining('access denied'),
    });
  });

  it('GIVEN 150 alarms in one region and 1 in another WHEN read THEN DescribeAlarms is called twice for the first region and once for the second', async () => {
    const names = Array.from({ length: 150 }, (_, i) => `bulk-${String(i).padStart(3, '0')}`);
    for (const name of names)
      await sdk('eu-west-1').send(new PutMetricAlarmCommand(latencyAlarm(name, 'eu-west-1')));
    const recorder = new RequestRecorder();
    const pool = new ClientPool(motoAwsOptions({ onClient: recorder.onClient }));
    const wanted = [...names.map((n) => alarm(n, 'eu-west-1')), alarm('dr-replication-latency', 'eu-west-3')];
    const out = await cloudwatchAlarmAdapter.read({ pool, account: ACCOUNT, concurrency: 4 }, wanted);
    pool.destroy();
    expect([...out.values()].filter((o) => o.status === 'present')).toHaveLength(151);
    expect(recorder.requests.map((r) => `${r.region}:${r.operation}`).sort()).toEqual([
      'eu-west-1:DescribeAlarms',
      'eu-west-1:DescribeAlarms',
      'eu-west-3:DescribeAlarms',
    ]);
  });
});

describe('cloudwatch.alarm apply and delete (moto)', () => {
  it('GIVEN an absent metric-math anomaly alarm WHEN applied THEN it round-trips over AWS JSON 1.0 exactly as declared, and a second apply makes zero mutating calls', async () => {
    const desired = alarm(
      'replica-object-count',
      'eu-west-3',
      anomalyAttrs('eu-west-3', 'mne-media-replica'),
    );
    const contentTypes = new Set<string>();
    const pool = new ClientPool(
      motoAwsOptions({
        onClient: (client) =>
          (client.middlewareStack as unknown as MiddlewareAdder).add(
            (next) => async (args) => {
              contentTypes.add(
                String(
                  (args as { request: { headers: Record<string, string> } }).request.headers['content-type'],
                ),
              );
              return next(args);
            },
            { step: 'finalizeRequest', name: 'testContentType' },
          ),
      }),
    );
    const ctx = recordingWriteContext(pool);
    expect(await applyPlanned(cloudwatchAlarmAdapter, ctx, desired)).toBe('applied');
    expect(ctx.calls.map((c) => c.operation)).toEqual(['PutMetricAlarm']);
    const obs = (await cloudwatchAlarmAdapter.read(ctx, [desired])).get(desired.address);
    expect(obs).toMatchObject({ status: 'present', attrs: desired.attrs });
    expect((obs as { attrs: CloudWatchAlarmAttrs }).attrs).toEqual(desired.attrs);
    const again = recordingWriteContext(pool);
    expect(await applyPlanned(cloudwatchAlarmAdapter, again, desired)).toBe('unchanged');
    expect(again.calls).toEqual([]);
    // The protocol moto 5.2.1 speaks; a client moving to Smithy RPC v2 CBOR fails here (and above).
    expect([...contentTypes]).toEqual(['application/x-amz-json-1.0']);
    pool.destroy();
  });

  it('GIVEN a plain alarm whose threshold drifted WHEN applied with only the threshold managed THEN PutMetricAlarm fixes it and keeps every unmanaged field', async () => {
    await sdk('eu-west-1').send(
      new PutMetricAlarmCommand({ ...latencyAlarm('drifted-latency', 'eu-west-1'), Threshold: 900000 }),
    );
    const desired = alarm('drifted-latency', 'eu-west-1', { threshold: 900 });
    const pool = new ClientPool(motoAwsOptions());
    const ctx = recordingWriteContext(pool);
    expect(await applyPlanned(cloudwatchAlarmAdapter, ctx, desired)).toBe('applied');
    const obs = (await cloudwatchAlarmAdapter.read(ctx, [desired])).get(desired.address) as {
      attrs: CloudWatchAlarmAttrs;
    };
    expect(obs.attrs).toEqual(latencyAttrs('eu-west-1'));
    const again = recordingWriteContext(pool);
    expect(await applyPlanned(cloudwatchAlarmAdapter, again, desired)).toBe('unchanged');
    expect(again.calls).toEqual([]);
    pool.destroy();
  });

  it('GIVEN a new alarm the spec describes only partly WHEN applied THEN it fails naming what is missing, without writing', async () => {
    const pool = new ClientPool(motoAwsOptions());
    const ctx = recordingWriteContext(pool);
    await expect(
      applyPlanned(cloudwatchAlarmAdapter, ctx, alarm('partial', 'eu-west-1', { threshold: 1 })),
    ).rejects.toMatchObject({
      code: 'ALARM_INCOMPLETE',
      message: expect.stringContaining('comparisonOperator'),
    });
    expect(ctx.calls).toEqual([]);
    pool.destroy();
  });

  it('GIVEN an alarm WHEN deleted twice THEN the first deletes it and the second is unchanged', async () => {
    const desired = alarm('replica-object-count', 'eu-west-3');
    const pool = new ClientPool(motoAwsOptions());
    const ctx = recordingWriteContext(pool);
    expect(await deletePlanned(cloudwatchAlarmAdapter, ctx, desired)).toBe('applied');
    expect((await cloudwatchAlarmAdapter.read(ctx, [desired])).get(desired.address)).toEqual({
      status: 'absent',
    });
    const again = recordingWriteContext(pool);
    expect(await deletePlanned(cloudwatchAlarmAdapter, again, desired)).toBe('unchanged');
    expect(again.calls).toEqual([]);
    pool.destroy();
  });
});
