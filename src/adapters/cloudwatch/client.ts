/**
 * The CloudWatch operations this adapter uses, as two narrow clients: a read client (what `--plan`,
 * `--snapshot` and `--report` get) and a write client that extends it with the mutating operations.
 * The read client is a separate object without the mutating methods.
 *
 * Wire protocol: @aws-sdk/client-cloudwatch 3.1164 speaks AWS JSON 1.0 (awsQueryCompatible), which
 * moto 5.2.1 answers. test/integration/cloudwatch-alarms.test.ts round-trips a metric-math alarm and
 * fails if a newer client switches protocol (e.g. to Smithy RPC v2 CBOR).
 */
import {
  type CloudWatchClient,
  DeleteAlarmsCommand,
  type DeleteAlarmsCommandInput,
  type DeleteAlarmsCommandOutput,
  DescribeAlarmsCommand,
  type DescribeAlarmsCommandInput,
  type DescribeAlarmsCommandOutput,
  PutMetricAlarmCommand,
  type PutMetricAlarmCommandInput,
  type PutMetricAlarmCommandOutput,
} from '@aws-sdk/client-cloudwatch';
import type { ReadContext, WriteContext } from '../types.js';

/** Read-only CloudWatch operations used by the alarm reader. */
export interface CloudWatchReadClient {
  describeAlarms(input: DescribeAlarmsCommandInput): Promise<DescribeAlarmsCommandOutput>;
}

/** The read operations plus the mutating ones the writer uses. */
export interface CloudWatchWriteClient extends CloudWatchReadClient {
  putMetricAlarm(input: PutMetricAlarmCommandInput): Promise<PutMetricAlarmCommandOutput>;
  deleteAlarms(input: DeleteAlarmsCommandInput): Promise<DeleteAlarmsCommandOutput>;
}

/** Wraps an SDK client as a read-only client (the object has no mutating methods). */
export function toCloudWatchReadClient(sdk: CloudWatchClient): CloudWatchReadClient {
  return { describeAlarms: (input) => sdk.send(new DescribeAlarmsCommand(input)) };
}

/** Wraps an SDK client as a write client. */
export function toCloudWatchWriteClient(sdk: CloudWatchClient): CloudWatchWriteClient {
  return {
    ...toCloudWatchReadClient(sdk),
    putMetricAlarm: (input) => sdk.send(new PutMetricAlarmCommand(input)),
    deleteAlarms: (input) => sdk.send(new DeleteAlarmsCommand(input)),
  };
}

/** The read client for a region, from the context's client pool. */
export function cloudwatchReadClient(ctx: ReadContext, region: string): CloudWatchReadClient {
  return toCloudWatchReadClient(ctx.pool.get('cloudwatch', region));
}

/** The write client for a region (writers only). */
export function cloudwatchWriteClient(ctx: WriteContext, region: string): CloudWatchWriteClient {
  return toCloudWatchWriteClient(ctx.pool.get('cloudwatch', region));
}
