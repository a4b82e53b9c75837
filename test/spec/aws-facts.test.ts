/** Hard AWS facts checked before anything talks to AWS. */
import { describe, expect, it } from 'vitest';
import {
  backupWindowMinutes,
  checkBucketName,
  checkScheduleExpression,
  durationMinutes,
} from '../../spec/aws-facts.js';
import { closestMatch, levenshtein } from '../../spec/suggest.js';

describe('GIVEN schedule expressions', () => {
  it.each([
    'cron(0 */6 * * ? *)',
    'cron(0 5 ? * MON-FRI *)',
    'cron(15 10 L * ? 2030)',
    'cron(0 0 ? * 6#3 *)',
    'cron(0,30 8-17 1W JAN-MAR ? *)',
    'rate(1 hour)',
    'rate(5 minutes)',
  ])('WHEN %s THEN it is accepted', (expr) => {
    expect(checkScheduleExpression(expr)).toBeUndefined();
  });

  it.each([
    ['cron(0 */6 * * *)', 'cron needs 6 fields (minutes hours day-of-month month day-of-week year), found 5'],
    ['cron(0 */6 * * * *)', 'exactly one of day-of-month and day-of-week must be "?"'],
    ['cron(60 * ? * * *)', 'minutes field "60" must use values 0-59'],
    ['cron(0 24 ? * * *)', 'hours field "24" must use values 0-23'],
    ['cron(0 0 ? FOO * *)', 'month field "FOO" must use values 1-12 or JAN-DEC'],
    ['cron(0 */0 ? * * *)', 'hours field "*/0" has an invalid step'],
    ['rate(1 hours)', 'rate of 1 needs a singular unit: rate(1 hour)'],
    ['rate(2 day)', 'rate of 2 needs a plural unit: rate(2 days)'],
    ['rate(0 minutes)', 'rate value must be a positive integer'],
    ['every 6 hours', 'must be cron(...) or rate(...)'],
  ])('WHEN %s THEN it is rejected: %s', (expr, reason) => {
    expect(checkScheduleExpression(expr)).toBe(reason);
  });
});

describe('GIVEN bucket names', () => {
  it.each(['mne-media-prod', 'a.b-c', 'abc'])('WHEN %s THEN it is valid', (name) => {
    expect(checkBucketName(name)).toBeUndefined();
  });
  it.each([
    ['ab', 'must be 3 to 63 characters long'],
    ['a'.repeat(64), 'must be 3 to 63 characters long'],
    ['my..bucket', 'must not contain two adjacent dots'],
    ['10.0.0.1', 'must not look like an IP address'],
    ['xn--bucket', 'must not start with "xn--"'],
    ['-bucket', 'must begin and end with a letter or digit'],
    ['bucket-s3alias', 'must not end with "-s3alias"'],
  ])('WHEN %s THEN it is rejected: %s', (name, reason) => {
    expect(checkBucketName(name)).toBe(reason);
  });
});

describe('GIVEN RDS backup windows', () => {
  it('WHEN it wraps over midnight THEN its length is counted across it', () => {
    expect(backupWindowMinutes('23:30-00:30')).toBe(60);
    expect(backupWindowMinutes('02:00-02:30')).toBe(30);
    expect(backupWindowMinutes('2:00-03:00')).toBe('must be hh:mm-hh:mm (UTC)');
    expect(backupWindowMinutes('24:00-01:00')).toBe('must be hh:mm-hh:mm (UTC)');
  });
});

describe('GIVEN durations and suggestions', () => {
  it('THEN durations convert to minutes', () => {
    expect([
      durationMinutes('30m'),
      durationMinutes('6h'),
      durationMinutes('2d'),
      durationMinutes('6 hours'),
    ]).toEqual([30, 360, 2880, undefined]);
  });
  it('THEN a close typo is suggested and an unrelated word is not', () => {
    expect(levenshtein('versoning', 'versioning')).toBe(1);
    expect(closestMatch('versoning', ['versioning', 'region'])).toBe('versioning');
    expect(closestMatch('zzz', ['versioning', 'region'])).toBeUndefined();
  });
});
