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
  /** SDK attempts per call (default: the SDK's standard 3). */
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
    requestHandler: { connectionTimeout: CONNECT_TIMEOUT_MS, socketTimeout: IDLE_TIMEOUT_MS },
    ...(opts.profile ? { profile: opts.profile } : {}),
    ...(opts.endpointUrl ? { endpoint: opts.endpointUrl } : {}),
    ...(opts.credentials ? { credentials: opts.credentials } : {}),
    ...(opts.maxAttempts ? { maxAttempts: opts.maxAttempts } : {}),
  };
}

const CTORS = {
  s3: (o: AwsOptions, r: string) =>
    new S3Client({ ...baseConfig(o, r), forcePathStyle: Boolean(o.endpointUrl) }),
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
    );
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
