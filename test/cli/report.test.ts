import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';

const ROOT = join(import.meta.dirname, '..', '..');
const tmp = mkdtempSync(join(tmpdir(), 'report-cli-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const run = (args: string[]) => runCli(args, { cwd: ROOT });

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
