/** Plain-text rendering of lint findings (for `--validate` and the terminal). Pure. */
import { countFindings, type LintFinding } from './lint-finding.js';

/**
 * One block per finding: `severity rule-id address (file:line:col)`, the message, the fix hint;
 * silenced findings are listed last, one line each, with their reason. Ends with a count line.
 */
export function renderLintText(findings: readonly LintFinding[]): string {
  const active = findings.filter((f) => f.silencedReason === undefined);
  const silenced = findings.filter((f) => f.silencedReason !== undefined);
  const lines: string[] = [];
  for (const f of active) {
    const where = f.source ? ` (${f.source.file}:${f.source.line}:${f.source.column})` : '';
    lines.push(`${f.severity} ${f.ruleId} ${f.address}${where}`, `  ${f.message}`, `  fix: ${f.fixHint}`);
  }
  for (const f of silenced) lines.push(`silenced ${f.ruleId} ${f.address}: ${f.silencedReason}`);
  const c = countFindings(findings);
  lines.push(`lint: ${c.error} error(s), ${c.warning} warning(s), ${c.info} info, ${c.silenced} silenced`);
  return `${lines.join('\n')}\n`;
}
