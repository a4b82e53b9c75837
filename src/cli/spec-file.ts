/**
 * The thin fs boundary of the spec language: read the spec file, then parse it purely.
 * Every command that needs the desired state (validate, plan, apply, report) goes through here.
 */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parseSpec } from '../../spec/parse-spec.js';
import { describeFileError, InputFileError } from '../errors.js';
import type { DesiredState } from '../model/state.js';

/**
 * Reads and validates the spec at `path` (relative paths resolve against `cwd`, default the
 * process's). Messages name the path as given. Throws InputFileError when the file cannot be read
 * and SpecError (every located issue) when it is invalid.
 */
export async function loadSpecFile(
  path: string,
  env: NodeJS.ProcessEnv,
  cwd?: string,
): Promise<DesiredState> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(resolve(cwd ?? process.cwd(), path));
  } catch (e) {
    throw new InputFileError(
      `cannot read spec file ${path}: ${describeFileError(e, 'read')} (use --spec FILE)`,
    );
  }
  return parseSpec(bytes, path, env);
}
