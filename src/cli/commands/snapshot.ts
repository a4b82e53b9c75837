/**
 * `reconcile --snapshot [--spec FILE] --out FILE`: reads the live state of everything the spec declares
 * (read-only calls only) and writes it as a snapshot file (JSON, mode 0600, secrets redacted) that
 * `--plan --live FILE` can use offline. Prints a one-line summary; unreadable resources are listed on
 * stderr but do not fail the command (the snapshot records them as unreadable).
 */
import { isAbsolute, resolve } from 'node:path';
import { writeSnapshot } from '../../adapters/snapshot.js';
import { UsageError } from '../../errors.js';
import type { LiveState } from '../../model/state.js';
import type { CommandContext } from '../context.js';
import { getLiveState } from '../live-source.js';
import { loadSpecFile } from '../spec-file.js';

/** Counts observations by status. */
export function countObservations(live: LiveState): { present: number; absent: number; unreadable: number } {
  const counts = { present: 0, absent: 0, unreadable: 0 };
  for (const obs of Object.values(live.resources)) counts[obs.status]++;
  return counts;
}

export async function runSnapshot(ctx: CommandContext): Promise<number> {
  const { options, io } = ctx;
  if (!options.out) {
    throw new UsageError('--snapshot needs --out FILE (where to write the snapshot), e.g. --out live.json');
  }
  if (options.live !== undefined) {
    throw new UsageError('--snapshot reads AWS; it cannot be combined with --live');
  }
  const fromCwd = (p: string) => (isAbsolute(p) ? p : resolve(io.cwd, p));
  const desired = await loadSpecFile(options.spec, io.env, io.cwd);
  const { live, pool } = await getLiveState(ctx, desired);
  try {
    await writeSnapshot(fromCwd(options.out), live);
  } finally {
    pool?.destroy();
  }
  const c = countObservations(live);
  const total = c.present + c.absent + c.unreadable;
  io.stdout.write(
    `Wrote a snapshot of ${total} resource(s) in account ${live.account} to ${options.out}: ` +
      `${c.present} present, ${c.absent} absent, ${c.unreadable} unreadable.\n`,
  );
  for (const [address, obs] of Object.entries(live.resources)) {
    if (obs.status === 'unreadable') io.stderr.write(`unreadable: ${address}: ${obs.reason}\n`);
  }
  return 0;
}
