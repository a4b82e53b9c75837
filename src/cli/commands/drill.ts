/**
 * `reconcile drill SCENARIO [--yes] [--json] [--out DIR]` and `reconcile drill --cleanup` (issue 16):
 * rehearses a recovery scenario into the sandbox and temporary resources, measures the RTO and RPO
 * achieved, writes the evidence under `.reconcile/drills/` (mode 0600) and removes what it created.
 * Exit 0 passed, 2 a target missed, a gap found or an archive restore pending, 1 error.
 */
import { randomBytes } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { didYouMean } from '../../../spec/suggest.js';
import { describeFileError, InputFileError, ReconcileError, UsageError } from '../../errors.js';
import { writePrivateFile } from '../../io/private-file.js';
import {
  type DrillEvidence,
  drillExitCode,
  drillRunId,
  drillTargets,
  estimateDrill,
  renderDrillJson,
  renderDrillText,
} from '../../model/drill.js';
import type { DesiredState } from '../../model/state.js';
import type { CommandContext } from '../context.js';
import { DRILL_DIR, readDrillEvidence } from '../drill-evidence.js';
import { loadSpecFile } from '../spec-file.js';

async function writeEvidence(dir: string, shown: string, evidence: DrillEvidence): Promise<string> {
  const name = `${evidence.scenario}-${evidence.runId}.json`;
  try {
    await mkdir(dir, { recursive: true, mode: 0o700 });
  } catch (e) {
    throw new InputFileError(`cannot write the drill evidence to ${shown}: ${describeFileError(e, 'write')}`);
  }
  // Evidence names live resources: a private file, atomic, never through a symlink, never replaced.
  await writePrivateFile(join(dir, name), renderDrillJson(evidence), {
    what: 'the drill evidence',
    shownPath: join(shown, name),
    exclusive: true,
  });
  return join(shown, name);
}

function drillSettings(desired: DesiredState) {
  if (!desired.drill)
    throw new ReconcileError(
      'DRILL_NOT_CONFIGURED',
      `${desired.specFile} has no drill section: declare drill.sandbox (and optionally samples, maxAgeDays) first (spec/README.md, "drill")`,
    );
  return desired.drill;
}

async function openPool(ctx: CommandContext, desired: DesiredState) {
  const { ClientPool, resolveAwsOptions } = await import('../../adapters/aws-config.js');
  const { checkAccount } = await import('../../adapters/read-live.js');
  const pool = new ClientPool(resolveAwsOptions(ctx.options, ctx.io.env, desired.defaultRegion));
  try {
    const account = await checkAccount(pool, desired.account);
    return { pool, account };
  } catch (e) {
    pool.destroy();
    throw e;
  }
}

/** `reconcile drill --cleanup`: removes leftovers of interrupted drills by their tag. */
async function runCleanup(ctx: CommandContext, desired: DesiredState): Promise<number> {
  drillSettings(desired);
  const { cleanupDrills } = await import('../../executor/run-drill.js');
  const { pool, account } = await openPool(ctx, desired);
  try {
    const result = await cleanupDrills({ pool, account, logger: ctx.logger, desired });
    if (ctx.options.json)
      ctx.io.stdout.write(
        `${JSON.stringify({ formatVersion: 1, kind: 'drill-cleanup', ...result }, null, 2)}\n`,
      );
    else
      ctx.io.stdout.write(
        [
          `Drill cleanup: removed ${result.removed.length} leftover(s).`,
          ...result.removed.map((r) => `  - ${r}`),
          ...result.leftovers.map((r) => `  ! could not remove ${r}`),
          '',
        ].join('\n'),
      );
    return result.leftovers.length ? 1 : 0;
  } finally {
    pool.destroy();
  }
}

/** Runs `reconcile drill`. `now` is the drill's clock. */
export async function runDrillCommand(
  ctx: CommandContext,
  now: () => Date = () => new Date(),
): Promise<number> {
  const { options, io, logger } = ctx;
  const desired = await loadSpecFile(options.spec, io.env, io.cwd);
  if (options.cleanup) {
    if (options.target !== undefined)
      throw new UsageError('drill --cleanup takes no scenario: it removes the leftovers of every drill');
    return runCleanup(ctx, desired);
  }
  const names = desired.recovery.map((s) => s.name);
  if (options.target === undefined)
    throw new UsageError(
      `drill needs a scenario: reconcile drill SCENARIO (one of ${names.join(', ') || 'none: declare recovery.scenarios'}), or reconcile drill --cleanup`,
    );
  const scenario = desired.recovery.find((s) => s.name === options.target);
  if (!scenario)
    throw new UsageError(
      `unknown scenario '${options.target}'${didYouMean(options.target, names)}: use one of ${names.join(', ')}`,
    );
  const drill = drillSettings(desired);
  const settings = drill.scenarios[scenario.name] ?? { samples: { count: 3, prefix: '' } };
  const shownDir = options.out ?? DRILL_DIR;
  const dir = resolve(io.cwd, shownDir);
  const history = (await readDrillEvidence(dir)).filter((e) => e.scenario === scenario.name);
  const previous = history.at(-1);

  const human = options.json ? io.stderr : io.stdout;
  const targets = drillTargets(desired, scenario);
  human.write(`${estimateDrill(scenario, targets, settings, previous, drill.rdsInstanceClass).join('\n')}\n`);
  if (!options.yes) {
    if (!io.confirm)
      throw new ReconcileError(
        'CONFIRMATION_REQUIRED',
        'refusing to run a drill without confirmation: there is no terminal to ask on. Review what it does above, then run again with --yes.',
      );
    if (!(await io.confirm(`Run this drill in AWS account ${desired.account}?`))) {
      human.write('Drill cancelled; nothing was created.\n');
      return 1;
    }
  }

  const { runDrill } = await import('../../executor/run-drill.js');
  const { pool, account } = await openPool(ctx, desired);
  const abort = new AbortController();
  const onSigint = () => {
    logger.warn('interrupted: stopping the drill and removing what it created');
    abort.abort();
  };
  process.once('SIGINT', onSigint);
  try {
    const pollSeconds = Number(io.env.RECONCILE_DRILL_POLL_SECONDS ?? '30');
    const evidence = await runDrill({
      pool,
      account,
      logger,
      desired,
      scenario,
      settings,
      ...(drill.rdsInstanceClass ? { rdsInstanceClass: drill.rdsInstanceClass } : {}),
      runId: drillRunId(now(), randomBytes(2).toString('hex')),
      now,
      pollMs: Number.isFinite(pollSeconds) && pollSeconds >= 0 ? pollSeconds * 1000 : 30_000,
      ...(previous ? { previous } : {}),
      signal: abort.signal,
    });
    const file = await writeEvidence(dir, shownDir, evidence);
    logger.info({ file, verdict: evidence.verdict }, 'drill evidence written');
    io.stdout.write(options.json ? renderDrillJson(evidence) : renderDrillText(evidence));
    return abort.signal.aborted ? 1 : drillExitCode(evidence.verdict);
  } finally {
    process.removeListener('SIGINT', onSigint);
    pool.destroy();
  }
}
