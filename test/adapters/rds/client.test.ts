import { DescribeDBInstancesCommand, ModifyDBInstanceCommand, RDSClient } from '@aws-sdk/client-rds';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { RDS_CLIENT, type RdsReadClient } from '../../../src/adapters/rds/client.js';
import { offlinePool, recordingWriteContext } from '../iam/support.js';

const rds = mockClient(RDSClient);
afterEach(() => rds.reset());

describe('RDS declared client', () => {
  it('GIVEN the read client WHEN ModifyDBInstance is named THEN it does not compile and does not exist', () => {
    const read: RdsReadClient = RDS_CLIENT.reader(offlinePool(), 'eu-west-1');
    // @ts-expect-error the read client cannot modify an instance
    const modify = read.modifyDBInstance;
    expect(modify).toBeUndefined();
    expect(Object.keys(read)).toEqual(['describeDBInstances']);
  });

  it('GIVEN the write client WHEN it has no create or delete THEN the tool cannot create or delete a database (compile-time)', () => {
    const pool = offlinePool();
    const write = RDS_CLIENT.writer(recordingWriteContext(pool), 'rds.instance/eu-west-1/db');
    // @ts-expect-error no CreateDBInstance in the write client
    const create = write.createDBInstance;
    // @ts-expect-error no DeleteDBInstance in the write client
    const del = write.deleteDBInstance;
    expect([create, del]).toEqual([undefined, undefined]);
    expect(Object.keys(write).sort()).toEqual(['describeDBInstances', 'modifyDBInstance']);
    expect(RDS_CLIENT.operations).toEqual({ read: ['DescribeDBInstances'], write: ['ModifyDBInstance'] });
  });

  it('GIVEN the write client WHEN it modifies THEN the call goes through ctx.mutate; a describe does not — contract (aws-sdk-client-mock)', async () => {
    rds.on(DescribeDBInstancesCommand).resolves({ DBInstances: [] });
    rds.on(ModifyDBInstanceCommand).resolves({});
    const pool = offlinePool();
    const ctx = recordingWriteContext(pool);
    const write = RDS_CLIENT.writer(ctx, 'rds.instance/eu-west-3/db', 'eu-west-3');
    await write.describeDBInstances({ DBInstanceIdentifier: 'db' });
    await write.modifyDBInstance({ DBInstanceIdentifier: 'db', ApplyImmediately: true });
    expect(ctx.calls).toEqual([
      { service: 'rds', operation: 'ModifyDBInstance', address: 'rds.instance/eu-west-3/db' },
    ]);
  });
});
