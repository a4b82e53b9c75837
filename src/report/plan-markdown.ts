/**
 * The plan as Markdown for a pull-request or issue comment: the summary line, a warning when the plan
 * is incomplete, a table of changes, the high-risk list, and one collapsible section per change with
 * its field diffs. Pure: renders, never diffs.
 */
import { ACTION_SYMBOLS, type Change, type Plan } from '../model/plan.js';
import {
  ACTION_WORDS,
  changeBodyLines,
  isEmptyPlan,
  legendOf,
  locationSuffix,
  summaryLine,
} from './plan-lines.js';
import { planLintMarkdown } from './plan-lint.js';

/** Escapes text for a Markdown table cell or inline text. */
function cell(text: string): string {
  return text
    .replace(/\\/g, '\\\\')
    .replace(/\|/g, '\\|')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/\n/g, ' ');
}

function code(text: string): string {
  return `\`${text.replace(/`/g, "'")}\``;
}

function html(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function riskCell(c: Change): string {
  // What the drift endangers, when it is worse than the fix's risk (replication removed by hand).
  const severity = c.driftSeverity === 'high' && c.risk !== 'high' ? ' (**high-severity drift**)' : '';
  return `${c.risk === 'high' ? '**high**' : c.risk}${severity}`;
}

/** Renders a plan as GitHub-flavoured Markdown. */
export function renderPlanMarkdown(plan: Plan): string {
  const out: string[] = [];
  out.push('## reconcile plan');
  out.push('');
  out.push(
    `Account ${code(plan.account)} · created ${plan.createdAt} · live fingerprint ${code(plan.liveFingerprint.slice(0, 12))}`,
  );
  out.push('');
  if (isEmptyPlan(plan.summary)) {
    out.push('**No changes.** Your AWS backup configuration matches the spec.');
    out.push('');
    out.push(`${plan.summary.noop} resource${plan.summary.noop === 1 ? '' : 's'} checked.`);
    const lint = planLintMarkdown(plan, cell);
    if (lint.length) out.push('', ...lint);
    return `${out.join('\n')}\n`;
  }
  out.push(`**${summaryLine(plan.summary)}**`);
  out.push('');
  if (plan.unchecked.length) {
    out.push('> [!WARNING]');
    out.push(
      `> **This plan is INCOMPLETE:** ${plan.unchecked.length} resource${plan.unchecked.length === 1 ? '' : 's'} could not be read.`,
    );
    out.push('');
  }

  const changes = plan.changes.filter((c) => c.action !== 'no-op');
  if (changes.length) {
    out.push('| | Resource | Spec | Action | Risk | Why |');
    out.push('|---|---|---|---|---|---|');
    for (const c of changes) {
      const at =
        c.specLine !== undefined ? code(locationSuffix(c.specLine, plan.specFile).trim().slice(1, -1)) : '';
      out.push(
        `| ${code(ACTION_SYMBOLS[c.action])} | ${code(c.address)} | ${at} | ${c.action} | ${riskCell(c)} | ${cell(c.reason)} |`,
      );
    }
    out.push('');
  }

  const risky = changes.filter((c) => c.risk === 'high');
  if (risky.length) {
    out.push('### High-risk changes');
    out.push('');
    out.push('`--apply` refuses these without `--allow-destructive`:');
    out.push('');
    for (const c of risky) for (const n of c.riskNotes) out.push(`- ${code(c.address)}: ${cell(n)}`);
    out.push('');
  }

  if (plan.unchecked.length) {
    out.push('### Unchecked resources');
    out.push('');
    for (const u of plan.unchecked) out.push(`- ${code(u.address)}: ${cell(u.reason)}`);
    out.push('');
  }

  const noted = plan.changes.filter((c) => c.action === 'no-op' && c.riskNotes.length);
  if (noted.length) {
    out.push('### Notes on resources in sync');
    out.push('');
    for (const c of noted) for (const n of c.riskNotes) out.push(`- ${code(c.address)}: ${cell(n)}`);
    out.push('');
  }

  const lint = planLintMarkdown(plan, cell);
  if (lint.length) out.push(...lint, '');

  if (changes.length) {
    out.push('### Details');
    out.push('');
    const opts = plan.specFile ? { specFile: plan.specFile } : {};
    const bodies = changes.map((c) => changeBodyLines(c, '', opts));
    const used = new Set([
      ...changes.map((c) => ACTION_SYMBOLS[c.action]),
      ...bodies.flatMap((b) => b.map((l) => l.symbol).filter((s): s is string => s !== undefined)),
    ]);
    out.push(`${code(legendOf(used))}`);
    out.push('');
    changes.forEach((c, n) => {
      out.push('<details>');
      out.push(
        `<summary><code>${html(ACTION_SYMBOLS[c.action])} ${html(c.address)}</code>: ${html(ACTION_WORDS[c.action])} (${c.risk} risk)${html(locationSuffix(c.specLine, plan.specFile))}</summary>`,
      );
      out.push('');
      out.push(`${cell(c.reason)}`);
      const body = bodies[n] ?? [];
      if (body.length) {
        out.push('');
        out.push('```text');
        for (const l of body) out.push(l.text.replace(/```/g, "'''"));
        out.push('```');
      }
      out.push('');
      out.push('</details>');
      out.push('');
    });
  }
  out.push(`${plan.summary.noop} resource${plan.summary.noop === 1 ? '' : 's'} in sync.`);
  return `${out.join('\n')}\n`;
}
