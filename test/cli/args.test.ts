import { describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';

const ROOT = `${import.meta.dirname}/../..`;

const run = (args: string[]) => runCli(args, { cwd: ROOT });

const OFFLINE = ['--spec', 'backup-spec.yaml', '--live', 'fixtures/guide-before/live.json'];

describe('reconcile command-line usage errors', () => {
  it.each([
    [['--bogus'], "Unknown option '--bogus'"],
    [['--plan', '--validate'], 'choose one command, got --validate and --plan'],
    [['--plan', '--json', '--markdown', ...OFFLINE], 'choose one of --json and --markdown'],
    [['--apply', '--live', 'x.json'], '--apply cannot be combined with --live'],
    [['--restore'], '--restore needs the backup directory'],
    [['--snapshot'], '--snapshot needs --out FILE'],
    [['--import'], '--import needs --out FILE'],
    [['--report', '--format', 'pdf', ...OFFLINE], "unknown report format 'pdf'"],
    [['--plan', 'extra', ...OFFLINE], "unexpected argument 'extra'"],
    [[], 'no command given'],
    [['--validate', '--spec', ''], '--spec needs a value, got an empty string'],
    [['--report', '--out', '', ...OFFLINE], '--out needs a value, got an empty string'],
    [['--plan', '--prune-prefix', '', ...OFFLINE], '--prune-prefix needs a value, got an empty string'],
    [['--restore', ''], '--restore needs the backup directory'],
  ])(
    'GIVEN %j WHEN run THEN exit 1 with one clear message, nothing on stdout, no stack',
    async (args, message) => {
      const r = await run(args);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain(message);
      expect(r.stderr).not.toContain('internal error');
      expect(r.stderr).not.toMatch(/\n\s+at /);
      expect(r.stdout).toBe('');
    },
  );

  it('GIVEN an unknown --log-level WHEN run THEN a usage error lists the levels (not an internal error)', async () => {
    const r = await run(['--plan', '--log-level', 'verbose', ...OFFLINE]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("--log-level: unknown level 'verbose'");
    expect(r.stderr).toContain('trace, debug, info, warn, error, fatal, silent');
    expect(r.stderr).not.toContain('internal error');
    expect(r.stdout).toBe('');
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
