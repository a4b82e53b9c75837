/**
 * Contract tests (aws-sdk-client-mock) for what moto lacks: UpdateBackupPlan and backup selections
 * (ListBackupSelections, GetBackupSelection, CreateBackupSelection, DeleteBackupSelection), plus a
 * non-empty vault delete. Response shapes follow the AWS Backup API reference.
 */
import {
  BackupClient,
  CreateBackupSelectionCommand,
  DeleteBackupSelectionCommand,
  DeleteBackupVaultCommand,
  GetBackupPlanCommand,
  GetBackupSelectionCommand,
  ListBackupPlansCommand,
  ListBackupSelectionsCommand,
  ListBackupVaultsCommand,
  ListTagsCommand,
  TagResourceCommand,
  UntagResourceCommand,
  UpdateBackupPlanCommand,
} from '@aws-sdk/client-backup';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ClientPool } from '../../../src/adapters/aws-config.js';
import {
  backupPlanAdapter,
  backupSelectionAdapter,
  backupVaultAdapter,
} from '../../../src/adapters/backup/index.js';
import { applyPlanned, deletePlanned } from '../../support/apply-step.js';
import { offlinePool, readContext, recordingWriteContext } from '../iam/support.js';
import {
  awsGetBackupPlan,
  awsRule,
  backupRule,
  desiredPlan,
  desiredSelection,
  desiredVault,
  vaultArn,
} from './builders.js';

const backup = mockClient(BackupClient);

/** An offline pool whose transient waits are recorded into `slept` (jitter off), never slept. */
function waitingPool(slept: number[]): ClientPool {
  return new ClientPool({
    ...offlinePool().options,
    transientRetry: { random: () => 1, sleep: async (ms) => void slept.push(ms) },
  });
}
afterEach(() => backup.reset());

const PLAN = 'eks-mnemonica-6h-snapshots-180d';
const RULE_6H = '6-Hour-Snapshots-180-Day-Retention-DR-Copy';
const ROLE = 'arn:aws:iam::828879644785:role/service-role/AWSBackupDefaultServiceRole';
const DB = 'arn:aws:rds:eu-west-1:828879644785:db:eks-mnemonica-prod';
const live = awsGetBackupPlan(PLAN, [
  awsRule({ RuleName: RULE_6H }),
  awsRule({
    RuleName: 'Continuous-PITR',
    EnableContinuousBackup: true,
    ScheduleExpression: 'cron(0 * ? * * *)',
    Lifecycle: { DeleteAfterDays: 35 },
  }),
]);
const planListMember = {
  BackupPlanArn: live.BackupPlanArn,
  BackupPlanId: live.BackupPlanId,
  BackupPlanName: PLAN,
  CreationDate: live.CreationDate,
  VersionId: live.VersionId,
};

function givenLivePlan(advanced = false): void {
  backup.on(ListBackupPlansCommand).resolves({ BackupPlansList: [planListMember] });
  backup.on(GetBackupPlanCommand).resolves({
    ...live,
    ...(advanced
      ? { AdvancedBackupSettings: [{ ResourceType: 'EC2', BackupOptions: { WindowsVSS: 'enabled' } }] }
      : {}),
  });
  backup.on(ListTagsCommand).resolves({ Tags: { owner: 'sre' } });
}

describe('backup.plan apply — contract (aws-sdk-client-mock)', () => {
  const drCopy = backupRule({
    name: RULE_6H,
    copyActions: [
      { destinationVaultArn: vaultArn('eu-west-3', 'Default'), lifecycle: { deleteAfterDays: 180 } },
    ],
  });

  it('GIVEN the live plan still holds the continuous rule WHEN the spec keeps only the 6-hour rule THEN one UpdateBackupPlan sends the whole desired rule set and keeps AdvancedBackupSettings', async () => {
    givenLivePlan(true);
    backup.on(UpdateBackupPlanCommand).resolves({
      BackupPlanArn: live.BackupPlanArn,
      BackupPlanId: live.BackupPlanId,
      CreationDate: new Date('2025-11-22T10:00:00Z'),
      VersionId: 'NEWVERSION',
    });
    const ctx = recordingWriteContext(offlinePool());
    const outcome = await applyPlanned(
      backupPlanAdapter,
      ctx,
      desiredPlan(PLAN, 'eu-west-1', { rules: [drCopy] }),
    );
    expect(outcome).toBe('applied');
    expect(ctx.calls.map((c) => c.operation)).toEqual(['UpdateBackupPlan']);
    expect(backup.commandCalls(UpdateBackupPlanCommand)[0]?.args[0].input).toEqual({
      BackupPlanId: live.BackupPlanId,
      BackupPlan: {
        BackupPlanName: PLAN,
        Rules: [
          {
            RuleName: RULE_6H,
            TargetBackupVaultName: 'eks-mnemonica-prod-vault',
            ScheduleExpression: 'cron(0 */6 * * ? *)',
            ScheduleExpressionTimezone: 'Etc/UTC',
            StartWindowMinutes: 480,
            CompletionWindowMinutes: 10080,
            EnableContinuousBackup: false,
            Lifecycle: { DeleteAfterDays: 180 },
            CopyActions: [
              {
                DestinationBackupVaultArn: vaultArn('eu-west-3', 'Default'),
                Lifecycle: { DeleteAfterDays: 180 },
              },
            ],
          },
        ],
        AdvancedBackupSettings: [{ ResourceType: 'EC2', BackupOptions: { WindowsVSS: 'enabled' } }],
      },
    });
  });

  it('GIVEN the live rules equal the desired ones WHEN applied THEN unchanged with zero mutating calls', async () => {
    givenLivePlan();
    const ctx = recordingWriteContext(offlinePool());
    const rules = [
      backupRule({ name: RULE_6H }),
      backupRule({
        name: 'Continuous-PITR',
        enableContinuousBackup: true,
        schedule: 'cron(0 * ? * * *)',
        lifecycle: { deleteAfterDays: 35 },
      }),
    ];
    const outcome = await applyPlanned(
      backupPlanAdapter,
      ctx,
      desiredPlan(PLAN, 'eu-west-1', { rules, tags: { owner: 'sre' } }),
    );
    expect(outcome).toBe('unchanged');
    expect(ctx.calls).toEqual([]);
  });

  it('GIVEN only the plan tags differ WHEN applied THEN TagResource/UntagResource on the plan ARN and no UpdateBackupPlan', async () => {
    givenLivePlan();
    backup.on(TagResourceCommand).resolves({});
    backup.on(UntagResourceCommand).resolves({});
    const ctx = recordingWriteContext(offlinePool());
    expect(
      await applyPlanned(
        backupPlanAdapter,
        ctx,
        desiredPlan(PLAN, 'eu-west-1', { tags: { app: 'mnemonica' } }),
      ),
    ).toBe('applied');
    expect(ctx.calls.map((c) => c.operation)).toEqual(['TagResource', 'UntagResource']);
    expect(backup.commandCalls(TagResourceCommand)[0]?.args[0].input).toEqual({
      ResourceArn: live.BackupPlanArn,
      Tags: { app: 'mnemonica' },
    });
    expect(backup.commandCalls(UntagResourceCommand)[0]?.args[0].input).toEqual({
      ResourceArn: live.BackupPlanArn,
      TagKeyList: ['owner'],
    });
  });
});

describe('backup.selection — contract (aws-sdk-client-mock)', () => {
  const selectionId = '38c3a8f1-0000-4000-8000-0000000000aa';
  beforeEach(() => {
    backup.on(ListBackupPlansCommand).resolves({ BackupPlansList: [planListMember] });
    backup.on(ListBackupSelectionsCommand).resolves({
      BackupSelectionsList: [
        {
          BackupPlanId: live.BackupPlanId,
          CreationDate: new Date('2025-11-22T10:00:00Z'),
          CreatorRequestId: 'req-2',
          IamRoleArn: ROLE,
          SelectionId: selectionId,
          SelectionName: 'rds-prod',
        },
      ],
    });
    backup.on(GetBackupSelectionCommand).resolves({
      BackupPlanId: live.BackupPlanId,
      BackupSelection: {
        SelectionName: 'rds-prod',
        IamRoleArn: ROLE,
        Resources: [DB],
        ListOfTags: [],
        NotResources: [],
        Conditions: { StringEquals: [], StringNotEquals: [], StringLike: [], StringNotLike: [] },
      },
      CreationDate: new Date('2025-11-22T10:00:00Z'),
      CreatorRequestId: 'req-2',
      SelectionId: selectionId,
    });
    backup.on(CreateBackupSelectionCommand).resolves({
      BackupPlanId: live.BackupPlanId,
      CreationDate: new Date('2026-11-25T10:00:00Z'),
      SelectionId: 'new-selection-id',
    });
    backup.on(DeleteBackupSelectionCommand).resolves({});
  });

  it('GIVEN a plan with one selection WHEN the declared selections are read THEN the existing one is present (facts: id, planId), an undeclared name absent', async () => {
    const rds = desiredSelection(PLAN, 'rds-prod', 'eu-west-1');
    const other = desiredSelection(PLAN, 'buckets', 'eu-west-1');
    const orphan = desiredSelection('no-such-plan', 'x', 'eu-west-1');
    const out = await backupSelectionAdapter.read(readContext(offlinePool()), [rds, other, orphan]);
    expect(out.get(rds.address)).toEqual({
      status: 'present',
      attrs: {
        region: 'eu-west-1',
        plan: PLAN,
        selectionName: 'rds-prod',
        iamRoleArn: ROLE,
        resources: [DB],
        notResources: [],
        tagConditions: [],
      },
      facts: { id: selectionId, planId: live.BackupPlanId },
    });
    expect(out.get(other.address)).toEqual({ status: 'absent' });
    expect(out.get(orphan.address)).toEqual({ status: 'absent' });
    expect(backup.commandCalls(ListBackupSelectionsCommand)).toHaveLength(1);
  });

  it('GIVEN an absent selection WHEN applied THEN CreateBackupSelection with the plan id, role and sorted resources', async () => {
    const ctx = recordingWriteContext(offlinePool());
    const want = desiredSelection(PLAN, 'buckets', 'eu-west-1', {
      iamRoleArn: ROLE,
      resources: ['arn:aws:s3:::mne-vault-prod', 'arn:aws:s3:::mne-media-prod'],
    });
    expect(await applyPlanned(backupSelectionAdapter, ctx, want)).toBe('applied');
    expect(ctx.calls.map((c) => c.operation)).toEqual(['CreateBackupSelection']);
    expect(backup.commandCalls(CreateBackupSelectionCommand)[0]?.args[0].input).toEqual({
      BackupPlanId: live.BackupPlanId,
      BackupSelection: {
        SelectionName: 'buckets',
        IamRoleArn: ROLE,
        Resources: ['arn:aws:s3:::mne-media-prod', 'arn:aws:s3:::mne-vault-prod'],
      },
    });
  });

  it('GIVEN a selection whose resources differ WHEN applied THEN the new one is created first, then the old one deleted (AWS has no update), keeping unmanaged fields', async () => {
    const ctx = recordingWriteContext(offlinePool());
    const other = 'arn:aws:rds:eu-west-1:828879644785:db:other';
    const want = desiredSelection(PLAN, 'rds-prod', 'eu-west-1', { resources: [DB, other] });
    expect(await applyPlanned(backupSelectionAdapter, ctx, want)).toBe('applied');
    expect(ctx.calls.map((c) => c.operation)).toEqual(['CreateBackupSelection', 'DeleteBackupSelection']);
    expect(backup.commandCalls(DeleteBackupSelectionCommand)[0]?.args[0].input).toEqual({
      BackupPlanId: live.BackupPlanId,
      SelectionId: selectionId,
    });
    expect(backup.commandCalls(CreateBackupSelectionCommand)[0]?.args[0].input.BackupSelection).toEqual({
      SelectionName: 'rds-prod',
      IamRoleArn: ROLE,
      Resources: [DB, other].sort(),
    });
  });

  it('GIVEN a changed selection whose create fails for good WHEN applied THEN the old selection is not deleted (the plan keeps selecting)', async () => {
    backup.on(CreateBackupSelectionCommand).rejects(
      Object.assign(
        new Error("Invalid backup selection. Either 'ListOfTags' or 'Resources' section must be non-empty."),
        {
          name: 'InvalidParameterValueException',
          $metadata: { httpStatusCode: 400 },
        },
      ),
    );
    const ctx = recordingWriteContext(offlinePool());
    const want = desiredSelection(PLAN, 'rds-prod', 'eu-west-1', { iamRoleArn: `${ROLE}-new` });
    await expect(applyPlanned(backupSelectionAdapter, ctx, want)).rejects.toMatchObject({
      name: 'InvalidParameterValueException',
    });
    expect(ctx.calls.map((c) => c.operation)).toEqual(['CreateBackupSelection']);
    expect(backup.commandCalls(DeleteBackupSelectionCommand)).toEqual([]);
  });

  it('GIVEN a changed selection whose old one cannot be deleted WHEN applied THEN the step fails saying both exist and how to delete the old one', async () => {
    backup.on(DeleteBackupSelectionCommand).rejects(
      Object.assign(new Error('Rate exceeded'), {
        name: 'LimitExceededException',
        $metadata: { httpStatusCode: 400 },
      }),
    );
    const ctx = recordingWriteContext(offlinePool());
    const want = desiredSelection(PLAN, 'rds-prod', 'eu-west-1', { iamRoleArn: `${ROLE}-new` });
    await expect(applyPlanned(backupSelectionAdapter, ctx, want)).rejects.toMatchObject({
      message: expect.stringMatching(
        new RegExp(
          `the new selection rds-prod was created, but deleting the old one \\(selection id ${selectionId}\\) failed: Rate exceeded\\. .*delete-backup-selection --backup-plan-id ${live.BackupPlanId} --selection-id ${selectionId} --region eu-west-1`,
        ),
      ),
    });
    expect(ctx.calls.map((c) => c.operation)).toEqual(['CreateBackupSelection', 'DeleteBackupSelection']);
  });

  it('GIVEN two selections of one name (an interrupted change) WHEN read THEN unreadable, naming both ids oldest first and how to delete the extra one', async () => {
    backup.on(ListBackupSelectionsCommand).resolves({
      BackupSelectionsList: [
        {
          BackupPlanId: live.BackupPlanId,
          CreationDate: new Date('2026-11-25T10:00:00Z'),
          IamRoleArn: ROLE,
          SelectionId: 'new-selection-id',
          SelectionName: 'rds-prod',
        },
        {
          BackupPlanId: live.BackupPlanId,
          CreationDate: new Date('2025-11-22T10:00:00Z'),
          IamRoleArn: ROLE,
          SelectionId: selectionId,
          SelectionName: 'rds-prod',
        },
      ],
    });
    const want = desiredSelection(PLAN, 'rds-prod', 'eu-west-1');
    const out = (await backupSelectionAdapter.read(readContext(offlinePool()), [want])).get(want.address);
    expect(out?.status).toBe('unreadable');
    expect(out?.status === 'unreadable' && out.reason).toContain(
      `2 selections of backup plan ${PLAN} are named rds-prod: ${selectionId} (created 2025-11-22T10:00:00.000Z), new-selection-id (created 2026-11-25T10:00:00.000Z); delete all but one`,
    );
    expect(out?.status === 'unreadable' && out.reason).toContain(
      `aws backup delete-backup-selection --backup-plan-id ${live.BackupPlanId} --selection-id ID --region eu-west-1`,
    );
  });

  it('GIVEN a selection that matches WHEN applied THEN unchanged with zero mutating calls', async () => {
    const ctx = recordingWriteContext(offlinePool());
    const want = desiredSelection(PLAN, 'rds-prod', 'eu-west-1', { iamRoleArn: ROLE, resources: [DB] });
    expect(await applyPlanned(backupSelectionAdapter, ctx, want)).toBe('unchanged');
    expect(ctx.calls).toEqual([]);
  });

  it('GIVEN a plan created moments ago that AWS Backup lists only at the third look WHEN its selection is created THEN the lookup waits (1 s, 2 s) and the selection is created', async () => {
    // The plan's read (absent: a create), then the apply's first two looks find nothing.
    backup
      .on(ListBackupPlansCommand)
      .resolvesOnce({ BackupPlansList: [] })
      .resolvesOnce({ BackupPlansList: [] })
      .resolvesOnce({ BackupPlansList: [] })
      .resolves({ BackupPlansList: [planListMember] });
    const slept: number[] = [];
    const ctx = recordingWriteContext(waitingPool(slept));
    const want = desiredSelection(PLAN, 'buckets', 'eu-west-1', { iamRoleArn: ROLE, resources: [DB] });
    expect(await applyPlanned(backupSelectionAdapter, ctx, want)).toBe('applied');
    expect(slept).toEqual([1000, 2000]);
    expect(ctx.calls.map((c) => c.operation)).toEqual(['CreateBackupSelection']);
  });

  it('GIVEN the plan does not exist WHEN a selection is applied THEN it looks for 2 minutes at most, then a clear ReconcileError and no write', async () => {
    backup.on(ListBackupPlansCommand).resolves({ BackupPlansList: [] });
    const slept: number[] = [];
    const ctx = recordingWriteContext(waitingPool(slept));
    await expect(
      applyPlanned(
        backupSelectionAdapter,
        ctx,
        desiredSelection(PLAN, 'rds-prod', 'eu-west-1', { iamRoleArn: ROLE }),
      ),
    ).rejects.toMatchObject({
      code: 'BACKUP_PLAN_MISSING',
      message: expect.stringContaining('does not exist yet'),
    });
    expect(ctx.calls).toEqual([]);
    expect(slept.reduce((a, b) => a + b, 0)).toBe(120_000);
  });

  it('GIVEN an existing selection WHEN deleted THEN DeleteBackupSelection with plan and selection ids', async () => {
    const ctx = recordingWriteContext(offlinePool());
    expect(
      await deletePlanned(backupSelectionAdapter, ctx, desiredSelection(PLAN, 'rds-prod', 'eu-west-1')),
    ).toBe('applied');
    expect(ctx.calls.map((c) => c.operation)).toEqual(['DeleteBackupSelection']);
    expect(backup.commandCalls(DeleteBackupSelectionCommand)[0]?.args[0].input).toEqual({
      BackupPlanId: live.BackupPlanId,
      SelectionId: selectionId,
    });
  });
});

describe('backup.vault delete — contract (aws-sdk-client-mock)', () => {
  it('GIVEN a vault that still holds recovery points WHEN deleted THEN it refuses with a clear error and never calls DeleteBackupVault', async () => {
    backup.on(ListBackupVaultsCommand).resolves({
      BackupVaultList: [
        {
          BackupVaultName: 'eks-mnemonica-prod-vault',
          BackupVaultArn: vaultArn('eu-west-1', 'eks-mnemonica-prod-vault'),
          NumberOfRecoveryPoints: 42,
          Locked: false,
        },
      ],
    });
    backup.on(ListTagsCommand).resolves({ Tags: {} });
    const ctx = recordingWriteContext(offlinePool());
    await expect(
      deletePlanned(backupVaultAdapter, ctx, desiredVault('eks-mnemonica-prod-vault', 'eu-west-1')),
    ).rejects.toMatchObject({
      code: 'BACKUP_VAULT_NOT_EMPTY',
      message: expect.stringContaining('42 recovery'),
    });
    expect(backup.commandCalls(DeleteBackupVaultCommand)).toEqual([]);
    expect(ctx.calls).toEqual([]);
  });
});

describe('backup.plan apply keeps rule fields the spec does not model (issue 11 item 3) — contract (aws-sdk-client-mock)', () => {
  it('GIVEN a live rule with an air-gapped vault, index actions and a copy action field not modelled WHEN the retention changes THEN UpdateBackupPlan sends them back unchanged', async () => {
    const dr = vaultArn('eu-west-3', 'Default');
    const airGapped = 'arn:aws:backup:eu-west-1:828879644785:backup-vault:air-gapped';
    const rich = awsGetBackupPlan(PLAN, [
      awsRule({
        RuleName: RULE_6H,
        Lifecycle: { DeleteAfterDays: 180 },
        TargetLogicallyAirGappedBackupVaultArn: airGapped,
        IndexActions: [{ ResourceTypes: ['EBS'] }],
        CopyActions: [
          { DestinationBackupVaultArn: dr, Lifecycle: { DeleteAfterDays: 180 }, XFutureField: 1 },
        ],
      } as never),
    ]);
    backup.on(ListBackupPlansCommand).resolves({ BackupPlansList: [planListMember] });
    backup.on(GetBackupPlanCommand).resolves(rich);
    backup.on(ListTagsCommand).resolves({ Tags: {} });
    backup.on(UpdateBackupPlanCommand).resolves({ BackupPlanId: rich.BackupPlanId });
    const ctx = recordingWriteContext(offlinePool());
    const want = backupRule({
      name: RULE_6H,
      lifecycle: { deleteAfterDays: 200 },
      copyActions: [{ destinationVaultArn: dr, lifecycle: { deleteAfterDays: 180 } }],
    });
    expect(
      await applyPlanned(backupPlanAdapter, ctx, desiredPlan(PLAN, 'eu-west-1', { rules: [want] })),
    ).toBe('applied');
    const sent = backup.commandCalls(UpdateBackupPlanCommand)[0]?.args[0].input.BackupPlan?.Rules?.[0];
    expect(sent).toMatchObject({
      Lifecycle: { DeleteAfterDays: 200 },
      TargetLogicallyAirGappedBackupVaultArn: airGapped,
      IndexActions: [{ ResourceTypes: ['EBS'] }],
      CopyActions: [{ DestinationBackupVaultArn: dr, Lifecycle: { DeleteAfterDays: 180 }, XFutureField: 1 }],
    });
    expect(sent).not.toHaveProperty('RuleId');
  });
});
