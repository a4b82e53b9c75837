import { describe, expect, it } from 'vitest';
import { lintDesired } from '../../src/lint/index.js';
import { parseDailyWindow, parseWeeklyWindow, windowsOverlap } from '../../src/lint/rules/rds-rules.js';
import { desiredState, rdsInstance } from './desired-builders.js';

const findings = (state: ReturnType<typeof desiredState>, ruleId: string) =>
  lintDesired(state).filter((f) => f.ruleId === ruleId);
const OVERLAP = 'rds-backup-window-overlaps-maintenance';

describe('lint rule rds-backup-window-overlaps-maintenance', () => {
  it('GIVEN backup 02:00-03:00 and maintenance sun:02:30-sun:03:30 WHEN linted THEN an error', () => {
    const state = desiredState([
      rdsInstance('db', {
        preferredBackupWindow: '02:00-03:00',
        preferredMaintenanceWindow: 'sun:02:30-sun:03:30',
      }),
    ]);
    const found = findings(state, OVERLAP);
    expect(found).toHaveLength(1);
    expect(found[0]?.message).toContain('02:00-03:00 overlaps maintenance window sun:02:30-sun:03:30');
  });

  it('GIVEN a backup window across midnight and a maintenance window just after midnight WHEN linted THEN an error', () => {
    const state = desiredState([
      rdsInstance('db', {
        preferredBackupWindow: '23:30-00:30',
        preferredMaintenanceWindow: 'mon:00:15-mon:00:45',
      }),
    ]);
    expect(findings(state, OVERLAP)).toHaveLength(1);
  });

  it('GIVEN a maintenance window across the week end (sat->sun) WHEN the backup window meets it on Sunday THEN an error', () => {
    expect(windowsOverlap(parseDailyWindow('00:10-00:40')!, parseWeeklyWindow('sat:23:30-sun:00:20')!)).toBe(
      true,
    );
  });

  it('GIVEN backup 01:00-01:30 and maintenance sun:03:00-sun:04:00 WHEN linted THEN the rule is quiet', () => {
    const state = desiredState([
      rdsInstance('db', {
        preferredBackupWindow: '01:00-01:30',
        preferredMaintenanceWindow: 'sun:03:00-sun:04:00',
      }),
    ]);
    expect(findings(state, OVERLAP)).toEqual([]);
  });

  it('GIVEN only a backup window WHEN linted THEN the overlap rule is quiet (nothing to compare)', () => {
    expect(
      findings(desiredState([rdsInstance('db', { preferredBackupWindow: '02:00-03:00' })]), OVERLAP),
    ).toEqual([]);
  });
});

describe('lint rule rds-backup-window-too-short', () => {
  it('GIVEN a 20-minute backup window WHEN linted THEN an error (RDS needs 30)', () => {
    const state = desiredState([rdsInstance('db', { preferredBackupWindow: '02:00-02:20' })]);
    expect(findings(state, 'rds-backup-window-too-short')[0]?.message).toContain('lasts 20 minutes');
  });

  it('GIVEN a 30-minute window across midnight WHEN linted THEN the rule is quiet', () => {
    expect(
      findings(
        desiredState([rdsInstance('db', { preferredBackupWindow: '23:45-00:15' })]),
        'rds-backup-window-too-short',
      ),
    ).toEqual([]);
  });
});
