/**
 * IAM-style policy documents (IAM trust/inline policies, SNS topic policies) in canonical form, so
 * that documents AWS treats as equal also compare equal: statement order, key order, a string vs a
 * one-element array, duplicate values, and URL-encoded documents never show as drift.
 * Pure: no SDK, no fs, no process.
 */
import { accountRootArn } from './arn.js';
import { canonicalText, canonicalValue } from './canonical.js';

/** One statement in canonical form: list-valued fields are sorted string arrays. */
export type PolicyStatement = Readonly<Record<string, unknown>>;

/** A policy document in canonical form (see {@link canonicalPolicy}). */
export interface PolicyDocument {
  readonly Version?: string;
  readonly Id?: string;
  /** Sorted by their canonical JSON. */
  readonly Statement: readonly PolicyStatement[];
}

const LIST_KEYS = new Set(['Action', 'NotAction', 'Resource', 'NotResource']);
const PRINCIPAL_KEYS = new Set(['Principal', 'NotPrincipal']);

function sortedUnique(value: unknown): unknown {
  const list = Array.isArray(value) ? value : [value];
  if (!list.every((v) => typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean')) {
    return list.map(canonicalValue);
  }
  return [...new Set(list.map((v) => String(v)))].sort();
}

function sortKeys(obj: Readonly<Record<string, unknown>>, map: (key: string, v: unknown) => unknown) {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(obj).sort()) out[key] = map(key, obj[key]);
  return out;
}

/** IAM stores a bare account-id principal (`"AWS": "123456789012"`) as its root ARN: make both equal. */
function rootArns(p: unknown): unknown {
  const list = Array.isArray(p) ? p : [p];
  return list.map((v) => (typeof v === 'string' && /^\d{12}$/.test(v) ? accountRootArn(v) : v));
}

function canonicalStatement(stmt: Readonly<Record<string, unknown>>): PolicyStatement {
  return sortKeys(stmt, (key, v) => {
    if (LIST_KEYS.has(key)) return sortedUnique(v);
    if (PRINCIPAL_KEYS.has(key)) {
      if (typeof v === 'string') return v; // "*"
      if (v && typeof v === 'object')
        return sortKeys(v as Record<string, unknown>, (k, p) => sortedUnique(k === 'AWS' ? rootArns(p) : p));
      return v;
    }
    if (key === 'Condition' && v && typeof v === 'object') {
      return sortKeys(v as Record<string, unknown>, (_op, block) =>
        block && typeof block === 'object'
          ? sortKeys(block as Record<string, unknown>, (_k, cv) => sortedUnique(cv))
          : block,
      );
    }
    return canonicalValue(v);
  });
}

/**
 * Parses (if a string: plain or URL-encoded JSON, as IAM returns it) and canonicalises a policy.
 * Throws a plain Error with a readable message when the input is not a policy document.
 */
export function canonicalPolicy(input: unknown): PolicyDocument {
  let doc = input;
  if (typeof doc === 'string') {
    const text = doc.trim().startsWith('%7B') || doc.trim().startsWith('%7b') ? decodeURIComponent(doc) : doc;
    try {
      doc = JSON.parse(text);
    } catch {
      doc = JSON.parse(decodeURIComponent(text));
    }
  }
  if (!doc || typeof doc !== 'object' || Array.isArray(doc))
    throw new Error('policy document must be an object');
  const raw = doc as Record<string, unknown>;
  const statements =
    raw.Statement === undefined ? [] : Array.isArray(raw.Statement) ? raw.Statement : [raw.Statement];
  const canon = statements.map((s) => {
    if (!s || typeof s !== 'object' || Array.isArray(s))
      throw new Error('policy statement must be an object');
    return canonicalStatement(s as Record<string, unknown>);
  });
  canon.sort((a, b) => {
    const x = canonicalText(a);
    const y = canonicalText(b);
    return x < y ? -1 : x > y ? 1 : 0;
  });
  const out: { Version?: string; Id?: string; Statement: PolicyStatement[] } = { Statement: canon };
  if (typeof raw.Version === 'string') out.Version = raw.Version;
  if (typeof raw.Id === 'string') out.Id = raw.Id;
  return out;
}
