/** `plan --target` offline (the guide's starting snapshot) and the address globs (issue 15). */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { narrowToTargets, selectTargets, targetMatcher } from '../../src/cli/targets.js';
import { desiredResource, desiredStateOf, liveStateOf } from '../support/builders/index.js';
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

describe('narrowToTargets with --prune-prefix', () => {
  const alarm = (name: string) =>
    desiredResource('cloudwatch.alarm', name, 'eu-west-1', { region: 'eu-west-1', threshold: 1 });
  const desired = desiredStateOf([alarm('app-lag'), alarm('app-errors')]);
  const present = { status: 'present', attrs: { region: 'eu-west-1', threshold: 1 } } as const;

  it('GIVEN an undeclared prunable alarm and a declared one outside the targets WHEN narrowed THEN only the targeted ones remain: a declared alarm is never a prune candidate', () => {
    const selection = selectTargets(desired, ['cloudwatch.alarm/eu-west-1/app-*'], { pruning: true });
    // read with the targets only: the declared `app-errors` is not in `reading`, so the prune
    // discovery would see it as undeclared — narrowing must drop it again
    const narrowed = narrowToTargets(
      selectTargets(desired, ['cloudwatch.alarm/eu-west-1/app-l*', 'cloudwatch.alarm/eu-west-1/app-old'], {
        pruning: true,
      }),
      desired,
      liveStateOf({
        'cloudwatch.alarm/eu-west-1/app-lag': present,
        'cloudwatch.alarm/eu-west-1/app-errors': present,
        'cloudwatch.alarm/eu-west-1/app-old': present,
      }),
    );
    expect(selection.targets.size).toBe(2);
    expect(Object.keys(narrowed.live.resources)).toEqual([
      'cloudwatch.alarm/eu-west-1/app-lag',
      'cloudwatch.alarm/eu-west-1/app-old',
    ]);
    expect(narrowed.desired.resources.map((r) => r.address)).toEqual(['cloudwatch.alarm/eu-west-1/app-lag']);
  });
});
