/**
 * The policy documents one change sets or changes, as statement tables with broadened/narrowed
 * computed once here (aws-cdk `IamChanges` style): renderers draw them, risk rules read them. Pure.
 */
import jsonpatch from 'fast-json-patch';
import { kindSpec, shapeAtPath } from '../model/kinds/index.js';
import type { Action, FieldDiff, PolicyDiff } from '../model/plan.js';
import type { PolicyDocument } from '../model/policy.js';
import type { ResourceKind } from '../model/resource.js';
import { describeBroadening, describeNarrowing, diffPolicyStatements } from './policy-diff.js';

/** One policy document that differs: its pointer and both sides (undefined: absent; null: AWS default). */
interface DocumentChange {
  readonly path: string;
  readonly before: unknown;
  readonly after: unknown;
}

function isRecord(v: unknown): v is Readonly<Record<string, unknown>> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** The policy documents at or below `path` (a map of documents, such as inline policies, gives one each). */
function documentsAt(kind: ResourceKind, path: string, before: unknown, after: unknown): DocumentChange[] {
  const shape = shapeAtPath(kind, path);
  if (shape?.t === 'policy') return [{ path, before, after }];
  if (shape?.t !== 'object' || !(isRecord(before) || isRecord(after))) return [];
  const b = isRecord(before) ? before : {};
  const a = isRecord(after) ? after : {};
  return [...new Set([...Object.keys(b), ...Object.keys(a)])]
    .sort()
    .flatMap((key) => documentsAt(kind, `${path}/${jsonpatch.escapePathComponent(key)}`, b[key], a[key]));
}

function policyDiff(kind: ResourceKind, action: Action, doc: DocumentChange): PolicyDiff | undefined {
  const defaultWithin = kindSpec(kind).diff.defaultPolicyWithin;
  let before: PolicyDocument | null | undefined;
  let after: PolicyDocument | null | undefined;
  let judgeBroadening = true;
  if (doc.before === null || doc.after === null) {
    // A create of the AWS default policy has nothing to draw.
    if (doc.before === undefined) return undefined;
    // The default policy's own statement, kept in a custom policy, is neither new nor removed: the
    // default side is that statement, so only real additions and removals show (and count).
    const custom = (doc.before ?? doc.after) as PolicyDocument | null;
    const asDefault = (v: unknown): PolicyDocument | null =>
      v === null && custom && defaultWithin ? defaultWithin(custom) : (v as PolicyDocument | null);
    before = asDefault(doc.before);
    after = asDefault(doc.after);
    judgeBroadening = action !== 'create';
  } else {
    // A new resource starts with AWS's default policy: its statement is not a permission it gains.
    before =
      doc.before === undefined && doc.after && defaultWithin
        ? defaultWithin(doc.after as PolicyDocument)
        : (doc.before as PolicyDocument | undefined);
    after = doc.after as PolicyDocument | undefined;
  }
  try {
    const rows = diffPolicyStatements(before, after);
    const statements = rows.filter((r) => r.change !== ' ');
    return {
      path: doc.path,
      statements,
      unchangedStatements: rows.length - statements.length,
      broadened: judgeBroadening ? describeBroadening(before, after) : [],
      narrowed: describeNarrowing(before, after),
    };
  } catch {
    return undefined; // not a policy document (the spec loader prevents this): shown as a plain value
  }
}

/**
 * The policy documents of one change, sorted by path. `fieldDiffs` for updates and replaces; for a
 * create (`before` undefined) every policy in `after`. Values are the plan's (redacted) ones.
 */
export function policyDiffsOf(
  kind: ResourceKind,
  action: Action,
  fieldDiffs: readonly FieldDiff[],
  createdAfter: Readonly<Record<string, unknown>> | undefined,
): PolicyDiff[] {
  const docs = createdAfter
    ? Object.keys(createdAfter)
        .sort()
        .flatMap((key) =>
          documentsAt(kind, `/${jsonpatch.escapePathComponent(key)}`, undefined, createdAfter[key]),
        )
    : fieldDiffs.flatMap((d) => documentsAt(kind, d.path, d.before, d.after));
  return docs
    .flatMap((d) => policyDiff(kind, action, d) ?? [])
    .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}
