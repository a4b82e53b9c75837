import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputFileError, StalePlanError } from '../../src/errors.js';
import {
  checkPlanCurrent,
  checkPlanMatches,
  loadSavedPlan,
  PlanMismatchError,
  planAddresses,
  planDifferences,
} from '../../src/executor/saved-plan.js';
import type { Plan } from '../../src/model/plan.js';
import { planToJson } from '../../src/report/plan-json.js';
import { change, planOf } from './builders.js';

const SRC = 's3.bucket/media-prod';
const TOPIC = 'sns.topic/eu-west-1/alerts';
const FP = 'a'.repeat(64);

const lifecycleDiff = {
  path: '/lifecycle/0/noncurrentVersionExpiration/noncurrentDays',
  before: 180,
  after: 35,
  forcesReplacement: false,
};

function savedPlan() {
  return planOf([change(SRC, 'update', { fieldDiffs: [lifecycleDiff] }), change(TOPIC, 'create')], {
    liveFingerprint: FP,
  });
}

describe('checkPlanCurrent', () => {
  it('GIVEN live and spec unchanged since the plan was saved WHEN checked THEN it passes', () => {
    const fresh = planOf([change(SRC, 'update', { fieldDiffs: [lifecycleDiff] }), change(TOPIC, 'create')], {
      liveFingerprint: FP,
      createdAt: '2026-02-02T00:00:00.000Z',
    });
    expect(() => checkPlanCurrent(savedPlan(), fresh, FP)).not.toThrow();
  });

  it('GIVEN someone changed the bucket in AWS since the plan was saved WHEN checked THEN StalePlanError names the resource', () => {
    const fresh = planOf(
      [change(SRC, 'update', { fieldDiffs: [{ ...lifecycleDiff, before: 90 }] }), change(TOPIC, 'create')],
      { liveFingerprint: 'b'.repeat(64) },
    );
    const check = () => checkPlanCurrent(savedPlan(), fresh, 'b'.repeat(64));
    expect(check).toThrow(StalePlanError);
    expect(check).toThrow(/live state changed since it was made[\s\S]*s3\.bucket\/media-prod/);
    expect(check).toThrow(/reconcile --plan --out plan\.json/);
  });

  it('GIVEN a live change that does not alter the plan WHEN checked THEN it is still refused (the fingerprint moved)', () => {
    const fresh = planOf([change(SRC, 'update', { fieldDiffs: [lifecycleDiff] }), change(TOPIC, 'create')]);
    expect(() => checkPlanCurrent(savedPlan(), fresh, 'c'.repeat(64))).toThrow(StalePlanError);
  });

  it('GIVEN the spec changed but live did not WHEN checked THEN StalePlanError says the spec no longer matches', () => {
    const fresh = planOf([change(SRC, 'update', { fieldDiffs: [lifecycleDiff] }), change(TOPIC, 'no-op')], {
      liveFingerprint: FP,
    });
    expect(() => checkPlanCurrent(savedPlan(), fresh, FP)).toThrow(
      /no longer matches the spec[\s\S]*sns\.topic\/eu-west-1\/alerts/,
    );
  });

  it('GIVEN a plan saved from another spec (other resources) WHEN checked THEN it says the plan was made for another spec, not that live changed', () => {
    const OTHER = 'sns.topic/eu-west-1/other-alerts';
    // Another spec declares another topic; the fingerprint over the saved addresses moves because
    // the saved topic is not read any more, although nobody touched AWS.
    const fresh = planOf([change(SRC, 'update', { fieldDiffs: [lifecycleDiff] }), change(OTHER, 'create')]);
    const check = () => checkPlanCurrent(savedPlan(), fresh, 'd'.repeat(64));
    expect(check).toThrow(StalePlanError);
    expect(check).toThrow(
      /the saved plan was made from another spec: it covers sns\.topic\/eu-west-1\/alerts, which the spec does not declare; the spec declares sns\.topic\/eu-west-1\/other-alerts, which the plan does not cover/,
    );
    expect(check).not.toThrow(/live state changed/);
    expect(check).toThrow(/reconcile --plan --out plan\.json/);
  });

  it('GIVEN a saved plan that deletes an undeclared resource (--prune-prefix) WHEN live and spec are unchanged THEN it passes', () => {
    const PRUNED = 'cloudwatch.alarm/eu-west-1/mne-old';
    const saved = planOf([change(SRC, 'update', { fieldDiffs: [lifecycleDiff] }), change(PRUNED, 'delete')], {
      liveFingerprint: FP,
    });
    const fresh = planOf([change(SRC, 'update', { fieldDiffs: [lifecycleDiff] }), change(PRUNED, 'delete')]);
    expect(() => checkPlanCurrent(saved, fresh, FP)).not.toThrow();
  });

  it('GIVEN a pruned resource deleted by hand since the plan was saved WHEN checked THEN it is stale live state, not another spec', () => {
    const PRUNED = 'cloudwatch.alarm/eu-west-1/mne-old';
    const saved = planOf([change(SRC, 'update', { fieldDiffs: [lifecycleDiff] }), change(PRUNED, 'delete')], {
      liveFingerprint: FP,
    });
    const fresh = planOf([change(SRC, 'update', { fieldDiffs: [lifecycleDiff] })]);
    expect(() => checkPlanCurrent(saved, fresh, 'e'.repeat(64))).toThrow(
      /live state changed since it was made/,
    );
  });

  it('GIVEN a plan made for another account WHEN checked THEN it is refused', () => {
    const fresh = { ...savedPlan(), account: '999999999999' };
    const err = (() => {
      try {
        checkPlanCurrent(savedPlan(), fresh, FP);
      } catch (e) {
        return e as StalePlanError;
      }
      return undefined;
    })();
    expect(err).toBeInstanceOf(StalePlanError);
    expect(err?.code).toBe('STALE_PLAN');
    expect(err?.exitCode).toBe(1);
  });

  it('GIVEN a plan WHEN asking its addresses THEN changes and unchecked resources are both covered', () => {
    const plan = planOf([change(TOPIC, 'create')], { unchecked: [{ address: SRC, reason: 'denied' }] });
    expect(planAddresses(plan)).toEqual([SRC, TOPIC]);
  });
});

describe('loadSavedPlan', () => {
  it('GIVEN a saved plan file WHEN loaded THEN the plan comes back as saved', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'reconcile-plan-'));
    const path = join(dir, 'plan.json');
    await writeFile(path, JSON.stringify(savedPlan()));
    expect(await loadSavedPlan(path)).toEqual(savedPlan());
  });

  it.each([
    ['not JSON', '{', /not JSON/],
    [
      'another format version',
      JSON.stringify({ ...savedPlan(), formatVersion: 2 }),
      /formatVersion 2, expected 1/,
    ],
    [
      'no fingerprint',
      JSON.stringify({ ...savedPlan(), liveFingerprint: undefined }),
      /not a saved plan \(spec\/plan\.schema\.json\):\n {2}liveFingerprint: missing\n/,
    ],
    [
      'a snapshot instead of a plan',
      JSON.stringify({ formatVersion: 1, account: '1', resources: {} }),
      /not a saved plan/,
    ],
  ])(
    'GIVEN %s WHEN loaded THEN InputFileError names the file and the problem',
    async (_what, text, message) => {
      const dir = await mkdtemp(join(tmpdir(), 'reconcile-plan-'));
      const path = join(dir, 'plan.json');
      await writeFile(path, text);
      const run = loadSavedPlan(path);
      await expect(run).rejects.toBeInstanceOf(InputFileError);
      await expect(run).rejects.toThrow(path);
      await expect(loadSavedPlan(path)).rejects.toThrow(message);
    },
  );

  it('GIVEN a missing file WHEN loaded THEN InputFileError names it and says why in words (not ENOENT)', async () => {
    await expect(loadSavedPlan('/nonexistent/plan.json')).rejects.toThrow(
      new InputFileError('cannot read saved plan /nonexistent/plan.json: no such file'),
    );
  });
});

describe('loadSavedPlan: the schema (spec/plan.schema.json)', () => {
  async function loadText(text: string) {
    const dir = await mkdtemp(join(tmpdir(), 'reconcile-plan-'));
    const path = join(dir, 'plan.json');
    await writeFile(path, text);
    return { path, run: loadSavedPlan(path) };
  }
  const doc = () => JSON.parse(JSON.stringify(savedPlan()));

  it('GIVEN a change whose kind was edited to another service WHEN loaded THEN refused naming the field (the address says s3.bucket)', async () => {
    const d = doc();
    d.changes[0].kind = 'sns.topic';
    const { path, run } = await loadText(JSON.stringify(d));
    await expect(run).rejects.toThrow(
      new InputFileError(
        `${path}: not a saved plan (spec/plan.schema.json):\n  changes[0].kind: must be s3.bucket, the kind in the address\nmake one with: reconcile --plan --out ${path}`,
      ),
    );
  });

  it('GIVEN a risk that is not a risk, a negative count and a bad layer address WHEN loaded THEN every problem is listed', async () => {
    const d = doc();
    d.changes[1].risk = 'none';
    d.summary.create = -1;
    d.layers = [['nonsense']];
    const { run } = await loadText(JSON.stringify(d));
    const e = await run.catch((x: unknown) => x as Error);
    expect(e).toBeInstanceOf(InputFileError);
    expect((e as Error).message).toContain('  summary.create: ');
    expect((e as Error).message).toContain('  changes[1].risk: ');
    expect((e as Error).message).toContain('  layers[0][0]: expected a resource address');
  });

  it('GIVEN an unknown extra field WHEN loaded THEN it is kept (the apply compares every field)', async () => {
    const d = { ...doc(), allowDestructive: true };
    const { run } = await loadText(JSON.stringify(d));
    expect(await run).toMatchObject({ allowDestructive: true });
  });
});

describe('checkPlanMatches: the saved plan must equal the fresh plan but for createdAt', () => {
  const fresh = () => ({ ...savedPlan(), createdAt: '2026-03-03T03:03:03.000Z' });
  const asSaved = (p: Plan) => JSON.parse(JSON.stringify(planToJson(p))) as Plan;

  it('GIVEN the same plan made later WHEN checked THEN it passes (only createdAt differs)', () => {
    expect(planDifferences(asSaved(savedPlan()), fresh())).toEqual([]);
    expect(() => checkPlanMatches(asSaved(savedPlan()), fresh(), 'plan.json')).not.toThrow();
  });

  it('GIVEN a risk edited from high to low WHEN checked THEN PlanMismatchError lists the field with both values and the address', () => {
    const now = planOf(
      [change(SRC, 'update', { fieldDiffs: [lifecycleDiff], risk: 'high' }), change(TOPIC, 'create')],
      {
        liveFingerprint: FP,
      },
    );
    const edited = asSaved(now) as unknown as { changes: { risk: string; driftSeverity: string }[] };
    edited.changes[0] = { ...edited.changes[0], risk: 'low', driftSeverity: 'low' } as never;
    let err: unknown;
    try {
      checkPlanMatches(edited as unknown as Plan, now, 'plan.json');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(PlanMismatchError);
    const e = err as PlanMismatchError;
    expect(e.code).toBe('PLAN_MISMATCH');
    expect(e.differences.map((d) => d.path)).toEqual(['/changes/0/driftSeverity', '/changes/0/risk']);
    expect(e.message).toContain(`  /changes/0/risk (${SRC}): saved "low", now "high"`);
    expect(e.message).toContain('Nothing was changed.');
  });

  it('GIVEN an extra field, a dropped field and a reordered layer WHEN compared THEN each is a difference', () => {
    const saved = asSaved(savedPlan()) as unknown as Record<string, unknown>;
    saved.extra = 1;
    delete saved.complete;
    const diffs = planDifferences(saved, fresh());
    expect(diffs).toEqual([
      { path: '/complete', saved: undefined, fresh: true },
      { path: '/extra', saved: 1, fresh: undefined },
    ]);
  });

  it('GIVEN a "__proto__" member added to the file WHEN compared THEN it is a difference like any other (JSON.parse keeps it as an own key)', () => {
    const text = JSON.stringify(planToJson(savedPlan())).replace(/^\{/, '{"__proto__":{"risk":"low"},');
    const saved = JSON.parse(text) as Plan;
    expect(planDifferences(saved, fresh())).toEqual([
      { path: '/__proto__', saved: { risk: 'low' }, fresh: undefined },
    ]);
  });

  it('GIVEN the spec edited since, only in its comments (its lines moved) WHEN compared THEN the moved lines are the differences: a new plan is needed', () => {
    const located = (line: number): Plan =>
      ({
        ...planOf(
          [
            change(SRC, 'update', {
              fieldDiffs: [
                {
                  ...lifecycleDiff,
                  specField: 'lifecycle',
                  specPath: 's3.buckets.src.lifecycle',
                  specLine: line,
                },
              ],
              specPath: 's3.buckets.src',
              specLine: line - 1,
            }),
          ],
          { liveFingerprint: FP },
        ),
        specFile: 'backup-spec.yaml',
      }) as Plan;
    expect(planDifferences(asSaved(located(10)), { ...located(10), createdAt: 'later' })).toEqual([]);
    expect(planDifferences(asSaved(located(10)), located(12)).map((d) => d.path)).toEqual([
      '/changes/0/fieldDiffs/0/specLine',
      '/changes/0/specLine',
    ]);
  });

  it('GIVEN only spec lines and lint findings differ (the spec was edited since: a comment, a lint ignore) WHEN checked THEN STALE_PLAN says the spec changed, not that the file was edited', () => {
    const located = (line: number, silenced?: string): Plan =>
      ({
        ...planOf(
          [
            change(SRC, 'update', {
              fieldDiffs: [lifecycleDiff],
              specPath: 's3.buckets.src',
              specLine: line,
            }),
          ],
          {
            liveFingerprint: FP,
          },
        ),
        specFile: 'backup-spec.yaml',
        lint: [
          {
            ruleId: 'sns-chat-webhook-subscription',
            severity: 'error',
            address: TOPIC,
            message: 'm',
            fixHint: 'f',
            ...(silenced ? { silencedReason: silenced } : {}),
          },
        ],
      }) as Plan;
    let err: unknown;
    try {
      checkPlanMatches(asSaved(located(10)), located(14, 'relay confirms it'), 'plan.json');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(StalePlanError);
    expect((err as StalePlanError).message).toContain('the spec was edited since plan.json was made');
    expect((err as StalePlanError).message).not.toContain('edited by hand');
    expect((err as StalePlanError).message).toContain('/lint/0/silencedReason');
    // A risk edited in the file as well: still PLAN_MISMATCH.
    const edited = asSaved(located(10)) as unknown as { changes: { risk: string }[] };
    edited.changes[0] = { ...edited.changes[0], risk: 'high' } as never;
    expect(() => checkPlanMatches(edited as unknown as Plan, located(14), 'plan.json')).toThrow(
      PlanMismatchError,
    );
  });

  it('GIVEN more than ten differences WHEN refused THEN the message shows ten and how many more', () => {
    const saved = asSaved(savedPlan()) as unknown as Record<string, unknown>;
    for (let i = 0; i < 12; i++) saved[`x${String(i).padStart(2, '0')}`] = i;
    expect(() => checkPlanMatches(saved as unknown as Plan, fresh(), 'p.json')).toThrow(/\.\.\. and 2 more/);
  });
});
