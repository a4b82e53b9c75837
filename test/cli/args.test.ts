import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  COMMANDS,
  type CommandName,
  OPTIONS,
  type OptionName,
  optionsOf,
  parseCliArgs,
} from '../../src/cli/args.js';
import { runCli } from '../support/cli.js';

const ROOT = `${import.meta.dirname}/../..`;

const run = (args: string[]) => runCli(args, { cwd: ROOT });

const OFFLINE = ['--spec', 'backup-spec.yaml', '--live', 'fixtures/guide-before/live.json'];

const COMMAND_NAMES = Object.keys(COMMANDS) as CommandName[];

/** Runs `args`, expects a usage error: exit 1, the message on stderr, nothing on stdout, no stack. */
async function usageError(args: string[]) {
  const r = await run(args);
  expect(r.code).toBe(1);
  expect(r.stderr).not.toContain('internal error');
  expect(r.stderr).not.toMatch(/\n\s+at /);
  expect(r.stdout).toBe('');
  return r.stderr;
}

describe('reconcile command-line usage errors', () => {
  it.each([
    [['--bogus'], "unknown option '--bogus'"],
    [['--plan', '--validate'], 'choose one command, got --validate and --plan'],
    [['plan', '--validate'], 'choose one command, got --validate and plan'],
    [['--plan', '--json', '--markdown', ...OFFLINE], 'choose one of --json and --markdown'],
    [['--apply', '--live', 'x.json'], '--live is not an option of apply: a snapshot file cannot be changed'],
    [['--restore'], 'restore needs the backup directory'],
    [['--snapshot'], '--snapshot needs --out FILE'],
    [['--import'], '--import needs --out FILE'],
    [['--report', '--format', 'pdf', ...OFFLINE], "unknown report format 'pdf'"],
    [['--plan', 'extra', ...OFFLINE], "unexpected argument 'extra'"],
    [['show', 'a.json', 'b.json'], "unexpected argument 'b.json'"],
    [['show'], 'show needs the saved plan: reconcile show plan.json'],
    [[], 'no command given'],
    [['--validate', '--spec', ''], '--spec needs a value, got an empty string'],
    [['--report', '--out', '', ...OFFLINE], '--out needs a value, got an empty string'],
    [['--plan', '--prune-prefix', '', ...OFFLINE], '--prune-prefix needs a value, got an empty string'],
    [['--restore', ''], 'restore needs the backup directory'],
  ])(
    'GIVEN %j WHEN run THEN exit 1 with one clear message, nothing on stdout, no stack',
    async (args, message) => {
      expect(await usageError(args)).toContain(message);
    },
  );

  it('GIVEN an unknown --log-level WHEN run THEN a usage error lists the levels (not an internal error)', async () => {
    const err = await usageError(['--plan', '--log-level', 'verbose', ...OFFLINE]);
    expect(err).toContain("--log-level: unknown level 'verbose'");
    expect(err).toContain('trace, debug, info, warn, error, fatal, silent');
  });

  it('GIVEN a known --log-level in any case WHEN run THEN the command runs', async () => {
    const r = await run(['--plan', '--log-level', 'WARN', ...OFFLINE]);
    expect(r.code).toBe(2);
  });

  it('GIVEN an unknown LOG_LEVEL in the environment WHEN run THEN a usage error names the variable', async () => {
    const r = await runCli(['--plan', ...OFFLINE], { cwd: ROOT, env: { LOG_LEVEL: 'loud' } });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("LOG_LEVEL: unknown level 'loud'");
  });
});

describe('did you mean: unknown commands and options', () => {
  it.each([
    [['--plna'], `unknown option '--plna' (did you mean "--plan"?)`],
    [['plan', '--jsno'], `unknown option '--jsno' (did you mean "--json"?)`],
    [['validate', '--sepc', 'x'], `unknown option '--sepc' (did you mean "--spec"?)`],
    [['-plan'], `unknown option '-plan' (did you mean "--plan"?)`],
    [['pln'], `unknown command 'pln' (did you mean "plan"?)`],
    [['valdiate'], `unknown command 'valdiate' (did you mean "validate"?)`],
  ])('GIVEN %j WHEN run THEN exit 1 and the message suggests the closest name', async (args, message) => {
    expect(await usageError(args)).toContain(message);
  });

  it('GIVEN a word that resembles no command WHEN run THEN the message lists the commands', async () => {
    const err = await usageError(['backup-spec.yaml']);
    expect(err).toContain("unknown command 'backup-spec.yaml'");
    expect(err).toContain(COMMAND_NAMES.join(', '));
  });
});

describe('per-command options: an option the command does not take is an error with a hint', () => {
  it.each([
    [
      ['validate', '--out', 'x'],
      '--out is not an option of validate: it is an option of plan, snapshot, report, import, drill, init',
    ],
    [['--validate', '--live', 'x'], '--live is not an option of validate: it is an option of plan, report'],
    [
      ['plan', '--regions', 'eu-west-1', ...OFFLINE],
      '--regions is not an option of plan (did you mean "--region"?)',
    ],
    [['plan', '--format', 'md', ...OFFLINE], '--format is not an option of plan: it is an option of report'],
    [
      ['report', '--markdown', ...OFFLINE],
      '--markdown is not an option of report: report prints Markdown by default',
    ],
    [['init', '--spec', 'x.yaml'], '--spec is not an option of init: init writes the file named by --out'],
    [
      ['import', '--spec', 'x.yaml', '--out', 'y'],
      '--spec is not an option of import: import writes a new spec',
    ],
    [['show', 'p.json', '--profile', 'x'], '--profile is not an option of show'],
    [
      ['apply', '--out', 'p.json'],
      '--out is not an option of apply: save a plan with `reconcile plan --out plan.json`',
    ],
  ])('GIVEN %j WHEN run THEN exit 1: %s', async (args, message) => {
    const err = await usageError(args);
    expect(err).toContain(message);
    expect(err).toContain(`'reconcile ${args[0]?.replace(/^--/, '')} --help' lists the options`);
  });

  it('GIVEN two options the command does not take WHEN run THEN both are named at once', async () => {
    const err = await usageError(['validate', '--out', 'x', '--yes']);
    expect(err).toContain('--out is not an option of validate');
    expect(err).toContain('--yes is not an option of validate');
  });

  it('GIVEN the table WHEN every command is asked for every option THEN exactly its own and the common ones parse', () => {
    const args = (command: CommandName, option: OptionName): string[] => {
      const o = OPTIONS[option];
      const value =
        o.type === 'string'
          ? [
              `--${option}`,
              option.includes('region')
                ? 'eu-west-1'
                : option === 'max-attempts' || option === 'lock-timeout'
                  ? '5'
                  : option === 'concurrency'
                    ? '4'
                    : 'v',
            ]
          : [`--${option}`];
      const argument = command === 'restore' || command === 'show' ? ['x'] : [];
      return [command, ...argument, ...value];
    };
    for (const command of COMMAND_NAMES)
      for (const option of Object.keys(OPTIONS) as OptionName[]) {
        if (option === 'help' || option === 'version') continue;
        const attempt = () => parseCliArgs(args(command, option));
        if (optionsOf(command).has(option)) expect(attempt, `${command} --${option}`).not.toThrow();
        else expect(attempt, `${command} --${option}`).toThrow(`--${option} is not an option of ${command}`);
      }
  });
});

describe('subcommands: `reconcile plan` is `reconcile --plan`', () => {
  const cases: readonly (readonly string[])[] = [
    ['validate', '--spec', 'x.yaml', '--json'],
    ['plan', ...OFFLINE, '--out', 'p.json', '--prune-prefix', 'a-', '--prune-prefix', 'b-'],
    ['apply', 'plan.json', '--yes', '--allow-destructive', '--profile', 'p', '--region', 'eu-west-3'],
    ['snapshot', '--out', 's.json', '--endpoint-url', 'http://127.0.0.1:5000'],
    [
      'report',
      ...OFFLINE,
      '--out',
      'reports',
      '--format',
      'md,html',
      '--publish-sns',
      'arn:aws:sns:eu-west-1:1:t',
    ],
    [
      'import',
      '--out',
      'i.yaml',
      '--regions',
      'eu-west-1,eu-west-3',
      '--all-buckets',
      '--topic',
      't',
      '--role',
      'r',
    ],
    ['restore', '.reconcile/backups/2026-01-01T00-00-00Z', '--json', '--yes', '--lock-timeout', '30'],
    ['unlock', '--lock', 's3://team-locks/prod.lock', '--json'],
    ['permissions', '--for', 'report', '--json', '--publish-sns', 'arn:aws:sns:eu-west-1:1:t'],
    ['show', 'plan.json', '--markdown'],
    ['drill', 'deleted-file-recent', '--yes', '--json', '--out', 'drills', '--region', 'eu-west-1'],
    ['init', '--out', 'starter.yaml'],
  ];

  it('GIVEN a case per command WHEN parsed as subcommand and as flag THEN the options are identical', () => {
    expect(new Set(cases.map((c) => c[0]))).toEqual(new Set(COMMAND_NAMES));
    for (const [command, ...rest] of cases) {
      const sub = parseCliArgs([command as string, ...rest]);
      const flag = parseCliArgs([`--${command}`, ...rest]);
      expect(sub.kind).toBe('run');
      expect(flag, String(command)).toEqual(sub);
      // The flag may come anywhere, as before.
      expect(parseCliArgs([...rest, `--${command}`]), String(command)).toEqual(sub);
    }
  });

  it('GIVEN the command named both ways WHEN parsed THEN it is one command, not a conflict', () => {
    expect(parseCliArgs(['plan', '--plan', ...OFFLINE])).toEqual(parseCliArgs(['plan', ...OFFLINE]));
  });

  it.each(['validate', 'plan', 'report'])(
    'GIVEN the guide spec offline WHEN `%s` and `--%s` run THEN stdout, stderr and exit code are the same',
    async (command) => {
      const extra = command === 'validate' ? [] : ['--live', 'fixtures/guide-before/live.json'];
      const env = { LOG_LEVEL: 'silent' };
      const sub = await runCli([command, ...extra], { cwd: ROOT, env });
      const flag = await runCli([`--${command}`, ...extra], { cwd: ROOT, env });
      expect(sub.stdout.length).toBeGreaterThan(0);
      // The report stamps its generation time: compare without it.
      const untimed = (s: string) => s.replace(/\d{4}-\d\d-\d\dT[\d:.]+Z/g, '<time>');
      expect(untimed(flag.stdout)).toBe(untimed(sub.stdout));
      expect(flag.stderr).toBe(sub.stderr);
      expect(flag.code).toBe(sub.code);
    },
  );
});

describe('--region and --regions are checked against the AWS region list', () => {
  it.each([
    [
      ['plan', '--region', 'eu-west1', ...OFFLINE],
      `--region: 'eu-west1' is not an AWS region (did you mean "eu-west-1"?)`,
    ],
    [['plan', '--region', 'EU-WEST-1', ...OFFLINE], `(did you mean "eu-west-1"?)`],
    [['plan', '--region', 'eu-wets-1', ...OFFLINE], `(did you mean "eu-west-1"?)`],
    [
      ['import', '--out', 'x', '--regions', 'eu-west-1,us-est-1'],
      `--regions: 'us-est-1' is not an AWS region (did you mean "us-east-1"?)`,
    ],
    [['plan', '--region', 'moon-base-1', ...OFFLINE], 'add --allow-unknown-region'],
    [['plan', '--region', 'cn-north-1', ...OFFLINE], "'cn-north-1' is a region of the aws-cn partition"],
    [['plan', '--region', 'us-gov-west-1', '--allow-unknown-region', ...OFFLINE], 'aws-us-gov partition'],
    [
      ['plan', '--region', 'not a region', '--allow-unknown-region', ...OFFLINE],
      "'not a region' is not an AWS region",
    ],
  ])('GIVEN %j WHEN run THEN exit 1: %s', async (args, message) => {
    expect(await usageError(args)).toContain(message);
  });

  it('GIVEN a region newer than the list and --allow-unknown-region WHEN parsed THEN it is accepted as given', () => {
    const parsed = parseCliArgs(['plan', '--region', 'eu-west-9', '--allow-unknown-region']);
    expect(parsed).toMatchObject({ kind: 'run', options: { region: 'eu-west-9', allowUnknownRegion: true } });
    expect(() => parseCliArgs(['plan', '--region', 'eu-west-9'])).toThrow('add --allow-unknown-region');
  });

  it('GIVEN a known region WHEN run offline THEN the command runs', async () => {
    const r = await runCli(['plan', '--region', 'eu-central-2', ...OFFLINE], {
      cwd: ROOT,
      env: { LOG_LEVEL: 'silent' },
    });
    expect(r.code).toBe(2);
  });
});

describe('--max-attempts: SDK attempts per AWS call (retry mode adaptive)', () => {
  it('GIVEN no --max-attempts WHEN parsed THEN apply, restore and report default to 8, the read-only commands to the SDK 3, and commands without AWS have none', () => {
    const attempts = (args: string[]) => {
      const parsed = parseCliArgs(args);
      return parsed.kind === 'run' ? parsed.options.maxAttempts : 'not run';
    };
    expect(attempts(['apply'])).toBe(8);
    expect(attempts(['restore', 'dir'])).toBe(8);
    expect(attempts(['report'])).toBe(8);
    expect(attempts(['plan'])).toBe(3);
    expect(attempts(['snapshot', '--out', 'x'])).toBe(3);
    expect(attempts(['import', '--out', 'x'])).toBe(3);
    expect(attempts(['validate'])).toBeUndefined();
    expect(attempts(['apply', '--max-attempts', '12'])).toBe(12);
    expect(attempts(['plan', '--max-attempts', '1'])).toBe(1);
  });

  it.each([['0'], ['21'], ['2.5'], ['eight'], ['-3']])(
    'GIVEN --max-attempts %s WHEN run THEN a usage error says what it takes',
    async (value) => {
      expect(await usageError(['plan', ...OFFLINE, `--max-attempts=${value}`])).toContain(
        `--max-attempts needs a whole number from 1 to 20 (attempts per AWS call, the first included), got '${value}'`,
      );
    },
  );

  it('GIVEN a negative number as the next argument (no =) WHEN parsed THEN it is the option value and gets the option message, not the parser "ambiguous" one', async () => {
    const message = await usageError(['plan', ...OFFLINE, '--max-attempts', '-3']);
    expect(message).toContain(
      "--max-attempts needs a whole number from 1 to 20 (attempts per AWS call, the first included), got '-3'",
    );
    expect(message).not.toContain('ambiguous');
    expect(await usageError(['apply', '--lock-timeout', '-5'])).toContain(
      "--lock-timeout needs a number of seconds (0 or more), got '-5'",
    );
    // a dash word that is not a number is still an option
    expect(await usageError(['plan', ...OFFLINE, '--max-attempts', '-x'])).toContain('argument is ambiguous');
  });
});

describe('the command table', () => {
  it.each(COMMAND_NAMES)(
    'GIVEN %s WHEN its implementation is loaded THEN it is a command function',
    async (command) => {
      const run = await COMMANDS[command].load();
      expect(typeof run).toBe('function');
    },
  );

  it('GIVEN --version with or without a command WHEN run THEN the version, exit 0', async () => {
    const pkg = JSON.parse(readFileSync(`${ROOT}/package.json`, 'utf8')) as { version: string };
    for (const args of [['--version'], ['plan', '--version']]) {
      const r = await run(args);
      expect(r.code).toBe(0);
      expect(r.stdout).toBe(`${pkg.version}\n`);
    }
  });
});

describe('help', () => {
  it('GIVEN --help WHEN run THEN every command (both forms) and every option is listed, exit 0', async () => {
    const r = await run(['--help']);
    expect(r.code).toBe(0);
    for (const c of COMMAND_NAMES) expect(r.stdout).toMatch(new RegExp(`^  ${c}\\b`, 'm'));
    expect(r.stdout).toContain("'reconcile plan' = 'reconcile --plan'");
    for (const o of Object.keys(OPTIONS)) expect(r.stdout).toContain(`--${o}`);
    for (const line of r.stdout.split('\n')) expect(line.length, line).toBeLessThanOrEqual(100);
  });

  it.each(COMMAND_NAMES)(
    'GIVEN `%s --help` WHEN run THEN only the options of that command are listed',
    async (command) => {
      const r = await run([command, '--help']);
      expect(r.code).toBe(0);
      expect(r.stdout).toContain(`Usage: reconcile ${command}`);
      // The option column: `  --spec FILE ...` or `  -y, --yes ...` at the start of a line.
      const listed = new Set([...r.stdout.matchAll(/^ {2}(?:-\w, )?--([\w-]+)/gm)].map((m) => m[1]));
      expect(listed).toEqual(new Set(optionsOf(command)));
    },
  );

  it('GIVEN the README WHEN read THEN its CLI reference names every command, both forms, and every option', () => {
    const readme = readFileSync(`${ROOT}/README.md`, 'utf8');
    const cli = readme.slice(readme.indexOf('## CLI reference'), readme.indexOf('## Spec reference'));
    for (const c of COMMAND_NAMES) {
      expect(cli, c).toContain(`\`${c}`);
      expect(cli, c).toContain(`--${c}`);
    }
    for (const o of Object.keys(OPTIONS)) expect(cli, o).toContain(`--${o}`);
  });
});
