/**
 * The body of one planned change as plain lines, shared by the text and Markdown plan renderers:
 * changed fields as `before -> after`, nested values via deep-diff (display only: the plan already
 * says WHAT changed, deep-diff only spells out how two nested values differ), and policy changes as a
 * table of statements with "permissions broadened" flagged, both as the planner computed them
 * (Change.policyDiffs). Pure.
 */
import deepDiff from 'deep-diff';
import jsonpatch from 'fast-json-patch';
import { isPolicyMapPath, isPolicyPath, kindSpec } from '../model/kinds/index.js';
import type { Change, FieldDiff, PlanSummary, PolicyDiff, StatementRow } from '../model/plan.js';
import type { PolicyDocument } from '../model/policy.js';

/** How a line is meant to be shown (renderers map this to colours or Markdown). */
export type LineTone = 'add' | 'remove' | 'change' | 'warn' | 'plain';

/** One output line with its tone. */
export interface PlanLine {
  readonly text: string;
  readonly tone: LineTone;
}

const line = (text: string, tone: LineTone = 'plain'): PlanLine => ({ text, tone });

/** A JSON pointer shown to a person: no leading slash, `~1`/`~0` unescaped. */
export function displayPath(pointer: string): string {
  return pointer
    .split('/')
    .slice(1)
    .map((p) => jsonpatch.unescapePathComponent(p))
    .join('/');
}

/** A scalar (or short value) as JSON. */
export function formatScalar(value: unknown): string {
  if (value === undefined) return '(none)';
  return JSON.stringify(value);
}

function isScalar(v: unknown): boolean {
  return v === null || typeof v !== 'object';
}

const SHORT = 72;

/** A value as lines: short values on one line, objects and lists nested one entry per line. */
function valueLines(value: unknown, indent: string): string[] {
  const compact = JSON.stringify(value);
  if (isScalar(value) || compact.length <= SHORT) return [compact];
  const out: string[] = [];
  if (Array.isArray(value)) {
    for (const item of value) {
      const nested = valueLines(item, `${indent}  `);
      if (nested.length === 1) out.push(`${indent}- ${nested[0]}`);
      else out.push(`${indent}-`, ...nested.slice(1));
    }
  } else {
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      const nested = valueLines(v, `${indent}  `);
      if (nested.length === 1) out.push(`${indent}${k}: ${nested[0]}`);
      else out.push(`${indent}${k}:`, ...nested.slice(1));
    }
  }
  return ['', ...out];
}

function valueBlock(prefix: string, value: unknown, indent: string, tone: LineTone): PlanLine[] {
  const lines = valueLines(value, `${indent}    `);
  if (lines.length === 1) return [line(`${indent}${prefix}${lines[0]}`, tone)];
  return [line(`${indent}${prefix.trimEnd()}`, tone), ...lines.slice(1).map((l) => line(l, tone))];
}

function pathOf(parts: readonly unknown[] | undefined): string {
  return (parts ?? []).map((p) => String(p)).join('/');
}

/** Lines for a change between two nested values (objects or lists), by deep-diff. */
function nestedLines(before: unknown, after: unknown, indent: string): PlanLine[] {
  if (Array.isArray(before) && Array.isArray(after) && [...before, ...after].every(isScalar)) {
    // A set of strings: show membership, not index shifts.
    const had = new Set(before.map((v) => JSON.stringify(v)));
    const has = new Set(after.map((v) => JSON.stringify(v)));
    return [
      ...[...had].filter((v) => !has.has(v)).map((v) => line(`${indent}- ${v}`, 'remove')),
      ...[...has].filter((v) => !had.has(v)).map((v) => line(`${indent}+ ${v}`, 'add')),
    ];
  }
  const out: PlanLine[] = [];
  for (const d of deepDiff.diff(before, after) ?? []) {
    const at = pathOf(d.path);
    if (d.kind === 'E')
      out.push(line(`${indent}~ ${at}: ${formatScalar(d.lhs)} -> ${formatScalar(d.rhs)}`, 'change'));
    else if (d.kind === 'N') out.push(...valueBlock(`+ ${at}: `, d.rhs, indent, 'add'));
    else if (d.kind === 'D') out.push(...valueBlock(`- ${at}: `, d.lhs, indent, 'remove'));
    else {
      const item = d.item;
      const where = `${at}[${d.index}]`;
      if (item.kind === 'N') out.push(...valueBlock(`+ ${where}: `, item.rhs, indent, 'add'));
      else if (item.kind === 'D') out.push(...valueBlock(`- ${where}: `, item.lhs, indent, 'remove'));
      else if (item.kind === 'E')
        out.push(
          line(`${indent}~ ${where}: ${formatScalar(item.lhs)} -> ${formatScalar(item.rhs)}`, 'change'),
        );
    }
  }
  return out;
}

// ------------------------------------------------------------------------------------ policy table

const HEADERS = ['', 'Effect', 'Action', 'Resource', 'Principal', 'Condition'] as const;

function cells(row: StatementRow): string[][] {
  return [
    [row.change],
    [row.effect],
    [...row.actions],
    [...row.resources],
    [...row.principals],
    [...row.conditions],
  ];
}

/** Statements added (+) and removed (-) as a box table (aws-cdk style). Unchanged statements are counted. */
export function policyTableLines(policy: PolicyDiff, indent: string): PlanLine[] {
  const table = policy.statements.map(cells);
  const widths = HEADERS.map((h, i) =>
    Math.max(h.length, ...table.map((r) => Math.max(0, ...(r[i] ?? []).map((c) => c.length)))),
  );
  const rule = (l: string, m: string, r: string) =>
    `${indent}${l}${widths.map((w) => '─'.repeat(w + 2)).join(m)}${r}`;
  const out: PlanLine[] = [
    line(rule('┌', '┬', '┐')),
    line(`${indent}│${HEADERS.map((h, i) => ` ${h.padEnd(widths[i] ?? 0)} `).join('│')}│`),
    line(rule('├', '┼', '┤')),
  ];
  table.forEach((r, n) => {
    const height = Math.max(1, ...r.map((c) => c.length));
    const tone: LineTone = r[0]?.[0] === '+' ? 'add' : 'remove';
    for (let k = 0; k < height; k++) {
      out.push(
        line(`${indent}│${r.map((c, i) => ` ${(c[k] ?? '').padEnd(widths[i] ?? 0)} `).join('│')}│`, tone),
      );
    }
    if (n < table.length - 1) out.push(line(rule('├', '┼', '┤')));
  });
  out.push(line(rule('└', '┴', '┘')));
  const kept = policy.unchangedStatements;
  if (kept) out.push(line(`${indent}(${kept} unchanged statement${kept === 1 ? '' : 's'} not shown)`));
  if (policy.broadened.length)
    out.push(line(`${indent}(!) permissions broadened: ${policy.broadened.join('; ')}`, 'warn'));
  return out;
}

/** The statement table of the policy at `path` (none in plans saved before policyDiffs existed). */
function policyLines(change: Change, path: string, indent: string): PlanLine[] {
  const policy = change.policyDiffs?.find((p) => p.path === path);
  return policy ? policyTableLines(policy, indent) : [];
}

// --------------------------------------------------------------------------------------- per field

function fieldLines(change: Change, d: FieldDiff, indent: string): PlanLine[] {
  const path = displayPath(d.path);
  const forces = d.forcesReplacement ? '  # forces replacement' : '';
  if (isPolicyPath(change.kind, d.path) && (d.before === null || d.after === null)) {
    // null: the AWS default policy of kinds that have one (SNS topics), else no policy (S3 buckets)
    const none = kindSpec(change.kind).diff.defaultPolicyWithin ? 'the AWS default policy' : 'no policy';
    const show = (v: unknown) =>
      v === null ? none : `${(v as PolicyDocument).Statement.length} statement(s)`;
    if (d.before === undefined) return [line(`${indent}+ ${path}: ${show(d.after)}`, 'add')];
    return [
      line(`${indent}~ ${path}: ${show(d.before)} -> ${show(d.after)}`, 'change'),
      ...policyLines(change, d.path, `${indent}    `),
    ];
  }
  if (isPolicyPath(change.kind, d.path)) {
    const verb = d.before === undefined ? '+' : d.after === undefined ? '-' : '~';
    return [
      line(
        `${indent}${verb} ${path}: policy statements${forces}`,
        verb === '+' ? 'add' : verb === '-' ? 'remove' : 'change',
      ),
      ...policyLines(change, d.path, `${indent}    `),
    ];
  }
  if (d.before === undefined) return valueBlock(`+ ${path}: `, d.after, indent, 'add');
  if (d.after === undefined) return valueBlock(`- ${path}: `, d.before, indent, 'remove');
  if (isScalar(d.before) || isScalar(d.after)) {
    if (isScalar(d.before) && isScalar(d.after)) {
      return [
        line(`${indent}~ ${path}: ${formatScalar(d.before)} -> ${formatScalar(d.after)}${forces}`, 'change'),
      ];
    }
    if (isScalar(d.after)) {
      // an object or list replaced by a scalar (usually null: "none"): show what goes away
      return [
        line(`${indent}~ ${path}: -> ${formatScalar(d.after)}${forces}`, 'change'),
        ...valueBlock('- was: ', d.before, `${indent}    `, 'remove'),
      ];
    }
    return valueBlock(`~ ${path}: ${formatScalar(d.before)} -> `, d.after, indent, 'change');
  }
  return [line(`${indent}~ ${path}:${forces}`, 'change'), ...nestedLines(d.before, d.after, `${indent}    `)];
}

/** The attribute lines of a create: every desired field, policies as statement tables. */
function createLines(change: Change, indent: string): PlanLine[] {
  const after = (change.after ?? {}) as Record<string, unknown>;
  const out: PlanLine[] = [];
  for (const key of Object.keys(after).sort()) {
    const value = after[key];
    if (
      isPolicyMapPath(change.kind, `/${jsonpatch.escapePathComponent(key)}`) &&
      value &&
      typeof value === 'object'
    ) {
      for (const name of Object.keys(value).sort()) {
        out.push(
          ...fieldLines(
            change,
            {
              path: `/${jsonpatch.escapePathComponent(key)}/${jsonpatch.escapePathComponent(name)}`,
              before: undefined,
              after: (value as Record<string, unknown>)[name],
              forcesReplacement: false,
            },
            indent,
          ),
        );
      }
      continue;
    }
    out.push(
      ...fieldLines(
        change,
        {
          path: `/${jsonpatch.escapePathComponent(key)}`,
          before: undefined,
          after: value,
          forcesReplacement: false,
        },
        indent,
      ),
    );
  }
  return out;
}

/** Body lines of one change (fields, then risk notes), indented by `indent`. */
export function changeBodyLines(change: Change, indent: string): PlanLine[] {
  const out: PlanLine[] = [];
  if (
    change.action === 'create' ||
    (change.action === 'blocked' && change.before === undefined && change.after !== undefined)
  ) {
    out.push(...createLines(change, indent));
  } else {
    for (const d of change.fieldDiffs) out.push(...fieldLines(change, d, indent));
  }
  for (const note of change.riskNotes) {
    out.push(
      line(
        `${indent}${change.risk === 'high' ? '!' : '*'} ${note}`,
        change.risk === 'high' ? 'warn' : 'plain',
      ),
    );
  }
  return out;
}

/** Human words for an action. */
export const ACTION_WORDS: Readonly<Record<Change['action'], string>> = {
  'no-op': 'no change',
  create: 'create',
  update: 'update in place',
  replace: 'replace (delete, then create)',
  delete: 'delete',
  blocked: 'blocked (will not be applied)',
};

/** The counts a plan summary line shows (a PlanSummary, or an apply result's counts). */
type PlanCounts = Pick<PlanSummary, 'create' | 'update' | 'replace' | 'delete' | 'blocked' | 'unchecked'>;

/** `Plan: 3 to create, 5 to update, 0 to delete, 1 blocked.` (replace and unchecked only when non-zero). */
export function summaryLine(summary: PlanCounts): string {
  const parts = [`${summary.create} to create`, `${summary.update} to update`];
  if (summary.replace) parts.push(`${summary.replace} to replace`);
  parts.push(`${summary.delete} to delete`, `${summary.blocked} blocked`);
  if (summary.unchecked) parts.push(`${summary.unchecked} unchecked`);
  return `Plan: ${parts.join(', ')}.`;
}

/** True when the plan has nothing to do, nothing blocked and nothing unchecked. */
export function isEmptyPlan(summary: PlanCounts): boolean {
  return (
    summary.create +
      summary.update +
      summary.replace +
      summary.delete +
      summary.blocked +
      summary.unchecked ===
    0
  );
}
