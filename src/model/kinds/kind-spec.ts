/**
 * `KindSpec<K>`: everything the pure side knows about one resource kind, in one place (Pulumi's
 * provider `DiffResult`, moved next to the kind instead of spread over the planner, guardrails,
 * restore, import, lint and health). One file per kind in this folder; `KINDS` (index.ts) is typed
 * over the kind union, so adding a kind to `RESOURCE_KINDS` makes the compiler list every entry the
 * new kind needs. Adapters (src/adapters/<service>/) stay the AWS side of a kind. Pure.
 */
import type {
  AttrsByKind,
  BackupRule,
  CloudWatchAlarmAttrs,
  EventsRuleAttrs,
  IamRoleAttrs,
  MetricDataQuery,
  ReplicationRule,
} from '../attrs.js';
import type { Action, BlockedReasonCode, FieldDiff, PolicyDiff, Risk, RiskNote } from '../plan.js';
import type { PolicyDocument } from '../policy.js';
import type { ServiceName } from '../resource.js';
import type { AlignedSubscriptions } from '../sns-subscriptions.js';
import type { SpecKeyMap } from './spec-keys.js';

/**
 * How a value is turned into the planner's comparable *view* (src/planner/field-diff.ts). Unlisted
 * object fields recurse; unlisted arrays are atomic (compared whole, as sets).
 * - `atomic`: compared whole, as a set (key and list order never matter).
 * - `policy`: a policy document: atomic, re-canonicalised, shown as a statement table.
 * - `object`: per-field shapes (`fields`), or one shape for every value of a map (`values`).
 * - `keyed`: a list AWS keys by `key`: becomes an object keyed by it, so a removed item is one diff.
 */
export type DiffShape =
  | { readonly t: 'atomic' }
  | { readonly t: 'policy' }
  | {
      readonly t: 'object';
      readonly fields?: Readonly<Record<string, DiffShape>>;
      readonly values?: DiffShape;
    }
  | { readonly t: 'keyed'; readonly key: string; readonly item?: DiffShape };

/** The top-level attribute names of a kind. */
export type AttrKey<K extends keyof AttrsByKind> = keyof AttrsByKind[K] & string;

/** Both sides of one resource, as the planner compares them (managed fields only, JSON values). */
export interface ComparedSides {
  readonly want: Readonly<Record<string, unknown>>;
  readonly have: Readonly<Record<string, unknown>>;
  /** SNS topics: how desired and live subscriptions were paired. */
  readonly subscriptions?: AlignedSubscriptions;
}

/** Fields that are not compared like the others. */
export interface FieldRules<K extends keyof AttrsByKind> {
  /** Read-only information: never compared, never written, never restored. */
  readonly readOnly: readonly AttrKey<K>[];
  /** JSON pointers of write-only settings AWS never returns: never compared. */
  readonly writeOnly: readonly string[];
  /** Fields whose change forces the resource to be deleted and created again. */
  readonly replacementFields: readonly AttrKey<K>[];
}

/** Every field compared alike, changed in place. */
export const NO_FIELD_RULES = { readOnly: [], writeOnly: [], replacementFields: [] } as const;

/** What the planner compares and how. */
export interface DiffSpec<K extends keyof AttrsByKind> {
  readonly shape: DiffShape;
  readonly fields: FieldRules<K>;
  /**
   * Lists that must be paired before they are compared (SNS subscriptions: by endpoint fingerprint,
   * masked endpoints by host). Returns the sides with those lists keyed; identity when undefined.
   */
  align?(sides: ComparedSides): ComparedSides;
  /**
   * The statements of the policy AWS gives a resource whose document is `null` (none written), as
   * they appear inside `custom` (SNS: the default topic policy statement). Lets a change from or to
   * the default policy show only the statements that really change. Undefined: `null` has no statements.
   */
  defaultPolicyWithin?(custom: PolicyDocument): PolicyDocument;
}

/** Whether the tool creates and deletes resources of a kind. */
export interface KindLifecycle {
  /** Why the tool never creates this kind (the plan shows `blocked`); null: it creates it. */
  readonly neverCreated: string | null;
  /** Why the tool never deletes (nor replaces) this kind, whatever the spec or flags say; null: it may. */
  readonly neverDeleted: string | null;
}

/** The tool creates and deletes resources of this kind as the spec says. */
export const CREATED_AND_DELETED: KindLifecycle = { neverCreated: null, neverDeleted: null };

/** A change the tool never makes for this kind, and why (shown as the blocked change's reason). */
export interface Blocked {
  readonly reasonCode: BlockedReasonCode;
  readonly reason: string;
}

/** What a kind's risk rules see besides the two sides. */
export interface RiskContext {
  /** The action the change would take (`update` for blocked ones); never `delete` (no after). */
  readonly action: Exclude<Action, 'delete'>;
  /** The policy documents the change sets or changes (computed once by the planner). */
  readonly policyDiffs: readonly PolicyDiff[];
  /** SNS topics: how subscriptions were paired. */
  readonly subscriptions?: AlignedSubscriptions;
}

/** Evidence a kind contributes to the report's recovery scenarios (src/report/health). */
export type HealthEvidence =
  /** RDS automated backups: retention and point-in-time-recovery lag against the RPO. */
  | 'rds-pitr'
  /** The latest AWS Backup job of the resource, for every plan whose selection names its ARN. */
  | 'backup-jobs-of-resource'
  /** A backup plan's jobs (per selected ARN) and the recovery points of its vaults. */
  | 'backup-plan'
  /** A selection's plan, checked for the resources the selection names. */
  | 'backup-selection'
  /** The newest recovery point in a vault against the RPO. */
  | 'recovery-points'
  | 's3-versioning'
  | 's3-replication'
  /** Alarm state and whether its actions notify anyone. */
  | 'alarm-state'
  /** Topic subscriptions confirmed. */
  | 'sns-subscriptions'
  /** EventBridge rule enabled, with targets. */
  | 'events-rule-state';

/** How the report connects a kind to the monitoring that watches it. */
export interface HealthSpec {
  /** Checks this kind contributes when a scenario lists it (none: "present in AWS" only). */
  readonly evidence: readonly HealthEvidence[];
  /** The CloudWatch namespace and the metric dimensions that name a resource of this kind. */
  readonly watchedBy: { readonly namespace: string; readonly dimensions: readonly string[] } | null;
}

/**
 * AWS defaults per kind: what AWS uses when a field is not given. The spec loader fills them in, the
 * import writer leaves them out, the report assumes them; each kind file cites where AWS says so.
 */
export interface DefaultsByKind {
  's3.bucket': {
    /** Replication rules: a V1 rule (no Filter) has no priority, normalised to 0. */
    readonly replicationRule: Pick<ReplicationRule, 'priority'> & {
      readonly storageClass: ReplicationRule['destination']['storageClass'];
    };
  };
  'iam.role': Required<Pick<IamRoleAttrs, 'path' | 'maxSessionDuration'>>;
  'rds.instance': Readonly<Record<string, never>>;
  'backup.vault': Readonly<Record<string, never>>;
  'backup.plan': {
    readonly rule: Pick<
      BackupRule,
      'scheduleTimezone' | 'startWindowMinutes' | 'completionWindowMinutes' | 'enableContinuousBackup'
    >;
  };
  'backup.selection': Readonly<Record<string, never>>;
  // The schema fills AWS's defaults (Etc/UTC, 24 h start window, 30-day selection window).
  'backup.restoreTestingPlan': Readonly<Record<string, never>>;
  'sns.topic': Readonly<Record<string, never>>;
  'events.rule': Required<Pick<EventsRuleAttrs, 'eventBusName' | 'state'>>;
  'cloudwatch.alarm': Required<Pick<CloudWatchAlarmAttrs, 'treatMissingData' | 'actionsEnabled'>> & {
    readonly query: Pick<MetricDataQuery, 'returnData'>;
  };
}

/** What an ARN is built from. */
export interface ArnRef<A> {
  readonly account: string;
  /** The address's region (null for global kinds). */
  readonly region: string | null;
  readonly name: string;
  /** The attributes where the ARN needs more than the name (an IAM role's path). */
  readonly attrs?: Partial<A>;
}

/** The ARN rule of a regional kind whose ARN is built from account, region and name. */
export function regionalArn(
  build: (account: string, region: string, name: string) => string,
): (ref: ArnRef<unknown>) => string | undefined {
  return ({ account, region, name }) => (region ? build(account, region, name) : undefined);
}

/** Everything the pure side knows about one kind. Every field is required: a new kind decides each. */
export interface KindSpec<K extends keyof AttrsByKind & keyof DefaultsByKind> {
  readonly kind: K;
  /** The AWS service (SDK client) that owns the kind. */
  readonly service: ServiceName;
  /**
   * `global`: the name is unique in the account, address `<kind>/<name>` (an S3 bucket still lives
   * in one region: an attribute); `regional`: address `<kind>/<region>/<name>`.
   */
  readonly scope: 'global' | 'regional';
  /** The resource's ARN (src/model/arn.ts); undefined when it needs an id AWS assigns (backup plans). */
  arn(ref: ArnRef<AttrsByKind[K]>): string | undefined;

  readonly diff: DiffSpec<K>;
  /**
   * How the spec names the attributes (and nested fields) where it differs from them, and how it
   * writes the lists the plan keys by id (spec-keys.ts): the plan shows fields in the spec's words
   * and points at the line that declares them. `{}`: the spec uses the attribute names.
   */
  readonly specKeys: SpecKeyMap;
  readonly lifecycle: KindLifecycle;
  /** A change the kind cannot take even though fields differ (a bucket moving region); undefined: none. */
  blockedWhen(
    before: AttrsByKind[K] | undefined,
    after: AttrsByKind[K],
    diffs: readonly FieldDiff[],
  ): Blocked | undefined;
  /** What the change could lose or open up, in a stable order (`before` undefined: a create). */
  riskNotes(before: AttrsByKind[K] | undefined, after: AttrsByKind[K], ctx: RiskContext): RiskNote[];
  /** How much the drift endangers recoverability (see Change.driftSeverity and {@link DriftContext}). */
  driftSeverity(drift: DriftContext): Risk;
  readonly defaults: DefaultsByKind[K];
  readonly import: {
    /**
     * Declared in a map keyed by a free label (`name:` when it differs from the AWS name), so the
     * import writer must choose labels; otherwise keyed by the AWS name itself.
     */
    readonly labelled: boolean;
  };
  readonly health: HealthSpec;
  /** What a saved configuration of this kind cannot bring back on `--restore`, in words. */
  unrestorable(attrs: AttrsByKind[K]): string[];
}

/** The registry type: one KindSpec per kind, keyed by kind. */
export type KindRegistry<Kinds extends keyof AttrsByKind & keyof DefaultsByKind> = {
  readonly [K in Kinds]: KindSpec<K>;
};

/**
 * What a kind's `driftSeverity` sees: the drift itself, apart from the change that corrects it.
 * - `missing`: the declared resource does not exist in AWS (the plan creates it);
 * - `extra`: a resource the spec wants gone (or a prune prefix names) exists (the plan deletes it);
 * - `differs`: managed fields differ; `notes` are the kind's risk notes read in reverse, from the
 *   spec to AWS: what the drift did to the declared configuration (replication rule removed,
 *   retention shortened, permissions broadened), whatever the risk of putting it back;
 * - `none`: in sync.
 */
export interface DriftContext {
  readonly drift: 'missing' | 'extra' | 'differs' | 'none';
  readonly notes: readonly RiskNote[];
}

/**
 * The ordinary drift severity: a differing resource is as severe as the worst thing the drift did
 * to it (its reversed notes); a missing one is `whenMissing`; an extra one or none at all is low.
 */
export function driftSeverityWhenMissing(whenMissing: Risk): (drift: DriftContext) => Risk {
  return ({ drift, notes }) =>
    drift === 'missing' ? whenMissing : drift === 'differs' ? worstRisk(notes.map((n) => n.risk)) : 'low';
}

const ORDER: Readonly<Record<Risk, number>> = { low: 0, medium: 1, high: 2 };

/** The worst of some risks (`low` for none). */
export function worstRisk(risks: Iterable<Risk>): Risk {
  let worst: Risk = 'low';
  for (const r of risks) if (ORDER[r] > ORDER[worst]) worst = r;
  return worst;
}

/** Ends a switch over a closed union: the compiler reports a case left out. */
export function assertNever(value: never, what = 'value'): never {
  throw new Error(`assertion: unexpected ${what} ${JSON.stringify(value)}`);
}

/** No blocked rule. */
export function neverBlocked(): undefined {
  return undefined;
}

/** Nothing a backup cannot bring back. */
export function restoresFully(): string[] {
  return [];
}

/**
 * What most kinds share: created and deleted as the spec says, no change ever blocked, drift
 * severity from the reversed notes (a missing resource: medium), restorable from a backup. A kind
 * spreads it and overrides what differs.
 */
export const ORDINARY_KIND = {
  lifecycle: CREATED_AND_DELETED,
  blockedWhen: neverBlocked,
  driftSeverity: driftSeverityWhenMissing('medium'),
  unrestorable: restoresFully,
} as const;
