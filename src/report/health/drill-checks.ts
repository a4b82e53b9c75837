/**
 * Drill freshness per recovery scenario (issue 16): the last drill's verdict and what it achieved,
 * and whether a passed drill is recent enough (spec `drill.maxAgeDays`). Pure: the CLI reads the
 * evidence files (`.reconcile/drills/`) and passes them in.
 */
import { type DrillEvidence, formatMinutes as formatDrillMinutes } from '../../model/drill.js';
import type { DesiredState } from '../../model/state.js';
import type { HealthCheck } from './health-check.js';

/** The newest drill of each scenario, and its newest passed one. */
export function lastDrills(
  drills: readonly DrillEvidence[],
): ReadonlyMap<string, { readonly last: DrillEvidence; readonly lastPassed?: DrillEvidence }> {
  const out = new Map<string, { last: DrillEvidence; lastPassed?: DrillEvidence }>();
  const byTime = [...drills].sort((a, b) =>
    a.finishedAt < b.finishedAt ? -1 : a.finishedAt > b.finishedAt ? 1 : 0,
  );
  for (const d of byTime) {
    const entry = out.get(d.scenario) ?? { last: d };
    entry.last = d;
    if (d.verdict === 'passed') entry.lastPassed = d;
    out.set(d.scenario, entry);
  }
  return out;
}

/** One `drill:<scenario>` check per scenario, when the spec declares a drill section; none otherwise. */
export function drillChecks(
  desired: DesiredState,
  drills: readonly DrillEvidence[],
  now: Date,
  /** Evidence files that claim to be drills but could not be read or validated (`file: problem`). */
  unreadable: readonly string[] = [],
): HealthCheck[] {
  const settings = desired.drill;
  if (!settings) return [];
  const mine = drills.filter((d) => d.account === desired.account);
  const latest = lastDrills(mine);
  return desired.recovery.map((s): HealthCheck => {
    const found = latest.get(s.name);
    const title = `A restore drill passed within ${settings.maxAgeDays} days`;
    // A broken evidence file may be this scenario's last drill: say so rather than "never drilled".
    const skipped = unreadable.map((u) => `drill evidence ignored (malformed or unreadable): ${u}`);
    if (!found)
      return {
        scenario: s.name,
        id: `drill:${s.name}`,
        title,
        status: 'warn',
        evidence: [`never drilled: run reconcile drill ${s.name}`, ...skipped],
      };
    const { last, lastPassed } = found;
    const ageDays = lastPassed ? (now.getTime() - Date.parse(lastPassed.finishedAt)) / 86_400_000 : undefined;
    const fresh = ageDays !== undefined && ageDays <= settings.maxAgeDays;
    const evidence = [
      `last drill ${last.runId} on ${last.finishedAt.slice(0, 10)}: ${last.verdict}, RTO achieved ${formatDrillMinutes(last.achieved.rtoMinutes)} (target ${formatDrillMinutes(last.targets.rtoMinutes)}), RPO achieved ${formatDrillMinutes(last.achieved.rpoMinutes)} (target ${formatDrillMinutes(last.targets.rpoMinutes)})`,
      ...last.reasons.map((r) => `- ${r}`),
      lastPassed
        ? `last passed drill ${lastPassed.finishedAt.slice(0, 10)} (${Math.floor(ageDays ?? 0)} days ago)`
        : 'no drill of this scenario has passed',
      ...skipped,
    ];
    return {
      scenario: s.name,
      id: `drill:${s.name}`,
      title,
      status:
        fresh && last.verdict !== 'missed' && last.verdict !== 'gap' && last.verdict !== 'error'
          ? 'pass'
          : 'warn',
      evidence,
    };
  });
}
