/**
 * One apply at a time (issue 12): `--apply` and `--restore` hold a lock from before they read AWS
 * until they end (normally, on an error, or on Ctrl-C / SIGTERM), so two runs never plan against
 * the same live state and write over each other.
 *
 * - Local (default `.reconcile/lock`, or `--lock PATH`): the holder record is written to a temporary
 *   file and hard-linked to the lock path, which fails when the path exists (link(2): EEXIST), so the
 *   lock appears atomically and whole. A lock whose holder ran on this host and whose pid is no
 *   longer alive is stale: it is taken over, with a warning.
 * - S3 (`--lock s3://BUCKET/KEY`): see src/adapters/s3/lock.ts (conditional writes, a lease renewed
 *   while the run lasts; an expired lease is taken over with a warning).
 *
 * The loser waits up to `--lock-timeout SECONDS` (default 0: fail at once), then fails with
 * LOCK_HELD naming the holder, before any AWS read or write. `reconcile unlock` removes a lock by hand.
 */
import { randomUUID } from 'node:crypto';
import { link, mkdir, readFile, rename, unlink, writeFile } from 'node:fs/promises';
import { hostname, userInfo } from 'node:os';
import { dirname, isAbsolute, resolve } from 'node:path';
import { type AwsOptions, ClientPool, resolveAwsOptions } from '../adapters/aws-config.js';
import { awsErrorCode } from '../adapters/kit.js';
import {
  createLockObject,
  deleteLockObject,
  readLockObject,
  replaceLockObject,
  type S3LockRef,
} from '../adapters/s3/lock.js';
import type { WriteContext } from '../adapters/types.js';
import { AwsAccessError, describeFileError, InputFileError, ReconcileError, UsageError } from '../errors.js';
import { createWriteContext } from '../executor/write-context.js';
import {
  DEFAULT_LOCK_FILE,
  describeHolder,
  LEASE_RENEW_SECONDS,
  LEASE_SECONDS,
  type LockHolder,
  type LockLocation,
  leaseExpired,
  parseHolder,
  parseLockLocation,
  serializeHolder,
} from '../model/lock.js';
import type { CommandContext } from './context.js';
import type { Logger } from './logger.js';

/** Another run holds the lock (after waiting `--lock-timeout`); nothing was read or changed. */
export class LockHeldError extends ReconcileError {
  constructor(message: string) {
    super('LOCK_HELD', message);
  }
}

/** A lock this run holds. */
export interface HeldLock {
  readonly location: LockLocation;
  /** Gives the lock back (idempotent; never throws: a failure is logged). */
  release(): Promise<void>;
  /**
   * Extends the lease now (S3 locks renew by themselves every LEASE_RENEW_SECONDS); false when the
   * lock is no longer this run's (taken over, or removed by hand).
   */
  renew(): Promise<boolean>;
}

/** One attempt to take the lock. */
type Attempt = { readonly taken: true } | { readonly taken: false; readonly holder?: LockHolder };

/** A lock's storage. */
interface LockBackend {
  /** One attempt (takes over a stale or expired lock itself, with a warning). */
  tryTake(holder: LockHolder): Promise<Attempt>;
  /** Gives back the lock this backend took. */
  release(): Promise<void>;
  /** Extends a held lease (S3); false when the lock is no longer this run's. Local locks: true. */
  renew(): Promise<boolean>;
  /** The current holder, for `unlock`; undefined: no lock. `raw`: the text when it is no holder record. */
  current(): Promise<{ holder?: LockHolder; raw: string } | undefined>;
  /** Removes the lock whatever it holds (`unlock`). */
  remove(): Promise<void>;
  /** Frees what the backend opened (clients). */
  close(): void;
}

/** Whether `pid` is a running process on this host (EPERM: it runs, as another user). */
export function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function currentUser(): string | undefined {
  try {
    return userInfo().username || undefined;
  } catch {
    return undefined;
  }
}

/** This run's holder record (`expiresAt` is set by the S3 backend). */
export function holderFor(command: string, now: Date = new Date()): LockHolder {
  const user = currentUser();
  return {
    tool: 'backup-reconciler-lock',
    formatVersion: 1,
    id: randomUUID(),
    command,
    pid: process.pid,
    host: hostname(),
    ...(user ? { user } : {}),
    startedAt: now.toISOString(),
  };
}

/** A local holder that is provably dead: it ran on this host and its pid is gone. */
function staleLocal(holder: LockHolder): boolean {
  return holder.host === hostname() && holder.pid !== process.pid && !pidAlive(holder.pid);
}

function fileBackend(path: string, logger: Logger): LockBackend {
  let mine: string | undefined;
  const readText = async (): Promise<string | undefined> => {
    try {
      return await readFile(path, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw new InputFileError(`cannot read the lock ${path}: ${describeFileError(e, 'read')}`);
    }
  };
  /** Creates the lock atomically and whole: false when it exists. */
  const create = async (holder: LockHolder): Promise<boolean> => {
    const tmp = `${path}.${process.pid}.${holder.id}.tmp`;
    try {
      await mkdir(dirname(path), { recursive: true });
      await writeFile(tmp, serializeHolder(holder), { mode: 0o600, flag: 'wx' });
      await link(tmp, path);
      return true;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'EEXIST') return false;
      throw new InputFileError(`cannot write the lock ${path}: ${describeFileError(e, 'write')}`);
    } finally {
      await unlink(tmp).catch(() => undefined);
    }
  };
  /**
   * Removes the lock if it still holds exactly `text`: moves it aside (rename is atomic, so of two
   * runs taking over the same stale lock only one gets the file), then checks what it moved; a lock
   * someone took meanwhile is linked back.
   */
  const removeIf = async (text: string): Promise<void> => {
    const aside = `${path}.${process.pid}.${randomUUID()}.stale`;
    try {
      await rename(path, aside);
    } catch {
      return; // gone already, or another run moved it first
    }
    const moved = await readFile(aside, 'utf8').catch(() => undefined);
    if (moved !== text) await link(aside, path).catch(() => undefined);
    await unlink(aside).catch(() => undefined);
  };
  return {
    async tryTake(holder) {
      for (let attempt = 0; attempt < 3; attempt++) {
        if (await create(holder)) {
          mine = holder.id;
          return { taken: true };
        }
        const text = await readText();
        if (text === undefined) continue; // released between our create and read: try again
        const current = parseHolder(text);
        if (!current || !staleLocal(current))
          return current ? { taken: false, holder: current } : { taken: false };
        logger.warn(
          { lock: path, holder: current },
          `taking over a stale lock: ${describeHolder(current)} is no longer running on this host`,
        );
        await removeIf(text);
      }
      return { taken: false };
    },
    async release() {
      if (mine === undefined) return;
      const text = await readText().catch(() => undefined);
      const current = text === undefined ? undefined : parseHolder(text);
      if (text !== undefined && current?.id === mine) await removeIf(text);
      else logger.warn({ lock: path }, 'the lock was no longer this run’s when it ended (removed by hand?)');
      mine = undefined;
    },
    async renew() {
      return mine !== undefined;
    },
    async current() {
      const text = await readText();
      if (text === undefined) return undefined;
      const holder = parseHolder(text);
      return holder ? { holder, raw: text } : { raw: text };
    },
    async remove() {
      try {
        await unlink(path);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'ENOENT')
          throw new InputFileError(`cannot remove the lock ${path}: ${describeFileError(e, 'write')}`);
      }
    },
    close() {},
  };
}

function s3Backend(ref: S3LockRef, aws: AwsOptions, logger: Logger): LockBackend {
  const pool = new ClientPool(aws);
  const writer = (): WriteContext =>
    createWriteContext({ pool, account: '', concurrency: 1, logger, counters: [] });
  let held: { holder: LockHolder; etag: string } | undefined;
  let timer: NodeJS.Timeout | undefined;
  const leased = (holder: LockHolder): LockHolder => ({
    ...holder,
    expiresAt: new Date(Date.now() + LEASE_SECONDS * 1000).toISOString(),
  });
  const renew = async (): Promise<boolean> => {
    if (!held) return false;
    const next = leased(held.holder);
    const where = `s3://${ref.bucket}/${ref.key}`;
    let etag: string | undefined;
    try {
      etag = await replaceLockObject(writer(), ref, serializeHolder(next), held.etag);
    } catch (e) {
      // A transient failure: the lease still runs; the next renewal tries again.
      logger.warn({ lock: where }, `could not renew the lock's lease: ${(e as Error).message}`);
      return true;
    }
    if (etag === undefined) {
      // A retried renewal whose first attempt was stored (its answer lost) fails If-Match against our
      // own new record: still ours.
      const obj = await readLockObject(pool, ref).catch(() => undefined);
      const current = obj ? parseHolder(obj.text) : undefined;
      if (obj && current?.id === next.id) {
        held = { holder: current, etag: obj.etag };
        return true;
      }
      logger.error({ lock: where }, 'the lock was taken over by another run (its lease had expired?)');
      return false;
    }
    held = { holder: next, etag };
    return true;
  };
  const take = (holder: LockHolder, etag: string) => {
    held = { holder, etag };
    timer = setInterval(() => void renew(), LEASE_RENEW_SECONDS * 1000);
    timer.unref();
  };
  return {
    async tryTake(base) {
      for (let attempt = 0; attempt < 3; attempt++) {
        const holder = leased(base);
        const etag = await createLockObject(writer(), ref, serializeHolder(holder));
        if (etag !== undefined) {
          take(holder, etag);
          return { taken: true };
        }
        const obj = await readLockObject(pool, ref);
        if (!obj) continue; // released between our write and read: try again
        const current = parseHolder(obj.text);
        // Our own record: the write succeeded, but its answer was lost and the SDK's retry failed the
        // precondition against it (S3 User Guide, "Conditional writes"). The lock is ours.
        if (current && current.id === holder.id) {
          take(current, obj.etag);
          return { taken: true };
        }
        if (!current || !leaseExpired(current, new Date()))
          return current ? { taken: false, holder: current } : { taken: false };
        const took = await replaceLockObject(writer(), ref, serializeHolder(holder), obj.etag);
        if (took !== undefined) {
          logger.warn(
            { lock: `s3://${ref.bucket}/${ref.key}`, holder: current },
            `took over an expired lock: ${describeHolder(current)}`,
          );
          take(holder, took);
          return { taken: true };
        }
      }
      return { taken: false };
    },
    renew,
    async release() {
      if (timer) clearInterval(timer);
      timer = undefined;
      if (!held) return;
      const { etag } = held;
      held = undefined;
      const removed = await deleteLockObject(writer(), ref, etag);
      if (!removed)
        logger.warn(
          { lock: `s3://${ref.bucket}/${ref.key}` },
          'the lock was no longer this run’s when it ended (its lease was taken over, or it was removed by hand)',
        );
    },
    async current() {
      const obj = await readLockObject(pool, ref);
      if (!obj) return undefined;
      const holder = parseHolder(obj.text);
      return holder ? { holder, raw: obj.text } : { raw: obj.text };
    },
    async remove() {
      const obj = await readLockObject(pool, ref);
      if (obj) await deleteLockObject(writer(), ref, obj.etag);
    },
    close() {
      if (timer) clearInterval(timer);
      pool.destroy();
    },
  };
}

/** The lock location of this run: `--lock`, else `.reconcile/lock` in the working directory. */
export function lockLocationOf(ctx: CommandContext): LockLocation {
  let location: LockLocation;
  try {
    location = parseLockLocation(ctx.options.lock ?? DEFAULT_LOCK_FILE);
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  if (location.kind === 'file' && !isAbsolute(location.path))
    return { kind: 'file', path: resolve(ctx.io.cwd, location.path) };
  return location;
}

function backendFor(ctx: CommandContext, location: LockLocation, specRegion?: string): LockBackend {
  if (location.kind === 'file') return fileBackend(location.path, ctx.logger);
  const { options, io } = ctx;
  const aws = resolveAwsOptions(options, io.env, specRegion);
  return s3Backend({ bucket: location.bucket, key: location.key }, aws, ctx.logger);
}

/**
 * A failure of the lock's storage as a located error (an S3 lock bucket that does not exist or
 * refuses access, missing credentials): the run stops before reading anything.
 */
function lockError(e: unknown, where: string, verb: 'take' | 'remove'): unknown {
  if (e instanceof ReconcileError) return e;
  const code = awsErrorCode(e);
  return new AwsAccessError(
    `cannot ${verb} the lock ${where}: ${code ? `${code}: ` : ''}${(e as Error)?.message ?? String(e)}. Nothing was changed.`,
  );
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** How long to wait between two attempts while another run holds the lock. */
const POLL_MS = 1_000;

/**
 * Takes the lock for `command` (`apply`, `restore DIR`, ...): at once, or waiting up to
 * `--lock-timeout` seconds; throws LockHeldError naming the holder otherwise. While held, Ctrl-C and
 * SIGTERM release it before the process ends.
 */
export async function acquireLock(
  ctx: CommandContext,
  command: string,
  specRegion?: string,
): Promise<HeldLock> {
  const location = lockLocationOf(ctx);
  const backend = backendFor(ctx, location, specRegion);
  const where = ctx.options.lock ?? DEFAULT_LOCK_FILE;
  const timeoutMs = (ctx.options.lockTimeoutSeconds ?? 0) * 1000;
  const deadline = Date.now() + timeoutMs;
  const holder = holderFor(command);
  let waiting = false;
  try {
    for (;;) {
      const attempt = await backend.tryTake(holder);
      if (attempt.taken) break;
      const who = attempt.holder
        ? describeHolder(attempt.holder)
        : 'something that is not a reconcile lock record (inspect it, then `reconcile unlock`)';
      const left = deadline - Date.now();
      if (left <= 0) {
        throw new LockHeldError(
          [
            `another run holds the lock ${where}: ${who}.`,
            `Nothing was read or changed. Wait for it to finish${timeoutMs > 0 ? '' : ' (or wait for it with --lock-timeout SECONDS)'}; ` +
              `if that run is gone for good, remove the lock with \`reconcile unlock${ctx.options.lock !== undefined ? ` --lock ${ctx.options.lock}` : ''}\`.`,
          ].join('\n'),
        );
      }
      if (!waiting)
        ctx.logger.warn(
          { lock: where },
          `waiting up to ${Math.ceil(left / 1000)} s for the lock held by ${who}`,
        );
      waiting = true;
      await sleep(Math.min(POLL_MS, left));
    }
  } catch (e) {
    backend.close();
    throw lockError(e, where, 'take');
  }
  ctx.logger.debug({ lock: where }, 'lock taken');
  let released = false;
  const onSignal = (signal: NodeJS.Signals) => {
    void release().finally(() => process.exit(signal === 'SIGINT' ? 130 : 143));
  };
  const release = async () => {
    if (released) return;
    released = true;
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    try {
      await backend.release();
    } catch (e) {
      ctx.logger.error(
        { lock: where },
        `could not release the lock: ${(e as Error).message}; remove it with \`reconcile unlock\``,
      );
    } finally {
      backend.close();
    }
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  return { location, release, renew: () => backend.renew() };
}

/** Runs `fn` holding the lock for `command`; releases it however `fn` ends. */
export async function withLock<T>(
  ctx: CommandContext,
  command: string,
  fn: () => Promise<T>,
  specRegion?: string,
): Promise<T> {
  const lock = await acquireLock(ctx, command, specRegion);
  try {
    return await fn();
  } finally {
    await lock.release();
  }
}

/** What `reconcile unlock` found and did. */
export interface UnlockOutcome {
  readonly location: string;
  /** undefined: there was no lock. */
  readonly holder?: LockHolder;
  readonly removed: boolean;
}

/**
 * `reconcile unlock`: removes the lock, whoever holds it, and says whose it was. A local lock whose
 * holder still runs on this host is refused (stop that run, or let it finish).
 */
export async function unlock(ctx: CommandContext, specRegion?: string): Promise<UnlockOutcome> {
  const location = lockLocationOf(ctx);
  const where = ctx.options.lock ?? DEFAULT_LOCK_FILE;
  const backend = backendFor(ctx, location, specRegion);
  try {
    const current = await backend.current();
    if (!current) return { location: where, removed: false };
    const holder = current.holder;
    if (location.kind === 'file' && holder && holder.host === hostname() && pidAlive(holder.pid))
      throw new LockHeldError(
        `the lock ${where} is held by ${describeHolder(holder)}, which is still running on this host; nothing was removed. Let it finish, or stop it (its lock is released when it ends).`,
      );
    await backend.remove();
    return { location: where, ...(holder ? { holder } : {}), removed: true };
  } catch (e) {
    throw lockError(e, where, 'remove');
  } finally {
    backend.close();
  }
}
