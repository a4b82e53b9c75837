/**
 * The one moto server of a benchmark run: the strict emulator (moto with the project's extension,
 * test/emulator/server.py) started on a free 127.0.0.1 port with the spec's account (the same start
 * helpers the integration tests use), reset between benchmarks, stopped at the end.
 */
import type { ChildProcess } from 'node:child_process';
import type { AwsOptions } from '../../src/adapters/aws-config.js';
import { ensureMoto, freePort, spawnEmulator, waitUntilUp } from '../../test/support/moto-global.js';

/** A running moto server. */
export interface MotoServer {
  readonly url: string;
  readonly pid: number;
  /** Wipes every backend's state. */
  reset(): Promise<void>;
  stop(): Promise<void>;
}

/** Starts the strict emulator (installing moto[server] with pip when it is missing). */
export async function startMoto(): Promise<MotoServer> {
  ensureMoto();
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child: ChildProcess = spawnEmulator(port, ['ignore', 'ignore', 'ignore']);
  await waitUntilUp(url, child, 30_000);
  return {
    url,
    pid: child.pid ?? 0,
    async reset() {
      const res = await fetch(`${url}/moto-api/reset`, { method: 'POST' });
      if (!res.ok) throw new Error(`moto reset failed: ${res.status}`);
    },
    async stop() {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      await new Promise((r) => setTimeout(r, 300));
      if (child.exitCode === null) child.kill('SIGKILL');
    },
  };
}

/** The moto version as pip reports it (for BENCHMARKS.md), or `unknown`. */
export async function motoVersion(): Promise<string> {
  const { execFileSync } = await import('node:child_process');
  try {
    const out = execFileSync('python3', ['-c', 'import moto; print(moto.__version__)'], { encoding: 'utf8' });
    return out.trim();
  } catch {
    return 'unknown';
  }
}

/** Dummy credentials for moto, in the environment form the AWS CLI and our CLI read. */
export const MOTO_ENV = {
  AWS_ACCESS_KEY_ID: 'testing',
  AWS_SECRET_ACCESS_KEY: 'testing',
  AWS_SESSION_TOKEN: 'testing',
} as const;

/** SDK options pointing every client at moto (standard retries, as the CLI uses them). */
export function motoOptions(url: string, extra: Partial<AwsOptions> = {}): AwsOptions {
  return {
    endpointUrl: url,
    defaultRegion: 'eu-west-1',
    credentials: { accessKeyId: MOTO_ENV.AWS_ACCESS_KEY_ID, secretAccessKey: MOTO_ENV.AWS_SECRET_ACCESS_KEY },
    ...extra,
  };
}
