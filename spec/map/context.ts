/**
 * What the per-area mappers share: the validated spec, the issue list, and reference resolution
 * (names -> ARNs, each resolved reference recorded as a dependency). Pure.
 */

import {
  bucketArn,
  looksLikeArn,
  PARTITION,
  parseBucketArn,
  parseRoleArn,
  parseTopicArn,
  roleArn,
  topicArn,
} from '../../src/model/arn.js';
import type { AttrsByKind } from '../../src/model/attrs.js';
import type { SourceLocation } from '../../src/model/resource.js';
import { addressOf, type ResourceAddress, type ResourceKind } from '../../src/model/resource.js';
import type { DesiredResource } from '../../src/model/state.js';
import { expected, formatPath, type IssueList, type SpecPath } from '../issues.js';
import type { Position } from '../load-yaml.js';
import type { RoleInput } from '../schema/iam.js';
import type { SpecInput } from '../schema/spec.js';
import { didYouMean } from '../suggest.js';

type Collections = {
  readonly buckets: NonNullable<NonNullable<SpecInput['s3']>['buckets']>;
  readonly roles: NonNullable<NonNullable<SpecInput['iam']>['roles']>;
  readonly instances: NonNullable<NonNullable<SpecInput['rds']>['instances']>;
  readonly vaults: NonNullable<NonNullable<SpecInput['backup']>['vaults']>;
  readonly plans: NonNullable<NonNullable<SpecInput['backup']>['plans']>;
  readonly restoreTesting: NonNullable<NonNullable<SpecInput['backup']>['restoreTesting']>;
  readonly topics: NonNullable<NonNullable<SpecInput['sns']>['topics']>;
  readonly rules: NonNullable<NonNullable<SpecInput['events']>['rules']>;
  readonly alarms: NonNullable<NonNullable<SpecInput['cloudwatch']>['alarms']>;
  readonly scenarios: NonNullable<NonNullable<SpecInput['recovery']>['scenarios']>;
};

/** The spec as the mappers see it: only resources that passed the schema, keyed by their label. */

/**
 * `map[key]` for the map's own entries only: a reference named `constructor` or `toString` must not
 * find Object.prototype's members (it is an undeclared name like any other).
 */
export function own<T>(map: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.hasOwn(map, key) ? map[key] : undefined;
}

export interface CheckedSpec extends Collections {
  readonly account: string;
  readonly defaultRegion: string;
  readonly regions?: readonly string[];
}

/** Labels declared in the file, valid or not (a reference to an invalid resource is not dangling). */
export type DeclaredLabels = { readonly [K in keyof Collections]: ReadonlySet<string> };

/** Shared state of one mapping run. */
export interface MapContext {
  readonly spec: CheckedSpec;
  readonly declared: DeclaredLabels;
  readonly issues: IssueList;
  readonly file: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly locate: (path: SpecPath, atKey?: boolean) => Position;
  /** Secret values by sha256, filled by the SNS mapper. */
  readonly secrets: Map<string, string>;
  /** Where each address was declared (to report two declarations of one AWS resource). */
  readonly declaredAt: Map<ResourceAddress, SpecPath>;
}

/** Dependencies being collected for one resource. */
export type Deps = Set<ResourceAddress>;

/** Builds a desired resource. */
export function makeResource<K extends ResourceKind>(
  ctx: MapContext,
  kind: K,
  name: string,
  region: string | null,
  attrs: AttrsByKind[K],
  deps: Deps,
  common: {
    readonly ensure?: 'present' | 'absent' | undefined;
    readonly lint?: { readonly ignore: Readonly<Record<string, string>> } | undefined;
  },
  path: SpecPath,
): DesiredResource<K> {
  const p = ctx.locate(path, true);
  const source: SourceLocation = { file: ctx.file, line: p.line, column: p.column };
  const address = addressOf(kind, name, region);
  const previous = ctx.declaredAt.get(address);
  if (previous)
    ctx.issues.add(
      path,
      expected(`one declaration per ${kind} name${region ? ` in ${region}` : ''}`, name) +
        ` again (also declared at ${formatPath(previous)})`,
      true,
    );
  else ctx.declaredAt.set(address, path);
  deps.delete(address);
  return {
    address,
    kind,
    name,
    region,
    ensure: common.ensure ?? 'present',
    attrs,
    dependsOn: [...deps].sort(),
    source,
    specPath: [...path],
    ...(common.lint ? { lintSilenced: { ...common.lint.ignore } } : {}),
  };
}

/** Reports a reference that names nothing declared. */
export function dangling(
  ctx: MapContext,
  path: SpecPath,
  what: string,
  ref: string,
  candidates: Iterable<string>,
): void {
  ctx.issues.add(path, expected(what, ref) + didYouMean(ref, candidates));
}

/** ARN of a declared role. */
export function roleArnOf(ctx: MapContext, name: string, role: RoleInput): string {
  return roleArn(ctx.spec.account, name, role.path);
}

/** A role reference (name under iam.roles, or a role ARN) -> ARN. */
export function resolveRole(ctx: MapContext, ref: string, path: SpecPath, deps: Deps): string {
  if (looksLikeArn(ref)) {
    if (parseRoleArn(ref)?.partition !== PARTITION) {
      ctx.issues.expect(path, 'a role ARN (arn:aws:iam::<account>:role/<name>)', ref);
      return ref;
    }
    for (const [name, role] of Object.entries(ctx.spec.roles))
      if (roleArnOf(ctx, name, role) === ref) deps.add(addressOf('iam.role', name));
    return ref;
  }
  const role = own(ctx.spec.roles, ref);
  if (role) {
    deps.add(addressOf('iam.role', ref));
    return roleArnOf(ctx, ref, role);
  }
  if (!ctx.declared.roles.has(ref))
    dangling(
      ctx,
      path,
      'the name of a role declared under iam.roles, or a role ARN',
      ref,
      Object.keys(ctx.spec.roles),
    );
  return roleArn(ctx.spec.account, ref);
}

/** A bucket reference (name under s3.buckets, or `arn:aws:s3:::name`) -> ARN and declared name. */
export function resolveBucket(
  ctx: MapContext,
  ref: string,
  path: SpecPath,
  deps: Deps,
): { readonly arn: string; readonly declared?: string } {
  if (looksLikeArn(ref)) {
    const parsed = parseBucketArn(ref);
    if (parsed?.partition !== PARTITION) {
      ctx.issues.expect(path, 'a bucket ARN (arn:aws:s3:::<name>)', ref);
      return { arn: ref };
    }
    const name = parsed.name;
    if (own(ctx.spec.buckets, name)) {
      deps.add(addressOf('s3.bucket', name));
      return { arn: ref, declared: name };
    }
    return { arn: ref };
  }
  if (own(ctx.spec.buckets, ref)) {
    deps.add(addressOf('s3.bucket', ref));
    return { arn: bucketArn(ref), declared: ref };
  }
  if (!ctx.declared.buckets.has(ref))
    dangling(
      ctx,
      path,
      'the name of a bucket declared under s3.buckets, or a bucket ARN',
      ref,
      Object.keys(ctx.spec.buckets),
    );
  return { arn: bucketArn(ref) };
}

/** A regional resource with an optional `name` override. */
export interface Labelled {
  readonly name?: string | undefined;
  readonly region: string;
}

/** The AWS name of a labelled resource. */
export function awsName(label: string, r: Labelled): string {
  return r.name ?? label;
}

/**
 * Finds a labelled resource by label, or else by its AWS name (preferring `region`).
 * Returns the label and the resource.
 */
export function findLabelled<T extends Labelled>(
  map: Readonly<Record<string, T>>,
  ref: string,
  region?: string,
): { readonly label: string; readonly value: T } | undefined {
  const byLabel = own(map, ref);
  if (byLabel) return { label: ref, value: byLabel };
  const byName = Object.entries(map).filter(([label, v]) => awsName(label, v) === ref);
  const inRegion = region ? byName.filter(([, v]) => v.region === region) : byName;
  const pick = inRegion.length === 1 ? inRegion[0] : byName.length === 1 ? byName[0] : undefined;
  return pick ? { label: pick[0], value: pick[1] } : undefined;
}

/** A topic reference (label/name under sns.topics, or an SNS topic ARN) -> ARN and region. */
export function resolveTopic(
  ctx: MapContext,
  ref: string,
  path: SpecPath,
  deps: Deps,
  preferredRegion: string,
): { readonly arn: string; readonly region: string | undefined } {
  if (looksLikeArn(ref)) {
    const m = parseTopicArn(ref);
    if (m?.partition !== PARTITION) return { arn: ref, region: undefined };
    const found = Object.entries(ctx.spec.topics).find(
      ([label, t]) => t.region === m.region && awsName(label, t) === m.name && m.account === ctx.spec.account,
    );
    if (found) deps.add(addressOf('sns.topic', awsName(found[0], found[1]), found[1].region));
    return { arn: ref, region: m.region };
  }
  const found = findLabelled(ctx.spec.topics, ref, preferredRegion);
  if (found) {
    const name = awsName(found.label, found.value);
    deps.add(addressOf('sns.topic', name, found.value.region));
    return { arn: topicArn(ctx.spec.account, found.value.region, name), region: found.value.region };
  }
  if (!ctx.declared.topics.has(ref))
    dangling(
      ctx,
      path,
      'a topic declared under sns.topics, or a topic ARN',
      ref,
      Object.keys(ctx.spec.topics),
    );
  return { arn: topicArn(ctx.spec.account, preferredRegion, ref), region: undefined };
}

/** Sorts a list by a string key. */
export function sortBy<T>(list: readonly T[], key: (t: T) => string): T[] {
  return [...list].sort((a, b) => {
    const x = key(a);
    const y = key(b);
    return x < y ? -1 : x > y ? 1 : 0;
  });
}

/** Reports duplicates of `key` in a list (at the later item's `field`). */
export function checkUnique<T>(
  ctx: MapContext,
  list: readonly T[],
  key: (t: T) => string | number,
  base: SpecPath,
  field: string,
  what: string,
): void {
  const seen = new Set<string | number>();
  list.forEach((item, i) => {
    const k = key(item);
    if (seen.has(k)) ctx.issues.add([...base, i, field], expected(`a unique ${what}`, k) + ' again');
    seen.add(k);
  });
}

/** Copies defined properties only (exactOptionalPropertyTypes: no `key: undefined`). */
export function defined<T extends Record<string, unknown>>(
  obj: T,
): { [K in keyof T]?: Exclude<T[K], undefined> } {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(obj)) if (v !== undefined) out[k] = v;
  return out as { [K in keyof T]?: Exclude<T[K], undefined> };
}
