/**
 * `reconcile drill` end to end against the strict emulator, through main() behind the recording
 * proxy: each guide scenario restores, verifies, measures and cleans up; the declared resources read
 * back identical; every write goes to the sandbox or a temporary resource; `--cleanup` removes the
 * leftovers of an interrupted drill and nothing else.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { DescribeDBInstancesCommand, RestoreDBInstanceToPointInTimeCommand } from '@aws-sdk/client-rds';
import {
  type BucketLocationConstraint,
  CopyObjectCommand,
  CreateBucketCommand,
  DeleteObjectCommand,
  ListBucketsCommand,
  ListObjectVersionsCommand,
  PutBucketTaggingCommand,
  PutBucketVersioningCommand,
  PutObjectCommand,
} from '@aws-sdk/client-s3';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ClientPool } from '../../src/adapters/aws-config.js';
import { readLive } from '../../src/adapters/read-live.js';
import { loadSpecFile } from '../../src/cli/spec-file.js';
import { runDrill } from '../../src/executor/run-drill.js';
import { type DrillEvidence, parseDrillEvidence } from '../../src/model/drill.js';
import { runCli } from '../support/cli.js';
import {
  ACCOUNT,
  advanceEmulatorClock,
  motoAwsOptions,
  motoEndpoint,
  seedRecoveryPoint,
  setEmulatorConfig,
  useDummyCredentials,
  useMoto,
  withoutEmulatorDelays,
} from '../support/moto.js';
import {
  mutates,
  type RecordingProxy,
  type SeenRequest,
  startRecordingProxy,
} from '../support/recording-proxy.js';
import { GUIDE_SELECTION, seedGuideBefore } from '../support/seed-guide-before.js';

useMoto();

const WEBHOOK = 'https://hooks.example.com/services/T0DR/B0DR/drillS3cret';
const DB_ARN = `arn:aws:rds:eu-west-1:${ACCOUNT}:db:eks-mnemonica-prod`;
const SANDBOXES = { 'mne-drill-sandbox': 'eu-west-1', 'mne-drill-sandbox-paris': 'eu-west-3' } as const;

let proxy: RecordingProxy;
let seen: SeenRequest[];
let cwd: string;
let pool: ClientPool;

beforeAll(async () => {
  proxy = await startRecordingProxy(motoEndpoint());
  seen = proxy.seen;
  pool = new ClientPool(motoAwsOptions());
  await withoutEmulatorDelays(() => seedGuideBefore(pool));
  for (const [bucket, region] of Object.entries(SANDBOXES)) {
    const s3 = pool.get('s3', region);
    await s3.send(
      new CreateBucketCommand({
        Bucket: bucket,
        CreateBucketConfiguration: { LocationConstraint: region as BucketLocationConstraint },
      }),
    );
    await s3.send(
      new PutBucketVersioningCommand({ Bucket: bucket, VersioningConfiguration: { Status: 'Enabled' } }),
    );
  }
  const put = (bucket: string, region: string, key: string, body: string, storage?: 'DEEP_ARCHIVE') =>
    pool.get('s3', region).send(
      new PutObjectCommand({
        Bucket: bucket,
        Key: key,
        Body: body,
        ...(storage ? { StorageClass: storage } : {}),
      }),
    );
  // Source buckets: an overwritten file and a deleted one (both have a noncurrent version), and a
  // file never changed (no noncurrent version: not a sample).
  await put('mne-media-prod', 'eu-west-1', 'photos/a.jpg', 'a, first version');
  await put('mne-media-prod', 'eu-west-1', 'photos/a.jpg', 'a, second version');
  await put('mne-media-prod', 'eu-west-1', 'photos/b.jpg', 'b, deleted later');
  await pool
    .get('s3', 'eu-west-1')
    .send(new DeleteObjectCommand({ Bucket: 'mne-media-prod', Key: 'photos/b.jpg' }));
  await put('mne-media-prod', 'eu-west-1', 'photos/c.jpg', 'c, never changed');
  await put('mne-vault-prod', 'eu-west-1', 'docs/x.pdf', 'x, v1');
  await put('mne-vault-prod', 'eu-west-1', 'docs/x.pdf', 'x, v2');
  // Replicas: what replication wrote, in Deep Archive (the guide's replica storage class).
  await put('mne-media-replica', 'eu-west-3', 'photos/b.jpg', 'b, deleted later', 'DEEP_ARCHIVE');
  await put('mne-vault-replica', 'eu-north-1', 'docs/x.pdf', 'x, v2', 'DEEP_ARCHIVE');
  cwd = await mkdtemp(join(tmpdir(), 'reconcile-drill-'));
  useDummyCredentials();
});

afterAll(async () => {
  pool.destroy();
  await proxy.close();
});

/** Every declared resource's configuration read back (facts left out: RDS LatestRestorableTime is "now"). */
async function readBack(): Promise<unknown> {
  const desired = await loadSpecFile('backup-spec.yaml', { MNEMONICA_ALERTS_WEBHOOK_URL: WEBHOOK });
  const live = await readLive(desired, pool);
  return Object.fromEntries(
    Object.entries(live.resources).map(([a, o]) => [
      a,
      o.status === 'present' ? { status: o.status, attrs: o.attrs } : o,
    ]),
  );
}

async function reconcile(args: readonly string[]) {
  return runCli(
    [...args, '--spec', resolve('backup-spec.yaml'), '--endpoint-url', proxy.url, '--region', 'eu-west-1'],
    {
      cwd,
      env: {
        ...process.env,
        MNEMONICA_ALERTS_WEBHOOK_URL: WEBHOOK,
        NO_COLOR: '1',
        LOG_LEVEL: 'silent',
        RECONCILE_DRILL_POLL_SECONDS: '0.1',
      },
    },
  );
}

async function drillInstances(): Promise<string[]> {
  const out: string[] = [];
  for (const region of ['eu-west-1', 'eu-west-3']) {
    const page = await pool.get('rds', region).send(new DescribeDBInstancesCommand({}));
    for (const db of page.DBInstances ?? [])
      if (db.DBInstanceIdentifier?.includes('-drill-') && db.DBInstanceStatus !== 'deleting')
        out.push(`${region}/${db.DBInstanceIdentifier}`);
  }
  return out;
}

async function sandboxKeys(): Promise<string[]> {
  const out: string[] = [];
  for (const [bucket, region] of Object.entries(SANDBOXES)) {
    const page = await pool.get('s3', region).send(new ListObjectVersionsCommand({ Bucket: bucket }));
    for (const v of [...(page.Versions ?? []), ...(page.DeleteMarkers ?? [])]) out.push(`${bucket}/${v.Key}`);
  }
  return out;
}

/**
 * The writes a drill may make: S3 object writes only in a sandbox bucket, except RestoreObject (a
 * temporary restored copy, POST ?restore), and the RDS / AWS Backup restore and cleanup operations.
 */
function unexpectedWrites(requests: readonly SeenRequest[]): SeenRequest[] {
  // The parameter naming the DB instance each RDS write targets: it must be a temporary one.
  const target: Readonly<Record<string, string>> = {
    RestoreDBInstanceToPointInTime: 'TargetDBInstanceIdentifier',
    DeleteDBInstance: 'DBInstanceIdentifier',
    AddTagsToResource: 'ResourceName',
  };
  const temporary = (v: unknown) => typeof v === 'string' && /-drill-\d{14}-[0-9a-f]{4}$/.test(v);
  return requests.filter((r) => {
    if (!mutates(r)) return false;
    if (r.operation !== undefined) {
      const param = target[r.operation];
      return param === undefined || !temporary(r.params?.[param]);
    }
    if (/^\/mne-drill-sandbox(-paris)?\//.test(r.path)) return false;
    // A bucket an AWS Backup S3 restore created for this drill: tagged, emptied, deleted.
    if (/^\/reconcile-drill-\d{14}-[0-9a-f]{4}-\d+(\/|\?|$)/.test(r.path)) return false;
    if (r.method === 'POST' && /[?&]restore(=|&|$)/.test(r.path)) return false;
    // StartRestoreJob: into a new, temporary DB instance.
    if (r.method === 'PUT' && r.path.startsWith('/restore-jobs')) {
      const metadata = r.params?.Metadata as Record<string, unknown> | undefined;
      const bucket = metadata?.DestinationBucketName;
      if (typeof bucket === 'string')
        return !(/^reconcile-drill-\d{14}-[0-9a-f]{4}-\d+$/.test(bucket) && metadata?.NewBucket === 'true');
      return !temporary(metadata?.DBInstanceIdentifier);
    }
    return true;
  });
}

function evidenceOf(stdout: string): DrillEvidence {
  const e = parseDrillEvidence(stdout);
  if (!e) throw new Error(`not drill evidence: ${stdout.slice(0, 300)}`);
  return e;
}

describe('GIVEN the guide infrastructure with sandbox buckets and object history', () => {
  it('WHEN no --yes and no terminal THEN the drill shows what it would do, refuses, and calls nothing that writes', async () => {
    seen.length = 0;
    const run = await reconcile(['drill', 'deleted-file-recent']);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('copy up to 3 noncurrent object version(s) of mne-media-prod');
    expect(run.stdout).toContain(
      'restore eks-mnemonica-prod to its latest restorable time as a temporary db.t4g.micro',
    );
    expect(run.stderr).toContain('refusing to run a drill without confirmation');
    expect(seen.filter(mutates)).toEqual([]);
    // The write filter used below can fail: a production object write is flagged.
    expect(unexpectedWrites([{ method: 'PUT', path: '/mne-media-prod/photos/a.jpg' }])).toHaveLength(1);
    expect(unexpectedWrites([{ method: 'POST', path: '/', operation: 'ModifyDBInstance' }])).toHaveLength(1);
    expect(
      unexpectedWrites([
        {
          method: 'POST',
          path: '/',
          operation: 'DeleteDBInstance',
          params: { DBInstanceIdentifier: 'eks-mnemonica-prod' },
        },
      ]),
    ).toHaveLength(1);
  });

  it('WHEN deleted-file-recent is drilled THEN noncurrent versions and the database are restored, verified, cleaned up, with exit 0, evidence 0600 and production unchanged', async () => {
    const before = await readBack();
    seen.length = 0;
    const run = await reconcile(['drill', 'deleted-file-recent', '--yes', '--json']);
    const e = evidenceOf(run.stdout);
    expect(e.reasons).toEqual([]);
    expect(run.code).toBe(0);
    expect(e.verdict).toBe('passed');
    // In the scenario's resources' order (sorted addresses).
    expect(e.phases.map((p) => [p.kind, p.resource, p.status])).toEqual([
      ['rds-pitr', 'rds.instance/eu-west-1/eks-mnemonica-prod', 'passed'],
      ['s3-version', 's3.bucket/mne-media-prod', 'passed'],
      ['s3-version', 's3.bucket/mne-vault-prod', 'passed'],
    ]);
    const media = e.phases[1];
    expect(media?.samples?.map((s) => [s.key, s.status])).toEqual([
      ['photos/a.jpg', 'verified'],
      ['photos/b.jpg', 'verified'],
    ]);
    expect(e.phases[0]?.created).toEqual([`rds:eu-west-1/eks-mnemonica-prod-drill-${e.runId}`]);
    expect(e.cleanup.leftovers).toEqual([]);
    expect(e.cleanup.removed).toEqual(
      expect.arrayContaining([
        `rds:eu-west-1/eks-mnemonica-prod-drill-${e.runId}`,
        `s3://mne-drill-sandbox/reconcile-drill/${e.runId}/mne-media-prod/photos/a.jpg`,
      ]),
    );
    expect(await drillInstances()).toEqual([]);
    expect(await sandboxKeys()).toEqual([]);
    expect(unexpectedWrites(seen)).toEqual([]);
    expect(seen.some((r) => r.operation === 'RestoreDBInstanceToPointInTime')).toBe(true);
    expect(await readBack()).toEqual(before);
    const dir = join(cwd, '.reconcile/drills');
    const [file] = readdirSync(dir).filter((n) => n.includes(e.runId));
    expect(file).toBe(`deleted-file-recent-${e.runId}.json`);
    expect(statSync(join(dir, file ?? '')).mode & 0o777).toBe(0o600);
    expect(parseDrillEvidence(readFileSync(join(dir, file ?? ''), 'utf8'))).toEqual(e);
  });

  it('WHEN deleted-file-old is drilled THEN Deep Archive replica versions are restored and copied, and the vault newest recovery point is restored into a temporary instance', async () => {
    await seedRecoveryPoint({
      region: 'eu-west-1',
      backupVaultName: 'eks-mnemonica-prod-vault',
      resourceArn: DB_ARN,
      iamRoleArn: GUIDE_SELECTION.iamRoleArn,
      creationDate: new Date(Date.now() - 2 * 3600_000).toISOString(),
    });
    const before = await readBack();
    seen.length = 0;
    const run = await reconcile(['drill', 'deleted-file-old', '--yes', '--json']);
    const e = evidenceOf(run.stdout);
    expect(e.reasons).toEqual([]);
    expect(run.code).toBe(0);
    expect(e.phases.map((p) => [p.kind, p.resource, p.status])).toEqual([
      ['backup-restore', 'backup.vault/eu-west-1/eks-mnemonica-prod-vault', 'passed'],
      ['s3-replica', 's3.bucket/mne-media-replica', 'passed'],
      ['s3-replica', 's3.bucket/mne-vault-replica', 'passed'],
    ]);
    expect(e.phases[1]?.samples?.map((s) => [s.key, s.storageClass, s.status])).toEqual([
      ['photos/b.jpg', 'DEEP_ARCHIVE', 'verified'],
    ]);
    // The restored point is about two hours old: the RPO achieved, within the 6 h target.
    expect(e.phases[0]?.rpoMinutes).toBeGreaterThanOrEqual(119);
    expect(e.phases[0]?.rpoMinutes).toBeLessThan(360);
    expect(seen.some((r) => r.method === 'POST' && r.path.includes('restore'))).toBe(true);
    expect(unexpectedWrites(seen)).toEqual([]);
    expect(await drillInstances()).toEqual([]);
    expect(await sandboxKeys()).toEqual([]);
    expect(await readBack()).toEqual(before);
  });

  it('WHEN region-failure is drilled with only a 10-hour-old DR copy THEN the drill runs, misses the 6 h RPO and exits 2; with a fresh copy it passes', async () => {
    await seedRecoveryPoint({
      region: 'eu-west-3',
      backupVaultName: 'Default',
      resourceArn: DB_ARN,
      iamRoleArn: GUIDE_SELECTION.iamRoleArn,
      creationDate: new Date(Date.now() - 10 * 3600_000).toISOString(),
    });
    const stale = await reconcile(['drill', 'region-failure-eu-west-1', '--yes', '--json']);
    const e1 = evidenceOf(stale.stdout);
    expect(stale.code).toBe(2);
    expect(e1.verdict).toBe('missed');
    expect(e1.reasons.join('\n')).toMatch(
      /backup\.vault\/eu-west-3\/Default: restored point is 10(\.\d)? h old, over the RPO of 6 h/,
    );
    expect(await drillInstances()).toEqual([]);

    await seedRecoveryPoint({
      region: 'eu-west-3',
      backupVaultName: 'Default',
      resourceArn: DB_ARN,
      iamRoleArn: GUIDE_SELECTION.iamRoleArn,
    });
    const before = await readBack();
    seen.length = 0;
    const fresh = await reconcile(['drill', 'region-failure-eu-west-1', '--yes']);
    expect(fresh.stdout).toContain('Drill ');
    expect(fresh.stdout).toContain('region-failure-eu-west-1: PASSED');
    expect(fresh.code).toBe(0);
    expect(unexpectedWrites(seen)).toEqual([]);
    expect(seen.some((r) => /^\/mne-drill-sandbox-paris\//.test(r.path) && r.method === 'PUT')).toBe(true);
    expect(await drillInstances()).toEqual([]);
    expect(await sandboxKeys()).toEqual([]);
    expect(await readBack()).toEqual(before);
  });

  it('WHEN a Deep Archive restore takes hours THEN the drill records it as pending (exit 2), and the next drill completes exactly that version', async () => {
    await setEmulatorConfig({ s3ArchiveRestoreSeconds: 12 * 3600 });
    await pool.get('s3', 'eu-west-3').send(
      new PutObjectCommand({
        Bucket: 'mne-media-replica',
        Key: 'photos/d.jpg',
        Body: 'd',
        StorageClass: 'DEEP_ARCHIVE',
      }),
    );
    try {
      const first = evidenceOf((await reconcile(['drill', 'deleted-file-old', '--yes', '--json'])).stdout);
      expect(first.verdict).toBe('pending');
      const media = first.phases.find((p) => p.resource === 's3.bucket/mne-media-replica');
      expect(media?.status).toBe('pending');
      expect(media?.samples?.map((x) => [x.key, x.status])).toEqual([
        ['photos/b.jpg', 'verified'],
        ['photos/d.jpg', 'pending'],
      ]);
      const pending = media?.samples?.[1];
      expect(pending?.restoreRequestedAt).toBeDefined();
      expect(await sandboxKeys()).toEqual([]);

      await advanceEmulatorClock(12 * 3600 + 60);
      seen.length = 0;
      const secondRun = await reconcile(['drill', 'deleted-file-old', '--yes', '--json']);
      const second = evidenceOf(secondRun.stdout);
      expect(second.reasons).toEqual([]);
      expect(secondRun.code).toBe(0);
      const followed = second.phases.find((p) => p.resource === 's3.bucket/mne-media-replica');
      expect(followed?.samples?.map((x) => [x.key, x.versionId, x.status, x.restoreRequestedAt])).toEqual([
        ['photos/d.jpg', pending?.versionId, 'verified', pending?.restoreRequestedAt],
      ]);
      // The restore was requested once, by the first run.
      expect(seen.filter((r) => r.method === 'POST' && /[?&]restore/.test(r.path))).toEqual([]);
    } finally {
      await setEmulatorConfig({ s3ArchiveRestoreSeconds: 0 });
    }
  });

  it('WHEN the vault newest recovery point is of an S3 bucket THEN AWS Backup restores it into a new temporary bucket, the drill counts its objects and deletes it', async () => {
    await seedRecoveryPoint({
      region: 'eu-west-1',
      backupVaultName: 'eks-mnemonica-prod-vault',
      resourceArn: 'arn:aws:s3:::mne-media-prod',
      iamRoleArn: GUIDE_SELECTION.iamRoleArn,
    });
    const before = await readBack();
    seen.length = 0;
    const run = await reconcile(['drill', 'deleted-file-old', '--yes', '--json']);
    const e = evidenceOf(run.stdout);
    expect(e.reasons).toEqual([]);
    expect(run.code).toBe(0);
    const restored = e.phases.find((p) => p.kind === 'backup-restore');
    expect(restored?.created).toEqual([`s3://reconcile-drill-${e.runId}-1`]);
    expect(restored?.detail).toContain('2 object(s)'); // photos/a.jpg and photos/c.jpg are current
    expect(e.cleanup.removed).toContain(`s3://reconcile-drill-${e.runId}-1`);
    const buckets = await pool.get('s3', 'eu-west-1').send(new ListBucketsCommand({}));
    expect((buckets.Buckets ?? []).filter((b) => b.Name?.startsWith('reconcile-drill-'))).toEqual([]);
    expect(unexpectedWrites(seen)).toEqual([]);
    expect(
      seen.some((r) => r.method === 'DELETE' && r.path.startsWith(`/reconcile-drill-${e.runId}-1`)),
    ).toBe(true);
    expect(await readBack()).toEqual(before);
  });

  it('WHEN an interrupted drill left a tagged instance and sandbox copy THEN --cleanup removes exactly those, not untagged neighbours or production', async () => {
    const runId = '20261202000000-dead';
    await pool.get('rds', 'eu-west-1').send(
      new RestoreDBInstanceToPointInTimeCommand({
        SourceDBInstanceIdentifier: 'eks-mnemonica-prod',
        TargetDBInstanceIdentifier: `eks-mnemonica-prod-drill-${runId}`,
        UseLatestRestorableTime: true,
        Tags: [{ Key: 'reconcile:drill', Value: runId }],
      }),
    );
    const s3 = pool.get('s3', 'eu-west-1');
    await s3.send(
      new CopyObjectCommand({
        Bucket: 'mne-drill-sandbox',
        Key: `reconcile-drill/${runId}/mne-media-prod/photos/c.jpg`,
        CopySource: 'mne-media-prod/photos/c.jpg',
        TaggingDirective: 'REPLACE',
        Tagging: `reconcile%3Adrill=${runId}`,
      }),
    );
    await s3.send(
      new PutObjectCommand({ Bucket: 'mne-drill-sandbox', Key: 'reconcile-drill/notes.txt', Body: 'kept' }),
    );
    // A bucket an interrupted AWS Backup S3 restore left (tagged), and an untagged look-alike.
    for (const [name, tagged] of [
      [`reconcile-drill-${runId}-1`, true],
      ['reconcile-drill-not-ours', false],
    ] as const) {
      await s3.send(
        new CreateBucketCommand({
          Bucket: name,
          CreateBucketConfiguration: { LocationConstraint: 'eu-west-1' },
        }),
      );
      await s3.send(new PutObjectCommand({ Bucket: name, Key: 'k', Body: 'v' }));
      if (tagged)
        await s3.send(
          new PutBucketTaggingCommand({
            Bucket: name,
            Tagging: { TagSet: [{ Key: 'reconcile:drill', Value: runId }] },
          }),
        );
    }
    const before = await readBack();
    seen.length = 0;
    const run = await reconcile(['drill', '--cleanup', '--json']);
    expect(run.code).toBe(0);
    const result = JSON.parse(run.stdout) as { removed: string[]; leftovers: string[] };
    expect(result.removed.sort()).toEqual([
      `rds:eu-west-1/eks-mnemonica-prod-drill-${runId}`,
      `s3://mne-drill-sandbox/reconcile-drill/${runId}/mne-media-prod/photos/c.jpg`,
      `s3://reconcile-drill-${runId}-1`,
    ]);
    const left = await s3.send(new ListBucketsCommand({}));
    expect((left.Buckets ?? []).map((b) => b.Name).filter((n) => n?.startsWith('reconcile-drill-'))).toEqual([
      'reconcile-drill-not-ours',
    ]);
    expect(result.leftovers).toEqual([]);
    expect(await drillInstances()).toEqual([]);
    expect(await sandboxKeys()).toEqual(['mne-drill-sandbox/reconcile-drill/notes.txt']);
    expect(unexpectedWrites(seen)).toEqual([]);
    expect(await readBack()).toEqual(before);
  });

  it('WHEN a drill is interrupted (the SIGINT abort) after its temporary instance exists THEN no further phase starts and the finally removes the instance', async () => {
    const desired = await loadSpecFile('backup-spec.yaml', { MNEMONICA_ALERTS_WEBHOOK_URL: WEBHOOK });
    const scenario = desired.recovery.find((x) => x.name === 'deleted-file-recent');
    const settings = desired.drill?.scenarios['deleted-file-recent'];
    if (!scenario || !settings) throw new Error('guide scenario missing');
    const abort = new AbortController();
    // Interrupted right after the restore call returned (seen on the write log), as Ctrl-C would.
    const logger = pino(
      { level: 'info' },
      {
        write(line: string) {
          if (line.includes('RestoreDBInstanceToPointInTime')) abort.abort();
        },
      },
    );
    const e = await runDrill({
      pool,
      account: ACCOUNT,
      logger,
      desired,
      scenario,
      settings,
      runId: '20261202190000-abcd',
      now: () => new Date(),
      pollMs: 50,
      signal: abort.signal,
    });
    expect(abort.signal.aborted).toBe(true);
    expect(e.verdict).toBe('error');
    expect(e.phases.map((p) => [p.resource, p.detail])).toEqual([
      ['rds.instance/eu-west-1/eks-mnemonica-prod', expect.stringContaining('restored to')],
      ['s3.bucket/mne-media-prod', 'not run: the drill was interrupted'],
      ['s3.bucket/mne-vault-prod', 'not run: the drill was interrupted'],
    ]);
    expect(e.cleanup).toEqual({
      removed: ['rds:eu-west-1/eks-mnemonica-prod-drill-20261202190000-abcd'],
      leftovers: [],
    });
    expect(await drillInstances()).toEqual([]);
  });

  it('WHEN the nightly report runs in the same directory THEN each scenario shows its last drill and the drill checks pass', async () => {
    const run = await reconcile(['report', '--json']);
    const doc = JSON.parse(run.stdout) as {
      scenarios: { name: string; lastDrill?: { verdict: string } }[];
      health: { id: string; status: string }[];
    };
    expect(doc.scenarios.map((s) => [s.name, s.lastDrill?.verdict])).toEqual([
      ['deleted-file-recent', 'passed'],
      ['deleted-file-old', 'passed'],
      ['region-failure-eu-west-1', 'passed'],
    ]);
    expect(doc.health.filter((h) => h.id.startsWith('drill:')).map((h) => [h.id, h.status])).toEqual([
      ['drill:deleted-file-recent', 'pass'],
      ['drill:deleted-file-old', 'pass'],
      ['drill:region-failure-eu-west-1', 'pass'],
    ]);
  });

  it('WHEN the scenario is misspelt THEN a usage error with a suggestion, before any AWS call', async () => {
    seen.length = 0;
    const run = await reconcile(['drill', 'deleted-file-recnt', '--yes']);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(
      'unknown scenario \'deleted-file-recnt\' (did you mean "deleted-file-recent"?)',
    );
    expect(seen).toEqual([]);
  });
});
