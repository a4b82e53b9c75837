import { DescribeDBInstancesCommand, ModifyDBInstanceCommand, RDSClient } from '@aws-sdk/client-rds';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { rdsInstanceAdapter } from '../../../src/adapters/rds/index.js';
import { applyPlanned } from '../../support/apply-step.js';
import { offlinePool, readContext, recordingWriteContext } from '../iam/support.js';
import { awsDbInstance, desiredDbInstance } from './builders.js';

const rds = mockClient(RDSClient);
afterEach(() => rds.reset());

describe('rds.instance apply — contract (aws-sdk-client-mock)', () => {
  it('GIVEN only copyTagsToSnapshot differs WHEN applied THEN ModifyDBInstance carries ApplyImmediately and that field alone', async () => {
    rds
      .on(DescribeDBInstancesCommand)
      .resolves({ DBInstances: [awsDbInstance({ DBInstanceIdentifier: 'db', CopyTagsToSnapshot: false })] });
    rds.on(ModifyDBInstanceCommand).resolves({});
    const ctx = recordingWriteContext(offlinePool());
    const want = desiredDbInstance('db', 'eu-west-1', {
      backupRetentionPeriod: 35,
      preferredBackupWindow: '02:00-02:30',
      copyTagsToSnapshot: true,
    });
    expect(await applyPlanned(rdsInstanceAdapter, ctx, want)).toBe('applied');
    expect(rds.commandCalls(ModifyDBInstanceCommand).map((c) => c.args[0].input)).toEqual([
      { DBInstanceIdentifier: 'db', ApplyImmediately: true, CopyTagsToSnapshot: true },
    ]);
  });

  it('GIVEN AWS returns the backup window with stray whitespace WHEN read, planned and applied THEN nothing is written (the read normalises it; the spec loader rejects such a window)', async () => {
    rds.on(DescribeDBInstancesCommand).resolves({
      DBInstances: [awsDbInstance({ DBInstanceIdentifier: 'db', PreferredBackupWindow: ' 02:00-02:30 ' })],
    });
    const ctx = recordingWriteContext(offlinePool());
    const want = desiredDbInstance('db', 'eu-west-1', { preferredBackupWindow: '02:00-02:30' });
    expect(await applyPlanned(rdsInstanceAdapter, ctx, want)).toBe('unchanged');
    expect(rds.commandCalls(ModifyDBInstanceCommand)).toEqual([]);
  });

  it('GIVEN 150 declared instances in one region WHEN read THEN ids are sent in filter batches of at most 100', async () => {
    rds.on(DescribeDBInstancesCommand).resolves({ DBInstances: [] });
    const many = Array.from({ length: 150 }, (_, i) => desiredDbInstance(`db-${i}`, 'eu-west-1'));
    const out = await rdsInstanceAdapter.read(readContext(offlinePool()), many);
    const sizes = rds
      .commandCalls(DescribeDBInstancesCommand)
      .map((c) => c.args[0].input.Filters?.[0]?.Values?.length ?? 0)
      .sort((a, b) => b - a);
    expect(sizes).toEqual([100, 50]);
    expect([...out.values()].every((o) => o.status === 'absent')).toBe(true);
  });
});
