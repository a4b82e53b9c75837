/**
 * The strict emulator's AWS Backup restore testing (for issue 16's declared restore testing plans),
 * through the JS SDK: plan and selection CRUD with the API reference's paths and shapes, and the
 * rules of its data types (test/emulator/strict_moto/backup/restore_testing.py).
 */
import {
  type BackupClient,
  CreateRestoreTestingPlanCommand,
  type CreateRestoreTestingPlanCommandInput,
  CreateRestoreTestingSelectionCommand,
  type CreateRestoreTestingSelectionCommandInput,
  DeleteRestoreTestingPlanCommand,
  DeleteRestoreTestingSelectionCommand,
  GetRestoreTestingPlanCommand,
  GetRestoreTestingSelectionCommand,
  ListRestoreTestingPlansCommand,
  ListRestoreTestingSelectionsCommand,
  ListTagsCommand,
  UpdateRestoreTestingPlanCommand,
  UpdateRestoreTestingSelectionCommand,
} from '@aws-sdk/client-backup';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ClientPool } from '../../src/adapters/aws-config.js';
import { backupRole, refusal } from '../support/emulator-builders.js';
import { ACCOUNT, motoAwsOptions, setEmulatorConfig, useMoto } from '../support/moto.js';

useMoto();

const pool = new ClientPool(motoAwsOptions());
afterAll(() => pool.destroy());
const backup = (): BackupClient => pool.get('backup', 'eu-west-1');

const PLAN = 'nightly_drill';
let role: string;

beforeAll(async () => {
  // This file tests the emulator's rules with the SDK directly: no propagation delay unless a test
  // sets one (the harness default is AWS-like, test/support/moto-global.ts HARNESS_DELAYS).
  await setEmulatorConfig({
    iamPropagationSeconds: 0,
    s3VersioningPropagationSeconds: 0,
    rdsOutageSeconds: 0,
  });
  role = await backupRole(pool.get('iam'), 'emu-restore-testing');
});

/** A restore testing plan input: the latest snapshot of any vault within 7 days, nightly. */
function planInput(
  name: string,
  overrides: Partial<CreateRestoreTestingPlanCommandInput['RestoreTestingPlan']> = {},
): CreateRestoreTestingPlanCommandInput {
  return {
    RestoreTestingPlan: {
      RestoreTestingPlanName: name,
      ScheduleExpression: 'cron(0 1 ? * * *)',
      RecoveryPointSelection: {
        Algorithm: 'LATEST_WITHIN_WINDOW',
        IncludeVaults: ['*'],
        RecoveryPointTypes: ['SNAPSHOT'],
        SelectionWindowDays: 7,
      },
      ...overrides,
    },
  };
}

/** A selection of the plan's RDS databases. */
function selectionInput(
  name: string,
  overrides: Partial<CreateRestoreTestingSelectionCommandInput['RestoreTestingSelection']> = {},
): CreateRestoreTestingSelectionCommandInput {
  return {
    RestoreTestingPlanName: PLAN,
    RestoreTestingSelection: {
      RestoreTestingSelectionName: name,
      ProtectedResourceType: 'RDS',
      IamRoleArn: role,
      ProtectedResourceArns: [`arn:aws:rds:eu-west-1:${ACCOUNT}:db:eks-mnemonica-prod`],
      ...overrides,
    },
  };
}

describe('restore testing plans', () => {
  it('GIVEN a plan WHEN created (with tags), got and listed THEN 201 with its ARN, defaults filled (timezone, 24 h start window), tags on the ARN', async () => {
    const created = await backup().send(
      new CreateRestoreTestingPlanCommand({ ...planInput(PLAN), Tags: { team: 'sre' } }),
    );
    expect(created.$metadata.httpStatusCode).toBe(201);
    expect(created.RestoreTestingPlanArn).toMatch(
      new RegExp(`^arn:aws:backup:eu-west-1:${ACCOUNT}:restore-testing-plan:${PLAN}-`),
    );
    const got = await backup().send(new GetRestoreTestingPlanCommand({ RestoreTestingPlanName: PLAN }));
    expect(got.RestoreTestingPlan).toMatchObject({
      RestoreTestingPlanName: PLAN,
      RestoreTestingPlanArn: created.RestoreTestingPlanArn,
      ScheduleExpression: 'cron(0 1 ? * * *)',
      ScheduleExpressionTimezone: 'Etc/UTC',
      StartWindowHours: 24,
      RecoveryPointSelection: planInput(PLAN).RestoreTestingPlan?.RecoveryPointSelection,
    });
    const listed = await backup().send(new ListRestoreTestingPlansCommand({}));
    expect(listed.RestoreTestingPlans?.map((p) => p.RestoreTestingPlanName)).toEqual([PLAN]);
    const tags = await backup().send(new ListTagsCommand({ ResourceArn: created.RestoreTestingPlanArn }));
    expect(tags.Tags).toEqual({ team: 'sre' });
  });

  it('GIVEN the plan WHEN updated THEN the changed members read back with a LastUpdateTime', async () => {
    const out = await backup().send(
      new UpdateRestoreTestingPlanCommand({
        RestoreTestingPlanName: PLAN,
        RestoreTestingPlan: { StartWindowHours: 8, ScheduleExpression: 'cron(0 2 ? * * *)' },
      }),
    );
    expect(out.UpdateTime).toBeInstanceOf(Date);
    const got = await backup().send(new GetRestoreTestingPlanCommand({ RestoreTestingPlanName: PLAN }));
    expect(got.RestoreTestingPlan).toMatchObject({
      StartWindowHours: 8,
      ScheduleExpression: 'cron(0 2 ? * * *)',
    });
    expect(got.RestoreTestingPlan?.LastUpdateTime).toBeInstanceOf(Date);
  });

  it('GIVEN a name with a dash, a second plan of the same name, a 400-day window or an unknown algorithm WHEN created THEN each is refused with its error', async () => {
    const create = (input: CreateRestoreTestingPlanCommandInput) =>
      refusal(backup().send(new CreateRestoreTestingPlanCommand(input)));
    expect(await create(planInput('nightly-drill'))).toMatchObject({
      name: 'InvalidParameterValueException',
    });
    expect(await create(planInput(PLAN))).toMatchObject({ name: 'AlreadyExistsException' });
    expect(
      await create(
        planInput('too_wide', {
          RecoveryPointSelection: {
            Algorithm: 'LATEST_WITHIN_WINDOW',
            IncludeVaults: ['*'],
            SelectionWindowDays: 400,
          },
        }),
      ),
    ).toMatchObject({
      name: 'InvalidParameterValueException',
      message: 'SelectionWindowDays must be between 1 and 365, not 400',
    });
    expect(
      await create(
        planInput('odd_algorithm', {
          RecoveryPointSelection: { Algorithm: 'OLDEST' as 'LATEST_WITHIN_WINDOW', IncludeVaults: ['*'] },
        }),
      ),
    ).toMatchObject({ name: 'InvalidParameterValueException' });
  });

  it('GIVEN no schedule WHEN created THEN MissingParameterValueException', async () => {
    const input = planInput('no_schedule');
    const { ScheduleExpression: _s, ...withoutSchedule } = input.RestoreTestingPlan ?? {};
    expect(
      await refusal(
        backup().send(
          new CreateRestoreTestingPlanCommand({
            RestoreTestingPlan: withoutSchedule as CreateRestoreTestingPlanCommandInput['RestoreTestingPlan'],
          }),
        ),
      ),
    ).toMatchObject({
      name: 'MissingParameterValueException',
      message: 'Missing required parameter: RestoreTestingPlan.ScheduleExpression',
    });
  });
});

describe('restore testing selections', () => {
  it('GIVEN a selection WHEN created, got, listed and updated THEN the shapes of the API reference', async () => {
    const created = await backup().send(new CreateRestoreTestingSelectionCommand(selectionInput('rds_prod')));
    expect(created.$metadata.httpStatusCode).toBe(201);
    expect(created).toMatchObject({ RestoreTestingPlanName: PLAN, RestoreTestingSelectionName: 'rds_prod' });
    await backup().send(
      new UpdateRestoreTestingSelectionCommand({
        RestoreTestingPlanName: PLAN,
        RestoreTestingSelectionName: 'rds_prod',
        RestoreTestingSelection: {
          ValidationWindowHours: 2,
          RestoreMetadataOverrides: { DBInstanceClass: 'db.t3.micro' },
        },
      }),
    );
    const got = await backup().send(
      new GetRestoreTestingSelectionCommand({
        RestoreTestingPlanName: PLAN,
        RestoreTestingSelectionName: 'rds_prod',
      }),
    );
    expect(got.RestoreTestingSelection).toMatchObject({
      ProtectedResourceType: 'RDS',
      IamRoleArn: role,
      ProtectedResourceArns: [`arn:aws:rds:eu-west-1:${ACCOUNT}:db:eks-mnemonica-prod`],
      ValidationWindowHours: 2,
      RestoreMetadataOverrides: { DBInstanceClass: 'db.t3.micro' },
    });
    const listed = await backup().send(
      new ListRestoreTestingSelectionsCommand({ RestoreTestingPlanName: PLAN }),
    );
    expect(
      listed.RestoreTestingSelections?.map((s) => [s.RestoreTestingSelectionName, s.ProtectedResourceType]),
    ).toEqual([['rds_prod', 'RDS']]);
  });

  it('GIVEN specific ARNs with the wildcard, conditions without the wildcard, or an unknown type WHEN created THEN InvalidParameterValueException', async () => {
    const create = (name: string, o: Parameters<typeof selectionInput>[1]) =>
      refusal(backup().send(new CreateRestoreTestingSelectionCommand(selectionInput(name, o))));
    expect(
      await create('both', { ProtectedResourceArns: ['*', `arn:aws:rds:eu-west-1:${ACCOUNT}:db:x`] }),
    ).toMatchObject({
      name: 'InvalidParameterValueException',
      message: "ProtectedResourceArns takes specific ARNs or the wildcard ['*'], but not both",
    });
    expect(
      await create('conditions', {
        ProtectedResourceConditions: { StringEquals: [{ Key: 'aws:ResourceTag/env', Value: 'prod' }] },
      }),
    ).toMatchObject({ name: 'InvalidParameterValueException' });
    expect(await create('kind', { ProtectedResourceType: 'Mainframe' })).toMatchObject({
      name: 'InvalidParameterValueException',
    });
  });

  it('GIVEN a role AWS Backup cannot assume WHEN a selection is created THEN InvalidParameterValueException', async () => {
    const missing = `arn:aws:iam::${ACCOUNT}:role/emu-missing`;
    expect(
      await refusal(
        backup().send(
          new CreateRestoreTestingSelectionCommand(selectionInput('no_role', { IamRoleArn: missing })),
        ),
      ),
    ).toMatchObject({
      name: 'InvalidParameterValueException',
      message: `IAM Role ${missing} cannot be assumed by AWS Backup`,
    });
  });

  it('GIVEN a plan with a selection WHEN deleted THEN InvalidRequestException; after the selection is deleted the plan goes, and reads are ResourceNotFoundException', async () => {
    expect(
      await refusal(backup().send(new DeleteRestoreTestingPlanCommand({ RestoreTestingPlanName: PLAN }))),
    ).toMatchObject({
      name: 'InvalidRequestException',
    });
    await backup().send(
      new DeleteRestoreTestingSelectionCommand({
        RestoreTestingPlanName: PLAN,
        RestoreTestingSelectionName: 'rds_prod',
      }),
    );
    const deleted = await backup().send(
      new DeleteRestoreTestingPlanCommand({ RestoreTestingPlanName: PLAN }),
    );
    expect(deleted.$metadata.httpStatusCode).toBe(204);
    expect(
      await refusal(backup().send(new GetRestoreTestingPlanCommand({ RestoreTestingPlanName: PLAN }))),
    ).toMatchObject({
      name: 'ResourceNotFoundException',
    });
  });
});
