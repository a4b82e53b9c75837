import { describe, expect, it } from 'vitest';
import { loadSpecFile } from '../../src/cli/spec-file.js';
import { LINT_RULES, lintDesired } from '../../src/lint/index.js';
import { chatWebhookService } from '../../src/model/chat-webhooks.js';
import { desiredState, topic } from './desired-builders.js';

const RULE = 'sns-chat-webhook-subscription';
const ROOT = new URL('../..', import.meta.url).pathname;

const findings = (state: ReturnType<typeof desiredState>) =>
  lintDesired(state).filter((f) => f.ruleId === RULE);

const https = (endpoint: string) => ({ protocol: 'https', endpoint, endpointSha256: 'f'.repeat(64) });

describe(`lint rule ${RULE}`, () => {
  it('GIVEN an https subscription to a Slack webhook WHEN linted THEN an error says it never confirms, that SNS deletes it after 48 hours, and the fix', () => {
    const state = desiredState([
      topic('alerts', {
        subscriptions: [
          { protocol: 'email', endpoint: 'ops@example.com' },
          https('https://hooks.slack.com/***'),
        ],
      }),
    ]);
    const [f, ...rest] = findings(state);
    expect(rest).toEqual([]);
    expect(f).toMatchObject({ severity: 'error', address: 'sns.topic/eu-west-1/alerts' });
    expect(f?.message).toContain('https://hooks.slack.com/*** is a Slack webhook');
    expect(f?.message).toContain('never confirms');
    expect(f?.message).toContain('deletes it after 48 hours');
    expect(f?.fixHint).toContain('AWS Chatbot');
    expect(f?.fixHint).toContain('Lambda');
  });

  it.each([
    ['https://hooks.slack.com/services/T0/B0/x', 'Slack'],
    ['https://contoso.webhook.office.com/webhookb2/abc', 'Microsoft Teams'],
    ['https://outlook.office.com/webhook/abc', 'Microsoft Teams'],
    ['https://discord.com/api/webhooks/1/x', 'Discord'],
    ['https://chat.googleapis.com/v1/spaces/AAA/messages?key=k', 'Google Chat'],
    ['https://user:pw@HOOKS.SLACK.COM/***', 'Slack'],
  ])('GIVEN the endpoint %s WHEN classified THEN it is a %s webhook', (endpoint, service) => {
    expect(chatWebhookService('https', endpoint)).toBe(service);
  });

  it.each([
    ['https', 'https://alerts.example.com/***'],
    ['https', 'https://webhook.office.com.evil.example/***'],
    ['https', 'https://notslack.com/***'],
    ['email', 'hooks.slack.com@example.com'],
    ['lambda', 'arn:aws:lambda:eu-west-1:828879644785:function:slack-relay'],
  ])('GIVEN a %s subscription to %s WHEN linted THEN the rule is quiet', (protocol, endpoint) => {
    const state = desiredState([topic('alerts', { subscriptions: [{ protocol, endpoint }] })]);
    expect(findings(state)).toEqual([]);
  });

  it('GIVEN the rule WHEN its sources are listed THEN they are the SNS confirmation guide and the 48-hour announcement', () => {
    expect(LINT_RULES.find((r) => r.id === RULE)?.sources).toEqual([
      'https://docs.aws.amazon.com/sns/latest/dg/SendMessageToHttp.confirm.html',
      'https://aws.amazon.com/about-aws/whats-new/2023/05/amazon-sns-automatic-deletion-unconfirmed-subscriptions/',
    ]);
  });

  it("GIVEN backup-spec.yaml with its webhook variable set to a Slack URL WHEN linted THEN the https subscription is flagged, and the URL's secret parts appear nowhere", async () => {
    const secret = 'https://hooks.slack.com/services/T0SECRET/B0SECRET/XyZsecretToken';
    const desired = await loadSpecFile('backup-spec.yaml', { MNEMONICA_ALERTS_WEBHOOK_URL: secret }, ROOT);
    const found = lintDesired(desired);
    expect(found.map((f) => [f.ruleId, f.address])).toEqual([
      [RULE, 'sns.topic/eu-west-1/mnemonica-backup-alerts'],
    ]);
    const text = JSON.stringify(found);
    for (const part of ['T0SECRET', 'B0SECRET', 'XyZsecretToken', '/services/'])
      expect(text).not.toContain(part);
  });
});
