/**
 * The one scheduler every AWS call passes through (ClientPool.send): how many calls may be in flight
 * per (service, region), one cap on the total, and a token bucket per API whose request rate AWS
 * publishes. Adapters fan out freely (every bucket, role, topic at once); this is where the fan-out is
 * bounded, so concurrency is no longer the sum of per-kind limits and nested fan-out (a role's three
 * list calls, a topic's subscriptions) cannot multiply it.
 *
 * Why these limits:
 * - S3 bucket configuration reads are cheap and regional; AWS documents request rates per prefix in
 *   the thousands ("at least 3,500 PUT/COPY/POST/DELETE or 5,500 GET/HEAD requests per second per
 *   partitioned prefix", S3 User Guide, "Best practices design patterns: optimizing Amazon S3
 *   performance"), so 64 in flight per region keeps a 1,000-bucket read to a few rounds.
 * - IAM is one global control plane per account whose request rates are not published ("IAM and AWS
 *   STS independently implement a token bucket algorithm for throttling ... The number of tokens that
 *   a bucket holds and the refill rate depends on the API", AWS Support, quoted in
 *   hashicorp/terraform-provider-aws#44853) and shared with everything else in the account; Terraform
 *   users hit "Throttling: Rate exceeded" applying a few dozen IAM resources at its default parallelism
 *   of 10 (hashicorp/terraform-provider-aws#7945): 4 in flight.
 * - Other control planes (RDS, AWS Backup, SNS, EventBridge, CloudWatch): 8 in flight per region,
 *   plus the published per-API rates below.
 * `--concurrency N` replaces every per-(service, region) limit with N.
 */
import type { ServiceKey } from './aws-config.js';
import type { AwsCall, CallGate } from './declared-client.js';

/** Calls in flight per (service, region); IAM and STS count once for the account (global). */
export const IN_FLIGHT_PER_SERVICE: Readonly<Record<ServiceKey, number>> = {
  s3: 64,
  iam: 4,
  sts: 4,
  rds: 8,
  backup: 8,
  cloudwatch: 8,
  sns: 8,
  events: 8,
};

/** Services whose calls share one limit whatever region signs them. */
const GLOBAL_SERVICES: ReadonlySet<ServiceKey> = new Set(['iam', 'sts']);

/**
 * How many resources of one kind an adapter reads (and discovery lists) at once. Only a bound on
 * work in progress: the calls themselves wait for the scheduler, so this is set high enough that a
 * spec's reads reach AWS together instead of in rounds of a per-kind limit (issue 14: 378 rounds for
 * 1,000 buckets at a per-kind limit of 8).
 */
export const READ_FAN_OUT = 256;

/** Calls in flight in all, whatever the per-service limits add up to. */
export const TOTAL_IN_FLIGHT = 128;

/**
 * Requests per second per region for the APIs the tool calls whose rate AWS publishes (a token bucket
 * each, one second of burst): "DescribeAlarms: 9 transactions per second (TPS)" and "PutMetricAlarm:
 * 3 TPS" (Amazon CloudWatch User Guide, "CloudWatch service quotas",
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/cloudwatch_limits.html). The other
 * APIs have no published rate: the in-flight limits above bound them, and the SDK's retry backs off
 * when AWS throttles anyway.
 */
export const RATE_PER_SECOND: Readonly<Record<string, number>> = {
  'cloudwatch:DescribeAlarms': 9,
  'cloudwatch:PutMetricAlarm': 3,
};

/** Time, injectable so tests never wait for the wall clock. */
export interface SchedulerClock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

const REAL_CLOCK: SchedulerClock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

export interface SchedulerOptions {
  /** `--concurrency`: in flight per (service, region) for every service; undefined: the defaults. */
  readonly concurrency?: number;
  readonly total?: number;
  readonly rates?: Readonly<Record<string, number>>;
  readonly clock?: SchedulerClock;
}

/** What the scheduler saw (the bench and the tests read it). */
export interface SchedulerStats {
  calls: number;
  maxInFlight: number;
  /** The most calls one (service, region) had in flight, by `service` or `service:region`. */
  readonly maxInFlightBy: Map<string, number>;
  /** How many calls waited for a rate token. */
  rateWaits: number;
}

/** A FIFO counting semaphore. */
class Slots {
  private active = 0;
  private readonly waiting: (() => void)[] = [];
  constructor(private readonly limit: number) {}
  get inFlight(): number {
    return this.active;
  }
  acquire(): Promise<void> {
    if (this.active < this.limit) {
      this.active++;
      return Promise.resolve();
    }
    return new Promise((resolve) => this.waiting.push(resolve));
  }
  release(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.active--;
  }
}

/** A token bucket of `rate` tokens per second holding at most `rate`; takers queue in order. */
class TokenBucket {
  private tokens: number;
  private updated: number;
  private queue: Promise<void> = Promise.resolve();
  constructor(
    private readonly rate: number,
    private readonly clock: SchedulerClock,
  ) {
    this.tokens = rate;
    this.updated = clock.now();
  }
  /** Resolves when a token is taken; true when the caller had to wait for it. */
  take(): Promise<boolean> {
    const taken = this.queue.then(async () => {
      let waited = false;
      for (;;) {
        const now = this.clock.now();
        this.tokens = Math.min(this.rate, this.tokens + ((now - this.updated) / 1000) * this.rate);
        this.updated = now;
        if (this.tokens >= 1) {
          this.tokens -= 1;
          return waited;
        }
        waited = true;
        await this.clock.sleep(Math.ceil(((1 - this.tokens) / this.rate) * 1000));
      }
    });
    this.queue = taken.then(() => undefined);
    return taken;
  }
}

/** The scheduler: a {@link CallGate} plus what it saw. */
export interface Scheduler {
  readonly gate: CallGate;
  readonly stats: SchedulerStats;
}

export function createScheduler(opts: SchedulerOptions = {}): Scheduler {
  const clock = opts.clock ?? REAL_CLOCK;
  const rates = opts.rates ?? RATE_PER_SECOND;
  const total = new Slots(Math.max(opts.total ?? TOTAL_IN_FLIGHT, opts.concurrency ?? 0));
  const slots = new Map<string, Slots>();
  const buckets = new Map<string, TokenBucket>();
  const stats: SchedulerStats = { calls: 0, maxInFlight: 0, maxInFlightBy: new Map(), rateWaits: 0 };
  let inFlight = 0;

  const slotsFor = (call: AwsCall): { key: string; slots: Slots } => {
    const key = GLOBAL_SERVICES.has(call.service) ? call.service : `${call.service}:${call.region}`;
    let s = slots.get(key);
    if (!s) {
      s = new Slots(opts.concurrency ?? IN_FLIGHT_PER_SERVICE[call.service]);
      slots.set(key, s);
    }
    return { key, slots: s };
  };
  const bucketFor = (call: AwsCall): TokenBucket | undefined => {
    const rate = rates[`${call.service}:${call.operation}`];
    if (rate === undefined) return undefined;
    const key = `${call.service}:${call.region}:${call.operation}`;
    let b = buckets.get(key);
    if (!b) {
      b = new TokenBucket(rate, clock);
      buckets.set(key, b);
    }
    return b;
  };

  const gate: CallGate = async (call, send) => {
    const mine = slotsFor(call);
    await mine.slots.acquire();
    try {
      const bucket = bucketFor(call);
      if (bucket && (await bucket.take())) stats.rateWaits++;
      await total.acquire();
      try {
        stats.calls++;
        inFlight++;
        stats.maxInFlight = Math.max(stats.maxInFlight, inFlight);
        stats.maxInFlightBy.set(
          mine.key,
          Math.max(stats.maxInFlightBy.get(mine.key) ?? 0, mine.slots.inFlight),
        );
        return await send();
      } finally {
        inFlight--;
        total.release();
      }
    } finally {
      mine.slots.release();
    }
  };
  return { gate, stats };
}
