/**
 * The longest gap between two runs of an AWS Backup schedule (`cron(...)` with six fields, or
 * `rate(...)`), in minutes: how old the newest backup may be when the schedule works. Pure.
 */

const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const WEEKDAYS = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];

/** Expands one cron field into the set of values it allows; undefined for syntax we do not model (L, W, #). */
function expandField(
  field: string,
  min: number,
  max: number,
  names: readonly string[] = [],
  nameBase = min,
): Set<number> | undefined {
  const out = new Set<number>();
  const value = (s: string): number | undefined => {
    const idx = names.indexOf(s.toUpperCase());
    if (idx >= 0) return idx + nameBase;
    return /^\d+$/.test(s) ? Number(s) : undefined;
  };
  for (const part of field.split(',')) {
    const [range, stepText] = part.split('/');
    const step = stepText === undefined ? 1 : Number(stepText);
    if (!range || !Number.isInteger(step) || step < 1) return undefined;
    let lo: number | undefined;
    let hi: number | undefined;
    if (range === '*' || range === '?') {
      lo = min;
      hi = max;
    } else if (range.includes('-')) {
      const [a, b] = range.split('-');
      lo = a === undefined ? undefined : value(a);
      hi = b === undefined ? undefined : value(b);
    } else {
      lo = value(range);
      hi = stepText === undefined ? lo : max;
    }
    if (lo === undefined || hi === undefined || lo < min || hi > max || lo > hi) return undefined;
    for (let v = lo; v <= hi; v += step) out.add(v);
  }
  return out;
}

/** Minutes between runs of `rate(N unit)`. */
function rateMinutes(body: string): number | undefined {
  const m = /^(\d+)\s+(minute|minutes|hour|hours|day|days)$/i.exec(body.trim());
  if (!m) return undefined;
  const n = Number(m[1]);
  const unit = (m[2] as string).toLowerCase();
  return unit.startsWith('minute') ? n : unit.startsWith('hour') ? n * 60 : n * 1440;
}

/**
 * The longest gap in minutes between consecutive runs, computed over a fixed 400-day UTC calendar
 * (deterministic, independent of today's date). undefined when the expression is not understood.
 */
export function scheduleIntervalMinutes(schedule: string): number | undefined {
  const m = /^(cron|rate)\((.*)\)$/i.exec(schedule.trim());
  if (!m) return undefined;
  if ((m[1] as string).toLowerCase() === 'rate') return rateMinutes(m[2] as string);
  const fields = (m[2] as string).trim().split(/\s+/);
  if (fields.length !== 6) return undefined;
  const [fMin, fHour, fDom, fMon, fDow] = fields as [string, string, string, string, string, string];
  const minutes = expandField(fMin, 0, 59);
  const hours = expandField(fHour, 0, 23);
  const doms = expandField(fDom, 1, 31);
  const months = expandField(fMon, 1, 12, MONTHS, 1);
  const dows = expandField(fDow, 1, 7, WEEKDAYS, 1); // AWS: 1 = SUN
  if (!minutes || !hours || !doms || !months || !dows) return undefined;
  const start = Date.UTC(2024, 0, 1);
  let previous: number | undefined;
  let longest = 0;
  for (let day = 0; day < 400; day++) {
    const date = new Date(start + day * 86_400_000);
    if (
      !months.has(date.getUTCMonth() + 1) ||
      !doms.has(date.getUTCDate()) ||
      !dows.has(date.getUTCDay() + 1)
    )
      continue;
    for (const h of [...hours].sort((a, b) => a - b)) {
      for (const mi of [...minutes].sort((a, b) => a - b)) {
        const t = day * 1440 + h * 60 + mi;
        if (previous !== undefined) longest = Math.max(longest, t - previous);
        previous = t;
      }
    }
  }
  return longest > 0 ? longest : undefined;
}
