/**
 * The thin fs boundary of the spec language: read the spec file, then parse it purely.
 * Every command that needs the desired state (validate, plan, apply, report) goes through here.
 */
import { open, stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parseSpec } from '../../spec/parse-spec.js';
import { describeFileError, InputFileError } from '../errors.js';
import type { DesiredState } from '../model/state.js';

/**
 * The largest spec read: 10 MB. The shipped spec (a whole organisation's backup setup) is under 20 KB;
 * a bigger file is a mistake (a log, a dump) and parsing it would only use time and memory.
 */
export const MAX_SPEC_BYTES = 10 * 1024 * 1024;

function megabytes(n: number): string {
  return `${(n / (1024 * 1024)).toFixed(1)} MB`;
}

/**
 * Reads and validates the spec at `path` (relative paths resolve against `cwd`, default the
 * process's). Messages name the path as given. Throws InputFileError when the file cannot be read, is
 * not a regular file (a FIFO would block for ever) or is over {@link MAX_SPEC_BYTES} (refused before
 * parsing), and SpecError (every located issue) when it is invalid.
 */
export async function loadSpecFile(
  path: string,
  env: NodeJS.ProcessEnv,
  cwd?: string,
): Promise<DesiredState> {
  const full = resolve(cwd ?? process.cwd(), path);
  const cannotRead = (why: string) =>
    new InputFileError(`cannot read spec file ${path}: ${why} (use --spec FILE)`);
  let bytes: Uint8Array;
  try {
    const st = await stat(full);
    if (st.isDirectory()) throw cannotRead('it is a directory');
    if (!st.isFile()) throw cannotRead('it is not a regular file (a FIFO, socket or device)');
    if (st.size > MAX_SPEC_BYTES) throw tooLarge(path, st.size);
    const handle = await open(full, 'r');
    try {
      // Read to the end, but never past the limit (the file may have grown since stat).
      const chunks: Buffer[] = [];
      let length = 0;
      for (;;) {
        const chunk = Buffer.allocUnsafe(Math.max(st.size - length, 0) + 64 * 1024);
        const { bytesRead } = await handle.read(chunk, 0, chunk.length, null);
        if (bytesRead === 0) break;
        length += bytesRead;
        if (length > MAX_SPEC_BYTES) throw tooLarge(path, length);
        chunks.push(chunk.subarray(0, bytesRead));
      }
      bytes = chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks, length);
    } finally {
      await handle.close();
    }
  } catch (e) {
    if (e instanceof InputFileError) throw e;
    throw cannotRead(describeFileError(e, 'read'));
  }
  return parseSpec(bytes, path, env);
}

function tooLarge(path: string, size: number): InputFileError {
  return new InputFileError(
    `spec file ${path} is ${size > MAX_SPEC_BYTES + 1 ? megabytes(size) : 'over 10 MB'}: specs over 10 MB are refused before parsing (is it the right file?)`,
  );
}
