/**
 * `reconcile --apply plan.json`: a saved plan is an input, not a trusted program (issue 12). It is
 * validated against spec/plan-schema.ts, checked for staleness (same account, same spec, same live
 * fingerprint) with messages that say what moved, and then must equal the fresh plan in every field
 * but `createdAt`; apply then runs the FRESH plan, so guardrails, the summary and the adapter choice
 * never come from the file.
 */
import { readFile } from 'node:fs/promises';
import { planSchema } from '../../spec/plan-schema.js';
import { describeFileError, InputFileError, ReconcileError, StalePlanError } from '../errors.js';
import { type FieldProblem, problemLines } from '../io/problems.js';
import { canonicalText } from '../model/canonical.js';
import type { Change, Plan } from '../model/plan.js';
import type { ResourceAddress } from '../model/resource.js';
import { planToJson } from '../report/plan-json.js';

function isRecord(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/**
 * Reads a plan written by `reconcile --plan --out FILE` and validates it against the plan schema
 * (spec/plan.schema.json). Returns the document exactly as read (every field, known or not: the apply
 * compares all of them). Throws InputFileError naming the file and each bad field.
 */
export async function loadSavedPlan(path: string): Promise<Plan> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    throw new InputFileError(`cannot read saved plan ${path}: ${describeFileError(e, 'read')}`);
  }
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch (e) {
    throw new InputFileError(`${path}: not JSON (${(e as Error).message})`);
  }
  const remedy = `make one with: reconcile --plan --out ${path}`;
  if (!isRecord(v)) throw new InputFileError(`${path}: not a saved plan (not a JSON object); ${remedy}`);
  if (v.formatVersion !== 1)
    throw new InputFileError(
      `${path}: not a saved plan (formatVersion ${JSON.stringify(v.formatVersion)}, expected 1); ${remedy}`,
    );
  const result = planSchema.safeParse(v);
  if (!result.success) {
    const problems: FieldProblem[] = result.error.issues.map((i) => ({
      path: i.path,
      message: i.code === 'invalid_type' && i.input === undefined ? 'missing' : i.message,
    }));
    throw new InputFileError(
      `${path}: not a saved plan (spec/plan.schema.json):\n${problemLines(problems)}\n${remedy}`,
    );
  }
  return v as unknown as Plan;
}

/**
 * What identifies a change for staleness: its action and field diffs (not where the spec writes
 * them: a spec edited only in its comments moves lines, not changes).
 */
function changeKey(c: Change): string {
  return canonicalText({
    action: c.action,
    fieldDiffs: c.fieldDiffs.map((d) => ({
      path: d.path,
      before: d.before,
      after: d.after,
      forcesReplacement: d.forcesReplacement,
    })),
  });
}

function differingAddresses(saved: Plan, fresh: Plan): ResourceAddress[] {
  const a = new Map(saved.changes.map((c) => [c.address, changeKey(c)]));
  const b = new Map(fresh.changes.map((c) => [c.address, changeKey(c)]));
  const out = new Set<ResourceAddress>();
  for (const [addr, key] of a) if (b.get(addr) !== key) out.add(addr);
  for (const addr of b.keys()) if (!a.has(addr)) out.add(addr);
  const ua = new Set(saved.unchecked.map((u) => u.address));
  for (const u of fresh.unchecked) if (!ua.has(u.address)) out.add(u.address);
  return [...out].sort();
}

/** Every address a plan covers (its changes and its unchecked resources): what its fingerprint hashes. */
export function planAddresses(plan: Plan): ResourceAddress[] {
  return [
    ...new Set([...plan.changes.map((c) => c.address), ...plan.unchecked.map((u) => u.address)]),
  ].sort();
}

/** The declared resources a plan covers: every address but deletions of undeclared ones (prune). */
function declaredAddresses(plan: Plan): Set<ResourceAddress> {
  const deleted = new Set(plan.changes.filter((c) => c.action === 'delete').map((c) => c.address));
  return new Set(planAddresses(plan).filter((a) => !deleted.has(a)));
}

/**
 * Throws StalePlanError unless the `saved` plan is still exactly what applying means now:
 * `liveFingerprintNow` (the fingerprint of live state re-read now, over the saved plan's addresses)
 * must equal the saved one, and `fresh` (planned now from the spec and that read) must hold the same
 * changes — another spec gives other changes even on unchanged live state.
 */
export function checkPlanCurrent(saved: Plan, fresh: Plan, liveFingerprintNow: string): void {
  if (saved.account !== fresh.account)
    throw new StalePlanError(
      `the saved plan is for account ${saved.account}, but the spec is for account ${fresh.account}; nothing was changed`,
    );
  const remedy = '\nNothing was changed. Make and review a new plan: reconcile --plan --out plan.json';
  // A plan covers every declared resource (no-ops included): other addresses mean another spec, and
  // the fingerprint over them moved only because they are no longer read, not because AWS changed.
  const savedDeclared = declaredAddresses(saved);
  const freshDeclared = declaredAddresses(fresh);
  const onlySaved = [...savedDeclared].filter((a) => !freshDeclared.has(a)).sort();
  const onlyFresh = [...freshDeclared].filter((a) => !savedDeclared.has(a)).sort();
  if (onlySaved.length + onlyFresh.length > 0) {
    const parts = [
      ...(onlySaved.length > 0 ? [`it covers ${onlySaved.join(', ')}, which the spec does not declare`] : []),
      ...(onlyFresh.length > 0
        ? [`the spec declares ${onlyFresh.join(', ')}, which the plan does not cover`]
        : []),
    ];
    throw new StalePlanError(`the saved plan was made from another spec: ${parts.join('; ')}.${remedy}`);
  }
  const differing = differingAddresses(saved, fresh);
  const list = differing.length > 0 ? `\n${differing.map((a) => `  ${a}`).join('\n')}` : '';
  if (saved.liveFingerprint !== liveFingerprintNow)
    throw new StalePlanError(
      `the saved plan is stale: live state changed since it was made (${saved.createdAt}).` +
        (differing.length > 0 ? ` Planning now gives different changes for:${list}` : '') +
        remedy,
    );
  if (differing.length > 0)
    throw new StalePlanError(
      `the saved plan no longer matches the spec: planning now gives different changes for:${list}${remedy}`,
    );
}

/** One field where the saved plan and the fresh plan differ. */
export interface PlanDifference {
  /** JSON pointer into the plan document. */
  readonly path: string;
  readonly saved: unknown;
  readonly fresh: unknown;
}

function escapePointer(key: string): string {
  return key.replaceAll('~', '~0').replaceAll('/', '~1');
}

function collectDifferences(a: unknown, b: unknown, path: string, out: PlanDifference[]): void {
  if (Object.is(a, b)) return;
  if (Array.isArray(a) && Array.isArray(b)) {
    for (let i = 0; i < Math.max(a.length, b.length); i++)
      collectDifferences(
        i < a.length ? a[i] : undefined,
        i < b.length ? b[i] : undefined,
        `${path}/${i}`,
        out,
      );
    return;
  }
  if (isRecord(a) && isRecord(b)) {
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
    for (const k of keys)
      collectDifferences(
        Object.hasOwn(a, k) ? a[k] : undefined,
        Object.hasOwn(b, k) ? b[k] : undefined,
        `${path}/${escapePointer(k)}`,
        out,
      );
    return;
  }
  out.push({ path: path || '/', saved: a, fresh: b });
}

/**
 * Every field (JSON pointer) where the saved plan document differs from the fresh plan's JSON form,
 * `createdAt` aside. Empty: the saved plan is exactly what applying means now. The spec locations
 * (`specLine`, ...) count like every field: a spec edited since, even in its comments, needs a new plan.
 */
export function planDifferences(saved: unknown, fresh: Plan): PlanDifference[] {
  const freshDoc: unknown = JSON.parse(JSON.stringify(planToJson(fresh)));
  const strip = (d: unknown) => {
    if (!isRecord(d)) return d;
    const { createdAt: _ignored, ...rest } = d;
    return rest;
  };
  const out: PlanDifference[] = [];
  collectDifferences(strip(JSON.parse(JSON.stringify(saved))), strip(freshDoc), '', out);
  return out;
}

function shortValue(v: unknown): string {
  if (v === undefined) return '(absent)';
  const text = JSON.stringify(v);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

/** Plan fields the spec's text alone decides: its line numbers and its lint findings. */
const SPEC_TEXT_FIELD = /^\/lint(\/|$)|\/specLine$/;

/** The saved plan is current but differs from the fresh plan in some field (an edited file). */
export class PlanMismatchError extends ReconcileError {
  readonly differences: readonly PlanDifference[];
  constructor(message: string, differences: readonly PlanDifference[]) {
    super('PLAN_MISMATCH', message);
    this.differences = differences;
  }
}

/**
 * Throws PlanMismatchError unless `saved` (the document as read) equals `fresh` in every field but
 * `createdAt`, listing the first differences (field, saved value, value now); StalePlanError when
 * only spec lines and lint findings differ (the spec was edited, not the file).
 */
export function checkPlanMatches(saved: Plan, fresh: Plan, file: string): void {
  const diffs = planDifferences(saved, fresh);
  if (diffs.length === 0) return;
  const changes = (saved as { changes?: unknown }).changes;
  const where = (pointer: string) => {
    const m = /^\/changes\/(\d+)(\/|$)/.exec(pointer);
    const c = m && Array.isArray(changes) ? changes[Number(m[1])] : undefined;
    return isRecord(c) && typeof c.address === 'string' ? ` (${c.address})` : '';
  };
  const lines = diffs
    .slice(0, 10)
    .map((d) => `  ${d.path}${where(d.path)}: saved ${shortValue(d.saved)}, now ${shortValue(d.fresh)}`);
  if (diffs.length > 10) lines.push(`  ... and ${diffs.length - 10} more`);
  // Only what the spec's text decides differs (its lines, its lint findings: a comment added, a lint
  // ignore written): the spec was edited since the plan, not the file. Still refused, said so.
  if (diffs.every((d) => SPEC_TEXT_FIELD.test(d.path)))
    throw new StalePlanError(
      [
        `the saved plan no longer matches the spec: the spec was edited since ${file} was made (its lines or lint findings moved):`,
        ...lines,
        'Nothing was changed. Make and review a new plan: reconcile --plan --out plan.json',
      ].join('\n'),
    );
  throw new PlanMismatchError(
    [
      `refusing to apply ${file}: it differs from the plan made now from the same spec and live state in ${diffs.length} field(s), so it is not the plan that was reviewed (edited by hand?):`,
      ...lines,
      'Nothing was changed. Make and review a new plan: reconcile --plan --out plan.json',
    ].join('\n'),
    diffs,
  );
}
