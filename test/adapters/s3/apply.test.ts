/**
 * applyBucket from plan steps (the planner's change next to the observation it was made from), against
 * a fake pool: which writes are issued, in which order, with which AWS shapes — exactly the
 * sub-configurations the plan's diffs name, with no read of its own.
 */
import { describe, expect, it } from 'vitest';
import { applyBucket } from '../../../src/adapters/s3/apply.js';
import type { ApplyStep } from '../../../src/adapters/types.js';
import type { S3BucketAttrs } from '../../../src/model/attrs.js';
import { present, stepOf } from '../../support/apply-step.js';
import { awsError, FakePool } from '../../support/fake-aws.js';
import { recordingWriteContext } from '../iam/support.js';
import { desiredBucket, emptyBucketAttrs, lifecycleRule, replicationRule } from './builders.js';

const REGION = 'eu-west-3';
const replica = (overrides: Partial<S3BucketAttrs> = {}) =>
  desiredBucket('mne-media-replica', { region: REGION, ...overrides });
const liveReplica = (overrides: Partial<S3BucketAttrs> = {}) =>
  present<'s3.bucket'>(emptyBucketAttrs(REGION, overrides), { arn: 'arn:aws:s3:::mne-media-replica' });

/** Runs one step against a fake pool; returns the outcome, the writes (operation + input) and every call. */
async function run(step: ApplyStep<'s3.bucket'>) {
  const pool = new FakePool();
  const ctx = recordingWriteContext(pool);
  const outcome = await applyBucket(ctx, step);
  const writes = pool.calls
    .filter((c) => c.access === 'write')
    .map((c) => ({ operation: c.operation, input: c.input }));
  return {
    outcome,
    writes,
    pool,
    mutations: ctx.calls.map((c) => `${c.service}:${c.operation}:${c.address}`),
  };
}

describe('applyBucket', () => {
  it('GIVEN an absent bucket with Object Lock desired WHEN applied THEN CreateBucket in its region with the lock flag, then only the rest, each through ctx.mutate', async () => {
    const desired = replica({
      versioning: 'Enabled',
      objectLock: { defaultRetention: { mode: 'GOVERNANCE', days: 180 } },
      tags: { team: 'sre' },
    });
    const { outcome, writes, mutations, pool } = await run(stepOf(desired, { status: 'absent' }));
    expect(outcome).toBe('applied');
    expect(writes.map((w) => w.operation)).toEqual([
      'CreateBucket',
      'PutObjectLockConfiguration',
      'PutBucketTagging',
    ]);
    expect(writes[0]?.input).toEqual({
      Bucket: 'mne-media-replica',
      CreateBucketConfiguration: { LocationConstraint: REGION },
      ObjectLockEnabledForBucket: true,
    });
    expect(writes[1]?.input).toEqual({
      Bucket: 'mne-media-replica',
      ObjectLockConfiguration: {
        ObjectLockEnabled: 'Enabled',
        Rule: { DefaultRetention: { Mode: 'GOVERNANCE', Days: 180 } },
      },
    });
    expect(mutations).toEqual([
      's3:CreateBucket:s3.bucket/mne-media-replica',
      's3:PutObjectLockConfiguration:s3.bucket/mne-media-replica',
      's3:PutBucketTagging:s3.bucket/mne-media-replica',
    ]);
    expect(pool.calls.every((c) => c.region === REGION)).toBe(true);
  });

  it('GIVEN an absent bucket in us-east-1 WHEN applied THEN CreateBucket carries no LocationConstraint', async () => {
    const { writes } = await run(
      stepOf(desiredBucket('b-us', { region: 'us-east-1' }), { status: 'absent' }),
    );
    expect(writes).toEqual([{ operation: 'CreateBucket', input: { Bucket: 'b-us' } }]);
  });

  it('GIVEN a step whose diffs name no field (a hand-edited saved plan) WHEN applied THEN unchanged, no call at all', async () => {
    const desired = replica({ versioning: 'Enabled' });
    const { outcome, pool } = await run({
      desired,
      observation: liveReplica(),
      change: { action: 'update', fieldDiffs: [] },
    });
    expect(outcome).toBe('unchanged');
    expect(pool.calls).toEqual([]);
  });

  it('GIVEN versioning, lifecycle and tags all differ but the step names only the lifecycle WHEN applied THEN only the lifecycle is written: the plan is the one definition of different', async () => {
    const desired = replica({
      versioning: 'Enabled',
      lifecycle: [lifecycleRule({ id: 'nc-180', noncurrentVersionExpiration: { noncurrentDays: 180 } })],
      tags: { team: 'sre' },
    });
    const full = stepOf(desired, liveReplica());
    expect(full.change.fieldDiffs.map((d) => d.path.split('/')[1])).toEqual(
      expect.arrayContaining(['lifecycle', 'tags', 'versioning']),
    );
    const { writes, pool } = await run({
      ...full,
      change: {
        ...full.change,
        fieldDiffs: full.change.fieldDiffs.filter((d) => d.path.startsWith('/lifecycle')),
      },
    });
    expect(writes.map((w) => w.operation)).toEqual(['PutBucketLifecycleConfiguration']);
    expect(pool.operations('read')).toEqual([]);
  });

  it('GIVEN lifecycle differs WHEN applied THEN one PutBucketLifecycleConfiguration with Filter forms AWS accepts (and nothing unmanaged)', async () => {
    const desired = desiredBucket('mne-media-prod', {
      region: 'eu-west-1',
      lifecycle: [
        lifecycleRule({
          id: 'z-tagged',
          filter: { prefix: 'tmp/', tags: { k: 'v' } },
          expiration: { days: 7 },
        }),
        lifecycleRule({
          id: 'a-noncurrent',
          noncurrentVersionExpiration: { noncurrentDays: 35, newerNoncurrentVersions: 2 },
          abortIncompleteMultipartUploadDays: 7,
        }),
      ],
    });
    const { writes } = await run(stepOf(desired, present<'s3.bucket'>(emptyBucketAttrs('eu-west-1'))));
    expect(writes).toEqual([
      {
        operation: 'PutBucketLifecycleConfiguration',
        input: {
          Bucket: 'mne-media-prod',
          LifecycleConfiguration: {
            Rules: [
              {
                ID: 'a-noncurrent',
                Status: 'Enabled',
                Filter: { Prefix: '' },
                NoncurrentVersionExpiration: { NoncurrentDays: 35, NewerNoncurrentVersions: 2 },
                AbortIncompleteMultipartUpload: { DaysAfterInitiation: 7 },
              },
              {
                ID: 'z-tagged',
                Status: 'Enabled',
                Filter: { And: { Prefix: 'tmp/', Tags: [{ Key: 'k', Value: 'v' }] } },
                Expiration: { Days: 7 },
              },
            ],
          },
        },
      },
    ]);
  });

  it('GIVEN desired lifecycle [] and a live lifecycle WHEN applied THEN DeleteBucketLifecycle', async () => {
    const live = liveReplica({ lifecycle: [lifecycleRule({ id: 'old', expiration: { days: 365 } })] });
    const { outcome, writes } = await run(stepOf(replica({ lifecycle: [] }), live));
    expect(outcome).toBe('applied');
    expect(writes.map((w) => w.operation)).toEqual(['DeleteBucketLifecycle']);
  });

  it('GIVEN replication differs WHEN applied THEN versioning first, then a V2 PutBucketReplication with explicit DeleteMarkerReplication and Metrics (no EventThreshold without RTC)', async () => {
    const role =
      'arn:aws:iam::828879644785:role/service-role/s3crr_role_for_mne-media-prod_to_crr-media-prod';
    const desired = desiredBucket('mne-media-prod', {
      region: 'eu-west-1',
      versioning: 'Enabled',
      replication: {
        role,
        rules: [
          replicationRule({
            id: 'paris-replica',
            priority: 1,
            destination: { bucket: 'arn:aws:s3:::mne-media-replica', storageClass: 'DEEP_ARCHIVE' },
            metrics: true,
          }),
        ],
      },
    });
    const { writes } = await run(stepOf(desired, present<'s3.bucket'>(emptyBucketAttrs('eu-west-1'))));
    expect(writes.map((w) => w.operation)).toEqual(['PutBucketVersioning', 'PutBucketReplication']);
    expect(writes[1]?.input).toEqual({
      Bucket: 'mne-media-prod',
      ReplicationConfiguration: {
        Role: role,
        Rules: [
          {
            ID: 'paris-replica',
            Priority: 1,
            Status: 'Enabled',
            Filter: { Prefix: '' },
            DeleteMarkerReplication: { Status: 'Disabled' },
            Destination: {
              Bucket: 'arn:aws:s3:::mne-media-replica',
              StorageClass: 'DEEP_ARCHIVE',
              Metrics: { Status: 'Enabled' },
            },
          },
        ],
      },
    });
  });

  it('GIVEN desired replication null and a live configuration WHEN applied THEN DeleteBucketReplication', async () => {
    const live = present<'s3.bucket'>(
      emptyBucketAttrs('eu-west-1', {
        replication: { role: 'arn:aws:iam::828879644785:role/r', rules: [replicationRule({ id: 'r' })] },
      }),
    );
    const { writes } = await run(
      stepOf(desiredBucket('src', { region: 'eu-west-1', replication: null }), live),
    );
    expect(writes.map((w) => w.operation)).toEqual(['DeleteBucketReplication']);
  });

  it('GIVEN one inventory config differs and one is undeclared WHEN applied THEN put the one, delete the other (contract: moto has no working delete)', async () => {
    const dest = { bucket: 'arn:aws:s3:::mne-media-replica', format: 'CSV' as const, prefix: 'inventory/' };
    const config = (id: string, over: object = {}) => ({
      id,
      enabled: true,
      destination: dest,
      includedObjectVersions: 'All' as const,
      frequency: 'Weekly' as const,
      optionalFields: [],
      ...over,
    });
    const live = liveReplica({ inventory: [config('mnemonica-replica-inventory'), config('stray')] });
    const desired = replica({
      inventory: [
        config('mnemonica-replica-inventory', { includedObjectVersions: 'Current', frequency: 'Daily' }),
      ],
    });
    const { writes } = await run(stepOf(desired, live));
    expect(writes).toEqual([
      {
        operation: 'PutBucketInventoryConfiguration',
        input: {
          Bucket: 'mne-media-replica',
          Id: 'mnemonica-replica-inventory',
          InventoryConfiguration: {
            Id: 'mnemonica-replica-inventory',
            IsEnabled: true,
            Destination: {
              S3BucketDestination: {
                Bucket: 'arn:aws:s3:::mne-media-replica',
                Format: 'CSV',
                Prefix: 'inventory/',
              },
            },
            IncludedObjectVersions: 'Current',
            Schedule: { Frequency: 'Daily' },
          },
        },
      },
      {
        operation: 'DeleteBucketInventoryConfiguration',
        input: { Bucket: 'mne-media-replica', Id: 'stray' },
      },
    ]);
  });

  it('GIVEN desired tags {} and live tags WHEN applied THEN DeleteBucketTagging', async () => {
    const { writes } = await run(stepOf(replica({ tags: {} }), liveReplica({ tags: { a: '1' } })));
    expect(writes.map((w) => w.operation)).toEqual(['DeleteBucketTagging']);
  });

  it('GIVEN Object Lock enabled live and null desired (a step the planner blocks) WHEN applied anyway THEN a clear one-way error, no write', async () => {
    const step = stepOf(
      replica({ objectLock: null }),
      liveReplica({ versioning: 'Enabled', objectLock: {} }),
    );
    expect(step.change.action).toBe('blocked');
    const pool = new FakePool();
    await expect(applyBucket(recordingWriteContext(pool), step)).rejects.toThrow(
      /Object Lock is enabled and can never be disabled/,
    );
    expect(pool.calls).toEqual([]);
  });

  it('GIVEN versioning Enabled live and Disabled desired WHEN applied THEN a clear error suggesting Suspended', async () => {
    const step = stepOf(replica({ versioning: 'Disabled' }), liveReplica({ versioning: 'Enabled' }));
    await expect(applyBucket(recordingWriteContext(new FakePool()), step)).rejects.toThrow(/Suspended/);
  });

  it('GIVEN the bucket lives in another region (a step the planner blocks) WHEN applied anyway THEN it refuses to write (buckets cannot move)', async () => {
    const step = stepOf(
      replica({ versioning: 'Enabled' }),
      present<'s3.bucket'>(emptyBucketAttrs('eu-north-1')),
    );
    expect(step.change.action).toBe('blocked');
    const pool = new FakePool();
    await expect(applyBucket(recordingWriteContext(pool), step)).rejects.toThrow(
      /lives in eu-north-1, the spec says eu-west-3/,
    );
    expect(pool.calls).toEqual([]);
  });
});

describe('applyBucket: sub-configuration writes side by side (issue 14)', () => {
  const role = 'arn:aws:iam::828879644785:role/r';
  const everythingDiffers = () =>
    stepOf(
      desiredBucket('mne-media-prod', {
        region: 'eu-west-1',
        versioning: 'Enabled',
        lifecycle: [lifecycleRule({ id: 'expire' })],
        replication: { role, rules: [replicationRule({ id: 'r' })] },
        tags: { team: 'sre' },
      }),
      present<'s3.bucket'>(emptyBucketAttrs('eu-west-1')),
    );

  it('GIVEN versioning, lifecycle, replication and tags differ WHEN applied THEN versioning finishes before any other write starts, and the other three are in flight together', async () => {
    const events: string[] = [];
    let inFlight = 0;
    let peak = 0;
    let release: () => void = () => {};
    const threeInFlight = new Promise<void>((r) => {
      release = r;
    });
    const held = (op: string) => async () => {
      events.push(`start ${op}`);
      inFlight++;
      peak = Math.max(peak, inFlight);
      if (inFlight === 3) release();
      // Safety timeout: with sequential writes the peak stays 1 and the test fails, never hangs.
      await Promise.race([threeInFlight, new Promise((r) => setTimeout(r, 500))]);
      inFlight--;
      events.push(`end ${op}`);
      return { $metadata: {} };
    };
    const pool = new FakePool({
      PutBucketVersioning: async () => {
        events.push('start PutBucketVersioning');
        await new Promise((r) => setImmediate(r));
        events.push('end PutBucketVersioning');
        return { $metadata: {} };
      },
      PutBucketLifecycleConfiguration: held('PutBucketLifecycleConfiguration'),
      PutBucketReplication: held('PutBucketReplication'),
      PutBucketTagging: held('PutBucketTagging'),
    });
    const outcome = await applyBucket(recordingWriteContext(pool), everythingDiffers());
    expect(outcome).toBe('applied');
    expect(events.slice(0, 2)).toEqual(['start PutBucketVersioning', 'end PutBucketVersioning']);
    expect(peak).toBe(3);
    expect(pool.operations('write').sort()).toEqual(
      [
        'PutBucketLifecycleConfiguration',
        'PutBucketReplication',
        'PutBucketTagging',
        'PutBucketVersioning',
      ].sort(),
    );
  });

  it('GIVEN S3 answers one of the parallel writes 409 OperationAborted once WHEN applied THEN that write is sent again and the step is applied', async () => {
    let tagging = 0;
    const pool = new FakePool({
      PutBucketTagging: () => {
        tagging++;
        if (tagging === 1) throw awsError('OperationAborted', 409);
        return { $metadata: {} };
      },
    });
    const outcome = await applyBucket(recordingWriteContext(pool), everythingDiffers());
    expect(outcome).toBe('applied');
    expect(pool.operations('write').filter((o) => o === 'PutBucketTagging')).toHaveLength(2);
  });

  it('GIVEN one parallel write fails with a permanent error WHEN applied THEN the step fails with that error after the others have finished', async () => {
    const pool = new FakePool({
      PutBucketLifecycleConfiguration: () => {
        throw awsError('MalformedXML', 400);
      },
    });
    await expect(applyBucket(recordingWriteContext(pool), everythingDiffers())).rejects.toMatchObject({
      name: 'MalformedXML',
    });
    expect(pool.operations('write')).toContain('PutBucketTagging');
  });
});
