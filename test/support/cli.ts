/**
 * Runs the CLI in-process through main() with captured streams: what every CLI test (unit and
 * integration) uses instead of spawning the binary.
 */
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
  /** The yes/no questions asked through `confirm` (empty when no `answer` was given). */
  readonly questions: readonly string[];
}

/** How to run the CLI. */
export interface CliRunOptions {
  /** Working directory the CLI resolves relative paths against. */
  readonly cwd: string;
  /** The environment the CLI sees (exactly this: nothing from the process is added). */
  readonly env?: NodeJS.ProcessEnv;
  /**
   * Answer every confirmation question with this. Given: stdin is a TTY and `confirm` is set;
   * undefined: no TTY, so the CLI cannot ask.
   */
  readonly answer?: boolean;
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
export function tempDir(prefix = 'cli-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** Runs `reconcile <args>`, capturing stdout, stderr and the questions asked. */
export async function runCli(args: readonly string[], options: CliRunOptions): Promise<CliRun> {
  const out: string[] = [];
  const err: string[] = [];
  const questions: string[] = [];
  const { answer } = options;
  const io: CliIO = {
    stdout: sink(out),
    stderr: sink(err),
    stdinIsTTY: answer !== undefined,
    env: options.env ?? {},
    cwd: options.cwd,
    ...(answer !== undefined
      ? {
          confirm: async (question: string) => {
            questions.push(question);
            return answer;
          },
        }
      : {}),
  };
  const code = await main(args, io);
  return { code, stdout: out.join(''), stderr: err.join(''), questions };
}

/** Writes `content` as `backup-spec.yaml` in a fresh directory and runs `--validate` there (logs silenced). */
export async function validateText(
  content: string | Uint8Array,
  env: NodeJS.ProcessEnv = {},
): Promise<CliRun> {
  const dir = tempDir('spec-test-');
  writeFileSync(join(dir, 'backup-spec.yaml'), content);
  return runCli(['--validate'], { cwd: dir, env: { LOG_LEVEL: 'silent', ...env } });
}
