/**
 * The human plan, like `terraform plan`: changes grouped by service then region, symbols
 * `+ ~ - -/+` (and `!` for blocked), only changed fields with `before -> after`, IAM policy changes as
 * statement tables, high-risk changes called out, unchecked resources listed ("this plan is
 * INCOMPLETE"), and the summary line. ANSI colour only when asked. Pure: renders, never diffs.
 */
import { ACTION_SYMBOLS, type Change, type Plan } from '../model/plan.js';
import { RESOURCE_KINDS, serviceOf } from '../model/resource.js';
import {
  ACTION_WORDS,
  changeBodyLines,
  DEFAULT_PLAN_WIDTH,
  isEmptyPlan,
  type LineTone,
  legendLines,
  locationSuffix,
  type PlanLine,
  summaryLine,
} from './plan-lines.js';
import { planLintLines } from './plan-lint.js';

/** Options of {@link renderPlanText}. */
export interface PlanTextOptions {
  /** ANSI colours (a TTY without NO_COLOR). */
  readonly color: boolean;
  /** Columns to fit policy tables in: the terminal's width, else {@link DEFAULT_PLAN_WIDTH}. */
  readonly width?: number;
}

const ANSI = {
  reset: '\u001b[0m',
  bold: '\u001b[1m',
  red: '\u001b[31m',
  green: '\u001b[32m',
  yellow: '\u001b[33m',
  magenta: '\u001b[35m',
  cyan: '\u001b[36m',
} as const;

const TONE_COLOR: Readonly<Record<LineTone, string>> = {
  add: ANSI.green,
  remove: ANSI.red,
  change: ANSI.yellow,
  warn: `${ANSI.bold}${ANSI.red}`,
  plain: '',
};

const ACTION_COLOR: Readonly<Record<Change['action'], string>> = {
  'no-op': '',
  create: ANSI.green,
  update: ANSI.yellow,
  replace: ANSI.magenta,
  delete: ANSI.red,
  blocked: `${ANSI.bold}${ANSI.red}`,
};

const NOOP_SYMBOL = '=';

/** The region a change is grouped under: its own, the bucket's region attribute, or `global`. */
function regionOf(change: Change): string {
  if (change.region) return change.region;
  const attrs = (change.after ?? change.before) as { region?: unknown } | undefined;
  return typeof attrs?.region === 'string' ? attrs.region : 'global';
}

function serviceRank(change: Change): number {
  return RESOURCE_KINDS.indexOf(change.kind);
}

/** Renders a plan for a terminal (or a file when color is false). */
export function renderPlanText(plan: Plan, opts: PlanTextOptions): string {
  const paint = (text: string, color: string) =>
    opts.color && color ? `${color}${text}${ANSI.reset}` : text;
  const out: string[] = [];
  const body = {
    width: opts.width ?? DEFAULT_PLAN_WIDTH,
    ...(plan.specFile ? { specFile: plan.specFile } : {}),
  };
  const used = new Set<string>();
  const emit = (l: PlanLine) => {
    if (l.symbol) used.add(l.symbol);
    out.push(paint(l.text, TONE_COLOR[l.tone]));
  };
  const symbol = (c: Change) => {
    used.add(c.action === 'no-op' ? NOOP_SYMBOL : ACTION_SYMBOLS[c.action]);
    return paint(c.action === 'no-op' ? NOOP_SYMBOL : ACTION_SYMBOLS[c.action], ACTION_COLOR[c.action]);
  };

  out.push(`reconcile plan for account ${plan.account} (${plan.createdAt})`);
  out.push('');
  const changes = plan.changes.filter((c) => c.action !== 'no-op');

  const lint = planLintLines(plan);
  if (isEmptyPlan(plan.summary)) {
    out.push(paint('No changes. Your AWS backup configuration matches the spec.', ANSI.green));
    out.push('');
    if (lint.length) out.push(...lint, '');
    return `${out.join('\n')}\n`;
  }

  const legendAt = out.length;
  if (changes.length) {
    // group by service (pipeline order) then region
    const groups = new Map<string, Change[]>();
    const sorted = [...changes].sort(
      (a, b) =>
        serviceRank(a) - serviceRank(b) ||
        (serviceOf(a.kind) < serviceOf(b.kind) ? -1 : serviceOf(a.kind) > serviceOf(b.kind) ? 1 : 0) ||
        (regionOf(a) === regionOf(b)
          ? 0
          : regionOf(a) === 'global'
            ? -1
            : regionOf(b) === 'global'
              ? 1
              : regionOf(a) < regionOf(b)
                ? -1
                : 1) ||
        (a.address < b.address ? -1 : 1),
    );
    for (const c of sorted) {
      const key = `${serviceOf(c.kind)} · ${regionOf(c)}`;
      groups.set(key, [...(groups.get(key) ?? []), c]);
    }
    for (const [title, list] of groups) {
      out.push('');
      out.push(paint(title, ANSI.bold));
      for (const c of list) {
        out.push('');
        const risk =
          c.risk === 'low'
            ? 'low risk'
            : paint(`${c.risk} risk`, c.risk === 'high' ? `${ANSI.bold}${ANSI.red}` : ANSI.yellow);
        out.push(`  ${symbol(c)} ${paint(c.address, ANSI.bold)}${locationSuffix(c.specLine, plan.specFile)}`);
        // What the drift endangers, when it is worse than the fix's risk (replication removed by hand).
        const severity =
          c.driftSeverity === 'high' && c.risk !== 'high'
            ? `; ${paint('high-severity drift', `${ANSI.bold}${ANSI.red}`)}`
            : '';
        out.push(`      ${ACTION_WORDS[c.action]}: ${c.reason} [${risk}${severity}]`);
        for (const l of changeBodyLines(c, '      ', body)) emit(l);
      }
    }
    out.push('');
  }

  const noted = plan.changes.filter((c) => c.action === 'no-op' && c.riskNotes.length);
  if (noted.length) {
    used.add(NOOP_SYMBOL);
    out.push('Notes on resources in sync:');
    for (const c of noted) for (const n of c.riskNotes) out.push(`  ${NOOP_SYMBOL} ${c.address}: ${n}`);
    out.push('');
  }

  const risky = changes.filter((c) => c.risk === 'high');
  if (risky.length) {
    out.push(
      paint(
        'High-risk changes (--apply refuses them without --allow-destructive):',
        `${ANSI.bold}${ANSI.red}`,
      ),
    );
    for (const c of risky) {
      out.push(`  ${symbol(c)} ${c.address}`);
      for (const n of c.riskNotes) out.push(paint(`      ${n}`, ANSI.red));
    }
    out.push('');
  }

  if (plan.unchecked.length) {
    out.push(
      paint(
        'Unchecked: these resources could not be read, so this plan is INCOMPLETE:',
        `${ANSI.bold}${ANSI.yellow}`,
      ),
    );
    for (const u of plan.unchecked) out.push(`  ? ${u.address}: ${u.reason}`);
    out.push('');
  }

  if (lint.length) out.push(...lint, '');

  if (plan.summary.noop)
    out.push(`${plan.summary.noop} resource${plan.summary.noop === 1 ? '' : 's'} in sync (not shown).`);
  out.push(paint(summaryLine(plan.summary), ANSI.bold));
  // The legend names exactly the symbols used below it.
  if (plan.unchecked.length) used.add('?');
  const legend = legendLines(used, body.width);
  out.splice(legendAt, 0, ...(out[legendAt] === '' ? legend : [...legend, '']));
  return `${out.join('\n')}\n`;
}
