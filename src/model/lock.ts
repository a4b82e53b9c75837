/**
 * The apply lock's vocabulary (issue 12, "One apply at a time"): where a lock lives, who holds it and
 * how that is written down. `--apply` and `--restore` take the lock before they read AWS and give it
 * back when they end; a second run meets the holder's record and says who it is. Pure: the file and
 * S3 backends are src/cli/lock.ts and src/adapters/s3/lock.ts.
 */

/** Where the lock lives: a local file (default `.reconcile/lock`) or an S3 object (`--lock s3://b/k`). */
export type LockLocation =
  | { readonly kind: 'file'; readonly path: string }
  | { readonly kind: 's3'; readonly bucket: string; readonly key: string };

/** The default lock file, relative to the working directory (next to `.reconcile/backups/`). */
export const DEFAULT_LOCK_FILE = '.reconcile/lock';

/**
 * How long an S3 lock's lease lasts before another run may take it over, unless the holder renews
 * it (every {@link LEASE_RENEW_SECONDS} while it runs). A local lock has no lease: its holder's pid
 * says whether it still runs.
 */
export const LEASE_SECONDS = 15 * 60;
/** How often a running holder renews its S3 lease. */
export const LEASE_RENEW_SECONDS = 5 * 60;

/** Who holds the lock: what the lock file or object holds (JSON). */
export interface LockHolder {
  /** Always `backup-reconciler-lock` (a foreign file at the lock's path is never taken for a lock). */
  readonly tool: 'backup-reconciler-lock';
  readonly formatVersion: 1;
  /** Random id of this holding: a release only removes the lock it took. */
  readonly id: string;
  /** The command that holds it, as a person would type it (`apply plan.json`, `restore DIR`). */
  readonly command: string;
  readonly pid: number;
  readonly host: string;
  /** The OS user, when known. */
  readonly user?: string;
  /** ISO time the lock was taken. */
  readonly startedAt: string;
  /** ISO time the lease ends (S3 locks); absent: no lease (local locks, checked by pid). */
  readonly expiresAt?: string;
}

/** `s3://bucket/key` -> an S3 location; anything else is a file path. Throws (message) on a bad URL. */
export function parseLockLocation(value: string): LockLocation {
  if (!value.startsWith('s3://')) return { kind: 'file', path: value };
  const rest = value.slice('s3://'.length);
  const slash = rest.indexOf('/');
  const bucket = slash < 0 ? rest : rest.slice(0, slash);
  const key = slash < 0 ? '' : rest.slice(slash + 1);
  if (!bucket || !key || key.endsWith('/'))
    throw new Error(
      `--lock: '${value}' names no object; use s3://BUCKET/KEY, e.g. s3://my-team-locks/reconcile/prod.lock`,
    );
  return { kind: 's3', bucket, key };
}

/** The location as the user wrote it (`s3://b/k` or the path). */
export function describeLocation(location: LockLocation): string {
  return location.kind === 's3' ? `s3://${location.bucket}/${location.key}` : location.path;
}

/** The holder record as written to the lock (pretty JSON, one trailing newline). */
export function serializeHolder(holder: LockHolder): string {
  return `${JSON.stringify(holder, null, 2)}\n`;
}

/** Reads a holder record; undefined when the text is not one (a foreign or damaged file). */
export function parseHolder(text: string): LockHolder | undefined {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!doc || typeof doc !== 'object') return undefined;
  const d = doc as Record<string, unknown>;
  if (d.tool !== 'backup-reconciler-lock' || d.formatVersion !== 1) return undefined;
  if (typeof d.id !== 'string' || typeof d.command !== 'string' || typeof d.host !== 'string')
    return undefined;
  if (typeof d.pid !== 'number' || !Number.isInteger(d.pid) || typeof d.startedAt !== 'string')
    return undefined;
  if (d.expiresAt !== undefined && typeof d.expiresAt !== 'string') return undefined;
  if (d.user !== undefined && typeof d.user !== 'string') return undefined;
  return {
    tool: 'backup-reconciler-lock',
    formatVersion: 1,
    id: d.id,
    command: d.command,
    pid: d.pid,
    host: d.host,
    ...(typeof d.user === 'string' ? { user: d.user } : {}),
    startedAt: d.startedAt,
    ...(typeof d.expiresAt === 'string' ? { expiresAt: d.expiresAt } : {}),
  };
}

/** True when the holder's lease has ended at `now` (never for a lock without a lease). */
export function leaseExpired(holder: LockHolder, now: Date): boolean {
  if (holder.expiresAt === undefined) return false;
  const end = Date.parse(holder.expiresAt);
  return Number.isFinite(end) && end <= now.getTime();
}

/** `apply (pid 4242 on host ci-7, user deploy) since 2026-12-02T18:00:00.000Z, lease until ...`. */
export function describeHolder(holder: LockHolder): string {
  const who = [`pid ${holder.pid} on host ${holder.host}`, ...(holder.user ? [`user ${holder.user}`] : [])];
  const lease = holder.expiresAt ? `, lease until ${holder.expiresAt}` : '';
  return `\`reconcile ${holder.command}\` (${who.join(', ')}) since ${holder.startedAt}${lease}`;
}
