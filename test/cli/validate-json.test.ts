/** `reconcile --validate --json`: the validation result as a versioned JSON document on stdout. */
import { copyFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, tempDir } from '../support/cli.js';

const SHIPPED = new URL('../../backup-spec.yaml', import.meta.url);
const ENV = { LOG_LEVEL: 'silent' };

async function validateJson(spec: string | URL) {
  const dir = tempDir();
  if (spec instanceof URL) copyFileSync(spec, join(dir, 'backup-spec.yaml'));
  else writeFileSync(join(dir, 'backup-spec.yaml'), spec);
  const run = await runCli(['--validate', '--json'], { cwd: dir, env: ENV });
  return { ...run, doc: JSON.parse(run.stdout) as Record<string, unknown> };
}

describe('GIVEN the shipped spec', () => {
  it('WHEN --validate --json THEN stdout is one JSON document with the counts per kind, exit 0', async () => {
    const run = await validateJson(SHIPPED);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    expect(run.doc).toEqual({
      formatVersion: 1,
      file: 'backup-spec.yaml',
      valid: true,
      account: '828879644785',
      regions: ['eu-north-1', 'eu-west-1', 'eu-west-3'],
      counts: {
        's3.bucket': 4,
        'iam.role': 3,
        'rds.instance': 1,
        'backup.vault': 2,
        'backup.plan': 1,
        'backup.selection': 1,
        'sns.topic': 3,
        'events.rule': 2,
        'cloudwatch.alarm': 6,
      },
      errors: [],
      lint: [],
    });
    expect(Object.keys(run.doc)).toEqual([
      'formatVersion',
      'file',
      'valid',
      'account',
      'regions',
      'counts',
      'errors',
      'lint',
    ]);
  });
});

describe('GIVEN a spec with errors', () => {
  it('WHEN --validate --json THEN every located error is in "errors", valid is false, exit 1, nothing on stderr', async () => {
    const run = await validateJson(`version: 1
account: "828879644785"
defaultRegion: eu-west-1
s3:
  buckets:
    media:
      versioning: Sometimes
`);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe('');
    expect(run.doc).toMatchObject({ formatVersion: 1, file: 'backup-spec.yaml', valid: false, lint: [] });
    const errors = run.doc.errors as {
      file: string;
      line: number;
      column: number;
      path: string;
      message: string;
    }[];
    expect(errors).toContainEqual(
      expect.objectContaining({ file: 'backup-spec.yaml', line: 7, path: 's3.buckets.media.versioning' }),
    );
    expect(Object.keys(errors[0] ?? {})).toEqual(['file', 'line', 'column', 'path', 'message']);
  });
});

describe('GIVEN a valid spec with a lint error (a literal webhook secret)', () => {
  it('WHEN --validate --json THEN the finding is in "lint", the secret is not printed, exit 1', async () => {
    const run = await validateJson(`version: 1
account: "828879644785"
defaultRegion: eu-west-1
sns:
  topics:
    alerts:
      region: eu-west-1
      subscriptions:
        - protocol: https
          endpoint: https://alerts.example.com/services/T000/B000/SECRETTOKEN123
`);
    expect(run.code).toBe(1);
    expect(run.doc).toMatchObject({ valid: true, counts: { 'sns.topic': 1 }, errors: [] });
    expect(run.doc.lint).toEqual([
      expect.objectContaining({ ruleId: 'spec-literal-secret', severity: 'error' }),
    ]);
    expect(run.stdout).not.toContain('SECRETTOKEN123');
  });
});
