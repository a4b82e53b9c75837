/**
 * SDK retries (issue 11 item 10): every client uses retry mode `adaptive` with the configured number
 * of attempts, and a call AWS still throttles after them is reported as throttling, naming the
 * service, operation and region. Throttling cannot be emulated by moto: the responses are injected at
 * the bottom of the SDK's middleware stack (test/support/faults.ts), so the SDK's real deserialiser and
 * retry strategy see them exactly as AWS's; no request leaves the process.
 */
import { describe, expect, it } from 'vitest';
import { ClientPool } from '../../src/adapters/aws-config.js';
import { CLOUDWATCH_CLIENT } from '../../src/adapters/cloudwatch/client.js';
import { isThrottlingError } from '../../src/adapters/kit.js';
import { S3_CLIENT } from '../../src/adapters/s3/client.js';
import { FaultInjector } from '../support/faults.js';
import { recordingWriteContext } from './iam/support.js';

function pool(faults: FaultInjector, maxAttempts: number): ClientPool {
  return new ClientPool({
    defaultRegion: 'eu-west-1',
    credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' },
    maxAttempts,
    onClient: faults.onClient,
  });
}

describe('SDK retries: adaptive mode, --max-attempts, throttling said as such', () => {
  it('GIVEN a pool WHEN a client is made THEN its retry mode is adaptive and its attempts are the configured ones', async () => {
    const p = pool(new FaultInjector([]), 8);
    try {
      const config = p.get('cloudwatch', 'eu-west-1').config as unknown as {
        retryStrategy: () => Promise<{ mode: string; maxAttemptsProvider: () => Promise<number> }>;
      };
      const strategy = await config.retryStrategy();
      expect(strategy.mode).toBe('adaptive');
      expect(await strategy.maxAttemptsProvider()).toBe(8);
    } finally {
      p.destroy();
    }
  });

  it('GIVEN every attempt throttled WHEN a reader calls DescribeAlarms THEN it fails after exactly maxAttempts attempts, and the message names the service, operation, region and attempts', async () => {
    const faults = new FaultInjector({ kind: 'throttle', nth: 1, times: 100, match: () => true });
    const p = pool(faults, 3);
    try {
      const failure = await CLOUDWATCH_CLIENT.reader(p, 'eu-west-3')
        .describeAlarms({})
        .then(
          () => undefined,
          (e: unknown) => e,
        );
      expect(faults.injected).toHaveLength(3);
      expect(isThrottlingError(failure)).toBe(true);
      expect(failure).toMatchObject({ name: 'ThrottlingException' });
      expect((failure as Error).message).toMatch(
        /^throttled by AWS: cloudwatch:DescribeAlarms in eu-west-3 was still refused \(ThrottlingException\) after 3 attempt\(s\) with adaptive retry; raise --max-attempts/,
      );
    } finally {
      p.destroy();
    }
  });

  it('GIVEN S3 answers 503 SlowDown to a write WHEN an apply step writes THEN the step error says throttled, naming the operation and attempts', async () => {
    const always = new FaultInjector({ kind: 'throttle', nth: 1, times: 100, match: () => true });
    const p = pool(always, 2);
    try {
      const ctx = recordingWriteContext(p);
      await expect(
        S3_CLIENT.writer(ctx, 's3.bucket/b').putBucketVersioning({
          Bucket: 'b',
          VersioningConfiguration: { Status: 'Enabled' },
        }),
      ).rejects.toMatchObject({
        name: 'SlowDown',
        message: expect.stringMatching(
          /^throttled by AWS: s3:PutBucketVersioning in eu-west-1 .* after 2 attempt/,
        ),
      });
      expect(always.injected).toHaveLength(2);
    } finally {
      p.destroy();
    }
  });

  it('GIVEN an error that is not throttling WHEN it fails THEN its message is left as AWS wrote it', async () => {
    const faults = new FaultInjector({ kind: 'server-error', nth: 1, times: 100, match: () => true });
    const p = pool(faults, 1);
    try {
      const failure = (await CLOUDWATCH_CLIENT.reader(p)
        .describeAlarms({})
        .catch((e: unknown) => e)) as Error;
      expect(isThrottlingError(failure)).toBe(false);
      expect(failure.message).not.toContain('throttled');
    } finally {
      p.destroy();
    }
  });
});
