/**
 * The `s3.bucket` adapter: read (normalised live attrs, read-only client) and apply (the plan's
 * diffs). No `delete`: buckets and objects are never deleted.
 */
import type { KindAdapter } from '../types.js';
import { applyBucket } from './apply.js';
import { readBuckets } from './read.js';

export { applyBucket, S3UnsupportedChangeError } from './apply.js';
export type { S3ReadClient, S3WriteClient } from './client.js';
export { S3_CLIENT } from './client.js';
export { readBucket, readBuckets } from './read.js';

export const s3BucketAdapter: KindAdapter<'s3.bucket'> = {
  kind: 's3.bucket',
  read: readBuckets,
  apply: applyBucket,
};
