/**
 * `reconcile --validate [--spec FILE] [--json]`: loads the spec and prints what it declares, per
 * resource kind, or every located error (SpecError -> stderr, exit 1, printed by main; with --json
 * both go to stdout as one versioned document). Never calls AWS.
 */
import { SpecError, type SpecIssue } from '../../errors.js';
import { countFindings, type LintFinding, lintDesired, renderLintText } from '../../lint/index.js';
import { RESOURCE_KINDS } from '../../model/resource.js';
import { redactText } from '../../model/secrets.js';
import type { DesiredState } from '../../model/state.js';
import type { CommandContext } from '../context.js';
import { loadSpecFile } from '../spec-file.js';

/** The summary printed by `--validate`: one line per resource kind that occurs, plus totals. */
export function renderValidateSummary(desired: DesiredState): string {
  const counts = new Map<string, number>();
  for (const r of desired.resources) counts.set(r.kind, (counts.get(r.kind) ?? 0) + 1);
  // Aligned on the kinds listed (a long kind name the spec does not use does not widen the table).
  const width = Math.max(...RESOURCE_KINDS.filter((k) => counts.has(k)).map((k) => k.length), 'total'.length);
  const lines = [
    `${desired.specFile}: valid (account ${desired.account}, ${desired.regions.length} region${desired.regions.length === 1 ? '' : 's'}: ${desired.regions.join(', ')})`,
  ];
  for (const kind of RESOURCE_KINDS) {
    const n = counts.get(kind);
    if (n) lines.push(`  ${kind.padEnd(width)}  ${n}`);
  }
  lines.push(
    `  ${'total'.padEnd(width)}  ${desired.resources.length} resources, ${desired.recovery.length} recovery scenarios`,
  );
  const unresolved = desired.resources.flatMap((r) =>
    r.kind === 'sns.topic'
      ? ((r.attrs as { subscriptions?: readonly { endpoint: string }[] }).subscriptions ?? [])
          .filter((s) => s.endpoint.includes('<unresolved '))
          .map(
            (s) =>
              `  note: ${r.address}: subscription ${s.endpoint} is not set in the environment; it cannot be verified or created`,
          )
      : [],
  );
  return `${[...lines, ...unresolved].join('\n')}\n`;
}

/** The `--validate --json` document (`formatVersion` 1); the key order is part of the format. */
export interface ValidateJson {
  readonly formatVersion: 1;
  readonly file: string;
  readonly valid: boolean;
  /** null when the spec is invalid. */
  readonly account: string | null;
  readonly regions: readonly string[];
  /** Resources per kind, for the kinds that occur. */
  readonly counts: Readonly<Record<string, number>>;
  readonly errors: readonly SpecIssue[];
  readonly lint: readonly LintFinding[];
}

/** The JSON result of validating `file`: the desired state and its lint findings, or the spec errors. */
export function validateJson(
  file: string,
  result: { desired: DesiredState; findings: readonly LintFinding[] } | { issues: readonly SpecIssue[] },
): string {
  const counts: Record<string, number> = {};
  if ('desired' in result)
    for (const kind of RESOURCE_KINDS) {
      const n = result.desired.resources.filter((r) => r.kind === kind).length;
      if (n) counts[kind] = n;
    }
  const doc: ValidateJson = {
    formatVersion: 1,
    file,
    valid: 'desired' in result,
    account: 'desired' in result ? result.desired.account : null,
    regions: 'desired' in result ? result.desired.regions : [],
    counts,
    errors:
      'issues' in result
        ? result.issues.map(({ file, line, column, path, message }) => ({
            file,
            line,
            column,
            path,
            // Redacted like every message main() prints: an error may quote a value holding a secret.
            message: redactText(message),
          }))
        : [],
    lint: 'desired' in result ? result.findings : [],
  };
  return `${JSON.stringify(doc, null, 2)}\n`;
}

/** Runs `--validate`: exit 0 when the spec is valid and has no unsilenced lint error. */
export async function runValidate(ctx: CommandContext): Promise<number> {
  const { options, io } = ctx;
  let desired: DesiredState;
  try {
    desired = await loadSpecFile(options.spec, io.env, io.cwd);
  } catch (e) {
    if (!(options.json && e instanceof SpecError)) throw e;
    io.stdout.write(validateJson(options.spec, { issues: e.issues }));
    return 1;
  }
  // Lint (issue 6): findings after the summary (nothing when clean); unsilenced errors exit 1.
  const findings = lintDesired(desired);
  if (options.json) io.stdout.write(validateJson(options.spec, { desired, findings }));
  else {
    io.stdout.write(renderValidateSummary(desired));
    if (findings.length > 0) io.stdout.write(`\n${renderLintText(findings)}`);
  }
  return countFindings(findings).error > 0 ? 1 : 0;
}
