/**
 * `writeSpec`: normalised live attributes (what `--import` read) -> a backup-spec.yaml in the spec's
 * own style (see backup-spec.yaml and spec/README.md): camelCase keys, policies and event patterns as
 * YAML, references by name where the target is in the same spec, AWS defaults left out (the spec
 * loader fills them back in), stable ordering, a header saying when and from which account it was made.
 *
 * Secrets: the live side only holds the redacted form of http(s) subscription endpoints, and neither
 * that nor anything else secret is written: such an endpoint becomes `${env:SNS_<TOPIC>_<N>_ENDPOINT}`
 * with a comment asking the user to set the variable.
 *
 * What is left out (a value equal to the AWS default, which the loader either fills back in or leaves
 * unmanaged): lifecycle rule `enabled: true`, empty filters and transition lists, replication
 * `priority: 0`, `storageClass: STANDARD`, `false` flags; inventory `enabled: true`; role path `/`,
 * empty description, `maxSessionDuration: 3600`; backup rule timezone `Etc/UTC`, windows 480/10080,
 * `continuousBackup: false`, empty lifecycles; alarm `actionsEnabled: true`, `datapointsToAlarm` equal
 * to `evaluationPeriods`, `treatMissingData: missing`, `returnData: true`; rule bus `default`; empty
 * descriptions, display names, tag maps and lists; `null` (none) replication, Object Lock, vault lock
 * and topic policy (the AWS default policy). Pure: no SDK, no fs, no process.
 */
import { Document, isMap, isScalar, isSeq, type Node, type Pair, Scalar, type YAMLMap, YAMLSeq } from 'yaml';
import type {
  BackupLifecycle,
  BackupPlanAttrs,
  BackupRule,
  BackupSelectionAttrs,
  BackupVaultAttrs,
  CloudWatchAlarmAttrs,
  EventsRuleAttrs,
  IamRoleAttrs,
  InventoryConfig,
  LifecycleRule,
  MetricDataQuery,
  MetricRef,
  RdsInstanceAttrs,
  ReplicationRule,
  S3BucketAttrs,
  S3Filter,
  SnsTopicAttrs,
} from '../model/attrs.js';
import { KINDS } from '../model/kinds/index.js';
import type { PolicyDocument } from '../model/policy.js';
import {
  compareAddresses,
  parseAddress,
  type ResourceAddress,
  type ResourceKind,
} from '../model/resource.js';
import { redactText } from '../model/secrets.js';
import type { LiveState, Observation } from '../model/state.js';
import {
  assignLabels,
  buildReferenceIndex,
  endpointVariable,
  type IndexedResource,
  labelOf,
  type ReferenceIndex,
} from './labels.js';

/** What {@link writeSpec} needs. */
export interface WriteSpecInput {
  /**
   * What was read: one observation per imported address. `present` ones are written, `unreadable`
   * ones are listed in a comment; `absent` ones are ignored.
   */
  readonly live: LiveState;
  /** The spec's `defaultRegion`. */
  readonly defaultRegion: string;
  /** The `$schema` reference for editors. Default `./spec/backup-spec.schema.json`. */
  readonly schemaRef?: string;
  /** Extra lines for the "not imported" comment (e.g. selections that could not be listed). */
  readonly notes?: readonly string[];
}

/** A secret-bearing endpoint written as an environment variable placeholder. */
export interface EndpointPlaceholder {
  /** The variable the user must set, e.g. `SNS_ALERTS_1_ENDPOINT`. */
  readonly variable: string;
  /** The topic's address. */
  readonly topic: ResourceAddress;
  readonly protocol: string;
  /** Host of the endpoint (not secret), to tell subscriptions apart; undefined when unknown. */
  readonly host?: string;
}

/** A resource that was read but is not in the written spec, and why. */
export interface SkippedResource {
  readonly address: ResourceAddress;
  readonly reason: string;
}

/** The written spec and what it holds. */
export interface WrittenSpec {
  /** The YAML text. */
  readonly text: string;
  /** Resources written, per kind (kinds with none are absent). */
  readonly counts: Readonly<Partial<Record<ResourceKind, number>>>;
  /** Unreadable resources, and present ones that could not be expressed; sorted by address. */
  readonly skipped: readonly SkippedResource[];
  /** Secret endpoints written as `${env:NAME}`, in document order. */
  readonly placeholders: readonly EndpointPlaceholder[];
}

type Path = readonly (string | number)[];
type Plain = Record<string, unknown>;

interface Annotation {
  readonly path: Path;
  /** Comment lines above the entry. */
  readonly before?: string;
  /** Comment at the end of the entry's line. */
  readonly inline?: string;
}

interface Present<K extends ResourceKind = ResourceKind> {
  readonly address: ResourceAddress;
  readonly kind: K;
  readonly name: string;
  readonly region: string | null;
  readonly attrs: Observation<K> extends infer O
    ? O extends { status: 'present'; attrs: infer A }
      ? A
      : never
    : never;
}

/** Mutable state of one writing run. */
interface Writer {
  readonly account: string;
  readonly labels: ReadonlyMap<string, string>;
  readonly refs: ReferenceIndex;
  readonly notes: Annotation[];
  readonly placeholders: EndpointPlaceholder[];
  readonly skipped: SkippedResource[];
}

const DEFAULT_SCHEMA_REF = './spec/backup-spec.schema.json';

/** AWS defaults (src/model/kinds): written values equal to them are left out, the loader fills them in. */
const ROLE_DEFAULTS = KINDS['iam.role'].defaults;
const RULE_DEFAULTS = KINDS['backup.plan'].defaults.rule;
const ALARM_DEFAULTS = KINDS['cloudwatch.alarm'].defaults;
const REPLICATION_DEFAULTS = KINDS['s3.bucket'].defaults.replicationRule;
const EVENTS_DEFAULTS = KINDS['events.rule'].defaults;

/** `value`, or undefined when it is the AWS default (so the written spec leaves it out). */
function unlessDefault<T>(value: T | undefined, awsDefault: T): T | undefined {
  return value === awsDefault ? undefined : value;
}

function nonEmpty<T>(list: readonly T[] | undefined): list is readonly T[] {
  return list !== undefined && list.length > 0;
}

function hasKeys(obj: Readonly<Record<string, unknown>> | undefined | null): obj is Readonly<Plain> {
  return obj !== undefined && obj !== null && Object.keys(obj).length > 0;
}

/** Builds an object from entries, leaving out undefined values (in the given key order). */
function obj(entries: readonly (readonly [string, unknown])[]): Plain {
  const out: Plain = {};
  for (const [k, v] of entries) if (v !== undefined) out[k] = v;
  return out;
}

function sortedTags(tags: Readonly<Record<string, string>> | undefined): Plain | undefined {
  if (!hasKeys(tags)) return undefined;
  return obj(
    Object.keys(tags)
      .sort()
      .map((k) => [k, tags[k]] as const),
  );
}

function byKey<T>(list: readonly T[], key: (t: T) => string): T[] {
  return [...list].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}

// ------------------------------------------------------------------------------------ references

function roleRef(w: Writer, arn: string): string {
  return w.refs.roles.get(arn) ?? arn;
}

function bucketRef(w: Writer, arn: string): string {
  return w.refs.buckets.get(arn) ?? arn;
}

/** A topic label when the topic is imported and in `region` (the loader requires that), else the ARN. */
function topicRef(w: Writer, arn: string, region: string): string {
  const t = w.refs.topics.get(arn);
  return t && t.region === region ? t.label : arn;
}

// -------------------------------------------------------------------------------------- policies

const STATEMENT_KEYS = [
  'Sid',
  'Effect',
  'Principal',
  'NotPrincipal',
  'Action',
  'NotAction',
  'Resource',
  'NotResource',
  'Condition',
] as const;
const LIST_KEYS = new Set(['Action', 'NotAction', 'Resource', 'NotResource']);

/** A one-element list reads better as its element; the loader canonicalises both the same. */
function unwrap(v: unknown): unknown {
  return Array.isArray(v) && v.length === 1 ? v[0] : v;
}

function unwrapValues(v: unknown): unknown {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return v;
  return obj(Object.entries(v as Plain).map(([k, x]) => [k, unwrap(x)] as const));
}

/** A canonical policy as YAML: AWS's key order (Sid, Effect, Principal, Action, Resource, Condition). */
function policyYaml(doc: PolicyDocument): Plain {
  const statements = doc.Statement.map((s) => {
    const known = STATEMENT_KEYS.filter((k) => s[k] !== undefined).map((k) => {
      const v = s[k];
      if (LIST_KEYS.has(k)) return [k, unwrap(v)] as const;
      if (k === 'Principal' || k === 'NotPrincipal') return [k, unwrapValues(v)] as const;
      if (k === 'Condition' && v && typeof v === 'object')
        return [
          k,
          obj(Object.entries(v as Plain).map(([op, block]) => [op, unwrapValues(block)] as const)),
        ] as const;
      return [k, v] as const;
    });
    const rest = Object.keys(s)
      .filter((k) => !(STATEMENT_KEYS as readonly string[]).includes(k))
      .map((k) => [k, s[k]] as const);
    return obj([...known, ...rest]);
  });
  return obj([
    ['Version', doc.Version],
    ['Id', doc.Id],
    ['Statement', statements],
  ]);
}

// -------------------------------------------------------------------------------------------- S3

function filterYaml(f: S3Filter): Plain | undefined {
  const out = obj([
    ['prefix', f.prefix],
    ['tags', sortedTags(f.tags)],
    ['objectSizeGreaterThan', f.objectSizeGreaterThan],
    ['objectSizeLessThan', f.objectSizeLessThan],
  ]);
  return hasKeys(out) ? out : undefined;
}

function lifecycleRuleYaml(r: LifecycleRule): Plain {
  return obj([
    ['id', r.id],
    ['enabled', r.enabled ? undefined : false],
    ['filter', filterYaml(r.filter)],
    [
      'expiration',
      r.expiration
        ? obj([
            ['days', r.expiration.days],
            ['date', r.expiration.date],
            ['expiredObjectDeleteMarker', r.expiration.expiredObjectDeleteMarker],
          ])
        : undefined,
    ],
    [
      'noncurrentVersionExpiration',
      r.noncurrentVersionExpiration
        ? obj([
            ['noncurrentDays', r.noncurrentVersionExpiration.noncurrentDays],
            ['newerNoncurrentVersions', r.noncurrentVersionExpiration.newerNoncurrentVersions],
          ])
        : undefined,
    ],
    ['transitions', nonEmpty(r.transitions) ? r.transitions.map((t) => ({ ...t })) : undefined],
    [
      'noncurrentVersionTransitions',
      nonEmpty(r.noncurrentVersionTransitions)
        ? r.noncurrentVersionTransitions.map((t) =>
            obj([
              ['noncurrentDays', t.noncurrentDays],
              ['storageClass', t.storageClass],
              ['newerNoncurrentVersions', t.newerNoncurrentVersions],
            ]),
          )
        : undefined,
    ],
    ['abortIncompleteMultipartUploadDays', r.abortIncompleteMultipartUploadDays],
  ]);
}

function replicationRuleYaml(w: Writer, r: ReplicationRule): Plain {
  return obj([
    ['id', r.id],
    ['priority', unlessDefault(r.priority, REPLICATION_DEFAULTS.priority)],
    ['enabled', r.enabled ? undefined : false],
    [
      'filter',
      filterYaml({
        ...(r.filter.prefix ? { prefix: r.filter.prefix } : {}),
        ...(r.filter.tags ? { tags: r.filter.tags } : {}),
      }),
    ],
    [
      'destination',
      obj([
        ['bucket', bucketRef(w, r.destination.bucket)],
        ['storageClass', unlessDefault(r.destination.storageClass, REPLICATION_DEFAULTS.storageClass)],
        ['account', r.destination.account],
        ['replicaKmsKeyId', r.destination.replicaKmsKeyId],
      ]),
    ],
    [
      'sourceSelectionCriteria',
      r.sourceSelectionCriteria
        ? obj([
            ['sseKmsEncryptedObjects', r.sourceSelectionCriteria.sseKmsEncryptedObjects || undefined],
            ['replicaModifications', r.sourceSelectionCriteria.replicaModifications || undefined],
          ])
        : undefined,
    ],
    ['metrics', r.metrics || undefined],
    ['replicationTime', r.replicationTime || undefined],
    ['deleteMarkerReplication', r.deleteMarkerReplication || undefined],
    ['existingObjectReplication', r.existingObjectReplication || undefined],
  ]);
}

function inventoryYaml(w: Writer, c: InventoryConfig): Plain {
  return obj([
    ['id', c.id],
    ['enabled', c.enabled ? undefined : false],
    [
      'destination',
      obj([
        ['bucket', bucketRef(w, c.destination.bucket)],
        ['accountId', c.destination.accountId],
        ['format', c.destination.format],
        ['prefix', c.destination.prefix],
      ]),
    ],
    ['includedObjectVersions', c.includedObjectVersions],
    ['frequency', c.frequency],
    ['optionalFields', nonEmpty(c.optionalFields) ? [...c.optionalFields] : undefined],
    ['filterPrefix', c.filterPrefix],
  ]);
}

function bucketYaml(w: Writer, a: S3BucketAttrs, path: Path): Plain {
  if (a.objectLock && !a.objectLock.defaultRetention)
    w.notes.push({ path: [...path, 'objectLock'], inline: ' enabled, without a default retention' });
  return obj([
    ['region', a.region],
    ['versioning', a.versioning],
    ['lifecycle', nonEmpty(a.lifecycle) ? a.lifecycle.map(lifecycleRuleYaml) : undefined],
    [
      'replication',
      a.replication
        ? obj([
            ['role', roleRef(w, a.replication.role)],
            ['rules', a.replication.rules.map((r) => replicationRuleYaml(w, r))],
          ])
        : undefined,
    ],
    [
      'objectLock',
      a.objectLock
        ? a.objectLock.defaultRetention
          ? {
              defaultRetention: obj([
                ['mode', a.objectLock.defaultRetention.mode],
                ['days', a.objectLock.defaultRetention.days],
                ['years', a.objectLock.defaultRetention.years],
              ]),
            }
          : {}
        : undefined,
    ],
    ['inventory', nonEmpty(a.inventory) ? a.inventory.map((c) => inventoryYaml(w, c)) : undefined],
    ['policy', a.policy ? policyYaml(a.policy) : undefined],
    ['tags', sortedTags(a.tags)],
  ]);
}

// ------------------------------------------------------------------------------------- IAM / RDS

function roleYaml(a: IamRoleAttrs): Plain {
  return obj([
    ['path', a.path ? unlessDefault(a.path, ROLE_DEFAULTS.path) : undefined],
    ['description', a.description ? a.description : undefined],
    [
      'trustPolicy',
      a.assumeRolePolicy && nonEmpty(a.assumeRolePolicy.Statement)
        ? policyYaml(a.assumeRolePolicy)
        : undefined,
    ],
    [
      'inlinePolicies',
      hasKeys(a.inlinePolicies)
        ? obj(
            Object.keys(a.inlinePolicies)
              .sort()
              .map((k) => [k, policyYaml(a.inlinePolicies?.[k] as PolicyDocument)] as const),
          )
        : undefined,
    ],
    ['managedPolicyArns', nonEmpty(a.managedPolicyArns) ? [...a.managedPolicyArns].sort() : undefined],
    ['maxSessionDuration', unlessDefault(a.maxSessionDuration, ROLE_DEFAULTS.maxSessionDuration)],
    ['tags', sortedTags(a.tags)],
  ]);
}

function dbInstanceYaml(w: Writer, a: RdsInstanceAttrs, path: Path): Plain {
  const about = [
    a.engine ? `${a.engine}${a.engineVersion ? ` ${a.engineVersion}` : ''}` : undefined,
    a.preferredMaintenanceWindow ? `maintenance window ${a.preferredMaintenanceWindow} UTC` : undefined,
  ].filter((s): s is string => s !== undefined);
  if (about.length > 0) w.notes.push({ path, inline: ` ${about.join('; ')}` });
  return obj([
    ['region', a.region],
    ['backupRetentionDays', a.backupRetentionPeriod],
    ['preferredBackupWindow', a.preferredBackupWindow ? a.preferredBackupWindow : undefined],
    ['copyTagsToSnapshot', a.copyTagsToSnapshot],
  ]);
}

// ---------------------------------------------------------------------------------------- Backup

function backupLifecycleYaml(l: BackupLifecycle): Plain | undefined {
  const out = obj([
    ['moveToColdStorageAfterDays', l.moveToColdStorageAfterDays],
    ['deleteAfterDays', l.deleteAfterDays],
    ['optInToArchiveForSupportedResources', l.optInToArchiveForSupportedResources || undefined],
  ]);
  return hasKeys(out) ? out : undefined;
}

function vaultYaml(a: BackupVaultAttrs, name: string, label: string): Plain {
  return obj([
    ['name', label === name ? undefined : name],
    ['region', a.region],
    ['encryptionKeyArn', a.encryptionKeyArn],
    [
      'lock',
      a.lock
        ? obj([
            ['minRetentionDays', a.lock.minRetentionDays],
            ['maxRetentionDays', a.lock.maxRetentionDays],
          ])
        : undefined,
    ],
    ['tags', sortedTags(a.tags)],
  ]);
}

function copyVaultRef(w: Writer, arn: string): string {
  return w.refs.vaultsByArn.get(arn) ?? arn;
}

function ruleYaml(w: Writer, plan: BackupPlanAttrs, r: BackupRule, path: Path): Plain {
  const lifecycle = backupLifecycleYaml(r.lifecycle);
  if (!lifecycle)
    w.notes.push({ path: [...path, 'name'], before: ' no lifecycle: recovery points are kept forever' });
  return obj([
    ['name', r.name],
    ['vault', w.refs.vaultsByName.get(`${plan.region}\u0000${r.targetVault}`) ?? r.targetVault],
    ['schedule', r.schedule],
    ['scheduleTimezone', unlessDefault(r.scheduleTimezone, RULE_DEFAULTS.scheduleTimezone)],
    ['startWindowMinutes', unlessDefault(r.startWindowMinutes, RULE_DEFAULTS.startWindowMinutes)],
    [
      'completionWindowMinutes',
      unlessDefault(r.completionWindowMinutes, RULE_DEFAULTS.completionWindowMinutes),
    ],
    ['continuousBackup', unlessDefault(r.enableContinuousBackup, RULE_DEFAULTS.enableContinuousBackup)],
    ['lifecycle', lifecycle],
    [
      'copyTo',
      nonEmpty(r.copyActions)
        ? r.copyActions.map((c, i) => {
            const cl = backupLifecycleYaml(c.lifecycle);
            if (!cl)
              w.notes.push({
                path: [...path, 'copyTo', i, 'vault'],
                inline: ' no lifecycle: copies are kept forever',
              });
            return obj([
              ['vault', copyVaultRef(w, c.destinationVaultArn)],
              ['lifecycle', cl],
            ]);
          })
        : undefined,
    ],
    ['recoveryPointTags', sortedTags(r.recoveryPointTags)],
  ]);
}

function selectionResourceRef(w: Writer, arn: string): unknown {
  const db = w.refs.dbInstances.get(arn);
  if (db !== undefined) return { rdsInstance: db };
  const bucket = w.refs.buckets.get(arn);
  if (bucket !== undefined) return { bucket };
  return arn;
}

function selectionYaml(w: Writer, s: BackupSelectionAttrs): Plain {
  const list = (arns: readonly string[] | undefined) =>
    nonEmpty(arns) ? arns.map((a) => selectionResourceRef(w, a)) : undefined;
  return obj([
    ['role', s.iamRoleArn ? roleRef(w, s.iamRoleArn) : undefined],
    ['resources', list(s.resources)],
    ['notResources', list(s.notResources)],
    [
      'tagConditions',
      nonEmpty(s.tagConditions) ? s.tagConditions.map((t) => ({ key: t.key, value: t.value })) : undefined,
    ],
  ]);
}

// ---------------------------------------------------------------------------------- Monitoring

function hostOf(endpoint: string): string | undefined {
  try {
    return new URL(endpoint).host || undefined;
  } catch {
    return undefined;
  }
}

function topicYaml(w: Writer, p: Present<'sns.topic'>, label: string, path: Path): Plain {
  const a: SnsTopicAttrs = p.attrs;
  let n = 0;
  const subscriptions = (a.subscriptions ?? []).map((s, i) => {
    let endpoint = s.endpoint;
    if (s.protocol === 'http' || s.protocol === 'https') {
      n++;
      const variable = endpointVariable(label, n);
      const host = hostOf(s.endpoint);
      endpoint = `\${env:${variable}}`;
      w.placeholders.push({ variable, topic: p.address, protocol: s.protocol, ...(host ? { host } : {}) });
      w.notes.push({
        path: [...path, 'subscriptions', i, 'endpoint'],
        inline: ` secret: set ${variable} to this subscription's URL${host ? ` (on ${host})` : ''}; AWS never returns it`,
      });
    } else if (s.pending) {
      w.notes.push({ path: [...path, 'subscriptions', i, 'endpoint'], inline: ' pending confirmation' });
    }
    return obj([
      ['protocol', s.protocol],
      ['endpoint', endpoint],
      ['rawMessageDelivery', s.rawMessageDelivery || undefined],
    ]);
  });
  return obj([
    ['name', label === p.name ? undefined : p.name],
    ['region', a.region],
    ['displayName', a.displayName ? a.displayName : undefined],
    ['policy', a.policy ? policyYaml(a.policy) : undefined],
    ['subscriptions', nonEmpty(subscriptions) ? subscriptions : undefined],
    ['kmsMasterKeyId', a.kmsMasterKeyId],
    ['tags', sortedTags(a.tags)],
  ]);
}

function targetInput(input: string): unknown {
  try {
    return JSON.parse(input) as unknown;
  } catch {
    return input;
  }
}

/** The usual reading order of an event pattern: source, detail-type, detail, then the rest. */
function patternYaml(pattern: Readonly<Plain>): Plain {
  const first = ['source', 'detail-type', 'detail'].filter((k) => k in pattern);
  const rest = Object.keys(pattern).filter((k) => !first.includes(k));
  return obj([...first, ...rest].map((k) => [k, pattern[k]] as const));
}

function eventRuleYaml(w: Writer, p: Present<'events.rule'>, label: string): Plain {
  const a: EventsRuleAttrs = p.attrs;
  return obj([
    ['name', label === p.name ? undefined : p.name],
    ['region', a.region],
    [
      'eventBusName',
      a.eventBusName ? unlessDefault(a.eventBusName, EVENTS_DEFAULTS.eventBusName) : undefined,
    ],
    ['description', a.description ? a.description : undefined],
    ['eventPattern', a.eventPattern ? patternYaml(a.eventPattern) : undefined],
    ['scheduleExpression', a.scheduleExpression],
    ['state', a.state],
    [
      'targets',
      nonEmpty(a.targets)
        ? a.targets.map((t) => {
            const topic = topicRef(w, t.arn, a.region);
            return obj([
              ['id', t.id],
              topic === t.arn ? ['arn', t.arn] : ['topic', topic],
              ['role', t.roleArn ? roleRef(w, t.roleArn) : undefined],
              ['input', t.input !== undefined ? targetInput(t.input) : undefined],
            ]);
          })
        : undefined,
    ],
  ]);
}

function metricYaml(m: MetricRef, period: number, statistic: string, unit: string | undefined): Plain {
  return obj([
    ['namespace', m.namespace],
    ['name', m.name],
    ['dimensions', hasKeys(m.dimensions) ? { ...m.dimensions } : undefined],
    ['period', period],
    ['statistic', statistic],
    ['unit', unit],
  ]);
}

function queryYaml(q: MetricDataQuery): Plain {
  return obj([
    ['id', q.id],
    ['expression', q.expression],
    [
      'metric',
      q.metricStat
        ? metricYaml(q.metricStat.metric, q.metricStat.period, q.metricStat.stat, q.metricStat.unit)
        : undefined,
    ],
    ['label', q.label],
    ['returnData', unlessDefault(q.returnData, ALARM_DEFAULTS.query.returnData)],
    ['period', q.period],
  ]);
}

function alarmYaml(w: Writer, p: Present<'cloudwatch.alarm'>, label: string): Plain {
  const a: CloudWatchAlarmAttrs = p.attrs;
  const actions = (list: readonly string[] | undefined) =>
    nonEmpty(list) ? list.map((arn) => topicRef(w, arn, a.region)) : undefined;
  return obj([
    ['name', label === p.name ? undefined : p.name],
    ['region', a.region],
    ['description', a.description ? a.description : undefined],
    ['actionsEnabled', unlessDefault(a.actionsEnabled, ALARM_DEFAULTS.actionsEnabled)],
    [
      'metric',
      a.metric ? metricYaml(a.metric.metric, a.metric.period, a.metric.statistic, a.metric.unit) : undefined,
    ],
    ['metrics', nonEmpty(a.metrics) ? a.metrics.map(queryYaml) : undefined],
    ['comparison', a.comparisonOperator],
    ['threshold', a.threshold],
    ['thresholdMetricId', a.thresholdMetricId],
    ['evaluationPeriods', a.evaluationPeriods],
    [
      'datapointsToAlarm',
      a.datapointsToAlarm !== undefined && a.datapointsToAlarm !== a.evaluationPeriods
        ? a.datapointsToAlarm
        : undefined,
    ],
    ['treatMissingData', unlessDefault(a.treatMissingData, ALARM_DEFAULTS.treatMissingData)],
    ['alarmActions', actions(a.alarmActions)],
    ['okActions', actions(a.okActions)],
    ['insufficientDataActions', actions(a.insufficientDataActions)],
  ]);
}

// ------------------------------------------------------------------------------------ rendering

const FLOW_MAP_KEYS = new Set(['Principal', 'NotPrincipal', 'dimensions', 'defaultRetention']);
const MAX_FLOW = 100;

function scalarOnly(node: unknown): boolean {
  return isScalar(node);
}

function flowWidth(value: unknown): number {
  return JSON.stringify(value)?.length ?? 0;
}

/** Short lists of scalars and small fixed mappings (principals, dimensions, condition blocks) in flow style. */
function applyFlow(node: unknown, parentKey: string | undefined, grandKey: string | undefined): void {
  if (isSeq(node)) {
    if (node.items.length > 0 && node.items.every(scalarOnly) && flowWidth(node.toJSON()) <= MAX_FLOW)
      node.flow = true;
    for (const item of node.items) applyFlow(item, undefined, parentKey);
    return;
  }
  if (isMap(node)) {
    const small = (parentKey !== undefined && FLOW_MAP_KEYS.has(parentKey)) || grandKey === 'Condition';
    if (
      small &&
      node.items.every((p) => isScalar(p.value) || (isSeq(p.value) && p.value.items.every(scalarOnly))) &&
      flowWidth(node.toJSON()) <= MAX_FLOW
    ) {
      node.flow = true;
      for (const p of node.items) if (isSeq(p.value)) p.value.flow = true;
      return;
    }
    for (const p of node.items) {
      const key = isScalar(p.key) ? String(p.key.value) : String(p.key);
      if (key === 'Version' && isScalar(p.value)) p.value.type = Scalar.QUOTE_DOUBLE;
      applyFlow(p.value, key, parentKey);
    }
  }
}

function keyNode(pair: Pair): Scalar {
  if (!isScalar(pair.key)) pair.key = new Scalar(pair.key);
  return pair.key as Scalar;
}

function findPair(map: YAMLMap, key: string): Pair | undefined {
  return map.items.find((p) => (isScalar(p.key) ? String(p.key.value) : String(p.key)) === key) as
    | Pair
    | undefined;
}

function annotate(doc: Document, a: Annotation): void {
  const parent = doc.getIn(a.path.slice(0, -1), true) as unknown;
  const last = a.path[a.path.length - 1];
  if (isMap(parent) && typeof last === 'string') {
    const pair = findPair(parent, last);
    if (!pair) return;
    const key = keyNode(pair);
    if (a.before) key.commentBefore = a.before;
    if (a.inline) {
      if (isScalar(pair.value)) pair.value.comment = a.inline;
      else key.comment = a.inline;
    }
  } else if (isSeq(parent) && typeof last === 'number') {
    const item = parent.items[last] as Node | undefined;
    if (!item) return;
    if (a.before) item.commentBefore = a.before;
    if (a.inline) item.comment = a.inline;
  }
}

/** A blank line before each top-level section and between resources of a collection. */
function applySpacing(doc: Document): void {
  if (!isMap(doc.contents)) return;
  for (const section of doc.contents.items) {
    const key = isScalar(section.key) ? String(section.key.value) : String(section.key);
    if (['version', 'account', 'defaultRegion', 'regions'].includes(key)) continue;
    keyNode(section as Pair).spaceBefore = true;
    if (!isMap(section.value)) continue;
    section.value.items.forEach((collection, i) => {
      if (i > 0) keyNode(collection as Pair).spaceBefore = true;
    });
    for (const collection of section.value.items) {
      if (!isMap(collection.value)) continue;
      collection.value.items.forEach((resource, i) => {
        if (i > 0) keyNode(resource as Pair).spaceBefore = true;
      });
    }
  }
}

// ------------------------------------------------------------------------------------------ main

function presentOf(live: LiveState): Present[] {
  const out: Present[] = [];
  for (const address of Object.keys(live.resources).sort(compareAddresses)) {
    const obs = live.resources[address];
    if (obs?.status !== 'present') continue;
    const parsed = parseAddress(address);
    if (!parsed) continue;
    const { kind, name, region } = parsed;
    out.push({ address, kind, name, region, attrs: obs.attrs } as Present);
  }
  return out;
}

function indexed(p: Present): IndexedResource {
  // Where it lives: the address's region, or (S3 buckets) the region attribute of a global kind.
  const region = p.region ?? (p.attrs as { readonly region?: string }).region ?? null;
  return {
    kind: p.kind,
    name: p.name,
    region,
    ...(p.kind === 'iam.role' ? { rolePath: (p.attrs as IamRoleAttrs).path ?? ROLE_DEFAULTS.path } : {}),
  };
}

function of<K extends ResourceKind>(list: readonly Present[], kind: K): Present<K>[] {
  return list.filter((p): p is Present<K> => p.kind === kind);
}

function collection<K extends ResourceKind>(
  list: readonly Present<K>[],
  basePath: Path,
  labelFor: (p: Present<K>) => string,
  render: (p: Present<K>, label: string, path: Path) => Plain,
): Plain | undefined {
  if (list.length === 0) return undefined;
  const entries = byKey(
    list.map((p) => [labelFor(p), p] as const),
    ([label]) => label,
  );
  return obj(entries.map(([label, p]) => [label, render(p, label, [...basePath, label])] as const));
}

function headerComment(input: WriteSpecInput, w: Writer): string {
  const { live } = input;
  const source =
    live.source.endpoint !== undefined
      ? ` through the endpoint ${redactText(live.source.endpoint)} (not AWS itself)`
      : '';
  const lines = [
    ` yaml-language-server: $schema=${input.schemaRef ?? DEFAULT_SCHEMA_REF}`,
    '',
    ` Imported by \`reconcile --import\` at ${live.capturedAt} from AWS account ${live.account}${source}.`,
    ' What runs today, as found: AWS defaults are left out (the spec loader fills them back in) and',
    ' references use names where the target is in this file. Review it, then `reconcile --plan` should',
    ' show no changes. Field reference: spec/README.md.',
  ];
  if (w.placeholders.length > 0) {
    lines.push(
      '',
      ' Secrets: AWS never returns http(s) subscription endpoints in clear. Set these variables to the',
      ' endpoints before --plan/--apply (until then those subscriptions show as changes):',
      ...w.placeholders.map(
        (p) => `   ${p.variable}: ${p.protocol} subscription of ${p.topic}${p.host ? ` (on ${p.host})` : ''}`,
      ),
    );
  }
  const skipped = [...w.skipped.map((s) => `${s.address}: ${s.reason}`), ...(input.notes ?? [])];
  if (skipped.length > 0) {
    lines.push(
      '',
      ' Not imported (declare them by hand, or import again once they can be read):',
      ...skipped.map((s) => `   ${redactText(s).replace(/\s*\n\s*/g, ' ')}`),
    );
  }
  return lines.join('\n');
}

/**
 * Writes the imported live state as a spec. Deterministic: the same input gives the same text.
 * Only `present` observations are written; every reference to another written resource is by name.
 */
export function writeSpec(input: WriteSpecInput): WrittenSpec {
  const { live } = input;
  const all = presentOf(live);
  const refsIn = all.map(indexed);
  const labels = assignLabels(refsIn);
  const w: Writer = {
    account: live.account,
    labels,
    refs: buildReferenceIndex(live.account, refsIn, labels),
    notes: [],
    placeholders: [],
    skipped: [],
  };
  for (const [address, obs] of Object.entries(live.resources))
    if (obs.status === 'unreadable') w.skipped.push({ address, reason: obs.reason });

  const label = (p: Present) => labelOf(labels, p.kind, p.region, p.name);

  // A plan whose target vault is not in the spec cannot be written (the loader needs the vault).
  const vaultLabels = new Set(of(all, 'backup.vault').map((v) => `${v.region}\u0000${v.name}`));
  const plans = of(all, 'backup.plan').filter((p) => {
    const missing = (p.attrs.rules ?? []).find((r) => !vaultLabels.has(`${p.region}\u0000${r.targetVault}`));
    if (missing)
      w.skipped.push({
        address: p.address,
        reason: `its rule ${missing.name} targets the vault ${missing.targetVault}, which could not be imported`,
      });
    return !missing;
  });
  const writtenPlans = new Set(plans.map((p) => `${p.region}\u0000${p.name}`));
  const selectionsByPlan = new Map<string, Present<'backup.selection'>[]>();
  for (const s of of(all, 'backup.selection')) {
    const planKey = `${s.region}\u0000${s.attrs.plan}`;
    if (!writtenPlans.has(planKey)) {
      w.skipped.push({ address: s.address, reason: `its plan ${s.attrs.plan} is not in the imported spec` });
      continue;
    }
    selectionsByPlan.set(planKey, [...(selectionsByPlan.get(planKey) ?? []), s]);
  }

  const counts: Partial<Record<ResourceKind, number>> = {};
  const count = (kind: ResourceKind, n: number) => {
    if (n > 0) counts[kind] = (counts[kind] ?? 0) + n;
  };
  const buckets = of(all, 's3.bucket');
  const roles = of(all, 'iam.role');
  const dbs = of(all, 'rds.instance');
  const vaults = of(all, 'backup.vault');
  const topics = of(all, 'sns.topic');
  const rules = of(all, 'events.rule');
  const alarms = of(all, 'cloudwatch.alarm');
  count('s3.bucket', buckets.length);
  count('iam.role', roles.length);
  count('rds.instance', dbs.length);
  count('backup.vault', vaults.length);
  count('backup.plan', plans.length);
  count(
    'backup.selection',
    [...selectionsByPlan.values()].reduce((n, l) => n + l.length, 0),
  );
  count('sns.topic', topics.length);
  count('events.rule', rules.length);
  count('cloudwatch.alarm', alarms.length);

  const s3 = collection(
    buckets,
    ['s3', 'buckets'],
    (p) => p.name,
    (p, _l, path) => bucketYaml(w, p.attrs, path),
  );
  const iam = collection(
    roles,
    ['iam', 'roles'],
    (p) => p.name,
    (p) => roleYaml(p.attrs),
  );
  const rds = collection(
    dbs,
    ['rds', 'instances'],
    (p) => p.name,
    (p, _l, path) => dbInstanceYaml(w, p.attrs, path),
  );
  const vaultMap = collection(vaults, ['backup', 'vaults'], label, (p, l) => vaultYaml(p.attrs, p.name, l));
  const planMap = collection(plans, ['backup', 'plans'], label, (p, l, path) => {
    const sels = byKey(
      selectionsByPlan.get(`${p.region}\u0000${p.name}`) ?? [],
      (s) => s.attrs.selectionName,
    );
    return obj([
      ['name', l === p.name ? undefined : p.name],
      ['region', p.attrs.region],
      ['rules', (p.attrs.rules ?? []).map((r, i) => ruleYaml(w, p.attrs, r, [...path, 'rules', i]))],
      [
        'selections',
        sels.length > 0
          ? obj(sels.map((s) => [s.attrs.selectionName, selectionYaml(w, s.attrs)] as const))
          : undefined,
      ],
      ['tags', sortedTags(p.attrs.tags)],
    ]);
  });
  const sns = collection(topics, ['sns', 'topics'], label, (p, l, path) => topicYaml(w, p, l, path));
  const events = collection(rules, ['events', 'rules'], label, (p, l) => eventRuleYaml(w, p, l));
  const cloudwatch = collection(alarms, ['cloudwatch', 'alarms'], label, (p, l) => alarmYaml(w, p, l));

  // Regions of what is written: the default region first, then the others sorted.
  const used = new Set<string>();
  for (const p of [...buckets, ...dbs, ...vaults, ...plans, ...topics, ...rules, ...alarms]) {
    const r = indexed(p).region;
    if (r) used.add(r);
  }
  used.delete(input.defaultRegion);
  const regionList = [input.defaultRegion, ...[...used].sort()];
  const data = obj([
    ['version', 1],
    ['account', live.account],
    ['defaultRegion', input.defaultRegion],
    ['regions', regionList],
    ['s3', s3 ? { buckets: s3 } : undefined],
    ['iam', iam ? { roles: iam } : undefined],
    ['rds', rds ? { instances: rds } : undefined],
    [
      'backup',
      vaultMap || planMap
        ? obj([
            ['vaults', vaultMap],
            ['plans', planMap],
          ])
        : undefined,
    ],
    ['sns', sns ? { topics: sns } : undefined],
    ['events', events ? { rules: events } : undefined],
    ['cloudwatch', cloudwatch ? { alarms: cloudwatch } : undefined],
  ]);

  w.skipped.sort((a, b) => compareAddresses(a.address, b.address));
  const doc = new Document(data);
  applyFlow(doc.contents, undefined, undefined);
  const regionsNode = doc.get('regions', true);
  if (regionsNode instanceof YAMLSeq) regionsNode.flow = true;
  applySpacing(doc);
  for (const note of w.notes) annotate(doc, note);
  const header = headerComment(input, w)
    .split('\n')
    .map((line) => `#${line}`)
    .join('\n');
  const text = `${header}\n${doc.toString({ lineWidth: 0, flowCollectionPadding: false })}`;
  return { text, counts, skipped: w.skipped, placeholders: w.placeholders };
}
