/**
 * Consistent plan rendering (issue 15), through the real CLI on the golden scenarios: nested values as
 * YAML (never inline JSON), `(N unchanged fields hidden)`, deletions listing the whole configuration,
 * policy tables within the terminal's width (100 columns off a TTY), and a legend naming exactly
 * the symbols the plan uses.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { runCli } from '../support/cli.js';

const ROOT = join(import.meta.dirname, '..', '..');
const SCENARIOS = readdirSync(join(ROOT, 'fixtures'), { withFileTypes: true })
  .filter((d) => d.isDirectory() && readdirSync(join(ROOT, 'fixtures', d.name)).includes('plan.json'))
  .map((d) => d.name);

/** `plan` of a golden scenario (the guide's starting state: the fixture's own spec, or ours). */
function planArgs(dir: string): string[] {
  const own = readdirSync(join(ROOT, 'fixtures', dir)).includes('backup-spec.yaml');
  return [
    'plan',
    '--spec',
    own ? join('fixtures', dir, 'backup-spec.yaml') : 'backup-spec.yaml',
    '--live',
    join('fixtures', dir, 'live.json'),
    '--log-level',
    'silent',
  ];
}

/** Runs the CLI with stdout as a terminal of `columns` columns. */
async function onTerminal(args: string[], columns: number): Promise<string> {
  const out: string[] = [];
  const stdout = Object.assign(
    new Writable({
      write(chunk, _enc, done) {
        out.push(String(chunk));
        done();
      },
    }),
    { isTTY: true, columns },
  );
  const stderr = new Writable({ write: (_c, _e, done) => done() });
  await main([...args, '--no-color'], { stdout, stderr, stdinIsTTY: false, env: {}, cwd: ROOT });
  return out.join('');
}

const LEGEND_WORDS: Readonly<Record<string, string>> = {
  '+': '+ create',
  '~': '~ update in place',
  '-/+': '-/+ replace',
  '-': '- delete',
  '!': '! blocked',
  '*': '* note',
  '(!)': '(!) permissions broadened',
  '=': '= in sync',
  '?': '? unchecked',
};

/** The symbols the plan's lines start with, outside YAML value blocks and tables. */
function symbolsUsed(text: string): Set<string> {
  const used = new Set<string>();
  let block = -1; // indent of the YAML value block being skipped
  for (const l of text.split('\n')) {
    const indent = l.length - l.trimStart().length;
    if (block >= 0 && indent > block) continue;
    block = -1;
    const m = /^\s*(-\/\+|\(!\)|[-+~!*=?])\s/.exec(l);
    if (!m?.[1]) continue;
    used.add(m[1]);
    // `+ field:` with nothing after it opens a YAML block, whose own `- ` items are not symbols
    if (/:( {2}\(.*\))?$/.test(l)) block = indent;
  }
  return used;
}

describe('plan rendering', () => {
  it.each(SCENARIOS)(
    'GIVEN fixtures/%s WHEN planned THEN the legend names every symbol used, and only those',
    async (dir) => {
      const r = await runCli(planArgs(dir), { cwd: ROOT });
      const lines = r.stdout.split('\n');
      const start = lines.findIndex((l) => l.startsWith('Symbols: '));
      const end = start < 0 ? -1 : lines.indexOf('', start);
      const legend = start < 0 ? '' : lines.slice(start, end).join('\n');
      // the legend wraps within 100 columns, entries whole
      for (const l of lines.slice(start, end)) expect(l.length).toBeLessThanOrEqual(100);
      const used = symbolsUsed(lines.filter((_, i) => i < start || i >= end).join('\n'));
      if (r.stdout.includes('No changes.')) return expect(legend).toBe('');
      for (const s of Object.keys(LEGEND_WORDS))
        if (used.has(s)) expect(legend).toContain(LEGEND_WORDS[s]);
        else expect(legend).not.toContain(LEGEND_WORDS[s]);
    },
  );

  it('GIVEN the guide before WHEN planned THEN nested values are YAML, not inline JSON', async () => {
    const r = await runCli(planArgs('guide-before'), { cwd: ROOT });
    expect(r.stdout).not.toMatch(/: \{"/);
    expect(r.stdout).not.toMatch(/[-:] \[\{/);
    expect(r.stdout).toContain('          noncurrentVersionExpiration:\n            noncurrentDays: 180');
    expect(r.stdout).toContain(
      '          - endpoint: "backup-alerts@example.com"\n            protocol: "email"',
    );
  });

  it('GIVEN an update of some fields WHEN planned THEN the other fields are counted, not shown', async () => {
    const r = await runCli(planArgs('alarm-threshold-changed'), { cwd: ROOT });
    expect(r.stdout).toContain('~ threshold: 900000 -> 900');
    expect(r.stdout).toContain('(11 unchanged fields hidden)');
  });

  it('GIVEN a deletion WHEN planned THEN the whole configuration it removes is listed', async () => {
    const r = await runCli(planArgs('blocked-and-deleted'), { cwd: ROOT });
    const body = r.stdout.slice(r.stdout.indexOf('- cloudwatch.alarm/eu-west-1/old-replication-alarm'));
    for (const field of [
      '- comparison: "GreaterThanThreshold"',
      '- threshold: 900000',
      '- metric:',
      'name: "ReplicationLatency"',
    ])
      expect(body).toContain(field);
  });

  it('GIVEN no terminal WHEN planned THEN no line of a policy table is wider than 100 columns', async () => {
    const r = await runCli(planArgs('guide-before'), { cwd: ROOT });
    const table = r.stdout.split('\n').filter((l) => /^\s*[┌│├└]/.test(l));
    expect(table.length).toBeGreaterThan(10);
    for (const l of table) expect(l.length).toBeLessThanOrEqual(100);
    expect(r.stdout).toContain('│ + │ Allow  │');
  });

  it('GIVEN a terminal of 80 or 160 columns WHEN planned THEN policy tables fit it (and use it)', async () => {
    const narrow = (await onTerminal(planArgs('guide-before'), 80))
      .split('\n')
      .filter((l) => /^\s*[┌│├└]/.test(l));
    for (const l of narrow) expect(l.length).toBeLessThanOrEqual(80);
    const wide = (await onTerminal(planArgs('guide-before'), 160))
      .split('\n')
      .filter((l) => /^\s*[┌│├└]/.test(l));
    for (const l of wide) expect(l.length).toBeLessThanOrEqual(160);
    expect(Math.max(...wide.map((l) => l.length))).toBeGreaterThan(100);
    // the principal fits whole on a wide terminal
    expect(wide.join('\n')).toContain('Service:events.amazonaws.com');
  });
});
