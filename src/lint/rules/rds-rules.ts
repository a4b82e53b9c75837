/** Lint rules about RDS backup and maintenance windows. */
import { resourcesOfKind } from '../desired-index.js';
import type { LintRule, RawFinding } from '../lint-finding.js';

const DAY = 24 * 60;
const WEEK = 7 * DAY;
const DAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];
/** RDS requires a backup window of at least this many minutes. */
export const MIN_BACKUP_WINDOW_MINUTES = 30;

/** `[start, end)` in minutes; end > start (a window across midnight/week end has end beyond the period). */
type Interval = readonly [number, number];

function hhmm(s: string): number | undefined {
  const m = /^(\d{2}):(\d{2})$/.exec(s);
  if (!m) return undefined;
  const h = Number(m[1]);
  const min = Number(m[2]);
  return h < 24 && min < 60 ? h * 60 + min : undefined;
}

/** `hh:mm-hh:mm` (UTC, daily) -> interval within one day (end may pass midnight). */
export function parseDailyWindow(window: string): Interval | undefined {
  const [a, b, ...rest] = window.split('-');
  if (rest.length || a === undefined || b === undefined) return undefined;
  const start = hhmm(a);
  const end = hhmm(b);
  if (start === undefined || end === undefined || start === end) return undefined;
  return [start, end > start ? end : end + DAY];
}

function dayHhmm(s: string): number | undefined {
  const m = /^([a-z]{3}):(\d{2}:\d{2})$/i.exec(s);
  if (!m) return undefined;
  const day = DAYS.indexOf((m[1] as string).toLowerCase());
  const t = hhmm(m[2] as string);
  return day < 0 || t === undefined ? undefined : day * DAY + t;
}

/** `ddd:hh:mm-ddd:hh:mm` (UTC, weekly) -> interval within one week (end may pass the week's end). */
export function parseWeeklyWindow(window: string): Interval | undefined {
  const m = /^([a-z]{3}:\d{2}:\d{2})-([a-z]{3}:\d{2}:\d{2})$/i.exec(window);
  if (!m) return undefined;
  const start = dayHhmm(m[1] as string);
  const end = dayHhmm(m[2] as string);
  if (start === undefined || end === undefined || start === end) return undefined;
  return [start, end > start ? end : end + WEEK];
}

function overlaps(a: Interval, b: Interval): boolean {
  return a[0] < b[1] && b[0] < a[1];
}

/** True when a daily backup window meets a weekly maintenance window on any day (UTC). */
export function windowsOverlap(daily: Interval, weekly: Interval): boolean {
  // Compare every day's backup window with the maintenance window and its copy one week on.
  for (let d = -1; d <= 7; d++) {
    const b: Interval = [daily[0] + d * DAY, daily[1] + d * DAY];
    if (
      overlaps(b, weekly) ||
      overlaps(b, [weekly[0] + WEEK, weekly[1] + WEEK]) ||
      overlaps(b, [weekly[0] - WEEK, weekly[1] - WEEK])
    )
      return true;
  }
  return false;
}

/** The RDS backup window must not overlap the maintenance window. */
export const backupWindowOverlap: LintRule = {
  id: 'rds-backup-window-overlaps-maintenance',
  severity: 'error',
  title: 'RDS backup window overlaps the maintenance window',
  check(desired) {
    const out: RawFinding[] = [];
    for (const db of resourcesOfKind(desired, 'rds.instance')) {
      const { preferredBackupWindow: bw, preferredMaintenanceWindow: mw } = db.attrs;
      if (!bw || !mw) continue;
      const daily = parseDailyWindow(bw);
      const weekly = parseWeeklyWindow(mw);
      if (!daily || !weekly || !windowsOverlap(daily, weekly)) continue;
      out.push({
        address: db.address,
        message: `backup window ${bw} overlaps maintenance window ${mw} (both UTC): RDS rejects overlapping windows`,
        fixHint:
          'move the backup window to a time of day that the maintenance window never touches (e.g. a few hours earlier).',
      });
    }
    return out;
  },
};

/** The RDS backup window must be at least 30 minutes. */
export const backupWindowTooShort: LintRule = {
  id: 'rds-backup-window-too-short',
  severity: 'error',
  title: 'RDS backup window shorter than 30 minutes',
  check(desired) {
    const out: RawFinding[] = [];
    for (const db of resourcesOfKind(desired, 'rds.instance')) {
      const bw = db.attrs.preferredBackupWindow;
      const daily = bw ? parseDailyWindow(bw) : undefined;
      if (!daily || daily[1] - daily[0] >= MIN_BACKUP_WINDOW_MINUTES) continue;
      out.push({
        address: db.address,
        message: `backup window ${bw} lasts ${daily[1] - daily[0]} minutes: RDS requires at least ${MIN_BACKUP_WINDOW_MINUTES}`,
        fixHint: `widen the backup window to at least ${MIN_BACKUP_WINDOW_MINUTES} minutes.`,
      });
    }
    return out;
  },
};

export const RDS_RULES: readonly LintRule[] = [backupWindowOverlap, backupWindowTooShort];
