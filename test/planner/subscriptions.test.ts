import { describe, expect, it } from 'vitest';
import type { SnsSubscription } from '../../src/model/attrs.js';
import { fingerprintSecret, redactEndpoint } from '../../src/model/secrets.js';
import { planChanges } from '../../src/planner/index.js';
import { CREATED_AT, desiredState, liveState, present, resource } from './builders.js';

const HOOK = 'https://hooks.slack.com/services/T000/B000/XXXXSECRET';
const hook = (over: Partial<SnsSubscription> = {}): SnsSubscription => ({
  protocol: 'https',
  endpoint: redactEndpoint(HOOK),
  endpointSha256: fingerprintSecret(HOOK),
  ...over,
});
const email: SnsSubscription = { protocol: 'email', endpoint: 'ops@example.com' };

function planTopic(desired: readonly SnsSubscription[], live: readonly SnsSubscription[]) {
  const topic = resource('sns.topic', 'alerts', { region: 'eu-west-1', subscriptions: desired });
  const plan = planChanges(
    desiredState(topic),
    liveState({ [topic.address]: present({ region: 'eu-west-1', subscriptions: live }) }),
    { createdAt: CREATED_AT },
  );
  const c = plan.changes[0];
  if (!c) throw new Error('no change');
  return c;
}

describe('planner: SNS subscriptions', () => {
  it('GIVEN the same webhook on both sides (same fingerprint) WHEN planned THEN no-op', () => {
    expect(planTopic([email, hook()], [hook(), email]).action).toBe('no-op');
  });

  it('GIVEN a webhook whose secret changed (same host, other fingerprint) THEN the old is removed and the new added', () => {
    const other = hook({
      endpointSha256: fingerprintSecret('https://hooks.slack.com/services/T000/B000/OTHER'),
    });
    const c = planTopic([hook()], [other]);
    expect(c.action).toBe('update');
    // [path, added?, removed?]: the new webhook is added, the old one (told apart by fingerprint) removed
    expect(c.fieldDiffs.map((d) => [d.path, d.before === undefined, d.after === undefined])).toEqual([
      ['/subscriptions/https:https:~1~1hooks.slack.com~1***', true, false],
      [
        `/subscriptions/https:https:~1~1hooks.slack.com~1***#${other.endpointSha256?.slice(0, 8)}`,
        false,
        true,
      ],
    ]);
    expect(c.riskNotes.join()).not.toContain('XXXXSECRET');
  });

  it('GIVEN a live webhook whose endpoint AWS masked (no fingerprint) on the same host THEN not drift but unverifiable', () => {
    const masked: SnsSubscription = {
      protocol: 'https',
      endpoint: 'https://hooks.slack.com/***',
      pending: true,
    };
    const c = planTopic([hook()], [masked]);
    expect(c.action).toBe('no-op');
    expect(c.reason).toBe('in sync (1 subscription unverifiable: AWS masks the endpoint)');
    expect(c.riskNotes).toEqual([
      'subscription https:https://hooks.slack.com/*** is unverifiable: AWS masks its endpoint, matched by protocol and host only',
      'subscription https:https://hooks.slack.com/*** is pending confirmation',
    ]);
    expect(c.risk).toBe('low');
  });

  it('GIVEN a masked live webhook on ANOTHER host THEN it does not match: added and removed', () => {
    const masked: SnsSubscription = { protocol: 'https', endpoint: 'https://evil.example.com/***' };
    const c = planTopic([hook()], [masked]);
    expect(c.action).toBe('update');
    expect(c.riskNotes).toContain('subscription removed: https:https://evil.example.com/***');
  });

  it('GIVEN an email subscription pending confirmation THEN pending never diffs', () => {
    expect(planTopic([email], [{ ...email, pending: true }]).action).toBe('no-op');
  });

  it('GIVEN rawMessageDelivery left unmanaged in the spec THEN the live value is not compared; managed THEN it is', () => {
    expect(planTopic([hook()], [hook({ rawMessageDelivery: true })]).action).toBe('no-op');
    const c = planTopic([hook({ rawMessageDelivery: false })], [hook({ rawMessageDelivery: true })]);
    expect(c.fieldDiffs.map((d) => [d.path, d.before, d.after])).toEqual([
      ['/subscriptions/https:https:~1~1hooks.slack.com~1***/rawMessageDelivery', true, false],
    ]);
  });

  it('GIVEN an extra live email subscription THEN it is removed (medium)', () => {
    const c = planTopic([hook()], [hook(), email]);
    expect(c.risk).toBe('medium');
    expect(c.fieldDiffs.map((d) => [d.path, d.after])).toEqual([
      ['/subscriptions/email:ops@example.com', undefined],
    ]);
  });

  it('GIVEN two webhooks on the same host THEN they are told apart by fingerprint', () => {
    const second = 'https://hooks.slack.com/services/T000/B000/SECOND';
    const other = hook({ endpointSha256: fingerprintSecret(second) });
    expect(planTopic([hook(), other], [other, hook()]).action).toBe('no-op');
    expect(planTopic([hook(), other], [hook()]).fieldDiffs).toHaveLength(1);
  });
});

describe('planner: SNS subscription whose ${env:} variable is unset', () => {
  const unresolved: SnsSubscription = {
    protocol: 'https',
    endpoint: 'https://<unresolved ${env:ALERTS_WEBHOOK}>',
    unresolved: true,
  };

  it('GIVEN a live webhook of the same protocol WHEN planned THEN no drift, reported as unverifiable', () => {
    const c = planTopic([email, unresolved], [email, hook()]);
    expect(c.action).toBe('no-op');
    expect(c.reason).toBe('in sync (1 subscription unverifiable: its ${env:} variable is not set)');
    expect(c.riskNotes.join(' ')).toMatch(/environment variable that is not set, matched by protocol only/);
  });

  it('GIVEN no live webhook at all WHEN planned THEN the missing subscription still shows as drift', () => {
    const c = planTopic([email, unresolved], [email]);
    expect(c.action).toBe('update');
    expect(c.risk).toBe('medium');
    expect(c.riskNotes.join(' ')).toMatch(/cannot be created until its environment variable is set/);
  });
});
