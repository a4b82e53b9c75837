/**
 * vitest globalSetup for the integration project: starts ONE moto server on a free 127.0.0.1 port
 * with the spec's account, hands its URL to the tests (inject('motoEndpoint') and MOTO_ENDPOINT),
 * stops it at the end. Installs moto[server] with pip when it is missing, or fails saying how.
 * Integration files run one at a time (see vitest.config.ts) and reset moto before each file.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import type { TestProject } from 'vitest/node';

export const MOTO_ACCOUNT_ID = '828879644785';

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
    execFileSync('moto_server', ['--help'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

export function ensureMoto(): void {
  if (hasMoto()) return;
  try {
    execFileSync('python3', ['-m', 'pip', 'install', '--quiet', 'moto[server]>=5.2.1'], { stdio: 'inherit' });
  } catch {
    throw new Error(
      'moto_server is not installed and \'python3 -m pip install "moto[server]>=5.2.1"\' failed. ' +
        'Install Python 3 with pip, then run that command, and try again.',
    );
  }
  if (!hasMoto())
    throw new Error(
      "moto[server] was installed but moto_server is not on PATH; add pip's bin folder to PATH.",
    );
}

export async function waitUntilUp(url: string, child: ChildProcess, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`moto_server exited early with code ${child.exitCode}`);
    try {
      const res = await fetch(`${url}/moto-api/data.json`);
      if (res.ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`moto_server did not answer on ${url} within ${ms} ms`);
}

let child: ChildProcess | undefined;

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  ensureMoto();
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  child = spawn('moto_server', ['-H', '127.0.0.1', '-p', String(port)], {
    env: { ...process.env, MOTO_ACCOUNT_ID, MOTO_IAM_LOAD_MANAGED_POLICIES: 'true' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
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
