/** `reconcile --validate [--spec FILE]` end to end through main(). */
import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, tempDir } from '../support/cli.js';

const SHIPPED = new URL('../../backup-spec.yaml', import.meta.url);

describe('GIVEN the shipped spec in the working directory', () => {
  it('WHEN --validate runs without --spec THEN it prints counts per kind and regions, and exits 0', async () => {
    const dir = tempDir();
    copyFileSync(SHIPPED, join(dir, 'backup-spec.yaml'));
    const run = await runCli(['--validate'], {
      cwd: dir,
      env: {
        LOG_LEVEL: 'silent',
        MNEMONICA_ALERTS_WEBHOOK_URL: 'https://events.pagerduty.com/integration/secret/enqueue',
      },
    });
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    expect(run.stdout).toBe(
      [
        'backup-spec.yaml: valid (account 828879644785, 3 regions: eu-north-1, eu-west-1, eu-west-3)',
        '  s3.bucket         4',
        '  iam.role          3',
        '  rds.instance      1',
        '  backup.vault      2',
        '  backup.plan       1',
        '  backup.selection  1',
        '  sns.topic         3',
        '  events.rule       2',
        '  cloudwatch.alarm  6',
        '  total             23 resources, 3 recovery scenarios',
        '',
      ].join('\n'),
    );
    expect(run.stdout).not.toContain('secret');
  });

  it('WHEN the webhook variable is unset THEN validation still passes and says the subscription cannot be verified', async () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'conf'));
    copyFileSync(SHIPPED, join(dir, 'conf', 'spec.yaml'));
    const run = await runCli(['--validate', '--spec', 'conf/spec.yaml'], {
      cwd: dir,
      env: { LOG_LEVEL: 'silent' },
    });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('conf/spec.yaml: valid');
    expect(run.stdout).toContain(
      '  note: sns.topic/eu-west-1/mnemonica-backup-alerts: subscription https://<unresolved ${env:MNEMONICA_ALERTS_WEBHOOK_URL}> is not set in the environment; it cannot be verified or created',
    );
  });
});

describe('GIVEN no spec file', () => {
  it('WHEN --validate --spec names a missing file THEN it names the file and exits 1 without a stack trace', async () => {
    const run = await runCli(['--validate', '--spec', 'nope.yaml'], {
      cwd: tempDir(),
      env: { LOG_LEVEL: 'silent' },
    });
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe('cannot read spec file nope.yaml: no such file (use --spec FILE)\n');
  });
});
