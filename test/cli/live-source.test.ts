/** getLiveState with --live FILE: offline, account-checked, one observation per declared address. */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeSnapshot } from '../../src/adapters/snapshot.js';
import type { CliOptions, CommandContext } from '../../src/cli/context.js';
import { getLiveState } from '../../src/cli/live-source.js';
import { createLogger } from '../../src/cli/logger.js';
import { AwsAccessError } from '../../src/errors.js';
import type { DesiredResource, DesiredState, LiveState } from '../../src/model/state.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'live-source-test-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

function bucket(name: string): DesiredResource {
  return {
    address: `s3.bucket/${name}`,
    kind: 's3.bucket',
    name,
    region: null,
    ensure: 'present',
    attrs: { region: 'eu-west-1' },
    dependsOn: [],
  };
}

function desired(account: string, names: string[]): DesiredState {
  return {
    formatVersion: 1,
    account,
    defaultRegion: 'eu-west-1',
    regions: ['eu-west-1'],
    resources: names.map(bucket),
    recovery: [],
    specFile: 'backup-spec.yaml',
  };
}

function context(live: string): CommandContext {
  const options = {
    command: 'plan',
    spec: 'backup-spec.yaml',
    live,
    json: false,
    markdown: false,
    yes: false,
    allowDestructive: false,
    targets: [],
    prunePrefix: [],
    importFilters: {
      accountFromSts: false,
      allBuckets: false,
      topics: [],
      roles: [],
      dbInstances: [],
      backupPlans: [],
    },
  } satisfies CliOptions;
  return {
    options,
    // No AWS settings at all: any attempt to reach AWS would fail, proving the snapshot path is offline.
    io: { stdout: process.stdout, stderr: process.stderr, stdinIsTTY: false, env: {}, cwd: dir },
    logger: createLogger({ level: 'silent' }),
    color: false,
  };
}

const snapshot: LiveState = {
  formatVersion: 1,
  account: '828879644785',
  capturedAt: '2025-11-20T06:00:00.000Z',
  source: { kind: 'aws' },
  resources: {
    's3.bucket/kept': { status: 'present', attrs: { region: 'eu-west-1', versioning: 'Enabled' } },
    's3.bucket/undeclared': { status: 'absent' },
  },
};

describe('getLiveState --live FILE', () => {
  it('GIVEN a snapshot of the spec account WHEN loaded THEN declared observations, missing ones unreadable, no pool', async () => {
    await writeSnapshot(join(dir, 'live.json'), snapshot);
    const out = await getLiveState(context('live.json'), desired('828879644785', ['kept', 'added-later']));
    expect(out.pool).toBeUndefined();
    expect(out.live.source).toEqual({ kind: 'snapshot', file: 'live.json' });
    expect(out.live.capturedAt).toBe(snapshot.capturedAt);
    expect(Object.keys(out.live.resources)).toEqual(['s3.bucket/added-later', 's3.bucket/kept']);
    expect(out.live.resources['s3.bucket/kept']).toEqual(snapshot.resources['s3.bucket/kept']);
    expect(out.live.resources['s3.bucket/added-later']).toMatchObject({
      status: 'unreadable',
      code: 'NotInSnapshot',
    });
  });

  it('GIVEN a snapshot of another account WHEN loaded for this spec THEN exit-1 AwsAccessError naming both accounts', async () => {
    await writeSnapshot(join(dir, 'other.json'), { ...snapshot, account: '111122223333' });
    const err = await getLiveState(context('other.json'), desired('828879644785', ['kept'])).catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(AwsAccessError);
    expect((err as AwsAccessError).exitCode).toBe(1);
    expect((err as Error).message).toContain('account 111122223333');
    expect((err as Error).message).toContain('account 828879644785');
  });
});
