/**
 * `reconcile --validate [--spec FILE]`: loads the spec and prints what it declares, per resource
 * kind, or every located error (SpecError -> stderr, exit 1, printed by main). Never calls AWS.
 */
import { countFindings, lintDesired, renderLintText } from '../../lint/index.js';
import { RESOURCE_KINDS } from '../../model/resource.js';
import type { DesiredState } from '../../model/state.js';
import type { CommandContext } from '../context.js';
import { loadSpecFile } from '../spec-file.js';

/** The summary printed by `--validate`: one line per resource kind that occurs, plus totals. */
export function renderValidateSummary(desired: DesiredState): string {
  const counts = new Map<string, number>();
  for (const r of desired.resources) counts.set(r.kind, (counts.get(r.kind) ?? 0) + 1);
  const width = Math.max(...RESOURCE_KINDS.map((k) => k.length));
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

/** Runs `--validate`: exit 0 when the spec is valid. */
export async function runValidate(ctx: CommandContext): Promise<number> {
  const desired = await loadSpecFile(ctx.options.spec, ctx.io.env, ctx.io.cwd);
  ctx.io.stdout.write(renderValidateSummary(desired));
  // Lint (issue 6): findings after the summary (nothing when clean); unsilenced errors exit 1.
  const findings = lintDesired(desired);
  if (findings.length > 0) ctx.io.stdout.write(`\n${renderLintText(findings)}`);
  return countFindings(findings).error > 0 ? 1 : 0;
}
