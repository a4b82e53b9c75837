/**
 * Eventual consistency (issue 11 item 4): the table of known transient errors, the bounded backoff
 * and the retry loop (src/adapters/retry.ts), and its place in the declared write clients. The waits
 * go through an injected sleep that only records them: nothing here waits on a timer.
 */
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { BACKUP_CLIENT } from '../../src/adapters/backup/client.js';
import type { AwsCall } from '../../src/adapters/declared-client.js';
import {
  backoffDelays,
  retryTransient,
  TRANSIENT_BUDGET_MS,
  TRANSIENT_ERRORS,
  type TransientRetryOptions,
  transientMatch,
} from '../../src/adapters/retry.js';
import { S3_CLIENT } from '../../src/adapters/s3/client.js';
import { FakePool } from '../support/fake-aws.js';
import { recordingWriteContext } from './iam/support.js';

/** An AWS error response as the SDK throws it (`name` is the code). */
function awsError(name: string, message: string, httpStatusCode = 400): Error {
  return Object.assign(new Error(message), { name, $fault: 'client', $metadata: { httpStatusCode } });
}

const ASSUME = () =>
  awsError(
    'InvalidParameterValueException',
    'IAM Role arn:aws:iam::828879644785:role/fresh cannot be assumed by AWS Backup',
  );
const VERSIONING = () =>
  awsError(
    'InvalidRequest',
    "Versioning must be 'Enabled' on the bucket to apply a replication configuration",
  );

const call = (
  service: AwsCall['service'],
  operation: string,
  access: AwsCall['access'] = 'write',
): AwsCall => ({
  service,
  region: 'eu-west-1',
  operation,
  access,
});

/** Options whose sleep records each wait (in ms) instead of waiting. */
function recordedSleeps(extra: TransientRetryOptions = {}): TransientRetryOptions & { slept: number[] } {
  const slept: number[] = [];
  return { random: () => 1, ...extra, slept, sleep: async (ms) => void slept.push(ms) };
}

/** A pino logger writing JSON lines into `lines`. */
function memoryLogger(): { logger: pino.Logger; lines: () => Record<string, unknown>[] } {
  const chunks: string[] = [];
  const logger = pino({ level: 'info' }, { write: (s: string) => void chunks.push(s) });
  return { logger, lines: () => chunks.map((c) => JSON.parse(c) as Record<string, unknown>) };
}

describe('the table of transient errors', () => {
  it('GIVEN each known transient error WHEN matched against its call THEN it is found, with its reason and a source', () => {
    const cases: [AwsCall, Error, string][] = [
      [call('backup', 'CreateBackupSelection'), ASSUME(), 'backup-role-not-assumable'],
      [
        call('backup', 'CreateBackupSelection'),
        awsError(
          'InvalidParameterValueException',
          'IAM Role arn:aws:iam::1:role/r is not authorized to call tag:GetResources',
        ),
        'backup-role-not-authorized-yet',
      ],
      [call('s3', 'PutBucketReplication'), VERSIONING(), 's3-versioning-not-yet-enabled'],
      [
        call('s3', 'PutBucketVersioning'),
        awsError('NoSuchBucket', 'The specified bucket does not exist', 404),
        's3-bucket-not-yet-visible',
      ],
      [
        call('s3', 'GetBucketReplication', 'read'),
        awsError('NoSuchBucket', 'The specified bucket does not exist', 404),
        's3-bucket-not-yet-visible',
      ],
      [
        call('iam', 'CreateRole'),
        awsError('MalformedPolicyDocument', 'Invalid principal in policy: "AWS":"arn:aws:iam::1:role/new"'),
        'iam-principal-not-yet-visible',
      ],
    ];
    for (const [c, e, id] of cases) {
      const found = transientMatch(c, e);
      expect(found?.id).toBe(id);
      expect(found?.reason.length).toBeGreaterThan(10);
      expect(found?.source).toMatch(/^https:\/\//);
    }
    expect(new Set(TRANSIENT_ERRORS.map((t) => t.id)).size).toBe(TRANSIENT_ERRORS.length);
  });

  it('GIVEN a permanent error that shares a code WHEN matched THEN it is not transient (fails at once)', () => {
    // Same code, another message: a wrong selection, not IAM propagation.
    const invalid = awsError(
      'InvalidParameterValueException',
      "Invalid backup selection. Either 'ListOfTags' or 'Resources' section must be non-empty.",
    );
    expect(transientMatch(call('backup', 'CreateBackupSelection'), invalid)).toBeUndefined();
    // The right error on another operation, or another service.
    expect(transientMatch(call('backup', 'UpdateBackupPlan'), ASSUME())).toBeUndefined();
    expect(transientMatch(call('s3', 'PutBucketLifecycleConfiguration'), VERSIONING())).toBeUndefined();
    // CreateBucket's NoSuchBucket is not "not yet visible"; neither are other codes or non-AWS errors.
    expect(transientMatch(call('s3', 'CreateBucket'), awsError('NoSuchBucket', 'x', 404))).toBeUndefined();
    expect(
      transientMatch(call('s3', 'PutBucketReplication'), awsError('AccessDenied', 'no', 403)),
    ).toBeUndefined();
    expect(transientMatch(call('s3', 'PutBucketReplication'), new Error('socket hang up'))).toBeUndefined();
  });
});

describe('bounded exponential backoff', () => {
  it('GIVEN the defaults WHEN the waits are computed THEN they double from 1 s up to 20 s and add up to exactly 2 minutes', () => {
    const full = backoffDelays({ random: () => 1 });
    expect(full).toEqual([1000, 2000, 4000, 8000, 16000, 20000, 20000, 20000, 20000, 9000]);
    expect(full.reduce((a, b) => a + b, 0)).toBe(TRANSIENT_BUDGET_MS);
    // Jitter shortens each wait to at least half of its step; more attempts, same budget.
    const half = backoffDelays({ random: () => 0 });
    expect(half.slice(0, 5)).toEqual([500, 1000, 2000, 4000, 8000]);
    expect(half.reduce((a, b) => a + b, 0)).toBe(TRANSIENT_BUDGET_MS);
    expect(half.length).toBeGreaterThan(full.length);
  });

  it('GIVEN a small budget WHEN the waits are computed THEN the last is cut to fit it, and a zero budget means no retry', () => {
    expect(backoffDelays({ budgetMs: 5000, random: () => 1 })).toEqual([1000, 2000, 2000]);
    expect(backoffDelays({ budgetMs: 0 })).toEqual([]);
  });
});

describe('retryTransient', () => {
  it('GIVEN a call that fails twice with a transient error, then succeeds WHEN retried THEN it returns the answer after two logged waits', async () => {
    const opts = recordedSleeps();
    const { logger, lines } = memoryLogger();
    let attempts = 0;
    const out = await retryTransient(
      call('backup', 'CreateBackupSelection'),
      async () => {
        attempts++;
        if (attempts <= 2) throw ASSUME();
        return 'selection-id';
      },
      opts,
      { logger, address: 'backup.selection/eu-west-1/p/s' },
    );
    expect(out).toBe('selection-id');
    expect(attempts).toBe(3);
    expect(opts.slept).toEqual([1000, 2000]);
    const logged = lines();
    expect(logged.map((l) => [l.level, l.transient, l.attempt, l.delayMs])).toEqual([
      [30, 'backup-role-not-assumable', 1, 1000],
      [30, 'backup-role-not-assumable', 2, 2000],
    ]);
    expect(logged[0]).toMatchObject({
      service: 'backup',
      operation: 'CreateBackupSelection',
      address: 'backup.selection/eu-west-1/p/s',
      code: 'InvalidParameterValueException',
    });
    expect(String(logged[0]?.msg)).toContain('IAM propagation');
  });

  it('GIVEN a permanent error WHEN called THEN it is thrown at once, with no wait', async () => {
    const opts = recordedSleeps();
    const denied = awsError('AccessDenied', 'Access Denied', 403);
    let attempts = 0;
    await expect(
      retryTransient(
        call('s3', 'PutBucketReplication'),
        async () => {
          attempts++;
          throw denied;
        },
        opts,
      ),
    ).rejects.toBe(denied);
    expect(attempts).toBe(1);
    expect(opts.slept).toEqual([]);
  });

  it('GIVEN a transient error that never passes WHEN retried THEN it gives up after the budget, warns, and says so in the error', async () => {
    const opts = recordedSleeps({ budgetMs: 7000 });
    const { logger, lines } = memoryLogger();
    let attempts = 0;
    const failing = retryTransient(
      call('s3', 'PutBucketReplication'),
      async () => {
        attempts++;
        throw VERSIONING();
      },
      opts,
      { logger },
    );
    await expect(failing).rejects.toMatchObject({
      name: 'InvalidRequest',
      message: expect.stringMatching(/Versioning must be 'Enabled'.*still failing after 4 attempts over 7 s/),
    });
    expect(opts.slept).toEqual([1000, 2000, 4000]);
    expect(attempts).toBe(4);
    const last = lines().at(-1);
    expect(last).toMatchObject({ level: 40, transient: 's3-versioning-not-yet-enabled', waitedMs: 7000 });
  });
});

describe('the declared write clients retry transient errors; readers never do', () => {
  it('GIVEN CreateBackupSelection answers "cannot be assumed" twice WHEN an adapter creates the selection THEN each attempt goes through ctx.mutate and the pool, and the third succeeds', async () => {
    let attempts = 0;
    const opts = recordedSleeps();
    const pool = new FakePool(
      {
        CreateBackupSelection: () => {
          attempts++;
          if (attempts <= 2) throw ASSUME();
          return { SelectionId: 'sel-1' };
        },
      },
      'eu-west-1',
      { transientRetry: opts },
    );
    const ctx = recordingWriteContext(pool);
    const out = await BACKUP_CLIENT.writer(ctx, 'backup.selection/eu-west-1/p/s').createBackupSelection({
      BackupPlanId: 'plan-1',
      BackupSelection: { SelectionName: 's', IamRoleArn: 'arn:aws:iam::1:role/fresh', Resources: ['*'] },
    });
    expect(out).toEqual({ SelectionId: 'sel-1' });
    expect(pool.operations('write')).toEqual([
      'CreateBackupSelection',
      'CreateBackupSelection',
      'CreateBackupSelection',
    ]);
    expect(ctx.calls).toHaveLength(3);
    expect(opts.slept).toEqual([1000, 2000]);
  });

  it('GIVEN NoSuchBucket WHEN a plan reader reads THEN it is not retried (absent is an answer), but inside an apply step it is', async () => {
    const gone = () => awsError('NoSuchBucket', 'The specified bucket does not exist', 404);
    let reads = 0;
    const opts = recordedSleeps();
    const pool = new FakePool(
      {
        GetBucketVersioning: () => {
          reads++;
          if (reads === 1 || reads === 2) throw gone();
          return { Status: 'Enabled' };
        },
      },
      'eu-west-1',
      { transientRetry: opts },
    );
    await expect(S3_CLIENT.reader(pool).getBucketVersioning({ Bucket: 'b' })).rejects.toMatchObject({
      name: 'NoSuchBucket',
    });
    expect(opts.slept).toEqual([]);
    const ctx = recordingWriteContext(pool);
    const inStep = await S3_CLIENT.writer(ctx, 's3.bucket/b').getBucketVersioning({ Bucket: 'b' });
    expect(inStep).toEqual({ Status: 'Enabled' });
    expect(opts.slept).toEqual([1000]);
    expect(ctx.calls).toEqual([]); // a read is not a mutation
  });
});
