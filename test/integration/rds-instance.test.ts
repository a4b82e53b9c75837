/**
 * RDS instance adapter against moto in two regions: batched read, absent, access denied, apply round
 * trips. moto applies ModifyDBInstance at once (ApplyImmediately is asserted on the outgoing request).
 */
import { CreateDBInstanceCommand } from '@aws-sdk/client-rds';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ClientPool } from '../../src/adapters/aws-config.js';
import { rdsInstanceAdapter } from '../../src/adapters/rds/index.js';
import type { DesiredResource } from '../../src/model/state.js';
import { denyAccess, readContext, recordingWriteContext } from '../adapters/iam/support.js';
import { desiredDbInstance } from '../adapters/rds/builders.js';
import { applyPlanned, differingFields, plannedChange } from '../support/apply-step.js';
import { FaultInjector, RequestRecorder } from '../support/faults.js';
import { motoAwsOptions, runRdsMaintenance, setEmulatorConfig, useMoto } from '../support/moto.js';

useMoto();

const pool = new ClientPool(motoAwsOptions());
afterAll(() => pool.destroy());

async function seedInstance(id: string, region: string, retention: number, window: string): Promise<void> {
  await pool.get('rds', region).send(
    new CreateDBInstanceCommand({
      DBInstanceIdentifier: id,
      Engine: 'postgres',
      EngineVersion: '16.8',
      DBInstanceClass: 'db.t3.micro',
      AllocatedStorage: 20,
      MasterUsername: 'app',
      MasterUserPassword: 'not-a-real-password-1',
      BackupRetentionPeriod: retention,
      PreferredBackupWindow: window,
      PreferredMaintenanceWindow: 'sun:04:00-sun:04:30',
    }),
  );
}

async function readOne(r: DesiredResource<'rds.instance'>) {
  return (await rdsInstanceAdapter.read(readContext(pool), [r])).get(r.address);
}

beforeAll(async () => {
  await seedInstance('eks-mnemonica-prod', 'eu-west-1', 7, '02:00-02:30');
  await seedInstance('eks-mnemonica-dr', 'eu-west-3', 1, '03:00-03:30');
});

describe('rds.instance adapter (moto)', () => {
  it('GIVEN instances in eu-west-1 and eu-west-3 plus a missing one WHEN read THEN each is normalised in its region with one DescribeDBInstances per region', async () => {
    const recorder = new RequestRecorder();
    const recorded = new ClientPool(motoAwsOptions({ onClient: recorder.onClient }));
    const prod = desiredDbInstance('eks-mnemonica-prod', 'eu-west-1');
    const dr = desiredDbInstance('eks-mnemonica-dr', 'eu-west-3');
    const missing = desiredDbInstance('no-such-db', 'eu-west-1');
    try {
      const out = await rdsInstanceAdapter.read(readContext(recorded), [prod, dr, missing]);
      expect(out.get(prod.address)).toEqual({
        status: 'present',
        attrs: {
          region: 'eu-west-1',
          backupRetentionPeriod: 7,
          preferredBackupWindow: '02:00-02:30',
          copyTagsToSnapshot: false,
          preferredMaintenanceWindow: 'sun:04:00-sun:04:30',
          engine: 'postgres',
          engineVersion: '16.8',
        },
        facts: {
          arn: 'arn:aws:rds:eu-west-1:828879644785:db:eks-mnemonica-prod',
          dbInstanceStatus: 'available',
          latestRestorableTime: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
        },
      });
      const drObs = out.get(dr.address);
      expect(drObs?.status === 'present' && drObs.attrs).toMatchObject({
        region: 'eu-west-3',
        backupRetentionPeriod: 1,
        preferredBackupWindow: '03:00-03:30',
      });
      expect(drObs?.status === 'present' && drObs.facts?.arn).toBe(
        'arn:aws:rds:eu-west-3:828879644785:db:eks-mnemonica-dr',
      );
      expect(out.get(missing.address)).toEqual({ status: 'absent' });
      expect(recorder.requests.map((r) => `${r.region}:${r.operation}`).sort()).toEqual([
        'eu-west-1:DescribeDBInstances',
        'eu-west-3:DescribeDBInstances',
      ]);
    } finally {
      recorded.destroy();
    }
  });

  it('GIVEN DescribeDBInstances is denied WHEN read THEN every instance of that call is unreadable with an access-denied reason', async () => {
    const denied = new ClientPool(motoAwsOptions({ onClient: denyAccess('rds') }));
    try {
      const r = desiredDbInstance('eks-mnemonica-prod', 'eu-west-1');
      const obs = (await rdsInstanceAdapter.read(readContext(denied), [r])).get(r.address);
      expect(obs).toEqual({
        status: 'unreadable',
        reason: 'DescribeDBInstances: access denied (AccessDenied)',
        code: 'AccessDenied',
      });
    } finally {
      denied.destroy();
    }
  });

  it('GIVEN DescribeDBInstances stays throttled past the retries WHEN read THEN the instances are unreadable (still throttled), never absent', async () => {
    const faults = new FaultInjector({
      kind: 'throttle',
      match: (r) => r.operation === 'DescribeDBInstances',
      nth: 1,
      times: 10,
    });
    const throttled = new ClientPool(motoAwsOptions({ onClient: faults.onClient, maxAttempts: 2 }));
    try {
      const r = desiredDbInstance('eks-mnemonica-dr', 'eu-west-3');
      const obs = (await rdsInstanceAdapter.read(readContext(throttled), [r])).get(r.address);
      expect(obs).toEqual({
        status: 'unreadable',
        reason: 'DescribeDBInstances: still throttled after retries (Throttling)',
        code: 'Throttling',
      });
      expect(faults.injected).toHaveLength(2);
    } finally {
      throttled.destroy();
    }
  });

  it('GIVEN retention 7 days WHEN the spec asks 35 days and a new window THEN one ModifyDBInstance writes them, the re-read matches, and a second apply is unchanged with zero calls', async () => {
    const want = desiredDbInstance('eks-mnemonica-prod', 'eu-west-1', {
      backupRetentionPeriod: 35,
      preferredBackupWindow: '01:00-01:30',
      copyTagsToSnapshot: false,
    });
    const first = recordingWriteContext(pool);
    expect(await applyPlanned(rdsInstanceAdapter, first, want)).toBe('applied');
    expect(first.calls).toEqual([
      { service: 'rds', operation: 'ModifyDBInstance', address: 'rds.instance/eu-west-1/eks-mnemonica-prod' },
    ]);
    const obs = await readOne(want);
    expect(obs?.status).toBe('present');
    if (obs?.status === 'present') expect(differingFields('rds.instance', want.attrs, obs.attrs)).toEqual([]);

    const second = recordingWriteContext(pool);
    expect(await applyPlanned(rdsInstanceAdapter, second, want)).toBe('unchanged');
    expect(second.calls).toEqual([]);
  });

  it('GIVEN the spec states read-only fields (engine, maintenance window) that differ WHEN applied THEN nothing is written for them', async () => {
    const ctx = recordingWriteContext(pool);
    const want = desiredDbInstance('eks-mnemonica-dr', 'eu-west-3', {
      backupRetentionPeriod: 1,
      engineVersion: '17.0',
      preferredMaintenanceWindow: 'mon:05:00-mon:05:30',
    });
    expect(await applyPlanned(rdsInstanceAdapter, ctx, want)).toBe('unchanged');
    expect(ctx.calls).toEqual([]);
  });

  it('GIVEN the instance does not exist WHEN applied THEN a clear ReconcileError says the tool never creates databases, and nothing is written', async () => {
    const ctx = recordingWriteContext(pool);
    await expect(
      applyPlanned(
        rdsInstanceAdapter,
        ctx,
        desiredDbInstance('no-such-db', 'eu-west-3', { backupRetentionPeriod: 35 }),
      ),
    ).rejects.toMatchObject({
      code: 'RDS_INSTANCE_MISSING',
      message: expect.stringContaining('never creates databases'),
    });
    expect(ctx.calls).toEqual([]);
    expect(rdsInstanceAdapter.delete).toBeUndefined();
  });
});

describe('rds.instance: backups on/off is an outage (strict emulator, issue 11 item 6)', () => {
  it('GIVEN backups off WHEN applied with --rds-apply-in-maintenance-window THEN ModifyDBInstance goes without ApplyImmediately, the retention waits in PendingModifiedValues, counts as applied (a no-op with a pending note), and is in place after the maintenance window', async () => {
    await seedInstance('outage-deferred', 'eu-west-1', 0, '02:00-02:30');
    const want = desiredDbInstance('outage-deferred', 'eu-west-1', { backupRetentionPeriod: 7 });
    const recorder = new RequestRecorder();
    const recorded = new ClientPool(motoAwsOptions({ onClient: recorder.onClient }));
    try {
      const before = await readOne(want);
      if (before?.status !== 'present') throw new Error('seeded instance not read');
      expect(plannedChange(want, before).riskDetails.map((n) => [n.id, n.risk])).toEqual([
        ['automated-backups-enabled', 'high'],
      ]);
      const ctx = { ...recordingWriteContext(recorded), rdsApplyInMaintenanceWindow: true };
      expect(await applyPlanned(rdsInstanceAdapter, ctx, want)).toBe('applied');
      expect(recorder.mutating()).toEqual(['rds:ModifyDBInstance']);

      const pending = await readOne(want);
      expect(pending).toMatchObject({
        status: 'present',
        attrs: { backupRetentionPeriod: 7 },
        facts: {
          dbInstanceStatus: 'available',
          pendingModifications: [
            'backupRetentionPeriod 0 -> 7 (AWS applies it in the maintenance window sun:04:00-sun:04:30)',
          ],
        },
      });
      if (pending?.status !== 'present') throw new Error('not read');
      const change = plannedChange(want, pending);
      expect(change.action).toBe('no-op');
      expect(change.reason).toBe('in sync (applied, pending in AWS)');
      expect(change.riskDetails).toEqual([
        {
          id: 'applied-pending',
          risk: 'low',
          text: 'applied, pending in AWS: backupRetentionPeriod 0 -> 7 (AWS applies it in the maintenance window sun:04:00-sun:04:30)',
        },
      ]);
      // Applying again writes nothing: pending is applied.
      const again = recordingWriteContext(pool);
      expect(await applyPlanned(rdsInstanceAdapter, again, want)).toBe('unchanged');
      expect(again.calls).toEqual([]);

      expect(await runRdsMaintenance()).toContain('eu-west-1/outage-deferred');
      const after = await readOne(want);
      expect(after).toMatchObject({ status: 'present', attrs: { backupRetentionPeriod: 7 } });
      expect(after?.status === 'present' && after.facts?.pendingModifications).toBeUndefined();
    } finally {
      recorded.destroy();
    }
  });

  it('GIVEN an instance in its backups-on outage (modifying) WHEN another backup setting is applied THEN RDS_INSTANCE_NOT_AVAILABLE names its status and nothing is sent; a status that changed after the plan gets the same error from AWS', async () => {
    await setEmulatorConfig({ rdsOutageSeconds: 600 });
    try {
      await seedInstance('outage-now', 'eu-west-1', 0, '02:00-02:30');
      const on = desiredDbInstance('outage-now', 'eu-west-1', { backupRetentionPeriod: 7 });
      const stale = await readOne(on); // available, before the outage
      expect(await applyPlanned(rdsInstanceAdapter, recordingWriteContext(pool), on)).toBe('applied');
      expect(await readOne(on)).toMatchObject({ facts: { dbInstanceStatus: 'modifying' } });

      const tags = desiredDbInstance('outage-now', 'eu-west-1', { copyTagsToSnapshot: true });
      const ctx = recordingWriteContext(pool);
      await expect(applyPlanned(rdsInstanceAdapter, ctx, tags)).rejects.toMatchObject({
        code: 'RDS_INSTANCE_NOT_AVAILABLE',
        message: expect.stringMatching(
          /^RDS instance outage-now \(eu-west-1\) is modifying, not available: RDS modifies only an available instance/,
        ),
      });
      expect(ctx.calls).toEqual([]);

      // The plan saw it available; AWS refuses: the same error, after the one refused call.
      if (stale?.status !== 'present') throw new Error('not read');
      const raced = recordingWriteContext(pool);
      await expect(
        rdsInstanceAdapter.apply?.(raced, {
          desired: tags,
          observation: stale,
          change: plannedChange(tags, stale),
        }),
      ).rejects.toMatchObject({
        code: 'RDS_INSTANCE_NOT_AVAILABLE',
        message: expect.stringContaining('AWS said'),
      });
      expect(raced.calls.map((c) => c.operation)).toEqual(['ModifyDBInstance']);
    } finally {
      await setEmulatorConfig({ rdsOutageSeconds: 0 });
    }
  });
});
