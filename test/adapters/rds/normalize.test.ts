import { describe, expect, it } from 'vitest';
import { normalizeDbInstance } from '../../../src/adapters/rds/normalize.js';
import { awsDbInstance } from './builders.js';

describe('normalizeDbInstance', () => {
  it('GIVEN a described instance WHEN normalised THEN the backup attrs and read-only info are filled and facts carry arn, status and an ISO restorable time', () => {
    expect(normalizeDbInstance(awsDbInstance(), 'eu-west-1')).toEqual({
      attrs: {
        region: 'eu-west-1',
        backupRetentionPeriod: 35,
        preferredBackupWindow: '02:00-02:30',
        copyTagsToSnapshot: true,
        preferredMaintenanceWindow: 'sun:04:00-sun:04:30',
        engine: 'postgres',
        engineVersion: '16.8',
      },
      facts: {
        arn: 'arn:aws:rds:eu-west-1:828879644785:db:eks-mnemonica-prod',
        dbInstanceStatus: 'available',
        latestRestorableTime: '2026-11-25T10:15:00.000Z',
      },
    });
  });

  it('GIVEN AWS returns a mixed-case maintenance window WHEN normalised THEN it is lower-case, so a spec writing "sun:" shows no diff', () => {
    const { attrs } = normalizeDbInstance(
      awsDbInstance({ PreferredMaintenanceWindow: 'Sun:04:00-Sun:04:30' }),
      'eu-west-1',
    );
    expect(attrs.preferredMaintenanceWindow).toBe('sun:04:00-sun:04:30');
  });

  it('GIVEN automated backups are off and no restorable time exists WHEN normalised THEN retention is 0 and the fact is omitted (not a fake timestamp)', () => {
    const { attrs, facts } = normalizeDbInstance(
      awsDbInstance({
        BackupRetentionPeriod: 0,
        LatestRestorableTime: undefined,
        CopyTagsToSnapshot: undefined,
      }),
      'eu-west-3',
    );
    expect(attrs.backupRetentionPeriod).toBe(0);
    expect(attrs.copyTagsToSnapshot).toBe(false);
    expect(attrs.region).toBe('eu-west-3');
    expect(facts).not.toHaveProperty('latestRestorableTime');
  });
});
