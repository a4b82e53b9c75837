/**
 * `reconcile show PLAN.json`: a saved plan rendered again, offline. The golden scenarios under
 * fixtures/ hold each plan in its three forms (plan.json, plan.txt, plan.md, all made from the same
 * Plan by test/golden): showing plan.json gives back plan.json exactly, and the same lines as
 * plan.txt and plan.md. Only the order of keys inside a nested value may differ: the saved JSON
 * sorts an attribute's keys, while `plan` renders them in the order the spec gave.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, tempDir } from '../support/cli.js';

const ROOT = join(import.meta.dirname, '..', '..');
const FIXTURES = join(ROOT, 'fixtures');
const SCENARIOS = readdirSync(FIXTURES).filter((d) => {
  try {
    return readdirSync(join(FIXTURES, d)).includes('plan.json');
  } catch {
    return false;
  }
});

/** No AWS settings and no credentials at all: a command that tried AWS would fail. */
const OFFLINE_ENV = {
  LOG_LEVEL: 'silent',
  AWS_ENDPOINT_URL: 'http://127.0.0.1:1',
  AWS_PROFILE: 'does-not-exist',
};

const show = (args: string[], cwd = ROOT) => runCli(['show', ...args], { cwd, env: OFFLINE_ENV });

/** A JSON value with every object's keys sorted. */
function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v === null || typeof v !== 'object') return v;
  return Object.fromEntries(
    Object.entries(v)
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([k, x]) => [k, sortKeys(x)]),
  );
}

/** A line with an inline JSON value at its end (`- {"protocol":...}`) written with sorted keys. */
function canonicalLine(line: string): string {
  for (let i = 0; i < line.length; i++) {
    if (line[i] !== '{' && line[i] !== '[') continue;
    try {
      return `${line.slice(0, i)}${JSON.stringify(sortKeys(JSON.parse(line.slice(i))))}`;
    } catch {
      // not JSON from here: try the next bracket
    }
  }
  return line;
}

/** The lines of a rendering, each key-order independent, in sorted order. */
const sortedLines = (text: string) => text.split('\n').map(canonicalLine).sort();

describe('reconcile show PLAN.json', () => {
  it('GIVEN the golden scenarios WHEN listed THEN there are several to check', () => {
    expect(SCENARIOS.length).toBeGreaterThanOrEqual(5);
  });

  it.each(SCENARIOS)(
    'GIVEN fixtures/%s/plan.json WHEN shown THEN --json equals it, text and --markdown have the golden lines, exit 0',
    async (dir) => {
      const file = join('fixtures', dir, 'plan.json');
      const golden = (name: string) => readFileSync(join(FIXTURES, dir, name), 'utf8');
      const text = await show([file]);
      expect(text.stderr).toBe('');
      expect(text.code).toBe(0);
      expect(sortedLines(text.stdout)).toEqual(sortedLines(golden('plan.txt')));
      expect(sortedLines((await show([file, '--markdown'])).stdout)).toEqual(sortedLines(golden('plan.md')));
      expect((await show(['--json', file])).stdout).toBe(golden('plan.json'));
    },
  );

  it.each(['in-sync', 'alarm-threshold-changed', 'iam-broadened', 'unreadable'])(
    'GIVEN fixtures/%s (no nested value created or deleted) WHEN shown THEN text and --markdown equal the goldens exactly',
    async (dir) => {
      const file = join('fixtures', dir, 'plan.json');
      expect((await show([file])).stdout).toBe(readFileSync(join(FIXTURES, dir, 'plan.txt'), 'utf8'));
      expect((await show([file, '--markdown'])).stdout).toBe(
        readFileSync(join(FIXTURES, dir, 'plan.md'), 'utf8'),
      );
    },
  );

  it('GIVEN the flag form WHEN shown THEN the output is the same', async () => {
    const file = join('fixtures', 'guide-before', 'plan.json');
    const sub = await show([file]);
    const flag = await runCli(['--show', file], { cwd: ROOT, env: OFFLINE_ENV });
    expect(flag).toEqual(sub);
  });

  it('GIVEN --color WHEN shown THEN the text carries ANSI colours (the renderer of `plan`)', async () => {
    const r = await show([join('fixtures', 'guide-before', 'plan.json'), '--color']);
    expect(r.stdout).toContain('\u001b[');
  });

  it('GIVEN a file that does not exist WHEN shown THEN exit 1 naming it', async () => {
    const r = await show(['nope.json']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('cannot read saved plan');
    expect(r.stderr).toContain('nope.json: no such file');
    expect(r.stdout).toBe('');
  });

  it.each([
    ['not JSON', '{', 'not JSON'],
    [
      'a snapshot, not a plan',
      JSON.stringify({ formatVersion: 1, account: '1', resources: {} }),
      'not a saved plan (spec/plan.schema.json):\n  account: expected a 12-digit AWS account id\n',
    ],
    ['another format version', JSON.stringify({ formatVersion: 2 }), 'formatVersion 2, expected 1'],
  ])('GIVEN %s WHEN shown THEN exit 1 with what is wrong, no stack', async (_what, content, message) => {
    const dir = tempDir('show-test-');
    writeFileSync(join(dir, 'plan.json'), content);
    const r = await show(['plan.json'], dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(message);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});
