/**
 * argv -> CliOptions. Exactly one command flag (`--plan`, `--apply`, ...). Unknown flags and
 * conflicting commands are UsageErrors (exit 1, one line, no stack).
 */
import { parseArgs } from 'node:util';
import { UsageError } from '../errors.js';
import type { CliOptions, CommandName } from './context.js';

const COMMANDS: readonly CommandName[] = [
  'validate',
  'plan',
  'apply',
  'snapshot',
  'report',
  'import',
  'restore',
];

export const HELP = `Usage: reconcile <command> [options]

Commands (exactly one):
  --validate               validate the spec (and lint it); print counts per resource kind
  --plan                   compare the spec with live state and print the change plan
  --apply [PLAN.json]      apply the plan (or exactly a saved plan), then re-plan
  --snapshot --out FILE    write the normalised live state as JSON (mode 0600, secrets redacted)
  --report                 nightly drift + backup health + lint report
  --import --out FILE      write a spec from what already runs in AWS
  --restore DIR            put back the configurations saved before an apply
  --version, --help

Options:
  --spec FILE              spec file (default: backup-spec.yaml)
  --live FILE              plan against a snapshot file instead of AWS (offline)
  --out FILE|DIR           where to write (plan.json, snapshot, report directory, imported spec)
  --json | --markdown      output format (default: human text, coloured on a TTY)
  --format md,html,json    report formats (default: md,json)
  --yes                    apply without asking
  --allow-destructive      allow high-risk changes (shortened retention, deletions, Object Lock, ...)
  --prune-prefix P         also delete undeclared resources whose names start with P (repeatable)
  --publish-sns TOPIC_ARN  report: publish a short summary to an SNS topic
  --profile NAME           AWS named profile (default: the SDK's default credential chain)
  --region REGION          default region (global services, resources without one)
  --endpoint-url URL       one endpoint for every service (moto, LocalStack); also AWS_ENDPOINT_URL
  --color | --no-color     force colour on or off (default: on a TTY only)
  --log-level LEVEL        pino level for stderr logs (default: info)

Import filters: --account-from-sts --regions r1,r2 --buckets a,b | --all-buckets --alarm-prefix P
  --rule-prefix P --topic NAME --role NAME --db-instance ID --backup-plan NAME (repeatable)

Exit codes: 0 in sync / success, 2 drift or changes, 1 error or unchecked resources.
`;

function list(v: string | undefined): readonly string[] | undefined {
  if (v === undefined) return undefined;
  return v
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

export type ParsedArgs = { kind: 'help' } | { kind: 'version' } | { kind: 'run'; options: CliOptions };

export function parseCliArgs(argv: readonly string[]): ParsedArgs {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(argv);
  } catch (e) {
    throw new UsageError(
      `${(e as Error).message.replace(/\. To specify.*$/s, '')}\nRun 'reconcile --help' for usage.`,
    );
  }
  const v = parsed.values;
  if (v.help) return { kind: 'help' };
  if (v.version) return { kind: 'version' };
  // An empty value is never meant: `--spec ""` would read the working directory, `--out ""` would
  // write there and `--prune-prefix ""` would match every name.
  for (const [name, value] of Object.entries(v)) {
    const values = Array.isArray(value) ? value : [value];
    if (values.some((x) => typeof x === 'string' && x.trim() === ''))
      throw new UsageError(
        `--${name} needs a value, got an empty string ('reconcile --help' lists the options)`,
      );
  }
  const chosen = COMMANDS.filter((c) => v[c]);
  if (chosen.length === 0)
    throw new UsageError(
      "no command given: use one of --validate, --plan, --apply, --snapshot, --report, --import, --restore (see 'reconcile --help')",
    );
  if (chosen.length > 1)
    throw new UsageError(`choose one command, got ${chosen.map((c) => `--${c}`).join(' and ')}`);
  const command = chosen[0]!;
  if (v.json && v.markdown) throw new UsageError('choose one of --json and --markdown');
  const positionals = parsed.positionals;
  if (positionals.length > 1 || (positionals.length === 1 && command !== 'apply' && command !== 'restore')) {
    throw new UsageError(
      `unexpected argument '${positionals[command === 'apply' || command === 'restore' ? 1 : 0]}'`,
    );
  }
  const target = positionals[0];
  if (command === 'restore' && !target?.trim())
    throw new UsageError(
      '--restore needs the backup directory: reconcile --restore .reconcile/backups/<timestamp>',
    );
  const options: CliOptions = {
    command,
    spec: v.spec ?? 'backup-spec.yaml',
    json: Boolean(v.json),
    markdown: Boolean(v.markdown),
    yes: Boolean(v.yes),
    allowDestructive: Boolean(v['allow-destructive']),
    prunePrefix: v['prune-prefix'] ?? [],
    ...(v.live !== undefined ? { live: v.live } : {}),
    ...(v.out !== undefined ? { out: v.out } : {}),
    ...(v.format !== undefined ? { format: list(v.format) ?? [] } : {}),
    ...(v.profile !== undefined ? { profile: v.profile } : {}),
    ...(v.region !== undefined ? { region: v.region } : {}),
    ...(v['endpoint-url'] !== undefined ? { endpointUrl: v['endpoint-url'] } : {}),
    ...(v.color ? { color: true } : v['no-color'] ? { color: false } : {}),
    ...(v['log-level'] !== undefined ? { logLevel: v['log-level'] } : {}),
    ...(target !== undefined ? { target } : {}),
    ...(v['publish-sns'] !== undefined ? { publishSns: v['publish-sns'] } : {}),
    importFilters: {
      accountFromSts: Boolean(v['account-from-sts']),
      allBuckets: Boolean(v['all-buckets']),
      topics: v.topic ?? [],
      roles: v.role ?? [],
      dbInstances: v['db-instance'] ?? [],
      backupPlans: v['backup-plan'] ?? [],
      ...(v.regions !== undefined ? { regions: list(v.regions) ?? [] } : {}),
      ...(v.buckets !== undefined ? { buckets: list(v.buckets) ?? [] } : {}),
      ...(v['alarm-prefix'] !== undefined ? { alarmPrefix: v['alarm-prefix'] } : {}),
      ...(v['rule-prefix'] !== undefined ? { rulePrefix: v['rule-prefix'] } : {}),
    },
  };
  return { kind: 'run', options };
}

function parse(argv: readonly string[]) {
  return parseArgs({
    args: [...argv],
    allowPositionals: true,
    strict: true,
    options: {
      help: { type: 'boolean', short: 'h' },
      version: { type: 'boolean' },
      validate: { type: 'boolean' },
      plan: { type: 'boolean' },
      apply: { type: 'boolean' },
      snapshot: { type: 'boolean' },
      report: { type: 'boolean' },
      import: { type: 'boolean' },
      restore: { type: 'boolean' },
      spec: { type: 'string' },
      live: { type: 'string' },
      out: { type: 'string' },
      json: { type: 'boolean' },
      markdown: { type: 'boolean' },
      format: { type: 'string' },
      yes: { type: 'boolean', short: 'y' },
      'allow-destructive': { type: 'boolean' },
      'prune-prefix': { type: 'string', multiple: true },
      'publish-sns': { type: 'string' },
      profile: { type: 'string' },
      region: { type: 'string' },
      'endpoint-url': { type: 'string' },
      color: { type: 'boolean' },
      'no-color': { type: 'boolean' },
      'log-level': { type: 'string' },
      'account-from-sts': { type: 'boolean' },
      regions: { type: 'string' },
      buckets: { type: 'string' },
      'all-buckets': { type: 'boolean' },
      'alarm-prefix': { type: 'string' },
      'rule-prefix': { type: 'string' },
      topic: { type: 'string', multiple: true },
      role: { type: 'string', multiple: true },
      'db-instance': { type: 'string', multiple: true },
      'backup-plan': { type: 'string', multiple: true },
    },
  });
}
