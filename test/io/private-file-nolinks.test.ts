/**
 * writePrivateFile on a file system without hard links (FAT, some FUSE and network mounts), which this
 * machine cannot mount for a test: link(2) is replaced by one failing with EPERM (a module mock, named
 * so). Exclusive writes then fall back to check-then-rename and still never overwrite.
 */
import { readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { ReconcileError } from '../../src/errors.js';
import { writePrivateFile } from '../../src/io/private-file.js';
import { tempDir } from '../support/cli.js';

vi.mock('node:fs/promises', async (original) => {
  const real = await original<typeof import('node:fs/promises')>();
  return {
    ...real,
    link: async () => {
      throw Object.assign(new Error('EPERM: operation not permitted, link'), { code: 'EPERM' });
    },
  };
});

const tmp = tempDir('private-file-nolinks-');
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('writePrivateFile without hard links (link(2) mocked to fail with EPERM)', () => {
  it('GIVEN an exclusive write WHEN the target is absent THEN it is written 0600; WHEN it exists THEN refused and kept', async () => {
    const path = join(tmp, 'backup.json');
    await writePrivateFile(path, 'one', { what: 'a backup', exclusive: true });
    expect(readFileSync(path, 'utf8')).toBe('one');
    expect(statSync(path).mode & 0o777).toBe(0o600);
    const e = await writePrivateFile(path, 'two', { what: 'a backup', exclusive: true }).then(
      () => undefined,
      (x: unknown) => x,
    );
    expect(e).toBeInstanceOf(ReconcileError);
    expect((e as Error).message).toBe(
      `cannot write a backup to ${path}: it already exists, and is never overwritten`,
    );
    expect(readFileSync(path, 'utf8')).toBe('one');
    expect(readdirSync(tmp)).toEqual(['backup.json']);
  });
});
