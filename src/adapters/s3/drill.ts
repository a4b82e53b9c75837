/**
 * The S3 side of `reconcile drill` (issue 16): pick sample object versions, restore archived ones,
 * copy a version into the sandbox and verify it, remove the copies. Its own declared client, apart
 * from the bucket adapter's: apply never needs object calls, and the drill's only object writes are
 * CopyObject and DeleteObject into the sandbox and RestoreObject (a temporary restored copy that
 * leaves the object, its version and its storage class unchanged: "RestoreObject",
 * https://docs.aws.amazon.com/AmazonS3/latest/API/API_RestoreObject.html).
 */
import {
  CopyObjectCommand,
  DeleteBucketCommand,
  DeleteObjectCommand,
  GetBucketLocationCommand,
  GetBucketTaggingCommand,
  GetObjectTaggingCommand,
  HeadObjectCommand,
  ListBucketsCommand,
  ListObjectVersionsCommand,
  PutBucketTaggingCommand,
  RestoreObjectCommand,
} from '@aws-sdk/client-s3';
import { DRILL_TAG_KEY } from '../../model/drill.js';
import { addressOf } from '../../model/resource.js';
import type { ClientPool } from '../aws-config.js';
import { defineClient } from '../declared-client.js';
import type { WriteContext } from '../types.js';

/** The drill's S3 operations. */
export const S3_DRILL_CLIENT = defineClient('s3', {
  read: {
    ListObjectVersions: ListObjectVersionsCommand,
    HeadObject: HeadObjectCommand,
    GetObjectTagging: GetObjectTaggingCommand,
    ListBuckets: ListBucketsCommand,
    GetBucketLocation: GetBucketLocationCommand,
    GetBucketTagging: GetBucketTaggingCommand,
  },
  write: {
    CopyObject: CopyObjectCommand,
    RestoreObject: RestoreObjectCommand,
    DeleteObject: DeleteObjectCommand,
    PutBucketTagging: PutBucketTaggingCommand,
    DeleteBucket: DeleteBucketCommand,
  },
});

/** One object version a drill may restore. */
export interface SampleVersion {
  readonly key: string;
  readonly versionId: string;
  readonly size: number;
  readonly etag: string;
  readonly storageClass: string;
  readonly lastModified: string;
}

/** Storage classes whose objects must be restored before they can be read or copied (S3 API, RestoreObject). */
export const ARCHIVE_CLASSES: ReadonlySet<string> = new Set(['GLACIER', 'DEEP_ARCHIVE']);

/** At most this many versions are listed to find samples (ten ListObjectVersions pages). */
const MAX_LISTED = 10_000;

/** Every page of ListObjectVersions of `bucket` (under `prefix`), following KeyMarker and VersionIdMarker. */
async function* versionPages(
  s3: Pick<ReturnType<typeof S3_DRILL_CLIENT.reader>, 'listObjectVersions'>,
  bucket: string,
  prefix = '',
): AsyncGenerator<Awaited<ReturnType<ReturnType<typeof S3_DRILL_CLIENT.reader>['listObjectVersions']>>> {
  let keyMarker: string | undefined;
  let versionMarker: string | undefined;
  do {
    const page = await s3.listObjectVersions({
      Bucket: bucket,
      ...(prefix ? { Prefix: prefix } : {}),
      ...(keyMarker ? { KeyMarker: keyMarker } : {}),
      ...(versionMarker ? { VersionIdMarker: versionMarker } : {}),
    });
    yield page;
    keyMarker = page.IsTruncated ? page.NextKeyMarker : undefined;
    versionMarker = page.IsTruncated ? page.NextVersionIdMarker : undefined;
  } while (keyMarker);
}

/**
 * Picks up to `count` sample versions under `prefix`, keys in order: `noncurrent` picks, per key with
 * noncurrent versions, the newest noncurrent one (a deleted or overwritten file); `newest` picks each
 * key's newest version (in a replica, deletions are not replicated, so a deleted file is still there).
 * Delete markers are never samples.
 */
export async function pickSampleVersions(
  pool: ClientPool,
  bucket: string,
  region: string,
  opts: { readonly prefix: string; readonly count: number; readonly mode: 'noncurrent' | 'newest' },
): Promise<SampleVersion[]> {
  const s3 = S3_DRILL_CLIENT.reader(pool, region);
  const byKey = new Map<string, SampleVersion>();
  let listed = 0;
  for await (const page of versionPages(s3, bucket, opts.prefix)) {
    // Versions come newest first for each key (ListObjectVersions reference).
    for (const v of page.Versions ?? []) {
      listed++;
      if (!v.Key || !v.VersionId || byKey.has(v.Key)) continue;
      if (opts.mode === 'noncurrent' && v.IsLatest) continue;
      byKey.set(v.Key, {
        key: v.Key,
        versionId: v.VersionId,
        size: v.Size ?? 0,
        etag: v.ETag ?? '',
        storageClass: v.StorageClass ?? 'STANDARD',
        lastModified: (v.LastModified ?? new Date(0)).toISOString(),
      });
    }
    // Keys come in order: once `count` keys have a sample, later pages cannot add an earlier one.
    if (byKey.size >= opts.count || listed >= MAX_LISTED) break;
  }
  return [...byKey.values()].sort((a, b) => (a.key < b.key ? -1 : 1)).slice(0, opts.count);
}

/** Where an archived version's restore stands (HeadObject `Restore`). */
export type ArchiveState = 'not-archived' | 'not-requested' | 'in-progress' | 'restored';

/**
 * The restore state of one version: HeadObject's `x-amz-restore` is `ongoing-request="true"` while
 * the restore runs and `ongoing-request="false", expiry-date=...` once the copy is readable
 * (https://docs.aws.amazon.com/AmazonS3/latest/API/API_HeadObject.html#API_HeadObject_ResponseSyntax).
 */
export async function archiveState(
  pool: ClientPool,
  bucket: string,
  region: string,
  version: Pick<SampleVersion, 'key' | 'versionId' | 'storageClass'>,
): Promise<ArchiveState> {
  if (!ARCHIVE_CLASSES.has(version.storageClass)) return 'not-archived';
  const head = await S3_DRILL_CLIENT.reader(pool, region).headObject({
    Bucket: bucket,
    Key: version.key,
    VersionId: version.versionId,
  });
  if (!head.Restore) return 'not-requested';
  return head.Restore.includes('ongoing-request="true"') ? 'in-progress' : 'restored';
}

/**
 * Requests a temporary restored copy of an archived version for one day at the Standard tier (the
 * only tier Deep Archive and Glacier share; Expedited is not offered for Deep Archive: "Understanding
 * archive retrieval options", https://docs.aws.amazon.com/AmazonS3/latest/userguide/restoring-objects-retrieval-options.html).
 */
export async function requestArchiveRestore(
  ctx: WriteContext,
  bucket: string,
  region: string,
  version: Pick<SampleVersion, 'key' | 'versionId'>,
): Promise<void> {
  const s3 = S3_DRILL_CLIENT.writer(ctx, addressOf('s3.bucket', bucket), region);
  await s3.restoreObject({
    Bucket: bucket,
    Key: version.key,
    VersionId: version.versionId,
    RestoreRequest: { Days: 1, GlacierJobParameters: { Tier: 'Standard' } },
  });
}

/** The sandbox a drill writes into. */
export interface SandboxLocation {
  readonly bucket: string;
  readonly region: string;
  /** The run's key prefix; every key written is under it (checked before each write and delete). */
  readonly prefix: string;
}

function assertInSandbox(sandbox: SandboxLocation, key: string): void {
  if (!sandbox.prefix || !key.startsWith(sandbox.prefix))
    throw new Error(`assertion: ${key} is outside the drill sandbox prefix ${sandbox.prefix}`);
}

/** What a copy into the sandbox produced. */
export interface CopyCheck {
  readonly size: number;
  readonly etag: string;
}

/**
 * Copies one version into the sandbox (tagged `reconcile:drill=<run id>`, STANDARD class) and reads
 * the copy back. Never writes outside the sandbox prefix.
 */
export async function copyVersionToSandbox(
  ctx: WriteContext,
  source: { readonly bucket: string; readonly version: Pick<SampleVersion, 'key' | 'versionId'> },
  sandbox: SandboxLocation,
  key: string,
  runId: string,
): Promise<CopyCheck> {
  assertInSandbox(sandbox, key);
  const s3 = S3_DRILL_CLIENT.writer(ctx, addressOf('s3.bucket', sandbox.bucket), sandbox.region);
  // CopySource: "bucket/key?versionId=id", the key URL-encoded (CopyObject reference).
  const copySource = `${source.bucket}/${encodeURIComponent(source.version.key).replace(/%2F/g, '/')}?versionId=${encodeURIComponent(source.version.versionId)}`;
  await s3.copyObject({
    Bucket: sandbox.bucket,
    Key: key,
    CopySource: copySource,
    StorageClass: 'STANDARD',
    TaggingDirective: 'REPLACE',
    Tagging: `${encodeURIComponent(DRILL_TAG_KEY)}=${encodeURIComponent(runId)}`,
  });
  const head = await s3.headObject({ Bucket: sandbox.bucket, Key: key });
  return { size: head.ContentLength ?? -1, etag: head.ETag ?? '' };
}

/**
 * Deletes every version under `prefix` in the sandbox that carries the drill tag (of `runId`, or of
 * any run when undefined). Returns the `s3://bucket/key` of what it deleted.
 */
export async function removeSandboxCopies(
  ctx: WriteContext,
  sandbox: SandboxLocation,
  runId: string | undefined,
): Promise<string[]> {
  const s3 = S3_DRILL_CLIENT.writer(ctx, addressOf('s3.bucket', sandbox.bucket), sandbox.region);
  const removed: string[] = [];
  for await (const page of versionPages(s3, sandbox.bucket, sandbox.prefix))
    for (const v of page.Versions ?? []) {
      if (!v.Key || !v.VersionId) continue;
      assertInSandbox(sandbox, v.Key);
      const tags = await s3.getObjectTagging({ Bucket: sandbox.bucket, Key: v.Key, VersionId: v.VersionId });
      const tag = tags.TagSet?.find((t) => t.Key === DRILL_TAG_KEY)?.Value;
      if (tag === undefined || (runId !== undefined && tag !== runId)) continue;
      await s3.deleteObject({ Bucket: sandbox.bucket, Key: v.Key, VersionId: v.VersionId });
      removed.push(`s3://${sandbox.bucket}/${v.Key}`);
    }
  return removed;
}

/** Temporary buckets an AWS Backup S3 restore creates for a drill are named `reconcile-drill-<run id>-<n>`. */
export const DRILL_BUCKET_PREFIX = 'reconcile-drill-';

function assertDrillBucket(bucket: string, runId: string | undefined): void {
  if (!bucket.startsWith(runId === undefined ? DRILL_BUCKET_PREFIX : `${DRILL_BUCKET_PREFIX}${runId}-`))
    throw new Error(`assertion: ${bucket} is not a drill bucket (${DRILL_BUCKET_PREFIX}<run id>-<n>)`);
}

/** Tags a bucket a drill's AWS Backup restore created. */
export async function tagDrillBucket(
  ctx: WriteContext,
  bucket: string,
  region: string,
  runId: string,
): Promise<void> {
  assertDrillBucket(bucket, runId);
  const s3 = S3_DRILL_CLIENT.writer(ctx, addressOf('s3.bucket', bucket), region);
  await s3.putBucketTagging({ Bucket: bucket, Tagging: { TagSet: [{ Key: DRILL_TAG_KEY, Value: runId }] } });
}

/** The objects (current versions) of a restored bucket: count and bytes, for verification. */
export async function countObjects(
  pool: ClientPool,
  bucket: string,
  region: string,
): Promise<{ count: number; bytes: number }> {
  const s3 = S3_DRILL_CLIENT.reader(pool, region);
  let count = 0;
  let bytes = 0;
  for await (const page of versionPages(s3, bucket))
    for (const v of page.Versions ?? [])
      if (v.IsLatest) {
        count++;
        bytes += v.Size ?? 0;
      }
  return { count, bytes };
}

/**
 * Empties (every version) and deletes a temporary drill bucket, after checking its name and its drill
 * tag (of `runId` when given; an untagged bucket of this run's own name is accepted: the run may have
 * stopped before tagging it). Returns false when it does not exist.
 */
export async function deleteDrillBucket(
  ctx: WriteContext,
  bucket: string,
  region: string,
  runId: string | undefined,
): Promise<boolean> {
  assertDrillBucket(bucket, runId);
  const s3 = S3_DRILL_CLIENT.writer(ctx, addressOf('s3.bucket', bucket), region);
  let tag: string | undefined;
  try {
    tag = (await s3.getBucketTagging({ Bucket: bucket })).TagSet?.find((t) => t.Key === DRILL_TAG_KEY)?.Value;
  } catch (e) {
    const code = (e as { name?: string }).name;
    if (code === 'NoSuchBucket') return false;
    if (code !== 'NoSuchTagSet') throw e;
  }
  if (runId === undefined ? tag === undefined : tag !== undefined && tag !== runId)
    throw new Error(
      `assertion: refusing to delete bucket ${bucket}: it does not carry ${DRILL_TAG_KEY}=${runId ?? '*'}`,
    );
  for await (const page of versionPages(s3, bucket))
    for (const v of [...(page.Versions ?? []), ...(page.DeleteMarkers ?? [])])
      if (v.Key && v.VersionId) await s3.deleteObject({ Bucket: bucket, Key: v.Key, VersionId: v.VersionId });
  await s3.deleteBucket({ Bucket: bucket });
  return true;
}

/** Drill buckets (any run) that carry the drill tag: name, region and the run id. */
export async function listDrillBuckets(
  pool: ClientPool,
): Promise<{ name: string; region: string; runId: string }[]> {
  const s3 = S3_DRILL_CLIENT.reader(pool);
  const out: { name: string; region: string; runId: string }[] = [];
  for (const b of (await s3.listBuckets({})).Buckets ?? []) {
    if (!b.Name?.startsWith(DRILL_BUCKET_PREFIX)) continue;
    try {
      const tag = (await s3.getBucketTagging({ Bucket: b.Name })).TagSet?.find(
        (t) => t.Key === DRILL_TAG_KEY,
      )?.Value;
      if (tag === undefined) continue;
      // GetBucketLocation answers no constraint for us-east-1 (API_GetBucketLocation).
      const where = (await s3.getBucketLocation({ Bucket: b.Name })).LocationConstraint;
      out.push({ name: b.Name, region: where || 'us-east-1', runId: tag });
    } catch {
      // untagged or gone: not provably a drill's
    }
  }
  return out;
}
