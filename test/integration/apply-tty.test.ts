/**
 * `reconcile apply` on a real terminal (issue 15), driven through tmux against the strict emulator:
 * the Step-0 backup message comes before the first write, each resource gets one progress line that
 * is rewritten in place when its step ends (`s3.bucket/x: creating… done in 0.1s`), and pino stays at
 * warn (no JSON log lines) because no --log-level was given. The pane's text is what a person sees.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACCOUNT, motoEndpoint, useMoto } from '../support/moto.js';

useMoto();

const ROOT = join(import.meta.dirname, '..', '..');
const SOCKET = `reconcile-tty-${process.pid}`;
const tmux = (...args: string[]) =>
  execFileSync('tmux', ['-L', SOCKET, '-f', '/dev/null', ...args], { encoding: 'utf8' });
const hasTmux = (() => {
  try {
    execFileSync('tmux', ['-V']);
    return true;
  } catch {
    return false;
  }
})();

const SPEC = `version: 1
account: "${ACCOUNT}"
defaultRegion: eu-west-1
s3:
  buckets:
    tty-progress-a:
      region: eu-west-1
      versioning: Enabled
    tty-progress-b:
      region: eu-west-1
      versioning: Enabled
sns:
  topics:
    tty-progress-topic:
      region: eu-west-1
      subscriptions: []
`;

const RESOURCES = [
  's3.bucket/tty-progress-a',
  's3.bucket/tty-progress-b',
  'sns.topic/eu-west-1/tty-progress-topic',
];

let screen = '';
let exitLine = '';

async function waitFor(file: string, seconds: number): Promise<void> {
  for (let i = 0; i < seconds * 10; i++) {
    if (existsSync(file)) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`the command did not finish in ${seconds}s`);
}

beforeAll(async () => {
  if (!hasTmux) return;
  const cwd = mkdtempSync(join(tmpdir(), 'reconcile-tty-'));
  writeFileSync(join(cwd, 'backup-spec.yaml'), SPEC);
  const done = join(cwd, 'exit-code');
  const script = [
    `cd ${JSON.stringify(cwd)}`,
    'export AWS_ACCESS_KEY_ID=testing AWS_SECRET_ACCESS_KEY=testing NO_COLOR=1 AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED=true',
    'unset AWS_PROFILE LOG_LEVEL',
    // tsx by its resolved URL: the working directory is a temporary one, without node_modules
    `node --import ${JSON.stringify(import.meta.resolve('tsx'))} ${JSON.stringify(join(ROOT, 'src/cli/main.ts'))} apply --yes --endpoint-url ${motoEndpoint()}`,
    `echo "exit=$?" > ${JSON.stringify(done)}`,
    'sleep 300',
  ].join('\n');
  writeFileSync(join(cwd, 'run.sh'), script);
  // A wide, tall pane, so the whole run stays on screen (no wrapping, no scrolling away).
  tmux(
    'new-session',
    '-d',
    '-s',
    'apply',
    '-x',
    '220',
    '-y',
    '200',
    '-c',
    ROOT,
    `bash ${join(cwd, 'run.sh')}`,
  );
  await waitFor(done, 90);
  exitLine = readFileSync(done, 'utf8').trim();
  screen = tmux('capture-pane', '-p', '-t', 'apply', '-S', '-', '-J');
}, 120_000);

afterAll(() => {
  if (!hasTmux) return;
  try {
    tmux('kill-server');
  } catch {
    // already gone
  }
});

describe.skipIf(!hasTmux)('apply progress on a terminal (tmux)', () => {
  it('GIVEN three resources to create WHEN applied on a TTY THEN it converges (exit 0)', () => {
    expect(exitLine).toBe('exit=0');
  });

  it('GIVEN the run WHEN looking at the screen THEN each resource has exactly one progress line, finished in place', () => {
    const lines = screen.split('\n');
    for (const address of RESOURCES) {
      const mine = lines.filter((l) => l.startsWith(`${address}: `));
      expect(mine, screen).toHaveLength(1);
      expect(mine[0]).toMatch(
        new RegExp(`^${address.replace(/[./]/g, '\\$&')}: creating… done in \\d+(\\.\\d)?m?s$`),
      );
    }
  });

  it('GIVEN the run WHEN looking at the screen THEN the Step-0 backup message comes before the first progress line', () => {
    const lines = screen.split('\n');
    const backup = lines.findIndex((l) =>
      l.startsWith('Saving the current configuration of each resource to '),
    );
    const first = lines.findIndex((l) => RESOURCES.some((a) => l.startsWith(`${a}: `)));
    expect(backup).toBeGreaterThanOrEqual(0);
    expect(first).toBeGreaterThan(backup);
    expect(lines[backup]).toContain('(undo with: reconcile restore .reconcile/backups/');
  });

  it('GIVEN no --log-level WHEN applied on a TTY THEN no info logs are printed (pino at warn)', () => {
    expect(screen).not.toContain('"level":30');
    expect(screen).not.toMatch(/INFO/);
    expect(screen).toContain('Plan: 3 to create');
  });
});
