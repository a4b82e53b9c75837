import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import type { CliIO } from '../../src/cli/context.js';
import { main } from '../../src/cli/main.js';

const ROOT = join(import.meta.dirname, '..', '..');
const tmp = mkdtempSync(join(tmpdir(), 'report-cli-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

async function run(args: string[]) {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  stdout.on('data', (c: Buffer) => out.push(c));
  stderr.on('data', (c: Buffer) => err.push(c));
  const io: CliIO = { stdout, stderr, stdinIsTTY: false, env: {}, cwd: ROOT };
  const code = await main(args, io);
  return { code, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') };
}

const OFFLINE = [
  '--spec',
  'backup-spec.yaml',
  '--live',
  'fixtures/guide-before/live.json',
  '--log-level',
  'silent',
];

describe('reconcile --report --out', () => {
  it('GIVEN --out names an existing file WHEN the report is written THEN exit 1 with a clear message (not an internal error)', async () => {
    const file = join(tmp, 'not-a-dir.txt');
    writeFileSync(file, 'x');
    const r = await run(['--report', ...OFFLINE, '--out', file]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(`cannot write the report to ${file}: it is a file, not a directory (--out DIR)\n`);
  });

  it('GIVEN --out under a file WHEN the report is written THEN exit 1 with a clear message', async () => {
    const file = join(tmp, 'plain.txt');
    writeFileSync(file, 'x');
    const r = await run(['--report', ...OFFLINE, '--out', join(file, 'reports')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`cannot write the report to ${join(file, 'reports')}: `);
    expect(r.stderr).not.toContain('internal error');
  });
});
