/**
 * Runs a zod schema and turns its issues into path issues a person can act on:
 * `expected X, got Y`, one issue per unknown key with a "did you mean" suggestion, and the useful
 * branch of a failed union rather than a generic complaint. Pure.
 */
import type { z } from 'zod';
import { describeValue, type PathIssue, type SpecPath } from './issues.js';
import { didYouMean } from './suggest.js';

type RawIssue = z.core.$ZodRawIssue;
type Issue = z.core.$ZodIssue;

const TYPE_PHRASES: Readonly<Record<string, string>> = {
  object: 'a mapping',
  record: 'a mapping',
  map: 'a mapping',
  array: 'a list',
  string: 'a string',
  number: 'a number',
  int: 'an integer',
  boolean: 'true or false',
  null: 'null',
};

function sizePhrase(origin: string, bound: unknown, inclusive: boolean | undefined, more: boolean): string {
  const n = Number(bound);
  if (origin === 'array' || origin === 'set')
    return more ? `at least ${n} item${n === 1 ? '' : 's'}` : `at most ${n} items`;
  if (origin === 'string')
    return more ? `at least ${n} character${n === 1 ? '' : 's'}` : `at most ${n} characters`;
  if (more) return inclusive ? `a number >= ${n}` : n === 0 ? 'a positive number' : `a number > ${n}`;
  return inclusive ? `a number <= ${n}` : `a number < ${n}`;
}

const UNION_DEFAULT = 'expected one of the allowed forms';

/** Allowed keys of the strict objects that reported unknown keys, by the issue's `keys` array. */
type AllowedKeys = WeakMap<object, readonly string[]>;

/** The keys an object schema declares ({} for other schemas). */
function shapeOf(inst: unknown): Record<string, unknown> {
  return (
    (inst as { _zod?: { def?: { shape?: Record<string, unknown> } } } | undefined)?._zod?.def?.shape ?? {}
  );
}

function errorMap(allowed: AllowedKeys) {
  return (iss: RawIssue): string | undefined => {
    switch (iss.code) {
      case 'unrecognized_keys': {
        allowed.set(iss.keys, Object.keys(shapeOf(iss.inst)));
        return 'unknown key';
      }
      case 'invalid_type': {
        const phrase = `expected ${TYPE_PHRASES[iss.expected] ?? iss.expected}`;
        // `region:eu-west-1` is one string to YAML: say so when the text before ":" is a key here.
        const key = typeof iss.input === 'string' ? /^(\w+):\S/.exec(iss.input)?.[1] : undefined;
        return key !== undefined && key in shapeOf(iss.inst)
          ? `${phrase}, got ${describeValue(iss.input)} (YAML needs a space after ":")`
          : phrase;
      }
      case 'invalid_value':
        return iss.values.length === 1
          ? `expected ${JSON.stringify(iss.values[0])}`
          : `expected one of ${iss.values.map((v) => String(v)).join(', ')}`;
      case 'too_small':
        return `expected ${sizePhrase(iss.origin, iss.minimum, iss.inclusive, true)}`;
      case 'too_big':
        return `expected ${sizePhrase(iss.origin, iss.maximum, iss.inclusive, false)}`;
      case 'invalid_format':
        return `expected a ${iss.format}`;
      case 'not_multiple_of':
        return `expected a multiple of ${String(iss.divisor)}`;
      case 'invalid_union':
        return UNION_DEFAULT;
      case 'invalid_key':
        return 'expected a valid key';
      default:
        return undefined;
    }
  };
}

function isRootTypeMismatch(issues: readonly Issue[]): boolean {
  return issues.some((i) => i.path.length === 0 && (i.code === 'invalid_type' || i.code === 'invalid_union'));
}

/** Unknown top-level keys common to every branch, with every branch's allowed keys; else undefined. */
function unknownKeysOfEveryBranch(
  branches: readonly (readonly Issue[])[],
  allowed: AllowedKeys,
): { keys: string[]; allowed: string[] } | undefined {
  let keys: string[] | undefined;
  const all = new Set<string>();
  for (const errs of branches) {
    const unknown = errs.find((i) => i.code === 'unrecognized_keys' && i.path.length === 0);
    if (unknown?.code !== 'unrecognized_keys') return undefined;
    for (const k of allowed.get(unknown.keys) ?? []) all.add(k);
    keys = keys ? keys.filter((k) => unknown.keys.includes(k)) : [...unknown.keys];
  }
  return keys && keys.length > 0 ? { keys, allowed: [...all] } : undefined;
}

/** Describes the value at a path for `got ...` (the loader can show the source text of a number). */
export type DescribeValue = (path: SpecPath, value: unknown) => string;

const defaultDescribe: DescribeValue = (_path, value) => describeValue(value);

/** Why a string was found where a mapping was expected, when the cause is a common slip. */
function stringForMappingHint(value: string): string {
  const trimmed = value.trim();
  if (/^[{[]/.test(trimmed)) {
    try {
      JSON.parse(trimmed);
      return 'a string holding JSON (write it as YAML without the quotes: JSON is valid YAML)';
    } catch {
      // not JSON
    }
  }
  return '';
}

function convert(
  issue: Issue,
  base: SpecPath,
  allowed: AllowedKeys,
  out: PathIssue[],
  describe: DescribeValue = defaultDescribe,
): void {
  const path = [...base, ...(issue.path as (string | number)[])];
  const input = (issue as { input?: unknown }).input;
  if (issue.code === 'unrecognized_keys') {
    const known = allowed.get(issue.keys) ?? [];
    for (const key of issue.keys) {
      const hint = didYouMean(key, known);
      out.push({
        path: [...path, key],
        message: `unknown key ${JSON.stringify(key)}${hint || (known.length ? ` (expected one of ${known.join(', ')})` : '')}`,
        atKey: true,
      });
    }
    return;
  }
  if (issue.code === 'invalid_union') {
    // Report the branch that matched the value's shape (e.g. the mapping form) when exactly one did.
    const branches = issue.errors.filter((errs) => !isRootTypeMismatch(errs));
    const branch = branches.length === 1 ? (branches[0] ?? []) : undefined;
    // A value of the right type but refused at the branch's root ("s3.amazonaws.com" against the
    // literal "*"): the union's own description says what the forms are; otherwise the branch's.
    const atBranchRoot = branch?.every((i) => i.path.length === 0) ?? false;
    if (branch && !(atBranchRoot && issue.message !== UNION_DEFAULT)) {
      for (const sub of branch) convert(sub, path, allowed, out, describe);
      return;
    }
    // Several mapping forms ({rdsInstance: ...} | {bucket: ...}): name the unknown keys against all of them.
    const unknown = unknownKeysOfEveryBranch(branches, allowed);
    if (unknown) {
      for (const key of unknown.keys)
        out.push({
          path: [...path, key],
          message: `unknown key ${JSON.stringify(key)}${didYouMean(key, unknown.allowed)}`,
          atKey: true,
        });
      return;
    }
  }
  let message = issue.message;
  if (message.startsWith('expected ') && !message.includes(', got ')) {
    const jsonHint =
      issue.code === 'invalid_type' &&
      typeof input === 'string' &&
      ['object', 'record'].includes(issue.expected)
        ? stringForMappingHint(input)
        : '';
    message = `${message}, got ${jsonHint || describe(path, input)}`;

    if (issue.code === 'invalid_value' && typeof input === 'string')
      message += didYouMean(
        input,
        issue.values.map((v) => String(v)),
      );
  }
  // A refinement about a mapping key (a tag key) points at the key, not at its value.
  const atKey = issue.code === 'custom' && (issue.params as { atKey?: unknown } | undefined)?.atKey === true;
  out.push(atKey ? { path, message, atKey } : { path, message });
}

/** Validates `data` against `schema`; issue paths are prefixed with `base`. */
export function validateWithSchema<T extends z.ZodType>(
  schema: T,
  data: unknown,
  base: SpecPath = [],
  describe: DescribeValue = defaultDescribe,
): { readonly ok: true; readonly value: z.infer<T> } | { readonly ok: false; readonly issues: PathIssue[] } {
  const allowed: AllowedKeys = new WeakMap();
  const result = schema.safeParse(data, { reportInput: true, error: errorMap(allowed) });
  if (result.success) return { ok: true, value: result.data };
  const issues: PathIssue[] = [];
  for (const issue of result.error.issues) convert(issue, base, allowed, issues, describe);
  return { ok: false, issues };
}
