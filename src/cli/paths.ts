/**
 * Paths the user gives and files the CLI points at. fs-light helpers shared by commands that must not
 * load the AWS SDK (show, init).
 */
import { existsSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

/** A path the user gave, relative to the command's working directory `cwd`. */
export function pathFromCwd(cwd: string, path: string): string {
  return isAbsolute(path) ? path : resolve(cwd, path);
}

const SCHEMA_FILE = join('spec', 'backup-spec.schema.json');

/**
 * The `$schema` reference for a spec written to `outFile` (import, init): the package's JSON Schema
 * relative to the output directory (found by walking up from this module, in src/ or dist/), else the
 * in-repo default.
 */
export function schemaRefFor(outFile: string): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    const candidate = join(dir, SCHEMA_FILE);
    if (existsSync(candidate)) {
      const rel = relative(dirname(outFile), candidate).split(sep).join('/');
      return rel.startsWith('.') || rel.startsWith('/') ? rel : `./${rel}`;
    }
    dir = dirname(dir);
  }
  return './spec/backup-spec.schema.json';
}
