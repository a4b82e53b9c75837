import { describe, expect, it } from 'vitest';
import type { BackupEntry, BackupManifest } from '../../src/executor/backups.js';
import { desiredFromBackup, withoutIrreversible } from '../../src/executor/restore.js';
import type { Observation } from '../../src/model/state.js';
import { ACCOUNT } from './builders.js';

const MANIFEST: BackupManifest = {
  formatVersion: 1,
  kind: 'reconcile-backup',
  account: ACCOUNT,
  defaultRegion: 'eu-west-1',
  createdAt: '2026-03-01T00:00:00.000Z',
};

function entry(address: string, observation: Observation, dependsOn: string[] = []): BackupEntry {
  const [kind, ...rest] = address.split('/');
  const regional = rest.length > 1;
  return {
    formatVersion: 1,
    address,
    kind: kind as BackupEntry['kind'],
    name: regional ? rest.slice(1).join('/') : rest.join('/'),
    region: regional ? (rest[0] ?? null) : null,
    dependsOn,
    savedAt: MANIFEST.createdAt,
    observation,
  };
}

const bucketBefore = {
  region: 'eu-west-1',
  versioning: 'Enabled',
  lifecycle: [],
  replication: null,
  objectLock: null,
  inventory: [],
  tags: {},
};

describe('desiredFromBackup', () => {
  it('GIVEN saved present configurations WHEN restored THEN they become the desired state, with dependencies inside the backup kept', () => {
    const { desired, leftAlone } = desiredFromBackup(
      MANIFEST,
      [
        entry('iam.role/replication', { status: 'present', attrs: { path: '/', managedPolicyArns: [] } }),
        entry('s3.bucket/media-prod', { status: 'present', attrs: bucketBefore as never }, [
          'iam.role/replication',
          's3.bucket/not-in-backup',
        ]),
      ],
      { allowDelete: false, dir: 'backups/x' },
    );
    expect(leftAlone).toEqual([]);
    expect(desired).toMatchObject({
      account: ACCOUNT,
      defaultRegion: 'eu-west-1',
      regions: ['eu-west-1'],
      specFile: 'backups/x',
    });
    expect(desired.resources.map((r) => [r.address, r.ensure, r.dependsOn])).toEqual([
      ['iam.role/replication', 'present', []],
      ['s3.bucket/media-prod', 'present', ['iam.role/replication']],
    ]);
    expect(desired.resources[1]?.attrs).toEqual(bucketBefore);
  });

  it('GIVEN resources the apply created WHEN restored without --allow-delete THEN they are listed and left alone', () => {
    const { desired, leftAlone } = desiredFromBackup(
      MANIFEST,
      [
        entry('sns.topic/eu-west-1/alerts', { status: 'absent' }),
        entry('s3.bucket/new-bucket', { status: 'absent' }),
      ],
      { allowDelete: false, dir: 'd' },
    );
    expect(desired.resources).toEqual([]);
    expect(leftAlone).toEqual([
      { address: 'sns.topic/eu-west-1/alerts', note: expect.stringContaining('--allow-delete') },
      {
        address: 's3.bucket/new-bucket',
        note: expect.stringContaining('buckets and objects are never deleted'),
      },
    ]);
  });

  it('GIVEN resources the apply created WHEN restored with --allow-delete THEN they are to be deleted, except buckets', () => {
    const { desired, leftAlone } = desiredFromBackup(
      MANIFEST,
      [
        entry('sns.topic/eu-west-1/alerts', { status: 'absent' }),
        entry('s3.bucket/new-bucket', { status: 'absent' }),
      ],
      { allowDelete: true, dir: 'd' },
    );
    expect(desired.resources.map((r) => [r.address, r.ensure])).toEqual([
      ['sns.topic/eu-west-1/alerts', 'absent'],
    ]);
    expect(leftAlone.map((n) => n.address)).toEqual(['s3.bucket/new-bucket']);
  });

  it('GIVEN a topic with an https subscription WHEN restored THEN it says the secret endpoint cannot be re-created, without revealing it', () => {
    const { cannotRestore } = desiredFromBackup(
      MANIFEST,
      [
        entry('sns.topic/eu-west-1/alerts', {
          status: 'present',
          attrs: {
            region: 'eu-west-1',
            subscriptions: [
              {
                protocol: 'https',
                endpoint: 'https://hooks.example.com/***',
                endpointSha256: 'e'.repeat(64),
              },
              { protocol: 'email', endpoint: 'ops@example.com' },
            ],
          },
        }),
      ],
      { allowDelete: false, dir: 'd' },
    );
    expect(cannotRestore).toEqual([
      {
        address: 'sns.topic/eu-west-1/alerts',
        note: expect.stringMatching(
          /^https subscription https:\/\/hooks\.example\.com\/\*\*\*: its endpoint is a secret and was never saved/,
        ),
      },
    ]);
  });

  it('GIVEN an RDS instance WHEN restored THEN read-only facts (engine, version, maintenance window) are not managed', () => {
    const { desired } = desiredFromBackup(
      MANIFEST,
      [
        entry('rds.instance/eu-west-1/db', {
          status: 'present',
          attrs: {
            region: 'eu-west-1',
            backupRetentionPeriod: 7,
            preferredBackupWindow: '02:00-03:00',
            copyTagsToSnapshot: true,
            preferredMaintenanceWindow: 'sun:04:00-sun:05:00',
            engine: 'postgres',
            engineVersion: '16.3',
          },
        }),
      ],
      { allowDelete: false, dir: 'd' },
    );
    expect(desired.resources[0]?.attrs).toEqual({
      region: 'eu-west-1',
      backupRetentionPeriod: 7,
      preferredBackupWindow: '02:00-03:00',
      copyTagsToSnapshot: true,
    });
  });
});

describe('withoutIrreversible', () => {
  const live = (attrs: object) =>
    ({
      formatVersion: 1,
      account: ACCOUNT,
      capturedAt: MANIFEST.createdAt,
      source: { kind: 'aws' },
      resources: { 's3.bucket/media-prod': { status: 'present', attrs } },
    }) as never;

  it('GIVEN a saved bucket never versioned, with no Object Lock, and live versioned and locked WHEN prepared THEN both are dropped and listed, the rest is kept', () => {
    const { desired } = desiredFromBackup(
      MANIFEST,
      [
        entry('s3.bucket/media-prod', {
          status: 'present',
          attrs: { ...bucketBefore, versioning: 'Disabled' },
        } as Observation),
      ],
      { allowDelete: false, dir: 'd' },
    );
    const out = withoutIrreversible(
      desired,
      live({
        ...bucketBefore,
        versioning: 'Suspended',
        objectLock: { defaultRetention: { mode: 'GOVERNANCE', days: 1 } },
      }),
    );
    expect(out.notRestorable.map((n) => n.note)).toEqual([
      expect.stringContaining('versioning was never enabled before (Disabled), and is Suspended now'),
      'Object Lock was off before and is on now: it can never be turned off; left on',
    ]);
    const attrs = out.desired.resources[0]?.attrs as Record<string, unknown>;
    expect(Object.keys(attrs).sort()).toEqual(['inventory', 'lifecycle', 'region', 'replication', 'tags']);
  });

  it('GIVEN a saved bucket whose versioning was Suspended WHEN prepared against Enabled THEN nothing is dropped (Suspended can be restored)', () => {
    const { desired } = desiredFromBackup(
      MANIFEST,
      [
        entry('s3.bucket/media-prod', {
          status: 'present',
          attrs: { ...bucketBefore, versioning: 'Suspended' },
        } as Observation),
      ],
      { allowDelete: false, dir: 'd' },
    );
    const out = withoutIrreversible(desired, live(bucketBefore));
    expect(out.notRestorable).toEqual([]);
    expect(out.desired).toEqual(desired);
  });
});
