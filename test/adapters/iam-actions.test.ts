/**
 * The operation -> IAM action table (src/adapters/iam-actions.ts) covers exactly the declared
 * operations: a new AWS call without its IAM action fails here, before any policy is printed.
 */
import { describe, expect, it } from 'vitest';
import { IAM_ACTIONS, operationKey } from '../../src/adapters/iam-actions.js';
import { DECLARED_CLIENTS } from '../../src/adapters/operations.js';

const declared = DECLARED_CLIENTS.flatMap((c) =>
  [...c.operations.read, ...c.operations.write].map((op) => operationKey(c.service, op)),
).sort();

describe('operation -> IAM action table', () => {
  it('GIVEN the declared clients WHEN each operation is looked up THEN every one has an entry, and the table names no other operation', () => {
    expect(declared.filter((k) => !Object.hasOwn(IAM_ACTIONS, k))).toEqual([]);
    expect(Object.keys(IAM_ACTIONS).filter((k) => !declared.includes(k))).toEqual([]);
    expect(declared.length).toBeGreaterThan(50);
  });

  it('GIVEN every entry WHEN its actions are read THEN each is one service:Action, never a wildcard', () => {
    const actions = Object.values(IAM_ACTIONS).flatMap((p) => [
      ...p.actions,
      ...(p.also ?? []).flatMap((a) => a.actions),
    ]);
    expect(actions.filter((a) => !/^[a-z0-9-]+:[A-Z][A-Za-z0-9]+$/.test(a))).toEqual([]);
    expect(actions.some((a) => a.includes('*'))).toBe(false);
  });

  it('GIVEN an entry without actions WHEN read THEN it says why no permission is needed (only sts:GetCallerIdentity)', () => {
    const none = Object.entries(IAM_ACTIONS).filter(([, p]) => p.actions.length === 0);
    expect(none.map(([k]) => k)).toEqual(['sts:GetCallerIdentity']);
    expect(none[0]?.[1].note).toMatch(/No permissions are required/);
  });

  it.each([
    ['s3:GetBucketLifecycleConfiguration', 's3:GetLifecycleConfiguration'],
    ['s3:PutBucketLifecycleConfiguration', 's3:PutLifecycleConfiguration'],
    ['s3:DeleteBucketLifecycle', 's3:PutLifecycleConfiguration'],
    ['s3:GetBucketReplication', 's3:GetReplicationConfiguration'],
    ['s3:PutBucketReplication', 's3:PutReplicationConfiguration'],
    ['s3:DeleteBucketReplication', 's3:PutReplicationConfiguration'],
    ['s3:GetObjectLockConfiguration', 's3:GetBucketObjectLockConfiguration'],
    ['s3:ListBucketInventoryConfigurations', 's3:GetInventoryConfiguration'],
    ['s3:DeleteBucketInventoryConfiguration', 's3:PutInventoryConfiguration'],
    ['s3:DeleteBucketTagging', 's3:PutBucketTagging'],
    ['s3:ListBuckets', 's3:ListAllMyBuckets'],
  ])('GIVEN the S3 operation %s WHEN mapped THEN it needs %s (names differ)', (op, action) => {
    expect(IAM_ACTIONS[op]?.actions).toEqual([action]);
  });

  it('GIVEN the writes that hand a role to a service WHEN mapped THEN they also need iam:PassRole, limited to that service', () => {
    const pass = (k: string) => IAM_ACTIONS[k]?.also?.find((a) => a.actions.includes('iam:PassRole'));
    expect(pass('s3:PutBucketReplication')?.scope.sid).toBe('PassReplicationRolesToS3Only');
    expect(pass('backup:CreateBackupSelection')?.scope.sid).toBe('PassBackupSelectionRolesToAwsBackupOnly');
  });
});
