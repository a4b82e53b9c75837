/**
 * src/io/private-file.ts on the real file system: mode 0600 whether or not the target existed, atomic
 * replacement, symlinks never followed, non-regular targets and unwritable directories refused with a
 * located error (and without hanging: a FIFO would block an open), exclusive writes never overwrite,
 * and no temporary file left behind. Then the same through the real CLI (`--plan --out`, `--report
 * --out`) with a saved snapshot (`--live`), so no AWS is needed.
 */
import { execFileSync } from 'node:child_process';
import {
  chmodSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ReconcileError } from '../../src/errors.js';
import { writePrivateFile } from '../../src/io/private-file.js';
import { runCli, tempDir } from '../support/cli.js';

const ROOT = join(import.meta.dirname, '..', '..');
const tmp = tempDir('private-file-');
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const mode = (p: string) => statSync(p).mode & 0o777;
const isRoot = process.getuid?.() === 0;

async function errorOf(p: Promise<unknown>): Promise<ReconcileError> {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  if (!(e instanceof ReconcileError)) throw new Error(`expected a ReconcileError, got ${String(e)}`);
  return e;
}

describe('writePrivateFile', () => {
  it('GIVEN no file WHEN written THEN it holds the data with mode 0600 and nothing else is left in the directory', async () => {
    const dir = join(tmp, 'new');
    mkdirSync(dir);
    await writePrivateFile(join(dir, 'plan.json'), '{"a":1}\n', { what: 'the plan' });
    expect(readFileSync(join(dir, 'plan.json'), 'utf8')).toBe('{"a":1}\n');
    expect(mode(join(dir, 'plan.json'))).toBe(0o600);
    expect(readdirSync(dir)).toEqual(['plan.json']);
  });

  it('GIVEN an existing world-readable file WHEN overwritten THEN the new content is 0600 (a new inode, not the old mode)', async () => {
    const path = join(tmp, 'existing.json');
    writeFileSync(path, 'old secret-free content', { mode: 0o644 });
    chmodSync(path, 0o644);
    const before = statSync(path).ino;
    await writePrivateFile(path, 'new', { what: 'the plan' });
    expect(readFileSync(path, 'utf8')).toBe('new');
    expect(mode(path)).toBe(0o600);
    expect(statSync(path).ino).not.toBe(before);
  });

  it('GIVEN a symlink at the target WHEN written THEN it is refused, the link and the file it points at are untouched', async () => {
    const victim = join(tmp, 'victim.txt');
    writeFileSync(victim, 'precious');
    const link = join(tmp, 'link.json');
    symlinkSync(victim, link);
    const e = await errorOf(
      writePrivateFile(link, 'attacker-chosen', { what: 'the plan', shownPath: 'link.json' }),
    );
    expect(e.code).toBe('INPUT_FILE');
    expect(e.message).toBe(
      'cannot write the plan to link.json: it is a symbolic link, which is never followed (remove the link or choose another path)',
    );
    expect(readFileSync(victim, 'utf8')).toBe('precious');
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
  });

  it('GIVEN a dangling symlink at the target WHEN written THEN it is refused and nothing is created where it points', async () => {
    const link = join(tmp, 'dangling.json');
    symlinkSync(join(tmp, 'created-through-link.json'), link);
    const e = await errorOf(writePrivateFile(link, 'x', { what: 'the snapshot' }));
    expect(e.message).toContain('symbolic link');
    expect(readdirSync(tmp)).not.toContain('created-through-link.json');
  });

  it('GIVEN a FIFO at the target WHEN written THEN it fails at once with a located error instead of blocking on open', async () => {
    const fifo = join(tmp, 'fifo.json');
    execFileSync('mkfifo', [fifo]);
    const e = await errorOf(writePrivateFile(fifo, 'x', { what: 'the report', shownPath: 'fifo.json' }));
    expect(e.message).toBe(
      'cannot write the report to fifo.json: it is not a regular file (a FIFO, socket or device); choose another path',
    );
  });

  it('GIVEN a directory at the target WHEN written THEN it says so', async () => {
    const d = join(tmp, 'a-dir');
    mkdirSync(d);
    const e = await errorOf(writePrivateFile(d, 'x', { what: 'the plan', shownPath: 'a-dir' }));
    expect(e.message).toBe('cannot write the plan to a-dir: it is a directory');
  });

  it('GIVEN a missing directory WHEN written THEN the error names the path and says the directory does not exist', async () => {
    const e = await errorOf(
      writePrivateFile(join(tmp, 'nope', 'plan.json'), 'x', {
        what: 'the plan',
        shownPath: 'nope/plan.json',
      }),
    );
    expect(e.message).toBe('cannot write the plan to nope/plan.json: the directory does not exist');
  });

  it.skipIf(isRoot)(
    'GIVEN a read-only directory WHEN written THEN permission denied, located, and no temporary file',
    async () => {
      const dir = join(tmp, 'readonly');
      mkdirSync(dir);
      chmodSync(dir, 0o500);
      try {
        const e = await errorOf(
          writePrivateFile(join(dir, 'r.md'), 'x', { what: 'the report', shownPath: 'r.md' }),
        );
        expect(e.message).toBe('cannot write the report to r.md: permission denied');
        expect(readdirSync(dir)).toEqual([]);
      } finally {
        chmodSync(dir, 0o700);
      }
    },
  );

  it('GIVEN an exclusive write WHEN the target exists THEN onExists is thrown and the file keeps its content', async () => {
    const path = join(tmp, 'backup.json');
    writeFileSync(path, 'first');
    const e = await errorOf(
      writePrivateFile(path, 'second', {
        what: 'a backup',
        exclusive: true,
        onExists: () => new ReconcileError('OUTPUT_EXISTS', 'exists!'),
      }),
    );
    expect(e.code).toBe('OUTPUT_EXISTS');
    expect(readFileSync(path, 'utf8')).toBe('first');
    expect(readdirSync(tmp).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('GIVEN an exclusive write WHEN the target is absent THEN it is written 0600', async () => {
    const path = join(tmp, 'fresh-backup.json');
    await writePrivateFile(path, 'saved', { what: 'a backup', exclusive: true });
    expect(readFileSync(path, 'utf8')).toBe('saved');
    expect(mode(path)).toBe(0o600);
  });
});

describe('the CLI writes through it', () => {
  const scenario = [
    '--spec',
    'fixtures/retention-shortened/backup-spec.yaml',
    '--live',
    'fixtures/retention-shortened/live.json',
  ];
  const run = (args: string[]) => runCli(args, { cwd: ROOT, env: { LOG_LEVEL: 'silent' } });

  it('GIVEN --plan --out onto a symlink WHEN run THEN exit 1 with a located message, no stack, and the link target untouched', async () => {
    const victim = join(tmp, 'cli-victim.txt');
    writeFileSync(victim, 'keep me');
    const link = join(tmp, 'cli-plan.json');
    symlinkSync(victim, link);
    const r = await run(['--plan', ...scenario, '--out', link]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      `cannot write the plan to ${link}: it is a symbolic link, which is never followed (remove the link or choose another path)\n`,
    );
    expect(readFileSync(victim, 'utf8')).toBe('keep me');
  });

  it('GIVEN --plan --out over an existing 0644 file WHEN run THEN the saved plan is 0600', async () => {
    const out = join(tmp, 'cli-existing-plan.json');
    writeFileSync(out, '{}', { mode: 0o644 });
    chmodSync(out, 0o644);
    const r = await run(['--plan', ...scenario, '--out', out]);
    expect(r.code).toBe(2);
    expect(mode(out)).toBe(0o600);
    expect(JSON.parse(readFileSync(out, 'utf8')).formatVersion).toBe(1);
  });

  it('GIVEN --report --out DIR whose latest.md is a FIFO WHEN run THEN exit 1 naming the file (no hang)', async () => {
    const dir = join(tmp, 'reports');
    mkdirSync(dir);
    execFileSync('mkfifo', [join(dir, 'latest.md')]);
    const r = await run(['--report', ...scenario, '--out', dir, '--format', 'md']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      `cannot write the report to ${join(dir, 'latest.md')}: it is not a regular file`,
    );
    expect(r.stderr).not.toContain('internal error');
  });
});
