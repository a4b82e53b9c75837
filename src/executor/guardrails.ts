/**
 * Checks that run BEFORE any step executes, so an apply is never refused half-way: an incomplete plan
 * (unchecked resources) is refused, and high-risk changes need `--allow-destructive`. Pure.
 */
import { ReconcileError } from '../errors.js';
import { kindSpecOf } from '../model/kinds/index.js';
import { ACTION_SYMBOLS, type Action, type Change, type Plan, type PlanLintFinding } from '../model/plan.js';
import { redactText } from '../model/secrets.js';

/** Actions the executor carries out. `no-op` is never executed; `blocked` is reported and skipped. */
export const EXECUTABLE_ACTIONS: ReadonlySet<Action> = new Set<Action>([
  'create',
  'update',
  'replace',
  'delete',
]);

/** The plan has unchecked resources: applying it could change something nobody has looked at. */
export class IncompletePlanError extends ReconcileError {
  constructor(message: string) {
    super('PLAN_INCOMPLETE', message);
  }
}

/** High-risk changes without `--allow-destructive`. `changes` lists each refused change. */
export class DestructiveChangeError extends ReconcileError {
  readonly changes: readonly Change[];
  constructor(message: string, changes: readonly Change[]) {
    super('DESTRUCTIVE_CHANGE', message);
    this.changes = changes;
  }
}

/**
 * Why the executor must never run a change regardless of flags, or undefined when it may run: a
 * delete or replace (a replace deletes first) of a kind the registry never deletes (buckets and
 * objects, databases). The planner never plans one; this holds for a saved plan edited by hand too.
 */
export function forbiddenReason(change: Change): string | undefined {
  if (change.action !== 'delete' && change.action !== 'replace') return undefined;
  return kindSpecOf(change.kind)?.lifecycle.neverDeleted ?? undefined;
}

/** Changes the executor will run: create/update/replace/delete and not forbidden. */
export function executableChanges(plan: Plan): Change[] {
  return plan.changes.filter((c) => EXECUTABLE_ACTIONS.has(c.action) && forbiddenReason(c) === undefined);
}

/** Changes that are reported and never executed: `blocked` ones and forbidden ones. */
export function blockedChanges(plan: Plan): Change[] {
  return plan.changes.filter(
    (c) => c.action === 'blocked' || (EXECUTABLE_ACTIONS.has(c.action) && forbiddenReason(c)),
  );
}

/** One refused change: its address, action and exactly the high-risk notes that need the flag. */
function describeChange(c: Change): string {
  const high = c.riskDetails.filter((n) => n.risk === 'high').map((n) => n.text);
  const notes = high.length > 0 ? high : c.riskDetails.length === 0 ? c.riskNotes : [];
  const why = notes.length > 0 ? notes.join('; ') : `high risk: ${c.reason}`;
  return `  ${ACTION_SYMBOLS[c.action]} ${c.address} (${c.action}): ${redactText(why)}`;
}

/**
 * Throws IncompletePlanError when the plan is incomplete, DestructiveChangeError when it holds
 * high-risk executable changes and `allowDestructive` is false. Returns normally otherwise.
 */
export function checkGuardrails(plan: Plan, opts: { readonly allowDestructive: boolean }): void {
  if (!plan.complete || plan.unchecked.length > 0) {
    const lines = plan.unchecked.map((u) => `  ? ${u.address}: ${redactText(u.reason)}`);
    throw new IncompletePlanError(
      [
        `refusing to apply an incomplete plan: ${plan.unchecked.length} resource(s) could not be read, so nobody knows what applying would change:`,
        ...lines,
        'Nothing was changed. Make these resources readable (each line says why it is not) or remove them from the spec, and run again.',
      ].join('\n'),
    );
  }
  if (opts.allowDestructive) return;
  const executable = executableChanges(plan);
  const risky = executable.filter((c) => c.risk === 'high');
  if (risky.length === 0) return;
  const rest = executable.filter((c) => c.risk !== 'high');
  throw new DestructiveChangeError(
    [
      `refusing to apply ${risky.length} high-risk change(s) without --allow-destructive; exactly these need it:`,
      ...risky.map(describeChange),
      'Nothing was changed. Review these changes, then run again with --allow-destructive to apply them.',
      ...(rest.length > 0
        ? [
            `To apply only the other ${rest.length} change(s) now, name them with --target (repeatable): ${rest
              .map((c) => `--target ${c.address}`)
              .join(' ')}`,
          ]
        : []),
    ].join('\n'),
    risky,
  );
}

/** The spec has unsilenced lint errors: apply refuses it before reading AWS. */
export class LintErrorsError extends ReconcileError {
  readonly findings: readonly PlanLintFinding[];
  constructor(message: string, findings: readonly PlanLintFinding[]) {
    super('LINT_ERRORS', message);
    this.findings = findings;
  }
}

/**
 * Throws LintErrorsError when `findings` (src/lint, for the spec about to be applied) hold an error
 * that the spec does not silence: such a configuration does not work as its author thinks (an alarm
 * that can never fire, a retention billed anyway), and applying it would make AWS match a mistake.
 */
export function checkLint(findings: readonly PlanLintFinding[]): void {
  const errors = findings.filter((f) => f.severity === 'error' && f.silencedReason === undefined);
  if (errors.length === 0) return;
  const lines = errors.flatMap((f) => [
    `  ${f.ruleId} ${f.address}${f.source ? ` (${f.source.file}:${f.source.line}:${f.source.column})` : ''}`,
    `      ${redactText(f.message)}`,
    `      fix: ${redactText(f.fixHint)}`,
  ]);
  throw new LintErrorsError(
    [
      `refusing to apply a spec with ${errors.length} lint error(s):`,
      ...lines,
      'Nothing was read or changed. Fix each one, or, where the rule does not apply, silence it on that resource with the reason:',
      '  lint:',
      '    ignore:',
      `      ${errors[0]?.ruleId}: "why this does not apply here"`,
    ].join('\n'),
    errors,
  );
}
