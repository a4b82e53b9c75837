/**
 * Benchmark 3 — start-up: `reconcile --version` and the offline `reconcile --plan --live <snapshot>`
 * on the guide spec (no AWS at all), each as a fresh `node dist/bin/reconcile.mjs` subprocess, timed
 * from spawn to exit; the median of N runs (after one unmeasured warm-up run for the file cache).
 * The offline run also reports whether any @aws-sdk client module was loaded (it must not be).
 */
import { median, round, runProcess } from './lib/measure.js';
import { cliEnv } from './runbook.js';

/** One start-up measurement. */
export interface StartupCase {
  readonly name: string;
  readonly command: string;
  readonly runs: number;
  readonly medianMs: number;
  readonly minMs: number;
  readonly maxMs: number;
  readonly exitCode: number | null;
  readonly targetMs: number;
  readonly met: boolean;
}

/** What benchmark 3 measured. */
export interface StartupResult {
  readonly cases: readonly StartupCase[];
  /** @aws-sdk client packages the offline plan loaded (expected: none). */
  readonly offlineSdkModules: readonly string[];
}

const CLI = 'dist/bin/reconcile.mjs';

async function measure(
  name: string,
  args: readonly string[],
  runs: number,
  targetMs: number,
): Promise<StartupCase> {
  const env = cliEnv();
  await runProcess('node', [CLI, ...args], { env });
  const ms: number[] = [];
  let exitCode: number | null = null;
  for (let i = 0; i < runs; i++) {
    const r = await runProcess('node', [CLI, ...args], { env });
    if (r.stderr.includes('internal error')) throw new Error(`${name} crashed: ${r.stderr}`);
    exitCode = r.code;
    ms.push(r.ms);
  }
  const med = median(ms);
  return {
    name,
    command: `node ${CLI} ${args.join(' ')}`,
    runs,
    medianMs: round(med),
    minMs: round(Math.min(...ms)),
    maxMs: round(Math.max(...ms)),
    exitCode,
    targetMs,
    met: med < targetMs,
  };
}

/** Lists the @aws-sdk/client-* packages a CLI run loads (a loader hook records ESM resolutions). */
async function sdkModulesLoaded(args: readonly string[]): Promise<string[]> {
  const hook = `data:text/javascript,${encodeURIComponent(
    'export async function resolve(s,c,n){const r=await n(s,c);const m=/@aws-sdk\\/client-[a-z0-9-]+/.exec(r.url);if(m)process.stderr.write("SDKMODULE "+m[0]+"\\n");return r;}',
  )}`;
  const register = `data:text/javascript,${encodeURIComponent(
    `import{register}from"node:module";register(${JSON.stringify(hook)});`,
  )}`;
  const r = await runProcess('node', ['--import', register, CLI, ...args], { env: cliEnv() });
  return [...new Set([...r.stderr.matchAll(/SDKMODULE (\S+)/g)].map((m) => m[1] as string))].sort();
}

/** Benchmark 3. */
export async function benchStartup(runs = 15): Promise<StartupResult> {
  const offline = [
    '--plan',
    '--spec',
    'backup-spec.yaml',
    '--live',
    'fixtures/guide-before/live.json',
    '--no-color',
  ];
  const cases = [
    await measure('reconcile --version', ['--version'], runs, 300),
    await measure('reconcile --plan --live (offline, guide spec)', offline, runs, 600),
  ];
  return { cases, offlineSdkModules: await sdkModulesLoaded(offline) };
}
