/**
 * Whole-configuration writes keep what the tool does not manage (issue 11 item 3). Several AWS calls
 * replace a whole configuration (PutBucketReplication, PutBucketLifecycleConfiguration,
 * PutBucketInventoryConfiguration, UpdateBackupPlan, PutMetricAlarm, PutTargets): a request built from
 * the normalised attrs alone would silently drop every field the spec does not model (replication of
 * SSE-KMS objects, a destination's AccessControlTranslation, an alarm's
 * EvaluateLowSampleCountPercentile, ...). Readers keep the raw response (`Observation.raw`, JSON form);
 * writers build the managed request and lay it over the raw one with {@link keepUnmanaged}. Pure.
 */
import type { DesiredResource } from '../model/state.js';
import type { PlannedObservation } from './types.js';

/**
 * The keys of an AWS object the tool manages: `true` = the whole value is the tool's (the raw value is
 * dropped, the managed one, if any, written); a nested tree = an object whose own keys are partly the
 * tool's. Keys not listed are unmanaged: their raw value is written back as it was read.
 */
export type ManagedKeys = { readonly [key: string]: true | ManagedKeys };

/** Sets an own property, `__proto__` included (a plain assignment would set the prototype instead). */
function setOwn(obj: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v) && !(v instanceof Date);
}

/**
 * An SDK response as JSON: Dates become ISO strings, `undefined` and the SDK's `$metadata` go, so the
 * value survives a backup file and compares the same before and after one.
 */
export function jsonRaw(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map(jsonRaw);
  if (isRecord(value)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value))
      if (v !== undefined && k !== '$metadata') setOwn(out, k, jsonRaw(v));
    return out;
  }
  return value;
}

/**
 * `managed` with every unmanaged field of `raw` added: a key listed `true` in `keys` comes from
 * `managed` only; a key with a nested tree merges both objects the same way one level down (dropped
 * when nothing is left); any other key keeps `raw`'s value, unless `managed` sets it. `raw` not an
 * object (nothing read, or a create): `managed` as it is.
 */
export function keepUnmanaged<T extends object>(raw: unknown, managed: T, keys: ManagedKeys): T {
  if (!isRecord(raw)) return managed;
  const want = managed as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(raw)) {
    const rule = keys[k];
    if (rule === true || v === undefined) continue;
    if (rule !== undefined) {
      const sub = keepUnmanaged(v, isRecord(want[k]) ? (want[k] as object) : {}, rule);
      if (Object.keys(sub).length > 0) setOwn(out, k, sub);
    } else setOwn(out, k, v);
  }
  for (const [k, v] of Object.entries(want)) {
    if (v === undefined) continue;
    if (!Object.hasOwn(out, k) || keys[k] === undefined) setOwn(out, k, v);
  }
  return out as T;
}

/** A field of a raw object (undefined when `raw` is not an object). */
export function rawField(raw: unknown, key: string): unknown {
  return isRecord(raw) ? raw[key] : undefined;
}

/** The items of a raw list keyed by `key` (rules by ID, ...), for pairing with the managed ones. */
export function rawItemsBy(items: unknown, key: string): ReadonlyMap<string, unknown> {
  const out = new Map<string, unknown>();
  if (!Array.isArray(items)) return out;
  for (const item of items)
    if (isRecord(item) && typeof item[key] === 'string') out.set(item[key] as string, item);
  return out;
}

/**
 * The raw configuration a write starts from for one sub-configuration: the one a restore brings back
 * (`desired.raw`), else the one the plan read (`observation.raw`). undefined: none (create, or a
 * configuration read before raw responses were kept).
 */
export function rawPart(
  desired: Pick<DesiredResource, 'raw'>,
  observation: PlannedObservation,
  part: string,
): unknown {
  if (desired.raw !== undefined) return desired.raw[part];
  return observation.status === 'present' ? observation.raw?.[part] : undefined;
}
