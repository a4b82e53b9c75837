import { describe, expect, it } from 'vitest';
import {
  normalizeAwsRule,
  normalizePlan,
  normalizeRules,
  normalizeSelection,
  normalizeVault,
  ruleToAws,
  selectionToAws,
} from '../../../src/adapters/backup/normalize.js';
import type { BackupPlanAttrs, BackupVaultAttrs } from '../../../src/model/attrs.js';
import { differingFields } from '../../support/apply-step.js';
import { awsGetBackupPlan, awsRule, backupRule, vaultArn } from './builders.js';

describe('normalizeVault', () => {
  it('GIVEN a vault without Vault Lock WHEN normalised THEN lock is null and tags a map, so a spec saying lock: null is in sync', () => {
    const { attrs, facts } = normalizeVault(
      {
        BackupVaultName: 'v',
        BackupVaultArn: vaultArn('eu-west-1', 'v'),
        Locked: false,
        NumberOfRecoveryPoints: 3,
      },
      'eu-west-1',
      { team: 'sre' },
    );
    expect(attrs).toEqual({ region: 'eu-west-1', lock: null, tags: { team: 'sre' } });
    expect(facts).toEqual({ arn: vaultArn('eu-west-1', 'v'), numberOfRecoveryPoints: 3, locked: false });
    expect(
      differingFields<'backup.vault'>(
        'backup.vault',
        { region: 'eu-west-1', lock: null, tags: { team: 'sre' } },
        attrs,
      ),
    ).toEqual([]);
  });

  it('GIVEN a locked vault WHEN the spec also sets write-only changeableForDays THEN the comparable lock equals the live one (no perpetual lock diff)', () => {
    const { attrs, facts } = normalizeVault(
      {
        BackupVaultName: 'v',
        BackupVaultArn: vaultArn('eu-west-1', 'v'),
        Locked: true,
        MinRetentionDays: 7,
        MaxRetentionDays: 365,
        LockDate: new Date('2026-12-01T00:00:00Z'),
      },
      'eu-west-1',
      {},
    );
    expect(attrs.lock).toEqual({ minRetentionDays: 7, maxRetentionDays: 365 });
    expect(facts.lockDate).toBe('2026-12-01T00:00:00.000Z');
    const desiredLock = { minRetentionDays: 7, maxRetentionDays: 365, changeableForDays: 3 };
    const vault = (lock: NonNullable<BackupVaultAttrs['lock']>): Partial<BackupVaultAttrs> => ({
      region: 'eu-west-1',
      lock,
    });
    expect(differingFields('backup.vault', vault(desiredLock), attrs)).toEqual([]);
    expect(differingFields('backup.vault', vault({ ...desiredLock, minRetentionDays: 8 }), attrs)).toEqual([
      'lock',
    ]);
  });
});

describe('normalizeAwsRule / normalizePlan', () => {
  it('GIVEN moto/AWS fill RuleId, windows, timezone and OptInToArchive=false WHEN normalised THEN the rule equals the spec rule (no perpetual rule diff)', () => {
    const spec = backupRule({ name: '6-Hour-Snapshots-180-Day-Retention-DR-Copy' });
    expect(normalizeAwsRule(awsRule({ RuleName: '6-Hour-Snapshots-180-Day-Retention-DR-Copy' }))).toEqual(
      spec,
    );
  });

  it('GIVEN a rule stored without the defaulted fields WHEN normalised THEN AWS defaults are explicit (480, 10080, Etc/UTC, continuous off)', () => {
    const rule = normalizeAwsRule({
      RuleName: 'r',
      TargetBackupVaultName: 'v',
      ScheduleExpression: 'cron(0 5 ? * * *)',
    });
    expect(rule).toEqual({
      name: 'r',
      targetVault: 'v',
      schedule: 'cron(0 5 ? * * *)',
      scheduleTimezone: 'Etc/UTC',
      startWindowMinutes: 480,
      completionWindowMinutes: 10080,
      enableContinuousBackup: false,
      lifecycle: {},
      copyActions: [],
    });
  });

  it('GIVEN copy actions in another order and one without lifecycle WHEN normalised THEN they are sorted by vault ARN and the missing lifecycle is {} (kept forever)', () => {
    const paris = vaultArn('eu-west-3', 'dr');
    const stockholm = vaultArn('eu-north-1', 'dr');
    const rule = normalizeAwsRule(
      awsRule({
        RuleName: 'r',
        CopyActions: [
          { DestinationBackupVaultArn: paris, Lifecycle: { DeleteAfterDays: 180 } },
          { DestinationBackupVaultArn: stockholm },
        ],
      }),
    );
    expect(rule.copyActions).toEqual([
      { destinationVaultArn: stockholm, lifecycle: {} },
      { destinationVaultArn: paris, lifecycle: { deleteAfterDays: 180 } },
    ]);
  });

  it('GIVEN a plan whose rules come back in another order WHEN normalised THEN rules are sorted by name and facts carry arn, id, versionId', () => {
    const got = awsGetBackupPlan('p', [awsRule({ RuleName: 'weekly' }), awsRule({ RuleName: 'daily' })]);
    const { attrs, facts } = normalizePlan(got, 'eu-west-1', {});
    expect(attrs.rules?.map((r) => r.name)).toEqual(['daily', 'weekly']);
    expect(facts).toEqual({ arn: got.BackupPlanArn, id: got.BackupPlanId, versionId: got.VersionId });
    const spec = normalizeRules([backupRule({ name: 'weekly' }), backupRule({ name: 'daily' })]);
    const want: Partial<BackupPlanAttrs> = { region: 'eu-west-1', rules: spec, tags: {} };
    expect(differingFields('backup.plan', want, attrs)).toEqual([]);
  });

  it('GIVEN a spec rule with empty recovery point tags and optIn false WHEN normalised THEN it equals a live rule that has neither', () => {
    const spec = normalizeRules([
      backupRule({
        name: 'r',
        recoveryPointTags: {},
        lifecycle: { deleteAfterDays: 180, optInToArchiveForSupportedResources: false },
      }),
    ]);
    expect(spec).toEqual([normalizeAwsRule(awsRule({ RuleName: 'r', Lifecycle: { DeleteAfterDays: 180 } }))]);
  });

  it('GIVEN a normalised rule WHEN converted to the AWS input and read back THEN it is unchanged (round trip)', () => {
    const rule = backupRule({
      name: 'r',
      copyActions: [
        { destinationVaultArn: vaultArn('eu-west-3', 'dr'), lifecycle: { deleteAfterDays: 180 } },
      ],
      recoveryPointTags: { env: 'prod' },
    });
    expect(normalizeAwsRule(ruleToAws(rule))).toEqual(rule);
  });
});

describe('normalizeSelection', () => {
  it('GIVEN resources and tag conditions in any order WHEN normalised THEN they are sorted and round-trip through the create input', () => {
    const attrs = normalizeSelection(
      {
        SelectionName: 'rds',
        IamRoleArn: 'arn:aws:iam::828879644785:role/service-role/AWSBackupDefaultServiceRole',
        Resources: ['arn:aws:rds:eu-west-1:828879644785:db:b', 'arn:aws:rds:eu-west-1:828879644785:db:a'],
        ListOfTags: [
          { ConditionType: 'STRINGEQUALS', ConditionKey: 'team', ConditionValue: 'sre' },
          { ConditionType: 'STRINGEQUALS', ConditionKey: 'backup', ConditionValue: 'yes' },
        ],
      },
      'eu-west-1',
      'plan',
    );
    expect(attrs).toEqual({
      region: 'eu-west-1',
      plan: 'plan',
      selectionName: 'rds',
      iamRoleArn: 'arn:aws:iam::828879644785:role/service-role/AWSBackupDefaultServiceRole',
      resources: ['arn:aws:rds:eu-west-1:828879644785:db:a', 'arn:aws:rds:eu-west-1:828879644785:db:b'],
      notResources: [],
      tagConditions: [
        { key: 'backup', value: 'yes' },
        { key: 'team', value: 'sre' },
      ],
    });
    expect(normalizeSelection(selectionToAws(attrs), 'eu-west-1', 'plan')).toEqual(attrs);
  });
});
