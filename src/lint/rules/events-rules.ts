/** Lint rules about EventBridge rules and the SNS topics they publish to. */

import { isArnOf, topicArn } from '../../model/arn.js';
import type { PolicyDocument, PolicyStatement } from '../../model/policy.js';
import { findTopicByArn, resourcesOfKind } from '../desired-index.js';
import type { LintRule, RawFinding } from '../lint-finding.js';

const EVENTS_PRINCIPAL = 'events.amazonaws.com';

function asList(v: unknown): readonly string[] {
  if (v === undefined) return [];
  return (Array.isArray(v) ? v : [v]).filter((x): x is string => typeof x === 'string');
}

/** IAM-style wildcard match (`*` and `?`), case-sensitive unless `ci`. */
function globMatch(pattern: string, value: string, ci = false): boolean {
  const re = new RegExp(
    `^${pattern
      .replace(/[.+^${}()|[\]\\]/g, '\\$&')
      .replace(/\*/g, '.*')
      .replace(/\?/g, '.')}$`,
    ci ? 'i' : '',
  );
  return re.test(value);
}

function principalMatches(stmt: PolicyStatement): boolean {
  const p = stmt.Principal;
  if (p === '*') return true;
  if (!p || typeof p !== 'object') return false;
  const principal = p as Record<string, unknown>;
  return asList(principal.Service).includes(EVENTS_PRINCIPAL) || asList(principal.AWS).includes('*');
}

function actionMatches(stmt: PolicyStatement): boolean {
  return asList(stmt.Action).some((a) => globMatch(a, 'sns:Publish', true));
}

function resourceMatches(stmt: PolicyStatement, arn: string): boolean {
  const resources = asList(stmt.Resource);
  return resources.length === 0 || resources.some((r) => globMatch(r, arn));
}

/**
 * True when the topic policy lets EventBridge publish: an Allow statement for events.amazonaws.com
 * (or `*`) on sns:Publish and this topic, and no unconditional Deny of the same.
 * Conditions on an Allow are trusted (aws:SourceAccount / aws:SourceArn are the usual, correct ones).
 */
export function policyAllowsEvents(policy: PolicyDocument, arn: string): boolean {
  const matching = policy.Statement.filter(
    (s) =>
      !s.NotPrincipal &&
      !s.NotAction &&
      !s.NotResource &&
      principalMatches(s) &&
      actionMatches(s) &&
      resourceMatches(s, arn),
  );
  if (matching.some((s) => s.Effect === 'Deny' && s.Condition === undefined)) return false;
  return matching.some((s) => s.Effect === 'Allow');
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
