/**
 * The plan: what the planner decides, what renderers print and what the executor applies.
 * Pure types; the JSON form (`--json`, `--out plan.json`) is documented in spec/plan-format.md.
 */
import type { ResourceAddress, ResourceKind, SourceLocation } from './resource.js';

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

/**
 * Why a change has its action, as a stable code beside the prose `reason` (OpenTofu's jsonplan
 * `action_reason`): renderers and consumers branch on the code, people read the reason.
 */
export type ReasonCode =
  /** no-op: every managed field matches. */
  | 'in-sync'
  /** no-op: the spec says `ensure: absent` and the resource does not exist. */
  | 'already-absent'
  /** create: the resource does not exist. */
  | 'absent'
  /** update: managed fields differ. */
  | 'fields-differ'
  /** replace: a field that cannot change in place differs. */
  | 'forces-replacement'
  /** delete: the spec says `ensure: absent`. */
  | 'ensure-absent'
  /** delete: undeclared, and its name starts with a `--prune-prefix`. */
  | 'prune'
  /** blocked: the resource does not exist and the tool never creates this kind (RDS instances). */
  | 'never-created'
  /** blocked: the spec asks for a deletion the tool never makes (S3 buckets, RDS instances). */
  | 'never-deleted'
  /** blocked: an S3 bucket cannot move to another region. */
  | 'region-move'
  /** blocked: S3 Object Lock cannot be disabled once enabled. */
  | 'object-lock-off';

/** The reason codes a kind's `blockedWhen` rule may give (src/model/kinds). */
export type BlockedReasonCode = Extract<ReasonCode, 'region-move' | 'object-lock-off'>;

/**
 * Stable ids of risk notes (what a change could lose or open up), one per rule in src/model/kinds.
 * The catalogue, with each id's meaning, is in spec/plan-format.md.
 */
export type RiskNoteId =
  // any kind
  | 'deletes'
  | 'replaces'
  | 'applied-pending'
  // s3.bucket
  | 'object-lock-enabled'
  | 'object-lock-changed'
  | 'versioning-suspended'
  | 'noncurrent-retention-shortened'
  | 'noncurrent-expiration-before-versioning'
  | 'expiration-added'
  | 'expiration-shortened'
  | 'expiration-date-added'
  | 'transitions-changed'
  | 'replication-rule-removed'
  | 'replication-rule-disabled'
  | 'replication-sse-kms-stopped'
  | 'bucket-policy-broadened'
  | 'bucket-policy-changed'
  // iam.role
  | 'new-role-grants'
  | 'trust-broadened'
  | 'permissions-broadened'
  | 'permissions-narrowed'
  | 'managed-policy-attached'
  // rds.instance
  | 'automated-backups-disabled'
  | 'automated-backups-enabled'
  | 'backup-retention-shortened'
  // backup.plan
  | 'backup-rule-removed'
  | 'recovery-point-retention-shortened'
  | 'copy-retention-shortened'
  | 'copy-removed'
  | 'continuous-backup-disabled'
  // backup.vault
  | 'vault-lock-removed'
  | 'vault-lock-min-retention-shortened'
  | 'vault-lock-max-retention-shortened'
  | 'vault-lock-set'
  // backup.selection
  | 'selection-narrowed'
  | 'selection-recreated'
  // backup.restoreTestingPlan
  | 'restore-testing-narrowed'
  // cloudwatch.alarm
  | 'alarm-threshold-changed'
  | 'alarm-evaluation-changed'
  | 'alarm-period-changed'
  | 'alarm-queries-changed'
  | 'alarm-actions-changed'
  | 'alarm-actions-removed'
  | 'alarm-actions-disabled'
  // events.rule
  | 'rule-disabled'
  | 'target-removed'
  // sns.topic
  | 'topic-policy-changed'
  | 'subscription-removed'
  | 'subscription-uncreatable'
  | 'subscription-unverifiable'
  | 'subscription-pending';

/** One reason a change is risky (or one thing worth knowing about it), with its stable id. */
export interface RiskNote {
  readonly id: RiskNoteId;
  readonly risk: Risk;
  /** The note in words, e.g. `noncurrent retention 180 -> 35 days: ...`. */
  readonly text: string;
}

/** One row of a policy-statement table (aws-cdk `IamChanges` style). */
export interface StatementRow {
  /** `+` added, `-` removed, ` ` unchanged. */
  readonly change: '+' | '-' | ' ';
  readonly effect: string;
  /** `Action` values, or `NotAction` values prefixed with `NOT `. Empty when neither is set. */
  readonly actions: readonly string[];
  /** `Resource` values, or `NotResource` values prefixed with `NOT `. */
  readonly resources: readonly string[];
  /** Principals as `<type>:<value>` (`*` stays `*`); `NotPrincipal` entries prefixed with `NOT `. */
  readonly principals: readonly string[];
  /** Condition blocks as `<operator> <key> = <values>` lines. */
  readonly conditions: readonly string[];
}

/**
 * A policy document a change sets or changes (IAM trust and inline policies, SNS topic policies),
 * as statements, computed once by the planner so renderers only draw it.
 */
export interface PolicyDiff {
  /** JSON pointer of the document: a FieldDiff's `path`, or for a create the attribute's path. */
  readonly path: string;
  /** Statements removed (`-`), then added (`+`), each in canonical order. */
  readonly statements: readonly StatementRow[];
  /** Statements present on both sides (not listed). */
  readonly unchangedStatements: number;
  /** What the new document grants that the old one did not, in words; empty: not broadened. */
  readonly broadened: readonly string[];
  /** What the old document granted that the new one does not (or newly denies); empty: not narrowed. */
  readonly narrowed: readonly string[];
}

/** One changed field. `path` is an RFC 6901 JSON pointer into the normalised attributes. */
export interface FieldDiff {
  readonly path: string;
  /** undefined: the field did not exist before. */
  readonly before: unknown;
  /** undefined: the field is removed. */
  readonly after: unknown;
  readonly forcesReplacement: boolean;
  /**
   * The field in the spec's own keys, in the same keyed view as `path`, `/`-separated without the
   * leading slash (`noncurrentVersionExpiration` stays, `backupRetentionPeriod` is
   * `backupRetentionDays`). Absent for resources the spec does not declare (pruned) and in plans
   * saved before it existed.
   */
  readonly specField?: string;
  /**
   * Where the field is in the spec file, as a spec path (`s3.buckets.b.lifecycle[0].expiration.days`,
   * like validation errors), and its line: for a field the spec does not write (a default, or a
   * setting only AWS has), the nearest enclosing node it does write.
   */
  readonly specPath?: string;
  readonly specLine?: number;
}

/** Where a created field is in the spec (a create has no field diffs: it shows every field). */
export interface SpecFieldLocation {
  /** The attribute's JSON pointer (`/lifecycle`, `/inlinePolicies/<name>`). */
  readonly path: string;
  readonly specField: string;
  readonly specPath: string;
  readonly specLine: number;
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
  /**
   * How much the drift this change corrects endangers recoverability, apart from the risk of the
   * fix (the kind's `driftSeverity`, from its risk rules read from the spec to AWS): replication
   * removed in the console is high-severity drift, though putting it back is a low-risk change.
   */
  readonly driftSeverity: Risk;
  /** Why this is risky, in words ("noncurrent retention 180 -> 35 days: ..."): the `text` of riskDetails. */
  readonly riskNotes: readonly string[];
  /** The same notes with their stable id and risk each. */
  readonly riskDetails: readonly RiskNote[];
  /** Why this action (e.g. "absent in AWS", "2 fields differ", "the tool never creates databases"). */
  readonly reason: string;
  /** The same as a stable code. */
  readonly reasonCode: ReasonCode;
  /**
   * The policy documents this change sets or changes, as statement tables, in path order. Absent
   * when it touches none (and in plans saved before this field existed).
   */
  readonly policyDiffs?: readonly PolicyDiff[];
  /** Desired normalised attributes (create/update/replace), redacted. */
  readonly after?: unknown;
  /** Live normalised attributes (update/replace/delete), redacted. */
  readonly before?: unknown;
  /** Addresses this change must wait for. */
  readonly dependsOn: readonly ResourceAddress[];
  /**
   * Where the spec declares the resource: its spec path (`rds.instances.db`) and line. Absent for
   * pruned resources (undeclared) and for a DesiredState not read from a file.
   */
  readonly specPath?: string;
  readonly specLine?: number;
  /** Creates (and blocked creates): where each shown top-level field is written in the spec. */
  readonly specFields?: readonly SpecFieldLocation[];
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

/**
 * A lint finding about the spec the plan was made from (the same shape as src/lint's LintFinding):
 * shown with the plan, so a plan never looks clean while the spec it compares is known to be wrong.
 */
export interface PlanLintFinding {
  readonly ruleId: string;
  readonly severity: 'error' | 'warning' | 'info';
  readonly address: ResourceAddress;
  readonly message: string;
  readonly fixHint: string;
  readonly source?: SourceLocation;
  /** The written reason, when the spec silences the rule for this resource. */
  readonly silencedReason?: string;
}

/** A complete plan. JSON-serialisable as is. */
export interface Plan {
  readonly formatVersion: 1;
  /** Account the plan was made for. */
  readonly account: string;
  /** ISO timestamp. */
  readonly createdAt: string;
  /** The spec file the plan was made from (as given), which `specLine`s refer to. */
  readonly specFile?: string;
  /** `--target` patterns: the plan covers only what they name (and missing dependencies). */
  readonly targets?: readonly string[];
  /**
   * `--prune-prefix` prefixes: the plan also deletes undeclared resources with those name prefixes.
   * `apply plan.json` reads and plans again with the same prefixes.
   */
  readonly prunePrefixes?: readonly string[];
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
  /**
   * The spec's lint findings (silenced ones included, with their reason), sorted by address; absent
   * when there are none (and in plans saved before this field existed). `--apply` refuses a spec
   * with unsilenced lint errors.
   */
  readonly lint?: readonly PlanLintFinding[];
}
