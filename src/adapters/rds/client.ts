/**
 * Narrow RDS clients: the read client has only DescribeDBInstances; the write client adds
 * ModifyDBInstance, routed through `ctx.mutate`. The tool never creates or deletes a database, so
 * neither client can.
 */
import {
  DescribeDBInstancesCommand,
  type DescribeDBInstancesCommandInput,
  type DescribeDBInstancesCommandOutput,
  ModifyDBInstanceCommand,
  type ModifyDBInstanceCommandInput,
  type ModifyDBInstanceCommandOutput,
  type RDSClient,
} from '@aws-sdk/client-rds';
import type { ResourceAddress } from '../../model/resource.js';
import type { WriteContext } from '../types.js';

/** The RDS read operations the adapter uses, and nothing else. */
export interface RdsReadClient {
  describeDBInstances(input: DescribeDBInstancesCommandInput): Promise<DescribeDBInstancesCommandOutput>;
}

/** The read operation plus ModifyDBInstance (through `ctx.mutate`). */
export interface RdsWriteClient extends RdsReadClient {
  modifyDBInstance(input: ModifyDBInstanceCommandInput): Promise<ModifyDBInstanceCommandOutput>;
}

/** Wraps an SDK client into the narrow read client. */
export function rdsReadClient(sdk: RDSClient): RdsReadClient {
  return { describeDBInstances: (input) => sdk.send(new DescribeDBInstancesCommand(input)) };
}

/** Wraps an SDK client into the write client for one resource. */
export function rdsWriteClient(sdk: RDSClient, ctx: WriteContext, address: ResourceAddress): RdsWriteClient {
  return {
    ...rdsReadClient(sdk),
    modifyDBInstance: (input) =>
      ctx.mutate('rds', 'ModifyDBInstance', address, () => sdk.send(new ModifyDBInstanceCommand(input))),
  };
}
