/** Lint rules about EventBridge rules and the SNS topics they publish to. */

import { isArnOf, topicArn } from '../../model/arn.js';
import type { PolicyDocument } from '../../model/policy.js';
import { findTopicByArn, resourcesOfKind } from '../desired-index.js';
import type { LintRule, RawFinding } from '../lint-finding.js';
import { policyAllowsService } from '../policy-allows.js';

const EVENTS_PRINCIPAL = 'events.amazonaws.com';

/**
 * True when the topic policy lets EventBridge publish: an Allow statement for events.amazonaws.com
 * (or `*`) on sns:Publish and this topic, and no unconditional Deny of the same.
 * Conditions on an Allow are trusted (aws:SourceAccount / aws:SourceArn are the usual, correct ones).
 */
export function policyAllowsEvents(policy: PolicyDocument, arn: string): boolean {
  return policyAllowsService(policy, { service: EVENTS_PRINCIPAL, action: 'sns:Publish', resource: arn });
}

/** An EventBridge rule that targets an SNS topic whose policy does not let events.amazonaws.com publish. */
export const eventsSnsTargetPolicy: LintRule = {
  id: 'events-sns-target-policy',
  severity: 'error',
  title: 'An EventBridge rule targets an SNS topic that does not allow events.amazonaws.com to publish',
  check(desired) {
    const out: RawFinding[] = [];
    for (const rule of resourcesOfKind(desired, 'events.rule')) {
      for (const target of rule.attrs.targets ?? []) {
        if (!isArnOf(target.arn, 'sns')) continue;
        const topic = findTopicByArn(desired, target.arn);
        if (!topic) continue;
        const arn = topicArn(desired.account, topic.attrs.region, topic.name);
        const policy = topic.attrs.policy;
        const fixHint =
          `give topic ${topic.name} a policy with a statement: Effect Allow, Principal {"Service": "${EVENTS_PRINCIPAL}"}, ` +
          `Action sns:Publish, Resource ${arn} (conditioned on aws:SourceAccount ${desired.account}).`;
        if (policy === undefined) {
          out.push({
            address: rule.address,
            severity: 'warning',
            message: `rule ${rule.name} targets topic ${topic.name}, whose policy the spec does not manage: unless someone set one by hand, EventBridge cannot publish and failures go unnoticed`,
            fixHint,
          });
        } else if (policy === null || !policyAllowsEvents(policy, arn)) {
          out.push({
            address: rule.address,
            message: `rule ${rule.name} targets topic ${topic.name}, whose ${policy === null ? "policy is AWS's default (owner only)" : 'policy has no statement allowing it'}: EventBridge is not allowed to publish there (events.amazonaws.com, sns:Publish), so every matched event is dropped`,
            fixHint,
          });
        }
      }
    }
    return out;
  },
};

export const EVENTS_RULES: readonly LintRule[] = [eventsSnsTargetPolicy];
