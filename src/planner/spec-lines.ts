/**
 * Points a planned change at the spec: the resource's line, and for each changed field its name in
 * the spec's own keys (the kind's `specKeys`) and the line that writes it, so that editors and CI
 * annotations can jump there (`backup-spec.yaml:20`). Pure: reads the parsed document it is given.
 */
import jsonpatch from 'fast-json-patch';
import { isPolicyMapPath, kindSpec } from '../model/kinds/index.js';
import { formatSpecPath, type SpecSegments, specFieldOf } from '../model/kinds/spec-keys.js';
import type { Change, FieldDiff, SpecFieldLocation } from '../model/plan.js';
import type { DesiredResource, SpecSource } from '../model/state.js';

function nodeAt(data: unknown, path: SpecSegments): unknown {
  let node = data;
  for (const seg of path)
    node = node !== null && typeof node === 'object' ? (node as Record<string, unknown>)[seg] : undefined;
  return node;
}

/** The pointers a create shows, one per line group: top-level fields, each inline policy apart. */
export function createdFieldPaths(change: Pick<Change, 'kind' | 'after'>): string[] {
  const after = (change.after ?? {}) as Record<string, unknown>;
  const out: string[] = [];
  for (const key of Object.keys(after).sort()) {
    const pointer = `/${jsonpatch.escapePathComponent(key)}`;
    const value = after[key];
    if (isPolicyMapPath(change.kind, pointer) && value && typeof value === 'object')
      for (const name of Object.keys(value).sort())
        out.push(`${pointer}/${jsonpatch.escapePathComponent(name)}`);
    else out.push(pointer);
  }
  return out;
}

/** The change with its spec path and line, and its fields' spec names, paths and lines. */
export function locateInSpec(change: Change, resource: DesiredResource, source: SpecSource): Change {
  const base = resource.specPath;
  if (!base) return change;
  const written = nodeAt(source.data, base);
  const keys = kindSpec(change.kind).specKeys;
  const locate = (path: string) => {
    const ref = specFieldOf(keys, path, written, source.data);
    const full = [...base, ...ref.at];
    return { specField: ref.field, specPath: formatSpecPath(full), specLine: source.locate(full).line };
  };
  const fieldDiffs: FieldDiff[] = change.fieldDiffs.map((d) => ({ ...d, ...locate(d.path) }));
  const createsAll =
    change.action === 'create' || (change.action === 'blocked' && change.before === undefined);
  const specFields: SpecFieldLocation[] | undefined =
    createsAll && change.after !== undefined
      ? createdFieldPaths(change).map((path) => ({ path, ...locate(path) }))
      : undefined;
  return {
    ...change,
    fieldDiffs,
    specPath: formatSpecPath(base),
    specLine: source.locate(base).line,
    ...(specFields ? { specFields } : {}),
  };
}
