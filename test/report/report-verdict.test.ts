/**
 * Honest verdicts (issue 12): a report is `healthy` only with proof. A spec without recovery
 * scenarios, or one whose health checks could not run to a verdict, is `unverified` (exit 2), never
 * `healthy`; failures still win (exit 1). Pure: fixtures, no AWS.
 */
import { describe, expect, it } from 'vitest';
import { renderSnsSummary } from '../../src/cli/commands/report.js';
import { lintDesired } from '../../src/lint/index.js';
import type { DesiredState, LiveState } from '../../src/model/state.js';
import { planChanges } from '../../src/planner/index.js';
import { evaluateHealth, OFFLINE_EVIDENCE } from '../../src/report/health/index.js';
import { renderReportHtml } from '../../src/report/report-html.js';
import { renderReportMarkdown } from '../../src/report/report-markdown.js';
import { buildDriftReport } from '../../src/report/report-model.js';
import { desiredState, replicated, scenario } from '../lint/desired-builders.js';
import { evidence, liveState, NOW } from './health-builders.js';

function reportOf(desired: DesiredState, live: LiveState, ev = evidence()) {
  return buildDriftReport({
    desired,
    live,
    plan: planChanges(desired, live, { createdAt: NOW.toISOString() }),
    lint: lintDesired(desired),
    health: evaluateHealth(desired, live, ev, NOW),
    generatedAt: NOW,
  });
}

const media = replicated('media', 'replica');
const replica = replicated('replica', 'media');

function inSync(desired: DesiredState): LiveState {
  return liveState(
    desired,
    Object.fromEntries(desired.resources.map((r) => [r.address, { status: 'present', attrs: r.attrs }])),
  );
}

describe('report verdict', () => {
  it('GIVEN a spec in sync with no recovery scenarios WHEN reported THEN unverified, exit 2, and says why', () => {
    const desired = desiredState([media, replica], []);
    const r = reportOf(desired, inSync(desired));
    expect(r.summary.drift).toBe(0);
    expect(r.summary.status).toBe('unverified');
    expect(r.exitCode).toBe(2);
    expect(r.summary.reasons).toContain(
      'unverified: the spec declares no recovery scenarios, so no backup health was checked',
    );
    expect(renderReportMarkdown(r)).toContain('UNVERIFIED');
    expect(renderReportHtml(r, [])).toContain('Unverified');
    expect(renderSnsSummary(r, []).subject).toContain('UNVERIFIED (exit 2)');
  });

  it('GIVEN a scenario whose checks all end in warn (no evidence offline) WHEN reported THEN unverified, not healthy', () => {
    const desired = desiredState([media, replica], [scenario('deleted-file', 60, [])]);
    const r = reportOf(desired, inSync(desired), OFFLINE_EVIDENCE);
    expect(r.summary.health.pass + r.summary.health.fail).toBe(0);
    expect(r.summary.status).toBe('unverified');
    expect(r.exitCode).toBe(2);
    expect(r.summary.reasons.join('\n')).toContain('unverified: no health check could run to a verdict');
  });

  it('GIVEN a scenario with a passing check WHEN reported in sync THEN healthy, exit 0', () => {
    const desired = desiredState([media, replica], [scenario('deleted-file', 60, [media.address])]);
    const r = reportOf(desired, inSync(desired));
    expect(r.summary.health.pass).toBeGreaterThan(0);
    expect(r.summary.health.fail + r.summary.health.warn).toBe(0);
    expect([r.summary.status, r.exitCode]).toEqual(['healthy', 0]);
  });

  it('GIVEN no scenarios and an unchecked resource WHEN reported THEN failing wins (exit 1)', () => {
    const desired = desiredState([media, replica], []);
    const live = liveState(desired, {
      [media.address]: { status: 'unreadable', reason: 'AccessDenied', code: 'AccessDenied' },
      [replica.address]: { status: 'present', attrs: replica.attrs },
    });
    const r = reportOf(desired, live);
    expect([r.summary.status, r.exitCode]).toEqual(['failing', 1]);
    expect(r.summary.reasons).toContain(
      'unverified: the spec declares no recovery scenarios, so no backup health was checked',
    );
  });
});

describe('report drift: severity beside risk', () => {
  it('GIVEN replication removed by hand WHEN reported THEN the change reads high drift severity, low risk, and the summary counts it', () => {
    const desired = desiredState([media, replica], [scenario('deleted-file', 60, [media.address])]);
    const live = inSync(desired);
    const drifted = liveState(desired, {
      ...live.resources,
      [media.address]: { status: 'present', attrs: { ...media.attrs, replication: null } },
    });
    const r = reportOf(desired, drifted);
    expect([r.summary.highSeverity, r.summary.highRisk]).toEqual([1, 0]);
    const md = renderReportMarkdown(r);
    expect(md).toContain(`**${media.address}**: update, drift severity high, risk low.`);
    expect(md).toContain('1 drifted (1 high-severity drift, 0 high-risk fix(es))');
  });
});
