/** Small helpers the kinds' risk rules share: note builders and retention arithmetic. Pure. */
import type { RiskNote, RiskNoteId } from '../plan.js';

export const high = (id: RiskNoteId, text: string): RiskNote => ({ id, risk: 'high', text });
export const medium = (id: RiskNoteId, text: string): RiskNote => ({ id, risk: 'medium', text });
export const low = (id: RiskNoteId, text: string): RiskNote => ({ id, risk: 'low', text });

/** `N days`, or `forever` for undefined (no expiry). */
export function days(n: number | undefined): string {
  return n === undefined ? 'forever' : `${n} days`;
}

/** Smallest defined value, or undefined (= never / forever). */
export function minOf(values: readonly (number | undefined)[]): number | undefined {
  const defined = values.filter((v): v is number => typeof v === 'number');
  return defined.length ? Math.min(...defined) : undefined;
}

/** `after` keeps data for a shorter time than `before` (undefined = forever). */
export function shortened(before: number | undefined, after: number | undefined): boolean {
  if (after === undefined) return false;
  return before === undefined || after < before;
}
