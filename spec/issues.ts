/**
 * Spec issues before they are located: a field path plus a message a person can act on, always
 * shaped `expected X, got Y` where a value was wrong. Pure.
 */
import { formatSpecPath } from '../src/model/kinds/spec-keys.js';
import { redactText } from '../src/model/secrets.js';

/** A path into the spec document: mapping keys and list indexes. */
export type SpecPath = readonly (string | number)[];

/** One problem, not yet located in the source text. */
export interface PathIssue {
  readonly path: SpecPath;
  readonly message: string;
  /** Point at the mapping KEY rather than its value (unknown keys, duplicate names). */
  readonly atKey?: boolean;
}

/** Describes a value for `got ...`: numbers and booleans as is, strings quoted, structure by kind. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing (the key is missing)';
  if (value === null) return 'null';
  if (typeof value === 'string')
    return redactText(JSON.stringify(value.length > 80 ? `${value.slice(0, 77)}...` : value));
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint')
    return String(value);
  if (Array.isArray(value)) return value.length === 0 ? 'an empty list' : 'a list';
  if (value instanceof Uint8Array) return 'binary data';
  if (typeof value === 'object') return Object.keys(value).length === 0 ? 'an empty mapping' : 'a mapping';
  return typeof value;
}

/** `expected <what>, got <value>`. */
export function expected(what: string, value: unknown): string {
  return `expected ${what}, got ${describeValue(value)}`;
}

/** `s3.buckets.mne-media-prod.lifecycle[0].noncurrentDays`; odd keys are quoted: `tags["a.b"]`. */
export const formatPath: (path: SpecPath) => string = formatSpecPath;

/** `expected <what>, got <got>` where `got` is already a description (e.g. "both", "none"). */
export function expectedGot(what: string, got: string): string {
  return `expected ${what}, got ${got}`;
}

/** Collects issues while walking a spec. */
export class IssueList {
  readonly items: PathIssue[] = [];

  /** Adds an issue at `path`. */
  add(path: SpecPath, message: string, atKey = false): void {
    this.items.push(atKey ? { path, message, atKey } : { path, message });
  }

  /** Adds `expected <what>, got <value>` at `path`. */
  expect(path: SpecPath, what: string, value: unknown): void {
    this.add(path, expected(what, value));
  }
}
