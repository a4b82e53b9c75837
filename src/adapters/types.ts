/**
 * The contract every service adapter implements: one KindAdapter per resource kind.
 * `read` is what --plan/--snapshot/--report use (read-only SDK operations only); `apply` and
 * `delete` are used by the executor alone.
 */
import type { Logger } from 'pino';
import type { ResourceAddress, ResourceKind } from '../model/resource.js';
import type { DesiredResource, Observation } from '../model/state.js';
import type { ClientPool } from './aws-config.js';

/**
 * How much of a resource a reader reads. `all`: every field the adapter can read (snapshots, reports:
 * the whole picture). `managed`: only what the desired resource manages (attrs fields that are not
 * undefined) plus whatever tells present from absent — the minimum for a plan; fields left unread are
 * `undefined` on the live side, which the planner never compares (they are unmanaged).
 */
export type ReadScope = 'managed' | 'all';

/** What a reader gets. Readers must only issue read operations (Get/List/Describe). */
export interface ReadContext {
  readonly pool: ClientPool;
  /** The account (from STS), for building ARNs. */
  readonly account: string;
  readonly logger?: Logger;
  /** Maximum concurrent requests per service (default 8). */
  readonly concurrency: number;
  /**
   * undefined = `all`. Adapters that can skip API calls for unmanaged fields honour `managed`
   * (S3 sub-configurations today); the others read everything either way.
   */
  readonly scope?: ReadScope;
}

/** What a writer gets. Every mutating SDK call goes through `ctx.mutate` (logged, counted). */
export interface WriteContext extends ReadContext {
  /**
   * Runs one mutating AWS call: logs service, operation, address and duration on stderr (pino),
   * counts it, and rethrows failures. Writers never call a mutating `client.send` outside this.
   */
  mutate<T>(service: string, operation: string, address: ResourceAddress, call: () => Promise<T>): Promise<T>;
  /**
   * The desired state's secret table (DesiredState.secrets: clear values keyed by their sha256), so a
   * writer can subscribe an https endpoint whose clear URL the spec only holds by fingerprint.
   * undefined: no secrets loaded (writers that need one fail that step with a clear message).
   * Never log, print or persist it.
   */
  readonly secrets?: ReadonlyMap<string, string>;
}

/** What one apply/delete step did. */
export type ApplyOutcome = 'applied' | 'unchanged';

export interface KindAdapter<K extends ResourceKind = ResourceKind> {
  readonly kind: K;
  /**
   * Reads the live state of the given declared resources (all of this kind, any regions), batching
   * where the API allows. Returns one observation per address. Must not throw for a single
   * resource's AccessDenied/throttling: that resource is `unreadable` (see classifyReadError).
   */
  read(
    ctx: ReadContext,
    resources: readonly DesiredResource<K>[],
  ): Promise<ReadonlyMap<ResourceAddress, Observation<K>>>;
  /**
   * Level-based create/update: re-reads the resource, writes only the parts whose managed
   * attributes differ from `desired`, returns `unchanged` when nothing differed. Throws on failure.
   */
  apply?(ctx: WriteContext, desired: DesiredResource<K>): Promise<ApplyOutcome>;
  /** Deletes the resource (never offered for S3 buckets). */
  delete?(ctx: WriteContext, desired: DesiredResource<K>): Promise<ApplyOutcome>;
}
