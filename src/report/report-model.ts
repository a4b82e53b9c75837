/**
 * The nightly report: drift (the plan), backup health and lint, with one summary and one exit code.
 * Every renderer (Markdown, JSON, HTML) reads this one document. Pure.
 */
import { countFindings, type LintCounts, type LintFinding } from '../lint/index.js';
import type { DrillEvidence, DrillVerdict } from '../model/drill.js';
import type { Change, Plan, Risk } from '../model/plan.js';
import { type ServiceName, serviceOf } from '../model/resource.js';
import type { DesiredState, LiveState } from '../model/state.js';
import { lastDrills } from './health/drill-checks.js';
import { countHealth, type HealthCheck, type HealthCounts } from './health/health-check.js';

/** 0: in sync and healthy; 2: drift, warnings or unverified; 1: failures, unchecked resources or lint errors. */
export type ReportExitCode = 0 | 1 | 2;

/**
 * The verdict: `healthy` (exit 0), `attention` (exit 2), `failing` (exit 1), or `unverified` (exit 2):
 * nothing is known to be broken, but nothing proves the backups work either (the spec declares no
 * recovery scenario, or no health check could decide pass or fail). Never `healthy` without proof.
 */
export type ReportStatus = 'healthy' | 'attention' | 'failing' | 'unverified';

export interface ReportSummary {
  readonly status: ReportStatus;
  /** Changes that are not no-ops (create, update, replace, delete, blocked). */
  readonly drift: number;
  readonly highRisk: number;
  /** Drifted resources whose drift endangers recovery most (`driftSeverity` high), whatever the fix's risk. */
  readonly highSeverity: number;
  readonly unchecked: number;
  readonly health: HealthCounts;
  readonly lint: LintCounts;
  /** Why the exit code is what it is, in words (empty when healthy). */
  readonly reasons: readonly string[];
}

/** A recovery scenario as the report shows it. */
export interface ReportScenario {
  readonly name: string;
  readonly description?: string;
  readonly rpoMinutes: number;
  readonly rtoMinutes: number;
  /** The scenario's newest drill (`reconcile drill`); undefined: none on record. */
  readonly lastDrill?: {
    readonly runId: string;
    readonly finishedAt: string;
    readonly verdict: DrillVerdict;
    /** Achieved; null when the drill measured none. */
    readonly rtoMinutes: number | null;
    readonly rpoMinutes: number | null;
  };
}

/** The report document (`report-<timestamp>.json`). */
export interface DriftReport {
  readonly formatVersion: 1;
  /** ISO timestamp of the run. */
  readonly generatedAt: string;
  readonly account: string;
  readonly specFile: string;
  /** Where live state came from (AWS or a snapshot file). */
  readonly liveSource: LiveState['source'];
  readonly scenarios: readonly ReportScenario[];
  readonly plan: Plan;
  readonly health: readonly HealthCheck[];
  readonly lint: readonly LintFinding[];
  readonly summary: ReportSummary;
  readonly exitCode: ReportExitCode;
}

export interface DriftReportInput {
  readonly desired: DesiredState;
  readonly live: LiveState;
  readonly plan: Plan;
  readonly health: readonly HealthCheck[];
  readonly lint: readonly LintFinding[];
  readonly generatedAt: Date;
  /** Drill evidence on record (`.reconcile/drills/`); undefined: none. */
  readonly drills?: readonly DrillEvidence[];
}

const RISK_ORDER: Readonly<Record<Risk, number>> = { high: 0, medium: 1, low: 2 };

/** Builds the report and decides its exit code. */
export function buildDriftReport(input: DriftReportInput): DriftReport {
  const { plan, health, lint } = input;
  const drift = plan.changes.filter((c) => c.action !== 'no-op');
  const h = countHealth(health);
  const l = countFindings(lint);
  const reasons: string[] = [];
  const fails: string[] = [];
  // Named once per check, however many scenarios share it (as the summary lists them).
  if (h.fail) fails.push(`${failedChecks({ health }).length} failed health check(s)`);
  if (plan.unchecked.length) fails.push(`${plan.unchecked.length} unchecked resource(s)`);
  if (l.error) fails.push(`${l.error} lint error(s)`);
  const warns: string[] = [];
  if (drift.length) warns.push(`${drift.length} resource(s) drifted from the spec`);
  if (h.warn) warns.push(`${h.warn} health warning(s)`);
  if (l.warning) warns.push(`${l.warning} lint warning(s)`);
  // Unverified: no proof either way. No scenario means no health check at all; checks that all end
  // in `warn` (evidence missing or unreadable, offline) proved nothing.
  const unverified: string[] = [];
  if (input.desired.recovery.length === 0)
    unverified.push('unverified: the spec declares no recovery scenarios, so no backup health was checked');
  else if (h.pass + h.fail === 0)
    unverified.push(
      `unverified: no health check could run to a verdict (${health.length} check(s), none passed or failed)`,
    );
  reasons.push(...fails, ...unverified, ...warns);
  const exitCode: ReportExitCode = fails.length ? 1 : warns.length || unverified.length ? 2 : 0;
  const status: ReportStatus = fails.length
    ? 'failing'
    : unverified.length
      ? 'unverified'
      : warns.length
        ? 'attention'
        : 'healthy';
  const drills = lastDrills((input.drills ?? []).filter((d) => d.account === input.desired.account));
  return {
    formatVersion: 1,
    generatedAt: input.generatedAt.toISOString(),
    account: input.desired.account,
    specFile: input.desired.specFile,
    liveSource: input.live.source,
    scenarios: input.desired.recovery.map((s) => ({
      name: s.name,
      ...(s.description !== undefined ? { description: s.description } : {}),
      rpoMinutes: s.rpoMinutes,
      rtoMinutes: s.rtoMinutes,
      ...lastDrillOf(drills.get(s.name)?.last),
    })),
    plan,
    health,
    lint,
    summary: {
      status,
      drift: drift.length,
      highRisk: drift.filter((c) => c.risk === 'high').length,
      highSeverity: drift.filter((c) => c.driftSeverity === 'high').length,
      unchecked: plan.unchecked.length,
      health: h,
      lint: l,
      reasons,
    },
    exitCode,
  };
}

function lastDrillOf(d: DrillEvidence | undefined): Pick<ReportScenario, 'lastDrill'> {
  if (!d) return {};
  return {
    lastDrill: {
      runId: d.runId,
      finishedAt: d.finishedAt,
      verdict: d.verdict,
      rtoMinutes: d.achieved.rtoMinutes,
      rpoMinutes: d.achieved.rpoMinutes,
    },
  };
}

/** A failed health check as the summary names it: once, with every scenario it fails in. */
export interface FailedCheck {
  readonly id: string;
  readonly title: string;
  readonly scenarios: readonly string[];
}

/**
 * The failed health checks, each once (a check shared by several scenarios lists them all), in
 * report order: what the on-call reader must see first.
 */
export function failedChecks(report: Pick<DriftReport, 'health'>): FailedCheck[] {
  const byId = new Map<string, { title: string; scenarios: string[] }>();
  for (const c of report.health) {
    if (c.status !== 'fail') continue;
    const seen = byId.get(c.id);
    if (seen) {
      if (!seen.scenarios.includes(c.scenario)) seen.scenarios.push(c.scenario);
    } else byId.set(c.id, { title: c.title, scenarios: [c.scenario] });
  }
  return [...byId].map(([id, v]) => ({ id, title: v.title, scenarios: v.scenarios }));
}

/** Drifted changes of one service. */
export interface DriftGroup {
  readonly service: ServiceName;
  readonly worstRisk: Risk;
  readonly changes: readonly Change[];
}

/** Drift grouped by service: groups with high-risk changes first; inside, high risk first, then address. */
export function groupDrift(plan: Plan): DriftGroup[] {
  const groups = new Map<ServiceName, Change[]>();
  for (const c of plan.changes) {
    if (c.action === 'no-op') continue;
    const service = serviceOf(c.kind);
    const list = groups.get(service) ?? [];
    list.push(c);
    groups.set(service, list);
  }
  const out = [...groups].map(([service, changes]): DriftGroup => {
    const sorted = [...changes].sort(
      (a, b) =>
        RISK_ORDER[a.risk] - RISK_ORDER[b.risk] ||
        (a.address < b.address ? -1 : a.address > b.address ? 1 : 0),
    );
    return { service, worstRisk: (sorted[0] as Change).risk, changes: sorted };
  });
  return out.sort(
    (a, b) => RISK_ORDER[a.worstRisk] - RISK_ORDER[b.worstRisk] || (a.service < b.service ? -1 : 1),
  );
}

/** One point of the trend chart, taken from an earlier (or this) report. */
export interface TrendPoint {
  readonly generatedAt: string;
  readonly drift: number;
  readonly failedChecks: number;
}

/** The trend point of a report. */
export function trendPointOf(report: Pick<DriftReport, 'generatedAt' | 'summary'>): TrendPoint {
  return {
    generatedAt: report.generatedAt,
    drift: report.summary.drift,
    failedChecks: report.summary.health.fail,
  };
}

/**
 * Reads a trend point from the text of an earlier `report-*.json`; undefined when it is not a report
 * of this format (a foreign or damaged file is skipped, never fatal).
 */
export function parseTrendPoint(text: string): TrendPoint | undefined {
  try {
    const doc = JSON.parse(text) as Partial<DriftReport>;
    const s = doc.summary;
    if (doc.formatVersion !== 1 || typeof doc.generatedAt !== 'string' || !s) return undefined;
    if (typeof s.drift !== 'number' || typeof s.health?.fail !== 'number') return undefined;
    return { generatedAt: doc.generatedAt, drift: s.drift, failedChecks: s.health.fail };
  } catch {
    return undefined;
  }
}

/** Sorts trend points by time and keeps the last `max`. */
export function trendSeries(points: readonly TrendPoint[], max = 60): TrendPoint[] {
  const byTime = new Map(points.map((p) => [p.generatedAt, p]));
  return [...byTime.values()].sort((a, b) => (a.generatedAt < b.generatedAt ? -1 : 1)).slice(-max);
}
