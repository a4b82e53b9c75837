/**
 * The monitoring a recovery scenario relies on without listing it: the CloudWatch alarms that watch
 * its buckets, DB instances and vaults, the EventBridge rules that alert on AWS Backup events in the
 * regions of its backup plans and vaults, and the SNS topics those alarms and rules notify. A firing
 * replication-lag alarm or a disabled backup-failure rule is evidence about the scenario. Pure.
 */
import { alarmActionArns, alarmMetrics, findTopicByArn, resourcesOfKind } from '../../lint/desired-index.js';
import type { MetricRef } from '../../model/attrs.js';
import type { ResourceAddress, ResourceKind } from '../../model/resource.js';
import type { DesiredResource, DesiredState } from '../../model/state.js';

/** Alarm dimensions that name a watched resource, per CloudWatch namespace. */
const WATCHED_DIMENSIONS: Readonly<Record<string, readonly string[]>> = {
  'AWS/S3': ['BucketName', 'SourceBucket', 'DestinationBucket'],
  'AWS/RDS': ['DBInstanceIdentifier'],
  'AWS/Backup': ['BackupVaultName'],
};

const NAMESPACE_OF_KIND: Readonly<Partial<Record<string, string>>> = {
  's3.bucket': 'AWS/S3',
  'rds.instance': 'AWS/RDS',
  'backup.vault': 'AWS/Backup',
};

function watches(metric: MetricRef, namespace: string, name: string): boolean {
  if (metric.namespace !== namespace) return false;
  return (WATCHED_DIMENSIONS[namespace] ?? []).some((d) => metric.dimensions[d] === name);
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
  const dbArns = listedOf('rds.instance').map(
    (db) => `arn:aws:rds:${db.attrs.region}:${desired.account}:db:${db.name}`,
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
    const watched = resources.filter((r) => {
      const ns = NAMESPACE_OF_KIND[r.kind];
      return ns !== undefined && alarmMetrics(alarm.attrs).some((m) => watches(m, ns, r.name));
    });
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
