import { describe, expect, it } from 'vitest';
import { lintDesired } from '../../src/lint/index.js';
import { backupPlan, backupRule, copyAction, desiredState } from './desired-builders.js';

const findings = (state: ReturnType<typeof desiredState>, ruleId: string) =>
  lintDesired(state).filter((f) => f.ruleId === ruleId);

describe('lint rule backup-copy-without-lifecycle', () => {
  it('GIVEN a copy action to the DR vault without deleteAfterDays WHEN linted THEN a warning says copies are kept forever', () => {
    const state = desiredState([
      backupPlan('p', [backupRule({ copyActions: [copyAction('dr', 'eu-west-3', null)] })]),
    ]);
    const found = findings(state, 'backup-copy-without-lifecycle');
    expect(found).toHaveLength(1);
    expect(found[0]?.message).toContain('dr (eu-west-3) without deleteAfterDays');
    expect(found[0]?.fixHint).toContain('180');
  });

  it('GIVEN the copy action keeps copies 180 days WHEN linted THEN the rule is quiet', () => {
    const state = desiredState([
      backupPlan('p', [backupRule({ copyActions: [copyAction('dr', 'eu-west-3', 180)] })]),
    ]);
    expect(findings(state, 'backup-copy-without-lifecycle')).toEqual([]);
  });
});

describe('lint rule backup-rule-without-lifecycle', () => {
  it('GIVEN a snapshot rule without deleteAfterDays WHEN linted THEN a warning', () => {
    const state = desiredState([backupPlan('p', [backupRule({ lifecycle: {} })])]);
    expect(findings(state, 'backup-rule-without-lifecycle')[0]?.message).toContain(
      'kept, and billed, forever',
    );
  });

  it('GIVEN a rule with deleteAfterDays WHEN linted THEN the rule is quiet', () => {
    expect(
      findings(desiredState([backupPlan('p', [backupRule()])]), 'backup-rule-without-lifecycle'),
    ).toEqual([]);
  });
});

describe('lint rule backup-continuous-retention-max-35', () => {
  it('GIVEN continuous backup kept 180 days WHEN linted THEN an error (AWS keeps PITR at most 35 days)', () => {
    const state = desiredState([
      backupPlan('p', [backupRule({ enableContinuousBackup: true, lifecycle: { deleteAfterDays: 180 } })]),
    ]);
    const found = findings(state, 'backup-continuous-retention-max-35');
    expect(found.map((f) => f.severity)).toEqual(['error']);
    expect(found[0]?.message).toContain('deleteAfterDays 180');
  });

  it('GIVEN continuous backup kept 35 days WHEN linted THEN the rule is quiet', () => {
    const state = desiredState([
      backupPlan('p', [backupRule({ enableContinuousBackup: true, lifecycle: { deleteAfterDays: 35 } })]),
    ]);
    expect(findings(state, 'backup-continuous-retention-max-35')).toEqual([]);
  });
});

describe('lint rule backup-cold-storage-min-90', () => {
  it('GIVEN a copy moved to cold storage at day 30 and deleted at day 60 WHEN linted THEN an error names the copy action', () => {
    const copy = { ...copyAction(), lifecycle: { moveToColdStorageAfterDays: 30, deleteAfterDays: 60 } };
    const state = desiredState([backupPlan('p', [backupRule({ copyActions: [copy] })])]);
    const found = findings(state, 'backup-cold-storage-min-90');
    expect(found).toHaveLength(1);
    expect(found[0]?.message).toContain('copy to dr-vault (eu-west-3)');
    expect(found[0]?.message).toContain('deleteAfterDays >= 120');
  });

  it('GIVEN cold storage at day 30 and deletion at day 120 WHEN linted THEN the rule is quiet', () => {
    const state = desiredState([
      backupPlan('p', [backupRule({ lifecycle: { moveToColdStorageAfterDays: 30, deleteAfterDays: 120 } })]),
    ]);
    expect(findings(state, 'backup-cold-storage-min-90')).toEqual([]);
  });
});
