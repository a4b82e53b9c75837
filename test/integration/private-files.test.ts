/**
 * Issue 12, files the tool writes, through the real CLI against moto: `snapshot --out` over an
 * existing world-readable file leaves it 0600, onto a symlink is refused (exit 1, the link's target
 * untouched), and the pre-change backups an apply writes are 0600 in a 0700 directory.
 */
import { chmod, mkdtemp, readdir, readFile, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';
import { ACCOUNT, motoEndpoint, useDummyCredentials, useMoto } from '../support/moto.js';

useMoto();

const BUCKET = 'private-files-media';
let cwd: string;

beforeAll(async () => {
  useDummyCredentials();
  cwd = await mkdtemp(join(tmpdir(), 'reconcile-private-files-'));
  await writeFile(
    join(cwd, 'backup-spec.yaml'),
    `version: 1\naccount: "${ACCOUNT}"\ndefaultRegion: eu-west-1\ns3:\n  buckets:\n    ${BUCKET}:\n      region: eu-west-1\n      versioning: Enabled\n`,
  );
});

const reconcile = (args: readonly string[]) =>
  runCli([...args, '--endpoint-url', motoEndpoint()], {
    cwd,
    env: { ...process.env, NO_COLOR: '1', LOG_LEVEL: 'silent' },
  });

const mode = async (p: string) => (await stat(p)).mode & 0o777;

describe('files written with live state', () => {
  it('GIVEN an existing 0644 file WHEN --snapshot --out writes over it THEN it is 0600 and holds the snapshot', async () => {
    const out = join(cwd, 'live.json');
    await writeFile(out, '{}');
    await chmod(out, 0o644);
    const r = await reconcile(['--snapshot', '--out', 'live.json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(await mode(out)).toBe(0o600);
    expect(JSON.parse(await readFile(out, 'utf8')).account).toBe(ACCOUNT);
  });

  it('GIVEN a symlink at --out WHEN --snapshot THEN exit 1 naming it, and the file it points at is untouched', async () => {
    const victim = join(cwd, 'victim.txt');
    await writeFile(victim, 'keep');
    await symlink(victim, join(cwd, 'link.json'));
    const r = await reconcile(['--snapshot', '--out', 'link.json']);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      'cannot write the snapshot to link.json: it is a symbolic link, which is never followed (remove the link or choose another path)\n',
    );
    expect(await readFile(victim, 'utf8')).toBe('keep');
  });

  it('GIVEN an apply that creates the bucket WHEN it saves the prior state THEN the backup files are 0600 in a 0700 directory', async () => {
    const r = await reconcile(['--apply', '--yes']);
    expect(r.code).toBe(0);
    const m = /before changing them: (\S+)/.exec(r.stdout);
    const dir = m?.[1] ?? '';
    expect(await mode(dir)).toBe(0o700);
    const files = (await readdir(dir)).sort();
    expect(files).toEqual(['manifest.json', `s3.bucket__${BUCKET}.json`]);
    for (const f of files) expect(await mode(join(dir, f))).toBe(0o600);
  });
});
