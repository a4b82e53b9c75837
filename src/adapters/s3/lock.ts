/**
 * The apply lock as an S3 object (`--lock s3://BUCKET/KEY`, for teams whose applies run on several
 * machines), on S3 conditional requests:
 * - take: PutObject with `If-None-Match: *`, which S3 refuses with 412 Precondition Failed when the
 *   object exists, and of two concurrent such writes lets one succeed (the other: 412, or 409
 *   ConditionalRequestConflict) (S3 User Guide, "How to prevent object overwrites with conditional
 *   writes", https://docs.aws.amazon.com/AmazonS3/latest/userguide/conditional-writes.html);
 * - renew a lease, or take over an expired one: PutObject with `If-Match: <ETag>` (same page, "How to
 *   prevent overwrites if the object has changed"): only the run that read that very record wins;
 * - release: DeleteObject with `If-Match: <ETag>` (S3 User Guide, "How to perform conditional
 *   deletes", https://docs.aws.amazon.com/AmazonS3/latest/userguide/conditional-deletes.html), so a
 *   run whose lease was taken over never deletes its successor's lock.
 * Declared apart from the bucket adapter's client: only `--apply`/`--restore` with `--lock s3://` and
 * `reconcile unlock` call these operations. Every write goes through `ctx.mutate` like every other.
 */
import { DeleteObjectCommand, GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { addressOf } from '../../model/resource.js';
import type { ClientPool } from '../aws-config.js';
import { defineClient } from '../declared-client.js';
import { awsErrorCode } from '../kit.js';
import type { WriteContext } from '../types.js';

/** The lock object's operations: one read, two writes. */
export const S3_LOCK_CLIENT = defineClient('s3', {
  read: { GetObject: GetObjectCommand },
  write: { PutObject: PutObjectCommand, DeleteObject: DeleteObjectCommand },
});

/** The lock object as read: its text and ETag. */
export interface LockObject {
  readonly text: string;
  readonly etag: string;
}

/** Where the lock object is. */
export interface S3LockRef {
  readonly bucket: string;
  readonly key: string;
}

/**
 * A write whose condition did not hold: 412 PreconditionFailed (exists / ETag differs), 409
 * ConditionalRequestConflict (a concurrent conditional write won), 404 NoSuchKey (an If-Match on an
 * object deleted meanwhile). Each means "someone else changed the lock": not an error of this run.
 */
function lostTheRace(e: unknown): boolean {
  const code = awsErrorCode(e);
  const status = (e as { $metadata?: { httpStatusCode?: number } } | null)?.$metadata?.httpStatusCode;
  return (
    code === 'PreconditionFailed' ||
    code === 'ConditionalRequestConflict' ||
    code === 'NoSuchKey' ||
    status === 412 ||
    status === 409
  );
}

function address(ref: S3LockRef): string {
  return addressOf('s3.bucket', ref.bucket);
}

/** Reads the lock object; undefined when there is none. */
export async function readLockObject(pool: ClientPool, ref: S3LockRef): Promise<LockObject | undefined> {
  const client = S3_LOCK_CLIENT.reader(pool);
  try {
    const out = await client.getObject({ Bucket: ref.bucket, Key: ref.key });
    const text = out.Body ? await out.Body.transformToString('utf8') : '';
    return { text, etag: out.ETag ?? '' };
  } catch (e) {
    if (awsErrorCode(e) === 'NoSuchKey') return undefined;
    throw e;
  }
}

/**
 * PutObject of the lock object under an S3 precondition (S3 User Guide, "Conditional writes":
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/conditional-writes.html): the new ETag, or
 * undefined when the precondition failed (another run won the race).
 */
async function conditionalPut(
  ctx: WriteContext,
  ref: S3LockRef,
  body: string,
  condition: { readonly IfNoneMatch: '*' } | { readonly IfMatch: string },
): Promise<string | undefined> {
  const client = S3_LOCK_CLIENT.writer(ctx, address(ref));
  try {
    const out = await client.putObject({
      Bucket: ref.bucket,
      Key: ref.key,
      Body: body,
      ContentType: 'application/json',
      ...condition,
    });
    return out.ETag ?? '';
  } catch (e) {
    if (lostTheRace(e)) return undefined;
    throw e;
  }
}

/** Creates the lock object unless one exists (If-None-Match: *): its ETag, or undefined when one exists. */
export function createLockObject(
  ctx: WriteContext,
  ref: S3LockRef,
  body: string,
): Promise<string | undefined> {
  return conditionalPut(ctx, ref, body, { IfNoneMatch: '*' });
}

/** Overwrites the lock object if it is still `etag` (If-Match): the new ETag, or undefined when it changed. */
export function replaceLockObject(
  ctx: WriteContext,
  ref: S3LockRef,
  body: string,
  etag: string,
): Promise<string | undefined> {
  return conditionalPut(ctx, ref, body, { IfMatch: etag });
}

/** Deletes the lock object if it is still `etag` (If-Match): false when it changed or is gone. */
export async function deleteLockObject(ctx: WriteContext, ref: S3LockRef, etag: string): Promise<boolean> {
  const client = S3_LOCK_CLIENT.writer(ctx, address(ref));
  try {
    await client.deleteObject({ Bucket: ref.bucket, Key: ref.key, IfMatch: etag });
    return true;
  } catch (e) {
    if (lostTheRace(e)) return false;
    throw e;
  }
}
