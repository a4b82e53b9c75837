/**
 * Every AWS command, run like a user would, against an --endpoint-url where nothing listens: one clear
 * line on stderr naming the endpoint, exit 1, nothing on stdout, no stack.
 */

import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { runCli } from '../support/cli.js';

const ROOT = join(import.meta.dirname, '..', '..');
const tmp = mkdtempSync(join(tmpdir(), 'aws-errors-cli-'));
afterAll(() => {
  rmSync(tmp, { recursive: true, force: true });
  vi.unstubAllEnvs();
});

let refused: string;
beforeAll(async () => {
  // The SDK's credential chain reads the process environment (not CliIO.env).
  vi.stubEnv('AWS_ACCESS_KEY_ID', 'testing');
  vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'testing');
  const probe = createServer();
  refused = await new Promise<string>((resolve) =>
    probe.listen(0, '127.0.0.1', () => {
      const addr = probe.address();
      resolve(`http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`);
    }),
  );
  await new Promise((resolve) => probe.close(resolve));
});

const run = (args: string[]) =>
  runCli([...args, '--endpoint-url', refused, '--log-level', 'silent'], { cwd: ROOT });

describe('AWS commands against an endpoint where nothing listens', () => {
  it.each([
    [['--plan']],
    [['--plan', '--json']],
    [['--apply', '--yes']],
    [['--snapshot', '--out', join(tmp, 'live.json')]],
    [['--report']],
    [['--import', '--out', join(tmp, 'imported.yaml'), '--all-buckets']],
  ])(
    'GIVEN %j WHEN run THEN exit 1 with "cannot reach the endpoint", nothing on stdout and no stack',
    async (args) => {
      const r = await run(args);
      expect(r.code).toBe(1);
      expect(r.stderr).toBe(
        `cannot establish AWS identity: cannot reach the endpoint ${refused} (connection refused). ` +
          'Check --endpoint-url (or AWS_ENDPOINT_URL) and that the service there is running.\n',
      );
      expect(r.stdout).toBe('');
    },
  );
});

describe('--apply with a saved plan file that does not exist', () => {
  it('GIVEN a missing plan file and an unreachable endpoint WHEN --apply PLAN THEN the missing file is the error (read before AWS is asked anything)', async () => {
    const result = await run(['--apply', join(tmp, 'no-such-plan.json'), '--yes']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/cannot read saved plan .*no-such-plan\.json: no such file/);
    expect(result.stderr).not.toMatch(/endpoint|identity/i);
  });
});
