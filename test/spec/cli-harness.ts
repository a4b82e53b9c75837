/** Runs the CLI in-process against a spec written to a temporary directory; captures both streams. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import type { CliIO } from '../../src/cli/context.js';
import { main } from '../../src/cli/main.js';

/** What one CLI run produced. */
export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

function sink(chunks: string[]): Writable {
  return new Writable({
    write(chunk, _enc, done) {
      chunks.push(String(chunk));
      done();
    },
  });
}

/** A fresh temporary directory. */
export function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'spec-test-'));
}

/** Runs `reconcile <args>` with `cwd` and `env`, capturing stdout and stderr. */
export async function runCli(
  args: readonly string[],
  cwd: string,
  env: NodeJS.ProcessEnv = {},
): Promise<CliRun> {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIO = {
    stdout: sink(out),
    stderr: sink(err),
    stdinIsTTY: false,
    env: { LOG_LEVEL: 'silent', ...env },
    cwd,
  };
  const code = await main(args, io);
  return { code, stdout: out.join(''), stderr: err.join('') };
}

/** Writes `content` as `backup-spec.yaml` in a fresh directory and runs `--validate` there. */
export async function validateText(
  content: string | Uint8Array,
  env: NodeJS.ProcessEnv = {},
): Promise<CliRun> {
  const dir = tempDir();
  writeFileSync(join(dir, 'backup-spec.yaml'), content);
  return runCli(['--validate'], dir, env);
}
