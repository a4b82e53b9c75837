/** The planner: pure `(DesiredState, LiveState) -> Plan`, and the helpers renderers and the executor share. */
export { compareManaged, managedFields } from './field-diff.js';
export { fingerprintLive } from './fingerprint.js';
export { layerChanges } from './layers.js';
export { type PlanOptions, planChanges } from './plan-changes.js';
export { policyDiffsOf } from './policy-changes.js';
export {
  describeBroadening,
  describeNarrowing,
  diffPolicyStatements,
  type StatementRow,
} from './policy-diff.js';
export { assessRisk, type RiskNote, worstRisk } from './risk.js';
