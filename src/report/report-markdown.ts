/** The nightly report as Markdown (stdout, `report-*.md`, chat/PR friendly). Pure. */
import { formatMinutes as drillMinutes } from '../model/drill.js';
import { ACTION_SYMBOLS } from '../model/plan.js';
import { formatMinutes, type HealthStatus } from './health/health-check.js';
import { changeBodyLines, specOf } from './plan-lines.js';
import { type DriftReport, failedChecks, groupDrift } from './report-model.js';

const STATUS_ICON: Readonly<Record<HealthStatus, string>> = {
  pass: '✅ pass',
  warn: '⚠️ warn',
  fail: '❌ fail',
};
const HEADLINE: Readonly<Record<DriftReport['summary']['status'], string>> = {
  healthy: '✅ HEALTHY: in sync, every check passed',
  attention: '⚠️ ATTENTION: drift or warnings',
  unverified:
    '❔ UNVERIFIED: nothing proves the backups work (no recovery scenario, or no health check could run)',
  failing: '❌ FAILING: failed checks, unchecked resources or lint errors',
};

/** Escapes text for a Markdown table cell. */
function cell(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r?\n/g, '<br>');
}

/** The one-paragraph summary (also the `--publish-sns` message body). */
export function renderReportSummaryLine(report: DriftReport): string {
  const s = report.summary;
  return (
    `${s.drift} drifted (${s.highSeverity} high-severity drift, ${s.highRisk} high-risk fix(es)), ${s.unchecked} unchecked; ` +
    `health ${s.health.pass} pass / ${s.health.warn} warn / ${s.health.fail} fail; ` +
    `lint ${s.lint.error} error(s), ${s.lint.warning} warning(s)`
  );
}

/** Renders the whole report as Markdown. */
export function renderReportMarkdown(report: DriftReport): string {
  const s = report.summary;
  const out: string[] = [
    `# Backup report: account ${report.account}`,
    '',
    `Generated ${report.generatedAt} from \`${report.specFile}\` against ${report.liveSource.kind === 'aws' ? `AWS${report.liveSource.endpoint ? ` (${report.liveSource.endpoint})` : ''}` : `snapshot \`${report.liveSource.file ?? '?'}\``}.`,
    '',
    `**${HEADLINE[s.status]}** (exit ${report.exitCode})`,
    '',
    `- ${renderReportSummaryLine(report)}`,
    ...s.reasons.map((r) => `- ${r}`),
    '',
  ];
  const failed = failedChecks(report);
  if (failed.length)
    out.push(
      '**Failed checks** (details under Backup health):',
      '',
      ...failed.map((f) => `- ❌ ${f.title} (${f.scenarios.join(', ')})`),
      '',
    );
  out.push('## Drift', '');
  const groups = groupDrift(report.plan);
  if (groups.length === 0) out.push('No drift: every declared resource matches the spec.', '');
  for (const g of groups) {
    out.push(`### ${g.service} (${g.changes.length}, worst risk ${g.worstRisk})`, '');
    for (const c of g.changes) {
      out.push(
        `- \`${ACTION_SYMBOLS[c.action].trim() || '·'}\` **${c.address}**: ${c.action}, drift severity ${c.driftSeverity}, risk ${c.risk}. ${c.reason}`,
      );
      const body = changeBodyLines(c, '', specOf(report));
      if (body.length) out.push('', '  ```', ...body.map((l) => `  ${l.text}`), '  ```');
    }
    out.push('');
  }
  if (report.plan.unchecked.length) {
    out.push('### Unchecked (could not be read: unknown is not unchanged)', '');
    for (const u of report.plan.unchecked) out.push(`- **${u.address}**: ${u.reason}`);
    out.push('');
  }
  out.push('## Backup health', '');
  if (report.scenarios.length === 0)
    out.push('The spec declares no recovery scenarios: nothing to check.', '');
  for (const sc of report.scenarios) {
    const checks = report.health.filter((h) => h.scenario === sc.name);
    out.push(
      `### ${sc.name}: RPO ${formatMinutes(sc.rpoMinutes)}, RTO ${formatMinutes(sc.rtoMinutes)}`,
      '',
      ...(sc.description ? [sc.description, ''] : []),
      '| Status | Check | Evidence |',
      '|---|---|---|',
      ...checks.map(
        (c) => `| ${STATUS_ICON[c.status]} | ${cell(c.title)} | ${cell(c.evidence.join('\n'))} |`,
      ),
      '',
      sc.lastDrill
        ? `Last restore drill ${sc.lastDrill.runId} (${sc.lastDrill.finishedAt.slice(0, 10)}): ${sc.lastDrill.verdict}, ` +
            `RTO achieved ${drillMinutes(sc.lastDrill.rtoMinutes)}, RPO achieved ${drillMinutes(sc.lastDrill.rpoMinutes)}.`
        : 'RTO is not measured by this report: only a restore drill proves it.',
      '',
    );
  }
  out.push('## Lint', '');
  const active = report.lint.filter((f) => f.silencedReason === undefined);
  const silenced = report.lint.filter((f) => f.silencedReason !== undefined);
  if (active.length === 0) out.push('No lint findings.', '');
  else {
    out.push('| Severity | Rule | Resource | Finding | Fix |', '|---|---|---|---|---|');
    for (const f of active)
      out.push(
        `| ${f.severity} | \`${f.ruleId}\` | ${cell(f.address)} | ${cell(f.message)} | ${cell(f.fixHint)} |`,
      );
    out.push('');
  }
  if (silenced.length) {
    out.push('Silenced:', '');
    for (const f of silenced) out.push(`- \`${f.ruleId}\` on ${f.address}: ${f.silencedReason}`);
    out.push('');
  }
  return `${out.join('\n').trimEnd()}\n`;
}
