/**
 * Issue 12, "backups are inputs": `reconcile --restore DIR` through the real CLI against moto, behind
 * a recording proxy that counts every mutating request. A backup file whose name or region does not
 * match its address, or whose attributes do not fit the live-state schema, is a located error naming
 * the file and the field, with no write; an additive `raw` member is tolerated. The preview lists
 * every deletion with its full configuration (and deletions need --allow-delete) and, up front, what
 * can never be restored (versioning back to Disabled), which is then left alone rather than failing
 * half way. A fast-check fuzz edits backup files at random: an edit the loader rejects never writes,
 * and no edit ever makes an internal error.
 */
import { cp, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetBucketLifecycleConfigurationCommand, GetBucketVersioningCommand } from '@aws-sdk/client-s3';
import { GetTopicAttributesCommand, ListTopicsCommand } from '@aws-sdk/client-sns';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ClientPool } from '../../src/adapters/aws-config.js';
import { loadBackupDir } from '../../src/executor/backups.js';
import { runCli } from '../support/cli.js';
import { ACCOUNT, motoAwsOptions, motoEndpoint, useDummyCredentials, useMoto } from '../support/moto.js';
import { mutates, type RecordingProxy, startRecordingProxy } from '../support/recording-proxy.js';

useMoto();

const BUCKET = 'restore-input-media';
const TOPIC = 'restore-input-alerts';
const BUCKET_FILE = `s3.bucket__${BUCKET}.json`;
const TOPIC_FILE = `sns.topic__eu-west-1__${TOPIC}.json`;

let cwd: string;
let proxy: RecordingProxy;
/** The backup of the first apply: both resources absent (it created them). */
let createdDir: string;
/** The backup of the second apply: both present (lifecycle 35 days, display name "Alerts"). */
let changedDir: string;

function spec(noncurrentDays: number, displayName: string): string {
  return `version: 1
account: "${ACCOUNT}"
defaultRegion: eu-west-1
s3:
  buckets:
    ${BUCKET}:
      region: eu-west-1
      versioning: Enabled
      lifecycle:
        - id: noncurrent-versions
          noncurrentVersionExpiration:
            noncurrentDays: ${noncurrentDays}
sns:
  topics:
    ${TOPIC}:
      region: eu-west-1
      displayName: ${displayName}
`;
}

async function reconcile(args: readonly string[]) {
  const run = await runCli([...args, '--endpoint-url', proxy.url], {
    cwd,
    env: { ...process.env, NO_COLOR: '1', LOG_LEVEL: 'silent' },
  });
  return { code: run.code, out: run.stdout, err: run.stderr };
}

function takeWrites(): string[] {
  const writes = proxy.seen.filter(mutates).map((s) => s.operation ?? `${s.method} ${s.path}`);
  proxy.seen.length = 0;
  return writes;
}

function backupDirIn(out: string): string {
  const m = /before changing them: (\S+)/.exec(out);
  if (!m?.[1]) throw new Error(`no backup directory in output:\n${out}`);
  return m[1];
}

async function withPool<T>(f: (pool: ClientPool) => Promise<T>): Promise<T> {
  const pool = new ClientPool(motoAwsOptions());
  try {
    return await f(pool);
  } finally {
    pool.destroy();
  }
}

const liveNoncurrentDays = () =>
  withPool(async (pool) => {
    const out = await pool
      .get('s3', 'eu-west-1')
      .send(new GetBucketLifecycleConfigurationCommand({ Bucket: BUCKET }));
    return out.Rules?.[0]?.NoncurrentVersionExpiration?.NoncurrentDays;
  });

const liveVersioning = () =>
  withPool(
    async (pool) =>
      (await pool.get('s3', 'eu-west-1').send(new GetBucketVersioningCommand({ Bucket: BUCKET }))).Status,
  );

const topicArn = `arn:aws:sns:eu-west-1:${ACCOUNT}:${TOPIC}`;
const topicExists = () =>
  withPool(async (pool) => {
    const out = await pool.get('sns', 'eu-west-1').send(new ListTopicsCommand({}));
    return (out.Topics ?? []).some((t) => t.TopicArn === topicArn);
  });
const topicDisplayName = () =>
  withPool(
    async (pool) =>
      (await pool.get('sns', 'eu-west-1').send(new GetTopicAttributesCommand({ TopicArn: topicArn })))
        .Attributes?.DisplayName,
  );

beforeAll(async () => {
  useDummyCredentials();
  proxy = await startRecordingProxy(motoEndpoint());
  cwd = await mkdtemp(join(tmpdir(), 'reconcile-restore-input-'));
  await writeFile(join(cwd, 'backup-spec.yaml'), spec(35, 'Alerts'));
  const first = await reconcile(['--apply', '--yes']);
  expect(first.code).toBe(0);
  createdDir = backupDirIn(first.out);
  await writeFile(join(cwd, 'backup-spec.yaml'), spec(60, 'Alerts v2'));
  const second = await reconcile(['--apply', '--yes']);
  expect(second.code).toBe(0);
  changedDir = backupDirIn(second.out);
  expect(await liveNoncurrentDays()).toBe(60);
  takeWrites();
}, 120_000);

afterAll(async () => {
  await proxy.close();
});

/** A copy of a backup directory whose `file` is edited by `edit` (the parsed JSON). */
async function editedCopy(dir: string, file: string, edit: (doc: Record<string, unknown>) => unknown) {
  const copy = await mkdtemp(join(cwd, 'edited-'));
  await rm(copy, { recursive: true });
  await cp(dir, copy, { recursive: true });
  const doc = JSON.parse(await readFile(join(copy, file), 'utf8'));
  const replaced = edit(doc);
  await writeFile(join(copy, file), JSON.stringify(replaced ?? doc, null, 2));
  return copy;
}

async function restore(dir: string, extra: readonly string[] = ['--yes', '--allow-destructive']) {
  takeWrites();
  const r = await reconcile(['--restore', dir, ...extra]);
  return { ...r, writes: takeWrites() };
}

describe('GIVEN a backup file edited by hand WHEN --restore DIR --yes --allow-destructive THEN a located error and no write', () => {
  it.each([
    [
      'a name that is not the address name',
      (d: Record<string, unknown>) => {
        d.name = 'another-bucket';
      },
      BUCKET_FILE,
      '  name: must be "restore-input-media", the name in the address',
    ],
    [
      'a region that is not the address region',
      (d: Record<string, unknown>) => {
        d.region = 'us-east-1';
      },
      TOPIC_FILE,
      '  region: must be "eu-west-1", the region in the address',
    ],
    [
      'an address that is not the file it is in (a topic restored as a bucket)',
      (d: Record<string, unknown>) => {
        d.address = `sns.topic/eu-west-1/${BUCKET}`;
        d.kind = 'sns.topic';
        d.region = 'eu-west-1';
      },
      BUCKET_FILE,
      `  address: does not match the file name (a backup of sns.topic/eu-west-1/${BUCKET} is sns.topic__eu-west-1__${BUCKET}.json)`,
    ],
    [
      'a lifecycle that is not a list',
      (d: { observation: { attrs: Record<string, unknown> } }) => {
        d.observation.attrs.lifecycle = 'keep everything';
      },
      BUCKET_FILE,
      '  observation.attrs.lifecycle: Invalid input: expected array, received string',
    ],
    [
      'an attribute region that is not the address region',
      (d: { observation: { attrs: Record<string, unknown> } }) => {
        d.observation.attrs.region = 'us-east-2';
      },
      TOPIC_FILE,
      '  observation.attrs.region: must equal the address region eu-west-1',
    ],
  ])('%s', async (_what, edit, file, message) => {
    const dir = await editedCopy(changedDir, file, edit as (d: Record<string, unknown>) => void);
    const r = await restore(dir);
    expect(r.code).toBe(1);
    expect(r.err).toContain(`${join(dir, file)} is not a valid reconcile backup file:\n${message}`);
    expect(r.err).not.toContain('internal error');
    expect(r.writes).toEqual([]);
    expect(await liveNoncurrentDays()).toBe(60);
  });

  it('a manifest for another account id shape: located error naming manifest.json', async () => {
    const dir = await editedCopy(changedDir, 'manifest.json', (d) => {
      d.account = '12345';
    });
    const r = await restore(dir);
    expect(r.code).toBe(1);
    expect(r.err).toContain(
      `${join(dir, 'manifest.json')} is not a valid reconcile backup file:\n  account: expected a 12-digit AWS account id`,
    );
    expect(r.writes).toEqual([]);
  });
});

describe('GIVEN a valid backup', () => {
  it('with an additive `raw` member (raw AWS responses) WHEN loaded THEN it is accepted', async () => {
    const dir = await editedCopy(changedDir, BUCKET_FILE, (d) => {
      d.raw = { GetBucketVersioning: { Status: 'Enabled' } };
    });
    const loaded = await loadBackupDir(dir);
    expect(loaded.entries.map((e) => e.address)).toEqual([
      `s3.bucket/${BUCKET}`,
      `sns.topic/eu-west-1/${TOPIC}`,
    ]);
  });

  it('whose bucket had versioning never enabled WHEN restored THEN that is listed up front as not restorable, the rest is restored and it converges', async () => {
    const dir = await editedCopy(changedDir, BUCKET_FILE, (d) => {
      (d as { observation: { attrs: Record<string, unknown> } }).observation.attrs.versioning = 'Disabled';
    });
    const r = await restore(dir);
    expect(r.err).not.toContain('internal error');
    const preview = r.out.slice(0, r.out.indexOf('reconcile plan for account'));
    expect(preview).toContain('Cannot be restored from this backup:');
    expect(preview).toContain(
      `s3.bucket/${BUCKET}: versioning was never enabled before (Disabled), and is Enabled now: S3 cannot return a bucket to unversioned (only Suspended); left as it is`,
    );
    expect(r.code).toBe(0);
    expect(r.out).toContain('Converged');
    expect(await liveNoncurrentDays()).toBe(35);
    expect(await liveVersioning()).toBe('Enabled');
    expect(await topicDisplayName()).toBe('Alerts');
  });

  it('of an apply that created a topic WHEN restored without --allow-delete THEN it is left alone, no write', async () => {
    const r = await restore(createdDir);
    expect(r.code).toBe(0);
    expect(r.out).toContain(
      `sns.topic/eu-west-1/${TOPIC}: did not exist before the apply; left alone (run with --allow-delete to delete it)`,
    );
    expect(r.writes).toEqual([]);
    expect(await topicExists()).toBe(true);
  });

  it('of an apply that created a topic WHEN restored with --allow-delete but no confirmation THEN the preview shows the deletion with its full configuration, and nothing is written', async () => {
    const r = await restore(createdDir, ['--allow-delete', '--allow-destructive']);
    expect(r.code).toBe(1);
    expect(r.out).toContain('Will delete (--allow-delete; created by that apply):');
    expect(r.out).toContain(`  - sns.topic/eu-west-1/${TOPIC} (`);
    expect(r.out).toMatch(/ {6}"displayName": "Alerts"/);
    expect(r.out).toMatch(/ {6}"region": "eu-west-1"/);
    expect(r.err).toContain('refusing to restore without confirmation');
    expect(r.writes).toEqual([]);
  });

  it('of an apply that created a topic WHEN restored with --allow-delete --allow-destructive --yes THEN the topic is deleted (the bucket never is)', async () => {
    const r = await restore(createdDir, ['--allow-delete', '--allow-destructive', '--yes']);
    expect(r.err).not.toContain('internal error');
    expect(r.code).toBe(0);
    expect(r.out).toContain(
      `s3.bucket/${BUCKET}: did not exist before the apply; buckets and objects are never deleted`,
    );
    expect(await topicExists()).toBe(false);
  });
});

describe('fuzz: random edits of backup files', () => {
  type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

  function paths(v: Json, at: (string | number)[] = []): (string | number)[][] {
    const out: (string | number)[][] = [];
    if (Array.isArray(v)) for (const [i, x] of v.entries()) out.push([...at, i], ...paths(x, [...at, i]));
    else if (v !== null && typeof v === 'object')
      for (const [k, x] of Object.entries(v)) out.push([...at, k], ...paths(x, [...at, k]));
    return out;
  }

  it('GIVEN 30 random edits of a backup file (a field set to a plausible or random value, or deleted) WHEN --restore --yes --allow-destructive --allow-delete THEN never an internal error, and an edit the loader rejects writes nothing', async () => {
    const docs: Record<string, Json> = {};
    for (const f of [BUCKET_FILE, TOPIC_FILE, 'manifest.json'])
      docs[f] = JSON.parse(await readFile(join(changedDir, f), 'utf8'));
    const targets = Object.entries(docs).flatMap(([file, doc]) => paths(doc).map((p) => ({ file, p })));
    const value = fc.oneof(
      fc.constantFrom<Json>(
        'Disabled',
        'Suspended',
        'us-east-1',
        'eu-west-1',
        'sns.topic',
        `sns.topic/eu-west-1/${BUCKET}`,
        'absent',
        'unreadable',
        0,
        -1,
        null,
        [],
        {},
        '__proto__',
      ),
      fc.jsonValue({ maxDepth: 2 }) as fc.Arbitrary<Json>,
    );
    let rejected = 0;
    let ran = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...targets),
        fc.constantFrom<'set' | 'delete'>('set', 'set', 'delete'),
        value,
        async ({ file, p }, op, v) => {
          const dir = await editedCopy(changedDir, file, (d) => {
            let parent = d as Record<string | number, Json>;
            for (const k of p.slice(0, -1)) parent = parent[k] as Record<string | number, Json>;
            const last = p[p.length - 1] as string | number;
            if (op === 'delete') {
              if (Array.isArray(parent)) parent.splice(Number(last), 1);
              else delete parent[last];
            } else parent[last] = v;
          });
          const valid = await loadBackupDir(dir).then(
            () => true,
            () => false,
          );
          const r = await restore(dir, ['--yes', '--allow-destructive', '--allow-delete']);
          expect(r.err).not.toContain('internal error');
          if (!valid) {
            rejected++;
            expect(r.code).toBe(1);
            expect(r.err).toContain(dir);
            expect(r.writes).toEqual([]);
          } else ran++;
          await rm(dir, { recursive: true, force: true });
        },
      ),
      { numRuns: 30, seed: 1202, endOnFailure: true },
    );
    expect(rejected).toBeGreaterThan(10);
    expect(rejected + ran).toBe(30);
  }, 600_000);
});

describe('listing', () => {
  it('GIVEN the backup directories WHEN listed THEN each holds the manifest and its entries (the fixtures above are real)', async () => {
    expect((await readdir(changedDir)).sort()).toEqual([BUCKET_FILE, 'manifest.json', TOPIC_FILE].sort());
  });
});
