/**
 * The benchmark's latency proxy (bench/lib/latency-proxy.ts) in front of moto, driven by the real
 * SDK: it forwards every protocol (S3 REST XML, query, JSON, AWS Backup REST JSON) and names each
 * request's operation as the SDK does, counts requests in flight and connections, turns virtual-hosted
 * S3 requests into path style for moto, and answers a chosen share of requests with the service's own
 * throttling error — which the SDK's standard retry backs off from, so the calls still finish.
 */

import {
  CreateBackupPlanCommand,
  CreateBackupVaultCommand,
  DescribeBackupVaultCommand,
  GetBackupPlanCommand,
  ListBackupPlansCommand,
  ListBackupSelectionsCommand,
  ListTagsCommand,
} from '@aws-sdk/client-backup';
import { DescribeAlarmsCommand } from '@aws-sdk/client-cloudwatch';
import { GetRoleCommand } from '@aws-sdk/client-iam';
import {
  CreateBucketCommand,
  GetBucketLifecycleConfigurationCommand,
  GetBucketLocationCommand,
  GetBucketReplicationCommand,
  GetBucketTaggingCommand,
  GetBucketVersioningCommand,
  GetObjectLockConfigurationCommand,
  HeadBucketCommand,
  ListBucketInventoryConfigurationsCommand,
  ListBucketsCommand,
  PutBucketTaggingCommand,
  PutBucketVersioningCommand,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LatencyProxy, lookupLoopback, startLatencyProxy } from '../../bench/lib/latency-proxy.js';
import { ClientPool } from '../../src/adapters/aws-config.js';
import { RequestRecorder } from '../support/faults.js';
import { motoAwsOptions, motoEndpoint, useMoto } from '../support/moto.js';

useMoto();

const CREDENTIALS = { accessKeyId: 'testing', secretAccessKey: 'testing' };

/** A gate the proxy's `wait` hook holds requests at until the test opens it. */
function gate(): { wait: () => Promise<void>; open: () => void; arrived: () => number } {
  let release: () => void = () => undefined;
  const opened = new Promise<void>((r) => {
    release = r;
  });
  let arrived = 0;
  return {
    wait: () => {
      arrived++;
      return opened;
    },
    open: () => release(),
    arrived: () => arrived,
  };
}

async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((r) => setImmediate(r));
}

/** Sends a command and keeps the outcome (moto may not implement every call; naming does not care). */
async function settle(p: Promise<unknown>): Promise<unknown> {
  return p.then(
    (v) => v,
    (e: unknown) => e,
  );
}

describe('GIVEN the latency proxy in front of moto', () => {
  let proxy: LatencyProxy;
  let held: ReturnType<typeof gate> | undefined;

  beforeAll(async () => {
    proxy = await startLatencyProxy(motoEndpoint(), {
      wait: async () => {
        if (held) await held.wait();
      },
    });
  });
  afterAll(async () => {
    await proxy.close();
  });

  it('WHEN every protocol our adapters use is sent through it THEN each request is forwarded and named as the SDK names it', async () => {
    const recorder = new RequestRecorder();
    const pool = new ClientPool(motoAwsOptions({ endpointUrl: proxy.url, onClient: recorder.onClient }));
    proxy.reset();
    try {
      const s3 = pool.get('s3', 'eu-west-1');
      const backup = pool.get('backup', 'eu-west-1');
      await pool.get('sts').send(new GetCallerIdentityCommand({}));
      await s3.send(
        new CreateBucketCommand({
          Bucket: 'proxy-named',
          CreateBucketConfiguration: { LocationConstraint: 'eu-west-1' },
        }),
      );
      await s3.send(
        new PutBucketVersioningCommand({
          Bucket: 'proxy-named',
          VersioningConfiguration: { Status: 'Enabled' },
        }),
      );
      await s3.send(
        new PutBucketTaggingCommand({
          Bucket: 'proxy-named',
          Tagging: { TagSet: [{ Key: 'k', Value: 'v' }] },
        }),
      );
      await s3.send(new PutObjectCommand({ Bucket: 'proxy-named', Key: 'a/b.txt', Body: 'x' }));
      for (const command of [
        new GetBucketVersioningCommand({ Bucket: 'proxy-named' }),
        new GetBucketLifecycleConfigurationCommand({ Bucket: 'proxy-named' }),
        new GetBucketReplicationCommand({ Bucket: 'proxy-named' }),
        new GetObjectLockConfigurationCommand({ Bucket: 'proxy-named' }),
        new ListBucketInventoryConfigurationsCommand({ Bucket: 'proxy-named' }),
        new GetBucketTaggingCommand({ Bucket: 'proxy-named' }),
        new GetBucketLocationCommand({ Bucket: 'proxy-named' }),
        new HeadBucketCommand({ Bucket: 'proxy-named' }),
        new ListBucketsCommand({}),
      ])
        await settle(s3.send(command as never));
      await settle(pool.get('iam').send(new GetRoleCommand({ RoleName: 'absent-role' })));
      await pool.get('cloudwatch', 'eu-west-3').send(new DescribeAlarmsCommand({ AlarmNames: ['a'] }));
      const vault = await backup.send(new CreateBackupVaultCommand({ BackupVaultName: 'proxy-vault' }));
      await backup.send(new DescribeBackupVaultCommand({ BackupVaultName: 'proxy-vault' }));
      const plan = await backup.send(
        new CreateBackupPlanCommand({
          BackupPlan: {
            BackupPlanName: 'proxy-plan',
            Rules: [{ RuleName: 'daily', TargetBackupVaultName: 'proxy-vault' }],
          },
        }),
      );
      await backup.send(new ListBackupPlansCommand({}));
      await backup.send(new GetBackupPlanCommand({ BackupPlanId: plan.BackupPlanId }));
      await settle(backup.send(new ListBackupSelectionsCommand({ BackupPlanId: plan.BackupPlanId })));
      await settle(backup.send(new ListTagsCommand({ ResourceArn: vault.BackupVaultArn })));
    } finally {
      pool.destroy();
    }
    const sdk = recorder.requests.map((r) => `${r.service}:${r.region}:${r.operation}`);
    const seen = proxy.requests.map((r) => `${r.service}:${r.region}:${r.operation}`);
    // IAM is global: the pool signs it for the default region (eu-west-1 here), as AWS accepts.
    expect(seen).toEqual(sdk);
    expect(seen).toContain('s3:eu-west-1:ListBucketInventoryConfigurations');
    expect(seen).toContain('backup:eu-west-1:GetBackupPlan');
    expect(seen).toContain('cloudwatch:eu-west-3:DescribeAlarms');
    expect(proxy.requests.every((r) => r.status !== undefined && !r.throttled)).toBe(true);
  });

  it('WHEN requests are held at the proxy THEN the most in flight at once is what the client sent concurrently', async () => {
    const s3 = new S3Client({
      region: 'eu-west-1',
      endpoint: proxy.url,
      forcePathStyle: true,
      credentials: CREDENTIALS,
      maxAttempts: 1,
    });
    try {
      await s3.send(
        new CreateBucketCommand({
          Bucket: 'proxy-inflight',
          CreateBucketConfiguration: { LocationConstraint: 'eu-west-1' },
        }),
      );
      proxy.reset();
      held = gate();
      const calls = Array.from({ length: 5 }, () =>
        s3.send(new GetBucketVersioningCommand({ Bucket: 'proxy-inflight' })),
      );
      const h = held;
      await until(() => h.arrived() === 5);
      expect(proxy.maxInFlight).toBe(5);
      h.open();
      await Promise.all(calls);
      held = undefined;
      expect(proxy.requests).toHaveLength(5);
      expect(
        proxy.requests.every((r) => r.endMs !== undefined && r.endMs >= r.startMs && r.status === 200),
      ).toBe(true);
      // Five requests at once from one client: five keep-alive sockets to one host (one of them may be
      // the socket CreateBucket opened).
      expect(new Set(proxy.requests.map((r) => r.connection)).size).toBe(5);
    } finally {
      held = undefined;
      s3.destroy();
    }
  });

  it('WHEN S3 is addressed virtual-hosted THEN each bucket is its own host, so each opens its own connection; path style shares one', async () => {
    const buckets = ['proxy-vh-a', 'proxy-vh-b', 'proxy-vh-c'];
    const pathStyle = new S3Client({
      region: 'eu-west-1',
      endpoint: proxy.url,
      forcePathStyle: true,
      credentials: CREDENTIALS,
    });
    const virtualHosted = new S3Client({
      region: 'eu-west-1',
      endpoint: proxy.virtualHostUrl,
      forcePathStyle: false,
      credentials: CREDENTIALS,
      requestHandler: { httpAgent: { lookup: lookupLoopback } },
    });
    try {
      for (const Bucket of buckets)
        await pathStyle.send(
          new CreateBucketCommand({ Bucket, CreateBucketConfiguration: { LocationConstraint: 'eu-west-1' } }),
        );
      proxy.reset();
      for (const Bucket of buckets) await virtualHosted.send(new GetBucketVersioningCommand({ Bucket }));
      expect(proxy.requests.map((r) => [r.host.replace(/:\d+$/, ''), r.operation, r.status])).toEqual(
        buckets.map((b) => [`${b}.localhost`, 'GetBucketVersioning', 200]),
      );
      expect(proxy.connections.map((c) => c.firstHost?.replace(/:\d+$/, ''))).toEqual(
        buckets.map((b) => `${b}.localhost`),
      );

      proxy.reset();
      for (const Bucket of buckets) await pathStyle.send(new GetBucketVersioningCommand({ Bucket }));
      expect(proxy.requests.map((r) => r.connection)).toEqual(
        buckets.map(() => proxy.requests[0]?.connection),
      );
    } finally {
      pathStyle.destroy();
      virtualHosted.destroy();
    }
  });
});

describe('GIVEN the latency proxy throttling a share of the requests', () => {
  let proxy: LatencyProxy;

  beforeAll(async () => {
    proxy = await startLatencyProxy(motoEndpoint());
    const s3 = new S3Client({
      region: 'eu-west-1',
      endpoint: motoEndpoint(),
      forcePathStyle: true,
      credentials: CREDENTIALS,
    });
    await s3.send(
      new CreateBucketCommand({
        Bucket: 'proxy-throttled',
        CreateBucketConfiguration: { LocationConstraint: 'eu-west-1' },
      }),
    );
    s3.destroy();
  });
  afterAll(async () => {
    await proxy.close();
  });

  it.each([
    ['S3', 's3', 'SlowDown', 503],
    ['a query API (IAM)', 'iam', 'Throttling', 400],
    ['a JSON API (CloudWatch)', 'cloudwatch', 'ThrottlingException', 400],
    ['a REST JSON API (AWS Backup)', 'backup', 'ThrottlingException', 400],
  ] as const)(
    'WHEN %s is throttled on every request THEN the SDK sees the throttling error AWS sends',
    async (_n, service, name, status) => {
      proxy.reset();
      proxy.setThrottle({ percent: 100, match: (r) => r.service === service });
      const pool = new ClientPool(motoAwsOptions({ endpointUrl: proxy.url, maxAttempts: 1 }));
      try {
        const call =
          service === 's3'
            ? pool.get('s3', 'eu-west-1').send(new GetBucketVersioningCommand({ Bucket: 'proxy-throttled' }))
            : service === 'iam'
              ? pool.get('iam').send(new GetRoleCommand({ RoleName: 'r' }))
              : service === 'cloudwatch'
                ? pool.get('cloudwatch', 'eu-west-1').send(new DescribeAlarmsCommand({}))
                : pool.get('backup', 'eu-west-1').send(new ListBackupPlansCommand({}));
        const error = (await settle(call)) as { name?: string; $metadata?: { httpStatusCode?: number } };
        expect(error.name).toBe(name);
        expect(error.$metadata?.httpStatusCode).toBe(status);
        expect(proxy.requests.map((r) => [r.service, r.throttled])).toEqual([[service, true]]);
      } finally {
        pool.destroy();
        proxy.setThrottle(undefined);
      }
    },
  );

  it('WHEN 30% of S3 requests are throttled THEN exactly that share is, every throttled call is retried, and all calls finish', async () => {
    proxy.reset();
    proxy.setThrottle({ percent: 30, match: (r) => r.service === 's3' });
    // The CLI's retry policy: the SDK's standard mode, 3 attempts (src/adapters/aws-config.ts).
    const pool = new ClientPool(motoAwsOptions({ endpointUrl: proxy.url, maxAttempts: 3 }));
    try {
      const s3 = pool.get('s3', 'eu-west-1');
      const attempts: number[] = [];
      for (let i = 0; i < 7; i++) {
        const out = await s3.send(new GetBucketVersioningCommand({ Bucket: 'proxy-throttled' }));
        attempts.push(out.$metadata.attempts ?? 1);
      }
      const throttled = proxy.requests.filter((r) => r.throttled);
      expect(proxy.requests).toHaveLength(7 + throttled.length);
      expect(throttled).toHaveLength(Math.floor((proxy.requests.length * 30) / 100));
      expect(throttled.length).toBeGreaterThan(0);
      expect(attempts.reduce((a, b) => a + b, 0)).toBe(proxy.requests.length);
      expect(throttled.every((r) => r.status === 503)).toBe(true);
    } finally {
      pool.destroy();
      proxy.setThrottle(undefined);
    }
  });
});
