/**
 * The CloudWatch operations this adapter uses, declared once (see src/adapters/declared-client.ts):
 * DescribeAlarms for the reader and for discovery (`list.ts`), PutMetricAlarm and DeleteAlarms for
 * the writer (through `ctx.mutate`).
 *
 * Wire protocol: @aws-sdk/client-cloudwatch 3.1164 speaks AWS JSON 1.0 (awsQueryCompatible), which
 * moto 5.2.1 answers. test/integration/cloudwatch-alarms.test.ts round-trips a metric-math alarm and
 * fails if a newer client switches protocol (e.g. to Smithy RPC v2 CBOR).
 */
import {
  DeleteAlarmsCommand,
  DescribeAlarmsCommand,
  PutMetricAlarmCommand,
} from '@aws-sdk/client-cloudwatch';
import { defineClient, type ReadClientOf, type WriteClientOf } from '../declared-client.js';

/** The CloudWatch client declaration. */
export const CLOUDWATCH_CLIENT = defineClient('cloudwatch', {
  read: { DescribeAlarms: DescribeAlarmsCommand },
  write: { PutMetricAlarm: PutMetricAlarmCommand, DeleteAlarms: DeleteAlarmsCommand },
});

/** Read-only CloudWatch operations used by the alarm reader. */
export type CloudWatchReadClient = ReadClientOf<typeof CLOUDWATCH_CLIENT>;

/** The read operations plus the mutating ones the writer uses (through `ctx.mutate`). */
export type CloudWatchWriteClient = WriteClientOf<typeof CLOUDWATCH_CLIENT>;
