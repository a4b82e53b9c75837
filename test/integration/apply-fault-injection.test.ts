/**
 * The fault injector itself, against moto: each injected fault is parsed by the real SDK deserialiser
 * into the error AWS would give, and retried by the SDK's standard retry strategy.
 */
import { CreateBackupVaultCommand } from '@aws-sdk/client-backup';
import { PutMetricAlarmCommand } from '@aws-sdk/client-cloudwatch';
import { PutRuleCommand } from '@aws-sdk/client-eventbridge';
import { CreateRoleCommand } from '@aws-sdk/client-iam';
import { CreateBucketCommand, PutBucketVersioningCommand } from '@aws-sdk/client-s3';
import { CreateTopicCommand } from '@aws-sdk/client-sns';
import { describe, expect, it } from 'vitest';
import { ClientPool } from '../../src/adapters/aws-config.js';
import { FaultInjector, type FaultKind, onClients, RequestRecorder } from '../support/faults.js';
import { motoAwsOptions, useMoto } from '../support/moto.js';

useMoto();

interface Case {
  readonly service: string;
  readonly throttleCode: string;
  readonly send: (pool: ClientPool, n: number) => Promise<unknown>;
}

const TRUST = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { Service: 'backup.amazonaws.com' }, Action: 'sts:AssumeRole' }],
});

const CASES: readonly Case[] = [
  {
    service: 's3',
    throttleCode: 'SlowDown',
    send: async (pool, n) => {
      const s3 = pool.get('s3', 'eu-west-1');
      const Bucket = `fault-bucket-${n}`;
      await s3.send(
        new CreateBucketCommand({ Bucket, CreateBucketConfiguration: { LocationConstraint: 'eu-west-1' } }),
      );
      return s3.send(
        new PutBucketVersioningCommand({ Bucket, VersioningConfiguration: { Status: 'Enabled' } }),
      );
    },
  },
  {
    service: 'iam',
    throttleCode: 'Throttling',
    send: (pool, n) =>
      pool
        .get('iam')
        .send(new CreateRoleCommand({ RoleName: `fault-role-${n}`, AssumeRolePolicyDocument: TRUST })),
  },
  {
    service: 'sns',
    throttleCode: 'Throttling',
    send: (pool, n) =>
      pool.get('sns', 'eu-west-1').send(new CreateTopicCommand({ Name: `fault-topic-${n}` })),
  },
  {
    service: 'events',
    throttleCode: 'ThrottlingException',
    send: (pool, n) =>
      pool
        .get('events', 'eu-west-1')
        .send(new PutRuleCommand({ Name: `fault-rule-${n}`, ScheduleExpression: 'rate(1 day)' })),
  },
  {
    service: 'backup',
    throttleCode: 'ThrottlingException',
    send: (pool, n) =>
      pool
        .get('backup', 'eu-west-1')
        .send(new CreateBackupVaultCommand({ BackupVaultName: `fault-vault-${n}` })),
  },
  {
    service: 'cloudwatch',
    throttleCode: 'ThrottlingException',
    send: (pool, n) =>
      pool.get('cloudwatch', 'eu-west-1').send(
        new PutMetricAlarmCommand({
          AlarmName: `fault-alarm-${n}`,
          Namespace: 'AWS/S3',
          MetricName: 'ReplicationLatency',
          Statistic: 'Maximum',
          Period: 300,
          EvaluationPeriods: 1,
          Threshold: 900,
          ComparisonOperator: 'GreaterThanThreshold',
        }),
      ),
  },
];

let counter = 0;

async function run(c: Case, kind: FaultKind, times: number) {
  const recorder = new RequestRecorder();
  const faults = new FaultInjector({
    kind,
    nth: 1,
    times,
    match: (r) => r.service === c.service && r.operation !== 'CreateBucket',
  });
  const pool = new ClientPool(
    motoAwsOptions({ maxAttempts: 3, onClient: onClients(recorder.onClient, faults.onClient) }),
  );
  try {
    const outcome = await c.send(pool, ++counter).then(
      () => ({ ok: true as const }),
      (e: { name?: string; $metadata?: { attempts?: number } }) => ({
        ok: false as const,
        name: e.name,
        attempts: e.$metadata?.attempts,
      }),
    );
    return { outcome, injected: faults.injected.length, sent: recorder.mutating() };
  } finally {
    pool.destroy();
  }
}

describe.each(CASES)('fault injection into $service writes', (c) => {
  it('GIVEN one throttled attempt WHEN the write is sent with maxAttempts 3 THEN the SDK retries and succeeds', async () => {
    const r = await run(c, 'throttle', 1);
    expect(r.injected).toBe(1);
    expect(r.outcome).toEqual({ ok: true });
  });

  it("GIVEN every attempt throttled WHEN the write is sent with maxAttempts 3 THEN it fails after 3 attempts with the service's throttling code", async () => {
    const r = await run(c, 'throttle', 3);
    expect(r.injected).toBe(3);
    expect(r.outcome).toEqual({ ok: false, name: c.throttleCode, attempts: 3 });
  });

  it('GIVEN one 5xx and one connection reset WHEN the write is sent THEN both are retried', async () => {
    expect((await run(c, 'server-error', 1)).outcome).toEqual({ ok: true });
    expect((await run(c, 'connection-reset', 1)).outcome).toEqual({ ok: true });
  });
});
