import { describe, expect, it } from 'vitest';
import { lintDesired } from '../../src/lint/index.js';
import type { SnsTopicAttrs } from '../../src/model/attrs.js';
import { desiredState, eventsPublishPolicy, eventsRule, topic, topicArnOf } from './desired-builders.js';

const RULE = 'events-sns-target-policy';
const findings = (state: ReturnType<typeof desiredState>) =>
  lintDesired(state).filter((f) => f.ruleId === RULE);

function drSetup(policy: SnsTopicAttrs['policy']) {
  const arn = topicArnOf('alerts-dr', 'eu-west-3');
  return desiredState([
    topic('alerts-dr', { region: 'eu-west-3', ...(policy !== undefined ? { policy } : {}) }),
    eventsRule('failures-dr', { region: 'eu-west-3', targets: [{ id: '1', arn }] }),
  ]);
}

describe('lint rule events-sns-target-policy', () => {
  it("GIVEN the guide's DR topic with AWS's default policy WHEN an EventBridge rule targets it THEN an error says events are dropped", () => {
    const found = findings(drSetup(null));
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ severity: 'error', address: 'events.rule/eu-west-3/failures-dr' });
    expect(found[0]?.message).toContain("policy is AWS's default");
    expect(found[0]?.fixHint).toContain('events.amazonaws.com');
  });

  it('GIVEN a topic policy that allows another service only WHEN linted THEN an error', () => {
    const arn = topicArnOf('alerts-dr', 'eu-west-3');
    const policy = eventsPublishPolicy(arn);
    const other = {
      ...policy,
      Statement: policy.Statement.map((s) => ({
        ...s,
        Principal: { Service: ['cloudwatch.amazonaws.com'] },
      })),
    };
    expect(findings(drSetup(other))).toHaveLength(1);
  });

  it('GIVEN the topic policy is not managed by the spec WHEN linted THEN a warning (someone may have set it by hand)', () => {
    const found = findings(drSetup(undefined));
    expect(found.map((f) => f.severity)).toEqual(['warning']);
  });

  it('GIVEN a policy allowing events.amazonaws.com to sns:Publish on the topic WHEN linted THEN the rule is quiet', () => {
    expect(findings(drSetup(eventsPublishPolicy(topicArnOf('alerts-dr', 'eu-west-3'))))).toEqual([]);
  });

  it('GIVEN an allow statement plus an unconditional deny for the same principal WHEN linted THEN the deny wins', () => {
    const arn = topicArnOf('alerts-dr', 'eu-west-3');
    const allow = eventsPublishPolicy(arn);
    const deny = {
      Effect: 'Deny',
      Action: ['sns:*'],
      Principal: { Service: ['events.amazonaws.com'] },
      Resource: ['*'],
    };
    expect(findings(drSetup({ ...allow, Statement: [...allow.Statement, deny] }))).toHaveLength(1);
  });
});
