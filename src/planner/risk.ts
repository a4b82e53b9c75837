/**
 * Risk of one change, in words. Each kind's rules (src/model/kinds/<kind>.ts `riskNotes`) look at
 * the managed before (live, projected) and after (desired) attributes and say what could be lost;
 * the change's risk is the worst of its notes (aws-cdk cloudformation-diff `worstImpact` style). Pure.
 */
import { kindSpec, worstRisk } from '../model/kinds/index.js';
import { high } from '../model/kinds/notes.js';
import type { Action, PolicyDiff, Risk, RiskNote } from '../model/plan.js';
import type { ResourceKind } from '../model/resource.js';
import type { AlignedSubscriptions } from '../model/sns-subscriptions.js';

export type { RiskNote } from '../model/plan.js';
export { worstRisk };

/** Inputs of {@link assessRisk}. */
export interface RiskInput {
  readonly kind: ResourceKind;
  readonly action: Action;
  /** Live attributes projected onto the managed fields (undefined: absent). */
  readonly before: unknown;
  /** Desired managed attributes (undefined: delete). */
  readonly after: unknown;
  /** The policy documents the change sets or changes (see Change.policyDiffs). */
  readonly policyDiffs: readonly PolicyDiff[];
  readonly subscriptions?: AlignedSubscriptions;
}

/** Notes for one change, in a stable order, plus the worst risk. */
export function assessRisk(input: RiskInput): { risk: Risk; notes: RiskNote[] } {
  const { kind, action } = input;
  const notes: RiskNote[] = [];
  if (action === 'delete') notes.push(high('deletes', `deletes ${kind} (its configuration is lost)`));
  if (action === 'replace') notes.push(high('replaces', `replaces ${kind}: it is deleted and created again`));
  if (input.after !== undefined && action !== 'delete') {
    notes.push(
      // The planner passes the attributes of this very kind: the registry entry's own type.
      ...kindSpec(kind).riskNotes(input.before as never, input.after as never, {
        action,
        policyDiffs: input.policyDiffs,
        ...(input.subscriptions ? { subscriptions: input.subscriptions } : {}),
      }),
    );
  }
  return { risk: worstRisk(notes.map((n) => n.risk)), notes };
}
