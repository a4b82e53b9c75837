/**
 * Declared AWS Backup restore testing plans (`backup.restoreTesting`, kind backup.restoreTestingPlan)
 * through the CLI against the strict emulator: created with their selections, read back in sync,
 * updated from the plan's diffs (a plan field, a selection), and deleted selections first.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { GetRestoreTestingPlanCommand, ListRestoreTestingSelectionsCommand } from '@aws-sdk/client-backup';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ClientPool } from '../../src/adapters/aws-config.js';
import { runCli, tempDir } from '../support/cli.js';
import { motoAwsOptions, motoEndpoint, useDummyCredentials, useMoto } from '../support/moto.js';

useMoto();

const pool = new ClientPool(motoAwsOptions());
let cwd: string;
beforeAll(() => {
  cwd = tempDir('restore-testing-');
  useDummyCredentials();
});
afterAll(() => pool.destroy());

function spec(opts: { validationHours: number; startWindowHours: number; ensure?: 'absent' }): string {
  return `version: 1
account: "828879644785"
defaultRegion: eu-west-1
iam:
  roles:
    restore-tester:
      trustPolicy:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Principal: {Service: backup.amazonaws.com}
            Action: sts:AssumeRole
backup:
  vaults:
    main: {region: eu-west-1}
  restoreTesting:
    nightly_rds:
      region: eu-west-1
      schedule: cron(0 5 ? * * *)
      startWindowHours: ${opts.startWindowHours}
      recoveryPoints: {vaults: [main], types: [SNAPSHOT]}
      selections:
        rds_all: {role: restore-tester, resourceType: RDS, resources: ["*"], validationWindowHours: ${opts.validationHours}}
${opts.ensure ? `      ensure: ${opts.ensure}\n` : ''}`;
}

async function reconcile(args: string[], text: string) {
  writeFileSync(join(cwd, 'backup-spec.yaml'), text);
  return runCli([...args, '--endpoint-url', motoEndpoint(), '--region', 'eu-west-1'], {
    cwd,
    env: { ...process.env, LOG_LEVEL: 'silent', NO_COLOR: '1' },
  });
}

const backup = () => pool.get('backup', 'eu-west-1');

describe('GIVEN a spec declaring a restore testing plan with one selection', () => {
  it('WHEN applied THEN the plan and selection exist as declared and the next plan is empty', async () => {
    const first = await reconcile(['apply', '--yes'], spec({ validationHours: 2, startWindowHours: 24 }));
    expect(first.stderr).toBe('');
    expect(first.code, first.stdout).toBe(0);
    const plan = (
      await backup().send(new GetRestoreTestingPlanCommand({ RestoreTestingPlanName: 'nightly_rds' }))
    ).RestoreTestingPlan;
    expect(plan?.ScheduleExpression).toBe('cron(0 5 ? * * *)');
    expect(plan?.RecoveryPointSelection?.IncludeVaults).toEqual([
      'arn:aws:backup:eu-west-1:828879644785:backup-vault:main',
    ]);
    const again = await reconcile(['plan'], spec({ validationHours: 2, startWindowHours: 24 }));
    expect(again.stdout).toContain('No changes');
    expect(again.code).toBe(0);
  });

  it('WHEN a plan field and a selection change THEN apply updates exactly those and converges', async () => {
    const text = spec({ validationHours: 4, startWindowHours: 12 });
    const planned = await reconcile(['plan'], text);
    expect(planned.code).toBe(2);
    expect(planned.stdout).toContain('backup.restoreTestingPlan/eu-west-1/nightly_rds');
    expect(planned.stdout).toContain('startWindowHours');
    expect(planned.stdout).toContain('validationWindowHours');
    const applied = await reconcile(['apply', '--yes'], text);
    expect(applied.code, applied.stdout).toBe(0);
    expect((await reconcile(['plan'], text)).code).toBe(0);
  });

  it('WHEN declared absent THEN apply (with --allow-destructive) deletes the selection, then the plan', async () => {
    const text = spec({ validationHours: 4, startWindowHours: 12, ensure: 'absent' });
    const refused = await reconcile(['apply', '--yes'], text);
    expect(refused.code).toBe(1);
    const applied = await reconcile(['apply', '--yes', '--allow-destructive'], text);
    expect(applied.code, applied.stdout).toBe(0);
    const gone = await backup()
      .send(new ListRestoreTestingSelectionsCommand({ RestoreTestingPlanName: 'nightly_rds' }))
      .then(
        () => 'still there',
        (e: Error) => e.name,
      );
    expect(gone).toBe('ResourceNotFoundException');
  });
});
