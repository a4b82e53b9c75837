/** The pure side of recovery drills: targets, names, verdicts, evidence, estimate. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseSpec } from '../../spec/parse-spec.js';
import {
  buildDrillEvidence,
  type DrillPhaseResult,
  drillExitCode,
  drillInstanceId,
  drillInstancePattern,
  drillRunId,
  drillTargets,
  estimateDrill,
  judgePhase,
  parseDrillEvidence,
  readDrillEvidenceText,
  renderDrillJson,
  renderDrillText,
} from '../../src/model/drill.js';
import type { RecoveryScenario } from '../../src/model/state.js';

const desired = parseSpec(
  readFileSync(new URL('../../backup-spec.yaml', import.meta.url)),
  'backup-spec.yaml',
  {
    MNEMONICA_ALERTS_WEBHOOK_URL: 'https://hooks.example.com/x',
  },
);
const scenario = (name: string): RecoveryScenario => {
  const s = desired.recovery.find((x) => x.name === name);
  if (!s) throw new Error(name);
  return s;
};

function phase(overrides: Partial<DrillPhaseResult> = {}): DrillPhaseResult {
  return {
    kind: 'rds-pitr',
    resource: 'rds.instance/eu-west-1/db',
    status: 'passed',
    startedAt: '2026-12-01T10:00:00.000Z',
    finishedAt: '2026-12-01T10:20:00.000Z',
    rtoMinutes: 20,
    rpoMinutes: 3,
    detail: 'restored',
    created: [],
    ...overrides,
  };
}

describe('GIVEN the guide scenarios', () => {
  it('WHEN targets are derived THEN source buckets restore noncurrent versions, replicas their versions, vaults their newest point; plans have no phase', () => {
    expect(drillTargets(desired, scenario('deleted-file-recent')).map((t) => t.kind)).toEqual([
      'rds-pitr',
      's3-version',
      's3-version',
    ]);
    expect(drillTargets(desired, scenario('deleted-file-old')).map((t) => [t.kind, t.resource])).toEqual([
      ['backup-restore', 'backup.vault/eu-west-1/eks-mnemonica-prod-vault'],
      ['s3-replica', 's3.bucket/mne-media-replica'],
      ['s3-replica', 's3.bucket/mne-vault-replica'],
    ]);
  });

  it('WHEN the estimate is shown THEN it names each restore, the class, and the duration basis', () => {
    const s = scenario('deleted-file-recent');
    const settings = desired.drill?.scenarios[s.name];
    if (!settings) throw new Error('no settings');
    const lines = estimateDrill(s, drillTargets(desired, s), settings, undefined, 'db.t4g.micro');
    expect(lines.join('\n')).toContain('temporary db.t4g.micro instance');
    expect(lines.join('\n')).toContain('s3://mne-drill-sandbox/reconcile-drill/<run id>/');
    expect(lines.at(-1)).toBe('  Duration: no earlier drill; expect up to the RTO target (60 min).');
  });
});

describe('GIVEN temporary names', () => {
  it('WHEN a run id and instance id are made THEN they are sortable, lower-case, at most 63 characters, without a trailing hyphen', () => {
    const runId = drillRunId(new Date('2026-12-02T18:30:05.123Z'), 'BEEF99');
    expect(runId).toBe('20261202183005-beef');
    expect(drillInstanceId('eks-mnemonica-prod', runId)).toBe('eks-mnemonica-prod-drill-20261202183005-beef');
    const long = drillInstanceId(`${'a'.repeat(37)}-${'b'.repeat(20)}`, runId);
    expect(long.length).toBeLessThanOrEqual(63);
    expect(long).toBe(`${'a'.repeat(37)}-drill-${runId}`);
  });

  it('WHEN the IAM pattern of an instance is made THEN every name drillInstanceId gives for that source matches it (same truncation and case)', () => {
    const runId = drillRunId(new Date('2026-12-02T18:30:05.123Z'), 'BEEF99');
    const matches = (pattern: string, name: string) =>
      name.startsWith(pattern.slice(0, -1)) && pattern.endsWith('*');
    for (const source of [
      'eks-mnemonica-prod',
      'Orders-DB',
      `${'a'.repeat(37)}-${'b'.repeat(20)}`,
      `${'c'.repeat(36)}-x`,
    ]) {
      expect(matches(drillInstancePattern(source), drillInstanceId(source, runId))).toBe(true);
    }
    expect(drillInstancePattern('eks-mnemonica-prod')).toBe('eks-mnemonica-prod-drill-*');
    expect(drillInstancePattern('Orders-DB')).toBe('orders-db-drill-*');
  });
});

describe('GIVEN measured phases', () => {
  const targets = { rtoMinutes: 60, rpoMinutes: 1 };
  it('WHEN a restore is over the RTO or its point older than the RPO THEN the phase missed; otherwise it keeps its status', () => {
    expect(judgePhase(phase({ rtoMinutes: 61, rpoMinutes: 0 }), targets)).toBe('missed');
    expect(judgePhase(phase({ rtoMinutes: 10, rpoMinutes: 5 }), targets)).toBe('missed');
    expect(judgePhase(phase({ rtoMinutes: 10, rpoMinutes: 0.5 }), targets)).toBe('passed');
    expect(judgePhase(phase({ status: 'gap', rtoMinutes: null, rpoMinutes: null }), targets)).toBe('gap');
  });

  it('WHEN the evidence is built THEN RTO adds up, RPO is the worst, the verdict is the worst phase, and exit codes follow', () => {
    const e = buildDrillEvidence({
      runId: 'r1',
      scenario: scenario('deleted-file-recent'),
      account: '828879644785',
      startedAt: '2026-12-01T10:00:00.000Z',
      finishedAt: '2026-12-01T10:50:00.000Z',
      phases: [
        phase({ rtoMinutes: 30, rpoMinutes: 0.5 }),
        phase({ kind: 's3-version', rtoMinutes: 40, rpoMinutes: null }),
      ],
      cleanup: { removed: ['rds:eu-west-1/x-drill-r1'], leftovers: [] },
    });
    expect(e.achieved).toEqual({ rtoMinutes: 70, rpoMinutes: 0.5 });
    expect(e.verdict).toBe('missed');
    expect(e.reasons).toEqual(['the restores took 70 min together, over the RTO of 60 min']);
    expect(drillExitCode(e.verdict)).toBe(2);
    expect(drillExitCode('passed')).toBe(0);
    expect(drillExitCode('error')).toBe(1);
    expect(parseDrillEvidence(renderDrillJson(e))).toEqual(e);
    expect(renderDrillText(e)).toContain('Drill r1 of scenario deleted-file-recent: MISSED');
  });

  it('WHEN cleanup left something or nothing could run THEN the verdict is a gap with the reason', () => {
    const left = buildDrillEvidence({
      runId: 'r2',
      scenario: scenario('deleted-file-recent'),
      account: '828879644785',
      startedAt: '2026-12-01T10:00:00.000Z',
      finishedAt: '2026-12-01T10:10:00.000Z',
      phases: [phase({ rtoMinutes: 5, rpoMinutes: 0 })],
      cleanup: { removed: [], leftovers: ['rds eu-west-1/x-drill-r2'] },
    });
    expect(left.verdict).toBe('gap');
    expect(left.reasons).toEqual(['cleanup left 1 temporary resource(s): run reconcile drill --cleanup']);
    const none = buildDrillEvidence({
      runId: 'r3',
      scenario: { name: 'empty', rpoMinutes: 1, rtoMinutes: 1, resources: [] },
      account: '828879644785',
      startedAt: '2026-12-01T10:00:00.000Z',
      finishedAt: '2026-12-01T10:00:00.000Z',
      phases: [],
      cleanup: { removed: [], leftovers: [] },
    });
    expect(none.verdict).toBe('gap');
    expect(parseDrillEvidence('{"formatVersion":1,"kind":"report"}')).toBeUndefined();
    expect(parseDrillEvidence('not json')).toBeUndefined();
  });
  it('GIVEN evidence read back from disk WHEN a field the report uses is missing, mistyped or forged THEN it is a located problem, never believed (other JSON is not drill evidence)', () => {
    const e = buildDrillEvidence({
      runId: 'r4',
      scenario: scenario('deleted-file-recent'),
      account: '828879644785',
      startedAt: '2026-12-01T10:00:00.000Z',
      finishedAt: '2026-12-01T10:10:00.000Z',
      phases: [phase({ rtoMinutes: 5, rpoMinutes: 0 })],
      cleanup: { removed: [], leftovers: [] },
    });
    const good = JSON.parse(renderDrillJson(e)) as Record<string, unknown>;
    expect(readDrillEvidenceText(JSON.stringify(good))).toEqual(e);
    const broken: [Record<string, unknown>, string][] = [
      [{ ...good, achieved: null }, 'achieved'],
      [{ ...good, reasons: 'none' }, 'reasons'],
      [{ ...good, verdict: 'healthy' }, 'verdict'],
      [{ ...good, finishedAt: 'yesterday' }, 'finishedAt'],
      [{ ...good, phases: [null] }, 'phases.0'],
      [{ ...good, achieved: { rtoMinutes: -1, rpoMinutes: 0 } }, 'achieved.rtoMinutes'],
    ];
    for (const [doc, path] of broken) {
      const r = readDrillEvidenceText(JSON.stringify(doc));
      expect(r && 'problem' in r ? r.problem : r).toMatch(new RegExp(`^${path.replace('.', '\\.')}:`));
      expect(parseDrillEvidence(JSON.stringify(doc))).toBeUndefined();
    }
    expect(readDrillEvidenceText('{"formatVersion":1,"kind":"report"}')).toBeUndefined();
    expect(readDrillEvidenceText('{"kind":"drill"')).toMatchObject({
      problem: expect.stringMatching(/^not JSON/),
    });
  });
});
