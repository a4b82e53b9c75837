/**
 * The acceptance test of the executor (issue 11): the repository's backup-spec.yaml applied onto the
 * guide's starting infrastructure (seedGuideBefore) in the strict emulator, which holds everything the
 * spec declares (AWS Backup selections and UpdateBackupPlan included) and refuses what AWS refuses
 * (replication metrics without RTC, lifecycle order, ...). The apply converges: every declared
 * resource exists and a re-plan is empty, as `reconcile --apply` then `--plan` exiting 0.
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  DeleteBackupSelectionCommand,
  ListBackupPlansCommand,
  ListBackupSelectionsCommand,
} from '@aws-sdk/client-backup';
import { GetRoleCommand, UpdateAssumeRolePolicyCommand } from '@aws-sdk/client-iam';
import {
  DeleteBucketReplicationCommand,
  GetBucketInventoryConfigurationCommand,
  PutBucketVersioningCommand,
} from '@aws-sdk/client-s3';
import { beforeAll, describe, expect, it } from 'vitest';
import { ClientPool } from '../../src/adapters/aws-config.js';
import { readLive } from '../../src/adapters/read-live.js';
import { loadSpecFile } from '../../src/cli/spec-file.js';
import type { ApplyResult } from '../../src/executor/apply-result.js';
import { executePlan } from '../../src/executor/execute-plan.js';
import type { Plan } from '../../src/model/plan.js';
import type { DesiredState, LiveState } from '../../src/model/state.js';
import { planChanges } from '../../src/planner/index.js';
import { RequestRecorder } from '../support/faults.js';
import {
  advanceEmulatorClock,
  motoAwsOptions,
  setEmulatorConfig,
  useMoto,
  withoutEmulatorDelays,
} from '../support/moto.js';
import { seedGuideBefore } from '../support/seed-guide-before.js';

useMoto();

const WEBHOOK = 'https://hooks.example.com/services/T0GUIDE/B0GUIDE/guideS3cret';

const SELECTION = 'backup.selection/eu-west-1/eks-mnemonica-6h-snapshots-180d/eks-mnemonica-prod-rds';
const BACKUP_PLAN = 'backup.plan/eu-west-1/eks-mnemonica-6h-snapshots-180d';
const MEDIA_REPLICA = 's3.bucket/mne-media-replica';
const CREATED_AT = '2026-11-26T10:00:00.000Z';

let desired: DesiredState;
let firstRead: LiveState;
let applied: { plan: Plan; result: ApplyResult; replan: Plan; recorder: RequestRecorder };

async function backupRoot(): Promise<string> {
  return join(await mkdtemp(join(tmpdir(), 'reconcile-guide-')), 'backups');
}

beforeAll(async () => {
  const seedPool = new ClientPool(motoAwsOptions());
  try {
    await withoutEmulatorDelays(() => seedGuideBefore(seedPool));
  } finally {
    seedPool.destroy();
  }
  desired = await loadSpecFile('backup-spec.yaml', { MNEMONICA_ALERTS_WEBHOOK_URL: WEBHOOK });
  // spec -> live -> plan -> apply -> live -> plan, as `reconcile --apply --yes --allow-destructive` does.
  const recorder = new RequestRecorder();
  const pool = new ClientPool(motoAwsOptions({ maxAttempts: 3, onClient: recorder.onClient }));
  try {
    firstRead = await readLive(desired, pool);
    const plan = planChanges(desired, firstRead, { createdAt: CREATED_AT });
    const result = await executePlan(plan, desired, firstRead, {
      pool,
      allowDestructive: true,
      backupRoot: await backupRoot(),
    });
    const replan = planChanges(desired, await readLive(desired, pool), { createdAt: CREATED_AT });
    applied = { plan, result, replan, recorder };
  } finally {
    pool.destroy();
  }
});

describe("apply backup-spec.yaml onto the guide's starting state (strict emulator)", () => {
  it("GIVEN the guide's starting state WHEN read THEN every declared resource is readable, the selection included, so the plan is complete", () => {
    const unreadable = Object.entries(firstRead.resources).filter(([, o]) => o.status === 'unreadable');
    expect(unreadable).toEqual([]);
    expect(firstRead.resources[SELECTION]?.status).toBe('present');
    expect(applied.plan.complete).toBe(true);
  });

  it("GIVEN the guide's starting state WHEN applied THEN the plan holds the guide's phases", () => {
    const byAction = (a: string) => applied.plan.changes.filter((c) => c.action === a).map((c) => c.address);
    expect(byAction('update')).toEqual([
      BACKUP_PLAN, // the PITR rule removed, the DR copy's lifecycle added
      's3.bucket/mne-media-prod', // 180 -> 35 days, replication metrics
      MEDIA_REPLICA, // lifecycle, inventory
      's3.bucket/mne-vault-prod',
      's3.bucket/mne-vault-replica', // lifecycle added
    ]);
    expect(byAction('create')).toHaveLength(12); // app role, 3 topics, 2 rules, 6 alarms
    expect(byAction('create')).toContain('iam.role/eks-mnemonica-prod-s3-role');
    expect(applied.plan.changes.find((c) => c.address === SELECTION)?.action).toBe('no-op');
  });

  it('GIVEN the apply WHEN re-planned THEN it converged: no step failed, every declared resource exists and the re-plan is empty', async () => {
    expect(applied.result.steps.filter((s) => s.outcome !== 'applied')).toEqual([]);
    expect(applied.result.summary).toEqual({ applied: 17, unchanged: 0, failed: 0, skipped: 0 });
    expect(applied.recorder.mutating()).toContain('backup:UpdateBackupPlan');
    expect(applied.replan.changes.filter((c) => c.action !== 'no-op')).toEqual([]);
    expect(applied.replan.unchecked).toEqual([]);
    const pool = new ClientPool(motoAwsOptions());
    try {
      const live = await readLive(desired, pool);
      const notPresent = Object.entries(live.resources).filter(([, o]) => o.status !== 'present');
      expect(notPresent).toEqual([]);
      // moto 5.2.1 always answered 'All'; the spec asks for 'Current' and it now reads back.
      const inventory = await pool.get('s3', 'eu-west-3').send(
        new GetBucketInventoryConfigurationCommand({
          Bucket: 'mne-media-replica',
          Id: 'mnemonica-replica-inventory',
        }),
      );
      expect(inventory.InventoryConfiguration?.IncludedObjectVersions).toBe('Current');
    } finally {
      pool.destroy();
    }
  });

  it('GIVEN the apply WHEN counting THEN every write the SDK sent went through WriteContext.mutate (logged and counted)', () => {
    expect(applied.result.mutations).toBe(applied.recorder.mutating().length);
    expect(applied.result.mutations).toBe(applied.result.steps.reduce((n, s) => n + s.mutations, 0));
  });

  it('GIVEN the converged account WHEN applied again THEN it performs zero mutating calls', async () => {
    const recorder = new RequestRecorder();
    const pool = new ClientPool(motoAwsOptions({ onClient: recorder.onClient }));
    try {
      const live = await readLive(desired, pool);
      const plan = planChanges(desired, live, { createdAt: CREATED_AT });
      const result = await executePlan(plan, desired, live, {
        pool,
        allowDestructive: true,
        backupRoot: await backupRoot(),
      });
      expect(result.mutations).toBe(0);
      expect(result.steps).toEqual([]);
      expect(recorder.mutating()).toEqual([]);
      expect(recorder.requests.length).toBeGreaterThan(desired.resources.length / 2); // it did read
    } finally {
      pool.destroy();
    }
  });
});

/**
 * The same apply moments after the operator changed IAM and S3 by hand, as happens on AWS: the backup
 * role's trust policy was just updated and versioning just re-enabled, while the selection and the
 * media replication are missing. AWS Backup cannot assume the role and S3 replication does not see
 * the versioning for a while (here 30 s, longer than any read takes, so the first attempts surely
 * fail); the tool waits them out (src/adapters/retry.ts). Its waits move the emulator's clock instead
 * of sleeping, so the test takes no wall time and asserts none.
 */
describe('apply right after IAM and versioning changes (eventual consistency)', () => {
  let result: ApplyResult;
  let replan: Plan;
  let recorder: RequestRecorder;
  const waits: number[] = [];

  beforeAll(async () => {
    const setup = new ClientPool(motoAwsOptions());
    try {
      const backup = setup.get('backup', 'eu-west-1');
      const plans = await backup.send(new ListBackupPlansCommand({}));
      const planId = plans.BackupPlansList?.find(
        (p) => p.BackupPlanName === 'eks-mnemonica-6h-snapshots-180d',
      )?.BackupPlanId;
      const selections = await backup.send(new ListBackupSelectionsCommand({ BackupPlanId: planId }));
      for (const sel of selections.BackupSelectionsList ?? [])
        await backup.send(
          new DeleteBackupSelectionCommand({ BackupPlanId: planId, SelectionId: sel.SelectionId }),
        );
      await setup
        .get('s3', 'eu-west-1')
        .send(new DeleteBucketReplicationCommand({ Bucket: 'mne-media-prod' }));

      await setEmulatorConfig({ iamPropagationSeconds: 30, s3VersioningPropagationSeconds: 30 });
      const iam = setup.get('iam');
      const role = await iam.send(new GetRoleCommand({ RoleName: 'AWSBackupDefaultServiceRole' }));
      await iam.send(
        new UpdateAssumeRolePolicyCommand({
          RoleName: 'AWSBackupDefaultServiceRole',
          PolicyDocument: decodeURIComponent(role.Role?.AssumeRolePolicyDocument ?? ''),
        }),
      );
      await setup.get('s3', 'eu-west-1').send(
        new PutBucketVersioningCommand({
          Bucket: 'mne-media-prod',
          VersioningConfiguration: { Status: 'Enabled' },
        }),
      );
    } finally {
      setup.destroy();
    }

    recorder = new RequestRecorder();
    const pool = new ClientPool(
      motoAwsOptions({
        onClient: recorder.onClient,
        transientRetry: {
          sleep: async (ms) => {
            waits.push(ms);
            await advanceEmulatorClock(ms / 1000);
          },
        },
      }),
    );
    try {
      const live = await readLive(desired, pool);
      const plan = planChanges(desired, live, { createdAt: CREATED_AT });
      expect(plan.changes.filter((c) => c.action !== 'no-op').map((c) => [c.address, c.action])).toEqual([
        [SELECTION, 'create'],
        ['s3.bucket/mne-media-prod', 'update'],
      ]);
      result = await executePlan(plan, desired, live, {
        pool,
        allowDestructive: true,
        backupRoot: await backupRoot(),
      });
      replan = planChanges(desired, await readLive(desired, pool), { createdAt: CREATED_AT });
    } finally {
      pool.destroy();
      await setEmulatorConfig({ iamPropagationSeconds: 2, s3VersioningPropagationSeconds: 2 });
    }
  });

  it('GIVEN a role AWS Backup cannot assume yet and versioning S3 replication does not see yet WHEN applied THEN both writes are refused first, retried with backoff, and succeed', () => {
    const sent = recorder.mutating();
    const creates = sent.filter((op) => op === 'backup:CreateBackupSelection').length;
    const puts = sent.filter((op) => op === 's3:PutBucketReplication').length;
    expect(creates).toBeGreaterThan(1);
    expect(puts).toBeGreaterThan(1);
    // Waited at least the 30 s of propagation, in growing steps, well inside the 2-minute budget.
    expect(waits.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(30_000);
    expect(waits.reduce((a, b) => a + b, 0)).toBeLessThan(120_000);
    expect(result.steps.map((s) => [s.address, s.outcome])).toEqual([
      [SELECTION, 'applied'],
      ['s3.bucket/mne-media-prod', 'applied'],
    ]);
    // Every attempt was a mutation of its own (logged, counted).
    expect(result.mutations).toBe(sent.length);
  });

  it('GIVEN that apply WHEN re-planned THEN it converged', () => {
    expect(replan.changes.filter((c) => c.action !== 'no-op')).toEqual([]);
    expect(replan.unchecked).toEqual([]);
  });
});
