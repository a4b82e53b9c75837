/**
 * The body of one planned change as plain lines, shared by the text and Markdown plan renderers:
 * changed fields as `before -> after`, nested values via deep-diff (display only: the plan already
 * says WHAT changed, deep-diff only spells out how two nested values differ), and policy changes as a
 * table of statements with "permissions broadened" flagged, both as the planner computed them
 * (Change.policyDiffs). Pure.
 */
import deepDiff from 'deep-diff';
import jsonpatch from 'fast-json-patch';
import { type DiffShape, isPolicyPath, kindSpec, shapeAt, shapeAtPath } from '../model/kinds/index.js';
import { specFieldOf, valueInSpecWords } from '../model/kinds/spec-keys.js';
import type { Change, FieldDiff, PlanSummary, PolicyDiff, StatementRow } from '../model/plan.js';
import type { PolicyDocument } from '../model/policy.js';
import { createdFieldPaths } from '../planner/spec-lines.js';

/** How a line is meant to be shown (renderers map this to colours or Markdown). */
export type LineTone = 'add' | 'remove' | 'change' | 'warn' | 'plain';

/** One output line with its tone. */
export interface PlanLine {
  readonly text: string;
  readonly tone: LineTone;
  /** The symbol the line starts with (`+`, `~`, `!`, `(!)`, ...), for the legend; none for values. */
  readonly symbol?: string;
}

const SYMBOL = /^\s*(-\/\+|\(!\)|[-+~!*=?])\s/;

/** A line; a leading symbol is recorded for the legend. */
const line = (text: string, tone: LineTone = 'plain'): PlanLine => {
  const symbol = SYMBOL.exec(text)?.[1];
  return symbol ? { text, tone, symbol } : { text, tone };
};

/** A line of a YAML value block: a leading `- ` is a list item, not a symbol. */
const valueLine = (text: string, tone: LineTone): PlanLine => ({ text, tone });

/** A JSON pointer shown to a person: no leading slash, `~1`/`~0` unescaped. */
export function displayPath(pointer: string): string {
  return pointer
    .split('/')
    .slice(1)
    .map((p) => jsonpatch.unescapePathComponent(p))
    .join('/');
}

/** A scalar as the plan shows it: strings quoted (JSON, which is also YAML), numbers and booleans bare. */
export function formatScalar(value: unknown): string {
  if (value === undefined) return '(none)';
  return JSON.stringify(value);
}

function isScalar(v: unknown): boolean {
  return v === null || typeof v !== 'object';
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

const PLAIN_YAML_KEY = /^[A-Za-z0-9_$][A-Za-z0-9_.\-/$]*$/;

function yamlKey(key: string): string {
  return PLAIN_YAML_KEY.test(key) ? key : JSON.stringify(key);
}

/** Keys in a stable order: an item's `id` or `name` first (as the spec writes list items), then sorted. */
function byKeyOrder(a: string, b: string): number {
  const rank = (k: string) => (k === 'id' ? 0 : k === 'name' ? 1 : 2);
  return rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0);
}

/** `{}` and `[]` stay on their key's line; everything else nested is a block. */
function isEmptyNested(v: unknown): boolean {
  return Array.isArray(v) ? v.length === 0 : isRecord(v) && Object.keys(v).length === 0;
}

/**
 * A nested value as YAML block lines (keys in one order, `id`/`name` first, so a saved plan renders the same; strings
 * quoted), each starting with `indent`. A scalar or empty value is one line without indent.
 */
export function yamlLines(value: unknown, indent: string): string[] {
  if (isScalar(value)) return [formatScalar(value)];
  if (isEmptyNested(value)) return [Array.isArray(value) ? '[]' : '{}'];
  const out: string[] = [];
  if (Array.isArray(value)) {
    for (const item of value) {
      if (isScalar(item) || isEmptyNested(item)) out.push(`${indent}- ${yamlLines(item, '')[0]}`);
      else if (Array.isArray(item)) out.push(`${indent}-`, ...yamlLines(item, `${indent}  `));
      else {
        // `- first: value` then the other keys under it, as YAML writes a list of mappings.
        const lines = yamlLines(item, `${indent}  `);
        out.push(`${indent}- ${(lines[0] ?? '').slice(indent.length + 2)}`, ...lines.slice(1));
      }
    }
    return out;
  }
  const obj = value as Record<string, unknown>;
  for (const key of Object.keys(obj).sort(byKeyOrder)) {
    const v = obj[key];
    if (v === undefined) continue;
    if (isScalar(v) || isEmptyNested(v)) out.push(`${indent}${yamlKey(key)}: ${yamlLines(v, '')[0]}`);
    else out.push(`${indent}${yamlKey(key)}:`, ...yamlLines(v, `${indent}  `));
  }
  return out;
}

/** How the fields of one change are named and located (see {@link changeBodyLines}). */
export interface BodyOptions {
  /** The plan's spec file (`Plan.specFile`): field lines end with `(file:line)`. */
  readonly specFile?: string;
}

/** `  (backup-spec.yaml:20)` (`  (line 20)` without the file), or nothing when the line is unknown. */
export function locationSuffix(line: number | undefined, specFile: string | undefined): string {
  if (line === undefined) return '';
  return specFile === undefined ? `  (line ${line})` : `  (${specFile}:${line})`;
}

/** The body options of a report's plan (its spec file). */
export function specOf(report: { readonly plan: { readonly specFile?: string } }): BodyOptions {
  return report.plan.specFile !== undefined ? { specFile: report.plan.specFile } : {};
}

/**
 * One field's value block: `prefix` then the value on the same line when it is a scalar or empty,
 * else a YAML block under it. `suffix` (the spec location) ends the first line.
 */
function valueBlock(prefix: string, value: unknown, indent: string, tone: LineTone, suffix = ''): PlanLine[] {
  const lines = yamlLines(value, `${indent}    `);
  if (isScalar(value) || isEmptyNested(value)) return [line(`${indent}${prefix}${lines[0]}${suffix}`, tone)];
  return [line(`${indent}${prefix.trimEnd()}${suffix}`, tone), ...lines.map((l) => valueLine(l, tone))];
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

/** The width plans are drawn for when the output is not a terminal (files, CI logs, PR comments). */
export const DEFAULT_PLAN_WIDTH = 100;

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

/** Splits a cell line into pieces of at most `width`, breaking after `:`, `/`, `.`, `,` or a space when it can. */
export function wrapCell(text: string, width: number): string[] {
  if (width < 1 || text.length <= width) return [text];
  const out: string[] = [];
  let rest = text;
  while (rest.length > width) {
    let cut = -1;
    for (let i = width; i > width / 3; i--) {
      if (/[:/., ]/.test(rest[i - 1] ?? '')) {
        cut = i;
        break;
      }
    }
    if (cut < 0) cut = width;
    out.push(rest.slice(0, cut));
    rest = rest.slice(cut);
  }
  if (rest) out.push(rest);
  return out;
}

/**
 * Column widths that fit `total` characters: the widest columns give way first, never below their
 * header (and a few characters). `natural` are the unwrapped widths.
 */
function fitWidths(natural: readonly number[], total: number): number[] {
  const widths = [...natural];
  const frame = 3 * widths.length + 1; // "│ " + " │" per column, shared borders
  const minimum = HEADERS.map((h, i) => Math.min(natural[i] ?? 0, Math.max(h.length, i < 2 ? 6 : 10)));
  let excess = widths.reduce((a, b) => a + b, 0) + frame - total;
  while (excess > 0) {
    let widest = -1;
    for (let i = 0; i < widths.length; i++)
      if ((widths[i] ?? 0) > (minimum[i] ?? 0) && (widest < 0 || (widths[i] ?? 0) > (widths[widest] ?? 0)))
        widest = i;
    if (widest < 0) break; // cannot shrink further: the table is wider than asked
    widths[widest] = (widths[widest] ?? 0) - 1;
    excess--;
  }
  return widths;
}

/**
 * Statements added (+) and removed (-) as a box table (aws-cdk style), at most `width` columns wide
 * (long cells wrap). Unchanged statements are counted.
 */
export function policyTableLines(policy: PolicyDiff, indent: string, width = DEFAULT_PLAN_WIDTH): PlanLine[] {
  const raw = policy.statements.map(cells);
  const natural = HEADERS.map((h, i) =>
    Math.max(h.length, ...raw.map((r) => Math.max(0, ...(r[i] ?? []).map((c) => c.length)))),
  );
  const widths = fitWidths(natural, width - indent.length);
  const table = raw.map((r) =>
    r.map((c, i) => c.flatMap((text) => wrapCell(text, widths[i] ?? text.length))),
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

// --------------------------------------------------------------------------------------- per field

/** How one change's body is drawn (see {@link changeBodyLines}). */
export interface ChangeBodyOptions extends BodyOptions {
  /** Width of policy tables (default {@link DEFAULT_PLAN_WIDTH}). */
  readonly width?: number;
}

interface FieldContext {
  readonly change: Change;
  readonly opts: ChangeBodyOptions;
}

/** A value of the change's attributes in the spec's words: keyed lists as lists, keys renamed. */
function shown(change: Change, pointer: string, value: unknown): unknown {
  return valueInSpecWords(
    kindSpec(change.kind).specKeys,
    pointer,
    asLists(value, shapeAtPath(change.kind, pointer)),
  );
}

/** The plan's keyed view (`{id: item}`) back to the list the spec writes (`- id: ...`). */
function asLists(value: unknown, shape: DiffShape | undefined): unknown {
  if (value === null || typeof value !== 'object' || shape === undefined) return value;
  if (shape.t === 'keyed') {
    const items = Array.isArray(value) ? value : Object.values(value);
    return items.map((item) => asLists(item, shape.item ?? { t: 'object' }));
  }
  if (shape.t !== 'object' || Array.isArray(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = asLists(v, shapeAt(shape, k));
  return out;
}

/** The policy statement table at `path` (none in plans saved before policyDiffs existed). */
function policyLines(fc: FieldContext, path: string, indent: string): PlanLine[] {
  const policy = fc.change.policyDiffs?.find((p) => p.path === path);
  return policy ? policyTableLines(policy, indent, fc.opts.width) : [];
}

/** The field's name in the spec's words, and where the spec writes it. */
interface FieldName {
  readonly name: string;
  readonly suffix: string;
}

function fieldLines(fc: FieldContext, d: FieldDiff, where: FieldName, indent: string): PlanLine[] {
  const { change } = fc;
  const path = where.name;
  const at = where.suffix;
  const forces = d.forcesReplacement ? '  # forces replacement' : '';
  if (isPolicyPath(change.kind, d.path) && (d.before === null || d.after === null)) {
    // null: the AWS default policy of kinds that have one (SNS topics), else no policy (S3 buckets)
    const none = kindSpec(change.kind).diff.defaultPolicyWithin ? 'the AWS default policy' : 'no policy';
    const show = (v: unknown) =>
      v === null ? none : `${(v as PolicyDocument).Statement.length} statement(s)`;
    if (d.before === undefined) return [line(`${indent}+ ${path}: ${show(d.after)}${at}`, 'add')];
    if (d.after === undefined) return [line(`${indent}- ${path}: ${show(d.before)}${at}`, 'remove')];
    return [
      line(`${indent}~ ${path}: ${show(d.before)} -> ${show(d.after)}${at}`, 'change'),
      ...policyLines(fc, d.path, `${indent}    `),
    ];
  }
  if (isPolicyPath(change.kind, d.path)) {
    const verb = d.before === undefined ? '+' : d.after === undefined ? '-' : '~';
    return [
      line(
        `${indent}${verb} ${path}: policy statements${forces}${at}`,
        verb === '+' ? 'add' : verb === '-' ? 'remove' : 'change',
      ),
      ...policyLines(fc, d.path, `${indent}    `),
    ];
  }
  const before = shown(change, d.path, d.before);
  const after = shown(change, d.path, d.after);
  if (d.before === undefined) return valueBlock(`+ ${path}: `, after, indent, 'add', at);
  if (d.after === undefined) return valueBlock(`- ${path}: `, before, indent, 'remove', at);
  if (isScalar(before) || isScalar(after)) {
    if (isScalar(before) && isScalar(after)) {
      return [
        line(`${indent}~ ${path}: ${formatScalar(before)} -> ${formatScalar(after)}${forces}${at}`, 'change'),
      ];
    }
    if (isScalar(after)) {
      // an object or list replaced by a scalar (usually null: "none"): show what goes away
      return [
        line(`${indent}~ ${path}: -> ${formatScalar(after)}${forces}${at}`, 'change'),
        ...valueBlock('- was: ', before, `${indent}    `, 'remove'),
      ];
    }
    return valueBlock(`~ ${path}: ${formatScalar(before)} -> `, after, indent, 'change', `${forces}${at}`);
  }
  return [
    line(`${indent}~ ${path}:${forces}${at}`, 'change'),
    ...nestedLines(before, after, `${indent}    `),
  ];
}

/** The field's spec name and location: from the plan, else (older plans) the kind's names only. */
function nameOf(fc: FieldContext, d: Pick<FieldDiff, 'path' | 'specField' | 'specLine'>): FieldName {
  const name = d.specField ?? specFieldOf(kindSpec(fc.change.kind).specKeys, d.path).field;
  return { name, suffix: locationSuffix(d.specLine, fc.opts.specFile) };
}

/**
 * Every field of a whole configuration as `+` (a create) or `-` (a delete) lines, policies as
 * statement tables (a create's; a deleted policy is listed as YAML: nothing compares it).
 */
function wholeLines(fc: FieldContext, attrs: unknown, verb: '+' | '-', indent: string): PlanLine[] {
  const { change } = fc;
  const located = new Map((change.specFields ?? []).map((f) => [f.path, f]));
  const out: PlanLine[] = [];
  for (const path of createdFieldPaths({ kind: change.kind, after: attrs })) {
    const value = jsonpatch.getValueByPointer(attrs, path);
    const d: FieldDiff =
      verb === '+'
        ? { path, before: undefined, after: value, forcesReplacement: false }
        : { path, before: value, after: undefined, forcesReplacement: false };
    const where = located.get(path);
    const name = nameOf(fc, { path, ...(where ?? {}) });
    if (verb === '-' && isPolicyPath(change.kind, path) && value !== null) {
      out.push(...valueBlock(`- ${name.name}: `, value, indent, 'remove'));
      continue;
    }
    out.push(...fieldLines(fc, d, name, indent));
  }
  return out;
}

/** Top-level managed fields an update leaves as they are (not shown). */
function unchangedCount(change: Change): number {
  const after = change.after as Record<string, unknown> | undefined;
  if (!after) return 0;
  const changed = new Set(
    change.fieldDiffs.map((d) => jsonpatch.unescapePathComponent(d.path.split('/')[1] ?? '')),
  );
  return Object.keys(after).filter((k) => after[k] !== undefined && !changed.has(k)).length;
}

/**
 * Body lines of one change (fields, `(N unchanged fields hidden)`, then risk notes), indented by
 * `indent`: fields in the spec's words with their spec line, nested values as YAML.
 */
export function changeBodyLines(change: Change, indent: string, opts: ChangeBodyOptions = {}): PlanLine[] {
  const fc: FieldContext = { change, opts };
  const out: PlanLine[] = [];
  if (
    change.action === 'create' ||
    (change.action === 'blocked' && change.before === undefined && change.after !== undefined)
  ) {
    out.push(...wholeLines(fc, change.after ?? {}, '+', indent));
  } else if (change.action === 'delete' || (change.action === 'blocked' && change.after === undefined)) {
    // A deletion shows the whole configuration it removes.
    if (change.before !== undefined) out.push(...wholeLines(fc, change.before, '-', indent));
  } else {
    for (const d of change.fieldDiffs) out.push(...fieldLines(fc, d, nameOf(fc, d), indent));
    const hidden = unchangedCount(change);
    if (hidden && change.fieldDiffs.length)
      out.push(line(`${indent}(${hidden} unchanged field${hidden === 1 ? '' : 's'} hidden)`));
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

/** The symbols a plan's text can show, in legend order, with what each means. */
const LEGEND: readonly (readonly [string, string])[] = [
  ['+', 'create (before a field: added)'],
  ['~', 'update in place (field changed)'],
  ['-/+', 'replace'],
  ['-', 'delete (field removed)'],
  ['!', 'blocked, not applied (before a note: high risk)'],
  ['*', 'note'],
  ['(!)', 'permissions broadened'],
  ['=', 'in sync'],
  ['?', 'unchecked (could not be read)'],
];

/** The legend of the symbols used. */
export function legendOf(used: ReadonlySet<string>): string {
  const entries = LEGEND.filter(([symbol]) => used.has(symbol));
  return `Symbols: ${entries.map(([symbol, words]) => `${symbol} ${words}`).join('   ')}`;
}

/** The legend as lines of at most `width` columns (entries never split), continuation lines aligned. */
export function legendLines(used: ReadonlySet<string>, width: number): string[] {
  const entries = LEGEND.filter(([symbol]) => used.has(symbol)).map(
    ([symbol, words]) => `${symbol} ${words}`,
  );
  const head = 'Symbols: ';
  const lines: string[] = [];
  let current = head;
  for (const entry of entries) {
    const sep = current === head || current.trim() === '' ? '' : '   ';
    if (current.length + sep.length + entry.length > width && current.trim() !== '' && current !== head) {
      lines.push(current);
      current = ' '.repeat(head.length) + entry;
    } else current += sep + entry;
  }
  lines.push(current);
  return lines;
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
