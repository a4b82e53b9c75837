/**
 * The guide's starting infrastructure (seedGuideBefore) read through every adapter, `reconcile
 * --snapshot` end to end through main(), and the committed quick-start fixture
 * (fixtures/guide-before/live.json) proven current: regenerating it gives the same document.
 */
import { mkdtemp, readFile, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { patchGuideBefore } from '../../fixtures/generate-guide-before.js';
import { parseSpec } from '../../spec/index.js';
import { ClientPool } from '../../src/adapters/aws-config.js';
import { readLive } from '../../src/adapters/read-live.js';
import { loadSnapshot, serializeSnapshot } from '../../src/adapters/snapshot.js';
import type { S3BucketAttrs } from '../../src/model/attrs.js';
import type { DesiredState, LiveState } from '../../src/model/state.js';
import { emptyBucketAttrs, lifecycleRule, replicationRule } from '../adapters/s3/builders.js';
import { runCli } from '../support/cli.js';
import { RequestRecorder } from '../support/faults.js';
import {
  ACCOUNT,
  motoAwsOptions,
  motoEndpoint,
  useDummyCredentials,
  useMoto,
  withoutEmulatorDelays,
} from '../support/moto.js';
import { startRecordingProxy } from '../support/recording-proxy.js';
import { seedGuideBefore } from '../support/seed-guide-before.js';

useMoto();

const ROOT = join(import.meta.dirname, '..', '..');
const ROLE_ARN = `arn:aws:iam::${ACCOUNT}:role/service-role/s3crr_role_for_mne-media-prod_to_crr-media-prod`;

let desired: DesiredState;
let live: LiveState;
const recorder = new RequestRecorder();

const GENERATED_ID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g;

/** The snapshot with AWS-generated ids in facts masked. */
function withoutGeneratedIds(state: LiveState): unknown {
  return JSON.parse(
    JSON.stringify(state, (key, value: unknown) => {
      if (key === 'id' || key === 'versionId') return '<generated>';
      return typeof value === 'string' ? value.replace(GENERATED_ID, '<uuid>') : value;
    }),
  );
}

beforeAll(async () => {
  // Deterministic moto ids (as the fixture generator does), so the fixture comparison below holds.
  const seeded = await fetch(`${motoEndpoint()}/moto-api/seed?a=42`, { method: 'POST' });
  expect(seeded.ok).toBe(true);
  const seedPool = new ClientPool(motoAwsOptions());
  try {
    await withoutEmulatorDelays(() => seedGuideBefore(seedPool));
  } finally {
    seedPool.destroy();
  }
  desired = parseSpec(await readFile(join(ROOT, 'backup-spec.yaml')), 'backup-spec.yaml', {});
  const pool = new ClientPool(motoAwsOptions({ onClient: recorder.onClient }));
  try {
    live = await readLive(desired, pool);
  } finally {
    pool.destroy();
  }
  useDummyCredentials();
});

/** Observations without their facts (facts such as RDS latestRestorableTime change by the second). */
function configOf(resources: LiveState['resources']): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(resources).map(([a, o]) => [
      a,
      o.status === 'present' ? { status: o.status, attrs: o.attrs } : o,
    ]),
  );
}

const bucket = (name: string): S3BucketAttrs => {
  const obs = live.resources[`s3.bucket/${name}`];
  if (obs?.status !== 'present') throw new Error(`expected ${name} present, got ${JSON.stringify(obs)}`);
  return obs.attrs as S3BucketAttrs;
};

describe('the guide starting state read from the emulator', () => {
  it('GIVEN the seeded guide buckets WHEN read THEN 180-day sources, replica expiring current versions, vault replica without lifecycle, replication without metrics', () => {
    const noncurrent180 = lifecycleRule({
      id: 'noncurrent-version-retention',
      noncurrentVersionExpiration: { noncurrentDays: 180 },
    });
    const replication = (id: string, destination: string, storageClass: 'DEEP_ARCHIVE' | 'STANDARD') => ({
      role: ROLE_ARN,
      rules: [replicationRule({ id, destination: { bucket: `arn:aws:s3:::${destination}`, storageClass } })],
    });
    expect(bucket('mne-media-prod')).toEqual(
      emptyBucketAttrs('eu-west-1', {
        versioning: 'Enabled',
        lifecycle: [noncurrent180],
        replication: replication('paris-replica', 'mne-media-replica', 'DEEP_ARCHIVE'),
      }),
    );
    expect(bucket('mne-vault-prod')).toEqual(
      emptyBucketAttrs('eu-west-1', {
        versioning: 'Enabled',
        lifecycle: [noncurrent180],
        replication: replication('vault-replica-rule', 'mne-vault-replica', 'STANDARD'),
      }),
    );
    expect(bucket('mne-media-replica')).toEqual(
      emptyBucketAttrs('eu-west-3', {
        versioning: 'Enabled',
        lifecycle: [
          lifecycleRule({
            id: 'noncurrent-version-retention',
            expiration: { days: 180 },
            noncurrentVersionExpiration: { noncurrentDays: 180 },
          }),
        ],
      }),
    );
    expect(bucket('mne-vault-replica')).toEqual(emptyBucketAttrs('eu-north-1', { versioning: 'Enabled' }));
  });

  it('GIVEN the seeded state WHEN read THEN no application role, topics, rules or alarms; the plan still has its PITR rule', () => {
    const absent = Object.entries(live.resources)
      .filter(([, o]) => o.status === 'absent')
      .map(([a]) => a.split('/')[0]);
    expect(new Set(absent)).toEqual(new Set(['iam.role', 'sns.topic', 'events.rule', 'cloudwatch.alarm']));
    expect(live.resources['iam.role/eks-mnemonica-prod-s3-role']).toEqual({ status: 'absent' });
    const plan = live.resources['backup.plan/eu-west-1/eks-mnemonica-6h-snapshots-180d'];
    expect(plan?.status).toBe('present');
    const rules =
      plan?.status === 'present'
        ? ((plan.attrs as { rules?: { name: string; enableContinuousBackup: boolean }[] }).rules ?? [])
        : [];
    expect(rules.map((r) => [r.name, r.enableContinuousBackup])).toEqual([
      ['6-Hour-Snapshots-180-Day-Retention-DR-Copy', false],
      ['Continuous-PITR-35-Day-Retention', true],
    ]);
    const rds = live.resources['rds.instance/eu-west-1/eks-mnemonica-prod'];
    expect(rds?.status === 'present' && rds.attrs).toMatchObject({
      backupRetentionPeriod: 35,
      engine: 'postgres',
    });
  });

  it('GIVEN the whole read WHEN it ran THEN not one mutating AWS call was sent', () => {
    expect(recorder.requests.length).toBeGreaterThan(0);
    expect(recorder.mutating()).toEqual([]);
  });

  it('GIVEN the committed fixture WHEN regenerated from this state THEN the same document (the fixture is current)', async () => {
    const committed = await loadSnapshot(join(ROOT, 'fixtures', 'guide-before', 'live.json'));
    // Ids AWS generates (plan ids, role ids, version ids) depend on moto's random state, which earlier
    // test files advance: they are AWS's business, not configuration, so they are left out here.
    expect(
      // As written to the file (writeSnapshot: sorted, redacted, without the raw AWS responses).
      withoutGeneratedIds(JSON.parse(serializeSnapshot(patchGuideBefore(live))) as LiveState),
      'fixture out of date: run `npm run fixtures:guide-before`',
    ).toEqual(withoutGeneratedIds(committed));
  });
});

describe('reconcile --snapshot', () => {
  const reconcile = (args: readonly string[]) =>
    runCli(args, { cwd: ROOT, env: { AWS_ENDPOINT_URL: motoEndpoint(), AWS_MAX_ATTEMPTS: '1' } });

  it('GIVEN the guide state in the emulator WHEN --snapshot --out runs THEN exit 0, a 0600 file matching readLive, a one-line summary, nothing on stderr', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'snapshot-cli-'));
    const out = join(dir, 'live.json');
    const c = await reconcile([
      '--snapshot',
      '--spec',
      'backup-spec.yaml',
      '--out',
      out,
      '--log-level',
      'silent',
    ]);
    // Every declared resource is readable (the emulator holds the backup selection): nothing on stderr.
    expect(c.code).toBe(0);
    expect(c.stderr).toBe('');
    expect(c.stdout).toBe(
      `Wrote a snapshot of 23 resource(s) in account ${ACCOUNT} to ${out}: 11 present, 12 absent, 0 unreadable.\n`,
    );
    // Read-only: every declared resource reads back exactly as before the command (moto's data.json
    // dump cannot serialise this state, so the proof is a full re-read).
    const pool = new ClientPool(motoAwsOptions());
    try {
      expect(configOf((await readLive(desired, pool)).resources)).toEqual(configOf(live.resources));
    } finally {
      pool.destroy();
    }
    expect((await stat(out)).mode & 0o777).toBe(0o600);
    const written = await loadSnapshot(out);
    expect(written.source).toEqual({ kind: 'aws', endpoint: motoEndpoint() });
    expect(written.account).toBe(ACCOUNT);
    expect(configOf(written.resources)).toEqual(configOf(live.resources));
  });

  it('GIVEN the guide state in the emulator WHEN --snapshot --json runs THEN stdout is the versioned summary, nothing unreadable', async () => {
    const out = join(await mkdtemp(join(tmpdir(), 'snapshot-cli-')), 'live.json');
    const c = await reconcile(['--snapshot', '--json', '--out', out, '--log-level', 'silent']);
    expect(c.code).toBe(0);
    expect(JSON.parse(c.stdout)).toEqual({
      formatVersion: 1,
      out,
      counts: { present: 11, absent: 12, unreadable: 0 },
      unreadable: [],
    });
  });

  it('GIVEN ListBackupSelections denied WHEN --snapshot runs THEN exit 0 and the selection is named unreadable on stderr (unknown is not unchanged)', async () => {
    // The emulator answers selections now; an unreadable one still has to be reported, so deny it.
    const proxy = await startRecordingProxy(motoEndpoint(), {
      deny: (r) => r.method === 'GET' && /\/selections\/?$/.test(r.path),
    });
    try {
      const out = join(await mkdtemp(join(tmpdir(), 'snapshot-cli-')), 'live.json');
      const c = await runCli(['--snapshot', '--out', out, '--log-level', 'silent'], {
        cwd: ROOT,
        env: { AWS_ENDPOINT_URL: proxy.url, AWS_MAX_ATTEMPTS: '1' },
      });
      expect(c.code).toBe(0);
      expect(c.stderr).toMatch(
        /^unreadable: backup\.selection\/eu-west-1\/eks-mnemonica-6h-snapshots-180d\/eks-mnemonica-prod-rds: ListBackupSelections: .+\n$/,
      );
      expect(c.stdout).toBe(
        `Wrote a snapshot of 23 resource(s) in account ${ACCOUNT} to ${out}: 10 present, 12 absent, 1 unreadable.\n`,
      );
    } finally {
      await proxy.close();
    }
  });

  it('GIVEN --snapshot without --out WHEN run THEN exit 1 with a usage message and no stack', async () => {
    const c = await reconcile(['--snapshot', '--log-level', 'silent']);
    expect(c.code).toBe(1);
    expect(c.stderr).toBe(
      '--snapshot needs --out FILE (where to write the snapshot), e.g. --out live.json\n',
    );
  });
});
