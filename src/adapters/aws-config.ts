/**
 * How every SDK client is configured: the SDK's default credential chain, `--profile`, `--region`,
 * `--endpoint-url` / `AWS_ENDPOINT_URL` (moto, LocalStack; S3 then uses path style) and the SDK's
 * standard retry. Clients are created per service and region, once, and shared (see ClientPool).
 * Every request is bounded: the SDK's default HTTP handler has no timeout at all, so an endpoint that
 * accepts the connection and never answers would hang a nightly run forever.
 */
import { BackupClient } from '@aws-sdk/client-backup';
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { IAMClient } from '@aws-sdk/client-iam';
import { RDSClient } from '@aws-sdk/client-rds';
import { S3Client } from '@aws-sdk/client-s3';
import { SNSClient } from '@aws-sdk/client-sns';
import { STSClient } from '@aws-sdk/client-sts';
import type { AwsCall, CallGate, SendOptions } from './declared-client.js';
import { awsErrorCode, isThrottlingError } from './kit.js';
import type { TransientRetryOptions } from './retry.js';
import { createScheduler, type Scheduler, type SchedulerClock } from './scheduler.js';

export interface AwsOptions {
  /** Named profile (`--profile`); undefined: the default chain. */
  readonly profile?: string;
  /** Region for global services and resources that name none (`--region`). */
  readonly defaultRegion: string;
  /** `--endpoint-url` or AWS_ENDPOINT_URL: one endpoint for every service (moto/LocalStack). */
  readonly endpointUrl?: string;
  /** Static credentials (tests); undefined: the SDK's default credential chain. */
  readonly credentials?: {
    readonly accessKeyId: string;
    readonly secretAccessKey: string;
    readonly sessionToken?: string;
  };
  /**
   * SDK attempts per call, first included (`--max-attempts`; default: the SDK's 3; the CLI's default
   * is 8 for apply, restore and report, see src/cli/args.ts). The retry mode is always `adaptive`.
   */
  readonly maxAttempts?: number;
  /**
   * How long the identity check (sts:GetCallerIdentity, the first call of every AWS command) may take
   * in all, retries included, before giving up (default {@link IDENTITY_TIMEOUT_MS}).
   */
  readonly identityTimeoutMs?: number;
  /**
   * Extra middleware hook for tests (fault injection, request recording): called with every client
   * right after it is created.
   */
  readonly onClient?: (client: AnyClient, service: string, region: string) => void;
  /**
   * The hook every declared-client call passes through (see {@link ClientPool.send}); undefined: each
   * call runs at once. Where a scheduler or rate limiter plugs in (issue 14); tests count calls here.
   */
  readonly gate?: CallGate;
  /**
   * How an apply step waits out the known transient errors (src/adapters/retry.ts): budget, backoff,
   * and the sleep (tests inject one). undefined: about 2 minutes of exponential backoff on a timer.
   */
  readonly transientRetry?: TransientRetryOptions;
  /**
   * `--concurrency`: calls in flight per (service, region) for every service; undefined: the
   * scheduler's per-service defaults (src/adapters/scheduler.ts).
   */
  readonly concurrency?: number;
  /** The scheduler's clock (tests); undefined: the wall clock. */
  readonly schedulerClock?: SchedulerClock;
}

export type AnyClient =
  | S3Client
  | IAMClient
  | RDSClient
  | BackupClient
  | CloudWatchClient
  | SNSClient
  | EventBridgeClient
  | STSClient;

/** Resolves AwsOptions from CLI flags and the environment (AWS_ENDPOINT_URL, AWS_REGION, ...). */
export function resolveAwsOptions(
  flags: {
    profile?: string | undefined;
    region?: string | undefined;
    endpointUrl?: string | undefined;
    maxAttempts?: number | undefined;
    concurrency?: number | undefined;
  },
  env: NodeJS.ProcessEnv,
  specRegion?: string,
): AwsOptions {
  const endpointUrl = flags.endpointUrl ?? env.AWS_ENDPOINT_URL;
  const defaultRegion = flags.region ?? specRegion ?? env.AWS_REGION ?? env.AWS_DEFAULT_REGION ?? 'us-east-1';
  return {
    defaultRegion,
    ...(flags.profile ? { profile: flags.profile } : {}),
    ...(endpointUrl ? { endpointUrl } : {}),
    ...(flags.maxAttempts !== undefined ? { maxAttempts: flags.maxAttempts } : {}),
    ...(flags.concurrency !== undefined ? { concurrency: flags.concurrency } : {}),
  };
}

/** Connecting to an endpoint: give up after this long (then the SDK's retry decides). */
export const CONNECT_TIMEOUT_MS = 5_000;
/** A connected request that receives nothing for this long fails (then the SDK's retry decides). */
export const IDLE_TIMEOUT_MS = 30_000;
/** Default bound of the whole identity check (see AwsOptions.identityTimeoutMs). */
export const IDENTITY_TIMEOUT_MS = 10_000;

function baseConfig(opts: AwsOptions, region: string) {
  return {
    region,
    // `adaptive`: standard retries (exponential backoff with jitter on throttling, 5xx and network
    // errors) plus a client-side rate limiter that slows down after throttling, per client (= per
    // service and region here). https://docs.aws.amazon.com/sdkref/latest/guide/feature-retry-behavior.html
    retryMode: 'adaptive',
    requestHandler: { connectionTimeout: CONNECT_TIMEOUT_MS, socketTimeout: IDLE_TIMEOUT_MS },
    ...(opts.profile ? { profile: opts.profile } : {}),
    ...(opts.endpointUrl ? { endpoint: opts.endpointUrl } : {}),
    ...(opts.credentials ? { credentials: opts.credentials } : {}),
    ...(opts.maxAttempts ? { maxAttempts: opts.maxAttempts } : {}),
  };
}

/**
 * The S3 clients' connection pool (issue 14). Against AWS the SDK addresses buckets virtual-hosted
 * (`<bucket>.s3.<region>.amazonaws.com`, one host name per bucket: Amazon S3 User Guide, "Virtual
 * hosting of buckets", https://docs.aws.amazon.com/AmazonS3/latest/userguide/VirtualHosting.html), so
 * a keep-alive socket can only ever be reused for the same bucket: sockets cannot be shared across
 * buckets, and a bucket's reads that go out together open one socket each. What can be bounded is
 * what stays open afterwards: the SDK's default agent (keep-alive, 50 sockets per host, no idle
 * timeout) keeps every socket of every bucket open until the client is destroyed (2,555 at once for
 * 1,000 buckets, BENCHMARKS.md section 4). Virtual-hosted, at most one idle socket per bucket host is
 * kept (the apply's writes to that bucket reuse it) and idle sockets close after
 * {@link S3_IDLE_SOCKET_MS}, what Node's own global agent uses since Node 19 ("keepAlive enabled and a
 * timeout of 5 seconds", https://nodejs.org/api/http.html#httpglobalagent).
 * Path style (`--endpoint-url`: one host for every bucket) keeps the SDK's pool, plus the idle timeout.
 */
export const S3_IDLE_SOCKET_MS = 5_000;

/** The S3 agent options (see {@link S3_IDLE_SOCKET_MS}); `virtualHosted`: one host per bucket. */
export function s3AgentOptions(virtualHosted: boolean) {
  return {
    keepAlive: true,
    maxSockets: 50,
    timeout: S3_IDLE_SOCKET_MS,
    ...(virtualHosted ? { maxFreeSockets: 1 } : {}),
  };
}

function s3Config(o: AwsOptions, r: string) {
  const base = baseConfig(o, r);
  const agent = s3AgentOptions(!o.endpointUrl);
  return {
    ...base,
    forcePathStyle: Boolean(o.endpointUrl),
    requestHandler: { ...base.requestHandler, httpAgent: agent, httpsAgent: agent },
  };
}

const CTORS = {
  s3: (o: AwsOptions, r: string) => new S3Client(s3Config(o, r)),
  iam: (o: AwsOptions, r: string) => new IAMClient(baseConfig(o, r)),
  rds: (o: AwsOptions, r: string) => new RDSClient(baseConfig(o, r)),
  backup: (o: AwsOptions, r: string) => new BackupClient(baseConfig(o, r)),
  cloudwatch: (o: AwsOptions, r: string) => new CloudWatchClient(baseConfig(o, r)),
  sns: (o: AwsOptions, r: string) => new SNSClient(baseConfig(o, r)),
  events: (o: AwsOptions, r: string) => new EventBridgeClient(baseConfig(o, r)),
  sts: (o: AwsOptions, r: string) => new STSClient(baseConfig(o, r)),
} as const;

type Ctors = typeof CTORS;
export type ServiceKey = keyof Ctors;
export type ClientOf<S extends ServiceKey> = ReturnType<Ctors[S]>;

/**
 * A throttling error that survived the SDK's retries, said as such: which service, operation and
 * region, after how many attempts, and what to do. The error keeps its AWS code (`name`); only the
 * message gains the explanation, once.
 */
function throttlingDescribed(call: AwsCall, e: unknown): unknown {
  if (!isThrottlingError(e) || !(e instanceof Error) || e.message.startsWith('throttled by AWS')) return e;
  const attempts = (e as { $metadata?: { attempts?: number } }).$metadata?.attempts;
  e.message =
    `throttled by AWS: ${call.service}:${call.operation} in ${call.region} was still refused (${awsErrorCode(e)}) ` +
    `after ${attempts ?? 'several'} attempt(s) with adaptive retry; raise --max-attempts or run again when the account is less busy` +
    (e.message ? ` (AWS said: ${e.message})` : '');
  return e;
}

/** Runs each call at once (no scheduling). */
const UNGATED: CallGate = (_call, send) => send();

/**
 * Creates SDK clients lazily, one per (service, region), and destroys them all at the end. Adapters
 * never send through a client themselves: their declared clients (src/adapters/declared-client.ts)
 * call {@link ClientPool.send}, the one place every AWS call passes through.
 */
export class ClientPool {
  private readonly clients = new Map<string, AnyClient>();
  /** Bounds every call: in flight per (service, region), in all, and per-API rates. */
  readonly scheduler: Scheduler;
  constructor(readonly options: AwsOptions) {
    this.scheduler = createScheduler({
      ...(options.concurrency !== undefined ? { concurrency: options.concurrency } : {}),
      ...(options.schedulerClock ? { clock: options.schedulerClock } : {}),
    });
  }

  /**
   * Sends one SDK command for a declared client, through the pool's gate (AwsOptions.gate) and its
   * scheduler (in-flight limits per service and region, per-API rates). The
   * single choke point of every AWS call the tool makes (test/architecture.test.ts checks that no
   * other source file calls `.send(`).
   */
  send(call: AwsCall, command: object, options?: SendOptions): Promise<unknown> {
    const client = this.get(call.service, call.region) as unknown as {
      send(command: object, options?: SendOptions): Promise<unknown>;
    };
    return (this.options.gate ?? UNGATED)(call, () =>
      this.scheduler.gate(call, () => client.send(command, options ?? {})),
    ).catch((e: unknown) => {
      throw throttlingDescribed(call, e);
    });
  }

  get<S extends ServiceKey>(service: S, region?: string): ClientOf<S> {
    // IAM is global: always sign for the default region's partition (us-east-1 works for moto and AWS).
    const r = region ?? this.options.defaultRegion;
    const key = `${service}:${r}`;
    let client = this.clients.get(key);
    if (!client) {
      client = CTORS[service](this.options, r);
      this.options.onClient?.(client, service, r);
      this.clients.set(key, client);
    }
    return client as ClientOf<S>;
  }

  destroy(): void {
    for (const c of this.clients.values()) c.destroy();
    this.clients.clear();
  }
}
