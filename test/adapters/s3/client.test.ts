/**
 * The S3 read client is read-only BY TYPE: a mutating call does not compile (`tsc` fails if any
 * `@ts-expect-error` below stops being an error), and at runtime it carries no mutating method.
 */
import { describe, expect, it } from 'vitest';
import { S3_CLIENT, type S3ReadClient, type S3WriteClient } from '../../../src/adapters/s3/client.js';
import { FakePool } from '../../support/fake-aws.js';
import { recordingWriteContext } from '../iam/support.js';

describe('S3 declared client', () => {
  it('GIVEN a read client WHEN code calls a put, delete or create THEN it does not compile and the method is absent', () => {
    const read: S3ReadClient = S3_CLIENT.reader(new FakePool(), 'eu-west-1');
    // @ts-expect-error the read client has no putBucketLifecycleConfiguration
    expect(read.putBucketLifecycleConfiguration).toBeUndefined();
    // @ts-expect-error the read client has no deleteBucketReplication
    expect(read.deleteBucketReplication).toBeUndefined();
    // @ts-expect-error the read client has no createBucket
    expect(read.createBucket).toBeUndefined();
    const names = Object.keys(read);
    expect(names.filter((n) => /^(put|delete|create)/.test(n))).toEqual([]);
    expect(names.every((n) => /^(get|list)/.test(n))).toBe(true);
  });

  it('GIVEN a write client WHEN used where a read client is expected THEN it fits (read ⊂ write), and only its writes go through ctx.mutate', async () => {
    const pool = new FakePool();
    const ctx = recordingWriteContext(pool);
    const write: S3WriteClient = S3_CLIENT.writer(ctx, 's3.bucket/b', 'eu-west-3');
    const asRead: S3ReadClient = write;
    expect(Object.keys(asRead)).toEqual(expect.arrayContaining(Object.keys(S3_CLIENT.reader(pool))));
    await asRead.getBucketVersioning({ Bucket: 'b' });
    await write.putBucketVersioning({ Bucket: 'b', VersioningConfiguration: { Status: 'Enabled' } });
    expect(ctx.calls).toEqual([{ service: 's3', operation: 'PutBucketVersioning', address: 's3.bucket/b' }]);
    expect(pool.calls.map((c) => [c.operation, c.access, c.region])).toEqual([
      ['GetBucketVersioning', 'read', 'eu-west-3'],
      ['PutBucketVersioning', 'write', 'eu-west-3'],
    ]);
  });
});
