/** Snapshot files: stable sorted JSON, mode 0600, secrets redacted, validated loading with located errors. */
import { chmod, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSnapshot, serializeSnapshot, writeSnapshot } from '../../src/adapters/snapshot.js';
import { InputFileError } from '../../src/errors.js';
import type { LiveState } from '../../src/model/state.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'snapshot-test-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** A small live state: a bucket, an absent topic, an unreadable role. */
function liveState(overrides: Partial<LiveState> = {}): LiveState {
  return {
    formatVersion: 1,
    account: '828879644785',
    capturedAt: '2025-11-20T06:00:00.000Z',
    source: { kind: 'aws' },
    resources: {
      's3.bucket/mne-media-prod': {
        status: 'present',
        attrs: { region: 'eu-west-1', versioning: 'Enabled', tags: { z: '1', a: '2' } },
        facts: { arn: 'arn:aws:s3:::mne-media-prod' },
      },
      'sns.topic/eu-west-1/mnemonica-backup-alerts': { status: 'absent' },
      'iam.role/AWSBackupDefaultServiceRole': {
        status: 'unreadable',
        reason: 'access denied',
        code: 'AccessDenied',
      },
    },
    ...overrides,
  };
}

describe('writeSnapshot / loadSnapshot', () => {
  it('GIVEN a live state WHEN written and loaded THEN the same state comes back, keys sorted in the file', async () => {
    const file = join(dir, 'round-trip.json');
    await writeSnapshot(file, liveState());
    expect(await loadSnapshot(file)).toEqual(liveState());
    const text = await readFile(file, 'utf8');
    expect(text.indexOf('"account"')).toBeLessThan(text.indexOf('"capturedAt"'));
    expect(text.indexOf('"iam.role/')).toBeLessThan(text.indexOf('"s3.bucket/'));
    expect(text.indexOf('"a": "2"')).toBeLessThan(text.indexOf('"z": "1"'));
    expect(text).toBe(serializeSnapshot(liveState()));
  });

  it('GIVEN observations carrying raw AWS responses (kept for writes) WHEN serialised THEN the snapshot leaves them out and is unchanged', () => {
    const base = liveState();
    const bucket = base.resources['s3.bucket/mne-media-prod'];
    if (bucket?.status !== 'present') throw new Error('fixture');
    const withRaw = liveState({
      resources: {
        ...base.resources,
        's3.bucket/mne-media-prod': { ...bucket, raw: { replication: { Role: 'r', Rules: [] } } },
      },
    });
    expect(serializeSnapshot(withRaw)).toBe(serializeSnapshot(base));
  });

  it('GIVEN a new file WHEN written THEN its mode is 0600', async () => {
    const file = join(dir, 'new.json');
    await writeSnapshot(file, liveState());
    expect((await stat(file)).mode & 0o777).toBe(0o600);
  });

  it('GIVEN an existing world-readable file WHEN overwritten THEN its mode becomes 0600', async () => {
    const file = join(dir, 'existing.json');
    await writeFile(file, '{}');
    await chmod(file, 0o644);
    await writeSnapshot(file, liveState());
    expect((await stat(file)).mode & 0o777).toBe(0o600);
  });

  it('GIVEN a secret-bearing URL somewhere in the attrs WHEN written THEN only its redacted form is in the file', async () => {
    const file = join(dir, 'redacted.json');
    const secret = 'https://hooks.slack.com/services/T000/B000/XXXXSECRETXXXX';
    await writeSnapshot(
      file,
      liveState({
        resources: {
          'sns.topic/eu-west-1/alerts': {
            status: 'present',
            attrs: { region: 'eu-west-1', displayName: `posts to ${secret}` },
          },
        },
      }),
    );
    const text = await readFile(file, 'utf8');
    expect(text).not.toContain('XXXXSECRETXXXX');
    expect(text).toContain('https://hooks.slack.com/***');
  });

  it('GIVEN a missing file WHEN loaded THEN InputFileError naming it', async () => {
    const file = join(dir, 'nope.json');
    await expect(loadSnapshot(file)).rejects.toThrow(
      new InputFileError(`cannot read snapshot ${file}: no such file`),
    );
  });

  it('GIVEN a directory WHEN loaded THEN InputFileError says it is a directory', async () => {
    await expect(loadSnapshot(dir)).rejects.toThrow(
      new InputFileError(`cannot read snapshot ${dir}: it is a directory`),
    );
  });

  it('GIVEN a directory as the output WHEN written THEN InputFileError (not a raw fs error)', async () => {
    await expect(writeSnapshot(dir, liveState())).rejects.toThrow(
      new InputFileError(`cannot write the snapshot to ${dir}: it is a directory`),
    );
  });

  it('GIVEN invalid JSON WHEN loaded THEN InputFileError naming the file', async () => {
    const file = join(dir, 'bad.json');
    await writeFile(file, '{ not json');
    await expect(loadSnapshot(file)).rejects.toThrow(`snapshot ${file} is not valid JSON`);
  });

  it('GIVEN formatVersion 2 WHEN loaded THEN a clear version error', async () => {
    const file = join(dir, 'v2.json');
    await writeFile(file, JSON.stringify({ ...liveState(), formatVersion: 2 }));
    const err = await loadSnapshot(file).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InputFileError);
    expect((err as Error).message).toContain(`snapshot ${file}: formatVersion 2 is not supported`);
  });

  it('GIVEN a bad field deep inside WHEN loaded THEN the message names the file and the field path', async () => {
    const file = join(dir, 'bad-field.json');
    const bad = liveState();
    await writeFile(
      file,
      JSON.stringify({
        ...bad,
        account: 'abc',
        resources: {
          ...bad.resources,
          's3.bucket/mne-media-prod': { status: 'present', attrs: { region: 42 } },
          'sns.topic/eu-west-1/t': { status: 'gone' },
          'nonsense/x': { status: 'absent' },
        },
      }),
    );
    const message = ((await loadSnapshot(file).catch((e: unknown) => e)) as Error).message;
    expect(message).toContain(`snapshot ${file} is invalid:`);
    expect(message).toContain('account: expected a 12-digit AWS account id');
    expect(message).toContain('resources["s3.bucket/mne-media-prod"].attrs.region: expected a string');
    expect(message).toContain('resources["sns.topic/eu-west-1/t"].status');
    expect(message).toContain('resources["nonsense/x"]: not a resource address');
  });

  it('GIVEN a regional resource whose attrs.region disagrees with its address WHEN loaded THEN rejected', async () => {
    const file = join(dir, 'region-mismatch.json');
    await writeFile(
      file,
      JSON.stringify(
        liveState({
          resources: { 'sns.topic/eu-west-1/t': { status: 'present', attrs: { region: 'eu-west-3' } } },
        }),
      ),
    );
    await expect(loadSnapshot(file)).rejects.toThrow('must equal the address region eu-west-1');
  });
});
