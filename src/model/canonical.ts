/**
 * The one canonical form of JSON-like values, used wherever two values must compare equal when AWS
 * treats them as equal: plan field diffs, the live fingerprint, saved-plan comparison, and the
 * adapters. Pure: no SDK, no fs, no process.
 *
 * - {@link canonicalValue}: object keys sorted recursively; arrays keep their order.
 * - {@link asSet}: like canonicalValue, but every array is treated as a set (sorted by its items'
 *   canonical text), for lists whose order AWS does not keep.
 * - {@link canonicalText}: the canonical value as one string (a stable key for maps, hashes, equality).
 */

/** Sorts `items` by their canonical text (JSON of an already canonical item; `undefined` as such). */
function sortedAsSet(items: readonly unknown[]): unknown[] {
  return items
    .map((item) => [JSON.stringify(item) ?? 'undefined', item] as const)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([, v]) => v);
}

/** Keys sorted and `undefined` members dropped at every level; arrays sorted too when `arraysAsSets`. */
function canonical(value: unknown, arraysAsSets: boolean): unknown {
  if (Array.isArray(value)) {
    const items = value.map((v) => canonical(v, arraysAsSets));
    return arraysAsSets ? sortedAsSet(items) : items;
  }
  if (value !== null && typeof value === 'object') {
    const obj = value as Readonly<Record<string, unknown>>;
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(obj).sort()) {
      const v = obj[key];
      if (v !== undefined) out[key] = canonical(v, arraysAsSets);
    }
    return out;
  }
  return value;
}

/** Object keys sorted recursively; arrays keep their order; `undefined` members of objects dropped. */
export function canonicalValue(value: unknown): unknown {
  return canonical(value, false);
}

/** Stable text of a value: JSON of {@link canonicalValue}; `undefined` is the text `undefined`. */
export function canonicalText(value: unknown): string {
  if (value === undefined) return 'undefined';
  return JSON.stringify(canonicalValue(value));
}

/** Like {@link canonicalValue}, with every array sorted by its items' canonical text (order-insensitive). */
export function asSet(value: unknown): unknown {
  return canonical(value, true);
}

/** True when two values have the same canonical text (key order never matters; array order does). */
export function sameCanonical(a: unknown, b: unknown): boolean {
  return canonicalText(a) === canonicalText(b);
}

/** True when two values are equal as sets (key order and array order never matter). */
export function sameAsSet(a: unknown, b: unknown): boolean {
  return (
    (a === undefined ? 'undefined' : JSON.stringify(asSet(a))) ===
    (b === undefined ? 'undefined' : JSON.stringify(asSet(b)))
  );
}
