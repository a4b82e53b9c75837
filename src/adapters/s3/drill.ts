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
  DeleteObjectCommand,
  GetObjectTaggingCommand,
  HeadObjectCommand,
  ListObjectVersionsCommand,
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
  },
  write: {
    CopyObject: CopyObjectCommand,
    RestoreObject: RestoreObjectCommand,
    DeleteObject: DeleteObjectCommand,
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
  let keyMarker: string | undefined;
  let versionMarker: string | undefined;
  let listed = 0;
  do {
    const page = await s3.listObjectVersions({
      Bucket: bucket,
      ...(opts.prefix ? { Prefix: opts.prefix } : {}),
      ...(keyMarker ? { KeyMarker: keyMarker } : {}),
      ...(versionMarker ? { VersionIdMarker: versionMarker } : {}),
    });
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
    if (byKey.size >= opts.count) break;
    keyMarker = page.IsTruncated ? page.NextKeyMarker : undefined;
    versionMarker = page.IsTruncated ? page.NextVersionIdMarker : undefined;
  } while (keyMarker && listed < MAX_LISTED);
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
  let keyMarker: string | undefined;
  let versionMarker: string | undefined;
  do {
    const page = await s3.listObjectVersions({
      Bucket: sandbox.bucket,
      Prefix: sandbox.prefix,
      ...(keyMarker ? { KeyMarker: keyMarker } : {}),
      ...(versionMarker ? { VersionIdMarker: versionMarker } : {}),
    });
    for (const v of page.Versions ?? []) {
      if (!v.Key || !v.VersionId) continue;
      assertInSandbox(sandbox, v.Key);
      const tags = await s3.getObjectTagging({ Bucket: sandbox.bucket, Key: v.Key, VersionId: v.VersionId });
      const tag = tags.TagSet?.find((t) => t.Key === DRILL_TAG_KEY)?.Value;
      if (tag === undefined || (runId !== undefined && tag !== runId)) continue;
      await s3.deleteObject({ Bucket: sandbox.bucket, Key: v.Key, VersionId: v.VersionId });
      removed.push(`s3://${sandbox.bucket}/${v.Key}`);
    }
    keyMarker = page.IsTruncated ? page.NextKeyMarker : undefined;
    versionMarker = page.IsTruncated ? page.NextVersionIdMarker : undefined;
  } while (keyMarker);
  return removed;
}
