import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputFileError } from '../../src/errors.js';
import type { ApplyResult } from '../../src/executor/apply-result.js';
import { BackupWriter, backupFileName, loadBackupDir } from '../../src/executor/backups.js';
import { convergenceOf, renderApplyText } from '../../src/executor/convergence.js';
import { change, planOf } from './builders.js';

const TOPIC = 'sns.topic/eu-west-1/alerts';
const ALARM = 'cloudwatch.alarm/eu-west-1/lag';
const SRC = 's3.bucket/media-prod';

describe('convergenceOf', () => {
  it('GIVEN a re-plan with only no-ops WHEN checked THEN converged', () => {
    expect(convergenceOf(planOf([change(TOPIC, 'no-op')]))).toEqual({ converged: true, remaining: [] });
  });

  it('GIVEN a re-plan still wanting changes, a blocked one and an unreadable one WHEN checked THEN each is listed with why, with the failed step error', () => {
    const replan = planOf(
      [
        change(TOPIC, 'update', { reason: '1 field differs' }),
        change(ALARM, 'blocked', { reason: 'cannot' }),
      ],
      {
        unchecked: [{ address: SRC, reason: 'access denied (AccessDenied)' }],
      },
    );
    const conv = convergenceOf(replan, {
      steps: [
        {
          address: TOPIC,
          action: 'update',
          outcome: 'failed',
          error: 'Throttling: Rate exceeded',
          mutations: 1,
          durationMs: 1,
        },
      ],
    });
    expect(conv).toEqual({
      converged: false,
      remaining: [
        { address: ALARM, action: 'blocked', reason: 'cannot' },
        { address: SRC, action: 'unchecked', reason: 'could not be read: access denied (AccessDenied)' },
        {
          address: TOPIC,
          action: 'update',
          reason: '1 field differs; step failed: Throttling: Rate exceeded',
        },
      ],
    });
  });
});

describe('renderApplyText', () => {
  it('GIVEN an apply with every outcome WHEN rendered THEN one line per step, the exact summary line and what did not converge', () => {
    const result: ApplyResult = {
      formatVersion: 1,
      account: '111122223333',
      steps: [
        {
          address: ALARM,
          action: 'create',
          outcome: 'skipped',
          error: `skipped: depends on ${TOPIC} (failed)`,
          mutations: 0,
          durationMs: 0,
        },
        { address: SRC, action: 'update', outcome: 'applied', mutations: 2, durationMs: 5 },
        {
          address: TOPIC,
          action: 'create',
          outcome: 'failed',
          error: 'Throttling: Rate exceeded',
          mutations: 1,
          durationMs: 5,
        },
      ],
      summary: { applied: 1, unchanged: 0, failed: 1, skipped: 1 },
      mutations: 3,
      convergence: {
        converged: false,
        remaining: [{ address: TOPIC, action: 'create', reason: 'absent in AWS' }],
      },
    };
    expect(renderApplyText(result)).toBe(
      [
        'Steps:',
        `  skipped    + ${ALARM}: skipped: depends on ${TOPIC} (failed)`,
        `  applied    ~ ${SRC}`,
        `  FAILED     + ${TOPIC}: Throttling: Rate exceeded`,
        '',
        'Apply: 1 applied, 0 unchanged, 1 failed, 1 skipped.',
        'Not converged: 1 resource(s) still differ from the spec:',
        `  + ${TOPIC} (create): absent in AWS`,
        '',
      ].join('\n'),
    );
  });
});

describe('backup directories', () => {
  it('GIVEN an address with slashes WHEN named THEN the file name is flat and reversible by its content', () => {
    expect(backupFileName('backup.selection/eu-west-1/plan/sel')).toBe(
      'backup.selection__eu-west-1__plan__sel.json',
    );
  });

  it('GIVEN two applies in the same millisecond WHEN both save THEN they get separate directories', async () => {
    const root = join(await mkdtemp(join(tmpdir(), 'reconcile-bk-')), 'b');
    const at = () => new Date('2026-01-01T00:00:00.000Z');
    const a = new BackupWriter(root, { account: '1', defaultRegion: 'eu-west-1' }, at);
    const b = new BackupWriter(root, { account: '1', defaultRegion: 'eu-west-1' }, at);
    const entry = {
      address: TOPIC,
      kind: 'sns.topic' as const,
      name: 'alerts',
      region: 'eu-west-1',
      dependsOn: [],
      observation: { status: 'absent' as const },
    };
    await a.write(entry);
    await b.write(entry);
    expect(await a.directory()).toBe(join(root, '2026-01-01T00-00-00-000Z'));
    expect(await b.directory()).toBe(join(root, '2026-01-01T00-00-00-000Z-1'));
  });

  it('GIVEN a directory that is not a backup WHEN loaded THEN InputFileError says so', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'reconcile-bk-'));
    await expect(loadBackupDir(dir)).rejects.toThrow(
      /is not a reconcile backup directory \(no manifest\.json\)/,
    );
    await expect(loadBackupDir(join(dir, 'missing'))).rejects.toBeInstanceOf(InputFileError);
  });

  it('GIVEN a missing backup directory WHEN loaded THEN the message says why in words (not ENOENT)', async () => {
    const dir = join(await mkdtemp(join(tmpdir(), 'reconcile-bk-')), 'missing');
    await expect(loadBackupDir(dir)).rejects.toThrow(
      new InputFileError(`cannot read backup directory ${dir}: no such file`),
    );
  });

  it('GIVEN a tampered backup file WHEN loaded THEN InputFileError names the file and the field', async () => {
    const root = join(await mkdtemp(join(tmpdir(), 'reconcile-bk-')), 'b');
    const w = new BackupWriter(root, { account: '111122223333', defaultRegion: 'eu-west-1' });
    const path = await w.write({
      address: TOPIC,
      kind: 'sns.topic',
      name: 'alerts',
      region: 'eu-west-1',
      dependsOn: [],
      observation: { status: 'absent' },
    });
    const saved = JSON.parse(await readFile(path, 'utf8'));
    await writeFile(path, JSON.stringify({ ...saved, kind: 'iam.role' }));
    await expect(loadBackupDir((await w.directory()) ?? '')).rejects.toThrow(
      `${path} is not a valid reconcile backup file:\n  kind: must be sns.topic, the kind in the address`,
    );
  });
});
