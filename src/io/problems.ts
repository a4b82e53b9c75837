/**
 * Located problems in an input file the tool reads back (saved plans, snapshots, backups): a field
 * path as a person writes it (`changes[2].risk`, `resources["s3.bucket/x"].attrs.region`) and a
 * message, listed at most ten at a time.
 */

/** One problem at a field of a JSON document. */
export interface FieldProblem {
  readonly path: readonly PropertyKey[];
  readonly message: string;
}

/** `a.b[2]["s3.bucket/x"]`; `(top level)` for the empty path. */
export function formatFieldPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const p of path) {
    if (typeof p === 'number') out += `[${p}]`;
    else if (typeof p === 'string' && /^[A-Za-z_$][\w$]*$/.test(p)) out += out ? `.${p}` : p;
    else out += `[${JSON.stringify(String(p))}]`;
  }
  return out || '(top level)';
}

/** The problems as indented lines, the first `max`, then how many more. */
export function problemLines(problems: readonly FieldProblem[], max = 10): string {
  const lines = problems.slice(0, max).map((p) => `  ${formatFieldPath(p.path)}: ${p.message}`);
  if (problems.length > max) lines.push(`  ... and ${problems.length - max} more`);
  return lines.join('\n');
}
