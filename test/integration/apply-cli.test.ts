/**
 * `reconcile --apply` and `--restore` end to end through main() against moto: confirmation rules,
 * guardrails, saved plans (stale ones refused), the pre-change backup and its restore, convergence
 * and exit codes, and secrets never leaving the process.
 */
import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  GetBucketLifecycleConfigurationCommand,
  PutBucketLifecycleConfigurationCommand,
} from '@aws-sdk/client-s3';
import { beforeAll, describe, expect, it } from 'vitest';
import { ClientPool } from '../../src/adapters/aws-config.js';
import type { ApplyResult } from '../../src/executor/apply-result.js';
import { runCli } from '../support/cli.js';
import {
  ACCOUNT,
  motoAwsOptions,
  motoDump,
  motoEndpoint,
  useDummyCredentials,
  useMoto,
} from '../support/moto.js';

useMoto();

const SECRET_WEBHOOK = 'https://hooks.example.com/services/T0CLI/B0CLI/cliS3cretT0ken';
const BUCKET = 'cli-apply-media';

let cwd: string;
beforeAll(async () => {
  cwd = await mkdtemp(join(tmpdir(), 'reconcile-cli-'));
  useDummyCredentials();
});

function spec(noncurrentDays: number, displayName = 'Backup alerts'): string {
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
    cli-apply-alerts:
      region: eu-west-1
      displayName: ${displayName}
      subscriptions:
        - protocol: email
          endpoint: ops@example.com
        - protocol: https
          endpoint: \${env:CLI_WEBHOOK_URL}
`;
}

async function writeSpec(text: string): Promise<void> {
  await writeFile(join(cwd, 'backup-spec.yaml'), text);
}

/** Runs the CLI against moto; `answer` given: a TTY that answers every confirmation with it. */
async function reconcile(args: readonly string[], answer?: boolean) {
  const run = await runCli([...args, '--endpoint-url', motoEndpoint()], {
    cwd,
    env: { ...process.env, CLI_WEBHOOK_URL: SECRET_WEBHOOK, NO_COLOR: '1' },
    ...(answer !== undefined ? { answer } : {}),
  });
  return { code: run.code, out: run.stdout, err: run.stderr, questions: run.questions };
}

async function liveNoncurrentDays(): Promise<number | undefined> {
  const pool = new ClientPool(motoAwsOptions());
  try {
    const out = await pool
      .get('s3', 'eu-west-1')
      .send(new GetBucketLifecycleConfigurationCommand({ Bucket: BUCKET }));
    return out.Rules?.[0]?.NoncurrentVersionExpiration?.NoncurrentDays;
  } finally {
    pool.destroy();
  }
}

function backupDirIn(out: string): string {
  const m = /before changing them: (\S+)/.exec(out);
  if (!m?.[1]) throw new Error(`no backup directory in output:\n${out}`);
  return m[1];
}

describe('reconcile --apply: refusals change nothing', () => {
  it('GIVEN --live WHEN --apply THEN it is a usage error (a snapshot cannot be changed)', async () => {
    await writeSpec(spec(35));
    const r = await reconcile(['--apply', '--yes', '--live', 'snapshot.json']);
    expect(r.code).toBe(1);
    expect(r.err).toContain('--live is not an option of apply');
  });

  it('GIVEN no terminal and no --yes WHEN --apply THEN it shows the plan, refuses, and AWS is untouched', async () => {
    // moto loads each service's backend (with its built-in data) on first use: read once first.
    expect((await reconcile(['--plan'])).code).toBe(2);
    const before = await motoDump();
    const r = await reconcile(['--apply']);
    expect(r.code).toBe(1);
    expect(r.out).toContain(`s3.bucket/${BUCKET}`);
    expect(r.err).toContain('refusing to apply without confirmation');
    expect(r.err).toContain('--yes');
    expect(await motoDump()).toEqual(before);
  });

  it('GIVEN a terminal WHEN the user answers no THEN it is cancelled and AWS is untouched', async () => {
    const before = await motoDump();
    const r = await reconcile(['--apply'], false);
    expect(r.code).toBe(1);
    expect(r.questions).toEqual([`Do you want to apply these 2 change(s) to AWS account ${ACCOUNT}?`]);
    expect(r.out).toContain('Apply cancelled; nothing was changed.');
    expect(await motoDump()).toEqual(before);
  });
});

describe('reconcile --apply: converging', () => {
  it('GIVEN a terminal WHEN the user answers yes THEN it applies, saves the prior state, converges and exits 0 — and the webhook secret appears nowhere', async () => {
    const r = await reconcile(['--apply'], true);
    expect(r.err).not.toContain('internal error');
    expect(r.code).toBe(0);
    expect(r.out).toContain('Apply: 2 applied, 0 unchanged, 0 failed, 0 skipped.');
    expect(r.out).toContain('Converged');
    const dir = backupDirIn(r.out);
    const files = (await readdir(dir)).sort();
    expect(files).toEqual([
      'manifest.json',
      `s3.bucket__${BUCKET}.json`,
      'sns.topic__eu-west-1__cli-apply-alerts.json',
    ]);
    const saved = await Promise.all(files.map((f) => readFile(join(dir, f), 'utf8')));
    for (const text of [r.out, r.err, ...saved]) expect(text).not.toContain('cliS3cretT0ken');
    expect(r.err).toContain('"operation":"CreateTopic"'); // pino logs every write on stderr
    expect(await liveNoncurrentDays()).toBe(35);
  });

  it('GIVEN a converged account WHEN --apply --yes again THEN nothing is written, no backup is made, exit 0', async () => {
    const r = await reconcile(['--apply', '--yes']);
    expect(r.code).toBe(0);
    expect(r.out).toContain('Apply: 0 applied, 0 unchanged, 0 failed, 0 skipped.');
    expect(r.out).not.toContain('before changing them');
    expect(r.err).not.toContain('aws write');
  });

  it('GIVEN --json WHEN --apply --yes THEN stdout is the versioned ApplyResult only', async () => {
    await writeSpec(spec(35, 'Backup alerts (json)'));
    const r = await reconcile(['--apply', '--yes', '--json']);
    expect(r.code).toBe(0);
    const result = JSON.parse(r.out) as ApplyResult;
    expect(result).toMatchObject({
      formatVersion: 1,
      account: ACCOUNT,
      summary: { applied: 1, unchanged: 0, failed: 0, skipped: 0 },
      convergence: { converged: true, remaining: [] },
    });
    expect(result.steps.map((s) => [s.address, s.action, s.outcome])).toEqual([
      ['sns.topic/eu-west-1/cli-apply-alerts', 'update', 'applied'],
    ]);
    expect(result.mutations).toBeGreaterThan(0);
    expect(r.err).toContain('sns.topic/eu-west-1/cli-apply-alerts'); // the plan went to stderr
  });
});

describe('reconcile --apply: guardrails and saved plans', () => {
  it('GIVEN a shortened noncurrent retention WHEN --apply --yes without --allow-destructive THEN it refuses naming the change and why; AWS untouched', async () => {
    await writeSpec(spec(10, 'Backup alerts (json)'));
    const before = await motoDump();
    const r = await reconcile(['--apply', '--yes']);
    expect(r.code).toBe(1);
    expect(r.err).toContain('without --allow-destructive');
    expect(r.err).toMatch(new RegExp(`s3\\.bucket/${BUCKET} \\(update\\): .*35 -> 10`));
    expect(await motoDump()).toEqual(before);
  });

  it('GIVEN a saved plan and a live change made after it WHEN --apply plan.json THEN StalePlanError, exit 1, nothing applied', async () => {
    await writeSpec(spec(60, 'Backup alerts (json)'));
    const planned = await reconcile(['--plan', '--out', 'plan.json']);
    expect(planned.code).toBe(2);
    // Someone edits the bucket by hand after the plan was saved.
    const pool = new ClientPool(motoAwsOptions());
    try {
      await pool.get('s3', 'eu-west-1').send(
        new PutBucketLifecycleConfigurationCommand({
          Bucket: BUCKET,
          LifecycleConfiguration: {
            Rules: [
              {
                ID: 'noncurrent-versions',
                Status: 'Enabled',
                Filter: {},
                NoncurrentVersionExpiration: { NoncurrentDays: 50 },
              },
            ],
          },
        }),
      );
    } finally {
      pool.destroy();
    }
    const r = await reconcile(['--apply', 'plan.json', '--yes']);
    expect(r.code).toBe(1);
    expect(r.err).toContain('the saved plan is stale: live state changed since it was made');
    expect(r.err).toContain(`s3.bucket/${BUCKET}`);
    expect(await liveNoncurrentDays()).toBe(50);
  });

  it('GIVEN a fresh saved plan WHEN --apply plan.json --yes THEN exactly that plan is applied', async () => {
    expect((await reconcile(['--plan', '--out', 'plan.json'])).code).toBe(2);
    const r = await reconcile(['--apply', 'plan.json', '--yes']);
    expect(r.code).toBe(0);
    expect(r.out).toContain('Apply: 1 applied, 0 unchanged, 0 failed, 0 skipped.');
    expect(await liveNoncurrentDays()).toBe(60);
    // The restore test below undoes this apply.
    lastBackup = backupDirIn(r.out);
  });
});

let lastBackup = '';

describe('reconcile --restore', () => {
  it('GIVEN the backup of the last apply WHEN --restore DIR --yes --allow-destructive THEN the prior lifecycle (50 days) is back and a re-plan of the backup is empty', async () => {
    expect(lastBackup).not.toBe('');
    const r = await reconcile(['--restore', lastBackup, '--yes', '--allow-destructive']);
    expect(r.err).not.toContain('internal error');
    expect(r.code).toBe(0);
    expect(r.out).toContain(`Restoring 1 configuration(s)`);
    expect(r.out).toContain('Converged');
    expect(await liveNoncurrentDays()).toBe(50);
    // A restore saves what it overwrote, so it can itself be undone.
    expect(backupDirIn(r.out)).not.toBe(lastBackup);
  });

  it("GIVEN the first apply's backup (topic absent before) WHEN --restore without --allow-destructive THEN the created topic is listed and left alone", async () => {
    const root = join(cwd, '.reconcile', 'backups');
    const dirs = (await readdir(root)).sort();
    const first = join(root, dirs[0] ?? '');
    const r = await reconcile(['--restore', first, '--yes']);
    expect(r.out).toContain('Left alone (created by that apply):');
    expect(r.out).toMatch(
      /sns\.topic\/eu-west-1\/cli-apply-alerts: did not exist before the apply; left alone/,
    );
    expect(r.out).not.toContain('cliS3cretT0ken');
  });
});
