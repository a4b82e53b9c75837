import { describe, expect, it } from 'vitest';
import type { Observation } from '../../src/model/state.js';
import { evaluateHealth, OFFLINE_EVIDENCE } from '../../src/report/health/index.js';
import {
  backupPlan,
  backupRule,
  backupSelection,
  copyAction,
  desiredState,
  eventsRule,
  rdsArn,
  rdsInstance,
  replicated,
  s3Alarm,
  scenario,
  topic,
  topicArnOf,
} from '../lint/desired-builders.js';
import { ago, evidence, job, liveState, NOW, point } from './health-builders.js';

const DB = rdsInstance('db');
const PLAN = backupPlan('six-hourly', [
  backupRule({ copyActions: [copyAction('dr-vault', 'eu-west-3', 180)] }),
]);
const SEL = backupSelection('six-hourly', 'rds', [rdsArn('db')]);

function rdsLive(minutesBehind: number, retention = 35): Observation {
  return {
    status: 'present',
    attrs: { ...DB.attrs, backupRetentionPeriod: retention },
    facts: { arn: rdsArn('db'), latestRestorableTime: ago(minutesBehind) },
  };
}

describe('evaluateHealth: RDS point-in-time recovery', () => {
  const state = desiredState([DB], [scenario('deleted-file', 1, [DB.address])]);
  const pitr = (obs: Observation) =>
    evaluateHealth(state, liveState(state, { [DB.address]: obs }), evidence(), NOW).find((c) =>
      c.id.startsWith('rds-pitr:'),
    );

  it('GIVEN LatestRestorableTime 4 minutes behind and an RPO of 1 minute WHEN evaluated THEN pass (RDS ships logs every 5 minutes)', () => {
    const c = pitr(rdsLive(4));
    expect(c).toMatchObject({ scenario: 'deleted-file', status: 'pass' });
    expect(c?.evidence.join('\n')).toContain('4 min ago');
  });

  it('GIVEN LatestRestorableTime 30 minutes behind WHEN evaluated THEN warn', () => {
    expect(pitr(rdsLive(30))?.status).toBe('warn');
  });

  it('GIVEN LatestRestorableTime 3 hours behind WHEN evaluated THEN fail', () => {
    expect(pitr(rdsLive(180))?.status).toBe('fail');
  });

  it('GIVEN automated backups disabled (retention 0) WHEN evaluated THEN fail: no PITR', () => {
    const c = pitr(rdsLive(1, 0));
    expect(c?.status).toBe('fail');
    expect(c?.evidence).toContain('automated backups are disabled: no point-in-time recovery');
  });

  it('GIVEN live retention 7 days where the spec promises 35 WHEN evaluated THEN fail', () => {
    expect(pitr(rdsLive(1, 7))?.status).toBe('fail');
  });
});

describe('evaluateHealth: AWS Backup jobs and recovery points', () => {
  const state = desiredState([DB, PLAN, SEL], [scenario('region-failure', 360, [PLAN.address])]);
  const arn = rdsArn('db');
  const run = (ev: Parameters<typeof evaluateHealth>[2]) => evaluateHealth(state, liveState(state), ev, NOW);
  const jobCheck = (ev: Parameters<typeof evaluateHealth>[2]) =>
    run(ev).find((c) => c.id.startsWith('backup-job:'));

  it('GIVEN the last job completed 2 hours ago on a 6-hourly schedule WHEN evaluated THEN pass with the job as evidence', () => {
    const c = jobCheck(
      evidence({
        backupJobs: [
          { resourceArn: arn, region: 'eu-west-1', jobs: { status: 'ok', items: [job('COMPLETED', 140)] } },
        ],
      }),
    );
    expect(c?.status).toBe('pass');
    expect(c?.evidence.join('\n')).toMatch(/runs at least every 6 h/);
    expect(c?.evidence.join('\n')).toContain('job-completed-140 COMPLETED');
  });

  it('GIVEN the latest job FAILED WHEN evaluated THEN fail', () => {
    const items = [job('COMPLETED', 400), job('FAILED', 30, { statusMessage: 'Insufficient privileges' })];
    const c = jobCheck(
      evidence({ backupJobs: [{ resourceArn: arn, region: 'eu-west-1', jobs: { status: 'ok', items } }] }),
    );
    expect(c?.status).toBe('fail');
    expect(c?.evidence.join('\n')).toContain('Insufficient privileges');
  });

  it('GIVEN the last completed job is 20 hours old (6 h schedule + 8 h start window = 14 h) WHEN evaluated THEN fail', () => {
    const c = jobCheck(
      evidence({
        backupJobs: [
          { resourceArn: arn, region: 'eu-west-1', jobs: { status: 'ok', items: [job('COMPLETED', 1220)] } },
        ],
      }),
    );
    expect(c?.status).toBe('fail');
  });

  it('GIVEN a job is running and the previous completed one is recent WHEN evaluated THEN pass', () => {
    const items = [job('RUNNING', 5), job('COMPLETED', 370)];
    expect(
      jobCheck(
        evidence({ backupJobs: [{ resourceArn: arn, region: 'eu-west-1', jobs: { status: 'ok', items } }] }),
      )?.status,
    ).toBe('pass');
  });

  it('GIVEN AWS Backup lists no job at all WHEN evaluated THEN fail', () => {
    expect(
      jobCheck(
        evidence({
          backupJobs: [{ resourceArn: arn, region: 'eu-west-1', jobs: { status: 'ok', items: [] } }],
        }),
      )?.status,
    ).toBe('fail');
  });

  it('GIVEN the jobs could not be read WHEN evaluated THEN warn (unverifiable), never pass', () => {
    const c = jobCheck(
      evidence({
        backupJobs: [
          {
            resourceArn: arn,
            region: 'eu-west-1',
            jobs: { status: 'unverifiable', reason: 'access denied' },
          },
        ],
      }),
    );
    expect(c?.status).toBe('warn');
    expect(c?.evidence).toContain('unverifiable: access denied');
  });

  it('GIVEN an offline report WHEN evaluated THEN job and recovery-point checks warn "not checked offline"', () => {
    const checks = run(OFFLINE_EVIDENCE).filter(
      (c) => c.id.startsWith('backup-job:') || c.id.startsWith('recovery-point:'),
    );
    expect(checks.map((c) => c.status)).toEqual(['warn', 'warn', 'warn']);
    for (const c of checks) expect(c.evidence.join(' ')).toContain('not checked offline');
  });

  it('GIVEN a fresh primary point and a 9-hour-old DR copy with a 6 h RPO WHEN evaluated THEN primary pass, DR warn', () => {
    const ev = evidence({
      recoveryPoints: [
        {
          vaultName: 'primary-vault',
          region: 'eu-west-1',
          role: 'primary',
          since: ago(50400),
          points: { status: 'ok', items: [point('p', 'eu-west-1', 60, arn)] },
        },
        {
          vaultName: 'dr-vault',
          region: 'eu-west-3',
          role: 'copy',
          since: ago(50400),
          points: { status: 'ok', items: [point('d', 'eu-west-3', 540, arn)] },
        },
      ],
    });
    const byId = Object.fromEntries(run(ev).map((c) => [c.id, c]));
    expect(byId['recovery-point:eu-west-1:primary-vault']?.status).toBe('pass');
    expect(byId['recovery-point:eu-west-3:dr-vault']).toMatchObject({
      status: 'warn',
      title: 'Newest recovery point in DR vault dr-vault (eu-west-3)',
    });
  });

  it('GIVEN the DR vault holds only an EXPIRED point and points of other resources WHEN evaluated THEN fail', () => {
    const ev = evidence({
      recoveryPoints: [
        {
          vaultName: 'dr-vault',
          region: 'eu-west-3',
          role: 'copy',
          since: ago(50400),
          points: {
            status: 'ok',
            items: [
              point('d', 'eu-west-3', 60, arn, 'EXPIRED'),
              point('x', 'eu-west-3', 60, rdsArn('other')),
            ],
          },
        },
      ],
    });
    expect(run(ev).find((c) => c.id === 'recovery-point:eu-west-3:dr-vault')?.status).toBe('fail');
  });
});

describe('evaluateHealth: replication, alarms, subscriptions, EventBridge', () => {
  const media = replicated('media', 'replica');
  const lag = s3Alarm('lag', 'ReplicationLatency', {
    SourceBucket: 'media',
    DestinationBucket: 'replica',
    RuleId: 'replica',
  });
  const alerts = topic('alerts', { subscriptions: [{ protocol: 'email', endpoint: 'ops@example.com' }] });
  const rule = eventsRule('failures', { targets: [{ id: '1', arn: topicArnOf('alerts') }] });
  const state = desiredState(
    [media, lag, alerts, rule],
    [scenario('deleted-file', 1, [media.address, lag.address, alerts.address, rule.address])],
  );
  const byId = (overrides: Record<string, Observation>) =>
    Object.fromEntries(
      evaluateHealth(state, liveState(state, overrides), evidence(), NOW).map((c) => [c.id, c]),
    );

  it('GIVEN everything as declared, the alarm OK and the subscription confirmed WHEN evaluated THEN all pass', () => {
    const checks = byId({
      [lag.address]: { status: 'present', attrs: lag.attrs, facts: { stateValue: 'OK' } },
    });
    expect(Object.values(checks).map((c) => [c.id, c.status])).toEqual([
      ['alarm:cloudwatch.alarm/eu-west-1/lag', 'pass'],
      ['events-rule:events.rule/eu-west-1/failures', 'pass'],
      ['s3-replication:s3.bucket/media', 'pass'],
      ['s3-versioning:s3.bucket/media', 'pass'],
      ['sns-subscriptions:sns.topic/eu-west-1/alerts', 'pass'],
    ]);
  });

  it('GIVEN the replication rule is disabled WHEN evaluated THEN fail; without metrics THEN warn', () => {
    const replication = media.attrs.replication!;
    const disabled = { ...replication, rules: replication.rules.map((r) => ({ ...r, enabled: false })) };
    const noMetrics = { ...replication, rules: replication.rules.map((r) => ({ ...r, metrics: false })) };
    expect(
      byId({ [media.address]: { status: 'present', attrs: { ...media.attrs, replication: disabled } } })[
        's3-replication:s3.bucket/media'
      ]?.status,
    ).toBe('fail');
    expect(
      byId({ [media.address]: { status: 'present', attrs: { ...media.attrs, replication: noMetrics } } })[
        's3-replication:s3.bucket/media'
      ]?.status,
    ).toBe('warn');
  });

  it('GIVEN the alarm is in ALARM WHEN evaluated THEN fail; INSUFFICIENT_DATA THEN warn', () => {
    const obs = (stateValue: string): Observation => ({
      status: 'present',
      attrs: lag.attrs,
      facts: { stateValue, stateReason: 'Threshold Crossed' },
    });
    expect(byId({ [lag.address]: obs('ALARM') })['alarm:cloudwatch.alarm/eu-west-1/lag']?.status).toBe(
      'fail',
    );
    expect(
      byId({ [lag.address]: obs('INSUFFICIENT_DATA') })['alarm:cloudwatch.alarm/eu-west-1/lag']?.status,
    ).toBe('warn');
  });

  it('GIVEN a webhook subscription pending confirmation WHEN evaluated THEN warn, showing only the redacted endpoint', () => {
    const subs = [
      { protocol: 'email', endpoint: 'ops@example.com' },
      { protocol: 'https', endpoint: 'https://hooks.slack.com/***', pending: true },
    ];
    const c = byId({
      [alerts.address]: { status: 'present', attrs: { ...alerts.attrs, subscriptions: subs } },
    })['sns-subscriptions:sns.topic/eu-west-1/alerts'];
    expect(c?.status).toBe('warn');
    expect(c?.evidence).toContain('https https://hooks.slack.com/***: pending confirmation');
    expect(c?.evidence).toContain(
      '1 subscription(s) pending confirmation receive nothing until confirmed; SNS deletes a subscription still unconfirmed 48 hours after it was made',
    );
    // A Slack webhook never confirms: the evidence says so and names the fix.
    const webhook = c?.evidence.find((line) => line.includes('is a Slack webhook'));
    expect(webhook).toMatch(
      /^https https:\/\/hooks\.slack\.com\/\*\*\* is a Slack webhook: it never confirms; .*AWS Chatbot.*Lambda/,
    );
  });

  it('GIVEN a pending https subscription that is no chat webhook WHEN evaluated THEN warn with the 48-hour deletion, and no webhook advice', () => {
    const subs = [{ protocol: 'https', endpoint: 'https://events.pagerduty.com/***', pending: true }];
    const c = byId({
      [alerts.address]: { status: 'present', attrs: { ...alerts.attrs, subscriptions: subs } },
    })['sns-subscriptions:sns.topic/eu-west-1/alerts'];
    expect(c?.status).toBe('warn');
    expect(c?.evidence.some((line) => line.includes('48 hours'))).toBe(true);
    expect(c?.evidence.some((line) => line.includes('webhook'))).toBe(false);
  });

  it('GIVEN the EventBridge rule is DISABLED WHEN evaluated THEN fail', () => {
    const c = byId({ [rule.address]: { status: 'present', attrs: { ...rule.attrs, state: 'DISABLED' } } })[
      'events-rule:events.rule/eu-west-1/failures'
    ];
    expect(c?.status).toBe('fail');
  });

  it('GIVEN a resource is unreadable or absent WHEN evaluated THEN fail with the reason', () => {
    const checks = byId({
      [lag.address]: { status: 'unreadable', reason: 'cloudwatch: access denied (AccessDenied)' },
      [rule.address]: { status: 'absent' },
    });
    expect(checks['resource:cloudwatch.alarm/eu-west-1/lag']).toMatchObject({
      status: 'fail',
      evidence: ['unreadable: cloudwatch: access denied (AccessDenied)'],
    });
    expect(checks['resource:events.rule/eu-west-1/failures']).toMatchObject({
      status: 'fail',
      evidence: ['does not exist in AWS'],
    });
  });

  it('GIVEN a scenario that lists no resources WHEN evaluated THEN warn: nothing proves it', () => {
    const empty = desiredState([], [scenario('untested', 60, [])]);
    expect(evaluateHealth(empty, liveState(empty), evidence(), NOW)).toEqual([
      expect.objectContaining({ scenario: 'untested', status: 'warn', id: 'scenario:resources' }),
    ]);
  });
});

describe('evaluateHealth: monitoring that watches a scenario without being listed in it', () => {
  const media = replicated('media', 'replica');
  const lag = s3Alarm('lag', 'ReplicationLatency', {
    SourceBucket: 'media',
    DestinationBucket: 'replica',
    RuleId: 'replica',
  });
  const other = s3Alarm('other-bucket-lag', 'ReplicationLatency', { SourceBucket: 'unrelated' });
  const alerts = topic('alerts', { subscriptions: [{ protocol: 'email', endpoint: 'ops@example.com' }] });
  const failures = eventsRule('failures', { targets: [{ id: '1', arn: topicArnOf('alerts') }] });
  const drFailures = eventsRule('dr-failures', { region: 'eu-west-3' });
  // The scenario lists only the bucket and the backup plan, as the repository's spec does.
  const state = desiredState(
    [media, lag, other, alerts, failures, drFailures, DB, PLAN, SEL],
    [scenario('deleted-file', 1, [media.address, PLAN.address])],
  );
  const run = (overrides: Record<string, Observation> = {}) =>
    Object.fromEntries(
      evaluateHealth(state, liveState(state, overrides), evidence(), NOW).map((c) => [c.id, c]),
    );

  it('GIVEN the replication-lag alarm on a listed bucket is in ALARM WHEN evaluated THEN the scenario fails, saying why the alarm belongs to it', () => {
    const c = run({
      [lag.address]: {
        status: 'present',
        attrs: lag.attrs,
        facts: { stateValue: 'ALARM', stateReason: 'Threshold Crossed' },
      },
    })['alarm:cloudwatch.alarm/eu-west-1/lag'];
    expect(c).toMatchObject({ scenario: 'deleted-file', status: 'fail' });
    expect(c?.evidence).toEqual(['watches s3.bucket media', 'state ALARM: Threshold Crossed']);
  });

  it('GIVEN the AWS Backup failure rule of the plan region is DISABLED WHEN evaluated THEN fail; the rule of another region is not part of the scenario', () => {
    const checks = run({
      [failures.address]: { status: 'present', attrs: { ...failures.attrs, state: 'DISABLED' } },
    });
    expect(checks['events-rule:events.rule/eu-west-1/failures']).toMatchObject({
      status: 'fail',
      evidence: ['alerts on AWS Backup events in eu-west-1', 'state DISABLED', expect.any(String)],
    });
    expect(checks['events-rule:events.rule/eu-west-3/dr-failures']).toBeUndefined();
  });

  it('GIVEN the topic the alarm and rule notify has a pending subscription WHEN evaluated THEN warn', () => {
    const subs = [{ protocol: 'https', endpoint: 'https://hooks.slack.com/***', pending: true }];
    const c = run({
      [alerts.address]: { status: 'present', attrs: { ...alerts.attrs, subscriptions: subs } },
    })['sns-subscriptions:sns.topic/eu-west-1/alerts'];
    expect(c?.status).toBe('warn');
    expect(c?.evidence[0]).toMatch(/^notified by alarm lag, which watches this scenario$/);
  });

  it('GIVEN an alarm on another bucket WHEN evaluated THEN it is not part of the scenario', () => {
    expect(Object.keys(run())).not.toContain('alarm:cloudwatch.alarm/eu-west-1/other-bucket-lag');
  });

  it('GIVEN the unlisted alarm does not exist yet WHEN evaluated THEN warn (the drift creates it), not fail', () => {
    const c = run({ [lag.address]: { status: 'absent' } })['resource:cloudwatch.alarm/eu-west-1/lag'];
    expect(c).toMatchObject({ status: 'warn' });
    expect(c?.evidence).toContain('nobody is alerted until it is created');
  });
});
