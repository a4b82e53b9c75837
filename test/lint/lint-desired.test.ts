import { describe, expect, it } from 'vitest';
import { countFindings, LINT_RULES, lintDesired, renderLintText } from '../../src/lint/index.js';
import { backupPlan, backupRule, copyAction, desiredState, replicated, s3Alarm } from './desired-builders.js';

const LAG_DIMS = { SourceBucket: 'media', DestinationBucket: 'replica', RuleId: 'replica' };

describe('lintDesired', () => {
  it('GIVEN rule ids WHEN listed THEN they are unique, stable kebab-case and each has a title', () => {
    const ids = LINT_RULES.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const r of LINT_RULES) {
      expect(r.id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)+$/);
      expect(r.title.length).toBeGreaterThan(10);
    }
  });

  it('GIVEN a resource silences a rule with a written reason WHEN linted THEN the finding is kept, marked with the reason, and not counted', () => {
    const state = desiredState([
      replicated('media', 'replica'),
      s3Alarm(
        'lag',
        'ReplicationLatency',
        LAG_DIMS,
        { threshold: 86400 },
        {
          lintSilenced: { 's3-replication-latency-units': 'we only care after a day' },
        },
      ),
    ]);
    const [f] = lintDesired(state);
    expect(f).toMatchObject({
      ruleId: 's3-replication-latency-units',
      silencedReason: 'we only care after a day',
    });
    expect(countFindings(lintDesired(state))).toEqual({ error: 0, warning: 0, info: 0, silenced: 1 });
    expect(renderLintText(lintDesired(state))).toContain(
      'silenced s3-replication-latency-units cloudwatch.alarm/eu-west-1/lag: we only care after a day',
    );
  });

  it('GIVEN a silence naming a rule that does not exist WHEN linted THEN a warning says it silences nothing', () => {
    const state = desiredState([
      replicated('media', 'replica', {}, {}, { lintSilenced: { 'no-such-rule': 'typo' } }),
    ]);
    expect(lintDesired(state)).toEqual([
      expect.objectContaining({
        ruleId: 'lint-unknown-rule',
        severity: 'warning',
        address: 's3.bucket/media',
      }),
    ]);
  });

  it('GIVEN a silence naming a misspelt rule id WHEN linted THEN the warning suggests the rule it meant', () => {
    const state = desiredState([
      replicated(
        'media',
        'replica',
        {},
        {},
        { lintSilenced: { 's3-storage-class-min-duraton': 'tiny objects' } },
      ),
    ]);
    expect(lintDesired(state).map((f) => f.message)).toEqual([
      'silences lint rule \'s3-storage-class-min-duraton\', which does not exist, so it silences nothing (did you mean "s3-storage-class-min-duration"?)',
    ]);
  });

  it('GIVEN findings on several resources WHEN linted THEN they are sorted by address, errors first, and carry the source location', () => {
    const source = { file: 'backup-spec.yaml', line: 12, column: 3 };
    const state = desiredState([
      backupPlan(
        'p',
        [backupRule({ lifecycle: {}, copyActions: [copyAction('dr', 'eu-west-3', null)] })],
        {},
        { source },
      ),
      replicated('media', 'replica'),
      s3Alarm('lag', 'ReplicationLatency', LAG_DIMS, { threshold: 900000 }),
    ]);
    const found = lintDesired(state);
    expect(found.map((f) => [f.address, f.ruleId])).toEqual([
      ['backup.plan/eu-west-1/p', 'backup-copy-without-lifecycle'],
      ['backup.plan/eu-west-1/p', 'backup-rule-without-lifecycle'],
      ['cloudwatch.alarm/eu-west-1/lag', 's3-replication-latency-units'],
    ]);
    expect(found[0]?.source).toEqual(source);
    const text = renderLintText(found);
    expect(text).toContain(
      'warning backup-copy-without-lifecycle backup.plan/eu-west-1/p (backup-spec.yaml:12:3)',
    );
    expect(text).toContain('lint: 1 error(s), 2 warning(s), 0 info, 0 silenced');
  });

  it('GIVEN a clean desired state WHEN linted THEN there are no findings', () => {
    expect(lintDesired(desiredState([replicated('media', 'replica')]))).toEqual([]);
  });
});
