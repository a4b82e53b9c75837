import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
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

describe('reconcile report --format without --out (issue 15)', () => {
  it('GIVEN --format html and no --out WHEN the report runs THEN the files land in the working directory and stderr says where', async () => {
    const cwd = mkdtempSync(join(tmp, 'cwd-'));
    writeFileSync(join(cwd, 'backup-spec.yaml'), readFileSync(join(ROOT, 'backup-spec.yaml')));
    writeFileSync(join(cwd, 'live.json'), readFileSync(join(ROOT, 'fixtures/guide-before/live.json')));
    const r = await runCli(['report', '--live', 'live.json', '--format', 'html', '--log-level', 'silent'], {
      cwd,
    });
    expect(r.code).toBe(2);
    const written = readdirSync(cwd)
      .filter((f) => f.endsWith('.html'))
      .sort();
    expect(written).toHaveLength(2);
    expect(written).toContain('latest.html');
    const stamped = written.find((f) => f.startsWith('report-'));
    expect(stamped).toMatch(/^report-.+Z\.html$/);
    expect(readFileSync(join(cwd, 'latest.html'), 'utf8')).toContain('<html');
    expect(r.stderr).toContain(`Wrote ${stamped}`);
    expect(r.stderr).toContain(cwd);
  });

  it('GIVEN neither --format nor --out WHEN the report runs THEN nothing is written and the Markdown is on stdout', async () => {
    const cwd = mkdtempSync(join(tmp, 'cwd-'));
    writeFileSync(join(cwd, 'backup-spec.yaml'), readFileSync(join(ROOT, 'backup-spec.yaml')));
    writeFileSync(join(cwd, 'live.json'), readFileSync(join(ROOT, 'fixtures/guide-before/live.json')));
    const r = await runCli(['report', '--live', 'live.json', '--log-level', 'silent'], { cwd });
    expect(r.code).toBe(2);
    expect(readdirSync(cwd).sort()).toEqual(['backup-spec.yaml', 'live.json']);
    expect(r.stdout).toMatch(/^# /);
  });
});
