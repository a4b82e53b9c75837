/**
 * The kind registry: one `KindSpec` per resource kind (see kind-spec.ts). The planner, guardrails,
 * restore, the import writer, lint and the report's health checks read what they know about a kind
 * from here. Adding a kind = one kind file here + one adapter folder (src/adapters/<service>/) + the
 * spec schema and map (spec/schema, spec/map); the compiler lists what is missing. Pure.
 */
import jsonpatch from 'fast-json-patch';
import type { ResourceKind } from '../resource.js';
import { BACKUP_PLAN } from './backup-plan.js';
import { BACKUP_RESTORE_TESTING_PLAN } from './backup-restore-testing-plan.js';
import { BACKUP_SELECTION } from './backup-selection.js';
import { BACKUP_VAULT } from './backup-vault.js';
import { CLOUDWATCH_ALARM } from './cloudwatch-alarm.js';
import { EVENTS_RULE } from './events-rule.js';
import { IAM_ROLE } from './iam-role.js';
import type { DiffShape, DiffSpec, KindRegistry, KindSpec } from './kind-spec.js';
import { RDS_INSTANCE } from './rds-instance.js';
import { S3_BUCKET } from './s3-bucket.js';
import { SNS_TOPIC } from './sns-topic.js';

export type * from './kind-spec.js';
export { assertNever, type DriftContext, driftSeverityWhenMissing, worstRisk } from './kind-spec.js';

/** Every kind's spec, keyed by kind: a kind without an entry does not compile. */
export const KINDS: KindRegistry<ResourceKind> = {
  's3.bucket': S3_BUCKET,
  'iam.role': IAM_ROLE,
  'rds.instance': RDS_INSTANCE,
  'backup.vault': BACKUP_VAULT,
  'backup.plan': BACKUP_PLAN,
  'backup.selection': BACKUP_SELECTION,
  'backup.restoreTestingPlan': BACKUP_RESTORE_TESTING_PLAN,
  'sns.topic': SNS_TOPIC,
  'events.rule': EVENTS_RULE,
  'cloudwatch.alarm': CLOUDWATCH_ALARM,
};

/**
 * A kind's spec as code that treats every kind alike sees it: attribute names as plain strings,
 * attributes as the union of every kind's (each hook then gets the attributes of its own kind).
 */
export type AnyKindSpec = Omit<KindSpec<ResourceKind>, 'diff'> & {
  readonly diff: Omit<DiffSpec<ResourceKind>, 'fields'> & {
    readonly fields: {
      readonly readOnly: readonly string[];
      readonly writeOnly: readonly string[];
      readonly replacementFields: readonly string[];
    };
  };
};

/** The spec of `kind`, for code that handles every kind alike (the planner, guardrails, restore). */
export function kindSpec(kind: ResourceKind): AnyKindSpec {
  // Widening only: a KindSpec<K> takes the attributes of K, which is what its callers pass.
  return KINDS[kind] as unknown as AnyKindSpec;
}

/** The spec of a kind named in untrusted input (a saved plan, a backup file); undefined if unknown. */
export function kindSpecOf(kind: string): AnyKindSpec | undefined {
  return Object.hasOwn(KINDS, kind) ? kindSpec(kind as ResourceKind) : undefined;
}

/** The kinds whose address is `<kind>/<name>` (their names are global to the account). */
export function isGlobalKind(kind: ResourceKind): boolean {
  return KINDS[kind].scope === 'global';
}

/** The shape one level down from `shape`, at object key `key`. */
export function shapeAt(shape: DiffShape | undefined, key: string): DiffShape | undefined {
  if (shape?.t === 'object') return shape.fields?.[key] ?? shape.values;
  if (shape?.t === 'keyed') return shape.item ?? { t: 'object' };
  return undefined;
}

/** The shape at a JSON pointer into a kind's attribute view; undefined where nothing is declared. */
export function shapeAtPath(kind: ResourceKind, path: string): DiffShape | undefined {
  let shape: DiffShape | undefined = KINDS[kind].diff.shape;
  for (const part of path.split('/').slice(1)) shape = shapeAt(shape, jsonpatch.unescapePathComponent(part));
  return shape;
}

/** True for the JSON pointers that hold a whole policy document (IAM trust/inline, SNS topic policy). */
export function isPolicyPath(kind: ResourceKind, path: string): boolean {
  return path !== '' && shapeAtPath(kind, path)?.t === 'policy';
}

/** True for the JSON pointers that hold a map of policy documents by name (IAM inline policies). */
export function isPolicyMapPath(kind: ResourceKind, path: string): boolean {
  const shape = shapeAtPath(kind, path);
  return shape?.t === 'object' && shape.values?.t === 'policy';
}
