/**
 * Level-based, idempotent writes for `s3.bucket` (used by the executor only). Re-reads the bucket,
 * creates it when absent, then writes only the managed sub-configurations that differ, in the order
 * AWS needs (versioning before Object Lock and replication). Every mutating call goes through
 * `ctx.mutate`. Buckets are never deleted; Object Lock and versioning are never switched off (AWS
 * cannot), those requests fail with a clear error.
 */
import type { BucketLocationConstraint } from '@aws-sdk/client-s3';
import { ReconcileError } from '../../errors.js';
import type { InventoryConfig, S3BucketAttrs } from '../../model/attrs.js';
import type { DesiredResource } from '../../model/state.js';
import type { ApplyOutcome, WriteContext } from '../types.js';
import { createS3WriteClient, type S3WriteClient } from './client.js';
import {
  denormalizeInventory,
  denormalizeLifecycleRule,
  denormalizeObjectLock,
  denormalizeReplication,
  denormalizeTags,
} from './denormalize.js';
import { sameConfig } from './normalize.js';
import { readBucket } from './read.js';

/** A bucket change AWS cannot make (moving regions, switching Object Lock or versioning off). */
export class S3UnsupportedChangeError extends ReconcileError {
  constructor(message: string) {
    super('S3_UNSUPPORTED_CHANGE', message);
  }
}

/** The bucket could not be read before writing (access denied, throttled, ...). */
export class S3ReadBeforeWriteError extends ReconcileError {
  constructor(message: string) {
    super('S3_UNREADABLE', message);
  }
}

const byId = <T extends { readonly id: string }>(list: readonly T[]): T[] =>
  [...list].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));

/** What a bucket looks like right after CreateBucket (no re-read needed, no eventual consistency). */
function freshBucket(region: string, withObjectLock: boolean): S3BucketAttrs {
  return {
    region,
    versioning: withObjectLock ? 'Enabled' : 'Disabled',
    lifecycle: [],
    replication: null,
    objectLock: withObjectLock ? {} : null,
    inventory: [],
    tags: {},
  };
}

/**
 * Converges one bucket on `desired` (only its managed fields). Returns `unchanged` when no write was
 * needed. Throws on AWS failures and on changes AWS cannot make.
 */
export async function applyBucket(
  ctx: WriteContext,
  desired: DesiredResource<'s3.bucket'>,
  clientFor: (region: string) => S3WriteClient = (region) => createS3WriteClient(ctx.pool.get('s3', region)),
): Promise<ApplyOutcome> {
  const want = desired.attrs;
  const name = desired.name;
  const address = desired.address;
  const client = clientFor(want.region);
  let writes = 0;
  const mutate = <T>(operation: string, call: () => Promise<T>): Promise<T> => {
    writes++;
    return ctx.mutate('s3', operation, address, call);
  };

  const observed = await readBucket(clientFor, name, want.region);
  let live: S3BucketAttrs;
  if (observed.status === 'unreadable') {
    throw new S3ReadBeforeWriteError(`cannot apply ${address}: ${observed.reason}`);
  } else if (observed.status === 'absent') {
    const withLock = want.objectLock !== undefined && want.objectLock !== null;
    await mutate('CreateBucket', () =>
      client.createBucket({
        Bucket: name,
        ...(want.region === 'us-east-1'
          ? {}
          : { CreateBucketConfiguration: { LocationConstraint: want.region as BucketLocationConstraint } }),
        ...(withLock ? { ObjectLockEnabledForBucket: true } : {}),
      }),
    );
    live = freshBucket(want.region, withLock);
  } else {
    live = observed.attrs;
    if (live.region !== want.region) {
      throw new S3UnsupportedChangeError(
        `${address} lives in ${live.region}, the spec says ${want.region}: a bucket cannot move between regions ` +
          '(create a new bucket and replicate into it, then change the spec).',
      );
    }
  }

  // 1. Versioning first: Object Lock and replication both need it.
  if (want.versioning !== undefined && want.versioning !== live.versioning) {
    if (want.versioning === 'Disabled') {
      throw new S3UnsupportedChangeError(
        `${address}: versioning is ${live.versioning} and can never return to Disabled; declare 'Suspended' instead.`,
      );
    }
    const status = want.versioning;
    await mutate('PutBucketVersioning', () =>
      client.putBucketVersioning({ Bucket: name, VersioningConfiguration: { Status: status } }),
    );
  }

  // 2. Object Lock (enabling it on an existing versioned bucket is allowed by AWS; one-way).
  if (want.objectLock !== undefined && !sameConfig(want.objectLock, live.objectLock)) {
    const lock = want.objectLock;
    if (lock === null) {
      throw new S3UnsupportedChangeError(
        `${address}: Object Lock is enabled and can never be disabled; remove 'objectLock: null' from the spec.`,
      );
    }
    await mutate('PutObjectLockConfiguration', () =>
      client.putObjectLockConfiguration({
        Bucket: name,
        ObjectLockConfiguration: denormalizeObjectLock(lock),
      }),
    );
  }

  // 3. Lifecycle: Put the whole configuration, or Delete it when the spec wants none.
  if (want.lifecycle !== undefined && !sameConfig(byId(want.lifecycle), live.lifecycle)) {
    const rules = byId(want.lifecycle);
    if (rules.length === 0) {
      await mutate('DeleteBucketLifecycle', () => client.deleteBucketLifecycle({ Bucket: name }));
    } else {
      await mutate('PutBucketLifecycleConfiguration', () =>
        client.putBucketLifecycleConfiguration({
          Bucket: name,
          LifecycleConfiguration: { Rules: rules.map(denormalizeLifecycleRule) },
        }),
      );
    }
  }

  // 4. Replication (V2 rules), or Delete when the spec says null.
  if (
    want.replication !== undefined &&
    !sameConfig(
      want.replication && { ...want.replication, rules: byId(want.replication.rules) },
      live.replication,
    )
  ) {
    const repl = want.replication;
    if (repl === null) {
      await mutate('DeleteBucketReplication', () => client.deleteBucketReplication({ Bucket: name }));
    } else {
      const config = denormalizeReplication({ ...repl, rules: byId(repl.rules) });
      await mutate('PutBucketReplication', () =>
        client.putBucketReplication({ Bucket: name, ReplicationConfiguration: config }),
      );
    }
  }

  // 5. Inventory: put each differing configuration, delete the ones the spec does not declare.
  if (want.inventory !== undefined) {
    const liveById = new Map<string, InventoryConfig>((live.inventory ?? []).map((c) => [c.id, c]));
    const wantIds = new Set(want.inventory.map((c) => c.id));
    for (const config of byId(want.inventory)) {
      if (sameConfig(config, liveById.get(config.id))) continue;
      await mutate('PutBucketInventoryConfiguration', () =>
        client.putBucketInventoryConfiguration({
          Bucket: name,
          Id: config.id,
          InventoryConfiguration: denormalizeInventory(config),
        }),
      );
    }
    for (const id of [...liveById.keys()].sort()) {
      if (wantIds.has(id)) continue;
      await mutate('DeleteBucketInventoryConfiguration', () =>
        client.deleteBucketInventoryConfiguration({ Bucket: name, Id: id }),
      );
    }
  }

  // 6. Tags: the whole set, or Delete when the spec wants none.
  if (want.tags !== undefined && !sameConfig(want.tags, live.tags ?? {})) {
    const tagSet = denormalizeTags(want.tags);
    if (tagSet.length === 0) {
      await mutate('DeleteBucketTagging', () => client.deleteBucketTagging({ Bucket: name }));
    } else {
      await mutate('PutBucketTagging', () =>
        client.putBucketTagging({ Bucket: name, Tagging: { TagSet: tagSet } }),
      );
    }
  }

  return writes > 0 ? 'applied' : 'unchanged';
}
