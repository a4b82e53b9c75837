/**
 * `reconcile --restore DIR`: turns a backup directory (written before an apply) into a desired state,
 * so the same planner, guardrails and executor put the saved configurations back. Pure.
 */
import { kindSpec } from '../model/kinds/index.js';
import type { ResourceAddress } from '../model/resource.js';
import type { DesiredResource, DesiredState, LiveState } from '../model/state.js';
import type { BackupEntry, BackupManifest } from './backups.js';

/** Why a saved resource is not (fully) put back. */
export interface RestoreNote {
  readonly address: ResourceAddress;
  readonly note: string;
}

/** What a backup directory restores. */
export interface RestorePlanInput {
  /** The saved configurations as a desired state (present ones; absent ones only with allowDelete). */
  readonly desired: DesiredState;
  /** Resources the apply created (absent before) that stay as they are, with why. */
  readonly leftAlone: readonly RestoreNote[];
  /** What the backup cannot bring back, said plainly (secret endpoints, one-way settings). */
  readonly cannotRestore: readonly RestoreNote[];
}

/** The saved attributes without the kind's read-only ones: restoring them would be a perpetual diff. */
function restorableAttrs(entry: BackupEntry, attrs: object): DesiredResource['attrs'] {
  const drop = new Set(kindSpec(entry.kind).diff.fields.readOnly);
  return Object.fromEntries(Object.entries(attrs).filter(([k]) => !drop.has(k))) as DesiredResource['attrs'];
}

/**
 * What the kind says a saved configuration cannot bring back (secret subscription endpoints). Object
 * Lock and Vault Lock that the apply added are not noted here for every bucket and vault: the restore
 * plan itself shows them (Object Lock off is `blocked`; removing a Vault Lock is high risk).
 */
function notesFor(entry: BackupEntry): string[] {
  if (entry.observation.status !== 'present') return [];
  return kindSpec(entry.kind).unrestorable(entry.observation.attrs as never);
}

/** Builds the desired state that puts the saved configurations back. */
export function desiredFromBackup(
  manifest: BackupManifest,
  entries: readonly BackupEntry[],
  opts: { readonly allowDelete: boolean; readonly dir: string },
): RestorePlanInput {
  const resources: DesiredResource[] = [];
  const leftAlone: RestoreNote[] = [];
  const cannotRestore: RestoreNote[] = [];
  for (const e of entries) {
    const base = { address: e.address, kind: e.kind, name: e.name, region: e.region };
    if (e.observation.status === 'present') {
      resources.push({
        ...base,
        ensure: 'present',
        attrs: restorableAttrs(e, e.observation.attrs),
        dependsOn: [],
      });
      for (const note of notesFor(e)) cannotRestore.push({ address: e.address, note });
    } else if (e.observation.status === 'absent') {
      const never = kindSpec(e.kind).lifecycle.neverDeleted;
      if (never !== null)
        leftAlone.push({ address: e.address, note: `did not exist before the apply; ${never}` });
      else if (!opts.allowDelete)
        leftAlone.push({
          address: e.address,
          note: 'did not exist before the apply; left alone (run with --allow-delete to delete it)',
        });
      else
        resources.push({
          ...base,
          ensure: 'absent',
          attrs: { ...(e.region ? { region: e.region } : {}) } as DesiredResource['attrs'],
          dependsOn: [],
        });
    } else {
      cannotRestore.push({
        address: e.address,
        note: `its configuration was not saved (${e.observation.reason})`,
      });
    }
  }
  // Keep the saved dependencies that point inside the restored set (the executor orders by them).
  const restored = new Set(resources.map((r) => r.address));
  const byAddress = new Map(entries.map((e) => [e.address, e]));
  const withDeps = resources.map((r) => ({
    ...r,
    dependsOn: (byAddress.get(r.address)?.dependsOn ?? []).filter((d) => restored.has(d)).sort(),
  }));
  const regions = new Set<string>([manifest.defaultRegion]);
  for (const r of withDeps) {
    if (r.region) regions.add(r.region);
    const attrRegion = (r.attrs as { region?: unknown }).region;
    if (typeof attrRegion === 'string') regions.add(attrRegion);
  }
  return {
    desired: {
      formatVersion: 1,
      account: manifest.account,
      defaultRegion: manifest.defaultRegion,
      regions: [...regions].sort(),
      resources: withDeps.sort((a, b) => (a.address < b.address ? -1 : a.address > b.address ? 1 : 0)),
      recovery: [],
      specFile: opts.dir,
    },
    leftAlone,
    cannotRestore,
  };
}

/**
 * Settings AWS never takes back, by kind: restoring them would fail half way through a restore (the
 * adapter refuses, or AWS does), so they are dropped from the restore's desired state and listed up
 * front instead. `saved` and `live` are the attributes of the same resource.
 */
const IRREVERSIBLE: Readonly<
  Partial<
    Record<
      string,
      (saved: Readonly<Record<string, unknown>>, live: Readonly<Record<string, unknown>>) => RestoreField[]
    >
  >
> = {
  's3.bucket': (saved, live) => {
    const out: RestoreField[] = [];
    // "After you version-enable a bucket, it can never return to an unversioned state. But you can
    // suspend versioning on that bucket." (S3 User Guide, "Retaining multiple versions of objects with
    // S3 Versioning", https://docs.aws.amazon.com/AmazonS3/latest/userguide/Versioning.html).
    if (saved.versioning === 'Disabled' && live.versioning !== undefined && live.versioning !== 'Disabled')
      out.push({
        field: 'versioning',
        note: `versioning was never enabled before (Disabled), and is ${String(live.versioning)} now: S3 cannot return a bucket to unversioned (only Suspended); left as it is`,
      });
    // Object Lock can be enabled on an existing bucket but never disabled (S3 User Guide, "Locking
    // objects with Object Lock", https://docs.aws.amazon.com/AmazonS3/latest/userguide/object-lock.html;
    // S3 API Reference, PutObjectLockConfiguration).
    if (saved.objectLock === null && live.objectLock !== undefined && live.objectLock !== null)
      out.push({
        field: 'objectLock',
        note: 'Object Lock was off before and is on now: it can never be turned off; left on',
      });
    return out;
  },
};

/** One setting a restore leaves as it is. */
interface RestoreField {
  readonly field: string;
  readonly note: string;
}

/**
 * The restore's desired state without the settings AWS never takes back (IRREVERSIBLE), read against
 * `live`, with a note per setting left as it is. Pure.
 */
export function withoutIrreversible(
  desired: DesiredState,
  live: LiveState,
): { readonly desired: DesiredState; readonly notRestorable: readonly RestoreNote[] } {
  const notRestorable: RestoreNote[] = [];
  const resources = desired.resources.map((r) => {
    const obs = live.resources[r.address];
    const rule = IRREVERSIBLE[r.kind];
    if (r.ensure !== 'present' || obs?.status !== 'present' || !rule) return r;
    const fields = rule(r.attrs as Record<string, unknown>, obs.attrs as Record<string, unknown>);
    if (fields.length === 0) return r;
    for (const f of fields) notRestorable.push({ address: r.address, note: f.note });
    const drop = new Set(fields.map((f) => f.field));
    const attrs = Object.fromEntries(Object.entries(r.attrs).filter(([k]) => !drop.has(k)));
    return { ...r, attrs: attrs as DesiredResource['attrs'] };
  });
  return { desired: { ...desired, resources }, notRestorable };
}
