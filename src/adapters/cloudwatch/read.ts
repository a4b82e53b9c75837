/**
 * Reads CloudWatch metric alarms with DescribeAlarms, up to 100 alarm names per call per region (not
 * one call per alarm), following NextToken. An alarm not returned is absent; a failed batch makes the
 * alarms of that batch unreadable (never in sync).
 */
import type { MetricAlarm } from '@aws-sdk/client-cloudwatch';
import type { ResourceAddress } from '../../model/resource.js';
import type { DesiredResource, Observation } from '../../model/state.js';
import { awsErrorCode, chunk, classifyReadError, mapBounded } from '../kit.js';
import type { ReadContext } from '../types.js';
import { jsonRaw } from '../unmanaged.js';
import { CLOUDWATCH_CLIENT, type CloudWatchReadClient } from './client.js';
import { normalizeAlarm } from './normalize.js';

/** DescribeAlarms accepts at most 100 names, and returns at most 100 records per page. */
export const DESCRIBE_ALARMS_MAX_NAMES = 100;

/** Describes the named alarms (at most 100) in one region; returns them by name. */
export async function describeAlarmsByName(
  client: CloudWatchReadClient,
  names: readonly string[],
): Promise<Map<string, MetricAlarm>> {
  const out = new Map<string, MetricAlarm>();
  let token: string | undefined;
  do {
    const page = await client.describeAlarms({
      AlarmNames: [...names],
      MaxRecords: DESCRIBE_ALARMS_MAX_NAMES,
      ...(token ? { NextToken: token } : {}),
    });
    for (const a of page.MetricAlarms ?? []) if (a.AlarmName) out.set(a.AlarmName, a);
    token = page.NextToken;
  } while (token);
  return out;
}

/**
 * An alarm -> observation (facts: `arn`, `stateValue`, `stateReason`; raw `alarm`: the MetricAlarm as
 * DescribeAlarms returned it, JSON form, whose unmodelled settings PutMetricAlarm writes back).
 */
export function observeAlarm(
  region: string,
  alarm: MetricAlarm | undefined,
): Observation<'cloudwatch.alarm'> {
  if (!alarm) return { status: 'absent' };
  return {
    status: 'present',
    attrs: normalizeAlarm(region, alarm),
    facts: {
      ...(alarm.AlarmArn ? { arn: alarm.AlarmArn } : {}),
      ...(alarm.StateValue ? { stateValue: alarm.StateValue } : {}),
      ...(alarm.StateReason ? { stateReason: alarm.StateReason } : {}),
    },
    raw: { alarm: jsonRaw(alarm) },
  };
}

/** KindAdapter.read for `cloudwatch.alarm`: one DescribeAlarms per 100 names per region. */
export async function readAlarms(
  ctx: ReadContext,
  resources: readonly DesiredResource<'cloudwatch.alarm'>[],
): Promise<ReadonlyMap<ResourceAddress, Observation<'cloudwatch.alarm'>>> {
  const byRegion = new Map<string, DesiredResource<'cloudwatch.alarm'>[]>();
  for (const r of resources) {
    const region = r.region ?? r.attrs.region;
    byRegion.set(region, [...(byRegion.get(region) ?? []), r]);
  }
  const batches = [...byRegion].flatMap(([region, list]) =>
    chunk(list, DESCRIBE_ALARMS_MAX_NAMES).map((batch) => ({ region, batch })),
  );
  const out = new Map<ResourceAddress, Observation<'cloudwatch.alarm'>>();
  await mapBounded(batches, ctx.concurrency, async ({ region, batch }) => {
    try {
      const found = await describeAlarmsByName(
        CLOUDWATCH_CLIENT.reader(ctx.pool, region),
        batch.map((r) => r.name),
      );
      for (const r of batch) out.set(r.address, observeAlarm(region, found.get(r.name)));
    } catch (e) {
      ctx.logger?.warn(
        { region, alarms: batch.length, code: awsErrorCode(e) },
        'cloudwatch alarms unreadable',
      );
      for (const r of batch)
        out.set(r.address, classifyReadError(e, 'DescribeAlarms') as Observation<'cloudwatch.alarm'>);
    }
  });
  return out;
}
