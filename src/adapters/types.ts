/**
 * The contract every service adapter implements: one KindAdapter per resource kind.
 * `read` is what --plan/--snapshot/--report use (read-only SDK operations only); `apply` and
 * `delete` are used by the executor alone, one plan step at a time.
 */
import type { Logger } from 'pino';
import type { Change } from '../model/plan.js';
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

/**
 * What a writer gets. Every mutating SDK call goes through `ctx.mutate` (logged, counted): the declared
 * write clients (`X_CLIENT.writer(ctx, address, region)`, src/adapters/declared-client.ts) route each
 * write there themselves, so adapters never wrap a call by hand.
 */
export interface WriteContext extends ReadContext {
  /**
   * Runs one mutating AWS call: logs service, operation, address and duration on stderr (pino),
   * counts it, and rethrows failures. Called by the declared write clients for every write.
   */
  mutate<T>(service: string, operation: string, address: ResourceAddress, call: () => Promise<T>): Promise<T>;
  /**
   * The desired state's secret table (DesiredState.secrets: clear values keyed by their sha256), so a
   * writer can subscribe an https endpoint whose clear URL the spec only holds by fingerprint.
   * undefined: no secrets loaded (writers that need one fail that step with a clear message).
   * Never log, print or persist it.
   */
  readonly secrets?: ReadonlyMap<string, string>;
  /**
   * `--rds-apply-in-maintenance-window`: RDS changes are sent without ApplyImmediately, so the ones
   * RDS defers (backups on/off, an outage) wait for the instance's maintenance window and show as
   * pending meanwhile. undefined/false: applied immediately.
   */
  readonly rdsApplyInMaintenanceWindow?: boolean;
}

/** What one apply/delete step did. */
export type ApplyOutcome = 'applied' | 'unchanged';

/** The part of a plan's change an adapter acts on: its action and the field diffs (their paths). */
export type StepChange = Pick<Change, 'action' | 'fieldDiffs'>;

/** An observation the plan was made from: unreadable resources are never planned, so never applied. */
export type PlannedObservation<K extends ResourceKind = ResourceKind> = Exclude<
  Observation<K>,
  { readonly status: 'unreadable' }
>;

/**
 * One executable step of a plan, as the executor hands it to an adapter: the declared resource, the
 * live observation the plan compared it with, and the plan's change. The plan is the one definition
 * of "different": adapters write exactly the sub-configurations whose paths are in
 * `change.fieldDiffs` (everything managed on create), with the desired values.
 */
export interface ApplyStep<K extends ResourceKind = ResourceKind> {
  readonly desired: DesiredResource<K>;
  /**
   * What the plan saw (`absent` on create). For delete and replace, the executor's fresh full read
   * (scope `all`), which is also what it saved before changing anything.
   */
  readonly observation: PlannedObservation<K>;
  readonly change: StepChange;
}

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
   * Creates (observation `absent`) or updates the resource: writes exactly the sub-configurations
   * the step's field diffs name, from `step.desired`, never re-diffing. Level-based: it may re-read
   * the resource once, in the same step and with scope `managed`, where a write needs what the plan
   * did not keep (an id, server-filled fields for a whole-configuration write), never twice.
   * `unchanged` when there was nothing to write. Throws on failure (the executor records it).
   */
  apply?(ctx: WriteContext, step: ApplyStep<K>): Promise<ApplyOutcome>;
  /** Deletes the resource the step observed (never offered for S3 buckets or RDS instances). */
  delete?(ctx: WriteContext, step: ApplyStep<K>): Promise<ApplyOutcome>;
}
