/**
 * Backup health: for each recovery scenario in the spec, checks that the resources backing it are
 * present, readable, enabled and producing restorable data recently enough for the scenario's RPO.
 * Pure: (desired, live, evidence, now) -> checks. No SDK, no fs, no process, no clock.
 */
import { findBucket, resourcesOfKind } from '../../lint/desired-index.js';
import { parseBucketArn, parseVaultArn } from '../../model/arn.js';
import type { AttrsByKind } from '../../model/attrs.js';
import {
  CHAT_WEBHOOK_FIX,
  chatWebhookService,
  SNS_UNCONFIRMED_DELETION_HOURS,
} from '../../model/chat-webhooks.js';
import type { BackupJobRecord, Evidence, RecoveryPointRecord } from '../../model/evidence.js';
import { type HealthEvidence, KINDS, kindSpec } from '../../model/kinds/index.js';
import { parseAddress, type ResourceAddress } from '../../model/resource.js';
import type {
  DesiredResource,
  DesiredState,
  LiveState,
  Observation,
  RecoveryScenario,
} from '../../model/state.js';
import { formatMinutes, type HealthCheck, type HealthStatus } from './health-check.js';
import { monitoringOf } from './monitoring.js';
import { scheduleIntervalMinutes } from './schedule-interval.js';

/** RDS uploads transaction logs every 5 minutes: LatestRestorableTime normally trails by up to that. */
export const PITR_LOG_UPLOAD_MINUTES = 5;
/** When a schedule is not understood, assume daily backups. */
const DEFAULT_INTERVAL_MINUTES = 1440;
const JOB_IN_PROGRESS = new Set(['CREATED', 'PENDING', 'RUNNING']);
const JOB_FAILED = new Set(['FAILED', 'ABORTED', 'ABORTING', 'EXPIRED']);
const POINT_USABLE = new Set(['COMPLETED', 'AVAILABLE']);

type Check = Omit<HealthCheck, 'scenario'>;

interface Ctx {
  readonly desired: DesiredState;
  readonly live: LiveState;
  readonly evidence: Evidence;
  readonly now: number;
  readonly scenario: RecoveryScenario;
}

function minutesSince(ctx: Ctx, iso: string): number {
  return (ctx.now - Date.parse(iso)) / 60_000;
}

function check(id: string, title: string, status: HealthStatus, evidence: readonly string[]): Check {
  return { id, title, status, evidence };
}

function present<K extends keyof AttrsByKind>(
  obs: Observation | undefined,
): (Observation<K> & { status: 'present' }) | undefined {
  return obs?.status === 'present' ? (obs as Observation<K> & { status: 'present' }) : undefined;
}

/** The resource's ARN: as AWS reported it, else as its kind builds it (undefined: needs an AWS id). */
function resourceArn(ctx: Ctx, r: DesiredResource): string | undefined {
  const arn = present(ctx.live.resources[r.address])?.facts?.arn;
  if (typeof arn === 'string' && arn) return arn;
  return kindSpec(r.kind).arn({
    account: ctx.desired.account,
    region: r.region,
    name: r.name,
    attrs: r.attrs,
  });
}

// ------------------------------------------------------------------------------------------- RDS

function rdsPitr(
  ctx: Ctx,
  db: DesiredResource<'rds.instance'>,
  obs: Observation<'rds.instance'> & { status: 'present' },
): Check {
  const id = `rds-pitr:${db.address}`;
  const title = `RDS point-in-time recovery of ${db.name}`;
  const retention = obs.attrs.backupRetentionPeriod ?? 0;
  const wanted = db.attrs.backupRetentionPeriod;
  const lines = [
    `automated backup retention: ${retention} days${wanted !== undefined ? ` (spec: ${wanted})` : ''}`,
  ];
  if (retention === 0)
    return check(id, title, 'fail', [...lines, 'automated backups are disabled: no point-in-time recovery']);
  const lrt = obs.facts?.latestRestorableTime;
  if (typeof lrt !== 'string')
    return check(id, title, 'fail', [...lines, 'AWS reports no latest restorable time']);
  // From a snapshot, the lag is measured when the snapshot was taken, not now.
  const offline = ctx.live.source.kind === 'snapshot';
  const lag = ((offline ? Date.parse(ctx.live.capturedAt) : ctx.now) - Date.parse(lrt)) / 60_000;
  const rpo = ctx.scenario.rpoMinutes;
  lines.push(
    `latest restorable time ${lrt}: ${formatMinutes(lag)} ${offline ? `before the snapshot was taken (${ctx.live.capturedAt})` : 'ago'} (RPO ${formatMinutes(rpo)}, plus ${PITR_LOG_UPLOAD_MINUTES} min log upload interval)`,
  );
  let status: HealthStatus =
    lag <= rpo + PITR_LOG_UPLOAD_MINUTES ? 'pass' : lag <= rpo + 60 ? 'warn' : 'fail';
  if (wanted !== undefined && retention < wanted) {
    status = 'fail';
    lines.push(`retention ${retention} days is shorter than the ${wanted} days the spec promises`);
  }
  return check(id, title, status, lines);
}

// ---------------------------------------------------------------------------------------- Backup

interface Protection {
  readonly plan: DesiredResource<'backup.plan'>;
  readonly selection: DesiredResource<'backup.selection'>;
}

function selectionsOfPlan(
  desired: DesiredState,
  plan: DesiredResource<'backup.plan'>,
): DesiredResource<'backup.selection'>[] {
  return resourcesOfKind(desired, 'backup.selection').filter(
    (s) => s.attrs.plan === plan.name && s.attrs.region === plan.attrs.region,
  );
}

function planOf(
  desired: DesiredState,
  sel: DesiredResource<'backup.selection'>,
): DesiredResource<'backup.plan'> | undefined {
  return resourcesOfKind(desired, 'backup.plan').find(
    (p) => p.name === sel.attrs.plan && p.attrs.region === sel.attrs.region,
  );
}

/** Plans (through their selections) that name this resource ARN explicitly. */
function protectionsOf(desired: DesiredState, arn: string): Protection[] {
  const out: Protection[] = [];
  for (const selection of resourcesOfKind(desired, 'backup.selection')) {
    if (!(selection.attrs.resources ?? []).includes(arn)) continue;
    const plan = planOf(desired, selection);
    if (plan) out.push({ plan, selection });
  }
  return out;
}

function planInterval(plan: DesiredResource<'backup.plan'>): {
  minutes: number;
  startWindow: number;
  known: boolean;
} {
  const rules = (plan.attrs.rules ?? []).filter((r) => !r.enableContinuousBackup);
  let minutes: number | undefined;
  let startWindow = 0;
  for (const r of rules) {
    const m = scheduleIntervalMinutes(r.schedule);
    if (m !== undefined && (minutes === undefined || m < minutes)) {
      minutes = m;
      startWindow = r.startWindowMinutes;
    }
  }
  return minutes === undefined
    ? {
        minutes: DEFAULT_INTERVAL_MINUTES,
        startWindow: KINDS['backup.plan'].defaults.rule.startWindowMinutes,
        known: false,
      }
    : { minutes, startWindow, known: true };
}

function describeJob(job: BackupJobRecord): string {
  return `job ${job.jobId} ${job.state}, created ${job.creationDate}${job.completionDate ? `, completed ${job.completionDate}` : ''}${job.backupVaultName ? ` in ${job.backupVaultName}` : ''}${job.statusMessage ? `: ${job.statusMessage}` : ''}`;
}

function backupJobCheck(ctx: Ctx, arn: string, protection: Protection): Check {
  const region = protection.plan.attrs.region;
  const id = `backup-job:${region}:${arn}`;
  const title = `Latest AWS Backup job for ${arn.split(':').slice(5).join(':') || arn} (${region})`;
  const interval = planInterval(protection.plan);
  const limit = interval.minutes + interval.startWindow;
  const lines = [
    `plan ${protection.plan.name}: ${interval.known ? `runs at least every ${formatMinutes(interval.minutes)}` : `schedule not understood, assuming daily`}, start window ${formatMinutes(interval.startWindow)}`,
  ];
  if (ctx.evidence.mode === 'offline')
    return check(id, title, 'warn', [
      ...lines,
      'not checked offline (--live): backup jobs are only read from AWS',
    ]);
  const ev = ctx.evidence.backupJobs.find((e) => e.resourceArn === arn && e.region === region);
  if (!ev) return check(id, title, 'warn', [...lines, 'no backup-job evidence was read for this resource']);
  if (ev.jobs.status === 'unverifiable')
    return check(id, title, 'warn', [...lines, `unverifiable: ${ev.jobs.reason}`]);
  const jobs = [...ev.jobs.items].sort((a, b) => Date.parse(b.creationDate) - Date.parse(a.creationDate));
  const latest = jobs[0];
  if (!latest)
    return check(id, title, 'fail', [...lines, 'AWS Backup lists no backup job for this resource']);
  lines.push(`latest: ${describeJob(latest)}`);
  if (JOB_FAILED.has(latest.state)) return check(id, title, 'fail', lines);
  const completed = jobs.find((j) => j.state === 'COMPLETED');
  if (!completed)
    return check(id, title, latest.state === 'PARTIAL' ? 'warn' : 'fail', [
      ...lines,
      'no completed job on record',
    ]);
  if (completed !== latest) lines.push(`last completed: ${describeJob(completed)}`);
  const age = minutesSince(ctx, completed.completionDate ?? completed.creationDate);
  lines.push(`last completed backup is ${formatMinutes(age)} old (allowed: ${formatMinutes(limit)})`);
  if (age > limit) return check(id, title, 'fail', lines);
  if (latest.state === 'PARTIAL' || (!JOB_IN_PROGRESS.has(latest.state) && latest.state !== 'COMPLETED'))
    return check(id, title, 'warn', lines);
  return check(id, title, 'pass', lines);
}

function recoveryPointCheck(
  ctx: Ctx,
  vault: { region: string; name: string; role: 'primary' | 'copy' },
  arns: readonly string[],
): Check {
  const id = `recovery-point:${vault.region}:${vault.name}`;
  const title = `Newest recovery point in ${vault.role === 'copy' ? 'DR vault' : 'vault'} ${vault.name} (${vault.region})`;
  const rpo = ctx.scenario.rpoMinutes;
  if (ctx.evidence.mode === 'offline')
    return check(id, title, 'warn', ['not checked offline (--live): recovery points are only read from AWS']);
  const ev = ctx.evidence.recoveryPoints.find((e) => e.vaultName === vault.name && e.region === vault.region);
  if (!ev) return check(id, title, 'warn', ['no recovery-point evidence was read for this vault']);
  if (ev.points.status === 'unverifiable')
    return check(id, title, 'warn', [`unverifiable: ${ev.points.reason}`]);
  const usable = ev.points.items
    .filter(
      (p) =>
        POINT_USABLE.has(p.status) &&
        (arns.length === 0 || (p.resourceArn !== undefined && arns.includes(p.resourceArn))),
    )
    .sort((a, b) => Date.parse(b.creationDate) - Date.parse(a.creationDate));
  const newest: RecoveryPointRecord | undefined = usable[0];
  const scope = arns.length ? ` for ${arns.join(', ')}` : '';
  if (!newest) return check(id, title, 'fail', [`no completed recovery point${scope} since ${ev.since}`]);
  const age = minutesSince(ctx, newest.creationDate);
  const lines = [
    `newest: ${newest.recoveryPointArn} (${newest.status}), created ${newest.creationDate}: ${formatMinutes(age)} old`,
    `RPO ${formatMinutes(rpo)}; ${usable.length} completed point(s)${scope} since ${ev.since}`,
  ];
  return check(id, title, age <= rpo ? 'pass' : age <= 2 * rpo ? 'warn' : 'fail', lines);
}

function planVaults(
  plan: DesiredResource<'backup.plan'>,
): { region: string; name: string; role: 'primary' | 'copy' }[] {
  const out = new Map<string, { region: string; name: string; role: 'primary' | 'copy' }>();
  for (const rule of plan.attrs.rules ?? []) {
    if (rule.enableContinuousBackup) continue;
    out.set(`${plan.attrs.region}:${rule.targetVault}`, {
      region: plan.attrs.region,
      name: rule.targetVault,
      role: 'primary',
    });
    for (const copy of rule.copyActions) {
      const v = parseVaultArn(copy.destinationVaultArn);
      if (v) out.set(`${v.region}:${v.name}`, { ...v, role: 'copy' });
    }
  }
  return [...out.values()];
}

function explicitArns(selections: readonly DesiredResource<'backup.selection'>[]): {
  arns: string[];
  wildcard: boolean;
} {
  const all = selections.flatMap((s) => s.attrs.resources ?? []);
  return {
    arns: [...new Set(all.filter((a) => !a.includes('*')))].sort(),
    wildcard: all.some((a) => a.includes('*')),
  };
}

function planChecks(
  ctx: Ctx,
  plan: DesiredResource<'backup.plan'>,
  selections?: readonly DesiredResource<'backup.selection'>[],
): Check[] {
  const sels = selections ?? selectionsOfPlan(ctx.desired, plan);
  const { arns, wildcard } = explicitArns(sels);
  const out: Check[] = [];
  for (const sel of sels)
    for (const arn of explicitArns([sel]).arns) out.push(backupJobCheck(ctx, arn, { plan, selection: sel }));
  if (wildcard)
    out.push(
      check(
        `backup-job:${plan.attrs.region}:${plan.name}:*`,
        `Backup jobs of plan ${plan.name} (wildcard selection)`,
        'warn',
        ['a selection uses a wildcard: backup jobs are checked only for resources named by ARN'],
      ),
    );
  if (sels.length === 0)
    out.push(
      check(`backup-selection:${plan.address}`, `Resources protected by plan ${plan.name}`, 'fail', [
        'the plan selects no resources',
      ]),
    );
  for (const v of planVaults(plan)) out.push(recoveryPointCheck(ctx, v, arns));
  return out;
}

// ------------------------------------------------------------------------------------- Monitoring

function replicationCheck(
  ctx: Ctx,
  bucket: DesiredResource<'s3.bucket'>,
  obs: Observation<'s3.bucket'> & { status: 'present' },
): Check | undefined {
  const id = `s3-replication:${bucket.address}`;
  const title = `Replication of ${bucket.name}`;
  const live = obs.attrs.replication;
  if (!live) {
    return bucket.attrs.replication
      ? check(id, title, 'fail', ['the spec declares replication but the bucket has none'])
      : undefined;
  }
  let status: HealthStatus = 'pass';
  const lines: string[] = [];
  for (const rule of live.rules) {
    const dest = parseBucketArn(rule.destination.bucket)?.name ?? rule.destination.bucket;
    const destRegion = findBucket(ctx.desired, dest)?.attrs.region;
    const where = `rule ${rule.id} -> ${dest}${destRegion ? ` (${destRegion})` : ''} as ${rule.destination.storageClass}`;
    if (!rule.enabled) {
      status = 'fail';
      lines.push(`${where}: DISABLED`);
    } else if (!rule.metrics && !rule.replicationTime) {
      if (status === 'pass') status = 'warn';
      lines.push(
        `${where}: enabled, but without replication metrics or RTC its lag and failures cannot be monitored`,
      );
    } else {
      lines.push(`${where}: enabled, ${rule.replicationTime ? 'RTC' : 'metrics'} on`);
    }
  }
  if (live.rules.length === 0)
    return check(id, title, 'fail', ['the replication configuration has no rules']);
  return check(id, title, status, lines);
}

function versioningCheck(
  bucket: DesiredResource<'s3.bucket'>,
  obs: Observation<'s3.bucket'> & { status: 'present' },
): Check {
  const v = obs.attrs.versioning ?? 'Disabled';
  return check(
    `s3-versioning:${bucket.address}`,
    `Versioning of ${bucket.name}`,
    v === 'Enabled' ? 'pass' : 'fail',
    [
      `versioning ${v}${v === 'Enabled' ? ': deleted and overwritten objects are kept as noncurrent versions' : ': deleted objects cannot be restored'}`,
    ],
  );
}

function alarmCheck(
  alarm: DesiredResource,
  obs: Observation<'cloudwatch.alarm'> & { status: 'present' },
): Check {
  const state = typeof obs.facts?.stateValue === 'string' ? obs.facts.stateValue : undefined;
  const reason = typeof obs.facts?.stateReason === 'string' ? obs.facts.stateReason : undefined;
  const lines = [`state ${state ?? 'unknown'}${reason ? `: ${reason}` : ''}`];
  let status: HealthStatus = state === 'OK' ? 'pass' : state === 'ALARM' ? 'fail' : 'warn';
  if (state === 'INSUFFICIENT_DATA')
    lines.push('no data: the metric may not exist in this region, or nothing is published yet');
  if (obs.attrs.actionsEnabled === false) {
    lines.push('actions are disabled: nobody is notified');
    if (status === 'pass') status = 'warn';
  }
  return check(`alarm:${alarm.address}`, `Alarm ${alarm.name}`, status, lines);
}

function topicCheck(topic: DesiredResource, obs: Observation<'sns.topic'> & { status: 'present' }): Check {
  const subs = obs.attrs.subscriptions ?? [];
  const pending = subs.filter((s) => s.pending);
  const lines = subs.map(
    (s) => `${s.protocol} ${s.endpoint}: ${s.pending ? 'pending confirmation' : 'confirmed'}`,
  );
  if (subs.length === 0)
    return check(`sns-subscriptions:${topic.address}`, `Subscriptions of ${topic.name}`, 'warn', [
      'no subscriptions: alerts reach nobody',
    ]);
  // Chat webhooks never confirm (src/model/chat-webhooks.ts): say so, with the fix. Display forms only.
  const webhooks = pending.flatMap((sub) => {
    const service = chatWebhookService(sub.protocol, sub.endpoint);
    return service
      ? [`${sub.protocol} ${sub.endpoint} is a ${service} webhook: it never confirms; ${CHAT_WEBHOOK_FIX}`]
      : [];
  });
  return check(
    `sns-subscriptions:${topic.address}`,
    `Subscriptions of ${topic.name}`,
    pending.length === 0 ? 'pass' : 'warn',
    pending.length
      ? [
          ...lines,
          `${pending.length} subscription(s) pending confirmation receive nothing until confirmed; SNS deletes a ` +
            `subscription still unconfirmed ${SNS_UNCONFIRMED_DELETION_HOURS} hours after it was made`,
          ...webhooks,
        ]
      : lines,
  );
}

function eventsRuleCheck(
  rule: DesiredResource,
  obs: Observation<'events.rule'> & { status: 'present' },
): Check {
  const state = obs.attrs.state ?? KINDS['events.rule'].defaults.state;
  const targets = obs.attrs.targets ?? [];
  const lines = [
    `state ${state}`,
    `${targets.length} target(s)${targets.length ? `: ${targets.map((t) => t.arn).join(', ')}` : ''}`,
  ];
  const status: HealthStatus = state === 'DISABLED' ? 'fail' : targets.length === 0 ? 'warn' : 'pass';
  return check(`events-rule:${rule.address}`, `EventBridge rule ${rule.name}`, status, lines);
}

// ---------------------------------------------------------------------------------------- Driver

type Present<K extends keyof AttrsByKind> = Observation<K> & { status: 'present' };

/** What one kind of evidence checks (src/model/kinds says which kinds contribute which). */
type EvidenceCheck = (ctx: Ctx, resource: DesiredResource, obs: Present<keyof AttrsByKind>) => Check[];

/** Each kind's resource and observation, as the kind whose evidence this is. */
const as = <K extends keyof AttrsByKind>(r: DesiredResource, o: Present<keyof AttrsByKind>) =>
  [r as DesiredResource<K>, o as Present<K>] as const;

const EVIDENCE: { readonly [E in HealthEvidence]: EvidenceCheck } = {
  'rds-pitr': (ctx, r, o) => [rdsPitr(ctx, ...as<'rds.instance'>(r, o))],
  'backup-jobs-of-resource': (ctx, r) => {
    const arn = resourceArn(ctx, r);
    return arn ? protectionsOf(ctx.desired, arn).map((p) => backupJobCheck(ctx, arn, p)) : [];
  },
  'backup-plan': (ctx, r) => planChecks(ctx, r as DesiredResource<'backup.plan'>),
  'backup-selection': (ctx, r) => {
    const sel = r as DesiredResource<'backup.selection'>;
    const plan = planOf(ctx.desired, sel);
    return plan
      ? planChecks(ctx, plan, [sel])
      : [
          check(`resource:${r.address}`, `${r.kind} ${r.name} has a plan`, 'fail', [
            `plan ${sel.attrs.plan} is not declared`,
          ]),
        ];
  },
  'recovery-points': (ctx, r) => {
    const v = r as DesiredResource<'backup.vault'>;
    const isCopy = resourcesOfKind(ctx.desired, 'backup.plan').some((p) =>
      planVaults(p).some((x) => x.role === 'copy' && x.name === v.name && x.region === v.attrs.region),
    );
    const arns = explicitArns(resourcesOfKind(ctx.desired, 'backup.selection')).arns;
    return [
      recoveryPointCheck(
        ctx,
        { region: v.attrs.region, name: v.name, role: isCopy ? 'copy' : 'primary' },
        arns,
      ),
    ];
  },
  's3-versioning': (_ctx, r, o) => [versioningCheck(...as<'s3.bucket'>(r, o))],
  's3-replication': (ctx, r, o) => {
    const c = replicationCheck(ctx, ...as<'s3.bucket'>(r, o));
    return c ? [c] : [];
  },
  'alarm-state': (_ctx, r, o) => [alarmCheck(...as<'cloudwatch.alarm'>(r, o))],
  'sns-subscriptions': (_ctx, r, o) => [topicCheck(...as<'sns.topic'>(r, o))],
  'events-rule-state': (_ctx, r, o) => [eventsRuleCheck(...as<'events.rule'>(r, o))],
};

function resourceChecks(ctx: Ctx, address: ResourceAddress): Check[] {
  const resource = ctx.desired.resources.find((r) => r.address === address);
  const parsed = parseAddress(address);
  const label = parsed ? `${parsed.kind} ${parsed.name}` : address;
  if (!resource)
    return [
      check(`resource:${address}`, `${label} is declared`, 'fail', [
        'the scenario names a resource the spec does not declare',
      ]),
    ];
  const obs = ctx.live.resources[address];
  if (!obs)
    return [
      check(`resource:${address}`, `${label} was read`, 'fail', [
        'no live observation: the resource was not read',
      ]),
    ];
  if (obs.status === 'unreadable')
    return [check(`resource:${address}`, `${label} is readable`, 'fail', [`unreadable: ${obs.reason}`])];
  if (obs.status === 'absent')
    return [check(`resource:${address}`, `${label} exists`, 'fail', ['does not exist in AWS'])];
  const evidence = KINDS[resource.kind].health.evidence;
  if (evidence.length === 0)
    return [check(`resource:${address}`, `${label} exists`, 'pass', ['present in AWS'])];
  return evidence.flatMap((e) => EVIDENCE[e](ctx, resource, obs));
}

/**
 * Checks of monitoring the scenario relies on without listing it (see monitoringOf), with why it
 * belongs to the scenario. Missing monitoring is `warn` (the drift shows what to create), not `fail`:
 * the data may still be restorable; a firing alarm or a disabled rule fails as when listed.
 */
function monitoringChecks(ctx: Ctx, address: ResourceAddress, why: string): Check[] {
  return resourceChecks(ctx, address).map((c) => {
    const absent = ctx.live.resources[address]?.status === 'absent';
    return {
      ...c,
      status: absent ? 'warn' : c.status,
      evidence: [why, ...c.evidence, ...(absent ? ['nobody is alerted until it is created'] : [])],
    };
  });
}

/**
 * Evaluates every recovery scenario: one set of checks per scenario (its resources, and the alarms,
 * EventBridge rules and topics that watch them), each `pass` / `warn` / `fail` with its evidence.
 * Unreadable or missing resources fail (missing unlisted monitoring warns); evidence that could not
 * be read (offline, unsupported endpoint, access denied) is `warn`, never `pass`. Checks are sorted by id within a
 * scenario; scenarios keep the spec's order.
 */
export function evaluateHealth(
  desired: DesiredState,
  live: LiveState,
  evidence: Evidence,
  now: Date,
): HealthCheck[] {
  const out: HealthCheck[] = [];
  for (const scenario of desired.recovery) {
    const ctx: Ctx = { desired, live, evidence, now: now.getTime(), scenario };
    const checks = new Map<string, Check>();
    if (scenario.resources.length === 0)
      checks.set(
        'scenario:resources',
        check('scenario:resources', 'Resources backing the scenario', 'warn', [
          'the scenario lists no resources: nothing proves it',
        ]),
      );
    for (const address of scenario.resources)
      for (const c of resourceChecks(ctx, address)) if (!checks.has(c.id)) checks.set(c.id, c);
    for (const { address, why } of monitoringOf(desired, scenario.resources))
      for (const c of monitoringChecks(ctx, address, why)) if (!checks.has(c.id)) checks.set(c.id, c);
    for (const c of [...checks.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)))
      out.push({ scenario: scenario.name, ...c });
  }
  return out;
}
