import { describe, expect, it } from 'vitest';
import { lintDesired } from '../../src/lint/index.js';
import { desiredState, topic } from './desired-builders.js';

const RULE = 'spec-literal-secret';
const findings = (state: ReturnType<typeof desiredState>) =>
  lintDesired(state).filter((f) => f.ruleId === RULE);
const WEBHOOK = 'https://hooks.slack.com/services/T000/B000/XXXXSECRETXXXX';

describe('lint rule spec-literal-secret', () => {
  it('GIVEN the loader recorded a literal webhook URL WHEN linted THEN an error names the field, never the value', () => {
    const state = desiredState([
      topic(
        'alerts',
        {
          subscriptions: [
            { protocol: 'https', endpoint: 'https://hooks.slack.com/***', endpointSha256: 'ab'.repeat(32) },
          ],
        },
        { literalSecrets: ['sns.topics.alerts.subscriptions[1].endpoint'] },
      ),
    ]);
    const found = findings(state);
    expect(found).toHaveLength(1);
    expect(found[0]?.message).toContain('sns.topics.alerts.subscriptions[1].endpoint');
    expect(JSON.stringify(found)).not.toContain('XXXXSECRETXXXX');
    expect(found[0]?.fixHint).toContain(`\${env:NAME}`);
  });

  it('GIVEN an https subscription with a path that has no fingerprint (not read from the environment) WHEN linted THEN an error without the token', () => {
    const state = desiredState([
      topic('alerts', { subscriptions: [{ protocol: 'https', endpoint: WEBHOOK }] }),
    ]);
    expect(findings(state)).toHaveLength(1);
  });

  it('GIVEN the webhook is read from the environment (fingerprinted, redacted) and an email subscription WHEN linted THEN the rule is quiet', () => {
    const state = desiredState([
      topic('alerts', {
        subscriptions: [
          { protocol: 'email', endpoint: 'ops@example.com' },
          { protocol: 'https', endpoint: 'https://hooks.slack.com/***', endpointSha256: 'ab'.repeat(32) },
        ],
      }),
    ]);
    expect(findings(state)).toEqual([]);
  });
});

describe('spec-literal-secret end to end (spec loader records literal secrets)', async () => {
  const { writeFileSync } = await import('node:fs');
  const { join } = await import('node:path');
  const { runCli, tempDir } = await import('../support/cli.js');
  const spec = (endpoint: string) => `version: 1
account: "828879644785"
defaultRegion: eu-west-1
sns:
  topics:
    alerts:
      region: eu-west-1
      subscriptions:
        - protocol: https
          endpoint: ${endpoint}
`;

  it('GIVEN a webhook URL written literally WHEN --validate THEN the rule fires at its path and the token is never printed', async () => {
    const dir = tempDir();
    writeFileSync(
      join(dir, 'backup-spec.yaml'),
      spec('https://alerts.example.com/services/T000/B000/SECRETTOKEN123'),
    );
    const run = await runCli(['--validate'], { cwd: dir, env: { LOG_LEVEL: 'silent' } });
    const all = run.stdout + run.stderr;
    expect(all).toContain('spec-literal-secret');
    expect(all).toContain('sns.topics.alerts.subscriptions[0].endpoint');
    expect(all).not.toContain('SECRETTOKEN123');
    expect(run.code).toBe(1);
  });

  it('GIVEN the same webhook read from ${env:} WHEN --validate THEN the rule does not fire', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'backup-spec.yaml'), spec('"${env:ALERTS_WEBHOOK}"'));
    const run = await runCli(['--validate'], {
      cwd: dir,
      env: {
        LOG_LEVEL: 'silent',
        ALERTS_WEBHOOK: 'https://alerts.example.com/services/T000/B000/SECRETTOKEN123',
      },
    });
    expect(run.stdout + run.stderr).not.toContain('spec-literal-secret');
    expect(run.stdout + run.stderr).not.toContain('SECRETTOKEN123');
    expect(run.code).toBe(0);
  });
});
