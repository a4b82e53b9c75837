/**
 * argv -> CliOptions, driven by two tables: {@link OPTIONS} (every option, its type and help) and
 * {@link COMMANDS} (every command: the options it takes, its argument, how to load it). Adding a command
 * (`drill`, `permissions`, `unlock`, ...) is one entry in COMMANDS; the flag form (`--drill`), the
 * subcommand form (`reconcile drill`), the help text, the option checks and main()'s dispatch all come
 * from it.
 *
 * Every mistake is a UsageError (exit 1, one clear line, no stack): an unknown command or option gets a
 * "did you mean", an option the command does not take says which commands do, two commands conflict.
 */
import { parseArgs } from 'node:util';
import { closestMatch, didYouMean } from '../../spec/suggest.js';
import { UsageError } from '../errors.js';
import type { CliOptions, Command } from './context.js';
import { checkRegion } from './regions.js';

/** How one option is parsed and described. */
export interface OptionSpec {
  readonly type: 'boolean' | 'string';
  /** Repeatable (`--topic a --topic b`). */
  readonly multiple?: true;
  /** One-letter alias (`-y`). */
  readonly short?: string;
  /** The value's placeholder in help (`FILE`); string options only. */
  readonly value?: string;
  /** One line of help. */
  readonly help: string;
}

/** Every option any command takes (command flags such as `--plan` are added from COMMANDS). */
export const OPTIONS = {
  help: { type: 'boolean', short: 'h', help: 'show help (for one command: reconcile <command> --help)' },
  version: { type: 'boolean', help: 'print the version' },
  spec: { type: 'string', value: 'FILE', help: 'spec file (default: backup-spec.yaml)' },
  live: {
    type: 'string',
    value: 'FILE',
    help: 'use a snapshot file instead of AWS (offline; no credentials needed)',
  },
  out: {
    type: 'string',
    value: 'FILE|DIR',
    help: 'where to write (saved plan, snapshot, report directory, imported or starter spec)',
  },
  json: { type: 'boolean', help: 'machine output on stdout (versioned JSON)' },
  markdown: { type: 'boolean', help: 'the plan as Markdown (for a PR comment)' },
  format: { type: 'string', value: 'md,html,json', help: 'report formats (default: md,json)' },
  yes: { type: 'boolean', short: 'y', help: 'apply without asking' },
  'allow-destructive': {
    type: 'boolean',
    help: 'allow high-risk changes (shortened retention, deletions, Object Lock, ...)',
  },
  'rds-apply-in-maintenance-window': {
    type: 'boolean',
    help: 'send RDS changes without ApplyImmediately: turning backups on/off (an outage) waits for the maintenance window',
  },
  lock: {
    type: 'string',
    value: 'PATH|s3://BUCKET/KEY',
    help: 'where the apply lock lives (default .reconcile/lock; s3://BUCKET/KEY for a team)',
  },
  'lock-timeout': {
    type: 'string',
    value: 'SECONDS',
    help: 'wait up to SECONDS for a lock another run holds (default 0: fail at once)',
  },
  'allow-delete': {
    type: 'boolean',
    help: 'restore: also delete what the backed-up apply created (listed with its full configuration first)',
  },
  'prune-prefix': {
    type: 'string',
    multiple: true,
    value: 'P',
    help: 'also delete undeclared alarms, rules and backup plans named P... (repeatable)',
  },
  target: {
    type: 'string',
    multiple: true,
    value: 'ADDRESS',
    help: 'only this resource (glob: s3.bucket/mne-*), plus missing dependencies (repeatable)',
  },
  'publish-sns': { type: 'string', value: 'TOPIC_ARN', help: 'publish a short summary to an SNS topic' },
  for: {
    type: 'string',
    value: 'COMMAND',
    help: 'the command to print the IAM policy of: plan, apply, report, import, restore, snapshot, drill',
  },
  cleanup: {
    type: 'boolean',
    help: 'remove the leftovers of interrupted drills (tagged reconcile:drill) instead of running one',
  },
  profile: {
    type: 'string',
    value: 'NAME',
    help: "AWS named profile (default: the SDK's default credential chain)",
  },
  region: {
    type: 'string',
    value: 'REGION',
    help: 'default region (global services, resources without one)',
  },
  'endpoint-url': {
    type: 'string',
    value: 'URL',
    help: 'one endpoint for every service (moto, LocalStack); also AWS_ENDPOINT_URL',
  },
  concurrency: {
    type: 'string',
    value: 'N',
    help: 'AWS calls in flight per service and region (default: S3 64, IAM 4, others 8; 128 in all)',
  },
  'allow-unknown-region': {
    type: 'boolean',
    help: 'accept a --region/--regions value newer than the known region list',
  },
  'max-attempts': {
    type: 'string',
    value: 'N',
    help: 'attempts per AWS call, first included, with adaptive retry (default 8 for apply, restore, report; 3 otherwise)',
  },
  color: { type: 'boolean', help: 'force colour on (default: on a TTY, unless NO_COLOR)' },
  'no-color': { type: 'boolean', help: 'force colour off' },
  'log-level': {
    type: 'string',
    value: 'LEVEL',
    help: 'stderr log level: trace, debug, info (default), warn, error, fatal, silent; also LOG_LEVEL',
  },
  'account-from-sts': {
    type: 'boolean',
    help: 'take the account from sts:GetCallerIdentity (accepted; the only behaviour)',
  },
  regions: { type: 'string', value: 'r1,r2', help: 'regions to import from (default: --region)' },
  buckets: { type: 'string', value: 'a,b', help: 'buckets to import' },
  'all-buckets': { type: 'boolean', help: 'import every bucket in the regions' },
  'alarm-prefix': { type: 'string', value: 'P', help: 'import alarms whose names start with P' },
  'rule-prefix': { type: 'string', value: 'P', help: 'import EventBridge rules whose names start with P' },
  topic: { type: 'string', multiple: true, value: 'NAME', help: 'import an SNS topic (repeatable)' },
  role: { type: 'string', multiple: true, value: 'NAME', help: 'import an IAM role (repeatable)' },
  'db-instance': {
    type: 'string',
    multiple: true,
    value: 'ID',
    help: "import an RDS instance's backup settings (repeatable)",
  },
  'backup-plan': {
    type: 'string',
    multiple: true,
    value: 'NAME',
    help: 'import an AWS Backup plan with its vaults and selections (repeatable)',
  },
} as const satisfies Record<string, OptionSpec>;

/** The name of an option, without its leading `--`. */
export type OptionName = keyof typeof OPTIONS;

/** Options every command takes. */
const COMMON: readonly OptionName[] = ['help', 'version', 'color', 'no-color', 'log-level'];
/** Options of every command that talks to AWS. */
const AWS: readonly OptionName[] = [
  'profile',
  'region',
  'endpoint-url',
  'allow-unknown-region',
  'max-attempts',
  'concurrency',
];

/**
 * `--max-attempts` when not given: 8 for the commands that run long and must finish (an apply, a
 * restore or the nightly report that gives up on the third throttled call leaves work undone; e.g.
 * CloudWatch allows DescribeAlarms 9 and PutMetricAlarm 3 transactions per second,
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/cloudwatch_limits.html), the SDK's
 * own 3 for the others.
 */
export const DEFAULT_MAX_ATTEMPTS: Readonly<Record<'apply' | 'restore' | 'report' | 'other', number>> = {
  apply: 8,
  restore: 8,
  report: 8,
  other: 3,
};

/** The largest `--max-attempts` accepted (beyond it a call could retry for many minutes). */
export const MAX_ATTEMPTS_LIMIT = 20;

/** `--max-attempts N` checked: a whole number from 1 to {@link MAX_ATTEMPTS_LIMIT}. */
function maxAttemptsOf(command: CommandName, raw: string | undefined): number {
  if (raw === undefined)
    return command === 'apply' || command === 'restore' || command === 'report'
      ? DEFAULT_MAX_ATTEMPTS[command]
      : DEFAULT_MAX_ATTEMPTS.other;
  const n = Number(raw);
  if (!/^\d+$/.test(raw.trim()) || !Number.isInteger(n) || n < 1 || n > MAX_ATTEMPTS_LIMIT)
    throw new UsageError(
      `--max-attempts needs a whole number from 1 to ${MAX_ATTEMPTS_LIMIT} (attempts per AWS call, the first included), got '${raw}'`,
    );
  return n;
}
/** `import`'s filters. */
const IMPORT_FILTERS: readonly OptionName[] = [
  'account-from-sts',
  'regions',
  'buckets',
  'all-buckets',
  'alarm-prefix',
  'rule-prefix',
  'topic',
  'role',
  'db-instance',
  'backup-plan',
];

/** How one command is parsed, described and loaded. */
export interface CommandSpec {
  /** One line for the command list in `--help`. */
  readonly summary: string;
  /** How the command list shows it, when it needs an option (`snapshot --out FILE`); default: its name. */
  readonly synopsis?: string;
  /** A paragraph for `reconcile <command> --help`. */
  readonly description: string;
  /** What it takes besides COMMON (which every command takes). */
  readonly options: readonly OptionName[];
  /** Its positional argument; undefined: none. */
  readonly argument?: {
    readonly name: string;
    readonly required: boolean;
    /** The message when a required argument is missing. */
    readonly missing?: string;
  };
  /** Why an option it does not take does not apply, in words (else the message lists who takes it). */
  readonly refuses?: Partial<Record<OptionName, string>>;
  /** Whether this run will create AWS clients (then a named profile must exist first). */
  readonly usesAws: (options: CliOptions) => boolean;
  /** The command's implementation, loaded on demand (the AWS SDK costs ~0.5 s to load). */
  readonly load: () => Promise<Command>;
}

const never = () => false;
const always = () => true;

/**
 * Every command, in the order of `--help`. `reconcile X` and `reconcile --X` are the same command.
 * Later commands (issue 16 `drill`, `permissions`, `unlock`) are one more entry each.
 */
export const COMMANDS = {
  validate: {
    summary: 'validate the spec (and lint it); print counts per resource kind',
    description:
      'Loads and validates the spec (every error at once, file:line:column path: message), runs the lint rules and prints the resources per kind. Never calls AWS. Exit 0 valid, 1 invalid or a lint error.',
    options: ['spec', 'json'],
    usesAws: never,
    load: async () => (await import('./commands/validate.js')).runValidate,
  },
  plan: {
    summary: 'compare the spec with live state and print the change plan',
    description:
      'Reads live state (AWS read-only calls, or --live FILE offline) and prints the change plan. --out FILE saves it (mode 0600) for apply. Exit 0 no changes, 2 changes, 1 error or unchecked resources.',
    options: ['spec', 'live', 'out', 'json', 'markdown', 'target', 'prune-prefix', ...AWS],
    usesAws: (o) => o.live === undefined,
    load: async () => (await import('./commands/plan.js')).runPlan,
  },
  apply: {
    summary: 'apply the plan (or exactly a saved plan), then re-plan',
    description:
      'Plans (with PLAN.json: validates it, plans again and refuses unless the file equals that fresh plan but for createdAt; the fresh plan is what runs), shows the plan, asks on a TTY (--yes skips), saves every configuration it changes to .reconcile/backups/<timestamp>/, applies, then re-reads and re-plans. Refuses a spec with unsilenced lint errors; holds the apply lock (--lock) from before its first read to the end. Exit 0 only when converged.',
    options: [
      'spec',
      'json',
      'yes',
      'allow-destructive',
      'rds-apply-in-maintenance-window',
      'target',
      'prune-prefix',
      'lock',
      'lock-timeout',
      ...AWS,
    ],
    argument: { name: 'PLAN.json', required: false },
    refuses: {
      live: 'a snapshot file cannot be changed; drop --live to apply to AWS',
      out: 'save a plan with `reconcile plan --out plan.json`, then `reconcile apply plan.json`',
      markdown: 'apply prints the plan as text; `reconcile plan --markdown` renders it as Markdown',
    },
    usesAws: always,
    load: async () => (await import('./commands/apply.js')).runApply,
  },
  snapshot: {
    summary: 'write the normalised live state as JSON (mode 0600, secrets redacted)',
    description:
      'Reads (read-only) everything the spec declares and writes it to --out FILE, for `reconcile plan --live FILE`.',
    synopsis: 'snapshot --out FILE',
    options: ['spec', 'out', 'json', ...AWS],
    refuses: { live: 'snapshot reads AWS; it cannot read a snapshot' },
    usesAws: always,
    load: async () => (await import('./commands/snapshot.js')).runSnapshot,
  },
  report: {
    summary: 'nightly drift + backup health + lint report',
    description:
      'Drift (the plan), backup health per recovery scenario and lint findings, as Markdown on stdout and, with --out DIR, report-<time>.{md,html,json} files. Exit 0 healthy, 2 drift, warnings or unverified (no recovery scenario, or no health check could run), 1 failures.',
    options: ['spec', 'live', 'out', 'format', 'json', 'publish-sns', ...AWS],
    refuses: { markdown: 'report prints Markdown by default; --format md,html,json chooses the files' },
    usesAws: (o) => o.live === undefined || o.publishSns !== undefined,
    load: async () => (await import('./commands/report.js')).runReport,
  },
  import: {
    summary: 'write a spec from what already runs in AWS',
    description:
      'Reads (read-only) what the filters name and writes it to --out FILE as a spec in house style; never overwrites a file.',
    synopsis: 'import --out FILE',
    options: ['out', ...IMPORT_FILTERS, ...AWS],
    refuses: {
      spec: 'import writes a new spec: name it with --out FILE',
      live: 'import reads AWS; it cannot read a snapshot',
    },
    usesAws: always,
    load: async () => (await import('./commands/import.js')).runImport,
  },
  restore: {
    summary: 'put back the configurations saved before an apply',
    description:
      'Restores the configurations an apply saved in .reconcile/backups/<timestamp>/ (saving the current ones first, so a restore can be undone too). Every file is validated first; the preview lists every change, deletions with their full configuration (they need --allow-delete) and what cannot be restored. Same confirmation, guardrails and lock as apply.',
    options: [
      'json',
      'yes',
      'allow-destructive',
      'allow-delete',
      'rds-apply-in-maintenance-window',
      'lock',
      'lock-timeout',
      ...AWS,
    ],
    argument: {
      name: 'DIR',
      required: true,
      missing: 'restore needs the backup directory: reconcile restore .reconcile/backups/<timestamp>',
    },
    refuses: {
      live: 'a snapshot file cannot be changed',
      spec: 'restore takes its desired state from the backup directory, not from a spec',
    },
    usesAws: always,
    load: async () => (await import('./commands/restore.js')).runRestore,
  },
  unlock: {
    summary: 'remove the apply lock a run left behind (says whose it was)',
    description:
      'Removes the lock that --apply and --restore hold while they run (default .reconcile/lock, or --lock PATH|s3://BUCKET/KEY) and prints who held it. A local lock whose run is still alive on this host is refused. Exit 0 when no lock is left.',
    options: ['lock', 'json', ...AWS],
    usesAws: (o) => o.lock?.startsWith('s3://') === true,
    load: async () => (await import('./commands/unlock.js')).runUnlock,
  },
  permissions: {
    summary: 'print the least-privilege IAM policy a command needs for this spec',
    synopsis: 'permissions --for COMMAND',
    description:
      "Prints the IAM policy granting exactly the actions --for COMMAND can call for this spec (from the declared clients' operation lists), with Resource scoped to the spec's ARNs and `*` only where AWS has no resource type (each statement's Sid says why). Text summary by default, the policy document with --json. --publish-sns TOPIC_ARN (report) adds sns:Publish on that topic; --prune-prefix P (plan, apply) adds the listings and deletions it needs. Never calls AWS.",
    options: ['for', 'spec', 'json', 'publish-sns', 'prune-prefix', 'lock'],
    refuses: { live: 'permissions reads only the spec; it never calls AWS' },
    usesAws: never,
    load: async () => (await import('./commands/permissions.js')).runPermissions,
  },
  show: {
    summary: 'render a saved plan (text, --json, --markdown) without AWS',
    description:
      'Renders a plan saved with `reconcile plan --out FILE` as text (default), JSON or Markdown. Reads only that file: no spec, no AWS, no credentials. Exit 0 when the file is a saved plan.',
    options: ['json', 'markdown'],
    argument: {
      name: 'PLAN.json',
      required: true,
      missing:
        'show needs the saved plan: reconcile show plan.json (made by: reconcile plan --out plan.json)',
    },
    refuses: { spec: 'show renders the saved plan alone; the spec is not read' },
    usesAws: never,
    load: async () => (await import('./commands/show.js')).runShow,
  },
  drill: {
    summary: 'rehearse a recovery scenario in a sandbox; measure the RTO and RPO achieved',
    synopsis: 'drill SCENARIO | drill --cleanup',
    description:
      "Performs the restores a recovery scenario relies on (S3 object versions into the spec's sandbox, RDS to a point in time and AWS Backup recovery points into temporary resources), verifies them, measures the RTO and RPO achieved against the scenario's targets, writes the evidence to .reconcile/drills/ (--out DIR; mode 0600) and removes everything it created. Shows what it will do first and asks (--yes skips). --cleanup removes leftovers of interrupted drills. Exit 0 passed, 2 target missed, gap or restore pending, 1 error.",
    options: ['spec', 'out', 'json', 'yes', 'cleanup', ...AWS],
    argument: { name: 'SCENARIO', required: false },
    refuses: {
      live: 'a drill restores in AWS; a snapshot file cannot be restored',
      'allow-destructive':
        'a drill never changes a declared resource, so it has nothing destructive to allow',
    },
    usesAws: always,
    load: async () => (await import('./commands/drill.js')).runDrillCommand,
  },
  init: {
    summary: 'write a commented starter spec (default backup-spec.yaml; never overwrites)',
    description:
      'Writes a small commented spec (a bucket with versioning, lifecycle and replication, a role, a backup vault and plan, a topic, an alarm) that validates as written. Never overwrites a file.',
    synopsis: 'init [--out FILE]',
    options: ['out'],
    refuses: { spec: 'init writes the file named by --out (default backup-spec.yaml)' },
    usesAws: never,
    load: async () => (await import('./commands/init.js')).runInit,
  },
} as const satisfies Record<string, CommandSpec>;

/** A command's name (`reconcile <name>` or `reconcile --<name>`). */
export type CommandName = keyof typeof COMMANDS;

const COMMAND_NAMES = Object.keys(COMMANDS) as CommandName[];
const isCommand = (s: string): s is CommandName => Object.hasOwn(COMMANDS, s);
const isOption = (s: string): s is OptionName => Object.hasOwn(OPTIONS, s);

/** The spec of `command` (typed as the interface, so optional fields can be read uniformly). */
export function commandSpec(command: CommandName): CommandSpec {
  return COMMANDS[command];
}

/** The options `command` takes, COMMON included. */
export function optionsOf(command: CommandName): ReadonlySet<OptionName> {
  return new Set([...COMMON, ...commandSpec(command).options]);
}

// ---------------------------------------------------------------------------------------------------
// Help, generated from the tables.

function optionLabel(name: OptionName): string {
  const o: OptionSpec = OPTIONS[name];
  const short = o.short ? `-${o.short}, ` : '';
  return `${short}--${name}${o.value ? ` ${o.value}` : ''}`;
}

function commandLabel(name: CommandName): string {
  const spec = commandSpec(name);
  const arg = spec.argument;
  if (spec.synopsis) return spec.synopsis;
  return arg ? `${name} ${arg.required ? arg.name : `[${arg.name}]`}` : name;
}

/** Help is read in terminals and CI logs: lines wrap at this width. */
const HELP_WIDTH = 100;

/** Two columns; the second wraps at word boundaries, continuation lines aligned under it. */
function column(rows: readonly (readonly [string, string])[]): string[] {
  const width = Math.max(...rows.map(([a]) => a.length)) + 2;
  const room = Math.max(30, HELP_WIDTH - width - 2);
  return rows.flatMap(([a, b]) => {
    const lines: string[] = [];
    let line = '';
    for (const word of b.split(' ')) {
      if (line && line.length + 1 + word.length > room) {
        lines.push(line);
        line = word;
      } else line = line ? `${line} ${word}` : word;
    }
    lines.push(line);
    return lines.map((l, i) => `  ${(i === 0 ? a : '').padEnd(width)}${l}`);
  });
}

/** `reconcile --help`. */
export function renderHelp(): string {
  const commandRows = COMMAND_NAMES.map((c) => [commandLabel(c), commandSpec(c).summary] as const);
  const optionRows = (Object.keys(OPTIONS) as OptionName[])
    .filter((o) => !COMMON.includes(o))
    .map((o) => {
      const takers = COMMAND_NAMES.filter((c) => commandSpec(c).options.includes(o));
      return [optionLabel(o), `${OPTIONS[o].help} [${takers.join(', ')}]`] as const;
    });
  const commonRows = COMMON.map((o) => [optionLabel(o), OPTIONS[o].help] as const);
  return [
    'Usage: reconcile <command> [options]      (or the flag form: reconcile --<command> [options])',
    '',
    'Commands:',
    ...column(commandRows),
    '',
    "Each command is also a flag: 'reconcile plan' = 'reconcile --plan'. 'reconcile <command> --help'",
    'lists the options of one command.',
    '',
    'Options [the commands that take them]:',
    ...column(optionRows),
    '',
    'Every command:',
    ...column(commonRows),
    '',
    'Exit codes: 0 in sync / success, 2 drift or changes, 1 error or unchecked resources.',
    '',
  ].join('\n');
}

/** `reconcile <command> --help`. */
export function renderCommandHelp(command: CommandName): string {
  const spec = commandSpec(command);
  const label = commandLabel(command);
  return [
    `Usage: reconcile ${label} [options]      (or: reconcile --${label} [options])`,
    '',
    ...column([['', spec.description]]).map((l) => l.trimStart()),
    '',
    'Options:',
    ...column(spec.options.map((o) => [optionLabel(o), OPTIONS[o].help] as const)),
    '',
    'Every command:',
    ...column(COMMON.map((o) => [optionLabel(o), OPTIONS[o].help] as const)),
    '',
  ].join('\n');
}

// ---------------------------------------------------------------------------------------------------
// Parsing.

function list(v: string | undefined): readonly string[] | undefined {
  if (v === undefined) return undefined;
  return v
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

/** What argv asks for. */
export type ParsedArgs =
  | { readonly kind: 'help'; readonly command?: CommandName }
  | { readonly kind: 'version' }
  | { readonly kind: 'run'; readonly options: CliOptions };

const PARSE_OPTIONS = {
  ...OPTIONS,
  ...Object.fromEntries(COMMAND_NAMES.map((c) => [c, { type: 'boolean' as const }])),
};

/** Every name a user may mean with `--x`: options and command flags. */
const FLAG_NAMES = [...Object.keys(OPTIONS), ...COMMAND_NAMES];

/**
 * The options in argv as written: name (without dashes) and how it was written. A lenient pass, so
 * that unknown names can be reported with a suggestion before the strict pass rejects them tersely.
 */
function writtenOptions(argv: readonly string[]): { name: string; raw: string }[] {
  const { tokens } = parseArgs({
    args: [...argv],
    options: PARSE_OPTIONS,
    allowPositionals: true,
    strict: false,
    tokens: true,
  });
  return tokens.flatMap((t) => (t.kind === 'option' ? [{ name: t.name, raw: t.rawName }] : []));
}

function unknownOption(raw: string, name: string): UsageError {
  const match = closestMatch(name, FLAG_NAMES);
  const hint = match ? ` (did you mean "--${match}"?)` : '';
  return new UsageError(`unknown option '${raw}'${hint}; 'reconcile --help' lists the options`);
}

/** Catches `-plan` (one dash): parseArgs would read it as `-p -l -a -n`. */
function checkSingleDashWords(argv: readonly string[]): void {
  const shorts = new Set(
    Object.values(OPTIONS as Record<string, OptionSpec>).flatMap((o) => (o.short ? [o.short] : [])),
  );
  for (const arg of argv) {
    if (arg === '--') return;
    if (/^-[^-]{2,}/.test(arg) && ![...arg.slice(1)].every((c) => shorts.has(c)))
      throw unknownOption(arg, arg.slice(1).split('=')[0] ?? '');
  }
}

/**
 * `--lock-timeout -5`: parseArgs refuses a value starting with '-' as ambiguous (it could be an
 * option). A negative number after an option that takes a value is that value, so it reaches the
 * option's own check and its one-line message (`--lock-timeout needs a number of seconds ...`).
 */
function joinNegativeValues(argv: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === '--') {
      out.push(...argv.slice(i));
      break;
    }
    const name = arg.startsWith('--') && !arg.includes('=') ? arg.slice(2) : undefined;
    const spec = name !== undefined ? (OPTIONS as Record<string, OptionSpec>)[name] : undefined;
    const next = argv[i + 1];
    if (spec?.type === 'string' && next !== undefined && /^-\d/.test(next)) {
      out.push(`${arg}=${next}`);
      i++;
    } else out.push(arg);
  }
  return out;
}

function strictParse(argv: readonly string[]) {
  try {
    return parseArgs({
      args: joinNegativeValues(argv),
      options: PARSE_OPTIONS,
      allowPositionals: true,
      strict: true,
    });
  } catch (e) {
    // Node's messages are clear except for their advice on positionals starting with '-'.
    throw new UsageError(
      `${(e as Error).message.replace(/\. To specify.*$/s, '')}\nRun 'reconcile --help' for usage.`,
    );
  }
}

/** The command argv names, with the rest of the positionals (the command's argument). */
function chooseCommand(
  flagged: readonly CommandName[],
  positionals: readonly string[],
): { command: CommandName | undefined; rest: string[] } {
  const [first, ...others] = positionals;
  // A first positional that is a command's name is the subcommand form (`reconcile plan`), even after
  // a flag: `reconcile plan --apply` is a conflict, not "apply the file called plan" (write ./plan).
  const sub = first !== undefined && isCommand(first) ? first : undefined;
  const chosen = [...new Set([...(sub ? [sub] : []), ...flagged])];
  if (chosen.length > 1) {
    const shown = COMMAND_NAMES.filter((c) => chosen.includes(c)).map((c) =>
      flagged.includes(c) ? `--${c}` : c,
    );
    throw new UsageError(`choose one command, got ${shown.join(' and ')}`);
  }
  if (chosen.length === 1) return { command: chosen[0], rest: sub ? others : [...positionals] };
  if (first !== undefined)
    throw new UsageError(
      `unknown command '${first}'${didYouMean(first, COMMAND_NAMES)}: use one of ${COMMAND_NAMES.join(', ')} ('reconcile --help')`,
    );
  return { command: undefined, rest: [] };
}

/** Rejects each option `command` does not take, saying why or which commands take it. */
function checkOptionsApply(command: CommandName, written: readonly { name: string; raw: string }[]): void {
  const accepted = optionsOf(command);
  const problems: string[] = [];
  for (const { name, raw } of written) {
    if (!isOption(name) || accepted.has(name)) continue;
    const spec = commandSpec(command);
    const why = spec.refuses?.[name];
    const close = closestMatch(
      name,
      [...accepted].filter((o) => o !== name),
    );
    const takers = COMMAND_NAMES.filter((c) => commandSpec(c).options.includes(name));
    const hint = why
      ? `: ${why}`
      : close
        ? ` (did you mean "--${close}"?)`
        : `: it is an option of ${takers.join(', ')}`;
    problems.push(`${raw} is not an option of ${command}${hint}`);
  }
  if (problems.length > 0)
    throw new UsageError(
      `${[...new Set(problems)].join('\n')}\n('reconcile ${command} --help' lists the options of ${command})`,
    );
}

/** A whole number from 1 to `max` given to `flag`; undefined when the option is absent. */
function positiveInt(value: string | undefined, flag: string, max: number): number | undefined {
  if (value === undefined) return undefined;
  const n = /^\d+$/.test(value) ? Number(value) : Number.NaN;
  if (!Number.isInteger(n) || n < 1 || n > max)
    throw new UsageError(`${flag} takes a whole number from 1 to ${max}, got '${value}'`);
  return n;
}

/** argv (without `node reconcile`) -> what to do. Throws UsageError on every mistake. */
export function parseCliArgs(argv: readonly string[]): ParsedArgs {
  checkSingleDashWords(argv);
  const written = writtenOptions(argv);
  for (const { name, raw } of written)
    if (!isOption(name) && !isCommand(name)) throw unknownOption(raw, name);
  const parsed = strictParse(argv);
  const v = parsed.values as Record<string, string | boolean | string[] | undefined>;
  const flagged = COMMAND_NAMES.filter((c) => v[c] === true);
  const { command, rest } = chooseCommand(flagged, parsed.positionals);
  if (v.help) return command ? { kind: 'help', command } : { kind: 'help' };
  if (v.version) return { kind: 'version' };
  if (!command)
    throw new UsageError(
      `no command given: use one of ${COMMAND_NAMES.join(', ')} (or the flag form --plan, ...); see 'reconcile --help'`,
    );
  checkOptionsApply(command, written);
  // An empty value is never meant: `--spec ""` would read the working directory, `--out ""` would
  // write there and `--prune-prefix ""` would match every name.
  for (const [name, value] of Object.entries(v)) {
    const values = Array.isArray(value) ? value : [value];
    if (values.some((x) => typeof x === 'string' && x.trim() === ''))
      throw new UsageError(
        `--${name} needs a value, got an empty string ('reconcile ${command} --help' lists the options)`,
      );
  }
  if (v.json && v.markdown) throw new UsageError('choose one of --json and --markdown');
  const spec = commandSpec(command);
  const argument = spec.argument;
  if (rest.length > (argument ? 1 : 0))
    throw new UsageError(`unexpected argument '${rest[argument ? 1 : 0]}'`);
  const target = rest[0];
  if (argument?.required && !target?.trim())
    throw new UsageError(argument.missing ?? `${command} needs ${argument.name}`);

  const str = (name: OptionName) => v[name] as string | undefined;
  const strs = (name: OptionName) => (v[name] as string[] | undefined) ?? [];
  const allowUnknownRegion = Boolean(v['allow-unknown-region']);
  const region = str('region');
  if (region !== undefined) checkRegion(region, '--region', allowUnknownRegion);
  const concurrency = positiveInt(str('concurrency'), '--concurrency', 1024);
  const regions = list(str('regions'));
  for (const r of regions ?? []) checkRegion(r, '--regions', allowUnknownRegion);

  const lockTimeout = str('lock-timeout');
  let lockTimeoutSeconds: number | undefined;
  if (lockTimeout !== undefined) {
    lockTimeoutSeconds = Number(lockTimeout);
    if (!/^\d+(\.\d+)?$/.test(lockTimeout.trim()) || !Number.isFinite(lockTimeoutSeconds))
      throw new UsageError(`--lock-timeout needs a number of seconds (0 or more), got '${lockTimeout}'`);
  }

  const options: CliOptions = {
    command,
    spec: str('spec') ?? 'backup-spec.yaml',
    json: Boolean(v.json),
    markdown: Boolean(v.markdown),
    yes: Boolean(v.yes),
    allowDestructive: Boolean(v['allow-destructive']),
    ...(v['rds-apply-in-maintenance-window'] ? { rdsApplyInMaintenanceWindow: true } : {}),
    ...(v['allow-delete'] ? { allowDelete: true } : {}),
    allowUnknownRegion,
    targets: strs('target'),
    prunePrefix: strs('prune-prefix'),
    ...(str('live') !== undefined ? { live: str('live') as string } : {}),
    ...(str('out') !== undefined ? { out: str('out') as string } : {}),
    ...(str('format') !== undefined ? { format: list(str('format')) ?? [] } : {}),
    ...(str('profile') !== undefined ? { profile: str('profile') as string } : {}),
    ...(region !== undefined ? { region } : {}),
    ...(str('endpoint-url') !== undefined ? { endpointUrl: str('endpoint-url') as string } : {}),
    ...(optionsOf(command).has('max-attempts')
      ? { maxAttempts: maxAttemptsOf(command, str('max-attempts')) }
      : {}),
    ...(concurrency !== undefined ? { concurrency } : {}),
    ...(v.color ? { color: true } : v['no-color'] ? { color: false } : {}),
    ...(str('log-level') !== undefined ? { logLevel: str('log-level') as string } : {}),
    ...(target !== undefined ? { target } : {}),
    ...(str('lock') !== undefined ? { lock: str('lock') as string } : {}),
    ...(lockTimeoutSeconds !== undefined ? { lockTimeoutSeconds } : {}),
    ...(str('publish-sns') !== undefined ? { publishSns: str('publish-sns') as string } : {}),
    ...(str('for') !== undefined ? { permissionsFor: str('for') as string } : {}),
    ...(v.cleanup ? { cleanup: true } : {}),
    importFilters: {
      accountFromSts: Boolean(v['account-from-sts']),
      allBuckets: Boolean(v['all-buckets']),
      topics: strs('topic'),
      roles: strs('role'),
      dbInstances: strs('db-instance'),
      backupPlans: strs('backup-plan'),
      ...(regions !== undefined ? { regions } : {}),
      ...(str('buckets') !== undefined ? { buckets: list(str('buckets')) ?? [] } : {}),
      ...(str('alarm-prefix') !== undefined ? { alarmPrefix: str('alarm-prefix') as string } : {}),
      ...(str('rule-prefix') !== undefined ? { rulePrefix: str('rule-prefix') as string } : {}),
    },
  };
  return { kind: 'run', options };
}
