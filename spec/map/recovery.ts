/** recovery.scenarios -> RecoveryScenario (RPO/RTO in minutes, resources as addresses). Pure. */
import {
  addressOf,
  parseAddress,
  type ResourceAddress,
  type ResourceKind,
} from '../../src/model/resource.js';
import type { RecoveryScenario } from '../../src/model/state.js';
import { durationMinutes } from '../aws-facts.js';
import { expected, expectedGot, type SpecPath } from '../issues.js';
import { REF_KINDS } from '../schema/recovery.js';
import {
  awsName,
  type DeclaredLabels,
  dangling,
  findLabelled,
  type Labelled,
  type MapContext,
  own,
} from './context.js';

type RefKey = keyof typeof REF_KINDS;

/** Which collection each reference key looks in. */
const REF_COLLECTION: Readonly<Record<RefKey, keyof DeclaredLabels>> = {
  bucket: 'buckets',
  role: 'roles',
  rdsInstance: 'instances',
  vault: 'vaults',
  backupPlan: 'plans',
  topic: 'topics',
  eventRule: 'rules',
  alarm: 'alarms',
};

function collectionOf(ctx: MapContext, key: RefKey): Readonly<Record<string, unknown>> {
  return ctx.spec[REF_COLLECTION[key]];
}

function addressOfRef(ctx: MapContext, key: RefKey, ref: string): ResourceAddress | undefined {
  const kind: ResourceKind = REF_KINDS[key];
  const coll = collectionOf(ctx, key);
  if (key === 'bucket' || key === 'role') return own(coll, ref) ? addressOf(kind, ref) : undefined;
  if (key === 'rdsInstance') {
    const db = own(ctx.spec.instances, ref);
    return db ? addressOf(kind, ref, db.region) : undefined;
  }
  const found = findLabelled(coll as Record<string, Labelled>, ref);
  return found ? addressOf(kind, awsName(found.label, found.value), found.value.region) : undefined;
}

/** Maps the recovery scenarios; `known` is every address the spec declares. */
export function mapScenarios(ctx: MapContext, known: ReadonlySet<ResourceAddress>): RecoveryScenario[] {
  const out: RecoveryScenario[] = [];
  for (const [name, s] of Object.entries(ctx.spec.scenarios)) {
    const path: SpecPath = ['recovery', 'scenarios', name];
    const resources = new Set<ResourceAddress>();
    s.resources.forEach((ref, i) => {
      const rPath: SpecPath = [...path, 'resources', i];
      if (typeof ref === 'string') {
        if (known.has(ref)) resources.add(ref);
        else if (parseAddress(ref) === undefined)
          ctx.issues.add(
            rPath,
            expected('a reference such as {bucket: <name>} or an address such as s3.bucket/<name>', ref),
          );
        else dangling(ctx, rPath, 'the address of a resource declared in this spec', ref, known);
        return;
      }
      const keys = Object.keys(ref).filter(
        (k) => (ref as Record<string, unknown>)[k] !== undefined,
      ) as RefKey[];
      const [key] = keys;
      if (keys.length !== 1 || key === undefined) {
        ctx.issues.add(
          rPath,
          expectedGot(
            `exactly one of ${Object.keys(REF_KINDS).join(', ')}`,
            keys.length === 0 ? 'none' : keys.join(' and '),
          ),
        );
        return;
      }
      const label = ref[key] as string;
      const address = addressOfRef(ctx, key, label);
      if (address) resources.add(address);
      else if (!ctx.declared[REF_COLLECTION[key]].has(label))
        dangling(
          ctx,
          [...rPath, key],
          `a ${REF_KINDS[key]} declared in this spec`,
          label,
          Object.keys(collectionOf(ctx, key)),
        );
    });
    out.push({
      name,
      ...(s.description !== undefined ? { description: s.description } : {}),
      rpoMinutes: durationMinutes(s.rpo) ?? 0,
      rtoMinutes: durationMinutes(s.rto) ?? 0,
      resources: [...resources].sort(),
    });
  }
  // The spec's order: the author lists scenarios as the runbook does, and the report follows it.
  return out;
}
