/**
 * The Install section of the README, end to end: `npm pack` builds the package tarball, `npm install -g`
 * puts it in a fresh prefix, and both command names run from a directory outside the repository (so
 * nothing resolves through the clone): `--version`, `init`, `--validate`, `show` and an offline `plan`.
 * Slow (a build and an install, ~1 min): the timeouts below say so.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../support/cli.js';

const ROOT = join(import.meta.dirname, '..', '..');
const VERSION = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;

const work = tempDir('npm-pack-test-');
const prefix = join(work, 'prefix');
const outside = join(work, 'somewhere-else');
const bin = (name: string) => join(prefix, 'bin', name);

/** Runs an installed command in `outside` with a minimal environment (no AWS settings, a fresh HOME). */
function run(name: string, args: readonly string[]) {
  const r = spawnSync(bin(name), [...args], {
    cwd: outside,
    encoding: 'utf8',
    env: { PATH: process.env.PATH, HOME: work, LOG_LEVEL: 'silent', NO_COLOR: '1' },
    timeout: 60_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

beforeAll(() => {
  // `npm pack` runs `prepare` (the build), so the tarball holds what this checkout's sources make.
  execFileSync('npm', ['pack', '--pack-destination', work, '--silent'], { cwd: ROOT, stdio: 'pipe' });
  const tarball = readdirSync(work).find((f) => f.endsWith('.tgz'));
  if (!tarball) throw new Error(`npm pack wrote no tarball in ${work}`);
  // --prefer-offline: the dependencies come from npm's cache when `npm ci` already fetched them.
  execFileSync(
    'npm',
    [
      'install',
      '--global',
      '--prefix',
      prefix,
      join(work, tarball),
      '--no-audit',
      '--no-fund',
      '--prefer-offline',
    ],
    { cwd: work, stdio: 'pipe' },
  );
  mkdirSync(outside);
}, 300_000);

// The prefix holds a full install (~50 MB): do not leave it in the temporary directory.
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('npm pack, then npm install -g of the tarball into a fresh prefix', () => {
  it('GIVEN the install WHEN listed THEN both command names are there and point at one bundle', () => {
    expect(existsSync(bin('reconcile'))).toBe(true);
    expect(existsSync(bin('backup-reconciler'))).toBe(true);
    expect(
      existsSync(join(prefix, 'lib', 'node_modules', 'backup-reconciler', 'spec', 'backup-spec.schema.json')),
    ).toBe(true);
  });

  it.each(['backup-reconciler', 'reconcile'])(
    'GIVEN %s outside the repository WHEN --version THEN the package version',
    (name) => {
      const r = run(name, ['--version']);
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      expect(r.stdout).toBe(`${VERSION}\n`);
    },
  );

  it('GIVEN an empty directory WHEN init then --validate THEN the starter spec validates (exit 0)', () => {
    expect(run('backup-reconciler', ['init']).code).toBe(0);
    const r = run('backup-reconciler', ['--validate']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('backup-spec.yaml: valid');
    // The editor hint points at the installed package's JSON Schema.
    const first = readFileSync(join(outside, 'backup-spec.yaml'), 'utf8').split('\n')[0] ?? '';
    expect(first).toContain('node_modules/backup-reconciler/spec/backup-spec.schema.json');
  });

  it('GIVEN the guide spec and snapshot copied out WHEN plan --live and show THEN they run offline (exit 2 and 0)', () => {
    copyFileSync(join(ROOT, 'backup-spec.yaml'), join(outside, 'guide.yaml'));
    copyFileSync(join(ROOT, 'fixtures', 'guide-before', 'live.json'), join(outside, 'live.json'));
    const plan = run('reconcile', [
      'plan',
      '--spec',
      'guide.yaml',
      '--live',
      'live.json',
      '--out',
      'plan.json',
    ]);
    expect(plan.stderr).toBe('');
    expect(plan.code).toBe(2);
    const show = run('backup-reconciler', ['show', 'plan.json']);
    expect(show.code).toBe(0);
    // The same plan (test/cli/show.test.ts compares renderings line by line).
    const lastLine = (text: string) => text.trimEnd().split('\n').at(-1);
    expect(lastLine(show.stdout)).toBe(lastLine(plan.stdout));
    expect(lastLine(show.stdout)).toMatch(/^Plan: \d+ to create, \d+ to update/);
    expect(show.stdout.split('\n')[0]).toBe(plan.stdout.split('\n')[0]);
  });

  it('GIVEN a mistake WHEN run THEN the installed CLI answers with the suggestion, exit 1, no stack', () => {
    const r = run('backup-reconciler', ['pln']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`unknown command 'pln' (did you mean "plan"?)`);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});
