/**
 * The read client is read-only BY TYPE: a mutating call on it does not compile (`tsc` fails if any
 * `@ts-expect-error` below stops being an error), and at runtime it carries no mutating method.
 */
import { S3Client } from '@aws-sdk/client-s3';
import { afterAll, describe, expect, it } from 'vitest';
import {
  createS3ReadClient,
  createS3WriteClient,
  type S3ReadClient,
  type S3WriteClient,
} from '../../../src/adapters/s3/client.js';

const sdk = new S3Client({ region: 'eu-west-1' });
afterAll(() => sdk.destroy());

describe('S3 read/write client types', () => {
  it('GIVEN a read client WHEN code calls a put, delete or create THEN it does not compile and the method is absent', () => {
    const read: S3ReadClient = createS3ReadClient(sdk);
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

  it('GIVEN a write client WHEN used where a read client is expected THEN it fits (read ⊂ write)', () => {
    const write: S3WriteClient = createS3WriteClient(sdk);
    const asRead: S3ReadClient = write;
    expect(Object.keys(asRead)).toEqual(expect.arrayContaining(Object.keys(createS3ReadClient(sdk))));
    expect(typeof write.putBucketLifecycleConfiguration).toBe('function');
  });
});
