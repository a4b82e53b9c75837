/**
 * Measuring helpers: wall time of subprocesses (no hyperfine on this machine), medians, peak RSS
 * sampling of this process, and counting AWS calls with the integration tests' request recorder.
 */

import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';

/** What one subprocess run gave. */
export interface ProcessRun {
  readonly ms: number;
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  /** Peak resident set size in KiB, when run under /usr/bin/time (`withPeakRss`). */
  readonly peakRssKiB?: number;
  /** CPU time of the child (user + system) in ms, when run under /usr/bin/time (`withPeakRss`). */
  readonly cpuMs?: number;
}

const TIME_MARK = '__BENCH_MAXRSS_KIB=';
/** What GNU time prints for us: peak RSS (KiB), user and system CPU seconds. */
const TIME_LINE = new RegExp(`${TIME_MARK}(\\d+) ([\\d.]+) ([\\d.]+)\\n?`);

/**
 * Runs a command to completion and measures its wall time from spawn to exit. `withPeakRss` runs it
 * under `/usr/bin/time -f` to read the peak RSS and the CPU time of the child (GNU time prints them
 * on stderr).
 */
export function runProcess(
  command: string,
  args: readonly string[],
  opts: { env?: NodeJS.ProcessEnv; cwd?: string; withPeakRss?: boolean } = {},
): Promise<ProcessRun> {
  const [cmd, argv] = opts.withPeakRss
    ? ['/usr/bin/time', ['-f', `${TIME_MARK}%M %U %S`, command, ...args]]
    : [command, [...args]];
  return new Promise((resolve, reject) => {
    const start = performance.now();
    const child = spawn(cmd as string, argv as string[], {
      env: opts.env ?? process.env,
      cwd: opts.cwd ?? process.cwd(),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
    });
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
    });
    child.on('error', reject);
    child.on('close', (code) => {
      const ms = performance.now() - start;
      const m = TIME_LINE.exec(stderr);
      const cleanErr = stderr.replace(TIME_LINE, '');
      resolve({
        ms,
        code,
        stdout,
        stderr: cleanErr,
        ...(m ? { peakRssKiB: Number(m[1]), cpuMs: (Number(m[2]) + Number(m[3])) * 1000 } : {}),
      });
    });
  });
}

/** The median of a non-empty list. */
export function median(values: readonly number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
}

/** Samples this process's RSS every `everyMs` until stopped; returns the peak in MiB. */
export function sampleRss(everyMs = 10): { stop(): number } {
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, everyMs);
  return {
    stop() {
      clearInterval(timer);
      peak = Math.max(peak, process.memoryUsage().rss);
      return peak / 1024 / 1024;
    },
  };
}

/** Runs `f` and returns its result with the elapsed wall time in ms. */
export async function timed<T>(f: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const start = performance.now();
  const value = await f();
  return { value, ms: performance.now() - start };
}

/** Rounds to `digits` decimals (for tables and JSON). */
export function round(n: number, digits = 1): number {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}

/** Counts of recorded requests by `service:Operation`, sorted by key. */
export function countByOperation(
  requests: readonly { service: string; operation: string }[],
): Record<string, number> {
  const out: Record<string, number> = {};
  for (const r of requests) {
    const k = `${r.service}:${r.operation}`;
    out[k] = (out[k] ?? 0) + 1;
  }
  return Object.fromEntries(Object.entries(out).sort(([a], [b]) => (a < b ? -1 : 1)));
}

/**
 * CPU time (user + system, ms) a running process has used so far, from /proc/PID/stat (fields 14 and
 * 15, in clock ticks of 1/100 s on Linux); undefined where /proc is not there.
 */
export function processCpuMs(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may hold spaces: count fields after its closing parenthesis.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return undefined;
  }
}
