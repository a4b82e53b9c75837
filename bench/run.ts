/**
 * `npm run bench`: every benchmark in one run, on this machine, against ONE moto server started here
 * on 127.0.0.1. Builds the CLI first (the benchmarks time `node dist/bin/reconcile.mjs`), then runs
 * 1. runbook vs `reconcile --plan` (bench/runbook.ts), 2. scale (bench/scale.ts), 3. start-up
 * (bench/startup.ts), 4. latency (bench/latency.ts), 5. spec loading (bench/load.ts); prints
 * Markdown tables (the ones BENCHMARKS.md quotes) and writes everything as JSON to
 * bench/results/<timestamp>.json and bench/results/latest.json (gitignored).
 *
 * Options: `--only runbook,scale,startup,latency,load` (default all), `--sizes 10,100` (scale, default
 * 10,100,1000), `--runs N` (start-up runs, default 15), `--plan-runs N` (runbook plan runs, default 5),
 * `--latency-sizes 100,300` (default 100,300,1000), `--latency-delays 0,30,80` (0 must be among
 * them), `--load-sizes 2500,10000` (default 2500,5000,10000). Never part of `npm test`; nothing
 * asserts on time.
 */
import { execFileSync } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import {
  benchLatency,
  DEFAULT_DELAYS,
  DEFAULT_LATENCY_SIZES,
  type LatencyResult,
  type LatencyRun,
  REPEATS,
} from './latency.js';
import { round } from './lib/measure.js';
import { motoVersion, startMoto } from './lib/moto.js';
import { benchLoad, DEFAULT_LOAD_SIZES, type LoadResult } from './load.js';
import { benchRunbook, type RunbookResult } from './runbook.js';
import { benchScale, type ScaleResult } from './scale.js';
import { benchStartup, type StartupResult } from './startup.js';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

/** The benchmarks `--only` can pick. */
const SECTIONS = ['runbook', 'scale', 'startup', 'latency', 'load'] as const;
type Section = (typeof SECTIONS)[number];

/** Everything one run measured (a section left out with `--only` is absent). */
export interface BenchResults {
  readonly formatVersion: 2;
  readonly startedAt: string;
  readonly totalSeconds: number;
  readonly machine: {
    readonly nproc: number;
    readonly cpu: string;
    readonly node: string;
    readonly moto: string;
    readonly awsCli: string;
    /** 1-minute load average when the run started and when it ended (other work on the machine). */
    readonly loadAverage: readonly [number, number];
  };
  readonly runbook?: RunbookResult;
  readonly scale?: readonly ScaleResult[];
  readonly startup?: StartupResult;
  readonly latency?: LatencyResult;
  readonly load?: LoadResult;
}

const yesNo = (met: boolean) => (met ? 'met' : 'NOT met');

function renderRunbook(rb: RunbookResult): string[] {
  return [
    '### 1. Runbook (AWS CLI) vs `reconcile --plan`, backup-spec.yaml against moto',
    '',
    '| | commands / API calls | wall time | per command |',
    '|---|---:|---:|---:|',
    `| runbook: AWS CLI v1 read commands, sequential | ${rb.runbook.commands} | ${(rb.runbook.totalMs / 1000).toFixed(1)} s | ${rb.runbook.meanMsPerCommand} ms |`,
    `| \`reconcile --plan\` (median of ${rb.plan.runs} runs) | ${rb.plan.apiCalls} | ${(rb.plan.medianMs / 1000).toFixed(2)} s | — |`,
    '',
    `Speed-up: **${rb.speedup}x** (target >= ${rb.targetSpeedup}x: ${yesNo(rb.met)}). ` +
      `Plan exit code ${rb.plan.exitCode}; plan runs (ms): ${rb.plan.allMs.join(', ')}.`,
    `Failed runbook commands (moto gaps): ${rb.runbook.failedCommands.join('; ') || 'none'}.`,
    `Still differing after the apply (moto gaps): ${rb.remainingAfterApply.join('; ') || 'none'}.`,
    '',
  ];
}

function renderScale(scale: readonly ScaleResult[]): string[] {
  const big = scale.find((s) => s.buckets === 1000);
  const worstRatio = Math.max(...scale.map((s) => s.callsRatio));
  const perRes = scale.map((s) => s.msPerResource);
  const linear = perRes.every((v, i) => i === 0 || v <= (perRes[i - 1] as number) * 1.1);
  return [
    '### 2. Scale: N buckets (lifecycle + two-way cross-region replication) and N alarms over 4 regions',
    '',
    '| buckets + alarms | `--plan` wall | per resource | peak RSS | API calls | minimum | ratio | scope `all` calls | in sync |',
    '|---:|---:|---:|---:|---:|---:|---:|---:|:---:|',
    ...scale.map(
      (s) =>
        `| ${s.buckets} + ${s.alarms} | ${(s.planMs / 1000).toFixed(2)} s | ${s.msPerResource} ms | ${s.planPeakRssMiB} MiB | ${s.calls} | ${s.minimumCalls} | ${s.callsRatio.toFixed(2)}x | ${s.callsScopeAll} | ${s.inSync ? 'yes' : 'NO'} |`,
    ),
    '',
    `Calls <= 1.1x minimum: ${yesNo(worstRatio <= 1.1)} (worst ${worstRatio.toFixed(2)}x). ` +
      (big
        ? `1,000 buckets in under 30 s: ${yesNo(big.planMs < 30_000)} (${(big.planMs / 1000).toFixed(1)} s). `
        : '') +
      `Linear or better (time per resource does not grow): ${yesNo(linear)}. ` +
      `In-process read times (ms): ${scale.map((s) => `${s.buckets}: ${s.readMs}`).join(', ')}; seeding (ms): ${scale.map((s) => `${s.buckets}: ${s.seedMs}`).join(', ')}.`,
    '',
  ];
}

function renderStartup(startup: StartupResult): string[] {
  return [
    '### 3. Start-up',
    '',
    '| command | runs | median | min | max | target |',
    '|---|---:|---:|---:|---:|---|',
    ...startup.cases.map(
      (c) =>
        `| \`${c.command.replace('node dist/bin/reconcile.mjs', 'reconcile')}\` | ${c.runs} | ${c.medianMs} ms | ${c.minMs} ms | ${c.maxMs} ms | < ${c.targetMs} ms: ${yesNo(c.met)} |`,
    ),
    '',
    `AWS SDK client modules loaded by the offline plan: ${startup.offlineSdkModules.join(', ') || 'none'}.`,
    '',
  ];
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

/**
 * A run's CPU time: the CLI's, plus what the emulator and the latency proxy spent answering it. Against
 * moto, AWS's server-side work runs on this machine too (one Python process), so the CLI's CPU alone
 * understates what a run without latency costs; both ratios are printed.
 */
function runCpu(r: LatencyRun): number {
  return r.cpuMs + (r.serverCpuMs ?? 0);
}

function renderLatency(l: LatencyResult): string[] {
  const top = Math.max(...l.delays);
  const out = [
    `### 4. Latency: the same plans through a proxy adding ${l.delays.join(' / ')} ms to every request`,
    '',
    '| plan | delay | wall | CPU | emulator + proxy CPU | calls | throttled | max in flight | connections | rounds on the timeline | measured rounds (t_d − t_0) / d | minimum rounds |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
  ];
  for (const c of l.cases)
    for (const r of c.runs)
      out.push(
        `| ${c.name} | ${r.delayMs} ms | ${seconds(r.wallMs)} | ${seconds(r.cpuMs)} | ${seconds(r.serverCpuMs ?? 0)} | ${r.calls} | ${r.throttled} | ${r.maxInFlight} | ${r.connections} | ${r.timelineRounds} | ${r.delayMs > 0 ? (c.measuredRounds[String(r.delayMs)] ?? '—') : '—'} | ${c.minimumRounds} |`,
      );
  out.push(
    '',
    `Plans of up to ${REPEATS.upToBuckets} buckets: the median of ${REPEATS.times} runs per delay (wall times in the JSON); larger plans: one run. ` +
      'Rounds on the timeline: the longest chain of requests each sent after the previous answer arrived (meaningful at d > 0).',
    '',
  );
  const targets: string[] = [];
  for (const c of l.cases) {
    if (c.buckets === null || c.buckets < 300) continue;
    const rounds = c.measuredRounds[String(top)];
    if (rounds !== undefined)
      targets.push(
        `${c.name} at ${top} ms: ${rounds} extra round trips over 0 ms (target <= 8: ${yesNo(rounds <= 8)})`,
      );
    const slow = c.runs.find((r) => r.delayMs === top);
    if (c.buckets === 1000 && slow) {
      const cpu = runCpu(slow);
      targets.push(
        `${c.name} at ${top} ms: wall ${(slow.wallMs / cpu).toFixed(2)}x the run's CPU time (CLI ${seconds(slow.cpuMs)} + emulator and proxy ${seconds(slow.serverCpuMs ?? 0)}; target <= 1.3x: ${yesNo(slow.wallMs <= 1.3 * cpu)}), ${(slow.wallMs / slow.cpuMs).toFixed(2)}x the CLI's CPU alone`,
      );
    }
  }
  if (targets.length) out.push(`Issue 14 targets: ${targets.join('; ')}.`, '');
  if (l.apply) {
    const a = l.apply;
    out.push(
      "Apply (`--apply --yes --allow-destructive`) from the guide's starting state:",
      '',
      '| delay | wall | CPU | emulator + proxy CPU | calls | throttled | max in flight | connections | rounds on the timeline | exit code |',
      '|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
      ...a.runs.map(
        (r) =>
          `| ${r.delayMs} ms | ${seconds(r.wallMs)} | ${seconds(r.cpuMs)} | ${seconds(r.serverCpuMs ?? 0)} | ${r.calls} | ${r.throttled} | ${r.maxInFlight} | ${r.connections} | ${r.timelineRounds} | ${r.exitCode} |`,
      ),
      '',
      `Measured rounds (t_d − t_0) / d: ${Object.entries(a.measuredRounds)
        .map(([d, n]) => `${n} at ${d} ms`)
        .join(
          ', ',
        )}. Left out of the applied spec (moto cannot read it): ${a.leftOut.join(', ') || 'nothing'}.`,
      '',
    );
    const slow = a.runs.find((r) => r.delayMs > 0);
    if (slow) {
      // Issue 14: wall within 1.3x of (rounds x d + CPU). The rounds are the dependent rounds this
      // apply made (its timeline chain, at least what the APIs force); the CPU is the run's.
      const expected = slow.timelineRounds * slow.delayMs + runCpu(slow);
      const cliOnly = slow.timelineRounds * slow.delayMs + slow.cpuMs;
      out.push(
        `Issue 14 target, apply at ${slow.delayMs} ms: wall ${seconds(slow.wallMs)} vs ${slow.timelineRounds} rounds x ${slow.delayMs} ms + the run's CPU ${seconds(runCpu(slow))} = ${seconds(expected)}: ${(slow.wallMs / expected).toFixed(2)}x (target <= 1.3x: ${yesNo(slow.wallMs <= 1.3 * expected)}); with the CLI's CPU alone: ${(slow.wallMs / cliOnly).toFixed(2)}x.`,
        '',
      );
    }
  }
  if (l.s3Sockets) {
    const s = l.s3Sockets;
    out.push(
      `S3 connections for one read of ${s.buckets} buckets over ${s.regions} regions at ${s.delayMs} ms (in-process, scope managed):`,
      '',
      '| addressing | S3 requests | connections opened | most open at once | most in flight | distinct hosts | most requests on one connection | open when the read ends | read wall |',
      '|---|---:|---:|---:|---:|---:|---:|---:|---:|',
      ...s.styles.map(
        (x) =>
          `| ${x.addressing} | ${x.requests} | ${x.connections} | ${x.maxOpenConnections} | ${x.maxInFlight} | ${x.distinctHosts} | ${x.maxRequestsPerConnection} | ${x.openAtEnd} | ${seconds(x.wallMs)} |`,
      ),
      '',
    );
  }
  return out;
}

function renderLoad(l: LoadResult): string[] {
  const row = (s: LoadResult['sizes'][number], what: string) =>
    `| ${what} | ${s.specMiB} MiB | ${seconds(s.validateMs)} | ${seconds(s.validateCpuMs)} | ${s.usPerResource} µs | ${seconds(s.parseMs)} | ${seconds(s.lintMs)} |`;
  return [
    '### 5. Spec loading: `reconcile --validate` of generated specs',
    '',
    '| spec | size | `--validate` wall | CPU | wall per resource | parse (in-process CPU) | lint (in-process CPU) |',
    '|---|---:|---:|---:|---:|---:|---:|',
    ...l.sizes.map((s) => row(s, `${s.buckets} buckets + ${s.buckets} alarms`)),
    ...l.merged.map((s) => row(s, `${s.buckets} buckets merging \`<<: *bucket-defaults\``)),
    '',
    `Time per resource, largest / smallest size (1.0x = linear): parse CPU ${l.parseGrowth}x, --validate wall ${l.validateGrowth}x; merged specs: parse CPU ${l.mergedParseGrowth}x. ` +
      `10,000 buckets + alarms validate in under 2 s: ${l.largest ? `${yesNo(l.largest.validateMs < 2000)} (${seconds(l.largest.validateMs)})` : 'not measured'}.`,
    '',
  ];
}

/** The Markdown tables of a run (what BENCHMARKS.md quotes). */
export function renderTables(r: BenchResults): string {
  const out = [
    `Machine: ${r.machine.nproc} cores (${r.machine.cpu}), Node ${r.machine.node}, moto ${r.machine.moto}, ${r.machine.awsCli}, load average ${r.machine.loadAverage[0]} at the start and ${r.machine.loadAverage[1]} at the end. Run started ${r.startedAt}, took ${r.totalSeconds} s.`,
    '',
    ...(r.runbook ? renderRunbook(r.runbook) : []),
    ...(r.scale ? renderScale(r.scale) : []),
    ...(r.startup ? renderStartup(r.startup) : []),
    ...(r.latency ? renderLatency(r.latency) : []),
    ...(r.load ? renderLoad(r.load) : []),
  ];
  return out.join('\n');
}

const numbers = (v: string) => v.split(',').map((s) => Number(s.trim()));

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      only: { type: 'string', default: SECTIONS.join(',') },
      sizes: { type: 'string', default: '10,100,1000' },
      runs: { type: 'string', default: '15' },
      'plan-runs': { type: 'string', default: '5' },
      'latency-sizes': { type: 'string', default: DEFAULT_LATENCY_SIZES.join(',') },
      'latency-delays': { type: 'string', default: DEFAULT_DELAYS.join(',') },
      'load-sizes': { type: 'string', default: DEFAULT_LOAD_SIZES.join(',') },
    },
  });
  const only = new Set(values.only.split(',').map((s) => s.trim()));
  for (const s of only)
    if (!(SECTIONS as readonly string[]).includes(s))
      throw new Error(`--only: unknown section ${s} (one of ${SECTIONS.join(', ')})`);
  const wants = (s: Section) => only.has(s);
  const delays = numbers(values['latency-delays']);
  if (!delays.includes(0))
    throw new Error('--latency-delays must include 0 (rounds are measured against it)');
  const started = new Date();
  const loadAtStart = round(loadavg()[0] ?? 0, 2);
  const t0 = performance.now();
  process.stderr.write('building the CLI (npm run build) ...\n');
  execFileSync('npm', ['run', '--silent', 'build'], { stdio: 'inherit' });

  const machineInfo = {
    nproc: cpus().length,
    cpu: cpus()[0]?.model ?? 'unknown',
    node: process.version,
    moto: await motoVersion(),
    awsCli: execFileSync('aws', ['--version'], { encoding: 'utf8' }).trim().split(' ')[0] ?? 'aws-cli',
  };
  const moto = await startMoto();
  let results: BenchResults;
  try {
    process.stderr.write(`moto on ${moto.url}\n`);
    let runbook: RunbookResult | undefined;
    if (wants('runbook')) {
      process.stderr.write('runbook vs plan ...\n');
      runbook = await benchRunbook(moto, { planRuns: Number(values['plan-runs']) });
    }
    const scale = wants('scale') ? await benchScale(moto, numbers(values.sizes)) : undefined;
    let startup: StartupResult | undefined;
    if (wants('startup')) {
      process.stderr.write('start-up ...\n');
      startup = await benchStartup(Number(values.runs));
    }
    const latency = wants('latency')
      ? await benchLatency(moto, { sizes: numbers(values['latency-sizes']), delays })
      : undefined;
    const load = wants('load') ? await benchLoad(numbers(values['load-sizes'])) : undefined;
    results = {
      formatVersion: 2,
      startedAt: started.toISOString(),
      totalSeconds: round((performance.now() - t0) / 1000),
      machine: { ...machineInfo, loadAverage: [loadAtStart, round(loadavg()[0] ?? 0, 2)] },
      ...(runbook ? { runbook } : {}),
      ...(scale ? { scale } : {}),
      ...(startup ? { startup } : {}),
      ...(latency ? { latency } : {}),
      ...(load ? { load } : {}),
    };
  } finally {
    await moto.stop();
  }
  const dir = join(process.cwd(), 'bench', 'results');
  await mkdir(dir, { recursive: true });
  const json = `${JSON.stringify(results, null, 2)}\n`;
  const stamp = results.startedAt.replace(/[:.]/g, '-');
  await writeFile(join(dir, `${stamp}.json`), json);
  await writeFile(join(dir, 'latest.json'), json);
  process.stdout.write(renderTables(results));
  process.stderr.write(`results: bench/results/${stamp}.json (and latest.json)\n`);
}

await main();
