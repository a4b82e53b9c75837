import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';

const ROOT = join(import.meta.dirname, '..', '..');
const WEBHOOK =
  'https://user:pa55word@hooks.example.com/services/T0SECRET/B0SECRET/XyZsecretToken?token=qs-secret-123';
/** Every distinctive piece of the planted webhook URL. */
const SECRET_PARTS = ['pa55word', 'T0SECRET', 'B0SECRET', 'XyZsecretToken', 'qs-secret-123', 'user:pa55word'];
const tmp = mkdtempSync(join(tmpdir(), 'plan-cli-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const run = (args: string[], env: Record<string, string> = {}) => runCli(args, { cwd: ROOT, env });

const scenario = (name: string) => [
  '--spec',
  `fixtures/${name}/backup-spec.yaml`,
  '--live',
  `fixtures/${name}/live.json`,
];

describe('reconcile --plan', () => {
  it('GIVEN live state in sync WHEN planned THEN exit 0 and "No changes."', async () => {
    const r = await run(['--plan', ...scenario('in-sync')]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('No changes. Your AWS backup configuration matches the spec.');
  });

  it('GIVEN changes WHEN planned THEN exit 2 and the summary line', async () => {
    const r = await run(['--plan', ...scenario('retention-shortened')]);
    expect(r.code).toBe(2);
    expect(r.stdout).toContain('Plan: 0 to create, 1 to update, 0 to delete, 0 blocked.');
    expect(r.stdout).not.toContain('\u001b['); // not a TTY: no colour
  });

  it('GIVEN --color WHEN planned THEN ANSI colours are used', async () => {
    const r = await run(['--plan', '--color', ...scenario('retention-shortened')]);
    expect(r.stdout).toContain('\u001b[');
  });

  it('GIVEN unreadable resources WHEN planned THEN exit 1 and the plan says it is INCOMPLETE', async () => {
    const r = await run(['--plan', ...scenario('unreadable')]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('this plan is INCOMPLETE');
  });

  it('GIVEN only blocked changes WHEN planned THEN they count as changes (exit 2)', async () => {
    const r = await run(['--plan', ...scenario('blocked-and-deleted')]);
    expect(r.code).toBe(2);
    expect(r.stdout).toContain('2 blocked');
  });

  it('GIVEN --json WHEN planned THEN stdout is the versioned JSON plan', async () => {
    const r = await run(['--plan', '--json', ...scenario('alarm-threshold-changed')]);
    const plan = JSON.parse(r.stdout);
    expect(plan.formatVersion).toBe(1);
    expect(Object.keys(plan)).toEqual([
      'formatVersion',
      'account',
      'createdAt',
      'specFile',
      'complete',
      'summary',
      'changes',
      'unchecked',
      'layers',
      'liveFingerprint',
      // The fixture's spec has a lint finding (an alarm on a replication metric of another region).
      'lint',
    ]);
    const change = plan.changes.find((c: { action: string }) => c.action === 'update');
    expect(change.fieldDiffs).toEqual([
      {
        path: '/threshold',
        before: 900000,
        after: 900,
        forcesReplacement: false,
        specField: 'threshold',
        specPath: 'cloudwatch.alarms.media-replication-lag.threshold',
        specLine: 84,
      },
    ]);
    expect(change.risk).toBe('medium');
  });

  it('GIVEN --markdown WHEN planned THEN stdout is a Markdown comment with collapsible details', async () => {
    const r = await run(['--plan', '--markdown', ...scenario('iam-broadened')]);
    expect(r.stdout.startsWith('## reconcile plan')).toBe(true);
    expect(r.stdout).toContain('<details>');
    expect(r.stdout).toContain('IAM permissions broadened: s3:DeleteObjectVersion');
  });

  it('GIVEN --out WHEN planned THEN the JSON plan with its live fingerprint is saved with mode 0600', async () => {
    const file = join(tmp, 'plan.json');
    const r = await run(['--plan', '--out', file, ...scenario('retention-shortened')]);
    expect(r.code).toBe(2);
    const saved = JSON.parse(readFileSync(file, 'utf8'));
    expect(saved.liveFingerprint).toMatch(/^[0-9a-f]{64}$/);
    expect(saved.summary.update).toBe(1);
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });

  it('GIVEN --out in a directory that does not exist WHEN planned THEN exit 1 with one clear line (not the raw Node message)', async () => {
    const file = join(tmp, 'no-such-dir', 'plan.json');
    const r = await run(['--plan', '--out', file, ...scenario('retention-shortened')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(`cannot write the plan to ${file}: the directory does not exist\n`);
  });

  it('GIVEN an invalid spec path WHEN planned THEN exit 1 with one clear message and no stack', async () => {
    const r = await run(['--plan', '--spec', 'no/such/spec.yaml', '--live', 'fixtures/in-sync/live.json']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('cannot read spec file no/such/spec.yaml');
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('GIVEN a planted https webhook secret (basic-auth, path token, query) WHEN planned in every format, saved and logged THEN it never appears', async () => {
    const env = { ALERTS_WEBHOOK_URL: WEBHOOK };
    const file = join(tmp, 'secret-plan.json');
    const outputs: string[] = [];
    for (const format of [[], ['--json'], ['--markdown']]) {
      const r = await run(
        ['--plan', ...format, '--log-level', 'trace', '--out', file, ...scenario('secret-endpoint')],
        env,
      );
      expect(r.code).toBe(2);
      expect(r.stdout).toContain('hooks.example.com'); // the subscription is there, redacted
      outputs.push(r.stdout, r.stderr, readFileSync(file, 'utf8'));
    }
    // the logs were really written (trace level), so the check below covers them
    expect(outputs.some((o) => o.includes('plan saved'))).toBe(true);
    for (const o of outputs) for (const part of SECRET_PARTS) expect(o).not.toContain(part);
  });
});
