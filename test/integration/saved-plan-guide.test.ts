/**
 * A saved plan of the guide's whole starting state (every kind: buckets, roles, RDS, vaults, backup
 * plans and selections, topics with a secret webhook, rules, alarms) is reproducible: planning again
 * from the same spec and live state gives the same document but createdAt, so `--apply plan.json`
 * gets past the comparison (PLAN_MISMATCH) to the guardrails. Through the real CLI against moto, with
 * a recording proxy proving that no write was made.
 */
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ClientPool } from '../../src/adapters/aws-config.js';
import { runCli } from '../support/cli.js';
import { motoAwsOptions, motoEndpoint, useDummyCredentials, useMoto } from '../support/moto.js';
import { mutates, type RecordingProxy, startRecordingProxy } from '../support/recording-proxy.js';
import { seedGuideBefore } from '../support/seed-guide-before.js';

useMoto();

const WEBHOOK = 'https://hooks.example.com/services/T0SP/B0SP/savedPlanS3cret';
let proxy: RecordingProxy;
let cwd: string;

beforeAll(async () => {
  useDummyCredentials();
  const pool = new ClientPool(motoAwsOptions());
  try {
    await seedGuideBefore(pool);
  } finally {
    pool.destroy();
  }
  proxy = await startRecordingProxy(motoEndpoint());
  cwd = await mkdtemp(join(tmpdir(), 'reconcile-saved-guide-'));
}, 120_000);

afterAll(async () => {
  await proxy.close();
});

const reconcile = (args: readonly string[]) =>
  runCli(
    [...args, '--spec', resolve('backup-spec.yaml'), '--endpoint-url', proxy.url, '--region', 'eu-west-1'],
    {
      cwd,
      env: { ...process.env, MNEMONICA_ALERTS_WEBHOOK_URL: WEBHOOK, NO_COLOR: '1', LOG_LEVEL: 'silent' },
    },
  );

describe('GIVEN the guide before the fix, planned and saved', () => {
  it('WHEN --apply plan.json without --allow-destructive THEN the saved plan matches the fresh one and the guardrail refuses: no write', async () => {
    const planned = await reconcile(['--plan', '--out', 'plan.json']);
    expect(planned.code).toBe(2);
    const saved = JSON.parse(await readFile(join(cwd, 'plan.json'), 'utf8'));
    expect(saved.changes.length).toBeGreaterThan(10);
    proxy.seen.length = 0;
    const r = await reconcile(['--apply', 'plan.json', '--yes']);
    expect(r.stderr).not.toContain('differs from the plan made now');
    expect(r.stderr).not.toContain('stale');
    expect(r.stderr).toContain('without --allow-destructive');
    expect(r.code).toBe(1);
    expect(proxy.seen.filter(mutates)).toEqual([]);
  });

  it('WHEN the same file has one risk lowered THEN PLAN_MISMATCH, no write', async () => {
    const saved = JSON.parse(await readFile(join(cwd, 'plan.json'), 'utf8'));
    const i = saved.changes.findIndex((c: { risk: string }) => c.risk === 'high');
    expect(i).toBeGreaterThanOrEqual(0);
    saved.changes[i].risk = 'low';
    await writeFile(join(cwd, 'edited.json'), JSON.stringify(saved));
    proxy.seen.length = 0;
    const r = await reconcile(['--apply', 'edited.json', '--yes', '--allow-destructive']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`/changes/${i}/risk (${saved.changes[i].address}): saved "low", now "high"`);
    expect(proxy.seen.filter(mutates)).toEqual([]);
  });
});
