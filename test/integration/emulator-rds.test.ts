/**
 * The strict emulator's RDS ModifyDBInstance, through the JS SDK (test/emulator/strict_moto/rds.py):
 * changes without ApplyImmediately wait in PendingModifiedValues, turning automated backups on or off
 * causes an outage, an instance that is not available cannot be modified, and the maintenance window
 * applies what waits.
 */
import {
  CreateDBInstanceCommand,
  type DBInstance,
  DescribeDBInstancesCommand,
  ModifyDBInstanceCommand,
  type RDSClient,
} from '@aws-sdk/client-rds';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { ClientPool } from '../../src/adapters/aws-config.js';
import { refusal } from '../support/emulator-builders.js';
import {
  advanceEmulatorClock,
  motoAwsOptions,
  runRdsMaintenance,
  setEmulatorConfig,
  useMoto,
} from '../support/moto.js';

useMoto();

const pool = new ClientPool(motoAwsOptions());
afterAll(() => pool.destroy());
const rds = (): RDSClient => pool.get('rds', 'eu-west-1');

afterEach(async () => {
  await setEmulatorConfig({ rdsOutageSeconds: 0 });
});

async function database(id: string, retention: number): Promise<void> {
  await rds().send(
    new CreateDBInstanceCommand({
      DBInstanceIdentifier: id,
      Engine: 'postgres',
      EngineVersion: '16.8',
      DBInstanceClass: 'db.t3.micro',
      AllocatedStorage: 20,
      MasterUsername: 'emu',
      MasterUserPassword: 'not-a-real-password',
      BackupRetentionPeriod: retention,
    }),
  );
}

async function describe1(id: string): Promise<DBInstance> {
  const out = await rds().send(new DescribeDBInstancesCommand({ DBInstanceIdentifier: id }));
  return out.DBInstances?.[0] ?? {};
}

describe('ModifyDBInstance without ApplyImmediately', () => {
  it('GIVEN backups off WHEN retention 7 and a larger class are asked without ApplyImmediately THEN both wait in PendingModifiedValues', async () => {
    await database('emu-pending', 0);
    await rds().send(
      new ModifyDBInstanceCommand({
        DBInstanceIdentifier: 'emu-pending',
        BackupRetentionPeriod: 7,
        DBInstanceClass: 'db.t3.small',
      }),
    );
    expect(await describe1('emu-pending')).toMatchObject({
      DBInstanceStatus: 'available',
      BackupRetentionPeriod: 0,
      DBInstanceClass: 'db.t3.micro',
      PendingModifiedValues: { BackupRetentionPeriod: 7, DBInstanceClass: 'db.t3.small' },
    });
  });

  it('GIVEN pending modifications WHEN the maintenance window runs THEN they are applied and nothing is pending', async () => {
    expect(await runRdsMaintenance()).toContain('eu-west-1/emu-pending');
    expect(await describe1('emu-pending')).toMatchObject({
      BackupRetentionPeriod: 7,
      DBInstanceClass: 'db.t3.small',
      PendingModifiedValues: {},
    });
  });

  it('GIVEN a retention change between two non-zero values WHEN asked without ApplyImmediately THEN applied at once (asynchronously as soon as possible)', async () => {
    await rds().send(
      new ModifyDBInstanceCommand({ DBInstanceIdentifier: 'emu-pending', BackupRetentionPeriod: 14 }),
    );
    expect(await describe1('emu-pending')).toMatchObject({
      BackupRetentionPeriod: 14,
      PendingModifiedValues: {},
    });
  });

  it('GIVEN a pending class change WHEN another modification comes with ApplyImmediately THEN the pending one is applied too', async () => {
    await rds().send(
      new ModifyDBInstanceCommand({ DBInstanceIdentifier: 'emu-pending', DBInstanceClass: 'db.t3.medium' }),
    );
    expect((await describe1('emu-pending')).PendingModifiedValues).toEqual({
      DBInstanceClass: 'db.t3.medium',
    });
    await rds().send(
      new ModifyDBInstanceCommand({
        DBInstanceIdentifier: 'emu-pending',
        PreferredBackupWindow: '02:00-03:00',
        ApplyImmediately: true,
      }),
    );
    expect(await describe1('emu-pending')).toMatchObject({
      DBInstanceClass: 'db.t3.medium',
      PreferredBackupWindow: '02:00-03:00',
      PendingModifiedValues: {},
    });
  });
});

describe('ModifyDBInstance with ApplyImmediately: the backup on/off outage', () => {
  it('GIVEN a 60 s outage WHEN backups are turned on immediately THEN the instance is modifying, a second modification is InvalidDBInstanceState, and 61 s later it is available', async () => {
    await setEmulatorConfig({ rdsOutageSeconds: 60 });
    await database('emu-outage', 0);
    await rds().send(
      new ModifyDBInstanceCommand({
        DBInstanceIdentifier: 'emu-outage',
        BackupRetentionPeriod: 7,
        ApplyImmediately: true,
      }),
    );
    expect(await describe1('emu-outage')).toMatchObject({
      DBInstanceStatus: 'modifying',
      BackupRetentionPeriod: 7,
    });
    const again = rds().send(
      new ModifyDBInstanceCommand({
        DBInstanceIdentifier: 'emu-outage',
        PreferredBackupWindow: '01:00-02:00',
        ApplyImmediately: true,
      }),
    );
    expect(await refusal(again)).toEqual({
      name: 'InvalidDBInstanceStateFault',
      code: 'InvalidDBInstanceState',
      message: 'Database instance emu-outage is not in available state (it is modifying).',
      status: 400,
    });
    await advanceEmulatorClock(61);
    expect((await describe1('emu-outage')).DBInstanceStatus).toBe('available');
  });

  it('GIVEN a retention change between non-zero values WHEN applied immediately THEN no outage', async () => {
    await setEmulatorConfig({ rdsOutageSeconds: 60 });
    await rds().send(
      new ModifyDBInstanceCommand({
        DBInstanceIdentifier: 'emu-outage',
        BackupRetentionPeriod: 35,
        ApplyImmediately: true,
      }),
    );
    expect(await describe1('emu-outage')).toMatchObject({
      DBInstanceStatus: 'available',
      BackupRetentionPeriod: 35,
    });
  });
});
