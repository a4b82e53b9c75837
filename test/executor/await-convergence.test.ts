/**
 * The polled convergence check (src/executor/await-convergence.ts): a re-plan that still differs
 * where the apply succeeded is read again with backoff, only for those resources, within a bounded
 * budget; what waiting cannot fix is reported at once; "not converged" lists the fields that still
 * differ. The sleep is injected and only records the waits.
 */
import { describe, expect, it } from 'vitest';
import type { StepResult } from '../../src/executor/apply-result.js';
import { awaitConvergence } from '../../src/executor/await-convergence.js';
import { renderApplyText } from '../../src/executor/convergence.js';
import type { Plan } from '../../src/model/plan.js';
import { change, planOf } from './builders.js';

const BUCKET = 's3.bucket/media-prod';
const ALARM = 'cloudwatch.alarm/eu-west-1/lag';
const TOPIC = 'sns.topic/eu-west-1/alerts';

const applied = (address: string): StepResult => ({
  address,
  action: 'update',
  outcome: 'applied',
  mutations: 1,
  durationMs: 1,
});

const stale = change(BUCKET, 'update', {
  reason: '1 field differs',
  fieldDiffs: [
    { path: '/lifecycle/noncurrent/noncurrentDays', before: 180, after: 35, forcesReplacement: false },
  ],
});
const inSync = planOf([change(BUCKET, 'no-op', { reason: 'in sync' }), change(ALARM, 'no-op')]);

/** A replan that answers the given plans in turn, recording what it was asked to re-read. */
function scripted(...plans: Plan[]) {
  const asked: (readonly string[] | undefined)[] = [];
  const replan = async (addresses?: readonly string[]) => {
    asked.push(addresses);
    const next = plans[Math.min(asked.length - 1, plans.length - 1)];
    if (!next) throw new Error('no plan scripted');
    return next;
  };
  return { replan, asked };
}

function recordingSleep() {
  const slept: number[] = [];
  return { slept, sleep: async (ms: number) => void slept.push(ms), random: () => 1 };
}

describe('awaitConvergence', () => {
  it('GIVEN a first re-plan that converges WHEN checked THEN one re-read, no wait (a converged apply costs what it did)', async () => {
    const { replan, asked } = scripted(inSync);
    const timing = recordingSleep();
    const out = await awaitConvergence(replan, { steps: [applied(BUCKET)] }, timing);
    expect(out.convergence).toEqual({ converged: true, remaining: [] });
    expect(out.replans).toBe(1);
    expect(asked).toEqual([undefined]);
    expect(timing.slept).toEqual([]);
  });

  it('GIVEN a bucket whose applied change reads back stale twice WHEN checked THEN only that bucket is read again, after 2 s then 4 s, and it converges', async () => {
    const notYet = planOf([stale, change(ALARM, 'no-op')]);
    const { replan, asked } = scripted(notYet, notYet, inSync);
    const timing = recordingSleep();
    const out = await awaitConvergence(replan, { steps: [applied(BUCKET)] }, timing);
    expect(out.convergence.converged).toBe(true);
    expect(out.replans).toBe(3);
    expect(asked).toEqual([undefined, [BUCKET], [BUCKET]]);
    expect(timing.slept).toEqual([2000, 4000]);
  });

  it('GIVEN a difference that never settles WHEN checked THEN it polls for the budget only, then reports not converged with the fields that still differ', async () => {
    const { replan, asked } = scripted(planOf([stale]));
    const timing = recordingSleep();
    const out = await awaitConvergence(replan, { steps: [applied(BUCKET)] }, { ...timing, budgetMs: 10_000 });
    expect(timing.slept).toEqual([2000, 4000, 4000]);
    expect(timing.slept.reduce((a, b) => a + b, 0)).toBe(10_000);
    expect(asked).toHaveLength(4);
    expect(out.convergence).toEqual({
      converged: false,
      remaining: [
        {
          address: BUCKET,
          action: 'update',
          reason: '1 field differs',
          fields: ['/lifecycle/noncurrent/noncurrentDays'],
        },
      ],
    });
    const text = renderApplyText({
      formatVersion: 1,
      account: '111122223333',
      steps: [applied(BUCKET)],
      summary: { applied: 1, unchanged: 0, failed: 0, skipped: 0 },
      mutations: 1,
      convergence: out.convergence,
    });
    expect(text).toContain(
      `Not converged: 1 resource(s) still differ from the spec:\n  ~ ${BUCKET} (update): 1 field differs\n      still differs: /lifecycle/noncurrent/noncurrentDays\n`,
    );
  });

  it('GIVEN only differences a wait cannot fix (a failed step, a blocked change, an unreadable resource) WHEN checked THEN not converged at once, no wait', async () => {
    const plan = planOf([change(TOPIC, 'create'), change(ALARM, 'blocked', { reason: 'cannot' })], {
      unchecked: [{ address: BUCKET, reason: 'access denied (AccessDenied)' }],
    });
    const { replan, asked } = scripted(plan);
    const timing = recordingSleep();
    const failed: StepResult = {
      address: TOPIC,
      action: 'create',
      outcome: 'failed',
      error: 'AuthorizationError: denied',
      mutations: 1,
      durationMs: 1,
    };
    const out = await awaitConvergence(replan, { steps: [failed] }, timing);
    expect(out.convergence.converged).toBe(false);
    expect(out.convergence.remaining.map((r) => r.address)).toEqual([BUCKET, ALARM, TOPIC].sort());
    expect(asked).toEqual([undefined]);
    expect(timing.slept).toEqual([]);
  });
});
