/**
 * Hard AWS facts the spec checks before anything talks to AWS: region names, name rules, cron/rate
 * expressions, RDS backup windows, durations. Pure: no SDK, no fs, no process.
 * Each `check*` function returns `undefined` when the value is fine, or a short reason.
 */

/** Regions of the commercial `aws` partition (ARNs are built as `arn:aws:...`). */
export const AWS_REGIONS = [
  'af-south-1',
  'ap-east-1',
  'ap-east-2',
  'ap-northeast-1',
  'ap-northeast-2',
  'ap-northeast-3',
  'ap-south-1',
  'ap-south-2',
  'ap-southeast-1',
  'ap-southeast-2',
  'ap-southeast-3',
  'ap-southeast-4',
  'ap-southeast-5',
  'ap-southeast-6',
  'ap-southeast-7',
  'ca-central-1',
  'ca-west-1',
  'eu-central-1',
  'eu-central-2',
  'eu-north-1',
  'eu-south-1',
  'eu-south-2',
  'eu-west-1',
  'eu-west-2',
  'eu-west-3',
  'il-central-1',
  'me-central-1',
  'me-south-1',
  'mx-central-1',
  'sa-east-1',
  'us-east-1',
  'us-east-2',
  'us-west-1',
  'us-west-2',
] as const;

/** A region of the `aws` partition. */
export type AwsRegion = (typeof AWS_REGIONS)[number];

/** S3 bucket naming rules (general purpose buckets). */
export function checkBucketName(name: string): string | undefined {
  if (name.length < 3 || name.length > 63) return 'must be 3 to 63 characters long';
  if (!/^[a-z0-9.-]+$/.test(name)) return 'may contain only lowercase letters, digits, dots and hyphens';
  if (!/^[a-z0-9]/.test(name) || !/[a-z0-9]$/.test(name)) return 'must begin and end with a letter or digit';
  if (name.includes('..')) return 'must not contain two adjacent dots';
  if (/^\d{1,3}(\.\d{1,3}){3}$/.test(name)) return 'must not look like an IP address';
  for (const prefix of ['xn--', 'sthree-', 'amzn-s3-demo-'])
    if (name.startsWith(prefix)) return `must not start with "${prefix}"`;
  for (const suffix of ['-s3alias', '--ol-s3', '.mrap', '--x-s3', '--table-s3'])
    if (name.endsWith(suffix)) return `must not end with "${suffix}"`;
  return undefined;
}

/** IAM role name: 1-64 of `[A-Za-z0-9+=,.@_-]`. */
export function checkRoleName(name: string): string | undefined {
  return /^[\w+=,.@-]{1,64}$/.test(name)
    ? undefined
    : 'must be 1 to 64 characters of A-Z a-z 0-9 + = , . @ _ -';
}

/** IAM path: `/` or `/segment/.../` of printable ASCII, at most 512 characters. */
export function checkIamPath(path: string): string | undefined {
  if (path.length > 512) return 'must be at most 512 characters';
  return /^\/$|^\/[\x21-\x7e]+\/$/.test(path) ? undefined : 'must be "/" or start and end with "/"';
}

/** RDS DB instance identifier. */
export function checkDbInstanceId(id: string): string | undefined {
  if (!/^[A-Za-z][A-Za-z0-9-]{0,62}$/.test(id))
    return 'must be 1 to 63 letters, digits or hyphens, starting with a letter';
  if (id.endsWith('-') || id.includes('--'))
    return 'must not end with a hyphen or contain two consecutive hyphens';
  return undefined;
}

const HHMM = /^([01]\d|2[0-3]):([0-5]\d)$/;

/** Minutes of a UTC `hh:mm-hh:mm` window (wrapping over midnight allowed), or a reason. */
export function backupWindowMinutes(window: string): number | string {
  const parts = window.split('-');
  const [from, to] = parts;
  if (parts.length !== 2 || from === undefined || to === undefined) return 'must be hh:mm-hh:mm (UTC)';
  const a = HHMM.exec(from);
  const b = HHMM.exec(to);
  if (!a || !b) return 'must be hh:mm-hh:mm (UTC)';
  const start = Number(a[1]) * 60 + Number(a[2]);
  const end = Number(b[1]) * 60 + Number(b[2]);
  return (end - start + 24 * 60) % (24 * 60);
}

const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const DAYS = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];

interface CronField {
  readonly name: string;
  readonly min: number;
  readonly max: number;
  readonly names?: readonly string[];
  /** Extra single-token forms allowed in this field (besides numbers, ranges, lists, steps). */
  readonly special: RegExp;
}

const CRON_FIELDS: readonly CronField[] = [
  { name: 'minutes', min: 0, max: 59, special: /^$/ },
  { name: 'hours', min: 0, max: 23, special: /^$/ },
  { name: 'day-of-month', min: 1, max: 31, special: /^(\?|L|LW|\d{1,2}W|L-\d{1,2})$/ },
  { name: 'month', min: 1, max: 12, names: MONTHS, special: /^$/ },
  {
    name: 'day-of-week',
    min: 1,
    max: 7,
    names: DAYS,
    special: /^(\?|L|[1-7]L|[A-Z]{3}L|[1-7]#[1-5]|[A-Z]{3}#[1-5])$/,
  },
  { name: 'year', min: 1970, max: 2199, special: /^$/ },
];

function cronValue(field: CronField, token: string): number | undefined {
  if (/^\d+$/.test(token)) {
    const n = Number(token);
    return n >= field.min && n <= field.max ? n : undefined;
  }
  const idx = field.names?.indexOf(token.toUpperCase()) ?? -1;
  return idx >= 0 ? idx + field.min : undefined;
}

function checkCronField(field: CronField, text: string): string | undefined {
  if (field.special.test(text.toUpperCase())) return undefined;
  for (const part of text.split(',')) {
    const [range, step, extra] = part.split('/');
    if (extra !== undefined || range === undefined || range === '')
      return `${field.name} field "${text}" is not valid`;
    if (step !== undefined && !(/^\d+$/.test(step) && Number(step) > 0))
      return `${field.name} field "${text}" has an invalid step`;
    if (range === '*') continue;
    const bounds = range.split('-');
    if (bounds.length > 2 || bounds.some((b) => cronValue(field, b) === undefined))
      return `${field.name} field "${text}" must use values ${field.min}-${field.max}${field.names ? ` or ${field.names[0]}-${field.names.at(-1)}` : ''}`;
  }
  return undefined;
}

/**
 * AWS cron (6 fields: minutes hours day-of-month month day-of-week year; one of the two day fields
 * must be `?`) or rate (`rate(5 minutes)`, singular unit for 1) expression.
 */
export function checkScheduleExpression(expr: string): string | undefined {
  const rate = /^rate\((.*)\)$/.exec(expr);
  if (rate) {
    const m = /^(\d+) (minute|minutes|hour|hours|day|days)$/.exec(rate[1] ?? '');
    if (!m) return 'rate must be rate(<n> minutes|hours|days)';
    const n = Number(m[1]);
    const unit = m[2] ?? '';
    if (n <= 0) return 'rate value must be a positive integer';
    if (n === 1 && unit.endsWith('s')) return `rate of 1 needs a singular unit: rate(1 ${unit.slice(0, -1)})`;
    if (n > 1 && !unit.endsWith('s')) return `rate of ${n} needs a plural unit: rate(${n} ${unit}s)`;
    return undefined;
  }
  const cron = /^cron\((.*)\)$/.exec(expr);
  if (!cron) return 'must be cron(...) or rate(...)';
  const fields = (cron[1] ?? '').trim().split(/\s+/);
  if (fields.length !== 6)
    return `cron needs 6 fields (minutes hours day-of-month month day-of-week year), found ${fields.length}`;
  for (let i = 0; i < 6; i++) {
    const reason = checkCronField(CRON_FIELDS[i] as CronField, fields[i] as string);
    if (reason) return reason;
  }
  if ((fields[2] === '?') === (fields[4] === '?'))
    return 'exactly one of day-of-month and day-of-week must be "?"';
  return undefined;
}

/** `30m`, `6h`, `2d` -> minutes; undefined when not a duration. */
export function durationMinutes(text: string): number | undefined {
  const m = /^(\d+)\s*(m|min|h|d)$/.exec(text.trim());
  if (!m) return undefined;
  const n = Number(m[1]);
  const unit = m[2];
  return unit === 'd' ? n * 1440 : unit === 'h' ? n * 60 : n;
}

/** CloudWatch alarm periods: 10, 20, 30 or a multiple of 60 seconds. */
export function checkAlarmPeriod(period: number): string | undefined {
  return [10, 20, 30].includes(period) || (period > 0 && period % 60 === 0)
    ? undefined
    : 'must be 10, 20, 30 or a multiple of 60 seconds';
}

/**
 * Tag limits every service the spec tags applies: "Maximum key length – 128 Unicode characters in
 * UTF-8. Maximum value length – 256 Unicode characters in UTF-8", and keys must not begin with `aws:`
 * in any case ("reserved for AWS use"). Tagging AWS Resources user guide, "Tag naming limits and
 * requirements", https://docs.aws.amazon.com/tag-editor/latest/userguide/tagging.html#tag-conventions
 * (the same limits are the TagKey/TagValue constraints of the S3, IAM, SNS, EventBridge, CloudWatch and
 * AWS Backup API references). moto skips most of them; test/emulator's strict_moto.tags enforces them.
 */
export const TAG_KEY_MAX = 128;
export const TAG_VALUE_MAX = 256;
export const TAG_RESERVED_PREFIX = 'aws:';

/** Unicode characters (code points), as AWS counts tag lengths. */
function chars(text: string): number {
  return [...text].length;
}

/** A tag key's problem (`expected ..., got ...`), or undefined when AWS accepts it. */
export function checkTagKey(key: string): string | undefined {
  if (chars(key) === 0) return 'expected a tag key of 1 to 128 characters, got an empty key';
  if (chars(key) > TAG_KEY_MAX)
    return `expected a tag key of at most ${TAG_KEY_MAX} characters, got ${chars(key)} characters`;
  if (key.toLowerCase().startsWith(TAG_RESERVED_PREFIX))
    return `expected a tag key not starting with "aws:" (reserved for AWS), got ${JSON.stringify(key)}`;
  return undefined;
}

/** A tag value's problem, or undefined when AWS accepts it. */
export function checkTagValue(value: string): string | undefined {
  return chars(value) > TAG_VALUE_MAX
    ? `expected a tag value of at most ${TAG_VALUE_MAX} characters, got ${chars(value)} characters`
    : undefined;
}
