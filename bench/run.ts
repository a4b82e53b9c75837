/**
 * `npm run bench`: every benchmark in one run, on this machine, against ONE moto server started here
 * on 127.0.0.1. Builds the CLI first (the benchmarks time `node dist/bin/reconcile.mjs`), then runs
 * 1. runbook vs `reconcile --plan` (bench/runbook.ts), 2. scale (bench/scale.ts), 3. start-up
 * (bench/startup.ts); prints Markdown tables (the ones BENCHMARKS.md quotes) and writes everything as
 * JSON to bench/results/<timestamp>.json and bench/results/latest.json (gitignored).
 *
 * Options: `--sizes 10,100` (default 10,100,1000), `--runs N` (start-up runs, default 15),
 * `--plan-runs N` (runbook plan runs, default 5). Never part of `npm test`; nothing asserts on time.
 */
import { execFileSync } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { round } from './lib/measure.js';
import { motoVersion, startMoto } from './lib/moto.js';
import { benchRunbook, type RunbookResult } from './runbook.js';
import { benchScale, type ScaleResult } from './scale.js';
import { benchStartup, type StartupResult } from './startup.js';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

/** Everything one run measured. */
export interface BenchResults {
  readonly formatVersion: 1;
  readonly startedAt: string;
  readonly totalSeconds: number;
  readonly machine: {
    readonly nproc: number;
    readonly cpu: string;
    readonly node: string;
    readonly moto: string;
    readonly awsCli: string;
  };
  readonly runbook: RunbookResult;
  readonly scale: readonly ScaleResult[];
  readonly startup: StartupResult;
}

const yesNo = (met: boolean) => (met ? 'met' : 'NOT met');

/** The Markdown tables of a run (what BENCHMARKS.md quotes). */
export function renderTables(r: BenchResults): string {
  const rb = r.runbook;
  const out = [
    `Machine: ${r.machine.nproc} cores (${r.machine.cpu}), Node ${r.machine.node}, moto ${r.machine.moto}, ${r.machine.awsCli}. Run started ${r.startedAt}, took ${r.totalSeconds} s.`,
    '',
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
    '### 2. Scale: N buckets (lifecycle + two-way cross-region replication) and N alarms over 4 regions',
    '',
    '| buckets + alarms | `--plan` wall | per resource | peak RSS | API calls | minimum | ratio | scope `all` calls | in sync |',
    '|---:|---:|---:|---:|---:|---:|---:|---:|:---:|',
    ...r.scale.map(
      (s) =>
        `| ${s.buckets} + ${s.alarms} | ${(s.planMs / 1000).toFixed(2)} s | ${s.msPerResource} ms | ${s.planPeakRssMiB} MiB | ${s.calls} | ${s.minimumCalls} | ${s.callsRatio.toFixed(2)}x | ${s.callsScopeAll} | ${s.inSync ? 'yes' : 'NO'} |`,
    ),
    '',
    (() => {
      const big = r.scale.find((s) => s.buckets === 1000);
      const worstRatio = Math.max(...r.scale.map((s) => s.callsRatio));
      const perRes = r.scale.map((s) => s.msPerResource);
      const linear = perRes.every((v, i) => i === 0 || v <= (perRes[i - 1] as number) * 1.1);
      return (
        `Calls <= 1.1x minimum: ${yesNo(worstRatio <= 1.1)} (worst ${worstRatio.toFixed(2)}x). ` +
        (big
          ? `1,000 buckets in under 30 s: ${yesNo(big.planMs < 30_000)} (${(big.planMs / 1000).toFixed(1)} s). `
          : '') +
        `Linear or better (time per resource does not grow): ${yesNo(linear)}. ` +
        `In-process read times (ms): ${r.scale.map((s) => `${s.buckets}: ${s.readMs}`).join(', ')}; seeding (ms): ${r.scale.map((s) => `${s.buckets}: ${s.seedMs}`).join(', ')}.`
      );
    })(),
    '',
    '### 3. Start-up',
    '',
    '| command | runs | median | min | max | target |',
    '|---|---:|---:|---:|---:|---|',
    ...r.startup.cases.map(
      (c) =>
        `| \`${c.command.replace('node dist/bin/reconcile.mjs', 'reconcile')}\` | ${c.runs} | ${c.medianMs} ms | ${c.minMs} ms | ${c.maxMs} ms | < ${c.targetMs} ms: ${yesNo(c.met)} |`,
    ),
    '',
    `AWS SDK client modules loaded by the offline plan: ${r.startup.offlineSdkModules.join(', ') || 'none'}.`,
    '',
  ];
  return out.join('\n');
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      sizes: { type: 'string', default: '10,100,1000' },
      runs: { type: 'string', default: '15' },
      'plan-runs': { type: 'string', default: '5' },
    },
  });
  const sizes = values.sizes.split(',').map((s) => Number(s.trim()));
  const started = new Date();
  const t0 = performance.now();
  process.stderr.write('building the CLI (npm run build) ...\n');
  execFileSync('npm', ['run', '--silent', 'build'], { stdio: 'inherit' });

  const machine = {
    nproc: cpus().length,
    cpu: cpus()[0]?.model ?? 'unknown',
    node: process.version,
    moto: await motoVersion(),
    awsCli: execFileSync('aws', ['--version'], { encoding: 'utf8' }).trim().split(' ')[0] ?? 'aws-cli',
  };
  const moto = await startMoto();
  let results: BenchResults;
  try {
    process.stderr.write(`moto on ${moto.url}\nrunbook vs plan ...\n`);
    const runbook = await benchRunbook(moto, { planRuns: Number(values['plan-runs']) });
    const scale = await benchScale(moto, sizes);
    process.stderr.write('start-up ...\n');
    const startup = await benchStartup(Number(values.runs));
    results = {
      formatVersion: 1,
      startedAt: started.toISOString(),
      totalSeconds: round((performance.now() - t0) / 1000),
      machine,
      runbook,
      scale,
      startup,
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
