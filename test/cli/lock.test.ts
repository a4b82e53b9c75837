/**
 * The local apply lock (issue 12, "One apply at a time"): taken atomically, refused with the holder
 * named, a dead holder's lock taken over, `--lock-timeout` waiting, `reconcile unlock`; and
 * `--apply`/`--restore` refusing before any AWS call while another run holds it. The two-process
 * apply against the emulator (local and S3 locks) is test/integration/apply-lock.test.ts.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import pino from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { parseCliArgs } from '../../src/cli/args.js';
import type { CommandContext } from '../../src/cli/context.js';
import { acquireLock, holderFor } from '../../src/cli/lock.js';
import {
  describeHolder,
  type LockHolder,
  leaseExpired,
  parseHolder,
  parseLockLocation,
  serializeHolder,
} from '../../src/model/lock.js';
import { runCli } from '../support/cli.js';

const tmp = mkdtempSync(join(tmpdir(), 'lock-cli-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

let n = 0;
function freshDir(): string {
  const dir = join(tmp, `case-${n++}`);
  mkdirSync(dir);
  return dir;
}

/** A context for `reconcile <args>` in `cwd`, its warnings collected in `logs`. */
function contextFor(args: string[], cwd: string, logs: string[] = []): CommandContext {
  const parsed = parseCliArgs(args);
  if (parsed.kind !== 'run') throw new Error('not a run');
  const stream = new Writable({
    write(chunk, _enc, done) {
      logs.push(String(chunk));
      done();
    },
  });
  const io = { stdout: stream, stderr: stream, stdinIsTTY: false, env: {}, cwd };
  return { options: parsed.options, io, logger: pino({ level: 'warn' }, stream), color: false };
}

/** A pid that no longer runs: a child process that has exited. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', '0']);
  if (child.pid === undefined) throw new Error('could not start a child process');
  return child.pid;
}

function writeLock(dir: string, holder: Partial<LockHolder>): string {
  const path = join(dir, '.reconcile', 'lock');
  mkdirSync(join(dir, '.reconcile'), { recursive: true });
  writeFileSync(path, serializeHolder({ ...holderFor('apply'), ...holder }));
  return path;
}

describe('lock records and locations', () => {
  it('GIVEN lock locations WHEN parsed THEN s3:// URLs name bucket and key, anything else is a path', () => {
    expect(parseLockLocation('s3://team-locks/reconcile/prod.lock')).toEqual({
      kind: 's3',
      bucket: 'team-locks',
      key: 'reconcile/prod.lock',
    });
    expect(parseLockLocation('/var/lock/reconcile')).toEqual({ kind: 'file', path: '/var/lock/reconcile' });
    expect(() => parseLockLocation('s3://team-locks')).toThrow(/names no object/);
    expect(() => parseLockLocation('s3://team-locks/dir/')).toThrow(/s3:\/\/BUCKET\/KEY/);
  });

  it('GIVEN a holder WHEN written and read back THEN equal; foreign text is no holder', () => {
    const h = { ...holderFor('apply plan.json'), expiresAt: '2026-12-02T18:15:00.000Z' };
    expect(parseHolder(serializeHolder(h))).toEqual(h);
    expect(parseHolder('{"pid": 1}')).toBeUndefined();
    expect(parseHolder('not json')).toBeUndefined();
    expect(leaseExpired(h, new Date('2026-12-02T18:14:59Z'))).toBe(false);
    expect(leaseExpired(h, new Date('2026-12-02T18:15:00Z'))).toBe(true);
    expect(leaseExpired(holderFor('apply'), new Date('2099-01-01T00:00:00Z'))).toBe(false);
    expect(describeHolder(h)).toContain(`pid ${process.pid} on host ${hostname()}`);
    expect(describeHolder(h)).toContain('`reconcile apply plan.json`');
  });
});

describe('local lock', () => {
  it('GIVEN a run holding the lock WHEN another run takes it THEN LOCK_HELD naming the holder; after release it is free', async () => {
    const dir = freshDir();
    const first = await acquireLock(contextFor(['apply'], dir), 'apply');
    const path = join(dir, '.reconcile', 'lock');
    const record = parseHolder(readFileSync(path, 'utf8'));
    expect(record).toMatchObject({ command: 'apply', pid: process.pid, host: hostname() });
    await expect(acquireLock(contextFor(['apply'], dir), 'apply')).rejects.toMatchObject({
      code: 'LOCK_HELD',
      message: expect.stringContaining(
        `another run holds the lock .reconcile/lock: \`reconcile apply\` (pid ${process.pid} on host ${hostname()}`,
      ),
    });
    await first.release();
    expect(existsSync(path)).toBe(false);
    const second = await acquireLock(contextFor(['apply'], dir), 'apply');
    await second.release();
  });

  it('GIVEN a lock left by a dead process on this host WHEN a run starts THEN it takes the lock over with a warning', async () => {
    const dir = freshDir();
    const pid = deadPid();
    writeLock(dir, { pid, command: 'restore old', host: hostname() });
    const logs: string[] = [];
    const lock = await acquireLock(contextFor(['apply'], dir, logs), 'apply');
    const path = join(dir, '.reconcile', 'lock');
    expect(parseHolder(readFileSync(path, 'utf8'))?.pid).toBe(process.pid);
    expect(logs.join('')).toContain(
      `taking over a stale lock: \`reconcile restore old\` (pid ${pid} on host ${hostname()}`,
    );
    await lock.release();
  });

  it('GIVEN a lock held from another host WHEN a run starts THEN it is never taken over (its pid cannot be checked)', async () => {
    const dir = freshDir();
    writeLock(dir, { pid: deadPid(), host: 'build-agent-7' });
    await expect(acquireLock(contextFor(['apply'], dir), 'apply')).rejects.toMatchObject({
      code: 'LOCK_HELD',
      message: expect.stringContaining('on host build-agent-7'),
    });
  });

  it('GIVEN --lock-timeout WHEN the holder releases while the second run waits THEN the second run gets the lock', async () => {
    const dir = freshDir();
    const first = await acquireLock(contextFor(['apply'], dir), 'apply');
    const logs: string[] = [];
    const waiting = acquireLock(contextFor(['apply', '--lock-timeout', '30'], dir, logs), 'apply');
    // Release only once the second run has seen the lock held and started waiting.
    while (!logs.join('').includes('waiting up to')) await new Promise((r) => setTimeout(r, 20));
    await first.release();
    const second = await waiting;
    expect(parseHolder(readFileSync(join(dir, '.reconcile', 'lock'), 'utf8'))?.id).toBeDefined();
    await second.release();
  });

  it('GIVEN --lock PATH WHEN taken THEN the lock is that file', async () => {
    const dir = freshDir();
    const lock = await acquireLock(
      contextFor(['restore', 'x', '--lock', 'locks/prod.lock'], dir),
      'restore x',
    );
    expect(parseHolder(readFileSync(join(dir, 'locks', 'prod.lock'), 'utf8'))?.command).toBe('restore x');
    await lock.release();
    expect(existsSync(join(dir, 'locks', 'prod.lock'))).toBe(false);
  });
});

describe('reconcile unlock', () => {
  it('GIVEN a lock left by another host WHEN unlocked THEN removed and its holder named; again: nothing to remove', async () => {
    const dir = freshDir();
    const path = writeLock(dir, { host: 'laptop-9', pid: 4242, user: 'alice' });
    const r = await runCli(['unlock'], { cwd: dir, env: { LOG_LEVEL: 'silent' } });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(
      'Removed the lock .reconcile/lock, held by `reconcile apply` (pid 4242 on host laptop-9, user alice)',
    );
    expect(existsSync(path)).toBe(false);
    const again = await runCli(['unlock', '--json'], { cwd: dir, env: { LOG_LEVEL: 'silent' } });
    expect(JSON.parse(again.stdout)).toEqual({
      formatVersion: 1,
      location: '.reconcile/lock',
      removed: false,
    });
  });

  it('GIVEN a lock whose run is alive on this host WHEN unlocked THEN refused (exit 1) and kept', async () => {
    const dir = freshDir();
    const lock = await acquireLock(contextFor(['apply'], dir), 'apply');
    const r = await runCli(['unlock'], { cwd: dir, env: { LOG_LEVEL: 'silent' } });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('still running on this host; nothing was removed');
    expect(existsSync(join(dir, '.reconcile', 'lock'))).toBe(true);
    await lock.release();
  });
});

describe('apply and restore under a held lock', () => {
  // An endpoint nobody listens on: any AWS call would fail with AWS_UNREACHABLE, not LOCK_HELD.
  const NOWHERE = 'http://127.0.0.1:9';
  const env = { LOG_LEVEL: 'silent', AWS_ACCESS_KEY_ID: 'x', AWS_SECRET_ACCESS_KEY: 'y' };

  it('GIVEN another run holds the lock WHEN --apply runs THEN exit 1 naming the holder, before any AWS call', async () => {
    const dir = freshDir();
    writeLock(dir, { host: 'ci-runner-3', pid: 777, command: 'apply plan.json' });
    const spec = join(dir, 'backup-spec.yaml');
    writeFileSync(
      spec,
      'version: 1\naccount: "828879644785"\ndefaultRegion: eu-west-1\ns3:\n  buckets:\n    lock-test-media:\n      region: eu-west-1\n      versioning: Enabled\n',
    );
    const r = await runCli(['apply', '--yes', '--spec', spec, '--endpoint-url', NOWHERE], { cwd: dir, env });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      'another run holds the lock .reconcile/lock: `reconcile apply plan.json` (pid 777 on host ci-runner-3',
    );
    expect(r.stderr).toContain('Nothing was read or changed');
    expect(r.stderr).toContain('reconcile unlock');
    expect(r.stderr).not.toMatch(/AWS_UNREACHABLE|could not be reached/);
  });

  it('GIVEN another run holds the lock WHEN --restore runs THEN exit 1 naming the holder, before any AWS call', async () => {
    const dir = freshDir();
    writeLock(dir, { host: 'ci-runner-3', pid: 778, command: 'apply' });
    const backup = join(dir, 'backup');
    mkdirSync(backup);
    writeFileSync(
      join(backup, 'manifest.json'),
      JSON.stringify({
        formatVersion: 1,
        kind: 'reconcile-backup',
        account: '828879644785',
        defaultRegion: 'eu-west-1',
        createdAt: '2026-12-01T10:00:00.000Z',
      }),
    );
    const r = await runCli(['restore', 'backup', '--yes', '--endpoint-url', NOWHERE], { cwd: dir, env });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      'another run holds the lock .reconcile/lock: `reconcile apply` (pid 778 on host ci-runner-3',
    );
    expect(r.stderr).not.toMatch(/could not be reached/);
  });

  it('GIVEN --lock s3:// in a bucket a recovery scenario lists (or one replicating into it) WHEN --apply runs THEN a usage error before any AWS call: a drill would sample the lock records as the data', async () => {
    const dir = freshDir();
    const spec = join(dir, 'backup-spec.yaml');
    writeFileSync(
      spec,
      `version: 1
account: "828879644785"
defaultRegion: eu-west-1
s3:
  buckets:
    media-prod:
      region: eu-west-1
      versioning: Enabled
      replication:
        role: arn:aws:iam::828879644785:role/replication
        rules:
          - id: to-replica
            destination: {bucket: media-replica}
    media-replica:
      region: eu-west-1
      versioning: Enabled
    team-locks:
      region: eu-west-1
      versioning: Enabled
recovery:
  scenarios:
    deleted-file-old:
      rpo: 6h
      rto: 48h
      resources:
        - bucket: media-replica
`,
    );
    for (const bucket of ['media-replica', 'media-prod']) {
      const r = await runCli(
        [
          'apply',
          '--yes',
          '--spec',
          spec,
          '--lock',
          `s3://${bucket}/reconcile/prod.lock`,
          '--endpoint-url',
          NOWHERE,
        ],
        { cwd: dir, env },
      );
      expect(r.code, r.stderr).toBe(1);
      expect(r.stderr).toContain(`--lock s3://${bucket}/reconcile/prod.lock:`);
      expect(r.stderr).toContain('deleted-file-old');
      expect(r.stderr).not.toMatch(/could not be reached|AWS_UNREACHABLE|\n\s+at /);
    }
    // A declared bucket no scenario samples is fine: the run gets as far as AWS.
    const ok = await runCli(
      [
        'apply',
        '--yes',
        '--spec',
        spec,
        '--lock',
        's3://team-locks/reconcile/prod.lock',
        '--endpoint-url',
        NOWHERE,
      ],
      { cwd: dir, env },
    );
    expect(ok.stderr).not.toContain('deleted-file-old');
  });

  it('GIVEN --lock-timeout is not a number WHEN parsed THEN a usage error', async () => {
    const r = await runCli(['apply', '--lock-timeout', 'soon'], { cwd: freshDir(), env });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("--lock-timeout needs a number of seconds (0 or more), got 'soon'");
  });
});
