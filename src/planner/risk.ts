/**
 * Risk of one change, in words. Each rule looks at the managed before (live, projected) and after
 * (desired) attributes and says what could be lost; the change's risk is the worst of its notes
 * (aws-cdk cloudformation-diff `worstImpact` style). Pure.
 */
import type {
  BackupLifecycle,
  BackupPlanAttrs,
  BackupRule,
  BackupSelectionAttrs,
  BackupVaultAttrs,
  CloudWatchAlarmAttrs,
  EventsRuleAttrs,
  IamRoleAttrs,
  LifecycleRule,
  RdsInstanceAttrs,
  S3BucketAttrs,
  SnsTopicAttrs,
} from '../model/attrs.js';
import type { Action, Risk } from '../model/plan.js';
import type { PolicyDocument } from '../model/policy.js';
import type { ResourceKind } from '../model/resource.js';
import { asSet } from './field-diff.js';
import { describeBroadening } from './policy-diff.js';
import type { AlignedSubscriptions } from './subscriptions.js';

/** One reason a change is risky. */
export interface RiskNote {
  readonly risk: Risk;
  readonly note: string;
}

const ORDER: Readonly<Record<Risk, number>> = { low: 0, medium: 1, high: 2 };

/** The worst of some risks (`low` for none). */
export function worstRisk(risks: Iterable<Risk>): Risk {
  let worst: Risk = 'low';
  for (const r of risks) if (ORDER[r] > ORDER[worst]) worst = r;
  return worst;
}

const high = (note: string): RiskNote => ({ risk: 'high', note });
const medium = (note: string): RiskNote => ({ risk: 'medium', note });
const low = (note: string): RiskNote => ({ risk: 'low', note });

const same = (a: unknown, b: unknown) => JSON.stringify(asSet(a)) === JSON.stringify(asSet(b));

function days(n: number | undefined): string {
  return n === undefined ? 'forever' : `${n} days`;
}

/** Smallest defined value, or undefined (= never / forever). */
function minOf(values: readonly (number | undefined)[]): number | undefined {
  const defined = values.filter((v): v is number => typeof v === 'number');
  return defined.length ? Math.min(...defined) : undefined;
}

/** `after` keeps data for a shorter time than `before` (undefined = forever). */
function shortened(before: number | undefined, after: number | undefined): boolean {
  if (after === undefined) return false;
  return before === undefined || after < before;
}

// ---------------------------------------------------------------------------------------------- S3

function enabledRules(rules: readonly LifecycleRule[] | undefined): LifecycleRule[] {
  return (rules ?? []).filter((r) => r.enabled);
}

function s3Notes(before: S3BucketAttrs | undefined, after: S3BucketAttrs): RiskNote[] {
  const notes: RiskNote[] = [];
  if (!before) {
    if (after.objectLock) notes.push(high('Object Lock is one-way: once enabled it can never be disabled'));
    return notes;
  }
  if (after.versioning !== undefined && before.versioning === 'Enabled' && after.versioning !== 'Enabled') {
    notes.push(
      high(
        `versioning ${after.versioning === 'Suspended' ? 'suspended' : 'disabled'}: overwritten and deleted objects are no longer kept as versions`,
      ),
    );
  }
  if (after.lifecycle !== undefined) {
    const was = enabledRules(before.lifecycle);
    const will = enabledRules(after.lifecycle);
    const ncBefore = minOf(was.map((r) => r.noncurrentVersionExpiration?.noncurrentDays));
    const ncAfter = minOf(will.map((r) => r.noncurrentVersionExpiration?.noncurrentDays));
    if (shortened(ncBefore, ncAfter)) {
      notes.push(
        high(
          `noncurrent retention ${ncBefore ?? 'forever'} -> ${ncAfter} days: versions older than ${ncAfter} days become unrecoverable`,
        ),
      );
    }
    const curBefore = minOf(was.map((r) => r.expiration?.days));
    const curAfter = minOf(will.map((r) => r.expiration?.days));
    if (curBefore === undefined && curAfter !== undefined) {
      notes.push(high(`current-version expiration added: objects expire ${curAfter} days after creation`));
    } else if (shortened(curBefore, curAfter)) {
      notes.push(high(`current-version expiration ${curBefore} -> ${curAfter} days: objects expire sooner`));
    }
    const datesBefore = new Set(was.map((r) => r.expiration?.date).filter(Boolean));
    for (const r of will) {
      if (r.expiration?.date && !datesBefore.has(r.expiration.date)) {
        notes.push(high(`current-version expiration on ${r.expiration.date} added (lifecycle rule ${r.id})`));
      }
    }
    const beforeById = new Map((before.lifecycle ?? []).map((r) => [r.id, r]));
    const afterIds = new Set(after.lifecycle.map((r) => r.id));
    for (const r of after.lifecycle) {
      const old = beforeById.get(r.id);
      const transitionsChanged = old
        ? !same(old.transitions, r.transitions) ||
          !same(old.noncurrentVersionTransitions, r.noncurrentVersionTransitions)
        : r.transitions.length > 0 || r.noncurrentVersionTransitions.length > 0;
      if (transitionsChanged) notes.push(medium(`lifecycle transitions changed (rule ${r.id})`));
    }
    for (const old of before.lifecycle ?? []) {
      if (!afterIds.has(old.id) && (old.transitions.length || old.noncurrentVersionTransitions.length)) {
        notes.push(medium(`lifecycle transitions changed (rule ${old.id} removed)`));
      }
    }
  }
  if (after.replication !== undefined) {
    const afterRules = new Map((after.replication?.rules ?? []).map((r) => [r.id, r]));
    for (const r of before.replication?.rules ?? []) {
      const next = afterRules.get(r.id);
      const target = r.destination.bucket.replace(/^arn:aws:s3:::/, '');
      if (!next) {
        notes.push(high(`replication rule ${r.id} removed: new objects are no longer copied to ${target}`));
      } else if (r.enabled && !next.enabled) {
        notes.push(high(`replication rule ${r.id} disabled: new objects are no longer copied to ${target}`));
      }
    }
  }
  if (
    after.objectLock !== undefined &&
    after.objectLock !== null &&
    !same(before.objectLock, after.objectLock)
  ) {
    notes.push(
      high(
        before.objectLock
          ? 'Object Lock default retention changed: Object Lock is one-way and retained versions cannot be removed early'
          : 'Object Lock enabled: Object Lock is one-way, it can never be disabled on this bucket',
      ),
    );
  }
  return notes;
}

// --------------------------------------------------------------------------------------------- IAM

function policyEntries(
  attrs: IamRoleAttrs | undefined,
  managed: IamRoleAttrs,
): [string, PolicyDocument | undefined, PolicyDocument | undefined][] {
  const out: [string, PolicyDocument | undefined, PolicyDocument | undefined][] = [];
  if (managed.assumeRolePolicy !== undefined)
    out.push(['trust policy', attrs?.assumeRolePolicy, managed.assumeRolePolicy]);
  if (managed.inlinePolicies !== undefined) {
    const names = new Set([
      ...Object.keys(attrs?.inlinePolicies ?? {}),
      ...Object.keys(managed.inlinePolicies),
    ]);
    for (const name of [...names].sort()) {
      out.push([`inline policy ${name}`, attrs?.inlinePolicies?.[name], managed.inlinePolicies[name]]);
    }
  }
  return out;
}

function iamNotes(before: IamRoleAttrs | undefined, after: IamRoleAttrs): RiskNote[] {
  if (!before) {
    const allowed = policyEntries(undefined, after).flatMap(([, , doc]) =>
      (doc?.Statement ?? []).filter((s) => s.Effect === 'Allow').length ? [doc] : [],
    );
    return allowed.length || after.managedPolicyArns?.length
      ? [low('new role: grants the permissions in its policies')]
      : [];
  }
  const notes: RiskNote[] = [];
  for (const [what, was, will] of policyEntries(before, after)) {
    for (const gained of describeBroadening(was, will)) {
      notes.push(
        high(
          what === 'trust policy'
            ? `IAM trust broadened: ${gained}`
            : `IAM permissions broadened: ${gained} (${what})`,
        ),
      );
    }
  }
  if (after.managedPolicyArns !== undefined) {
    const had = new Set(before.managedPolicyArns ?? []);
    const added = after.managedPolicyArns.filter((a) => !had.has(a));
    if (added.length)
      notes.push(high(`IAM permissions broadened: managed policy ${added.join(', ')} attached`));
  }
  return notes;
}

// --------------------------------------------------------------------------------------------- RDS

function rdsNotes(before: RdsInstanceAttrs | undefined, after: RdsInstanceAttrs): RiskNote[] {
  const b = before?.backupRetentionPeriod;
  const a = after.backupRetentionPeriod;
  if (before === undefined || a === undefined || b === undefined || a >= b) return [];
  if (a === 0)
    return [
      high('RDS automated backups disabled (retention 0): point-in-time restore is no longer possible'),
    ];
  return [
    high(
      `RDS backup retention ${b} -> ${a} days: point-in-time restore older than ${a} days is no longer possible`,
    ),
  ];
}

// ------------------------------------------------------------------------------------------ Backup

function lifecycleNotes(what: string, before: BackupLifecycle, after: BackupLifecycle): RiskNote[] {
  if (!shortened(before.deleteAfterDays, after.deleteAfterDays)) return [];
  return [
    high(
      `${what} retention ${days(before.deleteAfterDays)} -> ${days(after.deleteAfterDays)}: recovery points older than ${after.deleteAfterDays} days are deleted`,
    ),
  ];
}

function ruleNotes(old: BackupRule, rule: BackupRule): RiskNote[] {
  const notes = lifecycleNotes(`backup rule ${rule.name}:`, old.lifecycle, rule.lifecycle);
  if (old.enableContinuousBackup && !rule.enableContinuousBackup) {
    notes.push(high(`continuous backup (PITR) disabled (rule ${rule.name})`));
  }
  const copies = new Map(rule.copyActions.map((c) => [c.destinationVaultArn, c]));
  for (const c of old.copyActions) {
    const next = copies.get(c.destinationVaultArn);
    if (!next)
      notes.push(high(`copy to ${c.destinationVaultArn} removed (rule ${rule.name}): no more copies there`));
    else
      notes.push(
        ...lifecycleNotes(
          `copy to ${c.destinationVaultArn} (rule ${rule.name}):`,
          c.lifecycle,
          next.lifecycle,
        ),
      );
  }
  return notes;
}

function backupPlanNotes(before: BackupPlanAttrs | undefined, after: BackupPlanAttrs): RiskNote[] {
  if (!before || after.rules === undefined) return [];
  const notes: RiskNote[] = [];
  const next = new Map(after.rules.map((r) => [r.name, r]));
  for (const old of before.rules ?? []) {
    const rule = next.get(old.name);
    if (!rule) {
      notes.push(high(`backup rule ${old.name} removed: it takes no more backups`));
      if (old.enableContinuousBackup)
        notes.push(high(`continuous backup (PITR) disabled (rule ${old.name} removed)`));
    } else {
      notes.push(...ruleNotes(old, rule));
    }
  }
  return notes;
}

function backupVaultNotes(before: BackupVaultAttrs | undefined, after: BackupVaultAttrs): RiskNote[] {
  const was = before?.lock ?? null;
  if (was && after.lock === null) {
    return [high('Vault Lock removed: recovery points can be deleted before their retention ends')];
  }
  if (!after.lock || same(was, after.lock)) return [];
  const notes: RiskNote[] = [];
  if (was) {
    // A minimum of 0 (unset) lets recovery points go at once; a maximum left out allows any retention.
    const [oldMin, newMin] = [was.minRetentionDays ?? 0, after.lock.minRetentionDays ?? 0];
    if (newMin < oldMin)
      notes.push(
        high(
          `Vault Lock minimum retention ${days(oldMin)} -> ${days(newMin)}: recovery points can be deleted after ${days(newMin)}`,
        ),
      );
    const [oldMax, newMax] = [was.maxRetentionDays, after.lock.maxRetentionDays];
    if (shortened(oldMax, newMax))
      notes.push(
        high(
          `Vault Lock maximum retention ${days(oldMax)} -> ${days(newMax)}: backups and copies kept longer than ${days(newMax)} are refused`,
        ),
      );
  }
  notes.push(
    high('Vault Lock set or changed: after its grace period a compliance lock can never be removed'),
  );
  return notes;
}

function selectionNotes(before: BackupSelectionAttrs | undefined, after: BackupSelectionAttrs): RiskNote[] {
  if (!before || after.resources === undefined) return [];
  const kept = new Set(after.resources);
  const dropped = (before.resources ?? []).filter((r) => !kept.has(r));
  return dropped.length ? [medium(`backup selection no longer covers ${dropped.join(', ')}`)] : [];
}

// ---------------------------------------------------------------------------------------- Monitoring

function alarmNotes(before: CloudWatchAlarmAttrs | undefined, after: CloudWatchAlarmAttrs): RiskNote[] {
  if (!before) return [];
  const notes: RiskNote[] = [];
  const changed = (k: keyof CloudWatchAlarmAttrs) => after[k] !== undefined && !same(before[k], after[k]);
  if (changed('threshold'))
    notes.push(medium(`alarm threshold ${before.threshold ?? '(none)'} -> ${after.threshold}`));
  for (const k of [
    'comparisonOperator',
    'evaluationPeriods',
    'datapointsToAlarm',
    'thresholdMetricId',
    'treatMissingData',
  ] as const) {
    if (changed(k)) notes.push(medium(`alarm ${k} ${String(before[k] ?? '(none)')} -> ${String(after[k])}`));
  }
  if (changed('metric') && before.metric?.period !== after.metric?.period) {
    notes.push(
      medium(
        `alarm period ${before.metric?.period ?? '(none)'} -> ${after.metric?.period ?? '(none)'} seconds`,
      ),
    );
  }
  if (changed('metrics')) notes.push(medium('alarm metric queries changed'));
  for (const k of ['alarmActions', 'okActions', 'insufficientDataActions'] as const) {
    if (changed(k)) notes.push(medium(`alarm ${k} changed`));
  }
  if (before.actionsEnabled !== false && after.actionsEnabled === false) {
    notes.push(medium('alarm actions disabled: the alarm will not notify anyone'));
  }
  return notes;
}

function ruleStateNotes(before: EventsRuleAttrs | undefined, after: EventsRuleAttrs): RiskNote[] {
  if (!before) return [];
  const notes: RiskNote[] = [];
  if (before.state !== 'DISABLED' && after.state === 'DISABLED')
    notes.push(medium('EventBridge rule disabled: its events are dropped'));
  if (after.targets !== undefined) {
    const ids = new Set(after.targets.map((t) => t.id));
    for (const t of before.targets ?? [])
      if (!ids.has(t.id)) notes.push(medium(`EventBridge target ${t.id} removed`));
  }
  return notes;
}

function topicNotes(
  before: SnsTopicAttrs | undefined,
  after: SnsTopicAttrs,
  subs: AlignedSubscriptions | undefined,
): RiskNote[] {
  const notes: RiskNote[] = [];
  if (before && after.policy !== undefined && !same(before.policy ?? null, after.policy)) {
    notes.push(medium('topic policy changed: who may publish or subscribe changes'));
  }
  if (!before) {
    for (const sub of after.subscriptions ?? []) {
      if (sub.unresolved)
        notes.push(
          medium(
            `${sub.protocol} subscription ${sub.endpoint} cannot be created until its environment variable is set: apply skips it and reports the topic as not converged`,
          ),
        );
    }
  }
  if (subs) {
    for (const key of Object.keys(subs.live))
      if (!(key in subs.desired)) notes.push(medium(`subscription removed: ${key}`));
    for (const key of subs.unverifiable) {
      notes.push(
        low(`subscription ${key} is unverifiable: AWS masks its endpoint, matched by protocol and host only`),
      );
    }
    for (const key of subs.unresolved) {
      notes.push(
        low(
          `subscription ${key} is unverifiable: its endpoint comes from an environment variable that is not set, matched by protocol only`,
        ),
      );
    }
    for (const key of subs.uncreatable) {
      notes.push(
        medium(
          `subscription ${key} cannot be created until its environment variable is set: apply skips it and reports the topic as not converged`,
        ),
      );
    }
    for (const key of subs.pending) notes.push(low(`subscription ${key} is pending confirmation`));
  }
  return notes;
}

/** Inputs of {@link assessRisk}. */
export interface RiskInput {
  readonly kind: ResourceKind;
  readonly action: Action;
  /** Live attributes projected onto the managed fields (undefined: absent). */
  readonly before: unknown;
  /** Desired managed attributes (undefined: delete). */
  readonly after: unknown;
  readonly subscriptions?: AlignedSubscriptions;
}

/** Notes for one change, in a stable order, plus the worst risk. */
export function assessRisk(input: RiskInput): { risk: Risk; notes: RiskNote[] } {
  const { kind, action } = input;
  const notes: RiskNote[] = [];
  if (action === 'delete') notes.push(high(`deletes ${kind} (its configuration is lost)`));
  if (action === 'replace') notes.push(high(`replaces ${kind}: it is deleted and created again`));
  if (input.after !== undefined && action !== 'delete') {
    const b = input.before as never;
    const a = input.after as never;
    switch (kind) {
      case 's3.bucket':
        notes.push(...s3Notes(b, a));
        break;
      case 'iam.role':
        notes.push(...iamNotes(b, a));
        break;
      case 'rds.instance':
        notes.push(...rdsNotes(b, a));
        break;
      case 'backup.plan':
        notes.push(...backupPlanNotes(b, a));
        break;
      case 'backup.vault':
        notes.push(...backupVaultNotes(b, a));
        break;
      case 'cloudwatch.alarm':
        notes.push(...alarmNotes(b, a));
        break;
      case 'events.rule':
        notes.push(...ruleStateNotes(b, a));
        break;
      case 'sns.topic':
        notes.push(...topicNotes(b, a, input.subscriptions));
        break;
      case 'backup.selection':
        notes.push(...selectionNotes(b, a));
        break;
    }
  }
  return { risk: worstRisk(notes.map((n) => n.risk)), notes };
}
