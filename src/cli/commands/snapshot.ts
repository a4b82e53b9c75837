/**
 * `reconcile --snapshot [--spec FILE] --out FILE`: reads the live state of everything the spec declares
 * (read-only calls only) and writes it as a snapshot file (JSON, mode 0600, secrets redacted) that
 * `--plan --live FILE` can use offline. Prints a one-line summary (`--json`: a versioned JSON summary);
 * unreadable resources are listed on stderr but do not fail the command (the snapshot records them as
 * unreadable).
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

/**
 * The `--snapshot --json` summary (`formatVersion` 1): where the snapshot went, how many resources per
 * status, and each unreadable one (sorted by address) with its reason.
 */
export function snapshotJson(out: string, live: LiveState): string {
  const unreadable = Object.entries(live.resources)
    .flatMap(([address, obs]) => (obs.status === 'unreadable' ? [{ address, reason: obs.reason }] : []))
    .sort((a, b) => (a.address < b.address ? -1 : a.address > b.address ? 1 : 0));
  const doc = { formatVersion: 1, out, counts: countObservations(live), unreadable };
  return `${JSON.stringify(doc, null, 2)}\n`;
}

export async function runSnapshot(ctx: CommandContext): Promise<number> {
  const { options, io } = ctx;
  if (!options.out) {
    throw new UsageError('--snapshot needs --out FILE (where to write the snapshot), e.g. --out live.json');
  }
  const fromCwd = (p: string) => (isAbsolute(p) ? p : resolve(io.cwd, p));
  const desired = await loadSpecFile(options.spec, io.env, io.cwd);
  const { live, pool } = await getLiveState(ctx, desired);
  try {
    await writeSnapshot(fromCwd(options.out), live, options.out);
  } finally {
    pool?.destroy();
  }
  const c = countObservations(live);
  const total = c.present + c.absent + c.unreadable;
  io.stdout.write(
    options.json
      ? snapshotJson(options.out, live)
      : `Wrote a snapshot of ${total} resource(s) in account ${live.account} to ${options.out}: ` +
          `${c.present} present, ${c.absent} absent, ${c.unreadable} unreadable.\n`,
  );
  for (const [address, obs] of Object.entries(live.resources)) {
    if (obs.status === 'unreadable') io.stderr.write(`unreadable: ${address}: ${obs.reason}\n`);
  }
  return 0;
}
