/** Builders for AWS Backup adapter tests: declared resources, normalised rules, AWS-shaped responses. */
import type { BackupRule as AwsBackupRule, GetBackupPlanOutput } from '@aws-sdk/client-backup';
import { vaultArn as arnOfVault } from '../../../src/model/arn.js';
import type {
  BackupPlanAttrs,
  BackupRule,
  BackupSelectionAttrs,
  BackupVaultAttrs,
} from '../../../src/model/attrs.js';
import type { DesiredResource } from '../../../src/model/state.js';
import { ACCOUNT, backupRule as baseBackupRule, desiredResource } from '../../support/builders/index.js';

export { ACCOUNT };

/** A vault ARN as AWS builds it. */
export function vaultArn(region: string, name: string): string {
  return arnOfVault(ACCOUNT, region, name);
}

/** A declared vault; only the given attrs (plus region) are managed. */
export function desiredVault(
  name: string,
  region: string,
  attrs: Partial<BackupVaultAttrs> = {},
): DesiredResource<'backup.vault'> {
  return desiredResource('backup.vault', name, region, { region, ...attrs });
}

/** A normalised rule with AWS defaults explicit (what the spec loader produces). */
export function backupRule(overrides: Partial<BackupRule> & { name: string }): BackupRule {
  return baseBackupRule({ targetVault: 'eks-mnemonica-prod-vault', ...overrides });
}

/** A declared plan; only the given attrs (plus region) are managed. */
export function desiredPlan(
  name: string,
  region: string,
  attrs: Partial<BackupPlanAttrs> = {},
): DesiredResource<'backup.plan'> {
  return desiredResource('backup.plan', name, region, { region, ...attrs });
}

/** A declared selection `<plan>/<selection>`. */
export function desiredSelection(
  plan: string,
  selection: string,
  region: string,
  attrs: Partial<BackupSelectionAttrs> = {},
): DesiredResource<'backup.selection'> {
  const name = `${plan}/${selection}`;
  return desiredResource('backup.selection', name, region, {
    region,
    plan,
    selectionName: selection,
    ...attrs,
  });
}

/** A rule as GetBackupPlan returns it (AWS API reference shape, server-filled fields included). */
export function awsRule(overrides: Partial<AwsBackupRule> & { RuleName: string }): AwsBackupRule {
  return {
    RuleId: 'b1f8d2b4-0c35-4f8e-9a57-5ef0c0f2a111',
    TargetBackupVaultName: 'eks-mnemonica-prod-vault',
    ScheduleExpression: 'cron(0 */6 * * ? *)',
    ScheduleExpressionTimezone: 'Etc/UTC',
    StartWindowMinutes: 480,
    CompletionWindowMinutes: 10080,
    EnableContinuousBackup: false,
    Lifecycle: { DeleteAfterDays: 180, OptInToArchiveForSupportedResources: false },
    ...overrides,
  };
}

/** A GetBackupPlan response (AWS API reference shape). */
export function awsGetBackupPlan(
  name: string,
  rules: AwsBackupRule[],
  region = 'eu-west-1',
): GetBackupPlanOutput {
  return {
    BackupPlan: { BackupPlanName: name, Rules: rules },
    BackupPlanArn: `arn:aws:backup:${region}:${ACCOUNT}:backup-plan:16cae9bf-0000-4000-8000-000000000001`,
    BackupPlanId: '16cae9bf-0000-4000-8000-000000000001',
    CreationDate: new Date('2025-11-22T10:00:00Z'),
    CreatorRequestId: 'req-1',
    VersionId: 'ZmIyNDEzNDAtYmM0NS00MjM4LWE1ZTEtODJhNzk0NzQzNTE1',
  };
}
