/**
 * Writes for `s3.bucket` (used by the executor only): creates the bucket when the plan saw it absent,
 * then writes exactly the sub-configurations the plan's field diffs name, with the desired values, in
 * the order AWS needs (versioning before Object Lock and replication). Whole-configuration writes
 * (lifecycle, replication, inventory) keep what the observation's raw response holds outside the
 * managed fields (src/adapters/unmanaged.ts; `desired.raw` instead on `--restore`). No read: the plan's
 * observation holds everything a write needs. Every mutating call goes through `ctx.mutate` (the
 * declared write client). Buckets are never deleted; Object Lock and versioning are never switched
 * off (AWS cannot), those requests fail with a clear error.
 */
import type { BucketLocationConstraint } from '@aws-sdk/client-s3';
import { ReconcileError } from '../../errors.js';
import type { InventoryConfig, S3BucketAttrs } from '../../model/attrs.js';
import { sameCanonical } from '../../model/canonical.js';
import { allInOrder, awsErrorCode, changedFields, changedKeys } from '../kit.js';
import type { ApplyOutcome, ApplyStep, WriteContext } from '../types.js';
import { rawPart } from '../unmanaged.js';
import { S3_CLIENT } from './client.js';
import {
  denormalizeObjectLock,
  denormalizeTags,
  mergeInventory,
  mergeLifecycle,
  mergeReplication,
} from './denormalize.js';
import { S3_PARTS, type S3Part } from './read.js';

/** A bucket change AWS cannot make (moving regions, switching Object Lock or versioning off). */
export class S3UnsupportedChangeError extends ReconcileError {
  constructor(message: string) {
    super('S3_UNSUPPORTED_CHANGE', message);
  }
}

/**
 * Waits before each retry of a write S3 refused with `409 OperationAborted` ("A conflicting
 * conditional operation is currently in progress against this resource. Please try again."): S3's
 * answer to a configuration write that overlaps another one on the same bucket, which the SDK does not
 * retry. terraform-provider-aws retries it for exactly this case, writes to one bucket in parallel
 * (hashicorp/terraform-provider-aws#12949, fixing #7628; #2008 for tagging).
 */
export const OPERATION_ABORTED_RETRY_MS: readonly number[] = [500, 1_000, 2_000, 4_000, 8_000];

async function retryOperationAborted(call: () => Promise<unknown>): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      await call();
      return;
    } catch (e) {
      const wait = OPERATION_ABORTED_RETRY_MS[attempt];
      if (awsErrorCode(e) !== 'OperationAborted' || wait === undefined) throw e;
      await new Promise((resolve) => setTimeout(resolve, wait));
    }
  }
}

const byId = <T extends { readonly id: string }>(list: readonly T[]): T[] =>
  [...list].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));

/**
 * What a bucket looks like right after CreateBucket: nothing configured, versioning on only when it
 * was created with Object Lock, which needs versioning (Amazon S3 User Guide, Configuring S3 Object
 * Lock: "you must enable S3 Versioning and Object Lock", enabled together at creation,
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/object-lock-configure.html).
 */
function freshBucket(region: string, withObjectLock: boolean): S3BucketAttrs {
  return {
    region,
    versioning: withObjectLock ? 'Enabled' : 'Disabled',
    lifecycle: [],
    replication: null,
    objectLock: withObjectLock ? {} : null,
    inventory: [],
    policy: null,
    tags: {},
  };
}

/**
 * The sub-configurations to write on create: the managed ones whose desired value is not what
 * CreateBucket already gives (compared in the one canonical form). There is no plan diff to read on
 * create: the planner shows a new resource whole.
 */
function partsToCreate(want: S3BucketAttrs, fresh: S3BucketAttrs): ReadonlySet<S3Part> {
  return new Set(
    S3_PARTS.filter((p) => {
      const value = want[p];
      if (value === undefined) return false;
      const sorted = Array.isArray(value) ? byId(value as readonly { id: string }[]) : value;
      return !sameCanonical(sorted, fresh[p]);
    }),
  );
}

/**
 * Converges one bucket on `step.desired`: CreateBucket when the plan saw it absent, then the parts the
 * plan's diffs name. Returns `unchanged` when nothing was written. Throws on AWS failures and on
 * changes AWS cannot make.
 */
export async function applyBucket(ctx: WriteContext, step: ApplyStep<'s3.bucket'>): Promise<ApplyOutcome> {
  const { desired, observation, change } = step;
  const want = desired.attrs;
  const name = desired.name;
  const address = desired.address;
  const client = S3_CLIENT.writer(ctx, address, want.region);
  let writes = 0;
  // Until versioning is written, each write finishes before the next starts (CreateBucket, then
  // versioning, which Object Lock and replication need). After it, the sub-configurations are
  // independent: each write starts at once and the step waits for all of them (issue 14).
  let together: Promise<void>[] | undefined;
  const write = async (call: () => Promise<unknown>): Promise<void> => {
    writes++;
    if (together) {
      const sent = retryOperationAborted(call);
      // Observed by allInOrder at the end; until then a failure must not be an unhandled rejection
      // (a later part's input could still throw before the step waits for its writes).
      sent.catch(() => undefined);
      together.push(sent);
    } else await call();
  };

  let parts: ReadonlySet<string>;
  let live: S3BucketAttrs;
  if (observation.status === 'absent') {
    const withLock = want.objectLock !== undefined && want.objectLock !== null;
    await write(() =>
      client.createBucket({
        Bucket: name,
        // us-east-1 takes no LocationConstraint ("If you don't specify a Region, the bucket is created
        // in the US East (N. Virginia) Region (us-east-1) by default",
        // https://docs.aws.amazon.com/AmazonS3/latest/API/API_CreateBucketConfiguration.html).
        ...(want.region === 'us-east-1'
          ? {}
          : { CreateBucketConfiguration: { LocationConstraint: want.region as BucketLocationConstraint } }),
        ...(withLock ? { ObjectLockEnabledForBucket: true } : {}),
      }),
    );
    live = freshBucket(want.region, withLock);
    parts = partsToCreate(want, live);
  } else {
    live = observation.attrs;
    parts = changedFields(change);
    if (parts.has('region')) {
      throw new S3UnsupportedChangeError(
        `${address} lives in ${live.region}, the spec says ${want.region}: a bucket cannot move between regions ` +
          '(create a new bucket and replicate into it, then change the spec).',
      );
    }
  }

  // 1. Versioning first: Object Lock and replication both need it.
  if (parts.has('versioning') && want.versioning !== undefined) {
    if (want.versioning === 'Disabled') {
      throw new S3UnsupportedChangeError(
        `${address}: versioning is ${live.versioning} and can never return to Disabled; declare 'Suspended' instead.`,
      );
    }
    const status = want.versioning;
    await write(() =>
      client.putBucketVersioning({ Bucket: name, VersioningConfiguration: { Status: status } }),
    );
  }

  together = [];
  // 2. Object Lock (enabling it on an existing versioned bucket is allowed by AWS; one-way).
  if (parts.has('objectLock') && want.objectLock !== undefined) {
    const lock = want.objectLock;
    if (lock === null) {
      throw new S3UnsupportedChangeError(
        `${address}: Object Lock is enabled and can never be disabled; remove 'objectLock: null' from the spec.`,
      );
    }
    await write(() =>
      client.putObjectLockConfiguration({
        Bucket: name,
        ObjectLockConfiguration: denormalizeObjectLock(lock),
      }),
    );
  }

  // 3. Lifecycle: Put the whole configuration, or Delete it when the spec wants none.
  if (parts.has('lifecycle') && want.lifecycle !== undefined) {
    const rules = byId(want.lifecycle);
    if (rules.length === 0) await write(() => client.deleteBucketLifecycle({ Bucket: name }));
    else
      await write(() =>
        client.putBucketLifecycleConfiguration({
          Bucket: name,
          ...mergeLifecycle(rules, rawPart(desired, observation, 'lifecycle')),
        }),
      );
  }

  // 4. Replication (V2 rules), or Delete when the spec says null.
  if (parts.has('replication') && want.replication !== undefined) {
    const repl = want.replication;
    if (repl === null) await write(() => client.deleteBucketReplication({ Bucket: name }));
    else {
      const config = mergeReplication(
        { ...repl, rules: byId(repl.rules) },
        rawPart(desired, observation, 'replication'),
      );
      await write(() => client.putBucketReplication({ Bucket: name, ReplicationConfiguration: config }));
    }
  }

  // 5. Bucket policy (before inventory: an inventory delivering here needs it), or Delete for null.
  if (parts.has('policy') && want.policy !== undefined) {
    const policy = want.policy;
    if (policy === null) await write(() => client.deleteBucketPolicy({ Bucket: name }));
    else await write(() => client.putBucketPolicy({ Bucket: name, Policy: JSON.stringify(policy) }));
  }

  // 6. Inventory: put each changed configuration the spec declares, delete each changed one it does not.
  if (parts.has('inventory') && want.inventory !== undefined) {
    const wanted = new Map<string, InventoryConfig>(want.inventory.map((c) => [c.id, c]));
    const keys = observation.status === 'absent' ? 'whole' : changedKeys(change, 'inventory');
    const ids =
      keys === 'whole' ? new Set([...wanted.keys(), ...(live.inventory ?? []).map((c) => c.id)]) : keys;
    for (const id of [...ids].sort()) {
      const config = wanted.get(id);
      if (config)
        await write(() =>
          client.putBucketInventoryConfiguration({
            Bucket: name,
            Id: id,
            InventoryConfiguration: mergeInventory(config, rawPart(desired, observation, 'inventory')),
          }),
        );
      else await write(() => client.deleteBucketInventoryConfiguration({ Bucket: name, Id: id }));
    }
  }

  // 7. Tags: the whole set (PutBucketTagging replaces it), or Delete when the spec wants none.
  if (parts.has('tags') && want.tags !== undefined) {
    const tagSet = denormalizeTags(want.tags);
    if (tagSet.length === 0) await write(() => client.deleteBucketTagging({ Bucket: name }));
    else await write(() => client.putBucketTagging({ Bucket: name, Tagging: { TagSet: tagSet } }));
  }

  await allInOrder(together);
  return writes > 0 ? 'applied' : 'unchanged';
}
