/**
 * The `s3.bucket` adapter: read (normalised live attrs, read-only client) and apply (level-based
 * writes). No `delete`: buckets and objects are never deleted.
 */
import type { KindAdapter } from '../types.js';
import { applyBucket } from './apply.js';
import { readBuckets } from './read.js';

export { applyBucket, S3ReadBeforeWriteError, S3UnsupportedChangeError } from './apply.js';
export type { S3ReadClient, S3WriteClient } from './client.js';
export { createS3ReadClient, createS3WriteClient } from './client.js';
export { bucketArn, readBucket, readBuckets } from './read.js';

export const s3BucketAdapter: KindAdapter<'s3.bucket'> = {
  kind: 's3.bucket',
  read: readBuckets,
  apply: (ctx, desired) => applyBucket(ctx, desired),
};
