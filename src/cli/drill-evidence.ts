/** Drill evidence on disk (`.reconcile/drills/*.json`): read by `drill` (the previous run) and `report`. */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type DrillEvidence, readDrillEvidenceText } from '../model/drill.js';

/** Where evidence goes by default, relative to the working directory. */
export const DRILL_DIR = '.reconcile/drills';

/**
 * Every drill evidence document in `dir`, oldest first. Other JSON files are skipped; a file that claims
 * to be drill evidence but is malformed (or unreadable) is skipped and reported to `onSkip`, so the
 * report can say so instead of quietly counting the drill as never run.
 */
export async function readDrillEvidence(
  dir: string,
  onSkip?: (file: string, problem: string) => void,
): Promise<DrillEvidence[]> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return [];
  }
  const out: DrillEvidence[] = [];
  for (const name of names.filter((n) => n.endsWith('.json'))) {
    const file = join(dir, name);
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (e) {
      onSkip?.(file, (e as Error).message);
      continue;
    }
    const r = readDrillEvidenceText(text);
    if (r === undefined) continue;
    if ('problem' in r) onSkip?.(file, r.problem);
    else out.push(r);
  }
  return out.sort((a, b) => (a.startedAt < b.startedAt ? -1 : a.startedAt > b.startedAt ? 1 : 0));
}
