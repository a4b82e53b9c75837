/**
 * Plans in the spec's own words (issue 15), through the real CLI: the guide's spec against its
 * starting snapshot, with a few settings changed in the snapshot where AWS's names differ from the
 * spec's (RDS retention, a copy's retention, an IAM trust policy, a selection's role). Text, Markdown
 * and JSON name the spec's keys and point at the lines that declare them.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli, tempDir } from '../support/cli.js';

const ROOT = join(import.meta.dirname, '..', '..');
const SPEC = readFileSync(join(ROOT, 'backup-spec.yaml'), 'utf8');
const SPEC_LINES = SPEC.split('\n');

// biome-ignore lint/suspicious/noExplicitAny: JSON documents read in a test
type Json = Record<string, any>;

/** The guide's starting snapshot with drift the spec names differently from AWS. */
function driftedLive(): Json {
  const live = JSON.parse(readFileSync(join(ROOT, 'fixtures/guide-before/live.json'), 'utf8')) as Json;
  const r = live.resources;
  r['rds.instance/eu-west-1/eks-mnemonica-prod'].attrs.backupRetentionPeriod = 14;
  const rule = r['backup.plan/eu-west-1/eks-mnemonica-6h-snapshots-180d'].attrs.rules.find(
    (x: Json) => x.name === '6-Hour-Snapshots-180-Day-Retention-DR-Copy',
  );
  rule.copyActions[0].lifecycle.deleteAfterDays = 90;
  r['iam.role/AWSBackupDefaultServiceRole'].attrs.assumeRolePolicy.Statement[0].Principal = {
    Service: ['backup.amazonaws.com', 'ec2.amazonaws.com'],
  };
  return live;
}

/** The 1-based line of the spec that declares `text` (the first after line `after`). */
function lineOf(text: string, after = 0): number {
  const i = SPEC_LINES.findIndex((l, n) => n >= after && l.includes(text));
  if (i < 0) throw new Error(`no line with ${text}`);
  return i + 1;
}

let cwd: string;
const plan = (...args: string[]) =>
  runCli(['plan', '--live', 'live.json', '--log-level', 'silent', ...args], { cwd });

beforeAll(() => {
  cwd = tempDir('spec-words-');
  writeFileSync(join(cwd, 'backup-spec.yaml'), SPEC);
  writeFileSync(join(cwd, 'live.json'), JSON.stringify(driftedLive()));
});

describe('plans in the spec words, pointing at spec lines', () => {
  it('GIVEN drift in fields AWS names differently WHEN planned as text THEN the spec keys and their lines are shown, not AWS names', async () => {
    const r = await plan();
    expect(r.code).toBe(2);
    const retention = lineOf('backupRetentionDays:');
    expect(r.stdout).toContain(`~ backupRetentionDays: 14 -> 35  (backup-spec.yaml:${retention})`);
    expect(r.stdout).toContain(
      `rds.instance/eu-west-1/eks-mnemonica-prod  (backup-spec.yaml:${lineOf('eks-mnemonica-prod: # PostgreSQL')})`,
    );
    // the copy names its vault by label (dr-default, AWS name Default): matched to the spec's item
    const copyDays = lineOf('deleteAfterDays: 180 # without it', lineOf('copyTo:'));
    expect(r.stdout).toMatch(
      new RegExp(
        `~ rules/6-Hour-Snapshots-180-Day-Retention-DR-Copy/copyTo/arn:aws:backup:eu-west-3:828879644785:backup-vault:Default/lifecycle/deleteAfterDays: 90 -> 180  \\(backup-spec\\.yaml:${copyDays}\\)`,
      ),
    );
    const trust = lineOf('trustPolicy:', lineOf('AWSBackupDefaultServiceRole:'));
    expect(r.stdout).toContain(`~ trustPolicy: policy statements  (backup-spec.yaml:${trust})`);
    // a removed rule is in the spec's words too, and points at the list it is no longer in
    expect(r.stdout).toContain(
      `- rules/Continuous-PITR-35-Day-Retention:  (backup-spec.yaml:${lineOf('rules:', lineOf('plans:'))})`,
    );
    expect(r.stdout).toContain('      continuousBackup: true');
    expect(r.stdout).toContain('      vault: "eks-mnemonica-prod-vault"');
    expect(r.stdout).toContain('      copyTo: []');
    for (const aws of [
      'backupRetentionPeriod',
      'assumeRolePolicy',
      'copyActions',
      'targetVault',
      'enableContinuousBackup',
      'comparisonOperator',
    ])
      expect(r.stdout).not.toContain(aws);
    // creates: the alarm's comparison, by its spec name and line
    expect(r.stdout).toContain(
      `+ comparison: "GreaterThanThreshold"  (backup-spec.yaml:${lineOf('comparison: GreaterThanThreshold')})`,
    );
  });

  it('GIVEN the same WHEN planned as --json THEN changes and field diffs carry specPath, specLine and specField (additive)', async () => {
    const r = await plan('--json');
    const doc = JSON.parse(r.stdout) as Json;
    expect(doc.formatVersion).toBe(1);
    expect(doc.specFile).toBe('backup-spec.yaml');
    const rds = doc.changes.find((c: Json) => c.address === 'rds.instance/eu-west-1/eks-mnemonica-prod');
    expect(rds.specPath).toBe('rds.instances.eks-mnemonica-prod');
    expect(rds.fieldDiffs).toEqual([
      {
        path: '/backupRetentionPeriod',
        before: 14,
        after: 35,
        forcesReplacement: false,
        specField: 'backupRetentionDays',
        specPath: 'rds.instances.eks-mnemonica-prod.backupRetentionDays',
        specLine: lineOf('backupRetentionDays:'),
      },
    ]);
    const backupPlan = doc.changes.find((c: Json) => c.kind === 'backup.plan');
    const copy = backupPlan.fieldDiffs.find((d: Json) => d.path.includes('copyActions'));
    expect(copy.specPath).toBe(
      'backup.plans.eks-mnemonica-6h-snapshots-180d.rules[0].copyTo[0].lifecycle.deleteAfterDays',
    );
    const alarm = doc.changes.find(
      (c: Json) => c.address === 'cloudwatch.alarm/eu-west-3/mnemonica-media-replication-lag',
    );
    expect(alarm.specFields.find((f: Json) => f.path === '/comparisonOperator')).toEqual({
      path: '/comparisonOperator',
      specField: 'comparison',
      specPath: 'cloudwatch.alarms.mnemonica-media-replication-lag.comparison',
      specLine: lineOf('comparison: GreaterThanThreshold'),
    });
    // every change of a declared resource points at the spec
    for (const c of doc.changes) expect(SPEC_LINES[c.specLine - 1]).toContain(c.specPath.split('.').at(-1));
  });

  it('GIVEN the same WHEN planned as --markdown THEN the table and details point at spec lines', async () => {
    const r = await plan('--markdown');
    expect(r.stdout).toContain(
      `| \`~\` | \`rds.instance/eu-west-1/eks-mnemonica-prod\` | \`backup-spec.yaml:${lineOf('eks-mnemonica-prod: # PostgreSQL')}\` |`,
    );
    expect(r.stdout).toContain(
      `~ backupRetentionDays: 14 -> 35  (backup-spec.yaml:${lineOf('backupRetentionDays:')})`,
    );
  });
});
