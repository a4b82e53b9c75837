/**
 * The operation -> IAM action table (src/adapters/iam-actions.ts) covers exactly the declared
 * operations: a new AWS call without its IAM action fails here, before any policy is printed.
 */
import { describe, expect, it } from 'vitest';
import type { ClientDefinition } from '../../src/adapters/declared-client.js';
import {
  DRILL_BUCKET_NAME_PREFIX,
  DRILL_IAM_ACTIONS,
  IAM_ACTIONS,
  operationKey,
  permissionOf,
} from '../../src/adapters/iam-actions.js';
import { DECLARED_CLIENTS, DRILL_CLIENTS } from '../../src/adapters/operations.js';
import { DRILL_BUCKET_PREFIX } from '../../src/adapters/s3/drill.js';

const keysOf = (clients: readonly ClientDefinition[]) =>
  [
    ...new Set(
      clients.flatMap((c) =>
        [...c.operations.read, ...c.operations.write].map((op) => operationKey(c.service, op)),
      ),
    ),
  ].sort();
/** Every command but the drill calls these (the drill's clients are its own). */
const declared = keysOf(DECLARED_CLIENTS.filter((c) => !DRILL_CLIENTS.includes(c)));
const drill = keysOf(DRILL_CLIENTS);

describe('operation -> IAM action table', () => {
  it("GIVEN the declared clients but the drill's WHEN each operation is looked up THEN every one has an entry in IAM_ACTIONS, and it names no other operation", () => {
    expect(declared.filter((k) => !Object.hasOwn(IAM_ACTIONS, k))).toEqual([]);
    expect(Object.keys(IAM_ACTIONS).filter((k) => !declared.includes(k))).toEqual([]);
    expect(declared.length).toBeGreaterThan(50);
  });

  it("GIVEN the drill's clients WHEN each operation is looked up THEN every one has an entry in DRILL_IAM_ACTIONS, and it names no other operation", () => {
    expect(drill.filter((k) => !Object.hasOwn(DRILL_IAM_ACTIONS, k))).toEqual([]);
    expect(Object.keys(DRILL_IAM_ACTIONS).filter((k) => !drill.includes(k))).toEqual([]);
    expect(drill).toContain('s3:CopyObject');
  });

  it('GIVEN an operation the drill shares with the other clients WHEN looked up per command THEN the drill gets its own entry, every other command the shared one', () => {
    for (const [service, op] of [
      ['s3', 'DeleteObject'],
      ['s3', 'GetBucketTagging'],
      ['rds', 'DescribeDBInstances'],
      ['backup', 'ListRecoveryPointsByBackupVault'],
    ] as const) {
      expect(permissionOf(service, op, 'drill')).toBe(DRILL_IAM_ACTIONS[`${service}:${op}`]);
      expect(permissionOf(service, op, 'apply')).toBe(IAM_ACTIONS[`${service}:${op}`]);
      expect(permissionOf(service, op, 'drill')).not.toBe(permissionOf(service, op, 'apply'));
    }
    // The drill's identity check comes from the shared table; a drill-only operation exists for the drill only.
    expect(permissionOf('sts', 'GetCallerIdentity', 'drill')).toBe(IAM_ACTIONS['sts:GetCallerIdentity']);
    expect(() => permissionOf('s3', 'CopyObject', 'apply')).toThrow(/no IAM action mapping/);
  });

  it('GIVEN the restore buckets the drill names WHEN the table names them THEN the prefixes agree', () => {
    expect(DRILL_BUCKET_NAME_PREFIX).toBe(DRILL_BUCKET_PREFIX);
  });

  it('GIVEN every entry WHEN its actions are read THEN each is one service:Action, never a wildcard', () => {
    const actions = [...Object.values(IAM_ACTIONS), ...Object.values(DRILL_IAM_ACTIONS)].flatMap((p) => [
      ...p.actions,
      ...(p.also ?? []).flatMap((a) => a.actions),
    ]);
    expect(actions.filter((a) => !/^[a-z0-9-]+:[A-Z][A-Za-z0-9]+$/.test(a))).toEqual([]);
    expect(actions.some((a) => a.includes('*'))).toBe(false);
  });

  it('GIVEN an entry without actions WHEN read THEN it says why no permission is needed (only sts:GetCallerIdentity)', () => {
    expect(Object.values(DRILL_IAM_ACTIONS).filter((p) => p.actions.length === 0)).toEqual([]);
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
    expect(pass('backup:CreateRestoreTestingSelection')?.scope.sid).toBe(
      'PassRestoreTestingRolesToRestoreTestingOnly',
    );
    expect(pass('backup:UpdateRestoreTestingSelection')?.scope.sid).toBe(
      'PassRestoreTestingRolesToRestoreTestingOnly',
    );
    const restore = DRILL_IAM_ACTIONS['backup:StartRestoreJob']?.also?.find((a) =>
      a.actions.includes('iam:PassRole'),
    );
    expect(restore?.scope.sid).toBe('PassRestoreRolesToAwsBackupOnly');
  });
});
