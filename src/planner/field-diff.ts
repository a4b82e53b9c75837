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
import { asSet } from '../model/canonical.js';
import { type ComparedSides, type DiffShape, kindSpec, shapeAt } from '../model/kinds/index.js';
import type { FieldDiff } from '../model/plan.js';
import { canonicalPolicy } from '../model/policy.js';
import type { ResourceKind } from '../model/resource.js';
import type { AlignedSubscriptions } from '../model/sns-subscriptions.js';

const OBJECT: DiffShape = { t: 'object' };

/** Builds the view of `value`; `atomicAsText` turns atomic values into canonical JSON strings. */
function toView(value: unknown, shape: DiffShape | undefined, atomicAsText: boolean): unknown {
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
    out[k] = toView(v, shape?.t === 'object' ? shapeAt(shape, k) : undefined, atomicAsText);
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
  const readOnly = new Set(kindSpec(kind).diff.fields.readOnly);
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

/** `attrs` (a JSON copy) without the kind's write-only settings: AWS never returns them. */
function stripWriteOnly(kind: ResourceKind, attrs: Record<string, unknown>): Record<string, unknown> {
  for (const pointer of kindSpec(kind).diff.fields.writeOnly) {
    const parts = pointer.split('/').slice(1).map(jsonpatch.unescapePathComponent);
    const last = parts.pop();
    let parent: unknown = attrs;
    for (const p of parts)
      parent = parent && typeof parent === 'object' ? (parent as Record<string, unknown>)[p] : undefined;
    if (last !== undefined && parent && typeof parent === 'object')
      delete (parent as Record<string, unknown>)[last];
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
  const spec = kindSpec(kind);
  const keys = managedFields(kind, desired);
  const sides: ComparedSides = {
    want: stripWriteOnly(kind, jsonClean(pick(desired, keys))),
    have: stripWriteOnly(kind, jsonClean(pick(live ?? {}, keys))),
  };
  const { want, have, subscriptions } = spec.diff.align ? spec.diff.align(sides) : sides;
  const shape = spec.diff.shape;
  const desiredView = toView(want, shape, false) as Record<string, unknown>;
  const liveView = toView(have, shape, false) as Record<string, unknown>;
  const ops = jsonpatch.compare(
    toView(have, shape, true) as Record<string, unknown>,
    toView(want, shape, true) as Record<string, unknown>,
  );
  const replacing = new Set(spec.diff.fields.replacementFields);
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
