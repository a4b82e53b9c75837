/**
 * applyBucket against a fake S3 client whose reads describe the live bucket: which writes are issued,
 * in which order, with which AWS shapes, and that a converged bucket gets zero mutating calls.
 */
import { describe, expect, it } from 'vitest';
import { applyBucket } from '../../../src/adapters/s3/apply.js';
import type { S3WriteClient } from '../../../src/adapters/s3/client.js';
import type { WriteContext } from '../../../src/adapters/types.js';
import { awsError, reject } from '../../support/fake-aws.js';
import { desiredBucket, lifecycleRule, replicationRule } from './builders.js';

interface Recorded {
  readonly operation: string;
  readonly input: unknown;
}

/** A fake write client: reads answer with `reads` (default: an empty bucket in `region`); writes are recorded. */
function fakeS3(region: string, reads: Partial<S3WriteClient> = {}) {
  const writes: Recorded[] = [];
  const write =
    (operation: string) =>
    async (input: unknown): Promise<never> => {
      writes.push({ operation, input });
      return { $metadata: {} } as never;
    };
  const client: S3WriteClient = {
    getBucketLocation: async () => ({ LocationConstraint: region as never, $metadata: {} }),
    getBucketVersioning: async () => ({ $metadata: {} }),
    getBucketLifecycleConfiguration: reject(awsError('NoSuchLifecycleConfiguration', 404)),
    getBucketReplication: reject(awsError('ReplicationConfigurationNotFoundError', 404)),
    getObjectLockConfiguration: reject(awsError('ObjectLockConfigurationNotFoundError', 404)),
    listBucketInventoryConfigurations: async () => ({ IsTruncated: false, $metadata: {} }),
    getBucketTagging: reject(awsError('NoSuchTagSet', 404)),
    createBucket: write('CreateBucket'),
    putBucketVersioning: write('PutBucketVersioning'),
    putBucketLifecycleConfiguration: write('PutBucketLifecycleConfiguration'),
    deleteBucketLifecycle: write('DeleteBucketLifecycle'),
    putBucketReplication: write('PutBucketReplication'),
    deleteBucketReplication: write('DeleteBucketReplication'),
    putObjectLockConfiguration: write('PutObjectLockConfiguration'),
    putBucketInventoryConfiguration: write('PutBucketInventoryConfiguration'),
    deleteBucketInventoryConfiguration: write('DeleteBucketInventoryConfiguration'),
    putBucketTagging: write('PutBucketTagging'),
    deleteBucketTagging: write('DeleteBucketTagging'),
    ...reads,
  };
  return { client, writes };
}

/** A WriteContext whose mutate records (service, operation, address) and runs the call. */
function writeContext() {
  const mutations: string[] = [];
  const ctx = {
    account: '828879644785',
    concurrency: 4,
    pool: undefined as never,
    mutate: async <T>(service: string, operation: string, address: string, call: () => Promise<T>) => {
      mutations.push(`${service}:${operation}:${address}`);
      return call();
    },
  } satisfies WriteContext;
  return { ctx, mutations };
}

const REGION = 'eu-west-3';
const replica = (overrides = {}) => desiredBucket('mne-media-replica', { region: REGION, ...overrides });

describe('applyBucket', () => {
  it('GIVEN an absent bucket with Object Lock desired WHEN applied THEN CreateBucket in its region with the lock flag, then only the rest', async () => {
    const { client, writes } = fakeS3(REGION, { getBucketLocation: reject(awsError('NoSuchBucket', 404)) });
    const { ctx, mutations } = writeContext();
    const outcome = await applyBucket(
      ctx,
      replica({
        versioning: 'Enabled',
        objectLock: { defaultRetention: { mode: 'GOVERNANCE', days: 180 } },
        tags: { team: 'sre' },
      }),
      () => client,
    );
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
  });

  it('GIVEN an absent bucket in us-east-1 WHEN applied THEN CreateBucket carries no LocationConstraint', async () => {
    const { client, writes } = fakeS3('us-east-1', {
      getBucketLocation: reject(awsError('NoSuchBucket', 404)),
    });
    const { ctx } = writeContext();
    await applyBucket(ctx, desiredBucket('b-us', { region: 'us-east-1' }), () => client);
    expect(writes).toEqual([{ operation: 'CreateBucket', input: { Bucket: 'b-us' } }]);
  });

  it('GIVEN a bucket that already matches every managed field WHEN applied THEN unchanged with zero mutate calls', async () => {
    const { client, writes } = fakeS3(REGION, {
      getBucketVersioning: async () => ({ Status: 'Enabled', $metadata: {} }),
      getBucketLifecycleConfiguration: async () => ({
        Rules: [
          {
            ID: 'nc-180',
            Status: 'Enabled',
            Filter: { Prefix: '' },
            NoncurrentVersionExpiration: { NoncurrentDays: 180 },
          },
        ],
        $metadata: {},
      }),
    });
    const { ctx, mutations } = writeContext();
    const outcome = await applyBucket(
      ctx,
      replica({
        versioning: 'Enabled',
        lifecycle: [lifecycleRule({ id: 'nc-180', noncurrentVersionExpiration: { noncurrentDays: 180 } })],
        replication: null,
        tags: {},
      }),
      () => client,
    );
    expect(outcome).toBe('unchanged');
    expect(writes).toEqual([]);
    expect(mutations).toEqual([]);
  });

  it('GIVEN lifecycle differs WHEN applied THEN one PutBucketLifecycleConfiguration with Filter forms AWS accepts (and nothing unmanaged)', async () => {
    const { client, writes } = fakeS3('eu-west-1');
    const { ctx } = writeContext();
    await applyBucket(
      ctx,
      desiredBucket('mne-media-prod', {
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
      }),
      () => client,
    );
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
    const { client, writes } = fakeS3(REGION, {
      getBucketLifecycleConfiguration: async () => ({
        Rules: [{ ID: 'old', Status: 'Enabled', Filter: {}, Expiration: { Days: 365 } }],
        $metadata: {},
      }),
    });
    const { ctx } = writeContext();
    expect(await applyBucket(ctx, replica({ lifecycle: [] }), () => client)).toBe('applied');
    expect(writes.map((w) => w.operation)).toEqual(['DeleteBucketLifecycle']);
  });

  it('GIVEN replication differs WHEN applied THEN versioning first, then a V2 PutBucketReplication with explicit DeleteMarkerReplication and Metrics (no EventThreshold without RTC)', async () => {
    const { client, writes } = fakeS3('eu-west-1');
    const { ctx } = writeContext();
    const role =
      'arn:aws:iam::828879644785:role/service-role/s3crr_role_for_mne-media-prod_to_crr-media-prod';
    await applyBucket(
      ctx,
      desiredBucket('mne-media-prod', {
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
      }),
      () => client,
    );
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
    const { client, writes } = fakeS3('eu-west-1', {
      getBucketReplication: async () => ({
        ReplicationConfiguration: {
          Role: 'arn:aws:iam::828879644785:role/r',
          Rules: [{ ID: 'r', Status: 'Enabled', Prefix: '', Destination: { Bucket: 'arn:aws:s3:::x' } }],
        },
        $metadata: {},
      }),
    });
    const { ctx } = writeContext();
    await applyBucket(ctx, desiredBucket('src', { region: 'eu-west-1', replication: null }), () => client);
    expect(writes.map((w) => w.operation)).toEqual(['DeleteBucketReplication']);
  });

  it('GIVEN one inventory config differs and one is undeclared WHEN applied THEN put the one, delete the other (contract: moto has no working delete)', async () => {
    const dest = {
      S3BucketDestination: {
        Bucket: 'arn:aws:s3:::mne-media-replica',
        Format: 'CSV' as const,
        Prefix: 'inventory/',
      },
    };
    const { client, writes } = fakeS3(REGION, {
      listBucketInventoryConfigurations: async () => ({
        InventoryConfigurationList: [
          {
            Id: 'mnemonica-replica-inventory',
            IsEnabled: true,
            IncludedObjectVersions: 'All',
            Schedule: { Frequency: 'Weekly' },
            Destination: dest,
          },
          {
            Id: 'stray',
            IsEnabled: true,
            IncludedObjectVersions: 'All',
            Schedule: { Frequency: 'Daily' },
            Destination: dest,
          },
        ],
        IsTruncated: false,
        $metadata: {},
      }),
    });
    const { ctx } = writeContext();
    await applyBucket(
      ctx,
      replica({
        inventory: [
          {
            id: 'mnemonica-replica-inventory',
            enabled: true,
            destination: { bucket: 'arn:aws:s3:::mne-media-replica', format: 'CSV', prefix: 'inventory/' },
            includedObjectVersions: 'Current',
            frequency: 'Daily',
            optionalFields: [],
          },
        ],
      }),
      () => client,
    );
    expect(writes).toEqual([
      {
        operation: 'PutBucketInventoryConfiguration',
        input: {
          Bucket: 'mne-media-replica',
          Id: 'mnemonica-replica-inventory',
          InventoryConfiguration: {
            Id: 'mnemonica-replica-inventory',
            IsEnabled: true,
            Destination: dest,
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
    const { client, writes } = fakeS3(REGION, {
      getBucketTagging: async () => ({ TagSet: [{ Key: 'a', Value: '1' }], $metadata: {} }),
    });
    const { ctx } = writeContext();
    await applyBucket(ctx, replica({ tags: {} }), () => client);
    expect(writes.map((w) => w.operation)).toEqual(['DeleteBucketTagging']);
  });

  it('GIVEN Object Lock enabled live and null desired WHEN applied THEN a clear one-way error, no write', async () => {
    const { client, writes } = fakeS3(REGION, {
      getObjectLockConfiguration: async () => ({
        ObjectLockConfiguration: { ObjectLockEnabled: 'Enabled' },
        $metadata: {},
      }),
    });
    const { ctx } = writeContext();
    await expect(applyBucket(ctx, replica({ objectLock: null }), () => client)).rejects.toThrow(
      /Object Lock is enabled and can never be disabled/,
    );
    expect(writes).toEqual([]);
  });

  it('GIVEN versioning Enabled live and Disabled desired WHEN applied THEN a clear error suggesting Suspended', async () => {
    const { client } = fakeS3(REGION, {
      getBucketVersioning: async () => ({ Status: 'Enabled', $metadata: {} }),
    });
    const { ctx } = writeContext();
    await expect(applyBucket(ctx, replica({ versioning: 'Disabled' }), () => client)).rejects.toThrow(
      /Suspended/,
    );
  });

  it('GIVEN the bucket lives in another region WHEN applied THEN it refuses to write (buckets cannot move)', async () => {
    const { client, writes } = fakeS3('eu-north-1');
    const { ctx } = writeContext();
    await expect(applyBucket(ctx, replica({ versioning: 'Enabled' }), () => client)).rejects.toThrow(
      /lives in eu-north-1, the spec says eu-west-3/,
    );
    expect(writes).toEqual([]);
  });

  it('GIVEN the re-read is AccessDenied WHEN applied THEN it throws the reason and writes nothing', async () => {
    const { client, writes } = fakeS3(REGION, { getBucketLocation: reject(awsError('AccessDenied', 403)) });
    const { ctx } = writeContext();
    await expect(applyBucket(ctx, replica({ versioning: 'Enabled' }), () => client)).rejects.toThrow(
      /access denied/,
    );
    expect(writes).toEqual([]);
  });
});
