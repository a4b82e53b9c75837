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
