/**
 * Declared AWS clients: each service lists the SDK operations it reads and the ones it writes, once,
 * with {@link defineClient}; the narrow clients the adapters use are derived from that list.
 *
 * - A read client has only the read operations: a reader (`--plan`, `--snapshot`, `--report`,
 *   `--import`) cannot compile a mutating call (test/adapters/<service>/client.test.ts prove it), and
 *   at run time the object has no such method. A write client has both (read ⊂ write).
 * - Every write of a write client goes through `ctx.mutate` (logged, timed, counted): adapters never
 *   wrap a call by hand, so there is one mutation style.
 * - Every call of every declared client goes through {@link ClientPool.send}, the single choke point
 *   where the pool's {@link CallGate} (a scheduler or rate limiter, issue 14) sees it.
 * - The operation lists are data ({@link ClientDefinition.operations}): src/adapters/operations.ts
 *   says which command may call which (issue 17 builds IAM policies from it).
 */
import type { ResourceAddress } from '../model/resource.js';
import type { ClientPool, ServiceKey } from './aws-config.js';
import { retryTransient } from './retry.js';
import type { WriteContext } from './types.js';

/**
 * An SDK command class (`GetBucketVersioningCommand`, ...): built from its input, sent by its
 * service's client. Only the shape the declared clients rely on: `input`, and the handler whose
 * output type is the command's output.
 */
export type CommandClass = abstract new (
  // `never`: every command class fits, whatever its own input type (its methods are typed per command).
  input: never,
) => {
  readonly input: unknown;
  resolveMiddleware(...args: never[]): unknown;
};

/** The input of a command class. */
export type InputOf<C extends CommandClass> = InstanceType<C>['input'];

/** The output of a command class (what `client.send` resolves to). */
export type OutputOf<C extends CommandClass> =
  InstanceType<C> extends {
    resolveMiddleware(...args: never[]): (...a: never[]) => Promise<{ output: infer O }>;
  }
    ? O
    : never;

/** Operation name (as in the AWS API reference, e.g. `GetBucketVersioning`) -> its SDK command class. */
export type OperationMap = Readonly<Record<string, CommandClass>>;

/** Per-call options passed on to the SDK (`abortSignal`: give up waiting, e.g. the identity timeout). */
export interface SendOptions {
  readonly abortSignal?: AbortSignal;
}

/**
 * One method per operation, named like the operation with a lower-case first letter
 * (`GetBucketVersioning` -> `getBucketVersioning`), typed with the command's own input and output.
 */
export type ClientMethods<M extends OperationMap> = {
  readonly [K in keyof M & string as Uncapitalize<K>]: (
    input: InputOf<M[K]>,
    options?: SendOptions,
  ) => Promise<OutputOf<M[K]>>;
};

/** Whether an operation reads or writes. */
export type Access = 'read' | 'write';

/** One SDK call as the choke point sees it. */
export interface AwsCall {
  readonly service: ServiceKey;
  readonly region: string;
  /** The AWS operation, e.g. `PutBucketLifecycleConfiguration`. */
  readonly operation: string;
  readonly access: Access;
}

/**
 * The hook every declared-client call passes through ({@link ClientPool.send}): it runs `send` when
 * it sees fit. Default: at once. A scheduler or rate limiter (issue 14) plugs in here
 * (`AwsOptions.gate`), and sees every call with its service, region, operation and access.
 */
export type CallGate = <T>(call: AwsCall, send: () => Promise<T>) => Promise<T>;

/** The read and write operation names of a declared client (sorted). */
export interface OperationLists {
  readonly read: readonly string[];
  readonly write: readonly string[];
}

/** What {@link defineClient} returns: the operation lists and the two client factories. */
export interface ClientDefinition<
  S extends ServiceKey = ServiceKey,
  R extends OperationMap = OperationMap,
  W extends OperationMap = OperationMap,
> {
  readonly service: S;
  /** Operation names, for IAM policies and docs (issue 17). */
  readonly operations: OperationLists;
  /** Every declared operation's SDK command class, by operation name. */
  readonly commands: Readonly<Record<string, CommandClass>>;
  /** The read client for a region (default: the pool's default region; IAM and STS are global). */
  reader(pool: ClientPool, region?: string): ClientMethods<R>;
  /**
   * The read + write client for one resource: every write runs through
   * `ctx.mutate(service, operation, address, ...)`; reads do not.
   */
  writer(ctx: WriteContext, address: ResourceAddress, region?: string): ClientMethods<R> & ClientMethods<W>;
}

/** The read client type of a definition. */
export type ReadClientOf<D> =
  D extends ClientDefinition<ServiceKey, infer R, OperationMap> ? ClientMethods<R> : never;

/** The write client type of a definition (read ⊂ write). */
export type WriteClientOf<D> =
  D extends ClientDefinition<ServiceKey, infer R, infer W> ? ClientMethods<R> & ClientMethods<W> : never;

function methodName(operation: string): string {
  return operation.charAt(0).toLowerCase() + operation.slice(1);
}

type Method = (input: unknown, options?: SendOptions) => Promise<unknown>;

/**
 * Declares the SDK operations one service's adapter uses: `read` (Get/List/Describe) and `write`
 * (everything that changes AWS), each a map from the AWS operation name to its SDK command class.
 */
export function defineClient<
  S extends ServiceKey,
  const R extends OperationMap,
  const W extends OperationMap,
>(service: S, ops: { readonly read: R; readonly write: W }): ClientDefinition<S, R, W> {
  const both = Object.keys(ops.read).filter((op) => op in ops.write);
  if (both.length > 0)
    throw new Error(`assertion: ${service} operations declared both read and write: ${both.join(', ')}`);
  const operations: OperationLists = {
    read: Object.keys(ops.read).sort(),
    write: Object.keys(ops.write).sort(),
  };
  const method =
    (pool: ClientPool, region: string, operation: string, access: Access, Command: CommandClass): Method =>
    (input, options) =>
      pool.send(
        { service, region, operation, access },
        new (Command as unknown as new (i: unknown) => object)(input),
        options,
      );
  const readMethods = (pool: ClientPool, region: string): Record<string, Method> =>
    Object.fromEntries(
      Object.entries(ops.read).map(([op, C]) => [methodName(op), method(pool, region, op, 'read', C)]),
    );
  return {
    service,
    operations,
    commands: { ...ops.read, ...ops.write },
    reader(pool, region) {
      return readMethods(pool, region ?? pool.options.defaultRegion) as ClientMethods<R>;
    },
    writer(ctx, address, region) {
      const r = region ?? ctx.pool.options.defaultRegion;
      // Inside an apply step, the known transient errors (src/adapters/retry.ts) are waited out:
      // each attempt of a write is its own ctx.mutate (logged, counted) and passes the pool's gate.
      const retrying =
        (op: string, access: Access, attempt: Method): Method =>
        (input, options) =>
          retryTransient(
            { service, region: r, operation: op, access },
            () => attempt(input, options),
            ctx.pool.options.transientRetry,
            { ...(ctx.logger ? { logger: ctx.logger } : {}), address },
          );
      const reads = Object.entries(ops.read).map(([op, C]) => {
        return [methodName(op), retrying(op, 'read', method(ctx.pool, r, op, 'read', C))] as const;
      });
      const writes = Object.entries(ops.write).map(([op, C]) => {
        const send = method(ctx.pool, r, op, 'write', C);
        const routed: Method = (input, options) =>
          ctx.mutate(service, op, address, () => send(input, options));
        return [methodName(op), retrying(op, 'write', routed)] as const;
      });
      return { ...Object.fromEntries(reads), ...Object.fromEntries(writes) } as ClientMethods<R> &
        ClientMethods<W>;
    },
  };
}
