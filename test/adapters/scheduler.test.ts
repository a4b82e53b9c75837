/**
 * The scheduler every AWS call passes through (src/adapters/scheduler.ts): in-flight limits per
 * (service, region), IAM counted once for the account, one cap in all, token buckets for the APIs
 * whose rate AWS publishes, `--concurrency` overriding the per-service limits. Calls are held open by
 * the test (deferred promises) and time is a virtual clock, so nothing waits for the wall clock.
 */
import { describe, expect, it } from 'vitest';
import type { ServiceKey } from '../../src/adapters/aws-config.js';
import type { AwsCall } from '../../src/adapters/declared-client.js';
import { createScheduler, IN_FLIGHT_PER_SERVICE, type SchedulerClock } from '../../src/adapters/scheduler.js';
import { parseCliArgs } from '../../src/cli/args.js';
import { UsageError } from '../../src/errors.js';

const call = (service: ServiceKey, region: string, operation = 'Op'): AwsCall => ({
  service,
  region,
  operation,
  access: 'read',
});

/** Starts `n` calls that stay in flight until released; resolves once the scheduler has settled. */
async function holdOpen(gate: ReturnType<typeof createScheduler>['gate'], calls: readonly AwsCall[]) {
  const releases: (() => void)[] = [];
  let started = 0;
  const done = calls.map((c) =>
    gate(c, () => {
      started++;
      return new Promise<void>((resolve) => releases.push(resolve));
    }),
  );
  await new Promise((r) => setTimeout(r, 0));
  return {
    started: () => started,
    releaseAll: async () => {
      while (releases.length > 0 || started < calls.length) {
        for (const r of releases.splice(0)) r();
        await new Promise((r) => setTimeout(r, 0));
      }
      await Promise.all(done);
    },
  };
}

/** A clock whose sleep moves time forward at once. */
function virtualClock(): SchedulerClock & { readonly elapsed: () => number } {
  let t = 0;
  return {
    now: () => t,
    sleep: async (ms) => {
      t += ms;
    },
    elapsed: () => t,
  };
}

describe('createScheduler', () => {
  it('GIVEN 100 S3 calls in each of two regions WHEN sent at once THEN 64 per region run, the rest wait for a slot, and all finish', async () => {
    const s = createScheduler();
    const calls = [...Array(100)].flatMap(() => [call('s3', 'eu-west-1'), call('s3', 'eu-west-3')]);
    const held = await holdOpen(s.gate, calls);
    expect(held.started()).toBe(2 * IN_FLIGHT_PER_SERVICE.s3);
    await held.releaseAll();
    expect(s.stats.calls).toBe(200);
    expect(s.stats.maxInFlightBy.get('s3:eu-west-1')).toBe(64);
    expect(s.stats.maxInFlightBy.get('s3:eu-west-3')).toBe(64);
  });

  it('GIVEN IAM calls signed in three regions WHEN sent at once THEN IAM is one global limit of 4 for the account', async () => {
    const s = createScheduler();
    const calls = ['eu-west-1', 'eu-west-3', 'us-east-1'].flatMap((r) =>
      [...Array(5)].map(() => call('iam', r)),
    );
    const held = await holdOpen(s.gate, calls);
    expect(held.started()).toBe(4);
    await held.releaseAll();
    expect(s.stats.maxInFlightBy.get('iam')).toBe(4);
    expect(s.stats.calls).toBe(15);
  });

  it('GIVEN calls to many services and regions WHEN they add up to more than the total cap THEN no more than the cap are in flight', async () => {
    const s = createScheduler({ total: 20 });
    const regions = ['eu-west-1', 'eu-west-2', 'eu-west-3', 'us-east-1'];
    const calls = regions.flatMap((r) => [...Array(30)].map(() => call('s3', r)));
    const held = await holdOpen(s.gate, calls);
    expect(held.started()).toBe(20);
    await held.releaseAll();
    expect(s.stats.maxInFlight).toBe(20);
  });

  it('GIVEN --concurrency 2 WHEN S3 and SNS calls are sent THEN every (service, region) runs at most 2', async () => {
    const s = createScheduler({ concurrency: 2 });
    const held = await holdOpen(s.gate, [
      ...[...Array(10)].map(() => call('s3', 'eu-west-1')),
      ...[...Array(10)].map(() => call('sns', 'eu-west-1')),
    ]);
    expect(held.started()).toBe(4);
    await held.releaseAll();
    expect(s.stats.maxInFlightBy.get('s3:eu-west-1')).toBe(2);
    expect(s.stats.maxInFlightBy.get('sns:eu-west-1')).toBe(2);
  });

  it('GIVEN 30 DescribeAlarms calls (published rate 9 per second) WHEN sent at once THEN a burst of 9 goes and the other 21 are paced at 9 per second', async () => {
    const clock = virtualClock();
    const s = createScheduler({ clock });
    const sentAt: number[] = [];
    await Promise.all(
      [...Array(30)].map(() =>
        s.gate(call('cloudwatch', 'eu-west-1', 'DescribeAlarms'), async () => {
          sentAt.push(clock.now());
        }),
      ),
    );
    expect(sentAt).toHaveLength(30);
    expect(s.stats.rateWaits).toBe(21);
    // 21 tokens after the burst at 9 per second: at least 21/9 s of (virtual) time went by.
    expect(clock.elapsed()).toBeGreaterThanOrEqual(Math.floor((21 / 9) * 1000));
    // Never more than the burst plus one second of refill in any one-second window.
    for (const t of sentAt)
      expect(sentAt.filter((u) => u >= t && u < t + 1000).length).toBeLessThanOrEqual(18);
  });

  it('GIVEN the rate of one region exhausted WHEN another region calls the same API THEN it is not held back (rates are per region)', async () => {
    const clock = virtualClock();
    const s = createScheduler({ clock });
    const burst = [...Array(9)].map(() =>
      s.gate(call('cloudwatch', 'eu-west-1', 'PutMetricAlarm'), async () => {}),
    );
    await Promise.all(burst);
    const before = clock.elapsed();
    await s.gate(call('cloudwatch', 'eu-west-3', 'PutMetricAlarm'), async () => {});
    expect(clock.elapsed()).toBe(before);
  });

  it('GIVEN a call that fails WHEN it settles THEN its slot is released and the error reaches the caller', async () => {
    const s = createScheduler({ concurrency: 1 });
    await expect(
      s.gate(call('s3', 'eu-west-1'), async () => {
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    await expect(s.gate(call('s3', 'eu-west-1'), async () => 'next')).resolves.toBe('next');
  });
});

describe('--concurrency', () => {
  it('GIVEN --concurrency 16 WHEN parsed THEN the option carries 16', () => {
    const parsed = parseCliArgs(['--plan', '--concurrency', '16']);
    expect(parsed.kind === 'run' && parsed.options.concurrency).toBe(16);
  });

  it('GIVEN --concurrency -1 WHEN parsed THEN it is a usage error', () => {
    expect(() => parseCliArgs(['--plan', '--concurrency', '-1'])).toThrow(UsageError);
  });

  it.each(['0', '1.5', 'many', '5000'])(
    'GIVEN --concurrency %s WHEN parsed THEN a usage error names the range',
    (value) => {
      expect(() => parseCliArgs(['--plan', '--concurrency', value])).toThrow(UsageError);
      expect(() => parseCliArgs(['--plan', '--concurrency', value])).toThrow(
        /--concurrency takes a whole number from 1 to 1024/,
      );
    },
  );

  it('GIVEN --concurrency on a command that makes no AWS call WHEN parsed THEN it is refused', () => {
    expect(() => parseCliArgs(['--validate', '--concurrency', '4'])).toThrow(UsageError);
  });
});
