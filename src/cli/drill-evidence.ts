/** Drill evidence on disk (`.reconcile/drills/*.json`): read by `drill` (the previous run) and `report`. */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type DrillEvidence, parseDrillEvidence } from '../model/drill.js';

/** Where evidence goes by default, relative to the working directory. */
export const DRILL_DIR = '.reconcile/drills';

/** Every drill evidence document in `dir`, oldest first (unreadable or foreign files skipped). */
export async function readDrillEvidence(dir: string): Promise<DrillEvidence[]> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return [];
  }
  const out: DrillEvidence[] = [];
  for (const name of names.filter((n) => n.endsWith('.json'))) {
    try {
      const e = parseDrillEvidence(await readFile(join(dir, name), 'utf8'));
      if (e) out.push(e);
    } catch {
      // not ours, or unreadable: a drill never fails on an old file
    }
  }
  return out.sort((a, b) => (a.startedAt < b.startedAt ? -1 : a.startedAt > b.startedAt ? 1 : 0));
}
