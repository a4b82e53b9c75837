/**
 * The convergence check after an apply, polled: AWS is eventually consistent, so a read right after a
 * write may still show the old value (S3 bucket configurations, "Amazon S3 data consistency model":
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/Welcome.html#ConsistencyModel; IAM, "Changes
 * that I make are not always immediately visible":
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/troubleshoot_general.html#troubleshoot_general_eventual-consistency).
 * A first re-plan that still differs where the apply succeeded is re-read (only those resources) with
 * bounded exponential backoff before the apply says "not converged". A re-plan that converges at
 * once costs exactly one re-read, as before; differences the apply could not fix (a failed or skipped
 * step, a blocked change, an unreadable resource) are reported at once, without waiting.
 */
import type { Logger } from 'pino';
import { backoffDelays, type TransientRetryOptions } from '../adapters/retry.js';
import type { Plan } from '../model/plan.js';
import type { ResourceAddress } from '../model/resource.js';
import type { ApplyResult, Convergence } from './apply-result.js';
import { convergenceOf } from './convergence.js';

/** How long the convergence check polls; every field has a default. */
export interface ConvergencePolling extends TransientRetryOptions {
  readonly logger?: Logger;
}

/** Default polling budget: one minute of waiting in all (2 s doubling, at most 15 s per wait). */
export const CONVERGENCE_BUDGET_MS = 60_000;
const CONVERGENCE_BASE_MS = 2_000;
const CONVERGENCE_MAX_DELAY_MS = 15_000;

/** What the polled check found. */
export interface PolledConvergence {
  /** The last re-plan. */
  readonly plan: Plan;
  readonly convergence: Convergence;
  /** Re-plans made (1 when the first one settled it). */
  readonly replans: number;
}

/**
 * The addresses a wait could still fix: remaining differences of resources whose step did not fail or
 * get skipped (applied, unchanged, or not part of this apply), that are not blocked.
 */
function waitable(convergence: Convergence, result: Pick<ApplyResult, 'steps'>): ResourceAddress[] {
  const notDone = new Set(
    result.steps.filter((s) => s.outcome === 'failed' || s.outcome === 'skipped').map((s) => s.address),
  );
  return convergence.remaining
    .filter((r) => r.action !== 'blocked' && r.action !== 'unchecked' && !notDone.has(r.address))
    .map((r) => r.address);
}

/**
 * Re-plans with `replan` until it converges, nothing left can be fixed by waiting, or the budget is
 * spent. `replan(addresses)`: undefined = re-read everything (the first time), else re-read only those
 * addresses and plan again. Logs each wait at info, a final "not converged" at warn.
 */
export async function awaitConvergence(
  replan: (addresses?: readonly ResourceAddress[]) => Promise<Plan>,
  result: Pick<ApplyResult, 'steps'>,
  opts: ConvergencePolling = {},
): Promise<PolledConvergence> {
  let plan = await replan();
  let convergence = convergenceOf(plan, result);
  let replans = 1;
  const delays = backoffDelays({
    budgetMs: CONVERGENCE_BUDGET_MS,
    baseDelayMs: CONVERGENCE_BASE_MS,
    maxDelayMs: CONVERGENCE_MAX_DELAY_MS,
    ...opts,
  });
  const sleep = opts.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  let waited = 0;
  for (const delay of delays) {
    const pending = waitable(convergence, result);
    if (convergence.converged || pending.length === 0) break;
    opts.logger?.info(
      { pending, delayMs: delay, waitedMs: waited },
      `not converged yet: ${pending.length} resource(s) still differ; AWS is eventually consistent, reading them again in ${Math.round(delay / 100) / 10} s`,
    );
    await sleep(delay);
    waited += delay;
    plan = await replan(pending);
    convergence = convergenceOf(plan, result);
    replans++;
  }
  if (!convergence.converged)
    opts.logger?.warn(
      { remaining: convergence.remaining.map((r) => r.address), waitedMs: waited, replans },
      'not converged',
    );
  return { plan, convergence, replans };
}
