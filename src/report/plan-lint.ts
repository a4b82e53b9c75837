/**
 * The spec's lint findings as every plan renderer shows them (issue 12, "Honest verdicts"): a plan
 * that finds no drift still says when the spec it compared is known to be wrong, and that `--apply`
 * refuses unsilenced lint errors. Pure.
 */
import type { Plan, PlanLintFinding } from '../model/plan.js';

function counts(findings: readonly PlanLintFinding[]) {
  const active = findings.filter((f) => f.silencedReason === undefined);
  return {
    active,
    silenced: findings.filter((f) => f.silencedReason !== undefined),
    error: active.filter((f) => f.severity === 'error').length,
    warning: active.filter((f) => f.severity === 'warning').length,
    info: active.filter((f) => f.severity === 'info').length,
  };
}

function where(f: PlanLintFinding): string {
  return f.source ? ` (${f.source.file}:${f.source.line}:${f.source.column})` : '';
}

/** The heading line: counts, and what apply does about errors. */
export function lintHeading(plan: Plan): string | undefined {
  const findings = plan.lint ?? [];
  if (findings.length === 0) return undefined;
  const c = counts(findings);
  const tail =
    c.error > 0
      ? ': --apply refuses this spec until each error is fixed or silenced with a reason (lint: {ignore: {RULE: "why"}} on the resource)'
      : '';
  return `Lint: ${c.error} error(s), ${c.warning} warning(s), ${c.info} info, ${c.silenced.length} silenced${tail}`;
}

/** Text lines (no trailing blank line); empty when the spec has no findings. */
export function planLintLines(plan: Plan): string[] {
  const heading = lintHeading(plan);
  if (!heading) return [];
  const c = counts(plan.lint ?? []);
  const out = [heading];
  for (const f of c.active)
    out.push(
      `  ${f.severity} ${f.ruleId} ${f.address}${where(f)}`,
      `      ${f.message}`,
      `      fix: ${f.fixHint}`,
    );
  for (const f of c.silenced) out.push(`  silenced ${f.ruleId} ${f.address}: ${f.silencedReason}`);
  return out;
}

/** Markdown lines (a `### Lint` section, no trailing blank line); empty when no findings. */
export function planLintMarkdown(plan: Plan, esc: (text: string) => string): string[] {
  const heading = lintHeading(plan);
  if (!heading) return [];
  const c = counts(plan.lint ?? []);
  const out = ['### Lint', '', esc(heading), ''];
  for (const f of c.active)
    out.push(
      `- **${f.severity}** \`${f.ruleId}\` \`${f.address}\`${esc(where(f))}: ${esc(f.message)} Fix: ${esc(f.fixHint)}`,
    );
  for (const f of c.silenced)
    out.push(`- silenced \`${f.ruleId}\` \`${f.address}\`: ${esc(f.silencedReason ?? '')}`);
  return out;
}
