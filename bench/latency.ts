/**
 * Benchmark 4 — latency. Against moto every call costs about a millisecond and a plan is CPU-bound;
 * against AWS every call costs 20-150 ms, so what decides a run's time there is how many dependent
 * round trips it makes and how it spends concurrency. The same plans run through a loopback proxy
 * that adds a fixed delay to every request (bench/lib/latency-proxy.ts), at 0, 30 and 80 ms:
 *
 * - plans: the guide's spec (moto brought to its state) and generated specs of N buckets (lifecycle,
 *   two-way replication) plus N alarms over the guide's 3 regions, in sync — `reconcile --plan` as a
 *   subprocess: wall time, CPU time, calls, the most requests in flight, connections opened, rounds on
 *   the proxy's timeline, measured rounds (t_d − t_0) / d, and the minimum rounds the APIs allow
 *   (bench/lib/rounds.ts);
 * - apply: `reconcile --apply --yes --allow-destructive` from the guide's starting state
 *   (seedGuideBefore), at 0 and 30 ms;
 * - S3 sockets: the same 1,000-bucket read in-process at 30 ms, once with path-style addressing (what
 *   `--endpoint-url` uses) and once virtual-hosted (what the SDK uses against AWS: one host name per
 *   bucket), counting the TCP connections the S3 clients open.
 */
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { S3Client } from '@aws-sdk/client-s3';
import { parseDocument } from 'yaml';
import {
  type AwsOptions,
  type ClientOf,
  ClientPool,
  CONNECT_TIMEOUT_MS,
  IDLE_TIMEOUT_MS,
  type ServiceKey,
  s3AgentOptions,
} from '../src/adapters/aws-config.js';
import { readLive } from '../src/adapters/read-live.js';
import { RATE_PER_SECOND } from '../src/adapters/scheduler.js';
import { loadSpecFile } from '../src/cli/spec-file.js';
import type { DesiredState } from '../src/model/state.js';
import { seedGuideBefore } from '../test/support/seed-guide-before.js';
import {
  type LatencyProxy,
  lookupLoopback,
  type ProxiedRequest,
  startLatencyProxy,
} from './lib/latency-proxy.js';
import { processCpuMs, round, runProcess, timed } from './lib/measure.js';
import { type MotoServer, motoOptions } from './lib/moto.js';
import { minimumRounds, sequentialDepth } from './lib/rounds.js';
import { applySpec, cliEnv, WEBHOOK } from './runbook.js';
import { scaleBuckets, scaleSpecYaml, seedScale } from './scale.js';

/** The guide's three regions: the generated specs spread buckets and alarms over them. */
export const LATENCY_REGIONS = ['eu-west-1', 'eu-west-3', 'eu-north-1'] as const;
export const DEFAULT_DELAYS: readonly number[] = [0, 30, 80];
export const DEFAULT_LATENCY_SIZES: readonly number[] = [100, 300, 1000];
/**
 * The proxy enforces AWS's published per-region request rates (the ones src/adapters/scheduler.ts
 * paces to, from the CloudWatch service quotas), so a run that exceeds them sees AWS's throttling error
 * and the bench counts it: "no throttling with the default limits" is measured, not assumed.
 */
export const PROXY_RATE_LIMITS = RATE_PER_SECOND;

/** The delay the apply runs at (besides 0). */
export const APPLY_DELAY_MS = 30;
/**
 * Plans of up to this many buckets run this many times per delay (interleaved), and the run with the
 * median wall time is kept: their latency share is a few hundred ms, less than the noise of one run
 * on a shared 2-core machine. Larger plans run once (the 1,000-bucket plan takes half a minute at 80 ms).
 */
export const REPEATS = { upToBuckets: 100, times: 3 } as const;

const CLI = resolve('dist/bin/reconcile.mjs');

/** One command run through the proxy at one delay. */
export interface LatencyRun {
  readonly delayMs: number;
  readonly wallMs: number;
  /** CPU time of the reconcile process (user + system). */
  readonly cpuMs: number;
  /**
   * CPU time the rest of the run used meanwhile: the emulator server (it stands in for AWS's servers,
   * whose CPU is not on this machine) and the latency proxy (this benchmark process). On a 2-core
   * machine the CLI and the emulator share the cores, so a run cannot end before
   * (cpuMs + serverCpuMs) / cores.
   */
  readonly serverCpuMs: number;
  readonly exitCode: number | null;
  readonly calls: number;
  readonly callsByService: Readonly<Record<string, number>>;
  readonly maxInFlight: number;
  /** TCP connections the CLI opened to the proxy. */
  readonly connections: number;
  readonly maxOpenConnections: number;
  /** The longest chain of requests each waiting for the previous answer (bench/lib/rounds.ts). */
  readonly timelineRounds: number;
  /** Requests the proxy answered with a throttling error (AWS's published rates, PROXY_RATE_LIMITS). */
  readonly throttled: number;
  /** Wall times of every repetition at this delay (this run is the median one). */
  readonly allWallMs: readonly number[];
}

/** One plan at every delay. */
export interface LatencyCase {
  readonly name: string;
  readonly buckets: number | null;
  readonly resources: number;
  readonly minimumRounds: number;
  readonly runs: readonly LatencyRun[];
  /** (t_d − t_0) / d for every delay d > 0, keyed by d. */
  readonly measuredRounds: Readonly<Record<string, number>>;
}

/** The apply from the guide's starting state. */
export interface ApplyLatency {
  /** Declared resources left out of the applied spec because moto cannot read them. */
  readonly leftOut: readonly string[];
  readonly runs: readonly LatencyRun[];
  readonly measuredRounds: Readonly<Record<string, number>>;
}

/** The TCP connections S3 clients opened for one read. */
export interface SocketStats {
  readonly addressing: 'path-style' | 'virtual-hosted' | 'virtual-hosted, SDK default agent';
  readonly wallMs: number;
  readonly requests: number;
  readonly connections: number;
  readonly maxOpenConnections: number;
  readonly maxInFlight: number;
  readonly distinctHosts: number;
  readonly maxRequestsPerConnection: number;
  /** S3 connections still open when the read has finished (idle keep-alive sockets). */
  readonly openAtEnd: number;
}

/** S3 path style vs virtual-hosted, same read. */
export interface S3Sockets {
  readonly buckets: number;
  readonly regions: number;
  readonly delayMs: number;
  readonly styles: readonly SocketStats[];
}

/** Everything benchmark 4 measured. */
export interface LatencyResult {
  readonly delays: readonly number[];
  readonly cases: readonly LatencyCase[];
  readonly apply: ApplyLatency | null;
  readonly s3Sockets: S3Sockets | null;
}

function countBy(
  requests: readonly ProxiedRequest[],
  key: (r: ProxiedRequest) => string,
): Record<string, number> {
  const out: Record<string, number> = {};
  for (const r of requests) out[key(r)] = (out[key(r)] ?? 0) + 1;
  return Object.fromEntries(Object.entries(out).sort(([a], [b]) => (a < b ? -1 : 1)));
}

/** Runs `reconcile <args> --endpoint-url <proxy>` with the proxy at `delayMs`. */
async function runThrough(
  proxy: LatencyProxy,
  delayMs: number,
  args: readonly string[],
  opts: { env: NodeJS.ProcessEnv; cwd?: string; emulatorPid: number },
): Promise<LatencyRun> {
  proxy.setDelay(delayMs);
  proxy.reset();
  const emulatorBefore = processCpuMs(opts.emulatorPid) ?? 0;
  const proxyBefore = process.cpuUsage();
  const run = await runProcess('node', [CLI, ...args, '--endpoint-url', proxy.url, '--no-color'], {
    env: opts.env,
    ...(opts.cwd ? { cwd: opts.cwd } : {}),
    withPeakRss: true,
  });
  const proxyUsed = process.cpuUsage(proxyBefore);
  const serverCpuMs =
    (processCpuMs(opts.emulatorPid) ?? 0) - emulatorBefore + (proxyUsed.user + proxyUsed.system) / 1000;
  if (run.stderr.includes('internal error'))
    throw new Error(`reconcile ${args.join(' ')} crashed: ${run.stderr}`);
  const requests = proxy.requests;
  return {
    delayMs,
    wallMs: round(run.ms),
    cpuMs: round(run.cpuMs ?? 0),
    serverCpuMs: round(serverCpuMs),
    exitCode: run.code,
    calls: requests.length,
    callsByService: countBy(requests, (r) => r.service),
    maxInFlight: proxy.maxInFlight,
    connections: proxy.connections.length,
    maxOpenConnections: proxy.maxOpenConnections,
    timelineRounds: sequentialDepth(requests),
    throttled: requests.filter((r) => r.throttled).length,
    allWallMs: [round(run.ms)],
  };
}

/** The run with the median wall time, carrying every repetition's wall time. */
function medianRun(runs: readonly LatencyRun[]): LatencyRun {
  const sorted = [...runs].sort((a, b) => a.wallMs - b.wallMs);
  const mid = sorted[Math.floor((sorted.length - 1) / 2)] as LatencyRun;
  return { ...mid, allWallMs: runs.map((r) => r.wallMs) };
}

function measuredRounds(runs: readonly LatencyRun[]): Record<string, number> {
  const base = runs.find((r) => r.delayMs === 0);
  const out: Record<string, number> = {};
  if (!base) return out;
  for (const r of runs)
    if (r.delayMs > 0) out[String(r.delayMs)] = round((r.wallMs - base.wallMs) / r.delayMs, 1);
  return out;
}

/** `reconcile --plan` of one spec at every delay (moto must hold the spec's state). */
async function planCase(
  proxy: LatencyProxy,
  delays: readonly number[],
  c: {
    name: string;
    buckets: number | null;
    specPath: string;
    desired: DesiredState;
    env: NodeJS.ProcessEnv;
    emulatorPid: number;
  },
): Promise<LatencyCase> {
  const times = (c.buckets ?? 0) <= REPEATS.upToBuckets ? REPEATS.times : 1;
  const byDelay = new Map<number, LatencyRun[]>(delays.map((d) => [d, []]));
  for (let i = 0; i < times; i++)
    for (const d of delays) {
      process.stderr.write(`latency: ${c.name} at ${d} ms (${i + 1}/${times}) ...\n`);
      const run = await runThrough(proxy, d, ['--plan', '--spec', c.specPath], {
        env: c.env,
        emulatorPid: c.emulatorPid,
      });
      // 0 in sync, 2 changes, 1 unchecked resources (moto cannot read AWS Backup selections).
      if (run.exitCode !== 0 && run.exitCode !== 1 && run.exitCode !== 2)
        throw new Error(`reconcile --plan (${c.name}, ${d} ms) exited ${run.exitCode}`);
      byDelay.get(d)?.push(run);
    }
  const runs = delays.map((d) => medianRun(byDelay.get(d) ?? []));
  return {
    name: c.name,
    buckets: c.buckets,
    resources: c.desired.resources.length,
    minimumRounds: minimumRounds(c.desired),
    runs,
    measuredRounds: measuredRounds(runs),
  };
}

/**
 * The guide's spec without what moto cannot read (an unreadable resource makes the plan incomplete,
 * and an incomplete plan is never applied): AWS Backup selections, while moto has no selection API.
 */
async function applicableGuideSpec(
  moto: MotoServer,
  dir: string,
): Promise<{ path: string; leftOut: string[] }> {
  const text = await readFile('backup-spec.yaml', 'utf8');
  const desired = await loadSpecFile('backup-spec.yaml', {
    ...process.env,
    MNEMONICA_ALERTS_WEBHOOK_URL: WEBHOOK,
  });
  await moto.reset();
  const pool = new ClientPool(motoOptions(moto.url));
  let unreadable: string[];
  try {
    await seedGuideBefore(pool);
    const live = await readLive(desired, pool, { scope: 'managed' });
    unreadable = Object.entries(live.resources)
      .filter(([, o]) => o.status === 'unreadable')
      .map(([a]) => a);
  } finally {
    pool.destroy();
  }
  const doc = parseDocument(text);
  for (const address of unreadable) {
    const [kind, , plan, selection] = address.split('/');
    if (kind !== 'backup.selection' || !plan || !selection)
      throw new Error(
        `moto cannot read ${address}; the apply benchmark only knows how to leave out selections`,
      );
    doc.deleteIn(['backup', 'plans', plan, 'selections', selection]);
    const rest = doc.getIn(['backup', 'plans', plan, 'selections']) as { items?: unknown[] } | undefined;
    if (!rest?.items?.length) doc.deleteIn(['backup', 'plans', plan, 'selections']);
  }
  const path = join(dir, 'backup-spec.yaml');
  await writeFile(path, doc.toString());
  return { path, leftOut: unreadable };
}

/** `reconcile --apply --yes --allow-destructive` from the guide's starting state, at 0 and 30 ms. */
async function applyCase(moto: MotoServer, proxy: LatencyProxy): Promise<ApplyLatency> {
  const dir = await mkdtemp(join(tmpdir(), 'bench-latency-apply-'));
  const { path, leftOut } = await applicableGuideSpec(moto, dir);
  const runs: LatencyRun[] = [];
  for (const d of [0, APPLY_DELAY_MS]) {
    await moto.reset();
    const pool = new ClientPool(motoOptions(moto.url));
    try {
      await seedGuideBefore(pool);
    } finally {
      pool.destroy();
    }
    process.stderr.write(`latency: apply from the guide's starting state at ${d} ms ...\n`);
    // cwd: the pre-change backups go to .reconcile/ there, not into the repository.
    const run = await runThrough(proxy, d, ['--apply', '--yes', '--allow-destructive', '--spec', path], {
      env: cliEnv({ MNEMONICA_ALERTS_WEBHOOK_URL: WEBHOOK }),
      cwd: dir,
      emulatorPid: moto.pid,
    });
    runs.push(run);
  }
  return { leftOut, runs, measuredRounds: measuredRounds(runs) };
}

/** A pool whose S3 clients address buckets virtual-hosted through the proxy (as against AWS). */
class VirtualHostedS3Pool extends ClientPool {
  private readonly s3 = new Map<string, S3Client>();
  constructor(
    options: AwsOptions,
    private readonly virtualHostUrl: string,
    /** false: the SDK's default agent (keep-alive, 50 sockets per host, no idle timeout), for comparison. */
    private readonly cliAgent = true,
  ) {
    super(options);
  }

  override get<S extends ServiceKey>(service: S, region?: string): ClientOf<S> {
    if (service !== 's3') return super.get(service, region);
    const r = region ?? this.options.defaultRegion;
    let client = this.s3.get(r);
    if (!client) {
      // The CLI's settings against AWS (src/adapters/aws-config.ts): virtual-hosted with the CLI's S3
      // agent (s3AgentOptions), `<bucket>.localhost` resolved to the proxy.
      client = new S3Client({
        region: r,
        endpoint: this.virtualHostUrl,
        forcePathStyle: false,
        ...(this.options.credentials ? { credentials: this.options.credentials } : {}),
        requestHandler: {
          connectionTimeout: CONNECT_TIMEOUT_MS,
          socketTimeout: IDLE_TIMEOUT_MS,
          httpAgent: { ...(this.cliAgent ? s3AgentOptions(true) : {}), lookup: lookupLoopback },
        },
      });
      this.s3.set(r, client);
    }
    return client as ClientOf<S>;
  }

  override destroy(): void {
    for (const c of this.s3.values()) c.destroy();
    this.s3.clear();
    super.destroy();
  }
}

/** The same in-process read, path style then virtual-hosted, counting the S3 connections. */
async function s3Sockets(
  proxy: LatencyProxy,
  desired: DesiredState,
  buckets: number,
  delayMs: number,
): Promise<S3Sockets> {
  const styles: SocketStats[] = [];
  for (const addressing of ['path-style', 'virtual-hosted, SDK default agent', 'virtual-hosted'] as const) {
    process.stderr.write(`latency: S3 sockets, ${buckets} buckets ${addressing} at ${delayMs} ms ...\n`);
    proxy.setDelay(delayMs);
    const options = motoOptions(proxy.url);
    const pool =
      addressing === 'path-style'
        ? new ClientPool(options)
        : new VirtualHostedS3Pool(options, proxy.virtualHostUrl, addressing === 'virtual-hosted');
    try {
      proxy.reset();
      const { ms } = await timed(() => readLive(desired, pool, { scope: 'managed' }));
      const s3 = proxy.requests.filter((r) => r.service === 's3');
      const s3Connections = new Set(s3.map((r) => r.connection));
      const conns = proxy.connections.filter((c) => s3Connections.has(c.id));
      styles.push({
        addressing,
        wallMs: round(ms),
        requests: s3.length,
        connections: conns.length,
        maxOpenConnections: proxy.maxOpenConnections,
        maxInFlight: proxy.maxInFlight,
        distinctHosts: new Set(s3.map((r) => r.host)).size,
        maxRequestsPerConnection: Math.max(0, ...conns.map((c) => c.requests)),
        openAtEnd: conns.filter((c) => c.closedMs === undefined).length,
      });
    } finally {
      pool.destroy();
    }
  }
  return { buckets, regions: LATENCY_REGIONS.length, delayMs, styles };
}

/** Benchmark 4. The CLI must be built (dist/). */
export async function benchLatency(
  moto: MotoServer,
  opts: { sizes?: readonly number[]; delays?: readonly number[]; apply?: boolean; sockets?: boolean } = {},
): Promise<LatencyResult> {
  const sizes = opts.sizes ?? DEFAULT_LATENCY_SIZES;
  const delays = opts.delays ?? DEFAULT_DELAYS;
  const proxy = await startLatencyProxy(moto.url, { rateLimits: PROXY_RATE_LIMITS });
  const cases: LatencyCase[] = [];
  let sockets: S3Sockets | null = null;
  try {
    const env = { MNEMONICA_ALERTS_WEBHOOK_URL: WEBHOOK };
    const guide = await loadSpecFile('backup-spec.yaml', { ...process.env, ...env });
    await applySpec(moto, guide);
    cases.push(
      await planCase(proxy, delays, {
        name: 'guide spec',
        buckets: null,
        specPath: 'backup-spec.yaml',
        desired: guide,
        env: cliEnv(env),
        emulatorPid: moto.pid,
      }),
    );

    for (const n of sizes) {
      await moto.reset();
      const buckets = scaleBuckets(n, LATENCY_REGIONS);
      const dir = await mkdtemp(join(tmpdir(), `bench-latency-${n}-`));
      const specPath = join(dir, 'backup-spec.yaml');
      await writeFile(specPath, scaleSpecYaml(buckets, LATENCY_REGIONS));
      const desired = await loadSpecFile(specPath, process.env);
      process.stderr.write(`latency: seeding ${n} buckets + ${n} alarms ...\n`);
      const seedPool = new ClientPool(motoOptions(moto.url));
      try {
        await seedScale(seedPool, buckets);
      } finally {
        seedPool.destroy();
      }
      cases.push(
        await planCase(proxy, delays, {
          name: `${n} buckets + ${n} alarms`,
          buckets: n,
          specPath,
          desired,
          env: cliEnv(),
          emulatorPid: moto.pid,
        }),
      );
      if ((opts.sockets ?? true) && n === Math.max(...sizes))
        sockets = await s3Sockets(proxy, desired, n, APPLY_DELAY_MS);
    }

    const apply = (opts.apply ?? true) ? await applyCase(moto, proxy) : null;
    return { delays, cases, apply, s3Sockets: sockets };
  } finally {
    await proxy.close();
  }
}
