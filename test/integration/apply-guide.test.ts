/**
 * The acceptance test of the executor: the repository's backup-spec.yaml applied onto the guide's
 * starting infrastructure (seedGuideBefore) in moto. Every declared resource then exists and a
 * re-plan is empty — except what moto cannot hold, listed in ONE test below with the reason for each.
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ClientPool } from '../../src/adapters/aws-config.js';
import { readLive } from '../../src/adapters/read-live.js';
import { loadSpecFile } from '../../src/cli/spec-file.js';
import type { ApplyResult } from '../../src/executor/apply-result.js';
import { executePlan } from '../../src/executor/execute-plan.js';
import { IncompletePlanError } from '../../src/executor/guardrails.js';
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

/**
 * What moto cannot hold, each with its reason. `unreadable`: left out of the apply (an unreadable
 * resource makes the plan incomplete, and an incomplete plan is never applied); `fails`: the step
 * fails in moto; `drift`: moto does not round-trip a field, so a re-plan keeps showing it.
 */
const MOTO_CANNOT_HOLD = [
  {
    address: SELECTION,
    how: 'unreadable',
    reason:
      'moto has no AWS Backup selection API (ListBackupSelections/GetBackupSelection/CreateBackupSelection)',
  },
  {
    address: BACKUP_PLAN,
    how: 'fails',
    reason: 'moto has no UpdateBackupPlan, so the continuous-backup (PITR) rule cannot be removed',
  },
  {
    address: MEDIA_REPLICA,
    how: 'drift',
    reason: "moto always returns inventory IncludedObjectVersions 'All' (the spec asks for 'Current')",
  },
] as const;

let desired: DesiredState;
let firstRead: LiveState;
let applied: { plan: Plan; result: ApplyResult; replan: Plan; recorder: RequestRecorder };

function without(d: DesiredState, addresses: Iterable<string>): DesiredState {
  const drop = new Set(addresses);
  return { ...d, resources: d.resources.filter((r) => !drop.has(r.address)) };
}

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
  // spec -> live -> plan -> apply -> live -> plan, as `reconcile --apply --yes --allow-destructive` does,
  // on everything moto can read.
  const recorder = new RequestRecorder();
  const pool = new ClientPool(motoAwsOptions({ maxAttempts: 3, onClient: recorder.onClient }));
  try {
    firstRead = await readLive(desired, pool);
    const readable = without(desired, [SELECTION]);
    const plan = planChanges(readable, firstRead);
    const result = await executePlan(plan, readable, firstRead, {
      pool,
      allowDestructive: true,
      backupRoot: await backupRoot(),
    });
    const replan = planChanges(readable, await readLive(readable, pool));
    applied = { plan, result, replan, recorder };
  } finally {
    pool.destroy();
  }
});

describe("apply backup-spec.yaml onto the guide's starting state (moto)", () => {
  it('GIVEN moto WHEN applying the guide THEN exactly these cannot be held, each for its reason', () => {
    const remaining = applied.replan.changes.filter((c) => c.action !== 'no-op');
    for (const item of MOTO_CANNOT_HOLD) {
      switch (item.how) {
        case 'unreadable':
          expect(firstRead.resources[item.address], item.reason).toMatchObject({
            status: 'unreadable',
            code: 'SyntaxError', // moto answers unimplemented operations with an HTML 500 page
          });
          break;
        case 'fails': {
          const step = applied.result.steps.find((s) => s.address === item.address);
          expect(step, item.reason).toMatchObject({ outcome: 'failed', errorCode: 'SyntaxError' });
          expect(applied.recorder.mutating(), item.reason).toContain('backup:UpdateBackupPlan');
          expect(remaining.find((c) => c.address === item.address)?.fieldDiffs.map((d) => d.path)).toEqual([
            '/rules/Continuous-PITR-35-Day-Retention',
          ]);
          break;
        }
        case 'drift': {
          expect(applied.recorder.mutating(), item.reason).toContain('s3:PutBucketInventoryConfiguration');
          expect(remaining.find((c) => c.address === item.address)?.fieldDiffs, item.reason).toEqual([
            {
              path: '/inventory/mnemonica-replica-inventory/includedObjectVersions',
              before: 'All',
              after: 'Current',
              forcesReplacement: false,
            },
          ]);
          break;
        }
      }
    }
  });

  it('GIVEN the full spec WHEN applying THEN the plan is incomplete (the selection cannot be read) and nothing runs', async () => {
    const plan = planChanges(desired, firstRead);
    expect(plan.complete).toBe(false);
    await expect(
      executePlan(plan, desired, firstRead, {
        pool: new ClientPool(motoAwsOptions()),
        allowDestructive: true,
        backupRoot: await backupRoot(),
      }),
    ).rejects.toBeInstanceOf(IncompletePlanError);
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
  });

  it('GIVEN the apply WHEN re-planned THEN every declared resource exists and nothing is left but what moto cannot hold', async () => {
    expect(applied.result.summary).toEqual({ applied: 16, unchanged: 0, failed: 1, skipped: 0 });
    const remaining = [
      ...applied.replan.changes.filter((c) => c.action !== 'no-op').map((c) => c.address),
      ...applied.replan.unchecked.map((u) => u.address),
    ];
    expect(remaining).toEqual(MOTO_CANNOT_HOLD.filter((m) => m.how !== 'unreadable').map((m) => m.address));
    const pool = new ClientPool(motoAwsOptions());
    try {
      const live = await readLive(without(desired, [SELECTION]), pool);
      const notPresent = Object.entries(live.resources).filter(([, o]) => o.status !== 'present');
      expect(notPresent).toEqual([]);
    } finally {
      pool.destroy();
    }
  });

  it('GIVEN the apply WHEN counting THEN every write the SDK sent went through WriteContext.mutate (logged and counted)', () => {
    expect(applied.result.mutations).toBe(applied.recorder.mutating().length);
    expect(applied.result.mutations).toBe(applied.result.steps.reduce((n, s) => n + s.mutations, 0));
  });

  it('GIVEN the converged account WHEN applied again THEN it performs zero mutating calls', async () => {
    const holdable = without(
      desired,
      MOTO_CANNOT_HOLD.map((m) => m.address),
    );
    const recorder = new RequestRecorder();
    const pool = new ClientPool(motoAwsOptions({ onClient: recorder.onClient }));
    try {
      const live = await readLive(holdable, pool);
      const plan = planChanges(holdable, live);
      const result = await executePlan(plan, holdable, live, {
        pool,
        allowDestructive: true,
        backupRoot: await backupRoot(),
      });
      expect(result.mutations).toBe(0);
      expect(result.steps).toEqual([]);
      expect(recorder.mutating()).toEqual([]);
      expect(recorder.requests.length).toBeGreaterThan(holdable.resources.length / 2); // it did read
    } finally {
      pool.destroy();
    }
  });
});
