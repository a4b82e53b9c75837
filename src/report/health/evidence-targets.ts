/**
 * Which AWS Backup evidence the health checks weigh, decided from the desired state alone: the jobs
 * of every resource a backup selection names by ARN (wildcards contribute none), and the recovery
 * points of every rule's target vault, every copy destination (DR) and every declared vault. The
 * adapters read exactly these (src/adapters/backup/read-evidence.ts). Pure.
 */
import { parseVaultArn, resourcesOfKind } from '../../lint/desired-index.js';
import type { EvidenceTargets, JobTarget, VaultTarget } from '../../model/evidence.js';
import type { DesiredState } from '../../model/state.js';

const byRegionThen =
  <T extends { readonly region: string }>(key: (t: T) => string) =>
  (a: T, b: T): number =>
    a.region === b.region ? (key(a) < key(b) ? -1 : 1) : a.region < b.region ? -1 : 1;

/** The evidence to read for a desired state (see module doc). */
export function evidenceTargets(desired: DesiredState): EvidenceTargets {
  const jobs = new Map<string, JobTarget>();
  for (const sel of resourcesOfKind(desired, 'backup.selection')) {
    for (const arn of sel.attrs.resources ?? []) {
      if (!arn.includes('*'))
        jobs.set(`${sel.attrs.region}|${arn}`, { region: sel.attrs.region, resourceArn: arn });
    }
  }
  const vaults = new Map<string, VaultTarget>();
  for (const plan of resourcesOfKind(desired, 'backup.plan')) {
    for (const rule of plan.attrs.rules ?? []) {
      if (rule.enableContinuousBackup) continue;
      vaults.set(`${plan.attrs.region}|${rule.targetVault}`, {
        region: plan.attrs.region,
        name: rule.targetVault,
        role: 'primary',
      });
      for (const c of rule.copyActions) {
        const v = parseVaultArn(c.destinationVaultArn);
        if (v) vaults.set(`${v.region}|${v.name}`, { ...v, role: 'copy' });
      }
    }
  }
  for (const v of resourcesOfKind(desired, 'backup.vault')) {
    const key = `${v.attrs.region}|${v.name}`;
    if (!vaults.has(key)) vaults.set(key, { region: v.attrs.region, name: v.name, role: 'primary' });
  }
  return {
    jobs: [...jobs.values()].sort(byRegionThen((t) => t.resourceArn)),
    vaults: [...vaults.values()].sort(byRegionThen((v) => v.name)),
    resourceArns: [...new Set([...jobs.values()].map((t) => t.resourceArn))].sort(),
  };
}
