/**
 * Golden reports (Markdown and JSON) for fixture scenarios, with a fixed clock. Regenerate with
 * UPDATE_GOLDEN=1 and review the diff.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadSnapshot } from '../../src/adapters/snapshot.js';
import { alignWithDesired } from '../../src/cli/live-source.js';
import { loadSpecFile } from '../../src/cli/spec-file.js';
import { lintDesired } from '../../src/lint/index.js';
import { buildDrillEvidence, type DrillEvidence, type DrillPhaseResult } from '../../src/model/drill.js';
import type { DesiredState, LiveState } from '../../src/model/state.js';
import { planChanges } from '../../src/planner/index.js';
import {
  drillChecks,
  type Evidence,
  evaluateHealth,
  OFFLINE_EVIDENCE,
} from '../../src/report/health/index.js';
import { renderReportHtml } from '../../src/report/report-html.js';
import { renderReportJson } from '../../src/report/report-json.js';
import { renderReportMarkdown } from '../../src/report/report-markdown.js';
import { buildDriftReport, type DriftReport } from '../../src/report/report-model.js';
import {
  backupPlan,
  backupRule,
  backupSelection,
  copyAction,
  desiredState,
  rdsArn,
  rdsInstance,
  scenario,
} from '../lint/desired-builders.js';
import { ago, evidence, job, liveState, NOW, point } from './health-builders.js';

const ROOT = new URL('../..', import.meta.url).pathname;
const UPDATE = process.env.UPDATE_GOLDEN === '1';

/** As `reconcile report` makes it: health checks, then the drill checks of the evidence on record. */
function report(
  desired: DesiredState,
  live: LiveState,
  ev: Evidence,
  drills: readonly DrillEvidence[] = [],
): DriftReport {
  const plan = planChanges(desired, live, { createdAt: NOW.toISOString() });
  return buildDriftReport({
    desired,
    live,
    plan,
    lint: lintDesired(desired),
    health: [...evaluateHealth(desired, live, ev, NOW), ...drillChecks(desired, drills, NOW)],
    generatedAt: NOW,
    drills,
  });
}

function expectGolden(name: string, r: DriftReport): void {
  const bodies = { md: renderReportMarkdown(r), json: renderReportJson(r) };
  for (const [ext, body] of Object.entries(bodies)) {
    const file = join(ROOT, 'fixtures/reports', name, `report.${ext}`);
    if (UPDATE) {
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, body);
    }
    expect(body, `${file} (UPDATE_GOLDEN=1 to regenerate)`).toBe(readFileSync(file, 'utf8'));
  }
}

describe('golden reports', () => {
  it("GIVEN our backup-spec.yaml against the guide's starting infrastructure (offline) WHEN reported THEN drift, offline warnings and exit 2/1 match the golden files", async () => {
    const desired = await loadSpecFile('backup-spec.yaml', {}, ROOT);
    const live = alignWithDesired(
      await loadSnapshot(join(ROOT, 'fixtures/guide-before/live.json')),
      desired,
      'fixtures/guide-before/live.json',
    );
    const r = report(desired, live, OFFLINE_EVIDENCE);
    expect(r.summary.drift).toBeGreaterThan(0);
    expect(r.health.filter((h) => h.id.startsWith('recovery-point:')).every((h) => h.status === 'warn')).toBe(
      true,
    );
    expectGolden('guide-before', r);
  });

  it('GIVEN the guide as written, deployed exactly as written WHEN reported THEN no drift but lint errors (its two lag alarms in the source region among them) fail the report', async () => {
    const desired = await loadSpecFile('fixtures/guide-as-written/backup-spec.yaml', {}, ROOT);
    const r = report(desired, liveState(desired), OFFLINE_EVIDENCE);
    expect(r.summary.lint.error).toBe(8);
    expect(r.exitCode).toBe(1);
    expectGolden('guide-as-written', r);
  });

  it('GIVEN a small setup in sync with fresh backups and copies WHEN reported THEN healthy, exit 0', () => {
    const arn = rdsArn('db');
    const db = rdsInstance('db');
    const plan = backupPlan('six-hourly', [
      backupRule({ copyActions: [copyAction('dr-vault', 'eu-west-3', 180)] }),
    ]);
    const sel = backupSelection('six-hourly', 'rds', [arn]);
    const desired = desiredState(
      [db, plan, sel],
      [scenario('deleted-row', 1, [db.address]), scenario('region-failure', 360, [plan.address])],
    );
    const live = liveState(desired, {
      [db.address]: { status: 'present', attrs: db.attrs, facts: { arn, latestRestorableTime: ago(3) } },
    });
    const ev = evidence({
      backupJobs: [
        { resourceArn: arn, region: 'eu-west-1', jobs: { status: 'ok', items: [job('COMPLETED', 130)] } },
      ],
      recoveryPoints: [
        {
          vaultName: 'primary-vault',
          region: 'eu-west-1',
          role: 'primary',
          since: ago(50400),
          points: { status: 'ok', items: [point('p', 'eu-west-1', 130, arn)] },
        },
        {
          vaultName: 'dr-vault',
          region: 'eu-west-3',
          role: 'copy',
          since: ago(50400),
          points: { status: 'ok', items: [point('d', 'eu-west-3', 100, arn)] },
        },
      ],
    });
    const r = report(desired, live, ev);
    expect(r.exitCode).toBe(0);
    expect(r.summary.status).toBe('healthy');
    expectGolden('healthy-small', r);
  });

  it('GIVEN drill evidence on record WHEN reported THEN each scenario shows its last drill, a fresh passed drill passes, a stale one and a missed target warn', () => {
    const arn = rdsArn('db');
    const db = rdsInstance('db');
    const plan = backupPlan('six-hourly', [
      backupRule({ copyActions: [copyAction('dr-vault', 'eu-west-3', 180)] }),
    ]);
    const sel = backupSelection('six-hourly', 'rds', [arn]);
    const deletedRow = scenario('deleted-row', 1, [db.address]);
    const regionFailure = scenario('region-failure', 360, [plan.address]);
    const base = desiredState([db, plan, sel], [deletedRow, regionFailure]);
    const desired: DesiredState = {
      ...base,
      drill: {
        maxAgeDays: 30,
        scenarios: {
          'deleted-row': { samples: { count: 3, prefix: '' } },
          'region-failure': { samples: { count: 3, prefix: '' } },
        },
      },
    };
    const live = liveState(desired, {
      [db.address]: { status: 'present', attrs: db.attrs, facts: { arn, latestRestorableTime: ago(3) } },
    });
    const at = (minutesAgo: number) => ago(minutesAgo);
    const rdsPhase = (rto: number, rpo: number, startMinutesAgo: number): DrillPhaseResult => ({
      kind: 'rds-pitr',
      resource: db.address,
      status: 'passed',
      startedAt: at(startMinutesAgo),
      finishedAt: at(startMinutesAgo - rto),
      rtoMinutes: rto,
      rpoMinutes: rpo,
      detail: 'restored to the latest restorable time as db-drill-x (db.t4g.micro, not public), available',
      created: ['rds:eu-west-1/db-drill-x'],
    });
    const drill = (runId: string, sc: typeof deletedRow, phase: DrillPhaseResult) =>
      buildDrillEvidence({
        runId,
        scenario: sc,
        account: desired.account,
        startedAt: phase.startedAt,
        finishedAt: phase.finishedAt,
        phases: [
          {
            ...phase,
            status: phase.rpoMinutes !== null && phase.rpoMinutes > sc.rpoMinutes ? 'missed' : 'passed',
          },
        ],
        cleanup: { removed: phase.created, leftovers: [] },
      });
    const drills = [
      drill('20260226120000-aaaa', deletedRow, rdsPhase(25, 0.5, 3 * 1440)),
      drill('20260117120000-bbbb', regionFailure, rdsPhase(40, 200, 43 * 1440)),
      drill('20260227120000-cccc', regionFailure, rdsPhase(45, 600, 2 * 1440)),
    ];
    const r = report(desired, live, OFFLINE_EVIDENCE, drills);
    const checks = r.health.filter((h) => h.id.startsWith('drill:'));
    expect(checks.map((c) => [c.id, c.status])).toEqual([
      ['drill:deleted-row', 'pass'],
      ['drill:region-failure', 'warn'],
    ]);
    expect(r.scenarios.map((s) => [s.name, s.lastDrill?.runId, s.lastDrill?.verdict])).toEqual([
      ['deleted-row', '20260226120000-aaaa', 'passed'],
      ['region-failure', '20260227120000-cccc', 'missed'],
    ]);
    expectGolden('drilled', r);
    const html = renderReportHtml(r, []);
    expect(html).toContain('(last drill 2026-02-27: missed, RTO achieved 45 min, RPO achieved 10 h)');
    expect(html).not.toContain('not measured: only a restore drill proves it');
    // A malformed evidence file is named in every drill check, never silently taken for "never drilled".
    const broken = ['.reconcile/drills/region-failure-x.json: achieved: expected object, received null'];
    const named = drillChecks(desired, drills.slice(0, 1), NOW, broken);
    expect(named.map((c) => [c.id, c.status, c.evidence.at(-1)])).toEqual([
      ['drill:deleted-row', 'pass', `drill evidence ignored (malformed or unreadable): ${broken[0]}`],
      ['drill:region-failure', 'warn', `drill evidence ignored (malformed or unreadable): ${broken[0]}`],
    ]);
    expect(named[1]?.evidence[0]).toBe('never drilled: run reconcile drill region-failure');
  });
});
