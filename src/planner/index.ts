/** The planner: pure `(DesiredState, LiveState) -> Plan`, and the helpers renderers and the executor share. */
export { compareManaged, managedFields, REPLACEMENT_FIELDS } from './field-diff.js';
export { fingerprintLive } from './fingerprint.js';
export { layerChanges } from './layers.js';
export { type PlanOptions, planChanges } from './plan-changes.js';
export { describeBroadening, diffPolicyStatements, isPolicyPath, type StatementRow } from './policy-diff.js';
export { assessRisk, type RiskNote, worstRisk } from './risk.js';
