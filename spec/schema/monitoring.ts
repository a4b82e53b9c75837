/** Monitoring: SNS topics, EventBridge rules, CloudWatch alarms. Pure. */

import { z } from 'zod';
import { KINDS } from '../../src/model/kinds/index.js';
import {
  expecting,
  flag,
  nameOverride,
  policyDocument,
  positiveInt,
  region,
  resourceCommon,
  tags,
  text,
} from './common.js';

export const SNS_PROTOCOLS = [
  'email',
  'email-json',
  'http',
  'https',
  'sms',
  'sqs',
  'lambda',
  'firehose',
  'application',
] as const;

export const subscription = z.strictObject({
  protocol: z.enum(SNS_PROTOCOLS),
  endpoint: text('an endpoint').meta({
    description:
      // biome-ignore lint/suspicious/noTemplateCurlyInString: the literal syntax the user writes
      'Email address, URL, ARN... Secrets: write ${env:NAME} (read from the environment, never printed).',
  }),
  rawMessageDelivery: flag.optional(),
});

export const topic = z
  .strictObject({
    ...nameOverride,
    region,
    displayName: z.string(expecting('a string')).optional(),
    policy: policyDocument.nullable().optional().meta({
      description: 'Topic policy. Omit: unmanaged; null = the default policy AWS gives a new topic.',
    }),
    subscriptions: z
      .array(subscription)
      .optional()
      .meta({ description: 'Subscriptions. Omit: unmanaged; [] = none.' }),
    kmsMasterKeyId: text().optional(),
    tags: tags.optional(),
    ...resourceCommon,
  })
  .meta({ description: 'An SNS topic. The key is a label; the AWS name is `name` or the key.' });

export const eventTarget = z.strictObject({
  id: z.union([text('a target id'), z.int()], {
    error: (iss) => (iss.code === 'invalid_union' ? 'expected a target id' : undefined),
  }),
  topic: text('a topic declared under sns.topics')
    .optional()
    .meta({ description: 'SNS topic (key of sns.topics).' }),
  arn: text('a target ARN').optional().meta({ description: 'Any target ARN (instead of topic).' }),
  role: text('a role name declared under iam.roles, or a role ARN').optional(),
  input: z.unknown().optional().meta({ description: 'Constant JSON input (any YAML value).' }),
});

export const eventRule = z
  .strictObject({
    ...nameOverride,
    region,
    eventBusName: text().optional(),
    description: z.string(expecting('a string')).optional(),
    eventPattern: z
      .record(z.string(), z.unknown())
      .optional()
      .meta({ description: 'Event pattern as YAML; match values are lists.' }),
    scheduleExpression: text('a cron(...) or rate(...) expression').optional(),
    state: z.enum(['ENABLED', 'DISABLED']).optional(),
    targets: z.array(eventTarget).optional(),
    ...resourceCommon,
  })
  .meta({ description: 'An EventBridge rule. The key is a label; the AWS name is `name` or the key.' });

export const COMPARISON_OPERATORS = [
  'GreaterThanOrEqualToThreshold',
  'GreaterThanThreshold',
  'LessThanThreshold',
  'LessThanOrEqualToThreshold',
  'LessThanLowerOrGreaterThanUpperThreshold',
  'LessThanLowerThreshold',
  'GreaterThanUpperThreshold',
] as const;

/** Operators that compare against an anomaly-detection band (they need thresholdMetricId). */
export const BAND_OPERATORS: ReadonlySet<string> = new Set([
  'LessThanLowerOrGreaterThanUpperThreshold',
  'LessThanLowerThreshold',
  'GreaterThanUpperThreshold',
]);

const metricFields = {
  namespace: text('a metric namespace such as AWS/S3'),
  name: text('a metric name'),
  dimensions: z.record(z.string(), z.string(expecting('a string'))).default({}),
  period: positiveInt('a period in seconds'),
  statistic: text('a statistic such as Sum, Maximum or p99'),
  unit: text().optional(),
};

export const metricQuery = z.strictObject({
  id: z
    .string(expecting('an id'))
    .regex(/^[a-z][a-zA-Z0-9_]*$/, expecting('an id starting with a lowercase letter')),
  expression: text('a metric math expression').optional(),
  metric: z.strictObject(metricFields).optional(),
  label: z.string(expecting('a string')).optional(),
  returnData: flag.default(KINDS['cloudwatch.alarm'].defaults.query.returnData),
  period: positiveInt('a period in seconds').optional(),
});

const actions = z
  .array(text('a topic declared under sns.topics, or an action ARN'))
  .optional()
  .meta({ description: 'Topics (keys of sns.topics, in the alarm region) or action ARNs.' });

export const alarm = z
  .strictObject({
    ...nameOverride,
    region: region.meta({
      description: 'Must be the region of the metric: alarms only see their own region.',
    }),
    description: z.string(expecting('a string')).optional(),
    actionsEnabled: flag.optional(),
    alarmActions: actions,
    okActions: actions,
    insufficientDataActions: actions,
    comparison: z.enum(COMPARISON_OPERATORS),
    threshold: z.number(expecting('a number')).optional(),
    thresholdMetricId: text('the id of an expression in metrics').optional(),
    evaluationPeriods: positiveInt(),
    datapointsToAlarm: positiveInt().optional(),
    treatMissingData: z.enum(['breaching', 'notBreaching', 'ignore', 'missing']).optional(),
    metric: z.strictObject(metricFields).optional().meta({ description: 'A plain single-metric alarm.' }),
    metrics: z
      .array(metricQuery)
      .min(1, expecting('at least one metric query'))
      .optional()
      .meta({ description: 'A metric-math alarm (e.g. anomaly band).' }),
    ...resourceCommon,
  })
  .superRefine(checkReturnData)
  .meta({ description: 'A CloudWatch alarm. The key is a label; the AWS name is `name` or the key.' });

/**
 * Which metric-math queries return data. PutMetricAlarm: "specify true for the one expression result
 * to use as the alarm. For all other metrics and expressions in the same PutMetricAlarm operation,
 * specify ReturnData as False" (MetricDataQuery, ReturnData defaults to true,
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_MetricDataQuery.html) ->
 * ValidationError "Exactly one element of the metrics list should return data."; an anomaly-detection
 * alarm (ThresholdMetricId) returns the metric and its ANOMALY_DETECTION_BAND, "Exactly two elements
 * ..." ("Using CloudWatch anomaly detection",
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/CloudWatch_Anomaly_Detection.html).
 * moto accepts any number; test/emulator's strict_moto.cloudwatch refuses them like CloudWatch.
 */
function checkReturnData(
  a: {
    readonly thresholdMetricId?: string | undefined;
    readonly metrics?:
      | readonly {
          readonly id: string;
          readonly expression?: string | undefined;
          readonly returnData: boolean;
        }[]
      | undefined;
  },
  ctx: z.RefinementCtx,
): void {
  if (!a.metrics) return;
  const returning = a.metrics.filter((q) => q.returnData).map((q) => q.id);
  const got = `${returning.length}${returning.length ? ` (${returning.join(', ')})` : ''}`;
  if (a.thresholdMetricId === undefined) {
    if (returning.length !== 1)
      ctx.addIssue({
        code: 'custom',
        path: ['metrics'],
        message:
          "expected exactly one query with returnData: true, the alarm's value (returnData defaults to true: " +
          `write returnData: false on the others), got ${got}`,
      });
    return;
  }
  const at = a.metrics.findIndex((q) => q.id === a.thresholdMetricId);
  const band = a.metrics[at];
  if (band?.expression !== undefined && !band.expression.includes('ANOMALY_DETECTION_BAND'))
    ctx.addIssue({
      code: 'custom',
      path: ['thresholdMetricId'],
      message: `expected the id of an ANOMALY_DETECTION_BAND expression, got ${JSON.stringify(a.thresholdMetricId)} (${band.expression})`,
    });
  if (band && !band.returnData)
    ctx.addIssue({
      code: 'custom',
      path: ['metrics', at, 'returnData'],
      message: 'expected true (the anomaly band the alarm compares with returns data), got false',
    });
  else if (returning.length !== 2)
    ctx.addIssue({
      code: 'custom',
      path: ['metrics'],
      message:
        'expected exactly two queries with returnData: true, the metric and its anomaly band ' +
        `(write returnData: false on the others), got ${got}`,
    });
}

export type TopicInput = z.infer<typeof topic>;
export type EventRuleInput = z.infer<typeof eventRule>;
export type AlarmInput = z.infer<typeof alarm>;
export type MetricFieldsInput = z.infer<typeof alarm>['metric'];
