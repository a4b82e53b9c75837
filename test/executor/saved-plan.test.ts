import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputFileError, StalePlanError } from '../../src/errors.js';
import { checkPlanCurrent, loadSavedPlan, planAddresses } from '../../src/executor/saved-plan.js';
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
      /no "liveFingerprint"/,
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
