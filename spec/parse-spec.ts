/**
 * `parseSpec`: spec text -> validated, normalised DesiredState, or a SpecError listing every issue
 * (located `file:line:column path: expected X, got Y`, sorted by position). Pure: no fs, no process —
 * the environment (for `${env:NAME}` secrets) is passed in.
 */
import { SpecError } from '../src/errors.js';
import { compareAddresses, type ResourceAddress } from '../src/model/resource.js';
import type { DesiredResource, DesiredState } from '../src/model/state.js';
import { describeValue, expected, IssueList, type SpecPath } from './issues.js';
import { type LoadedYaml, loadYaml, locateIssue, sortIssues } from './load-yaml.js';
import { mapPlans, mapRestoreTesting, mapVaults } from './map/backup.js';
import type { CheckedSpec, DeclaredLabels, MapContext } from './map/context.js';
import { mapDrill } from './map/drill.js';
import { mapDbInstances, mapRoles } from './map/iam-rds.js';
import { mapAlarms, mapEventRules, mapTopics } from './map/monitoring.js';
import { mapScenarios } from './map/recovery.js';
import { mapBuckets } from './map/s3.js';
import { drill } from './schema/drill.js';
import { COLLECTIONS, type SpecInput, specSchema } from './schema/spec.js';
import { validateWithSchema } from './zod-issues.js';

type CollectionName = keyof DeclaredLabels;

function isRecord(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function rawCollection(data: unknown, section: string, collection: string): Record<string, unknown> {
  const s = isRecord(data) ? data[section] : undefined;
  const c = isRecord(s) ? s[collection] : undefined;
  return isRecord(c) ? c : {};
}

function collectionKey(section: string, collection: string): CollectionName {
  return (section === 'rds' ? 'instances' : collection) as CollectionName;
}

/** Every label written in the file, valid or not. */
function declaredLabels(data: unknown): DeclaredLabels {
  const out: Record<string, Set<string>> = {};
  for (const [section, collection] of COLLECTIONS)
    out[collectionKey(section, collection)] = new Set(Object.keys(rawCollection(data, section, collection)));
  return out as unknown as DeclaredLabels;
}

function fromValid(spec: SpecInput): CheckedSpec {
  return {
    account: spec.account,
    defaultRegion: spec.defaultRegion,
    ...(spec.regions ? { regions: spec.regions } : {}),
    buckets: spec.s3?.buckets ?? {},
    roles: spec.iam?.roles ?? {},
    instances: spec.rds?.instances ?? {},
    vaults: spec.backup?.vaults ?? {},
    plans: spec.backup?.plans ?? {},
    restoreTesting: spec.backup?.restoreTesting ?? {},
    topics: spec.sns?.topics ?? {},
    rules: spec.events?.rules ?? {},
    alarms: spec.cloudwatch?.alarms ?? {},
    scenarios: spec.recovery?.scenarios ?? {},
  };
}

/**
 * When the document has schema errors, cross-checks still run over the resources that are valid on
 * their own, so that one run reports everything (a broken bucket does not hide a dangling topic).
 */
function fromPartial(data: unknown): CheckedSpec {
  const root = isRecord(data) ? data : {};
  const pick = <T>(
    schema: { safeParse: (v: unknown) => { success: boolean; data?: T } },
    v: unknown,
    fallback: T,
  ): T => {
    const r = schema.safeParse(v);
    return r.success ? (r.data as T) : fallback;
  };
  const collections: Record<string, Record<string, unknown>> = {};
  for (const [section, collection, schema] of COLLECTIONS) {
    const valid: Record<string, unknown> = {};
    for (const [label, value] of Object.entries(rawCollection(data, section, collection))) {
      const r = schema.safeParse(value);
      if (r.success) valid[label] = r.data;
    }
    collections[collectionKey(section, collection)] = valid;
  }
  const regions = specSchema.shape.regions.safeParse(root.regions);
  return {
    account: pick(specSchema.shape.account, root.account, '000000000000'),
    defaultRegion: pick(specSchema.shape.defaultRegion, root.defaultRegion, 'us-east-1'),
    ...(regions.success && regions.data ? { regions: regions.data } : {}),
    ...(collections as unknown as Omit<CheckedSpec, 'account' | 'defaultRegion' | 'regions'>),
  };
}

/** The `drill` section when it validates on its own (so its cross-checks run beside other errors). */
function partialDrill(data: unknown): SpecInput['drill'] {
  const r = drill.safeParse(isRecord(data) ? data.drill : undefined);
  return r.success ? r.data : undefined;
}

/** `sns.topics.<label>.subscriptions[i].endpoint`: the one place `${env:NAME}` is read. */
function isEndpointPath(path: SpecPath): boolean {
  return (
    path.length === 6 &&
    path[0] === 'sns' &&
    path[1] === 'topics' &&
    path[3] === 'subscriptions' &&
    typeof path[4] === 'number' &&
    path[5] === 'endpoint'
  );
}

/**
 * `${env:NAME}` anywhere else would be taken literally (a topic named "${env:X}"): an error. `path` is
 * one array pushed and popped along the walk (copied only into an issue): a path per node allocated
 * for every value of a 20,000-resource spec.
 */
function checkEnvReferences(value: unknown, path: (string | number)[], issues: IssueList): void {
  if (typeof value === 'string') {
    if (value.includes('${env:') && !isEndpointPath(path))
      issues.expect(
        [...path],
        // biome-ignore lint/suspicious/noTemplateCurlyInString: the literal syntax the user writes
        'a literal value (${env:NAME} is read only in sns subscription endpoints)',
        value,
      );
  } else if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      path.push(i);
      checkEnvReferences(value[i], path, issues);
      path.pop();
    }
  } else if (isRecord(value))
    for (const k of Object.keys(value)) {
      path.push(k);
      checkEnvReferences(value[k], path, issues);
      path.pop();
    }
}

/**
 * `__proto__` as a key: every JavaScript object map (zod records, the mapped collections) would drop it
 * silently, taking a declared resource with it. Refused, located at the key. A resource whose AWS name
 * is `__proto__` can still be declared under another label with `name: __proto__`. `path` as in
 * {@link checkEnvReferences}.
 */
function checkReservedKeys(value: unknown, path: (string | number)[], issues: IssueList): void {
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      path.push(i);
      checkReservedKeys(value[i], path, issues);
      path.pop();
    }
  } else if (isRecord(value)) {
    for (const k of Object.keys(value)) {
      path.push(k);
      if (k === '__proto__')
        issues.add(
          [...path],
          '"__proto__" cannot be a label or key (it is reserved by JavaScript objects, so it would be dropped silently); use another label, and `name: __proto__` where the AWS name must be that',
          true,
        );
      else checkReservedKeys(value[k], path, issues);
      path.pop();
    }
  }
}

/** Every region used: the default region, the declared list and each resource's region, sorted. */
function regionsOf(spec: CheckedSpec, issues: IssueList): string[] {
  const regions = new Set<string>([spec.defaultRegion, ...(spec.regions ?? [])]);
  for (const [section, collection] of COLLECTIONS) {
    if (section === 'iam' || section === 'recovery') continue;
    const coll = spec[collectionKey(section, collection)] as Readonly<
      Record<string, { readonly region: string }>
    >;
    for (const [label, r] of Object.entries(coll)) {
      if (spec.regions && !spec.regions.includes(r.region))
        issues.add(
          [section, collection, label, 'region'],
          expected(`one of the regions listed under regions (${spec.regions.join(', ')})`, r.region),
        );
      regions.add(r.region);
    }
  }
  return [...regions].sort();
}

function mapAll(ctx: MapContext): { resources: DesiredResource[]; regions: string[] } {
  const resources = [
    ...mapBuckets(ctx),
    ...mapRoles(ctx),
    ...mapDbInstances(ctx),
    ...mapVaults(ctx),
    ...mapPlans(ctx),
    ...mapRestoreTesting(ctx),
    ...mapTopics(ctx),
    ...mapEventRules(ctx),
    ...mapAlarms(ctx),
  ].sort((a, b) => compareAddresses(a.address, b.address));
  return { resources, regions: regionsOf(ctx.spec, ctx.issues) };
}

/**
 * `got ...` for a value, showing a number as it was written when YAML read it differently
 * (`012345678901` is the number 12345678901; `1e400` is Infinity).
 */
function describeAsWritten(yaml: LoadedYaml, path: SpecPath, value: unknown): string {
  const written = typeof value === 'number' ? yaml.sourceText(path)?.trim() : undefined;
  return written !== undefined && written !== String(value)
    ? `${written} (read as the number ${String(value)})`
    : describeValue(value);
}

function fail(yaml: LoadedYaml, file: string, issues: IssueList): never {
  throw new SpecError(sortIssues(issues.items.map((i) => locateIssue(yaml, file, i))));
}

/**
 * Parses and validates a spec. `file` is used in messages and as DesiredState.specFile; `env`
 * resolves `${env:NAME}` in subscription endpoints (unset names leave the endpoint unverifiable,
 * never an error). Throws SpecError with every issue found.
 */
export function parseSpec(
  text: string | Uint8Array,
  file: string,
  env: Readonly<Record<string, string | undefined>> = {},
): DesiredState {
  const loaded = loadYaml(text, file);
  if (!loaded.ok) throw new SpecError(sortIssues(loaded.issues));
  const { yaml } = loaded;
  const issues = new IssueList();
  const validated = validateWithSchema(specSchema, yaml.data, [], (path, value) =>
    describeAsWritten(yaml, path, value),
  );
  if (!validated.ok) issues.items.push(...validated.issues);
  checkEnvReferences(yaml.data, [], issues);
  checkReservedKeys(yaml.data, [], issues);
  const spec = validated.ok ? fromValid(validated.value) : fromPartial(yaml.data);
  const ctx: MapContext = {
    spec,
    declared: declaredLabels(yaml.data),
    issues,
    file,
    env,
    locate: yaml.locate,
    secrets: new Map(),
    declaredAt: new Map(),
  };
  const { resources, regions } = mapAll(ctx);
  const known = new Set<ResourceAddress>(resources.map((r) => r.address));
  const recovery = mapScenarios(ctx, known);
  const drill = validated.ok
    ? mapDrill(ctx, validated.value.drill, recovery)
    : mapDrill(ctx, partialDrill(yaml.data), recovery);
  if (issues.items.length > 0) fail(yaml, file, issues);
  return {
    formatVersion: 1,
    account: spec.account,
    defaultRegion: spec.defaultRegion,
    regions,
    resources,
    recovery,
    ...(drill ? { drill } : {}),
    specFile: file,
    // A key's own line (a list under it starts below); a list item's first line.
    specSource: {
      file,
      data: yaml.data,
      locate: (path) => yaml.locate(path, typeof path.at(-1) === 'string'),
    },
    ...(ctx.secrets.size > 0 ? { secrets: ctx.secrets } : {}),
  };
}
