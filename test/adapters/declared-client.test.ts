/**
 * Declared clients (src/adapters/declared-client.ts) and the operation lists derived from them
 * (src/adapters/operations.ts): every call passes the pool's one choke point, every write goes through
 * ctx.mutate, and the lists name exactly what each command can call.
 */
import { readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ClientPool } from '../../src/adapters/aws-config.js';
import type { AwsCall, ClientDefinition } from '../../src/adapters/declared-client.js';
import { DECLARED_CLIENTS, operationsFor, serviceOperations } from '../../src/adapters/operations.js';
import { S3_CLIENT } from '../../src/adapters/s3/client.js';
import { recordingWriteContext } from './iam/support.js';

const ADAPTERS_DIR = resolve(import.meta.dirname, '../../src/adapters');

function isDefinition(v: unknown): v is ClientDefinition {
  return (
    typeof v === 'object' &&
    v !== null &&
    'operations' in v &&
    'reader' in v &&
    'writer' in v &&
    'service' in v
  );
}

describe('declared clients: one choke point', () => {
  it('GIVEN a pool with a gate WHEN a reader and a writer call AWS THEN every call passes the gate with service, region, operation and access, and only the write goes through ctx.mutate', async () => {
    const seen: AwsCall[] = [];
    const pool = new ClientPool({
      defaultRegion: 'eu-west-1',
      // The gate answers itself (a scheduler would call `send`): nothing leaves the process.
      gate: async <T>(call: AwsCall) => {
        seen.push(call);
        return { $metadata: {} } as T;
      },
    });
    try {
      await S3_CLIENT.reader(pool, 'eu-west-3').getBucketTagging({ Bucket: 'b' });
      const ctx = recordingWriteContext(pool);
      await S3_CLIENT.writer(ctx, 's3.bucket/b', 'eu-west-3').deleteBucketTagging({ Bucket: 'b' });
      expect(seen).toEqual([
        { service: 's3', region: 'eu-west-3', operation: 'GetBucketTagging', access: 'read' },
        { service: 's3', region: 'eu-west-3', operation: 'DeleteBucketTagging', access: 'write' },
      ]);
      expect(ctx.calls).toEqual([
        { service: 's3', operation: 'DeleteBucketTagging', address: 's3.bucket/b' },
      ]);
    } finally {
      pool.destroy();
    }
  });

  it('GIVEN every declared client WHEN its operations are listed THEN each name is its SDK command without `Command` (the AWS operation, as IAM policies need it)', () => {
    for (const d of DECLARED_CLIENTS)
      for (const [operation, command] of Object.entries(d.commands))
        expect(`${d.service}:${command.name}`).toBe(`${d.service}:${operation}Command`);
  });

  it('GIVEN the source of src/adapters WHEN every module is loaded THEN every client definition it exports is one of DECLARED_CLIENTS (no undeclared client)', async () => {
    const files = readdirSync(ADAPTERS_DIR, { recursive: true, encoding: 'utf8' }).filter(
      (f) => f.endsWith('.ts') && !f.endsWith('.d.ts'),
    );
    const found: ClientDefinition[] = [];
    for (const f of files) {
      const mod = (await import(join(ADAPTERS_DIR, f))) as Record<string, unknown>;
      for (const v of Object.values(mod)) if (isDefinition(v) && !found.includes(v)) found.push(v);
    }
    expect(found.length).toBeGreaterThanOrEqual(9);
    expect(found.filter((d) => !DECLARED_CLIENTS.includes(d))).toEqual([]);
  });
});

describe('operations per command', () => {
  const names = (ops: readonly { service: string; operation: string }[]) =>
    ops.map((o) => `${o.service}:${o.operation}`);

  it('GIVEN the read-only commands WHEN their operations are listed THEN none writes, and they include the identity check and every resource read', () => {
    for (const command of ['plan', 'snapshot', 'report', 'import'] as const) {
      const ops = operationsFor(command);
      expect(ops.filter((o) => o.access === 'write')).toEqual([]);
      expect(names(ops)).toEqual(
        expect.arrayContaining(['sts:GetCallerIdentity', 's3:GetBucketVersioning', 'backup:ListBackupPlans']),
      );
    }
  });

  it('GIVEN apply and restore WHEN listed THEN reads and writes of every resource client, and never sns:Publish', () => {
    for (const command of ['apply', 'restore'] as const) {
      const ops = names(operationsFor(command));
      expect(ops).toEqual(
        expect.arrayContaining(['s3:PutBucketLifecycleConfiguration', 'iam:CreateRole', 's3:ListBuckets']),
      );
      expect(ops).not.toContain('sns:Publish');
    }
  });

  it('GIVEN report with --publish-sns WHEN listed THEN exactly one write: sns:Publish', () => {
    const ops = operationsFor('report', { publishSns: true });
    expect(names(ops.filter((o) => o.access === 'write'))).toEqual(['sns:Publish']);
    expect(ops.length).toBe(operationsFor('report').length + 1);
  });

  it('GIVEN apply or restore with --lock s3://BUCKET/KEY WHEN listed THEN plus exactly the lock object operations', () => {
    for (const command of ['apply', 'restore'] as const) {
      const plain = names(operationsFor(command));
      const locked = names(operationsFor(command, { s3Lock: true }));
      expect(locked.filter((o) => !plain.includes(o))).toEqual([
        's3:DeleteObject',
        's3:GetObject',
        's3:PutObject',
      ]);
    }
    expect(names(operationsFor('plan', { s3Lock: true }))).toEqual(names(operationsFor('plan')));
  });

  it('GIVEN every service WHEN its operations are listed THEN reads and writes are disjoint and sorted', () => {
    const all = serviceOperations();
    expect(Object.keys(all).sort()).toEqual([
      'backup',
      'cloudwatch',
      'events',
      'iam',
      'rds',
      's3',
      'sns',
      'sts',
    ]);
    for (const { read, write } of Object.values(all)) {
      expect(read.filter((op) => write.includes(op))).toEqual([]);
      expect([...read]).toEqual([...read].sort());
      expect([...write]).toEqual([...write].sort());
    }
    expect(all.rds).toEqual({
      read: ['DescribeDBInstances', 'ListTagsForResource'],
      write: ['AddTagsToResource', 'DeleteDBInstance', 'ModifyDBInstance', 'RestoreDBInstanceToPointInTime'],
    });
  });

  it('GIVEN drill WHEN listed THEN its writes are the restores, copies and deletions of temporary resources, and no resource writer', () => {
    const ops = operationsFor('drill');
    expect(names(ops.filter((o) => o.access === 'write'))).toEqual([
      'backup:StartRestoreJob',
      'rds:AddTagsToResource',
      'rds:DeleteDBInstance',
      'rds:RestoreDBInstanceToPointInTime',
      's3:CopyObject',
      's3:DeleteBucket',
      's3:DeleteObject',
      's3:PutBucketTagging',
      's3:RestoreObject',
    ]);
    expect(names(ops)).toContain('sts:GetCallerIdentity');
    expect(names(ops)).not.toContain('rds:ModifyDBInstance');
    expect(names(operationsFor('apply'))).not.toContain('rds:RestoreDBInstanceToPointInTime');
  });
});
