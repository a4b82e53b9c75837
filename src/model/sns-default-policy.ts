/**
 * The shape of AWS's default SNS topic policy statement (what every new topic gets): Allow, any AWS
 * principal, the default action set (with or without SNS:Receive), conditioned on the owner account.
 * Pure. The SNS adapter recognises the whole default policy exactly (this topic, this account); plan
 * renderers, which know neither, use this shape to show "the AWS default policy" as unchanged
 * statements instead of claiming that the permissions it already grants are new.
 */
import type { PolicyStatement } from './policy.js';

/** The actions of the default topic policy statement. */
export const DEFAULT_TOPIC_POLICY_ACTIONS = [
  'SNS:GetTopicAttributes',
  'SNS:SetTopicAttributes',
  'SNS:AddPermission',
  'SNS:RemovePermission',
  'SNS:DeleteTopic',
  'SNS:Subscribe',
  'SNS:ListSubscriptionsByTopic',
  'SNS:Publish',
] as const;

function actionSetKey(actions: readonly string[]): string {
  return [...new Set(actions.map((a) => a.toLowerCase()))].sort().join(',');
}

const DEFAULT_ACTION_SETS = new Set([
  actionSetKey(DEFAULT_TOPIC_POLICY_ACTIONS),
  actionSetKey([...DEFAULT_TOPIC_POLICY_ACTIONS, 'SNS:Receive']),
]);

function asList(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [v];
}

/** True when a (canonical) statement has the default topic policy statement's shape, for any topic/account. */
export function isDefaultTopicStatementShape(s: PolicyStatement): boolean {
  const allowed = new Set(['Sid', 'Effect', 'Principal', 'Action', 'Resource', 'Condition']);
  if (Object.keys(s).some((k) => !allowed.has(k))) return false;
  if (s.Effect !== 'Allow') return false;
  const principal = s.Principal as unknown;
  const anyone =
    principal === '*' ||
    (principal !== null &&
      typeof principal === 'object' &&
      Object.keys(principal).length === 1 &&
      asList((principal as Record<string, unknown>).AWS).length === 1 &&
      asList((principal as Record<string, unknown>).AWS)[0] === '*');
  if (!anyone) return false;
  if (!DEFAULT_ACTION_SETS.has(actionSetKey(asList(s.Action).map(String)))) return false;
  const condition = s.Condition as Record<string, Record<string, unknown>> | undefined;
  if (!condition || Object.keys(condition).length !== 1 || !condition.StringEquals) return false;
  return Object.keys(condition.StringEquals).length === 1 && 'AWS:SourceOwner' in condition.StringEquals;
}
