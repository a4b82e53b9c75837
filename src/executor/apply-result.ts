/**
 * What an apply did, as data: one StepResult per executed or skipped change, the number of mutating
 * AWS calls, where the pre-change configurations were saved, and (filled in by the CLI after its
 * re-plan) whether AWS converged on the spec. Pure types and helpers.
 */
import type { Action } from '../model/plan.js';
import type { ResourceAddress } from '../model/resource.js';

/** How one step ended. `skipped`: never executed (a dependency failed, or the change is blocked). */
export type StepOutcome = 'applied' | 'unchanged' | 'failed' | 'skipped';

/** The outcome of one change of the plan. A failed step is data, not an exception. */
export interface StepResult {
  readonly address: ResourceAddress;
  readonly action: Action;
  readonly outcome: StepOutcome;
  /**
   * Why the step failed or was skipped (redacted, one line). undefined for applied/unchanged.
   */
  readonly error?: string;
  /** AWS error code of a failure, when AWS gave one (e.g. `ThrottlingException`). */
  readonly errorCode?: string;
  /** Mutating AWS calls this step made (including failed attempts the SDK surfaced). */
  readonly mutations: number;
  /** Wall-clock milliseconds the step took (0 for skipped steps). Informational only. */
  readonly durationMs: number;
}

/** One address that is still not as declared after the apply. */
export interface NotConverged {
  readonly address: ResourceAddress;
  readonly action: Action | 'unchecked';
  /** The planner's reason, or the unreadable reason, plus the failed step's error when there was one. */
  readonly reason: string;
  /** The field paths that still differ (the re-plan's field diffs, e.g. `/lifecycle/r1/expiration`); absent when none are known. */
  readonly fields?: readonly string[];
}

/** The re-plan after an apply: converged only when the new plan has nothing left to do. */
export interface Convergence {
  readonly converged: boolean;
  /** Sorted by address; empty when converged. */
  readonly remaining: readonly NotConverged[];
}

/** Counts per outcome. */
export interface ApplySummary {
  readonly applied: number;
  readonly unchanged: number;
  readonly failed: number;
  readonly skipped: number;
}

/** The versioned result of `reconcile --apply` (the `--json` output). */
export interface ApplyResult {
  readonly formatVersion: 1;
  readonly account: string;
  /** Sorted by address. */
  readonly steps: readonly StepResult[];
  readonly summary: ApplySummary;
  /** Total mutating AWS calls made through WriteContext.mutate. */
  readonly mutations: number;
  /** Directory holding the pre-change configurations; undefined when nothing was about to change. */
  readonly backupDir?: string;
  /** Set by the CLI after it re-read and re-planned; undefined when executePlan is used alone. */
  readonly convergence?: Convergence;
}

/** Counts outcomes. */
export function summariseSteps(steps: readonly StepResult[]): ApplySummary {
  const count = (o: StepOutcome) => steps.filter((s) => s.outcome === o).length;
  return {
    applied: count('applied'),
    unchanged: count('unchanged'),
    failed: count('failed'),
    skipped: count('skipped'),
  };
}

/** `Apply: 5 applied, 2 unchanged, 0 failed, 1 skipped.` */
export function formatApplySummary(summary: ApplySummary): string {
  return `Apply: ${summary.applied} applied, ${summary.unchanged} unchanged, ${summary.failed} failed, ${summary.skipped} skipped.`;
}
