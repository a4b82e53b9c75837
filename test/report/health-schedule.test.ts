import { describe, expect, it } from 'vitest';
import { scheduleIntervalMinutes } from '../../src/report/health/schedule-interval.js';

describe('scheduleIntervalMinutes', () => {
  it.each([
    ['cron(0 */6 * * ? *)', 360],
    ['cron(0 5 ? * * *)', 1440],
    ['cron(30 2 ? * MON-FRI *)', 3 * 1440],
    ['cron(0 3 ? * SUN *)', 7 * 1440],
    ['cron(0 1,13 * * ? *)', 720],
    ['cron(0 0 1 * ? *)', 31 * 1440],
    ['rate(12 hours)', 720],
    ['rate(1 day)', 1440],
  ])('GIVEN %s WHEN the longest gap is computed THEN it is %i minutes', (schedule, minutes) => {
    expect(scheduleIntervalMinutes(schedule)).toBe(minutes);
  });

  it.each(['cron(0 0 L * ? *)', 'cron(0 */6 * *)', 'every six hours'])(
    'GIVEN an expression it does not model (%s) WHEN computed THEN undefined, never a guess',
    (schedule) => {
      expect(scheduleIntervalMinutes(schedule)).toBeUndefined();
    },
  );
});
