/**
 * The plan: what the planner decides, what renderers print and what the executor applies.
 * Pure types; the JSON form (`--json`, `--out plan.json`) is documented in spec/plan-format.md.
 */
import type { ResourceAddress, ResourceKind } from './resource.js';

export type Action = 'no-op' | 'create' | 'update' | 'replace' | 'delete' | 'blocked';

/** Terraform-style symbol for each action. */
export const ACTION_SYMBOLS: Readonly<Record<Action, string>> = {
  'no-op': ' ',
  create: '+',
  update: '~',
  replace: '-/+',
  delete: '-',
  blocked: '!',
};

export type Risk = 'low' | 'medium' | 'high';

/** One changed field. `path` is an RFC 6901 JSON pointer into the normalised attributes. */
export interface FieldDiff {
  readonly path: string;
  /** undefined: the field did not exist before. */
  readonly before: unknown;
  /** undefined: the field is removed. */
  readonly after: unknown;
  readonly forcesReplacement: boolean;
}

/** The planned change for one address. */
export interface Change {
  readonly address: ResourceAddress;
  readonly kind: ResourceKind;
  readonly name: string;
  readonly region: string | null;
  readonly action: Action;
  /** Sorted by path. Empty for create/delete/no-op (the renderer shows the full `after`). */
  readonly fieldDiffs: readonly FieldDiff[];
  readonly risk: Risk;
  /** Why this is risky, in words ("noncurrent retention 180 -> 35 days: ..."). */
  readonly riskNotes: readonly string[];
  /** Why this action (e.g. "absent in AWS", "2 fields differ", "the tool never creates databases"). */
  readonly reason: string;
  /** Desired normalised attributes (create/update/replace), redacted. */
  readonly after?: unknown;
  /** Live normalised attributes (update/replace/delete), redacted. */
  readonly before?: unknown;
  /** Addresses this change must wait for. */
  readonly dependsOn: readonly ResourceAddress[];
}

export interface PlanSummary {
  readonly create: number;
  readonly update: number;
  readonly replace: number;
  readonly delete: number;
  readonly blocked: number;
  readonly noop: number;
  readonly unchecked: number;
}

export interface UncheckedResource {
  readonly address: ResourceAddress;
  readonly reason: string;
}

/** A complete plan. JSON-serialisable as is. */
export interface Plan {
  readonly formatVersion: 1;
  /** Account the plan was made for. */
  readonly account: string;
  /** ISO timestamp. */
  readonly createdAt: string;
  /** Every declared address, sorted (no-ops included, so a plan proves what it checked). */
  readonly changes: readonly Change[];
  /** Resources that could not be read: the plan is incomplete. Sorted by address. */
  readonly unchecked: readonly UncheckedResource[];
  /** Dependency layers for the executor: layer N only depends on layers < N. Deletes come last, reversed. */
  readonly layers: readonly (readonly ResourceAddress[])[];
  /** sha256 of the canonical live state the plan was made from (stale-plan detection). */
  readonly liveFingerprint: string;
  readonly summary: PlanSummary;
  /** false when anything is unchecked. */
  readonly complete: boolean;
}
