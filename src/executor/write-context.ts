/**
 * The executor's implementation of WriteContext.mutate: every mutating AWS call is timed, logged on
 * stderr (pino: service, operation, address, duration; secrets redacted by the logger and here) and
 * counted, per step and in total.
 */
import { performance } from 'node:perf_hooks';
import type { Logger } from 'pino';
import type { ClientPool, ServiceKey } from '../adapters/aws-config.js';
import { awsErrorCode } from '../adapters/kit.js';
import { transientMatch } from '../adapters/retry.js';
import type { WriteContext } from '../adapters/types.js';
import type { ResourceAddress } from '../model/resource.js';
import { redactText } from '../model/secrets.js';

/**
 * Why a write failed when the SDK could not parse the answer (a SyntaxError from its deserializer):
 * whatever answered is not AWS, typically an emulator's HTML page for an operation it does not
 * implement (moto: UpdateBackupPlan). Worded as classifyReadError words the same failure on reads.
 */
export const NOT_AN_AWS_RESPONSE =
  'the endpoint returned something that is not an AWS response (operation not supported?)';

/** True when the SDK could not parse the answer as an AWS response (see NOT_AN_AWS_RESPONSE). */
export function isNotAnAwsResponse(e: unknown): boolean {
  return e instanceof SyntaxError;
}

/** Counts mutating calls. */
export class MutationCounter {
  private n = 0;
  /** Calls counted so far. */
  get count(): number {
    return this.n;
  }
  /** Adds one call. */
  increment(): void {
    this.n++;
  }
}

/** What a WriteContext is made from. */
export interface WriteContextOptions {
  readonly pool: ClientPool;
  readonly account: string;
  readonly logger?: Logger;
  readonly concurrency: number;
  readonly secrets?: ReadonlyMap<string, string>;
  /** WriteContext.rdsApplyInMaintenanceWindow (`--rds-apply-in-maintenance-window`). */
  readonly rdsApplyInMaintenanceWindow?: boolean;
  /** Every counter here is incremented once per mutating call (e.g. the apply's and the step's). */
  readonly counters: readonly MutationCounter[];
}

/** Builds a WriteContext whose `mutate` logs, times and counts each call, then rethrows failures. */
export function createWriteContext(opts: WriteContextOptions): WriteContext {
  const { logger, counters } = opts;
  return {
    pool: opts.pool,
    account: opts.account,
    concurrency: opts.concurrency,
    ...(logger ? { logger } : {}),
    ...(opts.secrets ? { secrets: opts.secrets } : {}),
    ...(opts.rdsApplyInMaintenanceWindow ? { rdsApplyInMaintenanceWindow: true } : {}),
    async mutate<T>(
      service: string,
      operation: string,
      address: ResourceAddress,
      call: () => Promise<T>,
    ): Promise<T> {
      for (const c of counters) c.increment();
      const started = performance.now();
      try {
        const out = await call();
        logger?.info(
          { service, operation, address, durationMs: Math.round(performance.now() - started) },
          'aws write',
        );
        return out;
      } catch (e) {
        // A known transient error is retried by the write client (src/adapters/retry.ts), which logs
        // the retry and warns only when it gives up: this attempt is information.
        const transient = transientMatch({ service: service as ServiceKey, operation }, e) !== undefined;
        logger?.[transient ? 'info' : 'warn'](
          {
            service,
            operation,
            address,
            durationMs: Math.round(performance.now() - started),
            code: awsErrorCode(e) ?? 'Error',
            error: isNotAnAwsResponse(e)
              ? NOT_AN_AWS_RESPONSE
              : redactText((e as Error)?.message ?? String(e)),
          },
          'aws write failed',
        );
        throw e;
      }
    },
  };
}
