/** sns.topics, events.rules, cloudwatch.alarms -> resources; `${env:NAME}` secrets. Pure. */
import type {
  CloudWatchAlarmAttrs,
  EventsRuleAttrs,
  EventsTarget,
  MetricDataQuery,
  SnsSubscription,
  SnsTopicAttrs,
} from '../../src/model/attrs.js';
import { canonicalText } from '../../src/model/canonical.js';
import { canonicalEventPattern } from '../../src/model/event-pattern.js';
import { KINDS } from '../../src/model/kinds/index.js';
import { fingerprintSecret, isSecretBearingProtocol, redactEndpoint } from '../../src/model/secrets.js';
import type { DesiredResource } from '../../src/model/state.js';
import { checkAlarmPeriod, checkScheduleExpression } from '../aws-facts.js';
import { expected, expectedGot, formatPath, type SpecPath } from '../issues.js';
import type { AlarmInput, TopicInput } from '../schema/monitoring.js';
import { BAND_OPERATORS } from '../schema/monitoring.js';
import {
  awsName,
  checkUnique,
  type Deps,
  defined,
  type MapContext,
  makeResource,
  resolveRole,
  resolveTopic,
  sortBy,
} from './context.js';
import { mapPolicy } from './iam-rds.js';

/** AWS's alarm defaults (src/model/kinds/cloudwatch-alarm.ts): what an omitted field means. */
const ALARM_DEFAULTS = KINDS['cloudwatch.alarm'].defaults;

const ENV_REF = /\$\{env:([A-Za-z_][A-Za-z0-9_]*)\}/g;

/** Substitutes `${env:NAME}`; returns the names that are unset. */
function interpolate(
  template: string,
  env: Readonly<Record<string, string | undefined>>,
): { value: string; missing: string[] } {
  const missing: string[] = [];
  const value = template.replace(ENV_REF, (_m, name: string) => {
    const v = Object.hasOwn(env, name) ? env[name] : undefined;
    if (v === undefined || v === '') {
      missing.push(name);
      return '';
    }
    return v;
  });
  return { value, missing };
}

function endpointProblem(protocol: string, endpoint: string): string | undefined {
  if (protocol === 'https' || protocol === 'http')
    return endpoint.startsWith(`${protocol}://`) ? undefined : `an ${protocol}:// URL`;
  if (protocol === 'email' || protocol === 'email-json')
    return /^[^@\s]+@[^@\s]+$/.test(endpoint) ? undefined : 'an email address';
  if (['sqs', 'lambda', 'firehose', 'application'].includes(protocol))
    return endpoint.startsWith('arn:') ? undefined : 'an ARN';
  return undefined;
}

function mapSubscription(
  ctx: MapContext,
  sub: NonNullable<TopicInput['subscriptions']>[number],
  path: SpecPath,
  literal?: string[],
): SnsSubscription {
  const secretBearing = isSecretBearingProtocol(sub.protocol);
  const malformed = sub.endpoint.replace(ENV_REF, '').includes('${');
  if (malformed)
    ctx.issues.add(
      [...path, 'endpoint'],
      // biome-ignore lint/suspicious/noTemplateCurlyInString: the literal syntax the user writes
      'expected ${env:NAME} (NAME: letters, digits, _) to read a value from the environment, got another ${...} form',
    );
  const { value, missing } = interpolate(sub.endpoint, ctx.env);
  const extra = sub.rawMessageDelivery !== undefined ? { rawMessageDelivery: sub.rawMessageDelivery } : {};
  if (missing.length > 0) {
    // Unresolved: a placeholder display form, no fingerprint (the planner cannot verify it).
    const names = missing.map((n) => `\${env:${n}}`).join(', ');
    const endpoint = secretBearing ? `${sub.protocol}://<unresolved ${names}>` : `<unresolved ${names}>`;
    return { protocol: sub.protocol, endpoint, unresolved: true, ...extra };
  }
  const problem = endpointProblem(sub.protocol, value);
  if (problem) {
    // Never echo a secret-bearing endpoint, nor one read from ${env:}, even a wrong one.
    ctx.issues.add(
      [...path, 'endpoint'],
      secretBearing || value !== sub.endpoint
        ? `expected ${problem}, got a value that is not one (not shown: it may be secret)`
        : expected(problem, value),
    );
  }
  if (!secretBearing) return { protocol: sub.protocol, endpoint: value, ...extra };
  // Written literally (no ${env:}) and carrying a path, query or credentials: lint flags it.
  if (sub.endpoint === value && redactEndpoint(value) !== value)
    literal?.push(formatPath([...path, 'endpoint']));
  const sha = fingerprintSecret(value);
  ctx.secrets.set(sha, value);
  return { protocol: sub.protocol, endpoint: redactEndpoint(value), endpointSha256: sha, ...extra };
}

/** Maps every valid topic. */
export function mapTopics(ctx: MapContext): DesiredResource<'sns.topic'>[] {
  const out: DesiredResource<'sns.topic'>[] = [];
  for (const [label, t] of Object.entries(ctx.spec.topics)) {
    const path: SpecPath = ['sns', 'topics', label];
    const name = awsName(label, t);
    if (!/^[A-Za-z0-9_-]{1,256}(\.fifo)?$/.test(name))
      ctx.issues.add(
        t.name ? [...path, 'name'] : path,
        expected('a topic name of letters, digits, - and _', name),
        !t.name,
      );
    const literalSecrets: string[] = [];
    const subscriptions = t.subscriptions?.map((s, i) =>
      mapSubscription(ctx, s, [...path, 'subscriptions', i], literalSecrets),
    );
    const attrs: SnsTopicAttrs = {
      region: t.region,
      ...defined({
        displayName: t.displayName,
        subscriptions: subscriptions
          ? sortBy(subscriptions, (s) => `${s.protocol}\u0000${s.endpoint}`)
          : undefined,
        kmsMasterKeyId: t.kmsMasterKeyId,
        tags: t.tags ? { ...t.tags } : undefined,
      }),
      ...(t.policy === null
        ? { policy: null }
        : t.policy
          ? { policy: mapPolicy(ctx, t.policy, [...path, 'policy']) }
          : {}),
    };
    const resource = makeResource(ctx, 'sns.topic', name, t.region, attrs, new Set(), t, path);
    out.push(literalSecrets.length > 0 ? { ...resource, literalSecrets } : resource);
  }
  return out;
}

/** EventBridge matches lists of values: every leaf of a pattern must be a list. */
function checkPattern(ctx: MapContext, pattern: Readonly<Record<string, unknown>>, path: SpecPath): void {
  for (const [key, v] of Object.entries(pattern)) {
    if (Array.isArray(v)) {
      if (v.length === 0)
        ctx.issues.add([...path, key], expectedGot('a non-empty list of values to match', 'an empty list'));
    } else if (v !== null && typeof v === 'object')
      checkPattern(ctx, v as Record<string, unknown>, [...path, key]);
    else
      ctx.issues.add(
        [...path, key],
        expected('a list of values to match (EventBridge patterns match lists)', v),
      );
  }
}

/** Maps every valid EventBridge rule. */
export function mapEventRules(ctx: MapContext): DesiredResource<'events.rule'>[] {
  const out: DesiredResource<'events.rule'>[] = [];
  for (const [label, r] of Object.entries(ctx.spec.rules)) {
    const path: SpecPath = ['events', 'rules', label];
    const name = awsName(label, r);
    if (!/^[.\-_A-Za-z0-9]{1,64}$/.test(name))
      ctx.issues.add(
        r.name ? [...path, 'name'] : path,
        expected('a rule name of 1-64 letters, digits, ., - or _', name),
        !r.name,
      );
    if (r.eventPattern === undefined && r.scheduleExpression === undefined)
      ctx.issues.add(path, expectedGot('an eventPattern or a scheduleExpression', 'neither'));
    if (r.eventPattern) checkPattern(ctx, r.eventPattern, [...path, 'eventPattern']);
    if (r.scheduleExpression !== undefined) {
      const bad = checkScheduleExpression(r.scheduleExpression);
      if (bad)
        ctx.issues.add(
          [...path, 'scheduleExpression'],
          expected(`a valid schedule: ${bad}`, r.scheduleExpression),
        );
    }
    const deps: Deps = new Set();
    let targets: EventsTarget[] | undefined;
    if (r.targets) {
      checkUnique(ctx, r.targets, (t) => String(t.id), [...path, 'targets'], 'id', 'target id');
      targets = r.targets.map((t, i) => {
        const tPath: SpecPath = [...path, 'targets', i];
        let arn = t.arn ?? '';
        if ((t.topic === undefined) === (t.arn === undefined))
          ctx.issues.add(
            tPath,
            expectedGot('exactly one of topic or arn', t.topic === undefined ? 'neither' : 'both'),
          );
        if (t.topic !== undefined) {
          const topic = resolveTopic(ctx, t.topic, [...tPath, 'topic'], deps, r.region);
          arn = topic.arn;
          if (topic.region && topic.region !== r.region)
            ctx.issues.add(
              [...tPath, 'topic'],
              expected(`a topic in the rule's region ${r.region}`, t.topic) + ` (it is in ${topic.region})`,
            );
        }
        return {
          id: String(t.id),
          arn,
          ...defined({
            roleArn: t.role !== undefined ? resolveRole(ctx, t.role, [...tPath, 'role'], deps) : undefined,
            input: t.input !== undefined ? canonicalText(t.input) : undefined,
          }),
        };
      });
      targets = sortBy(targets, (t) => t.id);
    }
    const attrs: EventsRuleAttrs = {
      region: r.region,
      ...defined({
        eventBusName: r.eventBusName,
        description: r.description,
        eventPattern: r.eventPattern
          ? canonicalEventPattern(r.eventPattern as Record<string, unknown>)
          : undefined,
        scheduleExpression: r.scheduleExpression,
        state: r.state,
        targets,
      }),
    };
    out.push(makeResource(ctx, 'events.rule', name, r.region, attrs, deps, r, path));
  }
  return out;
}

function mapActions(
  ctx: MapContext,
  alarm: AlarmInput,
  list: readonly string[] | undefined,
  path: SpecPath,
  deps: Deps,
) {
  if (!list) return undefined;
  const arns = list.map((ref, i) => {
    const topic = resolveTopic(ctx, ref, [...path, i], deps, alarm.region);
    if (topic.region && topic.region !== alarm.region)
      ctx.issues.add(
        [...path, i],
        expected(
          `a topic in the alarm's region ${alarm.region} (an alarm can only notify its own region)`,
          ref,
        ) + ` (it is in ${topic.region})`,
      );
    return topic.arn;
  });
  return [...new Set(arns)].sort();
}

function checkPeriod(ctx: MapContext, period: number | undefined, path: SpecPath): void {
  if (period === undefined) return;
  const bad = checkAlarmPeriod(period);
  if (bad) ctx.issues.add(path, expected(`a period that is 10, 20, 30 or a multiple of 60 seconds`, period));
}

function checkAlarm(ctx: MapContext, a: AlarmInput, path: SpecPath): void {
  if ((a.metric === undefined) === (a.metrics === undefined))
    ctx.issues.add(
      path,
      expectedGot('exactly one of metric or metrics', a.metric === undefined ? 'neither' : 'both'),
    );
  if (a.datapointsToAlarm !== undefined && a.datapointsToAlarm > a.evaluationPeriods)
    ctx.issues.add(
      [...path, 'datapointsToAlarm'],
      expected(`at most evaluationPeriods (${a.evaluationPeriods})`, a.datapointsToAlarm),
    );
  const band = BAND_OPERATORS.has(a.comparison);
  if (band && a.thresholdMetricId === undefined)
    ctx.issues.add(
      [...path, 'thresholdMetricId'],
      expected(`the id of an anomaly band expression (comparison ${a.comparison} needs one)`, undefined),
    );
  if (!band && a.threshold === undefined)
    ctx.issues.add(
      [...path, 'threshold'],
      expected(`a threshold (comparison ${a.comparison} needs one)`, undefined),
    );
  if (a.threshold !== undefined && a.thresholdMetricId !== undefined)
    ctx.issues.add(
      [...path, 'threshold'],
      expected('either threshold or thresholdMetricId, not both', a.threshold),
    );
  if (!band && a.thresholdMetricId !== undefined)
    ctx.issues.add(
      [...path, 'comparison'],
      expected(
        'an anomaly band comparison (LessThanLowerOrGreaterThanUpperThreshold, LessThanLowerThreshold or GreaterThanUpperThreshold) with thresholdMetricId',
        a.comparison,
      ),
    );
  if (a.metric) checkPeriod(ctx, a.metric.period, [...path, 'metric', 'period']);
  if (a.metrics) {
    checkUnique(ctx, a.metrics, (q) => q.id, [...path, 'metrics'], 'id', 'query id');
    a.metrics.forEach((q, i) => {
      if ((q.expression === undefined) === (q.metric === undefined))
        ctx.issues.add(
          [...path, 'metrics', i],
          expectedGot('exactly one of expression or metric', q.expression === undefined ? 'neither' : 'both'),
        );
      if (q.metric) checkPeriod(ctx, q.metric.period, [...path, 'metrics', i, 'metric', 'period']);
      checkPeriod(ctx, q.period, [...path, 'metrics', i, 'period']);
    });
    if (a.thresholdMetricId !== undefined) {
      const ids = a.metrics.filter((q) => q.expression !== undefined).map((q) => q.id);
      if (!ids.includes(a.thresholdMetricId))
        ctx.issues.add(
          [...path, 'thresholdMetricId'],
          expected(`the id of an expression in metrics (${ids.join(', ') || 'none'})`, a.thresholdMetricId),
        );
    }
  } else if (a.thresholdMetricId !== undefined) {
    ctx.issues.add(
      [...path, 'thresholdMetricId'],
      expectedGot('a metrics list holding that expression', 'no metrics'),
    );
  }
}

/** Maps every valid alarm. */
export function mapAlarms(ctx: MapContext): DesiredResource<'cloudwatch.alarm'>[] {
  const out: DesiredResource<'cloudwatch.alarm'>[] = [];
  for (const [label, a] of Object.entries(ctx.spec.alarms)) {
    const path: SpecPath = ['cloudwatch', 'alarms', label];
    const name = awsName(label, a);
    if (name.length > 255)
      ctx.issues.add(
        a.name ? [...path, 'name'] : path,
        expected('an alarm name of at most 255 characters', name),
        !a.name,
      );
    checkAlarm(ctx, a, path);
    const deps: Deps = new Set();
    const metrics = a.metrics?.map(
      (q): MetricDataQuery => ({
        id: q.id,
        returnData: q.returnData,
        ...defined({
          expression: q.expression,
          label: q.label,
          period: q.period,
          metricStat: q.metric
            ? {
                metric: {
                  namespace: q.metric.namespace,
                  name: q.metric.name,
                  dimensions: { ...q.metric.dimensions },
                },
                period: q.metric.period,
                stat: q.metric.statistic,
                ...defined({ unit: q.metric.unit }),
              }
            : undefined,
        }),
      }),
    );
    // Like Terraform's aws_cloudwatch_metric_alarm, the settings that decide whether anyone is told
    // are always managed, with AWS's defaults: actions enabled, no OK/insufficient-data actions unless
    // declared, "M of N" = N of N, missing data treated as missing. A console change to any of them
    // (e.g. actions disabled) is drift, not an unmanaged detail.
    const attrs: CloudWatchAlarmAttrs = {
      region: a.region,
      comparisonOperator: a.comparison,
      evaluationPeriods: a.evaluationPeriods,
      actionsEnabled: a.actionsEnabled ?? ALARM_DEFAULTS.actionsEnabled,
      alarmActions: mapActions(ctx, a, a.alarmActions, [...path, 'alarmActions'], deps) ?? [],
      okActions: mapActions(ctx, a, a.okActions, [...path, 'okActions'], deps) ?? [],
      insufficientDataActions:
        mapActions(ctx, a, a.insufficientDataActions, [...path, 'insufficientDataActions'], deps) ?? [],
      datapointsToAlarm: a.datapointsToAlarm ?? a.evaluationPeriods,
      treatMissingData: a.treatMissingData ?? ALARM_DEFAULTS.treatMissingData,
      ...defined({
        description: a.description,
        threshold: a.threshold,
        thresholdMetricId: a.thresholdMetricId,
        metric: a.metric
          ? {
              metric: {
                namespace: a.metric.namespace,
                name: a.metric.name,
                dimensions: { ...a.metric.dimensions },
              },
              period: a.metric.period,
              statistic: a.metric.statistic,
              ...defined({ unit: a.metric.unit }),
            }
          : undefined,
        metrics: metrics ? sortBy(metrics, (q) => q.id) : undefined,
      }),
    };
    out.push(makeResource(ctx, 'cloudwatch.alarm', name, a.region, attrs, deps, a, path));
  }
  return out;
}
