/**
 * Managed-field comparison. Live attributes are projected onto the fields the spec manages (a desired
 * field left `undefined` is unmanaged), both sides are turned into a comparable *view*, and
 * fast-json-patch's `compare` yields the RFC 6902 operations whose paths become FieldDiff paths.
 *
 * The view differs from the raw attributes in two ways, so that diffs mean something to a reader:
 * - Lists AWS keys by an id (lifecycle rules, replication rules, inventories, backup rules by name,
 *   copy actions by destination vault, EventBridge targets, metric queries, SNS subscriptions) become
 *   objects keyed by that id: a removed rule is one `remove` at `/lifecycle/<id>`, not a cascade of
 *   index shifts. Paths therefore use the key where the raw attributes have an index.
 * - Policy documents and other lists (string sets, transitions) are atomic: one FieldDiff with the
 *   whole before/after value; policies are shown as statement tables by the renderers.
 * Pure.
 */
import jsonpatch from 'fast-json-patch';
import type { SnsSubscription } from '../model/attrs.js';
import type { FieldDiff } from '../model/plan.js';
import { canonicalJson, canonicalPolicy } from '../model/policy.js';
import type { ResourceKind } from '../model/resource.js';
import { type AlignedSubscriptions, alignSubscriptions } from './subscriptions.js';

/** How a value is turned into its view. Unlisted object fields recurse; unlisted arrays are atomic. */
type Shape =
  | { readonly t: 'atomic' }
  | { readonly t: 'policy' }
  | { readonly t: 'object'; readonly fields?: Readonly<Record<string, Shape>>; readonly values?: Shape }
  | { readonly t: 'keyed'; readonly key: string; readonly item?: Shape };

/** A policy document: atomic, re-canonicalised (a string vs a one-element list is no change). */
const POLICY: Shape = { t: 'policy' };
const OBJECT: Shape = { t: 'object' };

const SHAPES: Readonly<Record<ResourceKind, Shape>> = {
  's3.bucket': {
    t: 'object',
    fields: {
      lifecycle: { t: 'keyed', key: 'id' },
      replication: { t: 'object', fields: { rules: { t: 'keyed', key: 'id' } } },
      inventory: { t: 'keyed', key: 'id' },
    },
  },
  'iam.role': {
    t: 'object',
    fields: { assumeRolePolicy: POLICY, inlinePolicies: { t: 'object', values: POLICY } },
  },
  'rds.instance': OBJECT,
  'backup.vault': OBJECT,
  'backup.plan': {
    t: 'object',
    fields: {
      rules: {
        t: 'keyed',
        key: 'name',
        item: { t: 'object', fields: { copyActions: { t: 'keyed', key: 'destinationVaultArn' } } },
      },
    },
  },
  'backup.selection': OBJECT,
  // subscriptions are keyed by alignSubscriptions before the view is built
  'sns.topic': { t: 'object', fields: { policy: POLICY } },
  'events.rule': { t: 'object', fields: { targets: { t: 'keyed', key: 'id' } } },
  'cloudwatch.alarm': { t: 'object', fields: { metrics: { t: 'keyed', key: 'id' } } },
};

/** Fields that are never compared: read-only information or write-only settings. */
const READ_ONLY: Readonly<Partial<Record<ResourceKind, readonly string[]>>> = {
  'rds.instance': ['engine', 'engineVersion', 'preferredMaintenanceWindow'],
};

/** Fields whose change forces the resource to be replaced (deleted and created again). */
export const REPLACEMENT_FIELDS: Readonly<Partial<Record<ResourceKind, readonly string[]>>> = {
  'iam.role': ['path'],
  'events.rule': ['eventBusName'],
  'backup.vault': ['encryptionKeyArn'],
  's3.bucket': ['region'],
};

function fieldOf(shape: Shape, key: string): Shape | undefined {
  if (shape.t !== 'object') return undefined;
  return shape.fields?.[key] ?? shape.values;
}

/**
 * Canonical form of an atomic value: object keys sorted and every list sorted by its items' canonical
 * JSON. Every list in the attribute model is one AWS treats as a set (ARNs, actions, statements,
 * transitions, tag conditions, event-pattern values), so order must never show as drift.
 */
export function asSet(value: unknown): unknown {
  if (Array.isArray(value)) {
    const items = value.map(asSet);
    return items
      .map((v) => [JSON.stringify(v), v] as const)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([, v]) => v);
  }
  if (value !== null && typeof value === 'object') {
    return canonicalJson(Object.fromEntries(Object.entries(value).map(([k, v]) => [k, asSet(v)])));
  }
  return value;
}

/** Builds the view of `value`; `atomicAsText` turns atomic values into canonical JSON strings. */
function toView(value: unknown, shape: Shape | undefined, atomicAsText: boolean): unknown {
  if (value === undefined || value === null || typeof value !== 'object') return value;
  if (shape?.t === 'policy') {
    let canonical: unknown;
    try {
      canonical = asSet(canonicalPolicy(value));
    } catch {
      canonical = asSet(value); // not a policy document: compared as it is
    }
    return atomicAsText ? `\u0000${JSON.stringify(canonical)}` : canonical;
  }
  if (shape?.t === 'atomic' || (Array.isArray(value) && shape?.t !== 'keyed')) {
    const canonical = asSet(value);
    return atomicAsText ? `\u0000${JSON.stringify(canonical)}` : canonical;
  }
  if (shape?.t === 'keyed' && Array.isArray(value)) {
    const out: Record<string, unknown> = {};
    for (const item of value) {
      const raw = item && typeof item === 'object' ? (item as Record<string, unknown>)[shape.key] : undefined;
      let key = typeof raw === 'string' ? raw : JSON.stringify(raw);
      for (let n = 2; key in out; n++) key = `${String(raw)}#${n}`;
      out[key] = toView(item, shape.item ?? OBJECT, atomicAsText);
    }
    return out;
  }
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    if (v === undefined) continue;
    out[k] = toView(v, shape ? fieldOf(shape, k) : undefined, atomicAsText);
  }
  return out;
}

/** The two sides of one resource in view form, ready to compare. */
export interface ComparedViews {
  /** Desired managed fields (view form). */
  readonly desired: Readonly<Record<string, unknown>>;
  /** Live attributes projected onto the desired managed fields (view form). */
  readonly live: Readonly<Record<string, unknown>>;
  /** Field diffs, sorted by path. */
  readonly fieldDiffs: readonly FieldDiff[];
  /** SNS topics only: how subscriptions were paired. */
  readonly subscriptions?: AlignedSubscriptions;
}

function jsonClean<T>(value: T): T {
  return value === undefined ? value : (JSON.parse(JSON.stringify(value)) as T);
}

/** The managed top-level fields of desired attributes (defined and not read-only). */
export function managedFields(kind: ResourceKind, desired: object): string[] {
  const readOnly = new Set(READ_ONLY[kind] ?? []);
  return Object.entries(desired)
    .filter(([k, v]) => v !== undefined && !readOnly.has(k))
    .map(([k]) => k)
    .sort();
}

function pick(attrs: object, keys: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of keys) {
    const v = (attrs as Record<string, unknown>)[k];
    if (v !== undefined) out[k] = v;
  }
  return out;
}

function stripWriteOnly(kind: ResourceKind, attrs: Record<string, unknown>): Record<string, unknown> {
  if (kind === 'backup.vault' && attrs.lock && typeof attrs.lock === 'object') {
    const { changeableForDays: _writeOnly, ...lock } = attrs.lock as Record<string, unknown>;
    return { ...attrs, lock };
  }
  return attrs;
}

function pointerGet(doc: unknown, path: string): unknown {
  try {
    return jsonpatch.getValueByPointer(doc, path);
  } catch {
    return undefined;
  }
}

/**
 * Compares the managed fields of a desired resource with the live resource. `live` undefined means
 * the resource does not exist (every managed field is then an `add`).
 */
export function compareManaged(kind: ResourceKind, desired: object, live: object | undefined): ComparedViews {
  const keys = managedFields(kind, desired);
  let want = stripWriteOnly(kind, jsonClean(pick(desired, keys)));
  let have = stripWriteOnly(kind, jsonClean(pick(live ?? {}, keys)));
  let subscriptions: AlignedSubscriptions | undefined;
  if (kind === 'sns.topic' && Array.isArray(want.subscriptions)) {
    subscriptions = alignSubscriptions(
      want.subscriptions as SnsSubscription[],
      Array.isArray(have.subscriptions) ? (have.subscriptions as SnsSubscription[]) : [],
    );
    want = { ...want, subscriptions: subscriptions.desired };
    have = { ...have, subscriptions: subscriptions.live };
  }
  const shape = SHAPES[kind];
  const desiredView = toView(want, shape, false) as Record<string, unknown>;
  const liveView = toView(have, shape, false) as Record<string, unknown>;
  const ops = jsonpatch.compare(
    toView(have, shape, true) as Record<string, unknown>,
    toView(want, shape, true) as Record<string, unknown>,
  );
  const replacing = new Set(REPLACEMENT_FIELDS[kind] ?? []);
  const seen = new Set<string>();
  const fieldDiffs: FieldDiff[] = [];
  for (const op of ops) {
    if (seen.has(op.path)) continue;
    seen.add(op.path);
    const top = jsonpatch.unescapePathComponent(op.path.split('/')[1] ?? '');
    fieldDiffs.push({
      path: op.path,
      before: pointerGet(liveView, op.path),
      after: pointerGet(desiredView, op.path),
      forcesReplacement: live !== undefined && replacing.has(top),
    });
  }
  fieldDiffs.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return {
    desired: desiredView,
    live: liveView,
    fieldDiffs,
    ...(subscriptions ? { subscriptions } : {}),
  };
}
