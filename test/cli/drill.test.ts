/**
 * `reconcile drill`: what it refuses before any AWS call (no drill section, no or an unknown scenario,
 * a scenario with --cleanup, no confirmation). The drills themselves run against the emulator in
 * test/integration/drill-cli.test.ts.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, tempDir } from '../support/cli.js';

/** An endpoint nothing listens on: a command that called AWS would fail with AWS_UNREACHABLE. */
const ENV = {
  LOG_LEVEL: 'silent',
  AWS_ENDPOINT_URL: 'http://127.0.0.1:1',
  AWS_ACCESS_KEY_ID: 'testing',
  AWS_SECRET_ACCESS_KEY: 'testing',
};

const SPEC = `version: 1
account: "828879644785"
defaultRegion: eu-west-1
s3:
  buckets:
    photos:
      region: eu-west-1
      versioning: Enabled
recovery:
  scenarios:
    lost-photo:
      rpo: 1m
      rto: 60m
      resources: [{bucket: photos}]
`;

function drill(args: string[], spec: string) {
  const cwd = tempDir('drill-cli-');
  writeFileSync(join(cwd, 'backup-spec.yaml'), spec);
  return runCli(['drill', ...args], { cwd, env: ENV });
}

describe('GIVEN reconcile drill WHEN it cannot run THEN one clear line, exit 1, and no AWS call', () => {
  it('WHEN the spec has no drill section THEN DRILL_NOT_CONFIGURED names what to declare', async () => {
    const run = await drill(['lost-photo', '--yes'], SPEC);
    expect(run.code).toBe(1);
    expect(run.stderr.trim()).toBe(
      'backup-spec.yaml has no drill section: declare drill.sandbox (and optionally samples, maxAgeDays) first (spec/README.md, "drill")',
    );
  });

  it('WHEN no scenario is named THEN the usage lists the scenarios and --cleanup', async () => {
    const run = await drill(['--yes'], `${SPEC}drill:\n  sandbox: {bucket: drills}\n`);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(
      'drill needs a scenario: reconcile drill SCENARIO (one of lost-photo), or reconcile drill --cleanup',
    );
  });

  it('WHEN a scenario is given with --cleanup THEN that is a usage error', async () => {
    const run = await drill(['lost-photo', '--cleanup'], `${SPEC}drill:\n  sandbox: {bucket: drills}\n`);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('drill --cleanup takes no scenario');
  });

  it('WHEN there is no terminal and no --yes THEN the plan of the drill is shown and it refuses', async () => {
    const run = await drill(['lost-photo'], `${SPEC}drill:\n  sandbox: {bucket: drills}\n`);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(
      'copy up to 3 noncurrent object version(s) of photos into s3://drills/reconcile-drill/<run id>/',
    );
    expect(run.stderr).toContain('refusing to run a drill without confirmation');
  });

  it('WHEN --allow-destructive or --live is given THEN the reason it does not apply', async () => {
    const run = await drill(['lost-photo', '--allow-destructive'], SPEC);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('a drill never changes a declared resource');
  });
});
