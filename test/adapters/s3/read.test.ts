/**
 * readBucket against a fake S3 read client: absent and unreadable paths, "not configured" errors
 * becoming empty values, inventory pagination and region routing. AWS shapes as documented in the S3
 * API reference (error codes: NoSuchBucket, NoSuchLifecycleConfiguration,
 * ReplicationConfigurationNotFoundError, ObjectLockConfigurationNotFoundError, NoSuchTagSet).
 */
import { describe, expect, it } from 'vitest';
import type { BucketReadClient as S3ReadClient } from '../../../src/adapters/s3/read.js';
import { readBucket, readBuckets } from '../../../src/adapters/s3/read.js';
import { awsError, FakePool, recording, reject } from '../../support/fake-aws.js';
import { desiredBucket, emptyBucketAttrs } from './builders.js';

/** A fake client for a bucket with nothing configured in `region`; override single operations. */
function fakeClient(
  region: string,
  overrides: Partial<S3ReadClient> = {},
): S3ReadClient & { calls: string[] } {
  const base: S3ReadClient = {
    getBucketLocation: async () => ({ LocationConstraint: region as never, $metadata: {} }),
    getBucketVersioning: async () => ({ $metadata: {} }),
    getBucketLifecycleConfiguration: reject(awsError('NoSuchLifecycleConfiguration', 404)),
    getBucketReplication: reject(awsError('ReplicationConfigurationNotFoundError', 404)),
    getObjectLockConfiguration: reject(awsError('ObjectLockConfigurationNotFoundError', 404)),
    listBucketInventoryConfigurations: async () => ({ IsTruncated: false, $metadata: {} }),
    getBucketTagging: reject(awsError('NoSuchTagSet', 404)),
    getBucketPolicy: reject(awsError('NoSuchBucketPolicy', 404)),
  };
  return recording<S3ReadClient>({ ...base, ...overrides });
}

describe('readBucket', () => {
  it('GIVEN every sub-configuration is "not configured" WHEN read THEN present with explicit empty values, arn fact', async () => {
    const client = fakeClient('eu-west-3');
    const obs = await readBucket(() => client, 'mne-media-replica', 'eu-west-3');
    expect(obs).toEqual({
      status: 'present',
      attrs: emptyBucketAttrs('eu-west-3'),
      facts: { arn: 'arn:aws:s3:::mne-media-replica' },
    });
  });

  it('GIVEN GetBucketLocation says NoSuchBucket WHEN read THEN absent, and nothing else is asked', async () => {
    const client = fakeClient('eu-west-1', { getBucketLocation: reject(awsError('NoSuchBucket', 404)) });
    expect(await readBucket(() => client, 'gone', 'eu-west-1')).toEqual({ status: 'absent' });
    expect(client.calls).toEqual(['getBucketLocation']);
  });

  it('GIVEN GetBucketLocation is AccessDenied WHEN read THEN unreadable naming the operation (the address is printed before it)', async () => {
    const client = fakeClient('eu-west-1', { getBucketLocation: reject(awsError('AccessDenied', 403)) });
    const obs = await readBucket(() => client, 'mne-vault-prod', 'eu-west-1');
    expect(obs.status).toBe('unreadable');
    expect(obs).toMatchObject({ code: 'AccessDenied' });
    expect(obs.status === 'unreadable' && obs.reason).toBe('GetBucketLocation: access denied (AccessDenied)');
  });

  it('GIVEN one sub-configuration is throttled WHEN read THEN the whole bucket is unreadable (never half-read)', async () => {
    const client = fakeClient('eu-west-1', { getBucketReplication: reject(awsError('SlowDown', 503)) });
    const obs = await readBucket(() => client, 'mne-media-prod', 'eu-west-1');
    expect(obs.status).toBe('unreadable');
    expect(obs.status === 'unreadable' && obs.reason).toContain('GetBucketReplication: still throttled');
  });

  it('GIVEN the bucket vanishes between calls (NoSuchBucket on a sub-read) WHEN read THEN absent', async () => {
    const client = fakeClient('eu-west-1', { getBucketTagging: reject(awsError('NoSuchBucket', 404)) });
    expect(await readBucket(() => client, 'racy', 'eu-west-1')).toEqual({ status: 'absent' });
  });

  it('GIVEN the bucket lives in another region than declared WHEN read THEN sub-reads go to its real region and region shows it', async () => {
    const asked: string[] = [];
    const real = fakeClient('eu-north-1');
    const obs = await readBucket(
      (region) => {
        asked.push(region);
        return real;
      },
      'moved',
      'eu-west-1',
    );
    expect(asked[0]).toBe('eu-west-1');
    expect(new Set(asked.slice(1))).toEqual(new Set(['eu-north-1']));
    expect(obs.status === 'present' && obs.attrs.region).toBe('eu-north-1');
  });

  it('GIVEN a 301 PermanentRedirect with x-amz-bucket-region WHEN read THEN it follows to that region', async () => {
    const wrong = fakeClient('eu-west-1', {
      getBucketLocation: reject(awsError('PermanentRedirect', 301, { 'x-amz-bucket-region': 'eu-west-3' })),
    });
    const right = fakeClient('eu-west-3');
    const obs = await readBucket((r) => (r === 'eu-west-3' ? right : wrong), 'b', 'eu-west-1');
    expect(obs.status === 'present' && obs.attrs.region).toBe('eu-west-3');
    expect(right.calls).toContain('getBucketVersioning');
  });

  it('GIVEN inventory spread over two pages WHEN read THEN both configurations are listed, sorted by id', async () => {
    const inv = (Id: string) => ({
      Id,
      IsEnabled: true,
      IncludedObjectVersions: 'Current' as const,
      Schedule: { Frequency: 'Daily' as const },
      Destination: { S3BucketDestination: { Bucket: 'arn:aws:s3:::x', Format: 'CSV' as const } },
    });
    const tokens: (string | undefined)[] = [];
    const client = fakeClient('eu-west-1', {
      listBucketInventoryConfigurations: async (input) => {
        tokens.push(input.ContinuationToken);
        return input.ContinuationToken
          ? { InventoryConfigurationList: [inv('a')], IsTruncated: false, $metadata: {} }
          : {
              InventoryConfigurationList: [inv('b')],
              IsTruncated: true,
              NextContinuationToken: 't1',
              $metadata: {},
            };
      },
    });
    const obs = await readBucket(() => client, 'b', 'eu-west-1');
    expect(tokens).toEqual([undefined, 't1']);
    expect(obs.status === 'present' && obs.attrs.inventory?.map((c) => c.id)).toEqual(['a', 'b']);
  });

  it("GIVEN the lifecycle's TransitionDefaultMinimumObjectSize WHEN read THEN it does not reach the attrs, only the raw response (written back by whole writes)", async () => {
    const client = fakeClient('eu-west-1', {
      getBucketLifecycleConfiguration: async () => ({
        TransitionDefaultMinimumObjectSize: 'all_storage_classes_128K',
        Rules: [
          { ID: 'r', Status: 'Enabled', Filter: {}, NoncurrentVersionExpiration: { NoncurrentDays: 35 } },
        ],
        $metadata: {},
      }),
    });
    const obs = await readBucket(() => client, 'b', 'eu-west-1');
    expect(obs.status === 'present' && obs.attrs.lifecycle).toEqual([
      {
        id: 'r',
        enabled: true,
        filter: {},
        noncurrentVersionExpiration: { noncurrentDays: 35 },
        transitions: [],
        noncurrentVersionTransitions: [],
      },
    ]);
    expect(JSON.stringify(obs.status === 'present' && obs.attrs)).not.toContain(
      'TransitionDefaultMinimumObjectSize',
    );
    expect(obs.status === 'present' && obs.raw).toEqual({
      lifecycle: {
        TransitionDefaultMinimumObjectSize: 'all_storage_classes_128K',
        Rules: [
          { ID: 'r', Status: 'Enabled', Filter: {}, NoncurrentVersionExpiration: { NoncurrentDays: 35 } },
        ],
      },
    });
  });
});

describe('readBuckets (the KindAdapter read)', () => {
  it('GIVEN 6 buckets in two regions and concurrency 3 WHEN read THEN at most 3 S3 requests are in flight, each region gets its own client', async () => {
    let inFlight = 0;
    let peak = 0;
    const regionOf: Record<string, string> = {};
    const slow =
      (answer: (input: { Bucket: string }) => unknown) =>
      async (input: { Bucket: string }): Promise<unknown> => {
        inFlight++;
        peak = Math.max(peak, inFlight);
        await new Promise((r) => setTimeout(r, 2));
        inFlight--;
        return answer(input);
      };
    const notConfigured = (code: string) =>
      slow(() => {
        throw awsError(code, 404);
      });
    const pool = new FakePool({
      GetBucketLocation: slow((i) => ({ LocationConstraint: regionOf[i.Bucket], $metadata: {} })),
      GetBucketVersioning: slow(() => ({ Status: 'Enabled', $metadata: {} })),
      GetBucketLifecycleConfiguration: notConfigured('NoSuchLifecycleConfiguration'),
      GetBucketReplication: notConfigured('ReplicationConfigurationNotFoundError'),
      GetObjectLockConfiguration: notConfigured('ObjectLockConfigurationNotFoundError'),
      GetBucketTagging: notConfigured('NoSuchTagSet'),
      ListBucketInventoryConfigurations: slow(() => ({ IsTruncated: false, $metadata: {} })),
    });
    const resources = ['a', 'b', 'c', 'd', 'e', 'f'].map((n, i) => {
      const region = i % 2 ? 'eu-west-3' : 'eu-north-1';
      regionOf[`bucket-${n}`] = region;
      return desiredBucket(`bucket-${n}`, { region });
    });
    const out = await readBuckets({ pool, account: '828879644785', concurrency: 3 }, resources);
    expect(peak).toBeLessThanOrEqual(3);
    expect(peak).toBeGreaterThan(1);
    expect(new Set(pool.calls.map((c) => c.region))).toEqual(new Set(['eu-west-3', 'eu-north-1']));
    // every bucket's reads are signed for its own region
    for (const c of pool.calls) expect(c.region).toBe(regionOf[(c.input as { Bucket: string }).Bucket]);
    expect([...out.keys()]).toEqual(resources.map((r) => r.address));
    for (const r of resources) {
      expect(out.get(r.address)).toEqual({
        status: 'present',
        attrs: emptyBucketAttrs(r.attrs.region, { versioning: 'Enabled' }),
        facts: { arn: `arn:aws:s3:::${r.name}` },
      });
    }
  });
});
