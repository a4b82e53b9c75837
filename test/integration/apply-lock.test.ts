/**
 * One apply at a time (issue 12), with two real `reconcile --apply` processes on one account against
 * the strict emulator: exactly one writes, the other exits 1 naming the holder and makes no AWS write.
 * Once with the default local lock (.reconcile/lock in a shared working directory), once with
 * `--lock s3://BUCKET/KEY` (S3 conditional writes); and Ctrl-C releasing a held lock.
 *
 * Each process talks to moto through its own proxy, which records its requests and holds its
 * resource writes back until the other process has ended: whichever takes the lock stops at its first
 * write, so the two runs provably overlap, whatever the machine's speed.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { pathToFileURL } from 'node:url';
import {
  CreateBucketCommand,
  DeleteObjectCommand,
  GetBucketLifecycleConfigurationCommand,
  GetObjectCommand,
  PutObjectCommand,
} from '@aws-sdk/client-s3';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ClientPool } from '../../src/adapters/aws-config.js';
import { parseCliArgs } from '../../src/cli/args.js';
import type { CommandContext } from '../../src/cli/context.js';
import { acquireLock, holderFor } from '../../src/cli/lock.js';
import { type LockHolder, parseHolder, serializeHolder } from '../../src/model/lock.js';
import { runCli } from '../support/cli.js';
import { closeServer, forward, listenLocal, protocolOperation, readBody } from '../support/http-proxy.js';
import { ACCOUNT, motoAwsOptions, motoEndpoint, useDummyCredentials, useMoto } from '../support/moto.js';
import { mutates, type SeenRequest } from '../support/recording-proxy.js';

useMoto();

const ROOT = join(import.meta.dirname, '..', '..');
const MAIN = join(ROOT, 'src', 'cli', 'main.ts');
/** tsx's loader by path: the processes run in temporary directories, where `tsx` does not resolve. */
const TSX = pathToFileURL(join(ROOT, 'node_modules', 'tsx', 'dist', 'loader.mjs')).href;
const LOCK_BUCKET = 'team-reconcile-locks';

const pool = new ClientPool(motoAwsOptions());
afterAll(() => pool.destroy());

beforeAll(async () => {
  useDummyCredentials();
  await pool.get('s3').send(
    new CreateBucketCommand({
      Bucket: LOCK_BUCKET,
      CreateBucketConfiguration: { LocationConstraint: 'eu-west-1' },
    }),
  );
});

function spec(bucket: string): string {
  return `version: 1
account: "${ACCOUNT}"
defaultRegion: eu-west-1
s3:
  buckets:
    ${bucket}:
      region: eu-west-1
      versioning: Enabled
      lifecycle:
        - id: noncurrent-versions
          noncurrentVersionExpiration:
            noncurrentDays: 90
`;
}

/** A proxy that records requests and holds back writes that `held` selects until `open()`. */
interface GateProxy {
  readonly url: string;
  readonly seen: SeenRequest[];
  /** Resolves when the first held write arrives (the run holds the lock and is applying). */
  readonly firstHeld: Promise<void>;
  open(): void;
  close(): Promise<void>;
}

async function gateProxy(held: (r: SeenRequest) => boolean): Promise<GateProxy> {
  const target = new URL(motoEndpoint());
  const seen: SeenRequest[] = [];
  let open: () => void = () => undefined;
  const opened = new Promise<void>((r) => {
    open = r;
  });
  let firstHeld: () => void = () => undefined;
  const first = new Promise<void>((r) => {
    firstHeld = r;
  });
  const server = createServer((req, res) => {
    void readBody(req).then(async (body) => {
      const operation = protocolOperation(req.headers, body.toString('utf8'));
      const request = {
        method: req.method ?? 'GET',
        path: req.url ?? '/',
        ...(operation ? { operation } : {}),
      };
      seen.push(request);
      if (held(request)) {
        firstHeld();
        await opened;
      }
      await forward(target, req, body, res);
    });
  });
  return { url: await listenLocal(server), seen, firstHeld: first, open, close: () => closeServer(server) };
}

/** A request for the S3 lock object (not a resource write). */
const isLockRequest = (r: SeenRequest) => r.path.startsWith(`/${LOCK_BUCKET}/`);
const resourceWrite = (r: SeenRequest) => mutates(r) && !isLockRequest(r);

interface Ended {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stderr: string;
  readonly pid: number;
}

function reconcile(
  args: readonly string[],
  cwd: string,
  endpoint: string,
): { child: ChildProcess; ended: Promise<Ended> } {
  const child = spawn(process.execPath, ['--import', TSX, MAIN, ...args, '--endpoint-url', endpoint], {
    cwd,
    env: {
      ...process.env,
      AWS_ACCESS_KEY_ID: 'testing',
      AWS_SECRET_ACCESS_KEY: 'testing',
      AWS_PROFILE: '',
      LOG_LEVEL: 'warn',
      NO_COLOR: '1',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (c: Buffer) => {
    stderr += String(c);
  });
  child.stdout?.resume();
  const ended = new Promise<Ended>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal, stderr, pid: child.pid ?? -1 })),
  );
  return { child, ended };
}

async function liveNoncurrentDays(bucket: string): Promise<number | undefined> {
  const out = await pool.get('s3').send(new GetBucketLifecycleConfigurationCommand({ Bucket: bucket }));
  return out.Rules?.[0]?.NoncurrentVersionExpiration?.NoncurrentDays;
}

/**
 * Starts two applies at once, each behind a gate proxy; once one has ended (the loser), opens both
 * gates so the winner finishes. Returns both outcomes with what each proxy saw.
 */
async function race(lockArgs: readonly string[], bucket: string) {
  const cwd = mkdtempSync(join(tmpdir(), 'apply-lock-'));
  writeFileSync(join(cwd, 'backup-spec.yaml'), spec(bucket));
  const proxies = [await gateProxy(resourceWrite), await gateProxy(resourceWrite)];
  const runs = proxies.map((p) => reconcile(['apply', '--yes', ...lockArgs], cwd, p.url));
  // Safety net: a broken lock lets both runs reach a write and wait there; open after 90 s so the
  // assertions below (not a timeout) report it.
  const net = setTimeout(() => {
    for (const p of proxies) p.open();
  }, 90_000);
  const firstEnded = await Promise.race(runs.map((r, i) => r.ended.then(() => i)));
  for (const p of proxies) p.open();
  const ended = await Promise.all(runs.map((r) => r.ended));
  clearTimeout(net);
  await Promise.all(proxies.map((p) => p.close()));
  const loser = firstEnded;
  const winner = 1 - loser;
  return {
    cwd,
    loser: { ...(ended[loser] as Ended), seen: (proxies[loser] as GateProxy).seen },
    winner: { ...(ended[winner] as Ended), seen: (proxies[winner] as GateProxy).seen },
  };
}

describe('two applies at once', () => {
  it('GIVEN the default local lock WHEN two --apply processes start together THEN one applies (exit 0), the other exits 1 naming it and writes nothing', async () => {
    const { cwd, loser, winner } = await race([], 'lock-race-local');
    expect(winner.code, winner.stderr).toBe(0);
    expect(loser.code, loser.stderr).toBe(1);
    expect(loser.stderr).toContain('another run holds the lock .reconcile/lock: `reconcile apply`');
    expect(loser.stderr).toContain(`(pid ${winner.pid} on host `);
    expect(loser.stderr).toContain('Nothing was read or changed');
    // The loser made no AWS call at all (the lock comes before the first read); the winner wrote.
    expect(loser.seen).toEqual([]);
    expect(winner.seen.filter(resourceWrite).length).toBeGreaterThan(0);
    expect(await liveNoncurrentDays('lock-race-local')).toBe(90);
    expect(existsSync(join(cwd, '.reconcile', 'lock'))).toBe(false);
  }, 180_000);

  it('GIVEN --lock s3://BUCKET/KEY WHEN two --apply processes start together THEN one applies, the other exits 1 naming it; its only write is the refused lock PutObject', async () => {
    const lock = `s3://${LOCK_BUCKET}/prod/reconcile.lock`;
    const { loser, winner } = await race(['--lock', lock], 'lock-race-s3');
    expect(winner.code, winner.stderr).toBe(0);
    expect(loser.code, loser.stderr).toBe(1);
    expect(loser.stderr).toContain(`another run holds the lock ${lock}: \`reconcile apply\``);
    expect(loser.stderr).toContain(`(pid ${winner.pid} on host `);
    expect(loser.stderr).toMatch(/lease until \d{4}-/);
    expect(loser.seen.filter(resourceWrite)).toEqual([]);
    expect(loser.seen.filter(mutates).map((r) => [r.method, r.path.split('?')[0]])).toEqual([
      ['PUT', `/${LOCK_BUCKET}/prod/reconcile.lock`],
    ]);
    expect(winner.seen.filter(resourceWrite).length).toBeGreaterThan(0);
    // Taken with a PUT, given back with a DELETE at the end.
    const winnerLock = winner.seen.filter((r) => isLockRequest(r) && mutates(r)).map((r) => r.method);
    expect(winnerLock[0]).toBe('PUT');
    expect(winnerLock.at(-1)).toBe('DELETE');
    expect(await liveNoncurrentDays('lock-race-s3')).toBe(90);
  }, 180_000);
});

describe('Ctrl-C', () => {
  it('GIVEN an apply holding the local lock WHEN it gets SIGINT THEN it releases the lock and exits 130', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'apply-lock-int-'));
    writeFileSync(join(cwd, 'backup-spec.yaml'), spec('lock-sigint'));
    const proxy = await gateProxy(resourceWrite);
    const run = reconcile(['apply', '--yes'], cwd, proxy.url);
    await proxy.firstHeld;
    const lockFile = join(cwd, '.reconcile', 'lock');
    expect(parseHolder(readFileSync(lockFile, 'utf8'))?.pid).toBe(run.child.pid);
    run.child.kill('SIGINT');
    const ended = await run.ended;
    proxy.open();
    await proxy.close();
    expect(ended.code, ended.stderr).toBe(130);
    expect(existsSync(lockFile)).toBe(false);
  }, 120_000);
});

describe('S3 lock lease and unlock', () => {
  const KEY = 'lease/reconcile.lock';
  const LOCK = `s3://${LOCK_BUCKET}/${KEY}`;

  function contextFor(args: string[], logs: string[]): CommandContext {
    const parsed = parseCliArgs([...args, '--endpoint-url', motoEndpoint()]);
    if (parsed.kind !== 'run') throw new Error('not a run');
    const stream = new Writable({
      write(chunk, _enc, done) {
        logs.push(String(chunk));
        done();
      },
    });
    return {
      options: parsed.options,
      io: {
        stdout: stream,
        stderr: stream,
        stdinIsTTY: false,
        env: { AWS_ACCESS_KEY_ID: 'testing', AWS_SECRET_ACCESS_KEY: 'testing' },
        cwd: tmpdir(),
      },
      logger: pino({ level: 'warn' }, stream),
      color: false,
    };
  }

  const putHolder = (holder: LockHolder) =>
    pool
      .get('s3')
      .send(new PutObjectCommand({ Bucket: LOCK_BUCKET, Key: KEY, Body: serializeHolder(holder) }));

  it('GIVEN a lock whose lease has expired WHEN a run takes the lock THEN it takes it over with a warning and releases it at the end', async () => {
    await putHolder({
      ...holderFor('apply'),
      host: 'dead-runner',
      pid: 99,
      expiresAt: '2020-01-01T00:00:00.000Z',
    });
    const logs: string[] = [];
    const lock = await acquireLock(contextFor(['apply', '--lock', LOCK], logs), 'apply');
    expect(logs.join('')).toContain(
      'took over an expired lock: `reconcile apply` (pid 99 on host dead-runner',
    );
    const body = await pool.get('s3').send(new GetObjectCommand({ Bucket: LOCK_BUCKET, Key: KEY }));
    const holder = parseHolder(
      await (body.Body as { transformToString(): Promise<string> }).transformToString(),
    );
    expect(holder).toMatchObject({ pid: process.pid, command: 'apply' });
    expect(Date.parse(holder?.expiresAt ?? '')).toBeGreaterThan(Date.now());
    await lock.release();
    await expect(
      pool.get('s3').send(new GetObjectCommand({ Bucket: LOCK_BUCKET, Key: KEY })),
    ).rejects.toMatchObject({
      name: 'NoSuchKey',
    });
  });

  const readHolder = async () => {
    const body = await pool.get('s3').send(new GetObjectCommand({ Bucket: LOCK_BUCKET, Key: KEY }));
    return parseHolder(await (body.Body as { transformToString(): Promise<string> }).transformToString());
  };

  it("GIVEN a held S3 lock WHEN renewed THEN the lease moves on; WHEN another run overwrote it THEN renewal says so and release leaves the other run's lock alone", async () => {
    const logs: string[] = [];
    const lock = await acquireLock(contextFor(['apply', '--lock', LOCK], logs), 'apply');
    const first = await readHolder();
    await new Promise((r) => setTimeout(r, 20));
    expect(await lock.renew()).toBe(true);
    const renewed = await readHolder();
    expect(renewed?.id).toBe(first?.id);
    expect(Date.parse(renewed?.expiresAt ?? '')).toBeGreaterThan(Date.parse(first?.expiresAt ?? ''));
    // Someone else's record replaces ours (as a takeover after an expired lease would).
    const other = {
      ...holderFor('apply'),
      host: 'other-runner',
      pid: 31337,
      expiresAt: '2999-01-01T00:00:00.000Z',
    };
    await putHolder(other);
    expect(await lock.renew()).toBe(false);
    expect(logs.join('')).toContain('the lock was taken over by another run');
    await lock.release();
    // DeleteObject If-Match with our stale ETag is refused: the other run's lock survives.
    expect((await readHolder())?.host).toBe('other-runner');
    expect(logs.join('')).toContain('the lock was no longer this run');
    await pool.get('s3').send(new DeleteObjectCommand({ Bucket: LOCK_BUCKET, Key: KEY }));
  });

  it('GIVEN a lock with a live lease WHEN a run takes it THEN LOCK_HELD; `reconcile unlock --lock` removes it naming the holder', async () => {
    await putHolder({
      ...holderFor('restore .reconcile/backups/x'),
      host: 'ci-9',
      pid: 7,
      expiresAt: '2999-01-01T00:00:00.000Z',
    });
    await expect(acquireLock(contextFor(['apply', '--lock', LOCK], []), 'apply')).rejects.toMatchObject({
      code: 'LOCK_HELD',
    });
    const r = await runCli(['unlock', '--lock', LOCK, '--endpoint-url', motoEndpoint()], {
      cwd: tmpdir(),
      env: { AWS_ACCESS_KEY_ID: 'testing', AWS_SECRET_ACCESS_KEY: 'testing', LOG_LEVEL: 'silent' },
    });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(
      `Removed the lock ${LOCK}, held by \`reconcile restore .reconcile/backups/x\` (pid 7 on host ci-9`,
    );
    const lock = await acquireLock(contextFor(['apply', '--lock', LOCK], []), 'apply');
    await lock.release();
  });
});

describe('S3 lock writes retried after a lost answer', () => {
  const KEY = 'retried/reconcile.lock';
  const LOCK = `s3://${LOCK_BUCKET}/${KEY}`;

  /**
   * A proxy to moto that forwards the first conditional PutObject (If-None-Match: *) of the lock, lets
   * moto store it, then drops the connection before the answer reaches the client: what a network
   * reset after S3 committed the write looks like. The SDK retries; S3 answers the retry 412 (S3 User
   * Guide, "Conditional writes": a retried request can fail its precondition because the first one
   * succeeded).
   */
  async function droppingProxy(): Promise<{ url: string; dropped: () => number; close(): Promise<void> }> {
    const upstream = new URL(motoEndpoint());
    let dropped = 0;
    const server = createServer(async (req, res) => {
      const body = await readBody(req);
      const lockPut =
        req.method === 'PUT' && req.url?.startsWith(`/${LOCK_BUCKET}/${KEY}`) && req.headers['if-none-match'];
      if (lockPut && dropped === 0) {
        dropped++;
        const sink = new Writable({
          write(_c, _e, done) {
            done();
          },
        });
        // Let moto store it, then reset the client's connection instead of answering.
        await forward(upstream, req, body, Object.assign(sink, { writeHead: () => sink }) as never);
        req.socket.destroy();
        return;
      }
      await forward(upstream, req, body, res, { keepClientConnection: true });
    });
    const url = await listenLocal(server);
    return { url, dropped: () => dropped, close: () => closeServer(server) };
  }

  it('GIVEN the answer to the lock PutObject is lost after S3 stored it WHEN the SDK retries (412) THEN the run recognises its own record and holds the lock (no LOCK_HELD naming itself)', async () => {
    const proxy = await droppingProxy();
    try {
      const parsed = parseCliArgs(['apply', '--lock', LOCK, '--endpoint-url', proxy.url]);
      if (parsed.kind !== 'run') throw new Error('not a run');
      const logs: string[] = [];
      const stream = new Writable({
        write(chunk, _enc, done) {
          logs.push(String(chunk));
          done();
        },
      });
      const ctx: CommandContext = {
        options: parsed.options,
        io: {
          stdout: stream,
          stderr: stream,
          stdinIsTTY: false,
          env: { AWS_ACCESS_KEY_ID: 'testing', AWS_SECRET_ACCESS_KEY: 'testing' },
          cwd: tmpdir(),
        },
        logger: pino({ level: 'warn' }, stream),
        color: false,
      };
      const lock = await acquireLock(ctx, 'apply');
      expect(proxy.dropped()).toBe(1);
      const body = await pool.get('s3').send(new GetObjectCommand({ Bucket: LOCK_BUCKET, Key: KEY }));
      const holder = parseHolder(
        await (body.Body as { transformToString(): Promise<string> }).transformToString(),
      );
      expect(holder).toMatchObject({ pid: process.pid, command: 'apply' });
      await lock.release();
      await expect(
        pool.get('s3').send(new GetObjectCommand({ Bucket: LOCK_BUCKET, Key: KEY })),
      ).rejects.toMatchObject({ name: 'NoSuchKey' });
      expect(logs.join('')).not.toContain('no longer this run');
    } finally {
      await proxy.close();
      await pool.get('s3').send(new DeleteObjectCommand({ Bucket: LOCK_BUCKET, Key: KEY }));
    }
  });
});
