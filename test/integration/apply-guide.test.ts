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
import { GetBucketInventoryConfigurationCommand } from '@aws-sdk/client-s3';
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
import { motoAwsOptions, useMoto } from '../support/moto.js';
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
    await seedGuideBefore(seedPool);
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
