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
import { desiredFromBackup, type RestoreNote, withoutIrreversible } from '../../executor/restore.js';
import type { Change } from '../../model/plan.js';
import { planChanges } from '../../planner/index.js';
import type { CommandContext } from '../context.js';
import { applyAndVerify, pathFromCwd } from './apply.js';

/** A loaded backup directory. */
export interface LoadedBackup {
  readonly dir: string;
  readonly manifest: BackupManifest;
  readonly entries: readonly BackupEntry[];
}

/** A deletion in the preview: the address, then its whole current configuration, indented. */
function deletionLines(c: Change): string[] {
  const attrs = JSON.stringify(c.before ?? {}, null, 2).split('\n');
  return [`  - ${c.address} (${c.reason}), which now holds:`, ...attrs.map((l) => `      ${l}`)];
}

/**
 * Restores a loaded backup with the given client pool (tests pass their own). Before anything is
 * asked or written, the preview lists what is left alone, what can never be restored (settings AWS
 * does not take back, secret endpoints), and every deletion with the full configuration it removes;
 * then the same plan rendering, guardrails, confirmation and executor as apply. Returns the exit code.
 */
export async function restoreWithPool(
  ctx: CommandContext,
  backup: LoadedBackup,
  pool: ClientPool,
): Promise<number> {
  const { options } = ctx;
  const human = options.json ? ctx.io.stderr : ctx.io.stdout;
  const saved = desiredFromBackup(backup.manifest, backup.entries, {
    allowDelete: options.allowDelete ?? false,
    dir: backup.dir,
  });
  const lines = [
    `Restoring ${backup.entries.length} configuration(s) saved ${backup.manifest.createdAt} for account ${backup.manifest.account} from ${backup.dir}.`,
  ];
  const listNotes = (title: string, notes: readonly RestoreNote[]) => {
    if (notes.length === 0) return;
    lines.push(title);
    for (const n of notes) lines.push(`  ${n.address}: ${n.note}`);
  };
  if (saved.desired.resources.length === 0) {
    listNotes('Left alone (created by that apply):', saved.leftAlone);
    listNotes('Cannot be restored from this backup:', saved.cannotRestore);
    human.write(`${lines.join('\n')}\n\nNothing to restore.\n`);
    return 0;
  }
  const live = await readLive(saved.desired, pool, { logger: ctx.logger });
  const { desired, notRestorable } = withoutIrreversible(saved.desired, live);
  const plan = planChanges(desired, live, { createdAt: new Date().toISOString() });
  listNotes('Left alone (created by that apply):', saved.leftAlone);
  listNotes('Cannot be restored from this backup:', [...saved.cannotRestore, ...notRestorable]);
  const deletions = plan.changes.filter((c) => c.action === 'delete');
  if (deletions.length > 0) {
    lines.push(`Will delete (--allow-delete; created by that apply):`);
    for (const c of deletions) lines.push(...deletionLines(c));
  }
  human.write(`${lines.join('\n')}\n\n`);
  return applyAndVerify(ctx, { desired, plan, live, pool, account: live.account, verb: 'restore' });
}

/** `reconcile --restore DIR [--yes] [--allow-destructive] [--allow-delete] [--json]`. */
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
