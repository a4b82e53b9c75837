/**
 * EventBridge event patterns in canonical form, shared by the spec loader (desired) and the events
 * adapter (live) so both sides agree exactly: object keys sorted at every level, match lists sorted
 * (a match list is a set; duplicates kept, as AWS keeps them), but ordered operands such as
 * `{"numeric": [">", 0, "<=", 5]}` never sorted. Pure.
 */
import { canonicalText } from './canonical.js';

/** Content filters whose array operands are ordered: never sorted. */
const ORDERED_OPERAND_KEYS = new Set(['numeric']);

function canonicalPatternValue(value: unknown, parentKey: string | undefined): unknown {
  if (Array.isArray(value)) {
    const items = value.map((v) => canonicalPatternValue(v, undefined));
    if (parentKey !== undefined && ORDERED_OPERAND_KEYS.has(parentKey)) return items;
    return items
      .map((v) => [canonicalText(v), v] as const)
      .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
      .map(([, v]) => v);
  }
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort())
      out[key] = canonicalPatternValue((value as Record<string, unknown>)[key], key);
    return out;
  }
  return value;
}

/**
 * An event pattern (JSON text or object) in canonical form. Throws a plain Error on invalid JSON or
 * a non-object pattern.
 */
export function canonicalEventPattern(
  pattern: string | Readonly<Record<string, unknown>>,
): Record<string, unknown> {
  const parsed: unknown = typeof pattern === 'string' ? JSON.parse(pattern) : pattern;
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed))
    throw new Error('event pattern must be a JSON object');
  return canonicalPatternValue(parsed, undefined) as Record<string, unknown>;
}
