import { describe, expect, it } from 'vitest';
import { canonicalPolicy } from '../../src/model/policy.js';
import { planChanges } from '../../src/planner/index.js';
import { renderPlanText } from '../../src/report/plan-text.js';
import { CREATED_AT, desiredState, liveState, present, resource } from '../planner/builders.js';

const ARN = 'arn:aws:sns:eu-west-1:828879644785:alerts';
const defaultStatement = {
  Sid: '__default_statement_ID',
  Effect: 'Allow',
  Principal: { AWS: '*' },
  Action: [
    'SNS:GetTopicAttributes',
    'SNS:SetTopicAttributes',
    'SNS:AddPermission',
    'SNS:RemovePermission',
    'SNS:DeleteTopic',
    'SNS:Subscribe',
    'SNS:ListSubscriptionsByTopic',
    'SNS:Publish',
  ],
  Resource: ARN,
  Condition: { StringEquals: { 'AWS:SourceOwner': '828879644785' } },
};
const eventsStatement = {
  Sid: 'AllowEventBridgePublish',
  Effect: 'Allow',
  Principal: { Service: 'events.amazonaws.com' },
  Action: 'sns:Publish',
  Resource: ARN,
};
const custom = canonicalPolicy({ Version: '2012-10-17', Statement: [defaultStatement, eventsStatement] });

function render(desiredPolicy: unknown, live: 'absent' | { policy: unknown }): string {
  const topic = resource('sns.topic', 'alerts', { region: 'eu-west-1', policy: desiredPolicy as never });
  const plan = planChanges(
    desiredState(topic),
    liveState({
      [topic.address]:
        live === 'absent' ? { status: 'absent' } : present({ region: 'eu-west-1', ...live } as never),
    }),
    { createdAt: CREATED_AT },
  );
  // Wide enough that no cell wraps: these tests read the statements, not the layout.
  return renderPlanText(plan, { color: false, width: 200 });
}

describe('plan text: SNS topic policies next to AWS default policy', () => {
  it('GIVEN the default policy live and a custom policy keeping the default statement WHEN planned THEN only the EventBridge statement is new and only its new principal is flagged as broadened', () => {
    const text = render(custom, { policy: null });
    expect(text).toContain('policy: the AWS default policy -> 2 statement(s)');
    expect(text).toContain('(1 unchanged statement not shown)');
    // The default statement already allows sns:Publish (wildcard-aware comparison, issue 12): what is
    // new is who may publish, the EventBridge service principal.
    expect(text).toContain('(!) permissions broadened: principal Service:events.amazonaws.com');
    expect(text).not.toContain('SNS:AddPermission');
  });

  it('GIVEN a new topic whose policy keeps the default statement WHEN planned THEN the default statement is not shown as new permissions', () => {
    const text = render(custom, 'absent');
    expect(text).toContain('Service:events.amazonaws.com');
    expect(text).not.toContain('SNS:AddPermission');
  });

  it('GIVEN a custom policy live and the default desired WHEN planned THEN the removed statement is the EventBridge one, nothing is broadened', () => {
    const text = render(null, { policy: custom });
    expect(text).toContain('policy: 2 statement(s) -> the AWS default policy');
    expect(text).toMatch(/│ - │ Allow\s+│ sns:Publish/);
    expect(text).not.toContain('permissions broadened');
  });
});
