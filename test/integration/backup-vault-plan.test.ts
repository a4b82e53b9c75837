/**
 * AWS Backup adapters against the strict emulator (moto + test/emulator) in eu-west-1 and eu-west-3:
 * vaults, plans and selections seeded through the SDK and read through the adapters, absent, access
 * denied, apply round trips. Tags and selections read back (moto 5.2.1 answered ListTags with `{}` for
 * the JS SDK and had no selection API; the emulator adds both, with AWS Backup's paths and shapes).
 */
import {
  CreateBackupPlanCommand,
  CreateBackupVaultCommand,
  ListBackupVaultsCommand,
  PutBackupVaultLockConfigurationCommand,
} from '@aws-sdk/client-backup';
import { CreateRoleCommand } from '@aws-sdk/client-iam';
import { afterAll, describe, expect, it } from 'vitest';
import { ClientPool } from '../../src/adapters/aws-config.js';
import {
  backupPlanAdapter,
  backupSelectionAdapter,
  backupVaultAdapter,
} from '../../src/adapters/backup/index.js';
import type { KindAdapter } from '../../src/adapters/types.js';
import type { ResourceKind } from '../../src/model/resource.js';
import type { DesiredResource, Observation } from '../../src/model/state.js';
import {
  backupRule,
  desiredPlan,
  desiredSelection,
  desiredVault,
  vaultArn,
} from '../adapters/backup/builders.js';
import { denyAccess, readContext, recordingWriteContext } from '../adapters/iam/support.js';
import { applyPlanned, deletePlanned, differingFields } from '../support/apply-step.js';
import { RequestRecorder } from '../support/faults.js';
import { motoAwsOptions, useMoto } from '../support/moto.js';

useMoto();

const pool = new ClientPool(motoAwsOptions());
afterAll(() => pool.destroy());

async function readOne<K extends ResourceKind>(
  adapter: KindAdapter<K>,
  r: DesiredResource<K>,
  p: ClientPool = pool,
): Promise<Observation<K> | undefined> {
  return (await adapter.read(readContext(p), [r])).get(r.address);
}

describe('backup.vault adapter (moto)', () => {
  it('GIVEN vaults seeded in eu-west-1 (locked) and eu-west-3 WHEN read together THEN each is normalised in its region', async () => {
    await pool
      .get('backup', 'eu-west-1')
      .send(new CreateBackupVaultCommand({ BackupVaultName: 'eks-mnemonica-prod-vault' }));
    await pool.get('backup', 'eu-west-1').send(
      new PutBackupVaultLockConfigurationCommand({
        BackupVaultName: 'eks-mnemonica-prod-vault',
        MinRetentionDays: 7,
        MaxRetentionDays: 365,
      }),
    );
    await pool
      .get('backup', 'eu-west-3')
      .send(new CreateBackupVaultCommand({ BackupVaultName: 'eks-mnemonica-dr-vault' }));

    const prod = desiredVault('eks-mnemonica-prod-vault', 'eu-west-1');
    const dr = desiredVault('eks-mnemonica-dr-vault', 'eu-west-3');
    const wrongRegion = desiredVault('eks-mnemonica-prod-vault', 'eu-west-3');
    const out = await backupVaultAdapter.read(readContext(pool), [prod, dr, wrongRegion]);

    expect(out.get(prod.address)).toEqual({
      status: 'present',
      attrs: {
        region: 'eu-west-1',
        lock: { minRetentionDays: 7, maxRetentionDays: 365 },
        tags: {},
      },
      facts: {
        arn: vaultArn('eu-west-1', 'eks-mnemonica-prod-vault'),
        numberOfRecoveryPoints: 0,
        locked: true,
      },
    });
    expect(out.get(dr.address)).toEqual({
      status: 'present',
      attrs: { region: 'eu-west-3', lock: null, tags: {} },
      facts: {
        arn: vaultArn('eu-west-3', 'eks-mnemonica-dr-vault'),
        numberOfRecoveryPoints: 0,
        locked: false,
      },
    });
    expect(out.get(wrongRegion.address)).toEqual({ status: 'absent' });
  });

  it('GIVEN ListBackupVaults is denied WHEN read THEN the vault is unreadable with an access-denied reason', async () => {
    const denied = new ClientPool(motoAwsOptions({ onClient: denyAccess('backup') }));
    try {
      const obs = await readOne(
        backupVaultAdapter,
        desiredVault('eks-mnemonica-prod-vault', 'eu-west-1'),
        denied,
      );
      expect(obs).toEqual({
        status: 'unreadable',
        reason: 'ListBackupVaults: access denied (AccessDeniedException)',
        code: 'AccessDeniedException',
      });
    } finally {
      denied.destroy();
    }
  });

  it('GIVEN an absent vault WHEN applied twice THEN it is created with its lock, re-reads as declared, and the second apply is unchanged with zero calls', async () => {
    const want = desiredVault('new-dr-vault', 'eu-west-3', {
      lock: { minRetentionDays: 30, maxRetentionDays: 400, changeableForDays: 3 },
      tags: {},
    });
    const first = recordingWriteContext(pool);
    expect(await applyPlanned(backupVaultAdapter, first, want)).toBe('applied');
    expect(first.calls.map((c) => c.operation)).toEqual([
      'CreateBackupVault',
      'PutBackupVaultLockConfiguration',
    ]);
    const obs = await readOne(backupVaultAdapter, want);
    expect(obs).toMatchObject({
      status: 'present',
      attrs: {
        region: 'eu-west-3',
        lock: { minRetentionDays: 30, maxRetentionDays: 400 },
        tags: {},
      },
    });
    const second = recordingWriteContext(pool);
    expect(await applyPlanned(backupVaultAdapter, second, want)).toBe('unchanged');
    expect(second.calls).toEqual([]);
  });

  it('GIVEN a vault without lock WHEN the spec asks for one THEN only PutBackupVaultLockConfiguration is written and the re-read matches', async () => {
    const want = desiredVault('eks-mnemonica-dr-vault', 'eu-west-3', { lock: { minRetentionDays: 1 } });
    const ctx = recordingWriteContext(pool);
    expect(await applyPlanned(backupVaultAdapter, ctx, want)).toBe('applied');
    expect(ctx.calls.map((c) => c.operation)).toEqual(['PutBackupVaultLockConfiguration']);
    const obs = await readOne(backupVaultAdapter, want);
    expect(obs?.status === 'present' && differingFields('backup.vault', want.attrs, obs.attrs)).toEqual([]);
  });

  it('GIVEN a vault WHEN the spec adds tags THEN one TagResource is sent, in the vault region, and the tags read back', async () => {
    const recorder = new RequestRecorder();
    const recorded = new ClientPool(motoAwsOptions({ onClient: recorder.onClient }));
    try {
      const want = desiredVault('eks-mnemonica-dr-vault', 'eu-west-3', { tags: { env: 'dr' } });
      const ctx = recordingWriteContext(recorded);
      expect(await applyPlanned(backupVaultAdapter, ctx, want)).toBe('applied');
      expect(ctx.calls.map((c) => c.operation)).toEqual(['TagResource']);
      expect(recorder.mutating()).toEqual(['backup:TagResource']);
      expect(recorder.requests.filter((r) => r.operation === 'TagResource').map((r) => r.region)).toEqual([
        'eu-west-3',
      ]);
      expect(await readOne(backupVaultAdapter, want)).toMatchObject({
        status: 'present',
        attrs: { tags: { env: 'dr' } },
      });
    } finally {
      recorded.destroy();
    }
  });

  it('GIVEN an empty vault WHEN deleted THEN it is gone from its region only, and a second delete is unchanged', async () => {
    const ctx = recordingWriteContext(pool);
    expect(await deletePlanned(backupVaultAdapter, ctx, desiredVault('new-dr-vault', 'eu-west-3'))).toBe(
      'applied',
    );
    expect(ctx.calls.map((c) => c.operation)).toEqual(['DeleteBackupVault']);
    const left = await pool.get('backup', 'eu-west-3').send(new ListBackupVaultsCommand({}));
    expect(left.BackupVaultList?.map((v) => v.BackupVaultName)).toEqual(['eks-mnemonica-dr-vault']);
    const again = recordingWriteContext(pool);
    expect(await deletePlanned(backupVaultAdapter, again, desiredVault('new-dr-vault', 'eu-west-3'))).toBe(
      'unchanged',
    );
    expect(again.calls).toEqual([]);
  });
});

describe('backup.plan adapter (moto)', () => {
  const PLAN = 'eks-mnemonica-6h-snapshots-180d';
  const RULE = '6-Hour-Snapshots-180-Day-Retention-DR-Copy';
  const drVault = vaultArn('eu-west-3', 'eks-mnemonica-dr-vault');

  it('GIVEN a plan created through the SDK with only the required rule fields WHEN read THEN moto/AWS defaults are explicit, RuleId is dropped, and it equals the spec rule', async () => {
    await pool.get('backup', 'eu-west-1').send(
      new CreateBackupPlanCommand({
        BackupPlan: {
          BackupPlanName: PLAN,
          Rules: [
            {
              RuleName: RULE,
              TargetBackupVaultName: 'eks-mnemonica-prod-vault',
              ScheduleExpression: 'cron(0 */6 * * ? *)',
              Lifecycle: { DeleteAfterDays: 180 },
              CopyActions: [{ DestinationBackupVaultArn: drVault, Lifecycle: { DeleteAfterDays: 180 } }],
            },
          ],
        },
      }),
    );
    const want = desiredPlan(PLAN, 'eu-west-1', {
      rules: [
        backupRule({
          name: RULE,
          copyActions: [{ destinationVaultArn: drVault, lifecycle: { deleteAfterDays: 180 } }],
        }),
      ],
      tags: {},
    });
    const obs = await readOne(backupPlanAdapter, want);
    expect(obs).toEqual({
      status: 'present',
      attrs: want.attrs,
      facts: {
        arn: expect.stringMatching(/^arn:aws:backup:eu-west-1:828879644785:backup-plan:/),
        id: expect.any(String),
        versionId: expect.any(String),
      },
      // The plan document as AWS returned it (RuleId included): what UpdateBackupPlan keeps
      // unmodelled rule fields from (issue 11 item 3).
      raw: { plan: expect.objectContaining({ BackupPlanName: PLAN, Rules: expect.any(Array) }) },
    });
    expect(await readOne(backupPlanAdapter, desiredPlan(PLAN, 'eu-west-3'))).toEqual({ status: 'absent' });
  });

  it('GIVEN an absent plan in eu-west-3 WHEN applied twice THEN CreateBackupPlan makes it as declared and the second apply is unchanged with zero calls', async () => {
    const want = desiredPlan('dr-weekly', 'eu-west-3', {
      rules: [
        backupRule({
          name: 'weekly',
          targetVault: 'eks-mnemonica-dr-vault',
          schedule: 'cron(0 3 ? * SUN *)',
        }),
        backupRule({
          name: 'daily',
          targetVault: 'eks-mnemonica-dr-vault',
          scheduleTimezone: 'Europe/Paris',
          startWindowMinutes: 60,
          lifecycle: { moveToColdStorageAfterDays: 30, deleteAfterDays: 120 },
          recoveryPointTags: { tier: 'dr' },
        }),
      ],
      tags: {},
    });
    const first = recordingWriteContext(pool);
    expect(await applyPlanned(backupPlanAdapter, first, want)).toBe('applied');
    expect(first.calls.map((c) => c.operation)).toEqual(['CreateBackupPlan']);
    const obs = await readOne(backupPlanAdapter, want);
    expect(obs?.status).toBe('present');
    if (obs?.status === 'present') {
      expect(obs.attrs.rules?.map((r) => r.name)).toEqual(['daily', 'weekly']);
      expect(
        differingFields(
          'backup.plan',
          { ...want.attrs, rules: [...(want.attrs.rules ?? [])].reverse() },
          obs.attrs,
        ),
      ).toEqual([]);
    }
    const second = recordingWriteContext(pool);
    expect(await applyPlanned(backupPlanAdapter, second, want)).toBe('unchanged');
    expect(second.calls).toEqual([]);
  });

  it('GIVEN ListBackupPlans is denied WHEN read THEN the plan is unreadable, never absent', async () => {
    const denied = new ClientPool(
      motoAwsOptions({ onClient: denyAccess('backup', (op) => op === 'ListBackupPlans') }),
    );
    try {
      expect(await readOne(backupPlanAdapter, desiredPlan(PLAN, 'eu-west-1'), denied)).toMatchObject({
        status: 'unreadable',
        reason: expect.stringContaining('access denied'),
      });
    } finally {
      denied.destroy();
    }
  });

  it('GIVEN a plan WHEN deleted THEN it no longer reads as present, and a second delete is unchanged', async () => {
    const ctx = recordingWriteContext(pool);
    expect(await deletePlanned(backupPlanAdapter, ctx, desiredPlan('dr-weekly', 'eu-west-3'))).toBe(
      'applied',
    );
    expect(ctx.calls.map((c) => c.operation)).toEqual(['DeleteBackupPlan']);
    expect(await readOne(backupPlanAdapter, desiredPlan('dr-weekly', 'eu-west-3'))).toEqual({
      status: 'absent',
    });
    const again = recordingWriteContext(pool);
    expect(await deletePlanned(backupPlanAdapter, again, desiredPlan('dr-weekly', 'eu-west-3'))).toBe(
      'unchanged',
    );
  });
});

describe('backup.selection adapter (emulator)', () => {
  const PLAN = 'selection-plan';
  const ROLE = 'arn:aws:iam::828879644785:role/service-role/AWSBackupDefaultServiceRole';
  const DB = 'arn:aws:rds:eu-west-1:828879644785:db:eks-mnemonica-prod';

  it('GIVEN a plan and a role created moments ago WHEN a selection is applied twice THEN the create waits out IAM propagation (refused attempts retried), it reads back as declared and the second apply is unchanged', async () => {
    await pool.get('iam').send(
      new CreateRoleCommand({
        RoleName: 'AWSBackupDefaultServiceRole',
        Path: '/service-role/',
        AssumeRolePolicyDocument: JSON.stringify({
          Version: '2012-10-17',
          Statement: [
            { Effect: 'Allow', Principal: { Service: 'backup.amazonaws.com' }, Action: 'sts:AssumeRole' },
          ],
        }),
      }),
    );
    await applyPlanned(
      backupPlanAdapter,
      recordingWriteContext(pool),
      desiredPlan(PLAN, 'eu-west-1', { rules: [backupRule({ name: 'daily' })], tags: {} }),
    );
    const want = desiredSelection(PLAN, 'rds-prod', 'eu-west-1', {
      iamRoleArn: ROLE,
      resources: [DB],
      notResources: [],
      tagConditions: [],
    });
    const first = recordingWriteContext(pool);
    expect(await applyPlanned(backupSelectionAdapter, first, want)).toBe('applied');
    // The harness's IAM propagation (2 s): the first attempts may be refused ("cannot be assumed"),
    // each is its own mutation; the last one succeeds.
    const attempts = first.calls.map((c) => c.operation);
    expect(new Set(attempts)).toEqual(new Set(['CreateBackupSelection']));
    expect(await readOne(backupSelectionAdapter, want)).toMatchObject({
      status: 'present',
      attrs: { plan: PLAN, selectionName: 'rds-prod', iamRoleArn: ROLE, resources: [DB] },
    });
    const second = recordingWriteContext(pool);
    expect(await applyPlanned(backupSelectionAdapter, second, want)).toBe('unchanged');
    expect(second.calls).toEqual([]);
  });

  it('GIVEN the selection WHEN its resources change THEN the new one is created, then the old one deleted (AWS has no update; the plan never selects nothing) and it reads back changed', async () => {
    const want = desiredSelection(PLAN, 'rds-prod', 'eu-west-1', {
      iamRoleArn: ROLE,
      resources: [DB, 'arn:aws:s3:::mne-vault-prod'],
    });
    const ctx = recordingWriteContext(pool);
    expect(await applyPlanned(backupSelectionAdapter, ctx, want)).toBe('applied');
    expect(ctx.calls.map((c) => c.operation)).toEqual(['CreateBackupSelection', 'DeleteBackupSelection']);
    expect(await readOne(backupSelectionAdapter, want)).toMatchObject({
      status: 'present',
      attrs: { resources: [DB, 'arn:aws:s3:::mne-vault-prod'].sort() },
    });
  });

  it('GIVEN the selection WHEN deleted THEN it reads absent, and a second delete is unchanged', async () => {
    const r = desiredSelection(PLAN, 'rds-prod', 'eu-west-1');
    expect(await deletePlanned(backupSelectionAdapter, recordingWriteContext(pool), r)).toBe('applied');
    expect(await readOne(backupSelectionAdapter, r)).toEqual({ status: 'absent' });
    expect(await deletePlanned(backupSelectionAdapter, recordingWriteContext(pool), r)).toBe('unchanged');
  });

  it('GIVEN the selection plan does not exist WHEN read THEN the selection is absent (no selection call needed)', async () => {
    expect(await readOne(backupSelectionAdapter, desiredSelection('no-such-plan', 'x', 'eu-west-3'))).toEqual(
      {
        status: 'absent',
      },
    );
  });
});
