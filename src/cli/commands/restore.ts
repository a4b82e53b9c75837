/**
 * `reconcile --restore DIR`: puts back the configurations an apply saved before changing them. The
 * saved configurations become the desired state; the same planner, guardrails, confirmation,
 * executor (which saves the current configuration first, so a restore can itself be undone) and
 * re-plan as `--apply` do the rest.
 */
import { type AwsOptions, ClientPool, resolveAwsOptions } from '../../adapters/aws-config.js';
import { readLive } from '../../adapters/read-live.js';
import { UsageError } from '../../errors.js';
import { type BackupEntry, type BackupManifest, loadBackupDir } from '../../executor/backups.js';
import { desiredFromBackup } from '../../executor/restore.js';
import { planChanges } from '../../planner/index.js';
import type { CommandContext } from '../context.js';
import { applyAndVerify, pathFromCwd } from './apply.js';

/** A loaded backup directory. */
export interface LoadedBackup {
  readonly dir: string;
  readonly manifest: BackupManifest;
  readonly entries: readonly BackupEntry[];
}

/** Restores a loaded backup with the given client pool (tests pass their own). Returns the exit code. */
export async function restoreWithPool(
  ctx: CommandContext,
  backup: LoadedBackup,
  pool: ClientPool,
): Promise<number> {
  const { options } = ctx;
  const human = options.json ? ctx.io.stderr : ctx.io.stdout;
  const { desired, leftAlone, cannotRestore } = desiredFromBackup(backup.manifest, backup.entries, {
    allowDestructive: options.allowDestructive,
    dir: backup.dir,
  });
  const lines = [
    `Restoring ${backup.entries.length} configuration(s) saved ${backup.manifest.createdAt} for account ${backup.manifest.account} from ${backup.dir}.`,
  ];
  if (leftAlone.length > 0) {
    lines.push('Left alone (created by that apply):');
    for (const n of leftAlone) lines.push(`  ${n.address}: ${n.note}`);
  }
  if (cannotRestore.length > 0) {
    lines.push('Cannot be restored from this backup:');
    for (const n of cannotRestore) lines.push(`  ${n.address}: ${n.note}`);
  }
  human.write(`${lines.join('\n')}\n\n`);
  if (desired.resources.length === 0) {
    human.write('Nothing to restore.\n');
    return 0;
  }
  const live = await readLive(desired, pool, { logger: ctx.logger });
  const plan = planChanges(desired, live, { createdAt: new Date().toISOString() });
  return applyAndVerify(ctx, { desired, plan, live, pool, account: live.account, verb: 'restore' });
}

/** `reconcile --restore DIR [--yes] [--allow-destructive] [--json]`. */
export async function runRestore(ctx: CommandContext): Promise<number> {
  const { options, io } = ctx;
  if (options.target === undefined)
    throw new UsageError(
      '--restore needs the backup directory: reconcile --restore .reconcile/backups/<timestamp>',
    );
  const dir = pathFromCwd(ctx, options.target);
  const { manifest, entries } = await loadBackupDir(dir);
  const aws: AwsOptions = resolveAwsOptions(options, io.env, manifest.defaultRegion);
  const pool = new ClientPool(aws);
  try {
    return await restoreWithPool(ctx, { dir: options.target, manifest, entries }, pool);
  } finally {
    pool.destroy();
  }
}
