/**
 * `reconcile unlock [--lock PATH|s3://BUCKET/KEY] [--json]`: removes the apply lock a run left
 * behind (a crashed machine, a killed container) and says whose it was. Exit 0 when no lock is left.
 */
import { describeHolder } from '../../model/lock.js';
import type { CommandContext } from '../context.js';
import { unlock } from '../lock.js';

export async function runUnlock(ctx: CommandContext): Promise<number> {
  const outcome = await unlock(ctx);
  if (ctx.options.json) {
    ctx.io.stdout.write(`${JSON.stringify({ formatVersion: 1, ...outcome }, null, 2)}\n`);
    return 0;
  }
  const line = !outcome.removed
    ? `No lock at ${outcome.location}: nothing to remove.`
    : outcome.holder
      ? `Removed the lock ${outcome.location}, held by ${describeHolder(outcome.holder)}.`
      : `Removed ${outcome.location}, which held no reconcile lock record.`;
  ctx.io.stdout.write(`${line}\n`);
  return 0;
}
