/**
 * Reads RDS instances: per region, one DescribeDBInstances call per 100 declared instances
 * (`db-instance-id` filter; an id the filter does not return is absent).
 */
import type { DBInstance } from '@aws-sdk/client-rds';
import type { ResourceAddress } from '../../model/resource.js';
import type { DesiredResource, Observation } from '../../model/state.js';
import { awsErrorCode, chunk, classifyReadError, mapBounded } from '../kit.js';
import type { ReadContext } from '../types.js';
import { RDS_CLIENT, type RdsReadClient } from './client.js';
import { normalizeDbInstance } from './normalize.js';

/** DescribeDBInstances accepts at most 100 values per filter. */
export const MAX_IDS_PER_CALL = 100;

/** True for RDS's "no such instance" error. */
export function isDbInstanceNotFound(e: unknown): boolean {
  const code = awsErrorCode(e);
  return code === 'DBInstanceNotFound' || code === 'DBInstanceNotFoundFault';
}

/** The region of a declared instance (its address region, else its attrs). */
export function regionOf(r: DesiredResource<'rds.instance'>): string {
  return r.region ?? r.attrs.region;
}

/** Describes the given instance ids (at most {@link MAX_IDS_PER_CALL}) with one paginated filter call. */
export async function describeInstances(
  client: RdsReadClient,
  ids: readonly string[],
): Promise<Map<string, DBInstance>> {
  const out = new Map<string, DBInstance>();
  let Marker: string | undefined;
  do {
    const res = await client.describeDBInstances({
      Filters: [{ Name: 'db-instance-id', Values: [...ids] }],
      ...(Marker ? { Marker } : {}),
    });
    for (const db of res.DBInstances ?? []) {
      if (db.DBInstanceIdentifier) out.set(db.DBInstanceIdentifier.toLowerCase(), db);
    }
    Marker = res.Marker;
  } while (Marker);
  return out;
}

/** Reads one instance by id; undefined when it does not exist. */
export async function describeInstance(client: RdsReadClient, id: string): Promise<DBInstance | undefined> {
  try {
    const res = await client.describeDBInstances({ DBInstanceIdentifier: id });
    return res.DBInstances?.[0];
  } catch (e) {
    if (isDbInstanceNotFound(e)) return undefined;
    throw e;
  }
}

/** KindAdapter.read for `rds.instance`. */
export async function readDbInstances(
  ctx: ReadContext,
  resources: readonly DesiredResource<'rds.instance'>[],
): Promise<ReadonlyMap<ResourceAddress, Observation<'rds.instance'>>> {
  const byRegion = new Map<string, DesiredResource<'rds.instance'>[]>();
  for (const r of resources) byRegion.set(regionOf(r), [...(byRegion.get(regionOf(r)) ?? []), r]);
  const batches = [...byRegion].flatMap(([region, list]) =>
    chunk(list, MAX_IDS_PER_CALL).map((batch) => ({ region, batch })),
  );
  const out = new Map<ResourceAddress, Observation<'rds.instance'>>();
  await mapBounded(batches, ctx.concurrency, async ({ region, batch }) => {
    const client = RDS_CLIENT.reader(ctx.pool, region);
    try {
      const found = await describeInstances(
        client,
        batch.map((r) => r.name),
      );
      for (const r of batch) {
        const db = found.get(r.name.toLowerCase());
        out.set(
          r.address,
          db ? { status: 'present', ...normalizeDbInstance(db, region) } : { status: 'absent' },
        );
      }
    } catch (e) {
      ctx.logger?.warn({ region, code: awsErrorCode(e) }, 'rds instances unreadable');
      for (const r of batch) out.set(r.address, classifyReadError(e, 'DescribeDBInstances'));
    }
  });
  return out;
}
