/**
 * Issue 12, "bad input, bounded", through the real CLI (`reconcile validate`, and `plan --json` for
 * what a valid spec becomes): names that are also members of every JavaScript object are handled as
 * names or refused with a located error, never dropped or resolved to Object.prototype; a spec over
 * 10 MB (or one that is not a regular file) is refused before parsing.
 */

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, tempDir, validateText } from '../support/cli.js';

const HEAD = `version: 1
account: "828879644785"
defaultRegion: eu-west-1
`;

function alarm(action: string): string {
  return `cloudwatch:
  alarms:
    lag:
      region: eu-west-1
      metric:
        namespace: AWS/S3
        name: ReplicationLatency
        dimensions: {SourceBucket: a, DestinationBucket: b, RuleId: r}
        period: 300
        statistic: Maximum
      comparison: GreaterThanThreshold
      threshold: 900
      evaluationPeriods: 2
      alarmActions: [${action}]
`;
}

describe('GIVEN a resource labelled __proto__ WHEN validated THEN a located error at that key, not a silent drop', () => {
  it.each([
    [
      'an SNS topic',
      `sns:\n  topics:\n    __proto__:\n      region: eu-west-1\n`,
      '6:5 sns.topics.__proto__',
    ],
    [
      'an IAM role',
      `iam:\n  roles:\n    __proto__:\n      trustPolicy: {Version: "2012-10-17", Statement: []}\n`,
      '6:5 iam.roles.__proto__',
    ],
    [
      'a bucket beside a valid one',
      `s3:\n  buckets:\n    ok-bucket:\n      region: eu-west-1\n    __proto__:\n      region: eu-west-1\n`,
      '8:5 s3.buckets.__proto__',
    ],
  ])('%s', async (_what, body, where) => {
    const r = await validateText(HEAD + body);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`backup-spec.yaml:${where}: "__proto__" cannot be a label or key`);
    expect(r.stderr).not.toContain('internal error');
  });

  it('a nested key (tags) named __proto__', async () => {
    const r = await validateText(
      `${HEAD}s3:\n  buckets:\n    ok-bucket:\n      region: eu-west-1\n      tags:\n        __proto__: x\n`,
    );
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('s3.buckets.ok-bucket.tags.__proto__: "__proto__" cannot be a label or key');
  });
});

describe('GIVEN names that are members of Object.prototype', () => {
  it('WHEN a topic with the AWS name __proto__ is declared under another label THEN it is a topic named __proto__', async () => {
    const dir = tempDir('reserved-');
    writeFileSync(
      join(dir, 'backup-spec.yaml'),
      `${HEAD}sns:\n  topics:\n    alerts:\n      region: eu-west-1\n      name: __proto__\n`,
    );
    writeFileSync(
      join(dir, 'live.json'),
      JSON.stringify({
        formatVersion: 1,
        account: '828879644785',
        capturedAt: 'x',
        source: { kind: 'aws' },
        resources: {},
      }),
    );
    const r = await runCli(['--plan', '--json', '--live', 'live.json'], {
      cwd: dir,
      env: { LOG_LEVEL: 'silent' },
    });
    expect(r.stderr).toBe('');
    const plan = JSON.parse(r.stdout);
    expect(plan.unchecked.map((u: { address: string }) => u.address)).toEqual([
      'sns.topic/eu-west-1/__proto__',
    ]);
  });

  it.each(['constructor', 'toString', 'hasOwnProperty', 'prototype'])(
    'WHEN %s is declared as a topic THEN it validates as a topic of that name',
    async (name) => {
      const r = await validateText(`${HEAD}sns:\n  topics:\n    ${name}:\n      region: eu-west-1\n`);
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      expect(r.stdout).toContain('sns.topic  1');
    },
  );

  it.each(['constructor', 'toString', 'hasOwnProperty'])(
    'WHEN an alarm action names an undeclared topic %s THEN it is a dangling reference (not a member of Object.prototype)',
    async (name) => {
      const r = await validateText(HEAD + alarm(name));
      expect(r.code).toBe(1);
      expect(r.stderr).toContain(
        'cloudwatch.alarms.lag.alarmActions[0]: expected a topic declared under sns.topics, or a topic ARN',
      );
      expect(r.stderr).not.toContain('internal error');
    },
  );

  it('WHEN a selection names an undeclared DB instance constructor THEN it is a dangling reference', async () => {
    const r = await validateText(
      `${HEAD}backup:\n  vaults:\n    main-vault:\n      region: eu-west-1\n  plans:\n    p:\n      region: eu-west-1\n      rules:\n        - name: daily\n          vault: main-vault\n          schedule: cron(0 5 * * ? *)\n          lifecycle: {deleteAfterDays: 35}\n      selections:\n        s:\n          role: AWSBackupDefaultServiceRole\n          resources:\n            - rdsInstance: constructor\n`,
    );
    expect(r.stderr).toContain('rdsInstance: expected a DB instance declared under rds.instances');
    expect(r.stderr).not.toContain('internal error');
  });
});

describe('GIVEN a spec over 10 MB WHEN validated THEN refused with a clear message before parsing', () => {
  it('an 11 MB spec (valid YAML, a huge comment): exit 1, the size and the limit named, no parse errors', async () => {
    const text = `${HEAD}# ${'x'.repeat(11 * 1024 * 1024)}\n`;
    const r = await validateText(text);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      'spec file backup-spec.yaml is 11.0 MB: specs over 10 MB are refused before parsing (is it the right file?)\n',
    );
  });

  it('a spec of exactly 10 MB is still read (the limit is inclusive)', async () => {
    const head = `${HEAD}sns:\n  topics:\n    alerts:\n      region: eu-west-1\n# `;
    const text = `${head}${'x'.repeat(10 * 1024 * 1024 - head.length - 1)}\n`;
    expect(Buffer.byteLength(text)).toBe(10 * 1024 * 1024);
    const r = await validateText(text);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
  });

  it('a FIFO as the spec: refused at once instead of blocking on open', async () => {
    const dir = tempDir('fifo-spec-');
    const { execFileSync } = await import('node:child_process');
    execFileSync('mkfifo', [join(dir, 'backup-spec.yaml')]);
    const r = await runCli(['validate'], { cwd: dir, env: { LOG_LEVEL: 'silent' } });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      'cannot read spec file backup-spec.yaml: it is not a regular file (a FIFO, socket or device)',
    );
  });
});
