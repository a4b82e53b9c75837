/**
 * Resource kinds and addresses: the vocabulary every layer (spec, adapters, planner, executor,
 * reports) shares. What each kind is (global or regional, its service, ...) is in its KindSpec
 * (src/model/kinds). Pure: no SDK, no fs, no process.
 */
import { isGlobalKind, KINDS } from './kinds/index.js';

/** Every kind of resource the tool manages. */
export const RESOURCE_KINDS = [
  's3.bucket',
  'iam.role',
  'rds.instance',
  'backup.vault',
  'backup.plan',
  'backup.selection',
  'backup.restoreTestingPlan',
  'sns.topic',
  'events.rule',
  'cloudwatch.alarm',
] as const;

export type ResourceKind = (typeof RESOURCE_KINDS)[number];

/**
 * Kinds whose names are global to the account (no region segment in the address): those whose
 * KindSpec `scope` is `global`. An S3 bucket lives in one region, but its name is global, so its
 * address has no region; its region is an attribute.
 */
export const GLOBAL_KINDS: ReadonlySet<ResourceKind> = new Set<ResourceKind>(
  RESOURCE_KINDS.filter(isGlobalKind),
);

/**
 * `<kind>/<name>` for globally named resources, `<kind>/<region>/<name>` for regional ones.
 * A name may itself contain `/` (a backup selection is named `<plan>/<selection>`).
 * Stable and sortable: every output is sorted by address.
 */
export type ResourceAddress = string;

/** Builds the address of a resource. `region` is ignored for global kinds and required otherwise. */
export function addressOf(kind: ResourceKind, name: string, region?: string | null): ResourceAddress {
  if (GLOBAL_KINDS.has(kind)) return `${kind}/${name}`;
  if (!region) throw new Error(`assertion: regional kind ${kind} needs a region for ${name}`);
  return `${kind}/${region}/${name}`;
}

/** The parts of an address. `region` is null for global kinds. */
export interface ParsedAddress {
  readonly kind: ResourceKind;
  readonly region: string | null;
  readonly name: string;
}

/** Parses an address made by {@link addressOf}; returns undefined for anything else. */
export function parseAddress(address: string): ParsedAddress | undefined {
  const slash = address.indexOf('/');
  if (slash < 0) return undefined;
  const kind = address.slice(0, slash) as ResourceKind;
  if (!RESOURCE_KINDS.includes(kind)) return undefined;
  const rest = address.slice(slash + 1);
  if (GLOBAL_KINDS.has(kind)) return rest ? { kind, region: null, name: rest } : undefined;
  const slash2 = rest.indexOf('/');
  if (slash2 <= 0 || slash2 === rest.length - 1) return undefined;
  return { kind, region: rest.slice(0, slash2), name: rest.slice(slash2 + 1) };
}

/** The AWS service (SDK client) that owns a kind. */
export type ServiceName = 's3' | 'iam' | 'rds' | 'backup' | 'sns' | 'events' | 'cloudwatch';

export function serviceOf(kind: ResourceKind): ServiceName {
  return KINDS[kind].service;
}

/** Compares addresses the way every output sorts them. */
export function compareAddresses(a: ResourceAddress, b: ResourceAddress): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Where a value came from in the spec file (1-based line and column). */
export interface SourceLocation {
  readonly file: string;
  readonly line: number;
  readonly column: number;
}
