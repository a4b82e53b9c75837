/** `plan --target` offline (the guide's starting snapshot) and the address globs (issue 15). */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { targetMatcher } from '../../src/cli/targets.js';
import { runCli } from '../support/cli.js';

const ROOT = join(import.meta.dirname, '..', '..');
const plan = (...args: string[]) =>
  runCli(['plan', '--live', 'fixtures/guide-before/live.json', '--log-level', 'silent', '--json', ...args], {
    cwd: ROOT,
  });
const addresses = (stdout: string) =>
  (JSON.parse(stdout).changes as { address: string; action: string }[]).map(
    (c) => `${c.action} ${c.address}`,
  );

describe('targetMatcher', () => {
  it.each([
    ['s3.bucket/mne-*', 's3.bucket/mne-media-prod', true],
    ['s3.bucket/mne-*', 'iam.role/mne-x', false],
    ['*/eu-west-1/*', 'cloudwatch.alarm/eu-west-1/lag', true],
    ['s3.bucket/mne-media-pro?', 's3.bucket/mne-media-prod', true],
    ['s3.bucket/mne.media', 's3.bucket/mne-media', false],
    ['s3.bucket/mne-media-prod', 's3.bucket/mne-media-prod-2', false],
  ])('GIVEN %s WHEN matched against %s THEN %s', (pattern, address, expected) => {
    expect(targetMatcher(pattern)(address)).toBe(expected);
  });
});

describe('plan --target (offline)', () => {
  it('GIVEN an alarm whose topic does not exist WHEN planned THEN the plan holds the alarm and the topic, and stderr says why', async () => {
    const r = await plan('--target', 'cloudwatch.alarm/eu-west-3/mnemonica-media-replication-lag');
    expect(r.code).toBe(2);
    expect(addresses(r.stdout)).toEqual([
      'create cloudwatch.alarm/eu-west-3/mnemonica-media-replication-lag',
      'create sns.topic/eu-west-3/mnemonica-backup-alerts-dr',
    ]);
    expect(r.stderr).toContain(
      '--target: also sns.topic/eu-west-3/mnemonica-backup-alerts-dr: cloudwatch.alarm/eu-west-3/mnemonica-media-replication-lag depends on it and it does not exist in AWS yet',
    );
  });

  it('GIVEN two patterns WHEN planned THEN both are planned, existing dependencies (the replication role) left out', async () => {
    const r = await plan('--target', 's3.bucket/mne-media-*', '--target', 'rds.instance/*');
    expect(addresses(r.stdout)).toEqual([
      'no-op rds.instance/eu-west-1/eks-mnemonica-prod',
      'update s3.bucket/mne-media-prod',
      'update s3.bucket/mne-media-replica',
    ]);
    expect(r.stderr).not.toContain('--target: also');
  });

  it('GIVEN the flag form WHEN --target is given to validate THEN it is a usage error naming who takes it', async () => {
    const r = await runCli(['validate', '--target', 'x'], { cwd: ROOT });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('--target is not an option of validate: it is an option of plan, apply');
  });
});
