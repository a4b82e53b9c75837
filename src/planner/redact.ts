/** Deep redaction of attribute values placed in a plan (before/after, field diffs). Pure. */
import { redactText } from '../model/secrets.js';

/** Copies `value` with every string passed through redactText (secret-bearing URLs lose their path). */
export function redactDeep(value: unknown): unknown {
  if (typeof value === 'string') return redactText(value);
  if (Array.isArray(value)) return value.map(redactDeep);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[redactText(k)] = redactDeep(v);
    return out;
  }
  return value;
}
