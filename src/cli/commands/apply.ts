/**
 * `reconcile --apply [PLAN.json]`: plan (with a saved plan: prove it equals that fresh plan), show
 * it, check guardrails, ask (TTY) or require `--yes`, execute, then re-read AWS and re-plan: exit 0
 * only when converged.
 */
import { isAbsolute, relative, resolve } from 'node:path';
import type { ClientPool } from '../../adapters/aws-config.js';
import { readLive } from '../../adapters/read-live.js';
import { ReconcileError, UsageError } from '../../errors.js';
import type { ApplyResult } from '../../executor/apply-result.js';
import { awaitConvergence, type ConvergencePolling } from '../../executor/await-convergence.js';
import { DEFAULT_BACKUP_ROOT } from '../../executor/backups.js';
import { convergenceOf, renderApplyText } from '../../executor/convergence.js';
import { type ApplyProgress, executePlan } from '../../executor/execute-plan.js';
import { checkGuardrails, checkLint, executableChanges } from '../../executor/guardrails.js';
import {
  checkPlanCurrent,
  checkPlanMatches,
  loadSavedPlan,
  planAddresses,
} from '../../executor/saved-plan.js';
import { lintDesired } from '../../lint/index.js';
import { scenariosSamplingBucket } from '../../model/drill.js';
import type { Plan, PlanLintFinding } from '../../model/plan.js';
import type { DesiredState, LiveState } from '../../model/state.js';
import { fingerprintLive, planChanges } from '../../planner/index.js';
import { renderPlanText } from '../../report/plan-text.js';
import { type CommandContext, outputWidth } from '../context.js';
import { lockLocationOf, withLock } from '../lock.js';
import { backupMessage, ttyProgress } from '../progress.js';
import { loadSpecFile } from '../spec-file.js';
import { getTargetedLiveState } from '../targets.js';

/** A path the user gave, relative to the command's working directory. */
export function pathFromCwd(ctx: CommandContext, path: string): string {
  return isAbsolute(path) ? path : resolve(ctx.io.cwd, path);
}

/** What applyAndVerify needs. */
export interface ApplyInput {
  readonly desired: DesiredState;
  readonly plan: Plan;
  /** The live state the plan was made from: each step's adapter writes from its observation. */
  readonly live: LiveState;
  readonly pool: ClientPool;
  /** The account the credentials belong to (checked by readLive). */
  readonly account: string;
  /** `apply` or `restore`, for messages. */
  readonly verb: 'apply' | 'restore';
  /** How the convergence check polls (tests inject a sleep); default about a minute with backoff. */
  readonly convergencePolling?: ConvergencePolling;
}

/**
 * Shows the plan, enforces guardrails and confirmation, executes, re-reads and re-plans, prints the
 * outcome (text, or the ApplyResult as JSON with `--json`). Returns the exit code: 0 converged,
 * 1 otherwise (or cancelled).
 */
export async function applyAndVerify(ctx: CommandContext, input: ApplyInput): Promise<number> {
  const { options, io, logger } = ctx;
  const { desired, plan, live, pool, account, verb } = input;
  // With --json, stdout carries only the ApplyResult document; the human plan goes to stderr.
  const human = options.json ? io.stderr : io.stdout;
  human.write(renderPlanText(plan, { color: ctx.color && !options.json, width: outputWidth(human) }));

  checkGuardrails(plan, { allowDestructive: options.allowDestructive });
  const todo = executableChanges(plan);
  if (todo.length > 0 && !options.yes) {
    if (!io.confirm)
      throw new ReconcileError(
        'CONFIRMATION_REQUIRED',
        `refusing to ${verb} without confirmation: there is no terminal to ask on. Review the plan above, then run again with --yes.`,
      );
    const ok = await io.confirm(
      `Do you want to ${verb} these ${todo.length} change(s) to AWS account ${account}?`,
    );
    if (!ok) {
      human.write(`${verb === 'apply' ? 'Apply' : 'Restore'} cancelled; nothing was changed.\n`);
      return 1;
    }
  }

  // On a terminal, one line per resource as it runs; elsewhere only the Step-0 line (then the result).
  const onProgress = human.isTTY
    ? ttyProgress(human, (dir) => {
        const inCwd = relative(io.cwd, dir);
        return inCwd && !inCwd.startsWith('..') && !isAbsolute(inCwd) ? inCwd : dir;
      })
    : (event: ApplyProgress) => {
        if (event.type === 'backup') human.write(`${backupMessage(event.dir)}\n`);
      };
  const executed = await executePlan(plan, desired, live, {
    pool,
    account,
    logger,
    onProgress,
    allowDestructive: options.allowDestructive,
    ...(options.rdsApplyInMaintenanceWindow ? { rdsApplyInMaintenanceWindow: true } : {}),
    backupRoot: pathFromCwd(ctx, DEFAULT_BACKUP_ROOT),
    ...(desired.secrets ? { secrets: desired.secrets } : {}),
  });
  if (executed.backupDir)
    human.write(
      `Saved the configuration of ${executed.steps.filter((s) => s.outcome !== 'skipped').length} resource(s) before changing them: ${executed.backupDir}\n` +
        `  (undo with: reconcile --restore ${executed.backupDir})\n`,
    );

  // Converged only if a fresh read says so; when nothing ran, the plan we have is that read. AWS is
  // eventually consistent: what still differs after a successful step is read again, with backoff,
  // for a bounded time (src/executor/await-convergence.ts) before it counts as not converged.
  let convergence = convergenceOf(plan, executed);
  if (todo.length > 0) {
    let latest: LiveState | undefined;
    const replan = async (addresses?: readonly string[]): Promise<Plan> => {
      const only = addresses ? new Set(addresses) : undefined;
      const scope = only
        ? { ...desired, resources: desired.resources.filter((r) => only.has(r.address)) }
        : desired;
      const read = await readLive(scope, pool, { logger, scope: 'managed' });
      latest = latest && only ? { ...latest, resources: { ...latest.resources, ...read.resources } } : read;
      return planChanges(desired, latest, {
        prunePrefixes: options.prunePrefix,
        // The spec did not change since the plan: its findings stand (convergence needs only diffs).
        lint: plan.lint ?? [],
        createdAt: new Date().toISOString(),
      });
    };
    convergence = (await awaitConvergence(replan, executed, { logger, ...input.convergencePolling }))
      .convergence;
  }
  const result: ApplyResult = { ...executed, convergence };
  if (options.json) io.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  else io.stdout.write(renderApplyText(result));
  return result.convergence?.converged ? 0 : 1;
}

/** A saved plan as read by runApply: the document (every field) and the path as the user gave it. */
export interface SavedPlanInput {
  readonly plan: Plan;
  readonly file: string;
}

/**
 * The part of `--apply` after live state is known: plan now; with a saved plan, prove it is current
 * (account, spec, live fingerprint: StalePlanError) and equal to the fresh plan in every field but
 * `createdAt` (PlanMismatchError). Either way the FRESH plan is what applyAndVerify shows, checks
 * (guardrails) and executes: nothing in the file decides what is written (issue 12).
 */
export async function applyLive(
  ctx: CommandContext,
  desired: DesiredState,
  live: LiveState,
  pool: ClientPool,
  saved: SavedPlanInput | undefined,
  targets: readonly string[] = ctx.options.targets,
  lint: readonly PlanLintFinding[] = lintDesired(desired),
): Promise<number> {
  const { options } = ctx;
  const fresh = planChanges(desired, live, {
    prunePrefixes: options.prunePrefix,
    targets,
    // As --plan: the whole spec's lint findings (so a saved targeted plan compares equal).
    lint,
    createdAt: new Date().toISOString(),
  });
  if (saved) {
    checkPlanCurrent(saved.plan, fresh, fingerprintLive(live, planAddresses(saved.plan), desired));
    checkPlanMatches(saved.plan, fresh, saved.file);
  }
  return applyAndVerify(ctx, { desired, plan: fresh, live, pool, account: live.account, verb: 'apply' });
}

/**
 * `--lock s3://BUCKET/KEY` in a bucket a recovery drill samples (listed by a scenario, or replicating
 * into one) is refused before anything else: every run leaves a version of the lock record there (and
 * replication copies it on), and `reconcile drill` would restore and verify those records as if they
 * were the scenario's data. Like the drill sandbox, the lock belongs in a bucket no scenario lists.
 */
function checkLockBucket(ctx: CommandContext, spec: DesiredState): void {
  const location = lockLocationOf(ctx);
  if (location.kind !== 's3') return;
  const scenarios = scenariosSamplingBucket(spec, location.bucket);
  if (scenarios.length === 0) return;
  throw new UsageError(
    `--lock ${ctx.options.lock}: recovery scenario(s) ${scenarios.join(', ')} rely on the objects of bucket ${location.bucket}, ` +
      `so \`reconcile drill\` would sample the lock record's old versions as their data. ` +
      'Keep the lock in a bucket no recovery scenario lists (nor one that replicates into such a bucket)',
  );
}

/** `reconcile --apply [PLAN.json] [--spec FILE] [--yes] [--allow-destructive] [--json]`. */
export async function runApply(ctx: CommandContext): Promise<number> {
  const { options, io } = ctx;
  if (options.live !== undefined)
    throw new UsageError(
      '--apply cannot be combined with --live: a snapshot file cannot be changed. Drop --live to apply to AWS.',
    );
  const spec = await loadSpecFile(options.spec, io.env, io.cwd);
  // A spec with unsilenced lint errors is refused before anything else (no lock, no AWS call); the
  // whole spec is linted, whatever --target narrows the apply to.
  const lint = lintDesired(spec);
  checkLint(lint);
  checkLockBucket(ctx, spec);
  // A saved plan is read before AWS is asked anything: a missing or broken file is the first error.
  const saved =
    options.target !== undefined
      ? { plan: await loadSavedPlan(pathFromCwd(ctx, options.target)), file: options.target }
      : undefined;
  // A saved plan made with --target is planned again with its own patterns (the fresh plan must
  // equal it); giving other patterns with it is a mistake.
  const targets = saved ? (saved.plan.targets ?? []) : options.targets;
  if (saved && options.targets.length > 0 && options.targets.join('\n') !== targets.join('\n'))
    throw new UsageError(
      `${saved.file} was planned ${targets.length ? `with --target ${targets.join(' --target ')}` : 'without --target'}: apply it without --target (a saved plan is applied as it was made), or make a new plan with the targets you want`,
    );
  // Its --prune-prefix prefixes likewise: the deletions it holds come from them, so the fresh plan
  // reads and plans with the same ones (without them the file would only look stale).
  const prunePrefix = saved ? (saved.plan.prunePrefixes ?? []) : options.prunePrefix;
  if (saved && options.prunePrefix.length > 0 && options.prunePrefix.join('\n') !== prunePrefix.join('\n'))
    throw new UsageError(
      `${saved.file} was planned ${prunePrefix.length ? `with --prune-prefix ${prunePrefix.join(' --prune-prefix ')}` : 'without --prune-prefix'}: apply it without --prune-prefix (a saved plan is applied as it was made), or make a new plan with the prefixes you want`,
    );
  const run: CommandContext = saved ? { ...ctx, options: { ...options, prunePrefix } } : ctx;
  // One apply at a time: the lock is held from before the read (so the plan is made from live state
  // nobody else is changing) until the re-plan; a run that cannot take it reads and writes nothing.
  const command = options.target !== undefined ? `apply ${options.target}` : 'apply';
  return withLock(
    run,
    command,
    async () => {
      // Same scope as --plan, so a saved plan's live fingerprint is comparable with this read.
      const { desired, live, pool } = await getTargetedLiveState(run, spec, 'managed', targets);
      if (!pool) throw new Error('assertion: live state read from AWS comes with its client pool');
      try {
        return await applyLive(run, desired, live, pool, saved, targets, lint);
      } finally {
        pool.destroy();
      }
    },
    spec.defaultRegion,
  );
}
