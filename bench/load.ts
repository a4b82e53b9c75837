/**
 * Benchmark 5 — spec loading. `reconcile --validate` of generated specs of N buckets (versioning,
 * lifecycle, two-way replication; bench/scale.ts) plus N alarms, N = 2,500 / 5,000 / 10,000: wall and
 * CPU time of the built CLI (spawn to exit), and in-process the two phases that grow with the spec
 * (parseSpec: YAML, schema, mapping; lintDesired). Linear loading shows as a constant time per
 * resource; the ratio of the largest size's to the smallest's is reported (1.0x = linear). No moto.
 */
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseSpec } from '../spec/parse-spec.js';
import { lintDesired } from '../src/lint/index.js';
import { round, runProcess } from './lib/measure.js';
import { scaleBuckets, scaleSpecYaml } from './scale.js';

export const DEFAULT_LOAD_SIZES: readonly number[] = [2500, 5000, 10000];

/** One size's numbers. */
export interface LoadSize {
  readonly buckets: number;
  readonly resources: number;
  readonly specMiB: number;
  readonly validateMs: number;
  readonly validateCpuMs: number;
  readonly exitCode: number | null;
  /** `--validate` wall time per resource, in µs. */
  readonly usPerResource: number;
  /** parseSpec in this process (YAML, schema, mapping), ms. */
  readonly parseMs: number;
  /** lintDesired in this process, ms. */
  readonly lintMs: number;
}

/** Benchmark 5's numbers. */
export interface LoadResult {
  readonly sizes: readonly LoadSize[];
  /** parse time per resource at the largest size / at the smallest (1.0 = linear). */
  readonly parseGrowth: number;
  /** `--validate` time per resource at the largest size / at the smallest. */
  readonly validateGrowth: number;
  /** The 10,000-bucket size, when measured. */
  readonly largest: LoadSize | null;
}

function time<T>(f: () => T): { value: T; ms: number } {
  const start = performance.now();
  const value = f();
  return { value, ms: performance.now() - start };
}

/** Benchmark 5. The CLI must be built (dist/). */
export async function benchLoad(sizes: readonly number[] = DEFAULT_LOAD_SIZES): Promise<LoadResult> {
  const dir = await mkdtemp(join(tmpdir(), 'bench-load-'));
  const out: LoadSize[] = [];
  // Warm-up: the first parse in a process also compiles the schema and JIT-compiles the parser.
  lintDesired(parseSpec(scaleSpecYaml(scaleBuckets(200)), 'warm-up.yaml'));
  for (const n of sizes) {
    process.stderr.write(`load: --validate of ${n} buckets + ${n} alarms ...\n`);
    const text = scaleSpecYaml(scaleBuckets(n));
    const specPath = join(dir, `spec-${n}.yaml`);
    await writeFile(specPath, text);
    const run = await runProcess(
      'node',
      ['dist/bin/reconcile.mjs', '--validate', '--spec', specPath, '--no-color'],
      {
        withPeakRss: true,
      },
    );
    if (run.code !== 0)
      throw new Error(`reconcile --validate (${n} buckets) exited ${run.code}: ${run.stderr}`);
    const parsed = time(() => parseSpec(text, specPath));
    const linted = time(() => lintDesired(parsed.value));
    const resources = parsed.value.resources.length;
    out.push({
      buckets: n,
      resources,
      specMiB: round(Buffer.byteLength(text) / 1024 / 1024, 2),
      validateMs: round(run.ms),
      validateCpuMs: round(run.cpuMs ?? 0),
      exitCode: run.code,
      usPerResource: round((run.ms * 1000) / resources),
      parseMs: round(parsed.ms),
      lintMs: round(linted.ms),
    });
  }
  const first = out[0];
  const last = out.at(-1);
  const perResource = (s: LoadSize, ms: number) => ms / s.resources;
  return {
    sizes: out,
    parseGrowth:
      first && last ? round(perResource(last, last.parseMs) / perResource(first, first.parseMs), 2) : 1,
    validateGrowth:
      first && last ? round(perResource(last, last.validateMs) / perResource(first, first.validateMs), 2) : 1,
    largest: out.find((s) => s.buckets === 10000) ?? null,
  };
}
