/**
 * CloudWatch discovery for `--import --alarm-prefix` and `--prune-prefix`: the metric alarm names with
 * a prefix, in one region. Read operations only.
 */
import type { ClientPool } from '../aws-config.js';
import { CLOUDWATCH_CLIENT } from './client.js';
import { DESCRIBE_ALARMS_MAX_NAMES } from './read.js';

/** DescribeAlarms(AlarmNamePrefix, MetricAlarm): the names of the region's metric alarms with `prefix`. */
export async function listAlarmNames(pool: ClientPool, region: string, prefix: string): Promise<string[]> {
  const client = CLOUDWATCH_CLIENT.reader(pool, region);
  const out: string[] = [];
  let token: string | undefined;
  do {
    const page = await client.describeAlarms({
      AlarmNamePrefix: prefix,
      AlarmTypes: ['MetricAlarm'],
      MaxRecords: DESCRIBE_ALARMS_MAX_NAMES,
      ...(token ? { NextToken: token } : {}),
    });
    for (const a of page.MetricAlarms ?? []) if (a.AlarmName) out.push(a.AlarmName);
    token = page.NextToken;
  } while (token);
  return out;
}
