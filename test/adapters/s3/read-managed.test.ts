/**
 * readBucket / readBuckets with scope `managed` (what --plan and --apply use): one call per
 * sub-configuration the spec manages and nothing else — no GetBucketLocation when the spec gives the
 * region, no reads of unmanaged sub-configurations — while absent buckets, wrong regions (S3's 301
 * PermanentRedirect with `x-amz-bucket-region`, as documented in the S3 API reference) and errors keep
 * their meaning. Scope `all` (snapshots, reports) still reads everything.
 */
import { describe, expect, it } from 'vitest';
import type { BucketReadClient as S3ReadClient } from '../../../src/adapters/s3/read.js';
import { managedParts, readBucket, readBuckets } from '../../../src/adapters/s3/read.js';
import { awsError, FakePool, recording, reject } from '../../support/fake-aws.js';
import { desiredBucket, lifecycleRule, replicationRule } from './builders.js';

/** A fake client of a versioned bucket with one lifecycle rule and replication; records calls. */
function fakeClient(overrides: Partial<S3ReadClient> = {}): S3ReadClient & { calls: string[] } {
  const base: S3ReadClient = {
    getBucketLocation: async () => ({ LocationConstraint: 'eu-west-3', $metadata: {} }),
    getBucketVersioning: async () => ({ Status: 'Enabled', $metadata: {} }),
    getBucketLifecycleConfiguration: async () => ({
      Rules: [
        { ID: 'expire', Status: 'Enabled', Filter: {}, NoncurrentVersionExpiration: { NoncurrentDays: 30 } },
      ],
      $metadata: {},
    }),
    getBucketReplication: async () => ({
      ReplicationConfiguration: {
        Role: 'arn:aws:iam::828879644785:role/r',
        Rules: [
          {
            ID: 'to-replica',
            Priority: 0,
            Status: 'Enabled',
            Filter: {},
            DeleteMarkerReplication: { Status: 'Disabled' },
            Destination: { Bucket: 'arn:aws:s3:::replica-bucket', StorageClass: 'STANDARD' },
          },
        ],
      },
      $metadata: {},
    }),
    getObjectLockConfiguration: reject(awsError('ObjectLockConfigurationNotFoundError', 404)),
    listBucketInventoryConfigurations: async () => ({ IsTruncated: false, $metadata: {} }),
    getBucketTagging: reject(awsError('NoSuchTagSet', 404)),
    getBucketPolicy: reject(awsError('NoSuchBucketPolicy', 404)),
  };
  return recording<S3ReadClient>({ ...base, ...overrides });
}

const MANAGED = desiredBucket('media', {
  region: 'eu-west-3',
  versioning: 'Enabled',
  lifecycle: [lifecycleRule({ id: 'expire', noncurrentVersionExpiration: { noncurrentDays: 30 } })],
  replication: {
    role: 'arn:aws:iam::828879644785:role/r',
    rules: [replicationRule({ id: 'to-replica' })],
  },
});

describe('managedParts', () => {
  it('GIVEN a bucket managing versioning, lifecycle and replication WHEN asked THEN exactly those parts', () => {
    expect([...managedParts(MANAGED.attrs)].sort()).toEqual(['lifecycle', 'replication', 'versioning']);
  });

  it('GIVEN `null`/`[]` values (managed: "must have none") WHEN asked THEN they count as managed', () => {
    const attrs = desiredBucket('b', { region: 'eu-west-1', replication: null, inventory: [] }).attrs;
    expect([...managedParts(attrs)].sort()).toEqual(['inventory', 'replication']);
  });
});

describe('readBucket with managed parts', () => {
  it('GIVEN versioning, lifecycle and replication managed WHEN read THEN three calls, no location, unmanaged fields undefined', async () => {
    const client = fakeClient();
    const obs = await readBucket(() => client, 'media', 'eu-west-3', managedParts(MANAGED.attrs));
    expect(client.calls.sort()).toEqual([
      'getBucketLifecycleConfiguration',
      'getBucketReplication',
      'getBucketVersioning',
    ]);
    expect(obs).toEqual({
      status: 'present',
      attrs: {
        region: 'eu-west-3',
        versioning: 'Enabled',
        lifecycle: MANAGED.attrs.lifecycle,
        replication: MANAGED.attrs.replication,
      },
      facts: { arn: 'arn:aws:s3:::media' },
      // The raw responses of the whole-write parts read (what writes keep unmanaged fields from).
      raw: { lifecycle: expect.any(Object), replication: expect.any(Object) },
    });
  });

  it('GIVEN only the region is managed WHEN read THEN GetBucketLocation alone tells presence and region', async () => {
    const client = fakeClient();
    const obs = await readBucket(() => client, 'media', 'eu-west-1', new Set());
    expect(client.calls).toEqual(['getBucketLocation']);
    expect(obs).toEqual({
      status: 'present',
      attrs: { region: 'eu-west-3' },
      facts: { arn: 'arn:aws:s3:::media' },
    });
  });

  it('GIVEN the bucket does not exist (NoSuchBucket on the sub-reads) WHEN read THEN absent', async () => {
    const gone = reject(awsError('NoSuchBucket', 404));
    const client = fakeClient({ getBucketVersioning: gone, getBucketLifecycleConfiguration: gone });
    const obs = await readBucket(
      () => client,
      'gone',
      'eu-west-1',
      new Set(['versioning', 'lifecycle'] as const),
    );
    expect(obs).toEqual({ status: 'absent' });
    expect(client.calls).not.toContain('getBucketLocation');
  });

  it('GIVEN the bucket lives in another region (301 with x-amz-bucket-region) WHEN read THEN the parts are read there and region shows the drift', async () => {
    const redirect = reject(awsError('PermanentRedirect', 301, { 'x-amz-bucket-region': 'eu-north-1' }));
    const wrong = fakeClient({ getBucketVersioning: redirect });
    const right = fakeClient();
    const obs = await readBucket(
      (r) => (r === 'eu-north-1' ? right : wrong),
      'moved',
      'eu-west-1',
      new Set(['versioning'] as const),
    );
    expect(right.calls).toEqual(['getBucketVersioning']);
    expect(obs).toMatchObject({ status: 'present', attrs: { region: 'eu-north-1', versioning: 'Enabled' } });
  });

  it('GIVEN a managed sub-read is denied WHEN read THEN unreadable naming that operation (never half-read)', async () => {
    const client = fakeClient({ getBucketReplication: reject(awsError('AccessDenied', 403)) });
    const obs = await readBucket(() => client, 'media', 'eu-west-3', managedParts(MANAGED.attrs));
    expect(obs).toMatchObject({ status: 'unreadable', code: 'AccessDenied' });
    expect(obs.status === 'unreadable' && obs.reason).toContain('GetBucketReplication');
  });
});

describe('readBuckets scope', () => {
  function recordingPool() {
    const client = fakeClient();
    const pool = new FakePool({
      GetBucketLocation: client.getBucketLocation as never,
      GetBucketVersioning: client.getBucketVersioning as never,
      GetBucketLifecycleConfiguration: client.getBucketLifecycleConfiguration as never,
      GetBucketReplication: client.getBucketReplication as never,
      GetObjectLockConfiguration: client.getObjectLockConfiguration as never,
      ListBucketInventoryConfigurations: client.listBucketInventoryConfigurations as never,
      GetBucketTagging: client.getBucketTagging as never,
    });
    return { pool };
  }

  it('GIVEN scope managed WHEN two buckets are read THEN 3 calls each, none for unmanaged parts', async () => {
    const { pool } = recordingPool();
    const other = desiredBucket('media-2', { ...MANAGED.attrs });
    await readBuckets({ pool, account: '828879644785', concurrency: 4, scope: 'managed' }, [MANAGED, other]);
    expect(pool.operations()).toHaveLength(6);
    expect(new Set(pool.operations())).toEqual(
      new Set(['GetBucketVersioning', 'GetBucketLifecycleConfiguration', 'GetBucketReplication']),
    );
  });

  it('GIVEN scope all (snapshot, report) WHEN read THEN location and every sub-configuration are read', async () => {
    const { pool } = recordingPool();
    const out = await readBuckets({ pool, account: '828879644785', concurrency: 4 }, [MANAGED]);
    expect(pool.operations().sort()).toEqual([
      'GetBucketLifecycleConfiguration',
      'GetBucketLocation',
      'GetBucketPolicy',
      'GetBucketReplication',
      'GetBucketTagging',
      'GetBucketVersioning',
      'GetObjectLockConfiguration',
      'ListBucketInventoryConfigurations',
    ]);
    expect(out.get(MANAGED.address)).toMatchObject({
      status: 'present',
      attrs: { objectLock: null, inventory: [], policy: null, tags: {} },
    });
  });
});
