/**
 * S3 discovery for `--import --all-buckets`: ListBuckets (every page) and each bucket's region.
 * Read operations only; the pure choice of what to import stays in src/import/discover.ts.
 */
import type { ClientPool } from '../aws-config.js';
import { S3_CLIENT } from './client.js';
import { bucketRegion } from './read.js';

/** A listed bucket. */
export interface ListedBucket {
  readonly name: string;
  /** The region when ListBuckets says (newer S3 responses carry BucketRegion); undefined: ask. */
  readonly region?: string;
}

/** Every bucket of the account (S3 ListBuckets, following ContinuationToken). */
export async function listBuckets(pool: ClientPool): Promise<ListedBucket[]> {
  const client = S3_CLIENT.reader(pool);
  const out: ListedBucket[] = [];
  let token: string | undefined;
  do {
    const page = await client.listBuckets({ ...(token ? { ContinuationToken: token } : {}) });
    for (const b of page.Buckets ?? [])
      if (b.Name) out.push({ name: b.Name, ...(b.BucketRegion ? { region: b.BucketRegion } : {}) });
    token = page.ContinuationToken;
  } while (token);
  return out;
}

/** The region a bucket lives in; undefined when there is no such bucket (see bucketRegion). */
export function listedBucketRegion(pool: ClientPool, name: string): Promise<string | undefined> {
  return bucketRegion(S3_CLIENT.reader(pool), name);
}
