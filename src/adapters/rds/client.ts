/**
 * The RDS operations this adapter uses, declared once (see src/adapters/declared-client.ts): the read
 * client has only DescribeDBInstances; the write client adds ModifyDBInstance, routed through
 * `ctx.mutate`. The tool never creates or deletes a database, so neither client can.
 */
import { DescribeDBInstancesCommand, ModifyDBInstanceCommand } from '@aws-sdk/client-rds';
import { defineClient, type ReadClientOf, type WriteClientOf } from '../declared-client.js';

/** The RDS client declaration. */
export const RDS_CLIENT = defineClient('rds', {
  read: { DescribeDBInstances: DescribeDBInstancesCommand },
  write: { ModifyDBInstance: ModifyDBInstanceCommand },
});

/** The RDS read operations the adapter uses, and nothing else. */
export type RdsReadClient = ReadClientOf<typeof RDS_CLIENT>;

/** The read operation plus ModifyDBInstance (through `ctx.mutate`). */
export type RdsWriteClient = WriteClientOf<typeof RDS_CLIENT>;
