/**
 * The monitoring a recovery scenario relies on without listing it: the CloudWatch alarms that watch
 * its buckets, DB instances and vaults, the EventBridge rules that alert on AWS Backup events in the
 * regions of its backup plans and vaults, and the SNS topics those alarms and rules notify. A firing
 * replication-lag alarm or a disabled backup-failure rule is evidence about the scenario. Pure.
 */
import { alarmActionArns, alarmMetrics, findTopicByArn, resourcesOfKind } from '../../lint/desired-index.js';
import { dbInstanceArn } from '../../model/arn.js';
import type { MetricRef } from '../../model/attrs.js';
import { KINDS } from '../../model/kinds/index.js';
import type { ResourceAddress, ResourceKind } from '../../model/resource.js';
import type { DesiredResource, DesiredState } from '../../model/state.js';

/** True when `metric` is one of the kind's metrics naming `name` (the kind's `health.watchedBy`). */
function watches(metric: MetricRef, kind: ResourceKind, name: string): boolean {
  const watchedBy = KINDS[kind].health.watchedBy;
  if (!watchedBy || metric.namespace !== watchedBy.namespace) return false;
  return watchedBy.dimensions.some((d) => metric.dimensions[d] === name);
}

function listsBackupSource(rule: DesiredResource<'events.rule'>): boolean {
  const source = rule.attrs.eventPattern?.source;
  return Array.isArray(source) ? source.includes('aws.backup') : source === 'aws.backup';
}

/** Regions where the scenario's AWS Backup work happens: its plans (listed, or protecting a listed DB) and vaults. */
function backupRegions(desired: DesiredState, listed: ReadonlySet<ResourceAddress>): Set<string> {
  const regions = new Set<string>();
  const plans = new Set<string>();
  const listedOf = <K extends ResourceKind>(kind: K) =>
    resourcesOfKind(desired, kind).filter((r) => listed.has(r.address));
  for (const r of [...listedOf('backup.plan'), ...listedOf('backup.vault')]) regions.add(r.attrs.region);
  const dbArns = listedOf('rds.instance').map((db) =>
    dbInstanceArn(desired.account, db.attrs.region, db.name),
  );
  for (const s of resourcesOfKind(desired, 'backup.selection'))
    if (listed.has(s.address) || (s.attrs.resources ?? []).some((arn) => dbArns.includes(arn)))
      plans.add(`${s.attrs.region}|${s.attrs.plan}`);
  for (const p of resourcesOfKind(desired, 'backup.plan'))
    if (plans.has(`${p.attrs.region}|${p.name}`)) regions.add(p.attrs.region);
  return regions;
}

/**
 * The declared monitoring that watches a scenario's resources (`listed`), not itself listed, each
 * with why it belongs to the scenario (one line for the report). Sorted by address.
 */
export function monitoringOf(
  desired: DesiredState,
  listed: readonly ResourceAddress[],
): { readonly address: ResourceAddress; readonly why: string }[] {
  const listedSet = new Set(listed);
  const resources = desired.resources.filter((r) => listedSet.has(r.address) && r.ensure === 'present');
  const out = new Map<ResourceAddress, string>();
  const notify = (arns: readonly string[], by: string) => {
    for (const arn of arns) {
      const t = findTopicByArn(desired, arn);
      if (t && !listedSet.has(t.address) && !out.has(t.address))
        out.set(t.address, `notified by ${by}, which watches this scenario`);
    }
  };
  for (const alarm of resourcesOfKind(desired, 'cloudwatch.alarm')) {
    const watched = resources.filter((r) =>
      alarmMetrics(alarm.attrs).some((m) => watches(m, r.kind, r.name)),
    );
    if (watched.length === 0) continue;
    if (!listedSet.has(alarm.address))
      out.set(alarm.address, `watches ${watched.map((r) => `${r.kind} ${r.name}`).join(', ')}`);
    notify(alarmActionArns(alarm.attrs), `alarm ${alarm.name}`);
  }
  const regions = backupRegions(desired, listedSet);
  for (const rule of resourcesOfKind(desired, 'events.rule')) {
    if (!listsBackupSource(rule) || !regions.has(rule.attrs.region)) continue;
    if (!listedSet.has(rule.address))
      out.set(rule.address, `alerts on AWS Backup events in ${rule.attrs.region}`);
    notify(
      (rule.attrs.targets ?? []).map((t) => t.arn),
      `EventBridge rule ${rule.name}`,
    );
  }
  return [...out]
    .map(([address, why]) => ({ address, why }))
    .sort((a, b) => (a.address < b.address ? -1 : a.address > b.address ? 1 : 0));
}
