/** The Markdown report and the --publish-sns summary: what the on-call reader sees first. */
import { describe, expect, it } from 'vitest';
import { renderSnsSummary } from '../../src/cli/commands/report.js';
import { lintDesired } from '../../src/lint/index.js';
import { planChanges } from '../../src/planner/index.js';
import { evaluateHealth } from '../../src/report/health/index.js';
import { renderReportMarkdown } from '../../src/report/report-markdown.js';
import { buildDriftReport } from '../../src/report/report-model.js';
import { desiredState, replicated, s3Alarm, scenario } from '../lint/desired-builders.js';
import { evidence, liveState, NOW } from './health-builders.js';

/** A replication-lag alarm in ALARM that backs two scenarios, and a drifted bucket. */
function report() {
  const media = replicated('media', 'replica');
  const lag = s3Alarm('lag', 'ReplicationLatency', { SourceBucket: 'media', DestinationBucket: 'replica' });
  const desired = desiredState(
    [media, lag],
    [scenario('deleted-file', 60, [media.address]), scenario('region-failure', 360, [media.address])],
  );
  const live = liveState(desired, {
    [media.address]: { status: 'present', attrs: { ...media.attrs, versioning: 'Suspended' } },
    [lag.address]: { status: 'present', attrs: lag.attrs, facts: { stateValue: 'ALARM' } },
  });
  return buildDriftReport({
    desired,
    live,
    plan: planChanges(desired, live, { createdAt: NOW.toISOString() }),
    lint: lintDesired(desired),
    health: evaluateHealth(desired, live, evidence(), NOW),
    generatedAt: NOW,
  });
}

describe('renderReportMarkdown: the summary names what failed', () => {
  it('GIVEN failed checks shared by two scenarios WHEN rendered THEN the summary lists each once with its scenarios, before the drift', () => {
    const md = renderReportMarkdown(report());
    const summary = md.slice(0, md.indexOf('## Drift'));
    expect(summary).toContain('**Failed checks**');
    expect(summary).toContain('- ❌ Alarm lag (deleted-file, region-failure)');
    expect(summary).toContain('- ❌ Versioning of media (deleted-file, region-failure)');
    expect(summary.match(/Alarm lag/g)).toHaveLength(1);
  });
});

describe('renderSnsSummary', () => {
  it('GIVEN a check failing in two scenarios WHEN summarised for SNS THEN it is one line naming both scenarios', () => {
    const { message } = renderSnsSummary(report(), []);
    expect(message.split('\n').filter((l) => l.startsWith('FAIL '))).toEqual([
      'FAIL Alarm lag (deleted-file, region-failure)',
      'FAIL Versioning of media (deleted-file, region-failure)',
    ]);
  });
});

describe('buildDriftReport: reasons', () => {
  it('GIVEN two failed checks each shared by two scenarios WHEN summarised THEN the reason counts 2 checks, not 4', () => {
    const r = report();
    expect(r.summary.health.fail).toBe(4);
    expect(r.summary.reasons).toContain('2 failed health check(s)');
    expect(r.exitCode).toBe(1);
  });
});
