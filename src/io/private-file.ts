/**
 * The one way the tool writes a file that holds live state or could hold a secret (saved plans,
 * snapshots, pre-change backups, reports, imported specs): write a temporary file in the target's
 * directory (created `O_CREAT | O_EXCL | O_NOFOLLOW`, mode 0600), fsync it, then rename it into place
 * (or hard-link it, when the target must not exist yet). So:
 * - the file is 0600 whether or not the target existed (a new inode, never the old file's mode);
 * - readers never see a half-written file, and a failed write leaves the old file as it was;
 * - a symbolic link at the target is refused, never followed (checked with lstat; and rename itself
 *   replaces a link that appears later instead of writing through it);
 * - a target that is not a regular file (a FIFO would block an open for ever, a device) is refused,
 *   so an unwritable target fails at once with a located error (exit 1), never hangs.
 */
import { randomBytes } from 'node:crypto';
import { constants, type Stats } from 'node:fs';
import { type FileHandle, link, lstat, open, rename, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { describeFileError, InputFileError, ReconcileError } from '../errors.js';

/** How to write one private file. */
export interface PrivateFileOptions {
  /** What the file is, for messages: `the plan`, `the snapshot`, `the report`. */
  readonly what: string;
  /** The path as the user gave it, for messages (default: the path written). */
  readonly shownPath?: string;
  /**
   * Never replace an existing file (backups, imported specs): the error from `onExists` (default: an
   * INPUT_FILE error saying the file exists) when the target exists, also when it appears meanwhile.
   */
  readonly exclusive?: boolean;
  readonly onExists?: () => ReconcileError;
}

/** Mode of every private file: owner read and write only. */
export const PRIVATE_FILE_MODE = 0o600;

/** link(2) errors that mean the file system has no hard links (FAT, some FUSE and network mounts). */
const NO_HARD_LINKS = new Set(['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS']);

/** `O_NOFOLLOW` where the platform has it (every POSIX system Node supports). */
const NOFOLLOW = constants.O_NOFOLLOW ?? 0;

function tempPathFor(path: string): string {
  return join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
}

/** Makes a rename or link durable (best effort: not every file system lets a directory be fsynced). */
async function syncDirectory(dir: string): Promise<void> {
  let handle: FileHandle | undefined;
  try {
    handle = await open(dir, constants.O_RDONLY);
    await handle.sync();
  } catch {
    // The file itself is synced; a directory that cannot be synced only weakens crash durability.
  } finally {
    await handle?.close().catch(() => undefined);
  }
}

/**
 * Writes `data` to `path` as described above. Throws InputFileError (`cannot write <what> to
 * <path>: <why>`) on any failure, or `onExists()` for an exclusive write whose target exists; the
 * temporary file never stays behind.
 */
export async function writePrivateFile(
  path: string,
  data: string | Uint8Array,
  options: PrivateFileOptions,
): Promise<void> {
  const shown = options.shownPath ?? path;
  const fail = (why: string) => new InputFileError(`cannot write ${options.what} to ${shown}: ${why}`);
  const exists = () => options.onExists?.() ?? fail('it already exists, and is never overwritten');
  let st: Stats | undefined;
  try {
    st = await lstat(path);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw fail(describeFileError(e, 'write'));
  }
  if (st) {
    if (options.exclusive) throw exists();
    if (st.isSymbolicLink())
      throw fail('it is a symbolic link, which is never followed (remove the link or choose another path)');
    if (st.isDirectory()) throw fail('it is a directory');
    if (!st.isFile()) throw fail('it is not a regular file (a FIFO, socket or device); choose another path');
  }

  const temp = tempPathFor(path);
  let handle: FileHandle | undefined;
  try {
    handle = await open(
      temp,
      constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | NOFOLLOW,
      PRIVATE_FILE_MODE,
    );
  } catch (e) {
    throw fail(describeFileError(e, 'write'));
  }
  let placed = false;
  try {
    // The umask can only narrow the mode given to open; chmod makes it exactly 0600 anyway.
    await handle.chmod(PRIVATE_FILE_MODE);
    await handle.writeFile(data);
    await handle.sync();
    await handle.close();
    handle = undefined;
    if (options.exclusive) {
      // link(2) fails with EEXIST instead of replacing: exclusive even against a racing writer.
      try {
        await link(temp, path);
      } catch (e) {
        // A file system without hard links: check, then rename (exclusive but for a racing writer).
        if (!NO_HARD_LINKS.has(String((e as NodeJS.ErrnoException).code))) throw e;
        if (
          await lstat(path).then(
            () => true,
            () => false,
          )
        )
          throw exists();
        await rename(temp, path);
        placed = true;
      }
    } else {
      await rename(temp, path);
      placed = true;
    }
    await syncDirectory(dirname(path));
  } catch (e) {
    if (e instanceof ReconcileError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EEXIST' && options.exclusive) throw exists();
    throw fail(describeFileError(e, 'write'));
  } finally {
    await handle?.close().catch(() => undefined);
    if (!placed) await unlink(temp).catch(() => undefined);
  }
}
