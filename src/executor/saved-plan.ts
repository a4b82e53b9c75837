/**
 * `reconcile --apply plan.json`: load a saved plan and prove it is still what a fresh plan would say
 * (same live fingerprint, same changes) before applying exactly it.
 */
import { readFile } from 'node:fs/promises';
import { describeFileError, InputFileError, StalePlanError } from '../errors.js';
import { canonicalText } from '../model/canonical.js';
import type { Change, Plan } from '../model/plan.js';
import type { ResourceAddress } from '../model/resource.js';

function isRecord(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** Reads a plan written by `reconcile --plan --out FILE`. Throws InputFileError naming what is wrong. */
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
  const bad = (what: string) =>
    new InputFileError(`${path}: not a saved plan (${what}); make one with: reconcile --plan --out ${path}`);
  if (!isRecord(v)) throw bad('not a JSON object');
  if (v.formatVersion !== 1) throw bad(`formatVersion ${JSON.stringify(v.formatVersion)}, expected 1`);
  if (typeof v.account !== 'string') throw bad('no "account"');
  if (typeof v.liveFingerprint !== 'string' || v.liveFingerprint === '') throw bad('no "liveFingerprint"');
  if (!Array.isArray(v.changes) || !v.changes.every((c) => isRecord(c) && typeof c.address === 'string'))
    throw bad('bad "changes"');
  if (!Array.isArray(v.layers) || !v.layers.every((l) => Array.isArray(l))) throw bad('bad "layers"');
  if (!Array.isArray(v.unchecked)) throw bad('bad "unchecked"');
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
