/**
 * Round trips: how many dependent rounds of requests the AWS APIs force on a `--plan` of a spec
 * (the floor no scheduler can go under), and how many a run took, read from a latency proxy's
 * timeline. A round is a set of requests that can all be in flight at once; a request that needs
 * another one's answer (an id AWS generated) starts a new round.
 */
import type { DesiredState } from '../../src/model/state.js';
import type { ProxiedRequest } from './latency-proxy.js';

/**
 * Protocols whose subscriptions carry `RawMessageDelivery`, which only GetSubscriptionAttributes
 * returns (Amazon SNS developer guide, "Amazon SNS raw message delivery": Firehose, SQS, HTTP/S).
 */
const RAW_DELIVERY_PROTOCOLS = new Set(['http', 'https', 'sqs', 'firehose']);

/**
 * Rounds after the account check that reading one resource's managed attributes needs, given that
 * every call naming the resource by what the spec knows (name, region, account, hence its ARN) can
 * be sent at once:
 * - s3.bucket, cloudwatch.alarm, iam.role, rds.instance, backup.vault, events.rule: 1 — every read
 *   takes the name or an ARN built from it (inline policies: GetRolePolicy for each declared name
 *   beside ListRolePolicies; an in-sync role has no other);
 * - sns.topic: 1, or 2 when a declared subscription can have raw delivery: GetSubscriptionAttributes
 *   needs the SubscriptionArn that only ListSubscriptionsByTopic returns
 *   (https://docs.aws.amazon.com/sns/latest/api/API_GetSubscriptionAttributes.html);
 * - backup.plan: 2 — GetBackupPlan takes the BackupPlanId AWS generated, which only ListBackupPlans
 *   maps from the name (https://docs.aws.amazon.com/aws-backup/latest/devguide/API_GetBackupPlan.html);
 * - backup.selection: 3 — ListBackupPlans, then ListBackupSelections(BackupPlanId) for the
 *   SelectionId, then GetBackupSelection(BackupPlanId, SelectionId)
 *   (https://docs.aws.amazon.com/aws-backup/latest/devguide/API_GetBackupSelection.html).
 */
export function readDepth(r: DesiredState['resources'][number]): number {
  switch (r.kind) {
    case 'backup.plan':
      return 2;
    case 'backup.selection':
      return 3;
    case 'sns.topic': {
      const subs = (r.attrs as { subscriptions?: readonly { protocol: string }[] }).subscriptions ?? [];
      return subs.some((s) => RAW_DELIVERY_PROTOCOLS.has(s.protocol)) ? 2 : 1;
    }
    default:
      return 1;
  }
}

/**
 * The fewest dependent rounds a `--plan` of `desired` can take: sts:GetCallerIdentity first (the
 * account check every run makes before it reads anything), then the deepest resource's reads
 * ({@link readDepth}); everything else fits in those rounds. Page size limits (DescribeAlarms takes
 * 100 names) add calls, not rounds: the pages of a name list are independent.
 */
export function minimumRounds(desired: DesiredState): number {
  let deepest = 0;
  for (const r of desired.resources) if (r.ensure === 'present') deepest = Math.max(deepest, readDepth(r));
  return 1 + deepest;
}

/**
 * The longest chain of requests in a timeline where each starts only after the previous one's answer
 * was sent: the rounds the run actually went through, whether a dependency or a concurrency limit
 * kept them apart. Through a proxy adding d ms per request, a run cannot take less than chain x d,
 * so this is the latency-bound part of its wall time, independent of how busy the CPU was.
 */
export function sequentialDepth(requests: readonly ProxiedRequest[]): number {
  const done = requests
    .filter((r): r is ProxiedRequest & { endMs: number } => r.endMs !== undefined)
    .sort((a, b) => a.endMs - b.endMs);
  // chain[i]: the longest chain ending with done[i]; best[i]: max of chain[0..i] (ends ascending).
  const chain: number[] = [];
  const best: number[] = [];
  const ends = done.map((r) => r.endMs);
  for (let i = 0; i < done.length; i++) {
    const start = (done[i] as ProxiedRequest).startMs;
    // The last request that ended before this one started (binary search over the sorted ends).
    let lo = 0;
    let hi = i - 1;
    let before = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if ((ends[mid] as number) <= start) {
        before = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    chain[i] = 1 + (before >= 0 ? (best[before] as number) : 0);
    best[i] = Math.max(chain[i] as number, i > 0 ? (best[i - 1] as number) : 0);
  }
  return best.at(-1) ?? 0;
}
