import { GetRoleCommand, IAMClient, UpdateRoleCommand } from '@aws-sdk/client-iam';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { IAM_CLIENT, type IamReadClient } from '../../../src/adapters/iam/client.js';
import { offlinePool, recordingWriteContext } from './support.js';

const iam = mockClient(IAMClient);
afterEach(() => iam.reset());

describe('IAM declared client', () => {
  it('GIVEN the read client WHEN a mutating operation is named THEN it does not compile and does not exist', () => {
    const read: IamReadClient = IAM_CLIENT.reader(offlinePool());
    // @ts-expect-error the read client has no mutating operation: --plan cannot write
    const createRole = read.createRole;
    // @ts-expect-error nor UpdateAssumeRolePolicy
    const update = read.updateAssumeRolePolicy;
    expect(createRole).toBeUndefined();
    expect(update).toBeUndefined();
    expect(Object.keys(read).sort()).toEqual([
      'getRole',
      'getRolePolicy',
      'listAttachedRolePolicies',
      'listRolePolicies',
      'listRoleTags',
    ]);
  });

  it('GIVEN the write client WHEN it reads and writes THEN only the write goes through ctx.mutate, with service, operation and address — contract (aws-sdk-client-mock)', async () => {
    iam.on(GetRoleCommand).resolves({});
    iam.on(UpdateRoleCommand).resolves({});
    const pool = offlinePool();
    const ctx = recordingWriteContext(pool);
    const client = IAM_CLIENT.writer(ctx, 'iam.role/r1');
    await client.getRole({ RoleName: 'r1' });
    await client.updateRole({ RoleName: 'r1', Description: 'd' });
    expect(ctx.calls).toEqual([{ service: 'iam', operation: 'UpdateRole', address: 'iam.role/r1' }]);
    expect(iam.commandCalls(UpdateRoleCommand)[0]?.args[0].input).toEqual({
      RoleName: 'r1',
      Description: 'd',
    });
  });
});
