/**
 * Reads S3 buckets, normalised into {@link S3BucketAttrs}. Scope `all` (snapshots, reports): one
 * GetBucketLocation (absent when the bucket does not exist), then every sub-configuration in the
 * bucket's own region. Scope `managed` (plan, apply): one call per sub-configuration the spec
 * manages, nothing else. Only read operations are reachable here (S3ReadClient).
 */

import type { InventoryConfiguration } from '@aws-sdk/client-s3';
import { bucketArn } from '../../model/arn.js';
import type { S3BucketAttrs } from '../../model/attrs.js';
import type { ResourceAddress } from '../../model/resource.js';
import type { DesiredResource, Observation } from '../../model/state.js';
import { awsErrorCode, classifyReadError, mapBounded } from '../kit.js';
import type { ReadContext } from '../types.js';
import { S3_CLIENT, type S3ReadClient } from './client.js';
import {
  normalizeInventory,
  normalizeLifecycle,
  normalizeObjectLock,
  normalizeRegion,
  normalizeReplication,
  normalizeTags,
  normalizeVersioning,
} from './normalize.js';

/** The read operations of one bucket (the S3 read client without the account-wide ListBuckets). */
export type BucketReadClient = Omit<S3ReadClient, 'listBuckets'>;

/** Gives the S3 bucket read client for a region. */
export type S3ClientForRegion<C extends BucketReadClient = BucketReadClient> = (region: string) => C;

/** Error codes meaning "this sub-configuration is not set" (the bucket exists). */
const NOT_CONFIGURED = new Set([
  'NoSuchLifecycleConfiguration',
  'ReplicationConfigurationNotFoundError',
  'ObjectLockConfigurationNotFoundError',
  'NoSuchTagSet',
]);

/** Error codes meaning "the bucket does not exist". */
const NO_BUCKET = new Set(['NoSuchBucket', 'NotFound']);

class BucketVanished extends Error {}

/** A sub-configuration read failed: remembers which operation, for the unreadable reason. */
class SubReadFailed extends Error {
  constructor(
    readonly operation: string,
    readonly original: unknown,
  ) {
    super(operation);
  }
}

/** Runs a sub-configuration read; `undefined` when AWS says that configuration is not set. */
async function optional<T>(operation: string, call: () => Promise<T>): Promise<T | undefined> {
  try {
    return await call();
  } catch (e) {
    const code = awsErrorCode(e);
    if (code && NOT_CONFIGURED.has(code)) return undefined;
    if (code && NO_BUCKET.has(code)) throw new BucketVanished(code);
    throw new SubReadFailed(operation, e);
  }
}

/**
 * The region S3 names in a 301 PermanentRedirect (header `x-amz-bucket-region`), if any: the
 * bucket's region, as the AWS SDKs read it (AWS SDK for Ruby, Aws::S3::Errors::PermanentRedirect,
 * https://docs.aws.amazon.com/sdk-for-ruby/v3/api/Aws/S3/Errors/PermanentRedirect.html).
 */
export function redirectRegion(e: unknown): string | undefined {
  const headers = (e as { $response?: { headers?: Record<string, string> } })?.$response?.headers;
  return headers?.['x-amz-bucket-region'] ?? undefined;
}

async function listAllInventory(client: BucketReadClient, bucket: string): Promise<InventoryConfiguration[]> {
  const all: InventoryConfiguration[] = [];
  let token: string | undefined;
  do {
    const page = await client.listBucketInventoryConfigurations({
      Bucket: bucket,
      ...(token ? { ContinuationToken: token } : {}),
    });
    all.push(...(page.InventoryConfigurationList ?? []));
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token);
  return all;
}

/** The sub-configurations of a bucket, one (paginated) read operation each. */
export type S3Part = 'versioning' | 'lifecycle' | 'replication' | 'objectLock' | 'inventory' | 'tags';

/** Every sub-configuration, in attrs order. */
export const S3_PARTS: readonly S3Part[] = [
  'versioning',
  'lifecycle',
  'replication',
  'objectLock',
  'inventory',
  'tags',
];

/** The sub-configurations a desired bucket manages (its attrs fields that are not undefined). */
export function managedParts(attrs: S3BucketAttrs): ReadonlySet<S3Part> {
  return new Set(S3_PARTS.filter((p) => attrs[p] !== undefined));
}

type PartValues = { -readonly [P in S3Part]?: S3BucketAttrs[P] };

/** Reads and normalises the given sub-configurations in one region (concurrently). */
async function readParts(
  client: BucketReadClient,
  name: string,
  parts: ReadonlySet<S3Part>,
): Promise<PartValues> {
  const readers: { readonly [P in S3Part]: () => Promise<PartValues[P]> } = {
    versioning: async () =>
      normalizeVersioning(
        (await optional('GetBucketVersioning', () => client.getBucketVersioning({ Bucket: name })))?.Status,
      ),
    // Only Rules: response extras such as moto's TransitionDefaultMinimumObjectSize are ignored.
    lifecycle: async () =>
      normalizeLifecycle(
        (
          await optional('GetBucketLifecycleConfiguration', () =>
            client.getBucketLifecycleConfiguration({ Bucket: name }),
          )
        )?.Rules,
      ),
    replication: async () =>
      normalizeReplication(
        (await optional('GetBucketReplication', () => client.getBucketReplication({ Bucket: name })))
          ?.ReplicationConfiguration,
      ),
    objectLock: async () =>
      normalizeObjectLock(
        (
          await optional('GetObjectLockConfiguration', () =>
            client.getObjectLockConfiguration({ Bucket: name }),
          )
        )?.ObjectLockConfiguration,
      ),
    inventory: async () =>
      normalizeInventory(
        await optional('ListBucketInventoryConfigurations', () => listAllInventory(client, name)),
      ),
    tags: async () =>
      normalizeTags(
        (await optional('GetBucketTagging', () => client.getBucketTagging({ Bucket: name })))?.TagSet,
      ),
  };
  const wanted = S3_PARTS.filter((p) => parts.has(p));
  const values = await Promise.all(wanted.map((p) => readers[p]()));
  const out: PartValues = {};
  wanted.forEach((p, i) => {
    (out as Record<S3Part, unknown>)[p] = values[i];
  });
  return out;
}

/**
 * The region a bucket lives in (GetBucketLocation, following S3's redirect to the bucket's region);
 * undefined when there is no such bucket. Throws other errors for the caller to classify.
 */
export async function bucketRegion(client: BucketReadClient, name: string): Promise<string | undefined> {
  try {
    return normalizeRegion((await client.getBucketLocation({ Bucket: name })).LocationConstraint);
  } catch (e) {
    const code = awsErrorCode(e);
    const status = (e as { $metadata?: { httpStatusCode?: number } })?.$metadata?.httpStatusCode;
    if ((code && NO_BUCKET.has(code)) || status === 404) return undefined;
    const redirected = redirectRegion(e);
    if (redirected) return redirected;
    throw e;
  }
}

/**
 * Reads one bucket. `region` is where the spec says it lives.
 *
 * - `parts` undefined (scope `all`): GetBucketLocation first (absent when the bucket does not exist),
 *   then every sub-configuration in the region it reports (so a bucket in another region reads
 *   correctly and shows as region drift).
 * - `parts` given (scope `managed`): only those sub-configurations, signed for the declared region
 *   with no GetBucketLocation (NoSuchBucket on any of them means absent). A bucket in another region
 *   answers 301 PermanentRedirect with `x-amz-bucket-region`: the parts are then read again there, and
 *   region shows the drift. No parts at all: GetBucketLocation alone (presence and region).
 *
 * Fields not read stay undefined (unmanaged). Never throws for AWS errors: returns `unreadable`.
 */
export async function readBucket<C extends BucketReadClient>(
  clientFor: S3ClientForRegion<C>,
  name: string,
  region: string,
  parts?: ReadonlySet<S3Part>,
): Promise<Observation<'s3.bucket'>> {
  let actualRegion = region;
  if (parts === undefined || parts.size === 0) {
    try {
      const found = await bucketRegion(clientFor(region), name);
      if (found === undefined) return { status: 'absent' };
      actualRegion = found;
    } catch (e) {
      return classifyReadError(e, 'GetBucketLocation');
    }
  }
  const wanted = parts ?? new Set(S3_PARTS);
  try {
    let values: PartValues;
    try {
      values = await readParts(clientFor(actualRegion), name, wanted);
    } catch (e) {
      // Managed scope signs for the declared region: follow S3's redirect to the bucket's real one.
      const redirected = e instanceof SubReadFailed ? redirectRegion(e.original) : undefined;
      if (parts === undefined || !redirected || redirected === actualRegion) throw e;
      actualRegion = redirected;
      values = await readParts(clientFor(actualRegion), name, wanted);
    }
    const attrs: S3BucketAttrs = { region: actualRegion, ...values };
    return { status: 'present', attrs, facts: { arn: bucketArn(name) } };
  } catch (e) {
    if (e instanceof BucketVanished) return { status: 'absent' };
    if (e instanceof SubReadFailed) return classifyReadError(e.original, e.operation);
    return classifyReadError(e);
  }
}

/** Wraps a client so that at most `limit` of its calls are in flight at once. */
function limitClient<C extends BucketReadClient>(
  client: C,
  acquire: <T>(f: () => Promise<T>) => Promise<T>,
): C {
  return new Proxy(client, {
    get(target, prop, receiver) {
      const v = Reflect.get(target, prop, receiver);
      if (typeof v !== 'function') return v;
      return (...args: unknown[]) =>
        acquire(() => (v as (...a: unknown[]) => Promise<unknown>).apply(target, args));
    },
  });
}

/** A counting semaphore: runs at most `limit` tasks at once. */
export function createLimiter(limit: number): <T>(f: () => Promise<T>) => Promise<T> {
  let active = 0;
  const waiting: (() => void)[] = [];
  return async <T>(f: () => Promise<T>): Promise<T> => {
    if (active >= Math.max(1, limit)) await new Promise<void>((r) => waiting.push(r));
    active++;
    try {
      return await f();
    } finally {
      active--;
      waiting.shift()?.();
    }
  };
}

/**
 * The KindAdapter `read` for `s3.bucket`: buckets concurrently, at most `ctx.concurrency` S3 requests
 * in flight in total; each bucket in its own region (attrs.region). Scope `managed`: only the
 * sub-configurations the spec manages, and no GetBucketLocation (see readBucket).
 */
export async function readBuckets(
  ctx: ReadContext,
  resources: readonly DesiredResource<'s3.bucket'>[],
): Promise<ReadonlyMap<ResourceAddress, Observation<'s3.bucket'>>> {
  const acquire = createLimiter(ctx.concurrency);
  const clients = new Map<string, BucketReadClient>();
  const clientFor = (region: string): BucketReadClient => {
    let c = clients.get(region);
    if (!c) {
      c = limitClient(S3_CLIENT.reader(ctx.pool, region), acquire);
      clients.set(region, c);
    }
    return c;
  };
  const observations = await mapBounded(resources, ctx.concurrency, (r) =>
    readBucket(
      clientFor,
      r.name,
      r.attrs.region,
      ctx.scope === 'managed' ? managedParts(r.attrs) : undefined,
    ),
  );
  return new Map(resources.map((r, i) => [r.address, observations[i] as Observation<'s3.bucket'>]));
}
