/**
 * The strict emulator's SNS confirmation rule (test/emulator/strict_moto/sns.py) through the JS SDK,
 * and what the tool makes of it: an https subscription to a chat webhook stays PendingConfirmation,
 * the report's health says so per topic (display form only, with the fix), and 48 hours later SNS has
 * deleted it, so the plan creates it again.
 */
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CreateTopicCommand,
  GetSubscriptionAttributesCommand,
  ListSubscriptionsByTopicCommand,
  type SNSClient,
  SubscribeCommand,
} from '@aws-sdk/client-sns';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ClientPool } from '../../src/adapters/aws-config.js';
import type { DriftReport } from '../../src/report/report-model.js';
import { runCli } from '../support/cli.js';
import {
  ACCOUNT,
  advanceEmulatorClock,
  confirmSnsSubscriptions,
  motoAwsOptions,
  motoEndpoint,
  setEmulatorConfig,
  useDummyCredentials,
  useMoto,
} from '../support/moto.js';

useMoto();

const FORTY_EIGHT_HOURS = 48 * 3600;
const SLACK = 'https://hooks.slack.com/services/T0EMU/B0EMU/emulatorS3cretToken';
const pool = new ClientPool(motoAwsOptions());
afterAll(() => pool.destroy());
const sns = (): SNSClient => pool.get('sns', 'eu-west-1');

/** SubscriptionArn per protocol, as ListSubscriptionsByTopic lists them. */
async function listed(topicArn: string): Promise<Record<string, string | undefined>> {
  const { Subscriptions } = await sns().send(new ListSubscriptionsByTopicCommand({ TopicArn: topicArn }));
  return Object.fromEntries((Subscriptions ?? []).map((s) => [s.Protocol ?? '', s.SubscriptionArn]));
}

describe('strict emulator: SNS subscriptions wait for their endpoint (snsUnconfirmedDeletionSeconds)', () => {
  it('GIVEN the rule on WHEN https, email and sqs subscriptions are made THEN https and email are PendingConfirmation until confirmed, sqs is confirmed at once', async () => {
    await setEmulatorConfig({ snsUnconfirmedDeletionSeconds: FORTY_EIGHT_HOURS });
    const { TopicArn } = await sns().send(new CreateTopicCommand({ Name: 'emu-pending' }));
    const topicArn = TopicArn as string;
    const webhook = await sns().send(
      new SubscribeCommand({
        TopicArn: topicArn,
        Protocol: 'https',
        Endpoint: SLACK,
        ReturnSubscriptionArn: true,
      }),
    );
    await sns().send(
      new SubscribeCommand({ TopicArn: topicArn, Protocol: 'email', Endpoint: 'ops@example.com' }),
    );
    await sns().send(
      new SubscribeCommand({
        TopicArn: topicArn,
        Protocol: 'sqs',
        Endpoint: `arn:aws:sqs:eu-west-1:${ACCOUNT}:emu-queue`,
      }),
    );
    const before = await listed(topicArn);
    expect(before.https).toBe('PendingConfirmation');
    expect(before.email).toBe('PendingConfirmation');
    expect(before.sqs).toMatch(/^arn:aws:sns:eu-west-1:/);
    // With ReturnSubscriptionArn, Subscribe answers the ARN; its attributes say it is pending.
    const { Attributes } = await sns().send(
      new GetSubscriptionAttributesCommand({ SubscriptionArn: webhook.SubscriptionArn as string }),
    );
    expect(Attributes?.PendingConfirmation).toBe('true');

    expect(await confirmSnsSubscriptions(topicArn, 'ops@example.com')).toHaveLength(1);
    expect((await listed(topicArn)).email).toMatch(/^arn:aws:sns:eu-west-1:/);

    // 48 hours on (emulator clock): the still-pending webhook subscription is gone, the others stay.
    await advanceEmulatorClock(FORTY_EIGHT_HOURS);
    const after = await listed(topicArn);
    expect(Object.keys(after).sort()).toEqual(['email', 'sqs']);
  });

  it('GIVEN the rule off (the harness default) WHEN an https subscription is made THEN moto confirms it at once', async () => {
    await setEmulatorConfig({ snsUnconfirmedDeletionSeconds: 0 });
    const { TopicArn } = await sns().send(new CreateTopicCommand({ Name: 'emu-at-once' }));
    await sns().send(new SubscribeCommand({ TopicArn, Protocol: 'https', Endpoint: SLACK }));
    expect((await listed(TopicArn as string)).https).toMatch(/^arn:aws:sns:eu-west-1:/);
  });
});

const SPEC = `version: 1
account: "${ACCOUNT}"
defaultRegion: eu-west-1
sns:
  topics:
    chat-alerts:
      region: eu-west-1
      subscriptions:
        - protocol: email
          endpoint: ops@example.com
        - protocol: https
          endpoint: \${env:CHAT_WEBHOOK_URL}
recovery:
  scenarios:
    alerting:
      description: Somebody hears about a failed backup
      rpo: 1d
      rto: 1d
      resources:
        - topic: chat-alerts
`;

describe('reconcile against pending confirmation: a Slack webhook subscribed over https', () => {
  let cwd: string;
  const reconcile = async (args: readonly string[]) => {
    const run = await runCli([...args, '--endpoint-url', motoEndpoint()], {
      cwd,
      env: { ...process.env, NO_COLOR: '1', LOG_LEVEL: 'silent', CHAT_WEBHOOK_URL: SLACK },
    });
    return { code: run.code, out: run.stdout, err: run.stderr };
  };

  beforeAll(async () => {
    await setEmulatorConfig({ snsUnconfirmedDeletionSeconds: FORTY_EIGHT_HOURS });
    cwd = await mkdtemp(join(tmpdir(), 'reconcile-sns-pending-'));
    useDummyCredentials();
    await writeFile(join(cwd, 'backup-spec.yaml'), SPEC);
    const applied = await reconcile(['--apply', '--yes']);
    expect(applied.code, applied.err).toBe(0);
    await confirmSnsSubscriptions(`arn:aws:sns:eu-west-1:${ACCOUNT}:chat-alerts`, 'ops@example.com');
  });

  it('GIVEN the webhook never confirmed WHEN reported THEN the topic warns of its pending subscription, that SNS deletes it after 48 hours and how to reach chat, the lint rule fails the report, and the URL is never printed', async () => {
    const r = await reconcile(['--report', '--out', 'reports', '--format', 'md,json']);
    expect(r.code, r.err).toBe(1);
    const report = JSON.parse(await readFile(join(cwd, 'reports/latest.json'), 'utf8')) as DriftReport;
    const check = report.health.find((h) => h.id === 'sns-subscriptions:sns.topic/eu-west-1/chat-alerts');
    expect(check?.status).toBe('warn');
    expect(check?.evidence).toEqual([
      'email ops@example.com: confirmed',
      'https https://hooks.slack.com/***: pending confirmation',
      '1 subscription(s) pending confirmation receive nothing until confirmed; SNS deletes a subscription still unconfirmed 48 hours after it was made',
      expect.stringMatching(
        /^https https:\/\/hooks\.slack\.com\/\*\*\* is a Slack webhook: it never confirms; .*AWS Chatbot/,
      ),
    ]);
    expect(report.lint.map((f) => f.ruleId)).toEqual(['sns-chat-webhook-subscription']);
    const md = await readFile(join(cwd, 'reports/latest.md'), 'utf8');
    for (const text of [r.out, r.err, md, JSON.stringify(report)])
      for (const secret of ['T0EMU', 'B0EMU', 'emulatorS3cretToken', '/services/'])
        expect(text).not.toContain(secret);
  });

  it('GIVEN 48 hours passed WHEN planned THEN SNS has deleted the webhook subscription and the plan subscribes it again (exit 2)', async () => {
    await advanceEmulatorClock(FORTY_EIGHT_HOURS);
    const r = await reconcile(['--plan', '--json']);
    expect(r.code, r.err).toBe(2);
    const plan = JSON.parse(r.out) as {
      changes: { address: string; action: string; fieldDiffs?: unknown[] }[];
    };
    const change = plan.changes.find((c) => c.address === 'sns.topic/eu-west-1/chat-alerts');
    expect(change?.action).toBe('update');
    expect(JSON.stringify(change)).toContain('https://hooks.slack.com/***');
    expect(r.out).not.toContain('emulatorS3cretToken');
  });
});
