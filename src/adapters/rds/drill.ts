/**
 * The RDS side of `reconcile drill` (issue 16): restore a declared instance to its latest restorable
 * time into a temporary instance, wait for it, delete it. Its own declared client: the resource
 * adapter can never create or delete a database, and this one can only create restored copies and
 * delete instances that carry the drill tag (checked before every delete).
 */
import {
  AddTagsToResourceCommand,
  DeleteDBInstanceCommand,
  DescribeDBInstancesCommand,
  ListTagsForResourceCommand,
  RestoreDBInstanceToPointInTimeCommand,
} from '@aws-sdk/client-rds';
import { DRILL_TAG_KEY } from '../../model/drill.js';
import { addressOf } from '../../model/resource.js';
import type { ClientPool } from '../aws-config.js';
import { defineClient } from '../declared-client.js';
import type { WriteContext } from '../types.js';

/** The drill's RDS operations. */
export const RDS_DRILL_CLIENT = defineClient('rds', {
  read: { DescribeDBInstances: DescribeDBInstancesCommand, ListTagsForResource: ListTagsForResourceCommand },
  write: {
    RestoreDBInstanceToPointInTime: RestoreDBInstanceToPointInTimeCommand,
    AddTagsToResource: AddTagsToResourceCommand,
    DeleteDBInstance: DeleteDBInstanceCommand,
  },
});

/** What the drill needs to know of the source instance. */
export interface SourceInstance {
  readonly id: string;
  readonly arn: string;
  readonly engine: string;
  readonly status: string;
  /** ISO; undefined when RDS reports none (automated backups off). */
  readonly latestRestorableTime?: string;
  readonly dbSubnetGroup?: string;
  readonly backupRetentionPeriod: number;
}

/** Describes one instance; undefined when it does not exist. */
export async function describeInstance(
  pool: ClientPool,
  region: string,
  id: string,
): Promise<SourceInstance | undefined> {
  try {
    const out = await RDS_DRILL_CLIENT.reader(pool, region).describeDBInstances({ DBInstanceIdentifier: id });
    const db = out.DBInstances?.[0];
    if (!db) return undefined;
    return {
      id,
      arn: db.DBInstanceArn ?? '',
      engine: db.Engine ?? '',
      status: db.DBInstanceStatus ?? 'unknown',
      ...(db.LatestRestorableTime ? { latestRestorableTime: db.LatestRestorableTime.toISOString() } : {}),
      ...(db.DBSubnetGroup?.DBSubnetGroupName ? { dbSubnetGroup: db.DBSubnetGroup.DBSubnetGroupName } : {}),
      backupRetentionPeriod: db.BackupRetentionPeriod ?? 0,
    };
  } catch (e) {
    if ((e as { name?: string }).name === 'DBInstanceNotFoundFault') return undefined;
    throw e;
  }
}

/**
 * The smallest instance class per engine family, for a temporary restore that only has to start
 * (burstable Graviton classes; "Supported DB engines for DB instance classes",
 * https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/Concepts.DBInstanceClass.Support.html).
 * Oracle and SQL Server start at small here; SQL Server Standard/Enterprise editions need larger
 * classes still, so declare `drill.rdsInstanceClass` for them (a restore with a class the engine does
 * not offer fails, and the drill reports it).
 */
export function smallestInstanceClass(engine: string): string {
  if (engine.startsWith('oracle') || engine.startsWith('sqlserver')) return 'db.t3.small';
  return 'db.t4g.micro';
}

/**
 * Restores `source` to its latest restorable time as `target` (tagged, not public, single-AZ, no
 * deletion protection, in the source's subnet group). RestoreDBInstanceToPointInTime,
 * https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_RestoreDBInstanceToPointInTime.html
 */
export async function restoreToLatestTime(
  ctx: WriteContext,
  region: string,
  source: SourceInstance,
  target: { readonly id: string; readonly instanceClass: string; readonly runId: string },
): Promise<void> {
  const rds = RDS_DRILL_CLIENT.writer(ctx, addressOf('rds.instance', target.id, region), region);
  await rds.restoreDBInstanceToPointInTime({
    SourceDBInstanceIdentifier: source.id,
    TargetDBInstanceIdentifier: target.id,
    UseLatestRestorableTime: true,
    DBInstanceClass: target.instanceClass,
    PubliclyAccessible: false,
    MultiAZ: false,
    DeletionProtection: false,
    ...(source.dbSubnetGroup ? { DBSubnetGroupName: source.dbSubnetGroup } : {}),
    Tags: [{ Key: DRILL_TAG_KEY, Value: target.runId }],
  });
}

/** Tags an instance created by someone else for the drill (an AWS Backup restore). */
export async function tagDrillInstance(
  ctx: WriteContext,
  region: string,
  arn: string,
  id: string,
  runId: string,
) {
  const rds = RDS_DRILL_CLIENT.writer(ctx, addressOf('rds.instance', id, region), region);
  await rds.addTagsToResource({ ResourceName: arn, Tags: [{ Key: DRILL_TAG_KEY, Value: runId }] });
}

/** The drill tag of an instance (its run id), or undefined. */
export async function drillTagOf(pool: ClientPool, region: string, arn: string): Promise<string | undefined> {
  const out = await RDS_DRILL_CLIENT.reader(pool, region).listTagsForResource({ ResourceName: arn });
  return out.TagList?.find((t) => t.Key === DRILL_TAG_KEY)?.Value;
}

/**
 * Deletes a temporary instance without a final snapshot and with its automated backups, after
 * checking that it carries the drill tag (of `runId` when given): a declared database can never be
 * deleted here. Returns false when it was not found.
 */
export async function deleteDrillInstance(
  ctx: WriteContext,
  region: string,
  id: string,
  runId: string | undefined,
): Promise<boolean> {
  if (!id.includes('-drill-'))
    throw new Error(`assertion: ${id} is not a drill instance name (<id>-drill-<run id>)`);
  const db = await describeInstance(ctx.pool, region, id);
  if (!db) return false;
  const tag = await drillTagOf(ctx.pool, region, db.arn);
  if (tag === undefined || (runId !== undefined && tag !== runId))
    throw new Error(
      `assertion: refusing to delete ${id}: it does not carry ${DRILL_TAG_KEY}=${runId ?? '*'}`,
    );
  if (db.status === 'deleting') return true;
  const rds = RDS_DRILL_CLIENT.writer(ctx, addressOf('rds.instance', id, region), region);
  await rds.deleteDBInstance({
    DBInstanceIdentifier: id,
    SkipFinalSnapshot: true,
    DeleteAutomatedBackups: true,
  });
  return true;
}

/** Instances in `region` carrying the drill tag (any run): identifier and run id. */
export async function listDrillInstances(
  pool: ClientPool,
  region: string,
): Promise<{ readonly id: string; readonly runId: string }[]> {
  const rds = RDS_DRILL_CLIENT.reader(pool, region);
  const out: { id: string; runId: string }[] = [];
  let marker: string | undefined;
  do {
    const page = await rds.describeDBInstances({ ...(marker ? { Marker: marker } : {}) });
    for (const db of page.DBInstances ?? []) {
      if (!db.DBInstanceIdentifier || !db.DBInstanceArn || db.DBInstanceStatus === 'deleting') continue;
      const tag =
        db.TagList?.find((t) => t.Key === DRILL_TAG_KEY)?.Value ??
        (db.DBInstanceIdentifier.includes('-drill-')
          ? await drillTagOf(pool, region, db.DBInstanceArn)
          : undefined);
      if (tag !== undefined) out.push({ id: db.DBInstanceIdentifier, runId: tag });
    }
    marker = page.Marker;
  } while (marker);
  return out;
}
