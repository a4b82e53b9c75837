/**
 * `reconcile --plan`: spec -> live state (snapshot or AWS, read-only) -> plan -> text / `--json` /
 * `--markdown` on stdout; `--out FILE` also saves the JSON plan (mode 0600) for `--apply FILE`.
 * Exit codes: 0 no changes, 2 changes (blocked ones included), 1 error or unchecked resources.
 * Never makes a mutating AWS call: getLiveState only runs the adapters' readers.
 */
import { resolve } from 'node:path';
import { writePrivateFile } from '../../io/private-file.js';
import { lintDesired } from '../../lint/index.js';
import type { Plan } from '../../model/plan.js';
import { planChanges } from '../../planner/index.js';
import { renderPlanJson } from '../../report/plan-json.js';
import { renderPlanMarkdown } from '../../report/plan-markdown.js';
import { renderPlanText } from '../../report/plan-text.js';
import { type CommandContext, outputWidth } from '../context.js';
import { loadSpecFile } from '../spec-file.js';
import { getTargetedLiveState } from '../targets.js';

/** The plan's exit code: 1 when incomplete, 2 when anything would change or is blocked, else 0. */
export function planExitCode(plan: Plan): 0 | 1 | 2 {
  if (!plan.complete) return 1;
  const s = plan.summary;
  return s.create + s.update + s.replace + s.delete + s.blocked > 0 ? 2 : 0;
}

/** Writes the JSON plan to `path` (src/io/private-file.ts: mode 0600, atomic, never through a symlink). */
export async function savePlanFile(path: string, json: string, shownPath = path): Promise<void> {
  await writePrivateFile(path, json, { what: 'the plan', shownPath });
}

export async function runPlan(ctx: CommandContext): Promise<number> {
  const { options, io, logger } = ctx;
  const spec = await loadSpecFile(options.spec, io.env, io.cwd);
  // `managed`: a plan compares managed fields only, so it reads nothing else (fewest AWS calls).
  const source = await getTargetedLiveState(ctx, spec, 'managed');
  const { desired } = source;
  let plan: Plan;
  try {
    plan = planChanges(desired, source.live, {
      prunePrefixes: options.prunePrefix,
      targets: options.targets,
      // The whole spec's lint findings, whatever --target narrows the plan to: apply refuses them all.
      lint: lintDesired(spec),
      createdAt: new Date().toISOString(),
    });
  } finally {
    source.pool?.destroy();
  }
  const json = renderPlanJson(plan);
  if (options.json) io.stdout.write(json);
  else if (options.markdown) io.stdout.write(renderPlanMarkdown(plan));
  else io.stdout.write(renderPlanText(plan, { color: ctx.color, width: outputWidth(io.stdout) }));
  if (options.out !== undefined) {
    await savePlanFile(resolve(io.cwd, options.out), json, options.out);
    logger.info({ file: options.out }, 'plan saved');
  }
  const code = planExitCode(plan);
  logger.debug({ summary: plan.summary, complete: plan.complete, exitCode: code }, 'plan made');
  return code;
}
