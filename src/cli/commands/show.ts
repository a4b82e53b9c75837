/**
 * `reconcile show PLAN.json [--json | --markdown]`: renders a plan saved by `reconcile plan --out FILE`
 * with the same renderers `plan` uses (text by default, coloured on a TTY). Reads only that file: no
 * spec, no AWS, no credentials. Exit 0 when the file is a saved plan (its changes are not an error
 * here: `show` reports, `plan` decides); 1 when it cannot be read or is not a saved plan.
 */
import { loadSavedPlan } from '../../executor/saved-plan.js';
import { renderPlanJson } from '../../report/plan-json.js';
import { renderPlanMarkdown } from '../../report/plan-markdown.js';
import { renderPlanText } from '../../report/plan-text.js';
import { type CommandContext, outputWidth } from '../context.js';
import { pathFromCwd } from '../paths.js';

export async function runShow(ctx: CommandContext): Promise<number> {
  const { options, io } = ctx;
  const file = options.target;
  if (file === undefined) throw new Error('assertion: args.ts requires the argument of show');
  // The one loader of saved plans (apply uses it too); issue 12's schema will replace its checks.
  const plan = await loadSavedPlan(pathFromCwd(io.cwd, file));
  if (options.json) io.stdout.write(renderPlanJson(plan));
  else if (options.markdown) io.stdout.write(renderPlanMarkdown(plan));
  else io.stdout.write(renderPlanText(plan, { color: ctx.color, width: outputWidth(io.stdout) }));
  return 0;
}
