/**
 * After an apply the CLI re-reads AWS and re-plans: converged means the new plan has nothing left
 * (no create/update/replace/delete/blocked change, nothing unchecked). Also the human rendering of an
 * ApplyResult. Pure.
 */
import { ACTION_SYMBOLS, type Plan } from '../model/plan.js';
import { redactText } from '../model/secrets.js';
import {
  type ApplyResult,
  type Convergence,
  formatApplySummary,
  type NotConverged,
  type StepResult,
} from './apply-result.js';

/** What the re-plan still wants, with the failed step's error when the apply tried and failed. */
export function convergenceOf(replan: Plan, result?: Pick<ApplyResult, 'steps'>): Convergence {
  const steps = new Map((result?.steps ?? []).map((s) => [s.address, s]));
  const because = (address: string, reason: string): string => {
    const step = steps.get(address);
    return step?.error
      ? `${reason}; ${step.outcome === 'failed' ? 'step failed' : 'step'}: ${step.error}`
      : reason;
  };
  const remaining: NotConverged[] = [
    ...replan.changes
      .filter((c) => c.action !== 'no-op')
      .map((c) => {
        const fields = [...new Set(c.fieldDiffs.map((d) => d.path))];
        return {
          address: c.address,
          action: c.action,
          reason: redactText(because(c.address, c.reason)),
          ...(fields.length > 0 ? { fields } : {}),
        };
      }),
    ...replan.unchecked.map((u) => ({
      address: u.address,
      action: 'unchecked' as const,
      reason: redactText(because(u.address, `could not be read: ${u.reason}`)),
    })),
  ].sort((a, b) => (a.address < b.address ? -1 : a.address > b.address ? 1 : 0));
  return { converged: remaining.length === 0, remaining };
}

const OUTCOME_LABEL: Readonly<Record<StepResult['outcome'], string>> = {
  applied: 'applied  ',
  unchanged: 'unchanged',
  failed: 'FAILED   ',
  skipped: 'skipped  ',
};

/** The human report of an apply: one line per step, the summary line, then convergence. */
export function renderApplyText(result: ApplyResult): string {
  const lines: string[] = [];
  if (result.steps.length > 0) {
    lines.push('Steps:');
    for (const s of result.steps) {
      const why = s.error ? `: ${redactText(s.error)}` : '';
      lines.push(
        `  ${OUTCOME_LABEL[s.outcome]}  ${ACTION_SYMBOLS[s.action].trim() || ' '} ${s.address}${why}`,
      );
    }
    lines.push('');
  }
  lines.push(formatApplySummary(result.summary));
  const conv = result.convergence;
  if (conv) {
    if (conv.converged) lines.push('Converged: a fresh read of AWS matches the spec.');
    else {
      lines.push(`Not converged: ${conv.remaining.length} resource(s) still differ from the spec:`);
      for (const r of conv.remaining) {
        const sym = r.action === 'unchecked' ? '?' : ACTION_SYMBOLS[r.action].trim() || ' ';
        lines.push(`  ${sym} ${r.address} (${r.action}): ${r.reason}`);
        if (r.fields?.length) lines.push(`      still differs: ${r.fields.join(', ')}`);
      }
    }
  }
  return `${lines.join('\n')}\n`;
}
