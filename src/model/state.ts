/**
 * Desired state (from the spec) and live state (from AWS or a snapshot file): the two inputs of the
 * planner. Pure types.
 */
import type { AttrsByKind } from './attrs.js';
import type { ResourceAddress, ResourceKind, SourceLocation } from './resource.js';

/** One resource the spec declares. */
export interface DesiredResource<K extends ResourceKind = ResourceKind> {
  readonly address: ResourceAddress;
  readonly kind: K;
  readonly name: string;
  /** null for global kinds (the S3 bucket's region is in attrs.region). */
  readonly region: string | null;
  /** `absent`: the spec asks for this resource to be deleted (never honoured for buckets). */
  readonly ensure: 'present' | 'absent';
  /** Normalised desired attributes; `undefined` fields are unmanaged. */
  readonly attrs: AttrsByKind[K];
  /** Addresses this resource references (roles, topics, vaults, buckets), sorted. */
  readonly dependsOn: readonly ResourceAddress[];
  /** Where the resource is declared in the spec file. */
  readonly source?: SourceLocation;
  /** The resource's path in the spec document (`['s3', 'buckets', 'mne-media-prod']`). */
  readonly specPath?: readonly (string | number)[];
  /** Lint rule ids silenced for this resource, with the written reason. */
  readonly lintSilenced?: Readonly<Record<string, string>>;
  /**
   * Spec field paths (dotted, like SpecIssue.path) where a secret-bearing value (an http(s) endpoint
   * with credentials, a path or a query) is written literally instead of `${env:NAME}`. Only the
   * paths, never the values. Lint rule `spec-literal-secret` reports each. undefined: none.
   */
  readonly literalSecrets?: readonly string[];
  /**
   * `--restore` only: the raw AWS configuration a Step-0 backup saved (Observation.raw). Writers merge
   * the desired fields into it instead of into the live raw one, so fields the spec does not model come
   * back as they were saved. undefined: writers start from the live raw configuration.
   */
  readonly raw?: Readonly<Record<string, unknown>>;
}

/** The spec document a DesiredState was read from, for pointing at lines. */
export interface SpecSource {
  /** The spec file as given (as in messages). */
  readonly file: string;
  /** The document as plain YAML data (what was written, before defaults). */
  readonly data: unknown;
  /**
   * The 1-based line and column of a path in the document; for a path that is not written, the
   * nearest written ancestor's key.
   */
  locate(path: readonly (string | number)[]): { readonly line: number; readonly column: number };
}

/** A recovery scenario with its objectives, checked by `--report`. */
export interface RecoveryScenario {
  readonly name: string;
  readonly description?: string;
  /** Recovery point objective in minutes. */
  readonly rpoMinutes: number;
  /** Recovery time objective in minutes. */
  readonly rtoMinutes: number;
  /** Addresses of the resources whose evidence backs this scenario, sorted. */
  readonly resources: readonly ResourceAddress[];
}

/** Where a drill writes restored objects (spec `drill.sandbox`). */
export interface DrillSandbox {
  readonly bucket: string;
  readonly region: string;
  /** Ends in `/`; a run writes below `<prefix><run id>/`. */
  readonly prefix: string;
}

/** One recovery scenario's drill settings, defaults resolved. */
export interface DrillScenarioSettings {
  /** undefined: no sandbox declared (then the scenario protects no bucket: the spec checks it). */
  readonly sandbox?: DrillSandbox;
  readonly samples: { readonly count: number; readonly prefix: string };
}

/** The spec's `drill` section, resolved per recovery scenario. */
export interface DrillSettings {
  /** `--report` warns when a scenario's last passed drill is older than this. */
  readonly maxAgeDays: number;
  /** Class of temporary restored instances; undefined: the smallest the engine allows. */
  readonly rdsInstanceClass?: string;
  /** One entry per recovery scenario (by name). */
  readonly scenarios: Readonly<Record<string, DrillScenarioSettings>>;
}

/** The whole desired configuration, as loaded and validated from backup-spec.yaml. */
export interface DesiredState {
  readonly formatVersion: 1;
  /** The one AWS account the spec may touch (12 digits). */
  readonly account: string;
  /** Region used for clients when a resource names none (and for STS). */
  readonly defaultRegion: string;
  /** Every region the spec uses, sorted. */
  readonly regions: readonly string[];
  /** Sorted by address. */
  readonly resources: readonly DesiredResource[];
  readonly recovery: readonly RecoveryScenario[];
  /** The `drill` section; undefined: the spec has none (`reconcile drill` then refuses). */
  readonly drill?: DrillSettings;
  /** The spec file path as given (for messages). */
  readonly specFile: string;
  /**
   * The spec document as written, to point plan fields at their lines (src/planner/spec-lines.ts).
   * Absent for a DesiredState not read from a file. A function inside: never serialised.
   */
  readonly specSource?: SpecSource;
  /**
   * Secret values (e.g. https subscription endpoints interpolated from `${env:NAME}`), keyed by their
   * sha256 (SnsSubscription.endpointSha256). Only the executor reads this, to subscribe. A Map, so it
   * never serialises (JSON.stringify gives `{}`); never log or print it.
   */
  readonly secrets?: ReadonlyMap<string, string>;
}

/** What an adapter saw for one resource. Unknown is not unchanged: unreadable is never "in sync". */
export type Observation<K extends ResourceKind = ResourceKind> =
  | {
      readonly status: 'present';
      readonly attrs: AttrsByKind[K];
      /**
       * Read-only facts that are not configuration and are never diffed: ARNs, ids, alarm state,
       * RDS LatestRestorableTime, rule state reasons, ... Used by reports and the executor.
       * Conventions: `arn` (string) for every resource that has one; `id` for AWS-generated ids
       * (backup plan id, selection id); cloudwatch.alarm `stateValue`; rds.instance
       * `latestRestorableTime` (ISO). Facts must never contain secrets.
       */
      readonly facts?: Readonly<Record<string, unknown>>;
      /**
       * The AWS responses the attrs were normalised from, as JSON (dates as ISO strings), keyed by the
       * adapter's sub-configuration (s3.bucket: `replication`, `lifecycle`, `inventory`; backup.plan:
       * `plan`; cloudwatch.alarm: `alarm`; events.rule: `targets`). Never diffed, never fingerprinted:
       * whole-configuration writes start from them so that fields the spec does not model are kept
       * (issue 11 item 3), and Step-0 backups save them so `--restore` puts back exactly what was
       * there. Must hold no secrets. undefined: not kept (snapshot files leave it out).
       */
      readonly raw?: Readonly<Record<string, unknown>>;
    }
  | { readonly status: 'absent' }
  | { readonly status: 'unreadable'; readonly reason: string; readonly code?: string };

/** Normalised live state. Serialised as a snapshot file (`--snapshot`, `--live`). */
export interface LiveState {
  readonly formatVersion: 1;
  /** The account the credentials belong to. */
  readonly account: string;
  /** ISO timestamp of the read. */
  readonly capturedAt: string;
  /** Where it was read from: `aws` (with endpoint when not AWS's own) or a snapshot file. */
  readonly source: { readonly kind: 'aws' | 'snapshot'; readonly endpoint?: string; readonly file?: string };
  /** One observation per address the spec declares, keys sorted. */
  readonly resources: Readonly<Record<ResourceAddress, Observation>>;
}
