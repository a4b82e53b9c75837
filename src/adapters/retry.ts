/**
 * Eventual consistency (issue 11 item 4): the AWS errors that are known to be transient right after
 * another change, one table ({@link TRANSIENT_ERRORS}) with the source of each, and the bounded
 * exponential backoff that retries them (about 2 minutes of waiting in all, each retry logged with its
 * reason).
 *
 * Where it applies: the calls of a declared WRITE client (src/adapters/declared-client.ts), i.e. the
 * writes of an apply step and the re-reads an adapter makes inside that step. Each attempt of a write
 * passes `ctx.mutate` (logged and counted) and `ClientPool.send` (the pool's gate) like any call.
 * Readers (`--plan`, `--snapshot`, `--report`) never retry here: for them `NoSuchBucket` means
 * absent, and a converged plan makes exactly the calls it made before (BENCHMARKS.md).
 *
 * This is separate from the SDK's own retries (mode `adaptive`, `--max-attempts`, see aws-config.ts),
 * which handle throttling, 5xx and network errors: these errors are 4xx answers the SDK rightly does
 * not retry, that only time fixes.
 */
import type { Logger } from 'pino';
import type { ResourceAddress } from '../model/resource.js';
import type { ServiceKey } from './aws-config.js';
import type { AwsCall } from './declared-client.js';
import { awsErrorCode } from './kit.js';

/** One known transient error: which calls, which code (and message), why it passes, and the source. */
export interface TransientError {
  /** Stable id (logged). */
  readonly id: string;
  readonly service: ServiceKey;
  /** The AWS operations it concerns (`PutBucketReplication`), or a pattern over their names. */
  readonly operations: readonly string[] | RegExp;
  /** The AWS error code (`name` in SDK v3). */
  readonly code: string;
  /** Only when the message contains this (AWS reuses codes for permanent errors too). */
  readonly messageIncludes?: string;
  /** Why waiting helps, in words (logged with each retry). */
  readonly reason: string;
  /** Where this behaviour is documented, or where terraform-provider-aws retries it. */
  readonly source: string;
}

/**
 * The transient errors the tool waits out. Every entry is an error AWS answers for a while after a
 * change it has accepted, and that terraform-provider-aws (or the AWS documentation) says to retry.
 */
export const TRANSIENT_ERRORS: readonly TransientError[] = [
  {
    id: 'backup-role-not-assumable',
    service: 'backup',
    // Restore testing selections hand AWS Backup a role the same way (IamRoleArn, checked on create
    // and update: API_CreateRestoreTestingSelection, "InvalidParameterValueException"), so a role made
    // in the same apply meets the same propagation delay.
    operations: ['CreateBackupSelection', 'CreateRestoreTestingSelection', 'UpdateRestoreTestingSelection'],
    code: 'InvalidParameterValueException',
    messageIncludes: 'cannot be assumed',
    reason: 'the IAM role was created or its trust policy changed moments ago (IAM propagation)',
    // terraform-provider-aws internal/service/backup/selection.go: "Retry for IAM eventual
    // consistency" on InvalidParameterValueException "... cannot be assumed by AWS Backup", and
    // hashicorp/terraform-provider-aws#9297; IAM user guide, "Changes that I make are not always
    // immediately visible": https://docs.aws.amazon.com/IAM/latest/UserGuide/troubleshoot_general.html#troubleshoot_general_eventual-consistency
    source:
      'https://github.com/hashicorp/terraform-provider-aws/blob/main/internal/service/backup/selection.go (issue #9297)',
  },
  {
    id: 'backup-role-not-authorized-yet',
    service: 'backup',
    operations: ['CreateBackupSelection', 'CreateRestoreTestingSelection', 'UpdateRestoreTestingSelection'],
    code: 'InvalidParameterValueException',
    messageIncludes: 'is not authorized to call',
    reason: "the IAM role's policies were attached moments ago (IAM propagation)",
    // Same retry in terraform-provider-aws internal/service/backup/selection.go ("... is not
    // authorized to call tag:GetResources").
    source:
      'https://github.com/hashicorp/terraform-provider-aws/blob/main/internal/service/backup/selection.go',
  },
  {
    id: 's3-versioning-not-yet-enabled',
    service: 's3',
    operations: ['PutBucketReplication'],
    code: 'InvalidRequest',
    messageIncludes: "Versioning must be 'Enabled' on the bucket",
    reason: 'versioning was enabled moments ago and S3 replication does not see it yet',
    // terraform-provider-aws internal/service/s3/bucket_replication_configuration.go retries
    // PutBucketReplication on InvalidRequest "Versioning must be 'Enabled' on the bucket" and on
    // NoSuchBucket for bucketPropagationTimeout (2 minutes).
    source:
      'https://github.com/hashicorp/terraform-provider-aws/blob/main/internal/service/s3/bucket_replication_configuration.go',
  },
  {
    id: 's3-bucket-not-yet-visible',
    service: 's3',
    // Every sub-configuration call on a bucket (not CreateBucket itself): Put/Get/Delete Bucket*.
    operations: /^(Put|Get|Delete)Bucket[A-Z]/,
    code: 'NoSuchBucket',
    reason: 'the bucket was created moments ago (S3 bucket operations are eventually consistent)',
    // terraform-provider-aws retries every bucket sub-resource write on NoSuchBucket for
    // s3BucketPropagationTimeout = 2 minutes (internal/service/s3/bucket_*.go,
    // tfresource.RetryWhenAWSErrCodeEquals(..., errCodeNoSuchBucket)), citing the S3 consistency
    // model: https://docs.aws.amazon.com/AmazonS3/latest/userguide/Welcome.html#ConsistencyModel
    // ("Bucket configurations have an eventual consistency model").
    source: 'https://docs.aws.amazon.com/AmazonS3/latest/userguide/Welcome.html#ConsistencyModel',
  },
  {
    id: 'iam-principal-not-yet-visible',
    service: 'iam',
    operations: ['CreateRole', 'UpdateAssumeRolePolicy'],
    code: 'MalformedPolicyDocument',
    messageIncludes: 'Invalid principal in policy',
    reason: 'a principal the trust policy names was created moments ago (IAM propagation)',
    // terraform-provider-aws internal/service/iam/role.go retries CreateRole and
    // UpdateAssumeRolePolicy on MalformedPolicyDocument "Invalid principal in policy" for
    // propagationTimeout (2 minutes).
    source: 'https://github.com/hashicorp/terraform-provider-aws/blob/main/internal/service/iam/role.go',
  },
];

/** The table entry `e` matches for `call`, or undefined (not transient: fail at once). */
export function transientMatch(
  call: Pick<AwsCall, 'service' | 'operation'>,
  e: unknown,
): TransientError | undefined {
  const code = awsErrorCode(e);
  if (code === undefined) return undefined;
  const message = (e as Error)?.message ?? '';
  return TRANSIENT_ERRORS.find(
    (t) =>
      t.service === call.service &&
      t.code === code &&
      (Array.isArray(t.operations)
        ? t.operations.includes(call.operation)
        : (t.operations as RegExp).test(call.operation)) &&
      (t.messageIncludes === undefined || message.includes(t.messageIncludes)),
  );
}

/** How transient errors are retried (AwsOptions.transientRetry). Every field has a default. */
export interface TransientRetryOptions {
  /** Total waiting before giving up, in ms (default {@link TRANSIENT_BUDGET_MS}: 2 minutes). */
  readonly budgetMs?: number;
  /** The first wait, in ms (default 1,000); each next one doubles. */
  readonly baseDelayMs?: number;
  /** The longest single wait, in ms (default 20,000). */
  readonly maxDelayMs?: number;
  /**
   * Waits `ms` (default: a timer). Injectable: unit tests pass a fake that records the waits, the
   * integration tests one that moves the emulator's clock instead of sleeping.
   */
  readonly sleep?: (ms: number) => Promise<void>;
  /** A number in [0, 1) for jitter (default Math.random); each wait is 50..100% of its step. */
  readonly random?: () => number;
}

/**
 * About 2 minutes, like terraform-provider-aws's propagationTimeout (IAM, AWS Backup) and
 * s3BucketPropagationTimeout (S3).
 */
export const TRANSIENT_BUDGET_MS = 120_000;
const BASE_DELAY_MS = 1_000;
const MAX_DELAY_MS = 20_000;

const timerSleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/**
 * The waits between attempts: exponential from `baseDelayMs` (doubling, at most `maxDelayMs`), each
 * jittered to 50..100% of its step, the last one cut so that the total is at most `budgetMs`.
 */
export function backoffDelays(opts: TransientRetryOptions = {}): number[] {
  const budget = Math.max(0, opts.budgetMs ?? TRANSIENT_BUDGET_MS);
  const base = Math.max(1, opts.baseDelayMs ?? BASE_DELAY_MS);
  const cap = Math.max(base, opts.maxDelayMs ?? MAX_DELAY_MS);
  const random = opts.random ?? Math.random;
  const delays: number[] = [];
  let total = 0;
  for (let step = base; total < budget; step = Math.min(cap, step * 2)) {
    const jittered = Math.max(1, Math.round(step * (0.5 + 0.5 * random())));
    const d = Math.min(jittered, budget - total);
    delays.push(d);
    total += d;
  }
  return delays;
}

/** Where a retried call belongs, for the log lines. */
export interface RetryLogContext {
  readonly logger?: Logger;
  readonly address?: ResourceAddress;
}

/**
 * Runs `send`; when it fails with a {@link TRANSIENT_ERRORS} entry for `call`, waits and tries again
 * (the waits of {@link backoffDelays}), logging each retry at info and giving up at warn. Any other
 * error, or the transient one after the budget, is rethrown; the last one's message then says how
 * long it was retried and why. No wait at all when the first attempt succeeds.
 */
export async function retryTransient<T>(
  call: AwsCall,
  send: () => Promise<T>,
  opts: TransientRetryOptions = {},
  log: RetryLogContext = {},
): Promise<T> {
  let delays: number[] | undefined;
  let waited = 0;
  for (let attempt = 1; ; attempt++) {
    try {
      return await send();
    } catch (e) {
      const transient = transientMatch(call, e);
      if (!transient) throw e;
      delays ??= backoffDelays(opts);
      const delay = delays[attempt - 1];
      const where = {
        service: call.service,
        operation: call.operation,
        region: call.region,
        ...(log.address ? { address: log.address } : {}),
        code: transient.code,
        transient: transient.id,
        attempt,
      };
      if (delay === undefined) {
        log.logger?.warn(
          { ...where, waitedMs: waited, reason: transient.reason },
          'aws transient error: giving up',
        );
        if (e instanceof Error)
          e.message = `${e.message} (still failing after ${attempt} attempts over ${Math.round(waited / 1000)} s; retried because ${transient.reason})`;
        throw e;
      }
      log.logger?.info(
        { ...where, delayMs: delay, reason: transient.reason },
        `aws transient error: retrying in ${Math.round(delay / 100) / 10} s (${transient.reason})`,
      );
      await (opts.sleep ?? timerSleep)(delay);
      waited += delay;
    }
  }
}

/**
 * Asks `look` until it finds something, waiting between asks like {@link retryTransient} (same budget
 * and sleep): for what AWS lists only a while after it was created (a backup plan made by an earlier
 * step of the same apply). Returns undefined when it still finds nothing after the budget. The first
 * ask costs nothing extra: no wait when it finds it at once.
 */
export async function pollUntilFound<T>(
  look: () => Promise<T | undefined>,
  what: { readonly id: string; readonly reason: string },
  opts: TransientRetryOptions = {},
  log: RetryLogContext = {},
): Promise<T | undefined> {
  const first = await look();
  if (first !== undefined) return first;
  let waited = 0;
  for (const [i, delay] of backoffDelays(opts).entries()) {
    log.logger?.info(
      {
        ...(log.address ? { address: log.address } : {}),
        transient: what.id,
        attempt: i + 1,
        delayMs: delay,
      },
      `not found yet: looking again in ${Math.round(delay / 100) / 10} s (${what.reason})`,
    );
    await (opts.sleep ?? timerSleep)(delay);
    waited += delay;
    const found = await look();
    if (found !== undefined) return found;
  }
  log.logger?.warn(
    { ...(log.address ? { address: log.address } : {}), transient: what.id, waitedMs: waited },
    'still not found: giving up',
  );
  return undefined;
}
