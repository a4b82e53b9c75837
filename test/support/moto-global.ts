/**
 * vitest globalSetup for the integration project: starts ONE strict emulator (moto server with the
 * project's extension, test/emulator/server.py) on a free 127.0.0.1 port with the spec's account,
 * hands its URL to the tests (inject('motoEndpoint') and MOTO_ENDPOINT), stops it at the end.
 * Installs moto[server] with pip when it is missing, or fails saying how.
 * Integration files run one at a time (see vitest.config.ts) and reset moto before each file.
 *
 * The same start helpers serve bench/lib/moto.ts and fixtures/generate-guide-before.ts.
 */
import { type ChildProcess, execFileSync, type StdioOptions, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';

export const MOTO_ACCOUNT_ID = '828879644785';

/** The launcher of the strict emulator (see test/emulator/README.md). */
export const EMULATOR_SERVER = join(dirname(fileURLToPath(import.meta.url)), '..', 'emulator', 'server.py');

/** The moto version the extension is written against (it patches moto's internals). */
export const MOTO_VERSION = '5.2.1';

/** The Python that runs the emulator (`EMULATOR_PYTHON`, default `python3`). */
function python(): string {
  return process.env.EMULATOR_PYTHON ?? 'python3';
}

/**
 * What the harness sets on the emulator. The IAM propagation delay is 0 FOR NOW: the TypeScript
 * retries of issue 11 item 4 land in another branch; then this becomes AWS-like (about 10 s).
 * The RDS outage is 0 for the same reason (issue 11 item 6). Tests of those rules raise them through
 * `POST /moto-api/ext/config` (test/support/moto.ts `setEmulatorConfig`).
 */
export const EMULATOR_ENV = {
  MOTO_ACCOUNT_ID,
  MOTO_IAM_LOAD_MANAGED_POLICIES: 'true',
  EMULATOR_IAM_PROPAGATION_SECONDS: '0',
  EMULATOR_RDS_OUTAGE_SECONDS: '0',
  // Subscriptions confirm at once (moto) unless a test turns AWS's pending confirmation on.
  EMULATOR_SNS_UNCONFIRMED_DELETION_SECONDS: '0',
} as const;

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

function hasMoto(): boolean {
  try {
    // moto.server imports Flask and flask-cors: what the `server` extra installs.
    execFileSync(python(), ['-c', 'import moto.server'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

export function ensureMoto(): void {
  if (hasMoto()) return;
  const pkg = `moto[server]==${MOTO_VERSION}`;
  try {
    execFileSync(python(), ['-m', 'pip', 'install', '--quiet', pkg], { stdio: 'inherit' });
  } catch {
    throw new Error(
      `moto[server] is not installed and '${python()} -m pip install "${pkg}"' failed. ` +
        'Install Python 3 with pip, then run that command, and try again.',
    );
  }
  if (!hasMoto())
    throw new Error(`"${pkg}" was installed but '${python()} -c "import moto.server"' still fails.`);
}

/** Starts the strict emulator on 127.0.0.1:`port` (moto_server's -H/-p), with EMULATOR_ENV. */
export function spawnEmulator(
  port: number,
  stdio: StdioOptions,
  env: Record<string, string> = {},
): ChildProcess {
  return spawn(python(), [EMULATOR_SERVER, '-H', '127.0.0.1', '-p', String(port)], {
    env: { ...process.env, ...EMULATOR_ENV, ...env },
    stdio,
  });
}

export async function waitUntilUp(url: string, child: ChildProcess, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the emulator exited early with code ${child.exitCode}`);
    try {
      const res = await fetch(`${url}/moto-api/data.json`);
      if (res.ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`the emulator did not answer on ${url} within ${ms} ms`);
}

let child: ChildProcess | undefined;

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  ensureMoto();
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  child = spawnEmulator(port, ['ignore', 'ignore', 'pipe']);
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => {
    stderr = (stderr + d.toString()).slice(-4000);
  });
  try {
    await waitUntilUp(url, child, 30_000);
  } catch (e) {
    child.kill('SIGKILL');
    throw new Error(`${(e as Error).message}\n${stderr}`);
  }
  project.provide('motoEndpoint', url);
  process.env.MOTO_ENDPOINT = url;
  return async () => {
    if (child && child.exitCode === null) {
      child.kill('SIGTERM');
      await new Promise((r) => setTimeout(r, 200));
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  };
}

declare module 'vitest' {
  export interface ProvidedContext {
    motoEndpoint: string;
  }
}
