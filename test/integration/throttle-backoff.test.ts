/**
 * Throttling, end to end (issue 14): the benchmark's latency proxy (bench/lib/latency-proxy.ts) in
 * front of the emulator answers requests with the service's own throttling error, and the tool's real
 * path — ClientPool.send, its scheduler, the SDK's retry — is driven against it.
 *
 * - A throttled call backs off and the run still finishes: a share of the S3 and IAM requests of a read
 *   is throttled; every throttled request is retried, and every resource is still read.
 * - The scheduler keeps CloudWatch within AWS's published rate: the proxy enforces PutMetricAlarm's
 *   3 requests per second per region the way AWS does (a token bucket holding one second); calls
 *   sent all at once through the pool are paced and none is throttled, while the same burst sent
 *   around the scheduler is (so the proxy's limit really bites).
 */

import {
  CloudWatchClient,
  PutMetricAlarmCommand,
  type PutMetricAlarmCommandInput,
} from '@aws-sdk/client-cloudwatch';
import { CreateRoleCommand, IAMClient } from '@aws-sdk/client-iam';
import { type BucketLocationConstraint, CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LatencyProxy, startLatencyProxy } from '../../bench/lib/latency-proxy.js';
import { ClientPool } from '../../src/adapters/aws-config.js';
import { readLive } from '../../src/adapters/read-live.js';
import { RATE_PER_SECOND } from '../../src/adapters/scheduler.js';
import type { DesiredResource } from '../../src/model/state.js';
import { desiredResource, desiredStateOf } from '../support/builders/index.js';
import { motoAwsOptions, motoEndpoint, useMoto } from '../support/moto.js';

useMoto();

const CREDENTIALS = { accessKeyId: 'testing', secretAccessKey: 'testing' };
const REGION = 'eu-west-1';
const TRUST = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { Service: 'backup.amazonaws.com' }, Action: 'sts:AssumeRole' }],
});
const BUCKETS = [...Array(12)].map((_, i) => `throttle-bucket-${i}`);
const ROLES = [...Array(4)].map((_, i) => `throttle-role-${i}`);

let proxy: LatencyProxy;
const pools: ClientPool[] = [];

beforeAll(async () => {
  proxy = await startLatencyProxy(motoEndpoint());
  const s3 = new S3Client({
    region: REGION,
    endpoint: motoEndpoint(),
    forcePathStyle: true,
    credentials: CREDENTIALS,
  });
  for (const b of BUCKETS)
    await s3.send(
      new CreateBucketCommand({
        Bucket: b,
        CreateBucketConfiguration: { LocationConstraint: REGION as BucketLocationConstraint },
      }),
    );
  s3.destroy();
  const iam = new IAMClient({ region: 'us-east-1', endpoint: motoEndpoint(), credentials: CREDENTIALS });
  for (const r of ROLES)
    await iam.send(new CreateRoleCommand({ RoleName: r, AssumeRolePolicyDocument: TRUST }));
  iam.destroy();
});
afterAll(async () => {
  for (const p of pools) p.destroy();
  await proxy.close();
});

describe('GIVEN the proxy throttles a share of the requests', () => {
  it('WHEN a spec of 12 buckets and 4 roles is read with a quarter of S3 and IAM requests throttled THEN each throttled request is retried and every resource is read', async () => {
    proxy.reset();
    proxy.setThrottle({ percent: 25, match: (r) => r.service === 's3' || r.service === 'iam' });
    try {
      // The SDK retry with 8 attempts (the CLI default for apply): each throttled request is retried after a backoff.
      const pool = new ClientPool(motoAwsOptions({ endpointUrl: proxy.url, maxAttempts: 8 }));
      pools.push(pool);
      const resources: DesiredResource[] = [
        ...BUCKETS.map((b) =>
          desiredResource('s3.bucket', b, null, { region: REGION, versioning: 'Disabled' }),
        ),
        ...ROLES.map((r) => desiredResource('iam.role', r, null, { maxSessionDuration: 3600 })),
      ];
      const live = await readLive(desiredStateOf(resources, { regions: [REGION] }), pool, {
        scope: 'managed',
      });
      expect(Object.values(live.resources).map((o) => o.status)).toEqual(resources.map(() => 'present'));
      const throttled = proxy.requests.filter((r) => r.throttled);
      const answered = proxy.requests.filter(
        (r) => !r.throttled && (r.service === 's3' || r.service === 'iam'),
      );
      expect(throttled.length).toBeGreaterThan(0);
      // Every throttled request was sent again: as many answered requests as the scheduler let calls through.
      const gated = pool.scheduler.stats.calls - proxy.requests.filter((r) => r.service === 'sts').length;
      expect(answered.length).toBe(gated);
      expect(throttled.every((r) => r.status === 503 || r.status === 400)).toBe(true);
    } finally {
      proxy.setThrottle(undefined);
    }
  });
});

describe("GIVEN the proxy enforces CloudWatch's published PutMetricAlarm rate (3 per second per region)", () => {
  const alarm = (i: number): PutMetricAlarmCommandInput => ({
    AlarmName: `throttle-alarm-${i}`,
    Namespace: 'AWS/S3',
    MetricName: 'BucketSizeBytes',
    Statistic: 'Average',
    Period: 86400,
    EvaluationPeriods: 1,
    Threshold: 1,
    ComparisonOperator: 'GreaterThanThreshold',
  });
  const N = 8;

  it('WHEN the same 8 alarms are sent all at once around the scheduler THEN the proxy throttles some (the limit bites)', async () => {
    proxy.reset();
    proxy.setRateLimits({
      'cloudwatch:PutMetricAlarm': RATE_PER_SECOND['cloudwatch:PutMetricAlarm'] as number,
    });
    const raw = new CloudWatchClient({
      region: REGION,
      endpoint: proxy.url,
      credentials: CREDENTIALS,
      maxAttempts: 1,
    });
    try {
      const outcomes = await Promise.allSettled(
        [...Array(N)].map((_, i) => raw.send(new PutMetricAlarmCommand(alarm(i)))),
      );
      const refused = outcomes.filter((o) => o.status === 'rejected').map((o) => (o.reason as Error).name);
      expect(refused.length).toBeGreaterThan(0);
      expect(new Set(refused)).toEqual(new Set(['ThrottlingException']));
    } finally {
      raw.destroy();
      proxy.setRateLimits(undefined);
    }
  });

  it('WHEN 8 alarms are sent all at once through the pool with the default limits THEN the scheduler paces them and none is throttled', async () => {
    proxy.reset();
    proxy.setRateLimits({
      'cloudwatch:PutMetricAlarm': RATE_PER_SECOND['cloudwatch:PutMetricAlarm'] as number,
    });
    const pool = new ClientPool(motoAwsOptions({ endpointUrl: proxy.url, maxAttempts: 1 }));
    pools.push(pool);
    try {
      await Promise.all(
        [...Array(N)].map((_, i) =>
          pool.send(
            { service: 'cloudwatch', region: REGION, operation: 'PutMetricAlarm', access: 'write' },
            new PutMetricAlarmCommand(alarm(i)),
          ),
        ),
      );
      const puts = proxy.requests.filter((r) => r.operation === 'PutMetricAlarm');
      expect(puts).toHaveLength(N);
      expect(puts.filter((r) => r.throttled)).toEqual([]);
      // A burst one short of AWS's went at once (src/adapters/scheduler.ts), the rest waited for tokens.
      const rate = RATE_PER_SECOND['cloudwatch:PutMetricAlarm'] as number;
      expect(pool.scheduler.stats.rateWaits).toBe(N - (rate - 1));
    } finally {
      proxy.setRateLimits(undefined);
    }
  });
});
