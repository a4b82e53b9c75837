/** Domain lint over the desired state: rules, findings, silencing. Pure. */

export { compareFindings, LINT_RULES, lintDesired, UNKNOWN_RULE_ID } from './lint-desired.js';
export type { LintCounts, LintFinding, LintRule, LintSeverity, RawFinding } from './lint-finding.js';
export { countFindings } from './lint-finding.js';
export { renderLintText } from './render-lint.js';
