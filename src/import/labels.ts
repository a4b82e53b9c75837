/**
 * Spec labels and reference back-resolution for `--import`: the imported spec names things the way a
 * person would write them (`role: my-role`, `topic: alerts`, `vault: dr-default`) instead of the ARNs
 * AWS stores, but only where the target is itself in the imported spec, and only when the spec loader
 * resolves that name back to exactly the same ARN. Pure: no SDK, no fs, no process.
 */
import type { IamRoleAttrs } from '../model/attrs.js';
import { assertNever, KINDS, kindSpec } from '../model/kinds/index.js';
import { RESOURCE_KINDS, type ResourceKind } from '../model/resource.js';

/** One imported (present) resource as the writer sees it. */
export interface ImportedRef {
  readonly kind: ResourceKind;
  /** The AWS name (for selections `<plan>/<selection>`). */
  readonly name: string;
  /** The resource's region (buckets: their location; roles: null). */
  readonly region: string | null;
}

/** Kinds declared in a map keyed by a free label (the AWS name is `name:` when it differs). */
const LABELLED_KINDS: readonly ResourceKind[] = RESOURCE_KINDS.filter((k) => KINDS[k].import.labelled);

const key = (kind: ResourceKind, region: string | null, name: string) =>
  `${kind}\u0000${region}\u0000${name}`;

/**
 * Chooses a unique label per labelled resource: its AWS name, unless the same name is imported in
 * several regions; then every one of them is `<name>-<region>` (with `name:` in the spec), so no
 * region is preferred silently. Labels never collide with each other.
 */
export function assignLabels(resources: readonly ImportedRef[]): ReadonlyMap<string, string> {
  const out = new Map<string, string>();
  for (const kind of LABELLED_KINDS) {
    const list = resources.filter((r) => r.kind === kind);
    const regionsByName = new Map<string, Set<string>>();
    for (const r of list)
      regionsByName.set(r.name, (regionsByName.get(r.name) ?? new Set()).add(r.region ?? ''));
    const taken = new Set(
      list.filter((r) => (regionsByName.get(r.name)?.size ?? 0) === 1).map((r) => r.name),
    );
    const sorted = [...list].sort((a, b) =>
      a.name === b.name ? ((a.region ?? '') < (b.region ?? '') ? -1 : 1) : a.name < b.name ? -1 : 1,
    );
    for (const r of sorted) {
      if ((regionsByName.get(r.name)?.size ?? 0) === 1) {
        out.set(key(kind, r.region, r.name), r.name);
        continue;
      }
      let label = `${r.name}-${r.region}`;
      for (let n = 2; taken.has(label); n++) label = `${r.name}-${r.region}-${n}`;
      taken.add(label);
      out.set(key(kind, r.region, r.name), label);
    }
  }
  return out;
}

/** The label of a labelled resource (its name when it has none). */
export function labelOf(
  labels: ReadonlyMap<string, string>,
  kind: ResourceKind,
  region: string | null,
  name: string,
): string {
  return labels.get(key(kind, region, name)) ?? name;
}

/** ARN -> spec reference (a name or label) for every imported resource that can be named. */
export interface ReferenceIndex {
  /** Role ARN -> role name (only when the loader rebuilds the very same ARN from name and path). */
  readonly roles: ReadonlyMap<string, string>;
  /** Topic ARN -> { label, region }. */
  readonly topics: ReadonlyMap<string, { readonly label: string; readonly region: string }>;
  /** Vault ARN -> label. */
  readonly vaultsByArn: ReadonlyMap<string, string>;
  /** `<region>\0<vault name>` -> label. */
  readonly vaultsByName: ReadonlyMap<string, string>;
  /** Bucket ARN (`arn:aws:s3:::name`) -> name. */
  readonly buckets: ReadonlyMap<string, string>;
  /** RDS DB instance ARN -> identifier. */
  readonly dbInstances: ReadonlyMap<string, string>;
}

/** What {@link buildReferenceIndex} needs about one imported resource. */
export interface IndexedResource extends ImportedRef {
  /** For roles: the role path, so the ARN can be rebuilt. */
  readonly rolePath?: IamRoleAttrs['path'];
}

/** Builds the ARN -> name index the writer uses to write references by name. */
export function buildReferenceIndex(
  account: string,
  resources: readonly IndexedResource[],
  labels: ReadonlyMap<string, string>,
): ReferenceIndex {
  const roles = new Map<string, string>();
  const topics = new Map<string, { label: string; region: string }>();
  const vaultsByArn = new Map<string, string>();
  const vaultsByName = new Map<string, string>();
  const buckets = new Map<string, string>();
  const dbInstances = new Map<string, string>();
  for (const r of resources) {
    const label = labelOf(labels, r.kind, r.region, r.name);
    // The ARN exactly as the spec loader builds it from the name (src/model/arn.ts, both sides).
    const arn = kindSpec(r.kind).arn({
      account,
      region: r.region,
      name: r.name,
      ...(r.kind === 'iam.role' ? { attrs: { path: r.rolePath ?? KINDS['iam.role'].defaults.path } } : {}),
    });
    if (arn === undefined) continue;
    switch (r.kind) {
      case 'iam.role':
        roles.set(arn, r.name);
        break;
      case 'sns.topic':
        if (r.region) topics.set(arn, { label, region: r.region });
        break;
      case 'backup.vault':
        if (r.region) {
          vaultsByArn.set(arn, label);
          vaultsByName.set(`${r.region}\u0000${r.name}`, label);
        }
        break;
      case 's3.bucket':
        buckets.set(arn, r.name);
        break;
      case 'rds.instance':
        dbInstances.set(arn, r.name);
        break;
      // Nothing in a spec refers to these by ARN.
      case 'backup.plan':
      case 'backup.selection':
      case 'backup.restoreTestingPlan':
      case 'events.rule':
      case 'cloudwatch.alarm':
        break;
      default:
        assertNever(r.kind, 'resource kind');
    }
  }
  return { roles, topics, vaultsByArn, vaultsByName, buckets, dbInstances };
}

/** `SNS_<TOPIC LABEL>_<n>_ENDPOINT`: the environment variable that holds a secret endpoint. */
export function endpointVariable(topicLabel: string, n: number): string {
  const base = topicLabel
    .toUpperCase()
    .replace(/[^A-Z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
  return `SNS_${base || 'TOPIC'}_${n}_ENDPOINT`;
}
