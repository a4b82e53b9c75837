/**
 * Apply writes the plan's diffs (issue 13 item 2): the executor hands each adapter the observation the
 * plan was made from and the plan's field diffs, so one drifted bucket costs the plan's reads, the
 * re-plan's reads and at most one managed-scope read of that bucket — not a full re-read per step.
 * Counted by a recording proxy in front of moto, with the CLI run in-process through main().
 */
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PutBucketLifecycleConfigurationCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ClientPool } from '../../src/adapters/aws-config.js';
import { ACCOUNT, motoAwsOptions, motoEndpoint, useDummyCredentials, useMoto } from '../support/moto.js';
import { mutates, type RecordingProxy, startRecordingProxy } from '../support/recording-proxy.js';

useMoto();

const DRIFTED = 'reads-media-prod';

/** Three buckets (the drifted one manages 4 sub-configurations), a role, a topic and an alarm. */
const SPEC = `version: 1
account: "${ACCOUNT}"
defaultRegion: eu-west-1
s3:
  buckets:
    ${DRIFTED}:
      region: eu-west-1
      versioning: Enabled
      lifecycle:
        - id: noncurrent-versions
          noncurrentVersionExpiration:
            noncurrentDays: 35
      tags:
        team: platform
      inventory:
        - id: weekly
          destination:
            bucket: reads-media-replica
            format: CSV
          includedObjectVersions: All
          frequency: Weekly
    reads-media-replica:
      region: eu-west-1
      versioning: Enabled
    reads-logs:
      region: eu-west-1
      versioning: Suspended
iam:
  roles:
    reads-backup-role:
      trustPolicy:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Principal: { Service: backup.amazonaws.com }
            Action: sts:AssumeRole
sns:
  topics:
    reads-alerts:
      region: eu-west-1
      displayName: Backup alerts
      subscriptions:
        - protocol: email
          endpoint: ops@example.com
`;

/** The sub-configurations the drifted bucket manages: the most a managed-scope read of it costs. */
const DRIFTED_MANAGED_PARTS = 4;

let cwd: string;
let proxy: RecordingProxy;

async function reconcile(args: readonly string[], endpoint: string) {
  const { runCli } = await import('../support/cli.js');
  return runCli([...args, '--endpoint-url', endpoint], {
    cwd,
    env: { ...process.env, NO_COLOR: '1', LOG_LEVEL: 'warn' },
  });
}

/** Someone shortens the drifted bucket's retention by hand (console drift). */
async function driftLifecycle(days: number): Promise<void> {
  const pool = new ClientPool(motoAwsOptions());
  try {
    await pool.get('s3', 'eu-west-1').send(
      new PutBucketLifecycleConfigurationCommand({
        Bucket: DRIFTED,
        LifecycleConfiguration: {
          Rules: [
            {
              ID: 'noncurrent-versions',
              Status: 'Enabled',
              Filter: { Prefix: '' },
              NoncurrentVersionExpiration: { NoncurrentDays: days },
            },
          ],
        },
      }),
    );
  } finally {
    pool.destroy();
  }
}

beforeAll(async () => {
  useDummyCredentials();
  cwd = await mkdtemp(join(tmpdir(), 'reconcile-apply-reads-'));
  await writeFile(join(cwd, 'backup-spec.yaml'), SPEC);
  const first = await reconcile(['--apply', '--yes'], motoEndpoint());
  expect(first.stderr).not.toContain('internal error');
  expect(first.code, first.stdout + first.stderr).toBe(0);
  proxy = await startRecordingProxy(motoEndpoint());
});

afterAll(async () => {
  await proxy?.close();
});

describe('apply reads what the plan read, plus at most one managed-scope read per drifted resource', () => {
  it('GIVEN one bucket whose lifecycle drifted WHEN --apply --yes THEN reads <= plan reads + re-plan reads + one managed-scope read of that bucket, and the one write is its lifecycle', async () => {
    await driftLifecycle(20);
    proxy.seen.length = 0;
    const plan = await reconcile(['--plan'], proxy.url);
    expect(plan.code).toBe(2);
    const planReads = proxy.seen.filter((s) => !mutates(s)).length;
    expect(proxy.seen.filter(mutates)).toEqual([]);

    proxy.seen.length = 0;
    const apply = await reconcile(['--apply', '--yes'], proxy.url);
    expect(apply.stderr).not.toContain('internal error');
    expect(apply.code).toBe(0);
    expect(apply.stdout).toContain('Converged');
    const writes = proxy.seen.filter(mutates);
    const reads = proxy.seen.filter((s) => !mutates(s));
    expect(writes.map((w) => `${w.method} ${w.path}`)).toEqual([`PUT /${DRIFTED}/?lifecycle=`]);
    // plan reads + the same reads again for the re-plan + at most one managed-scope read of the bucket
    expect(reads.length).toBeLessThanOrEqual(2 * planReads + DRIFTED_MANAGED_PARTS);
  });
});
