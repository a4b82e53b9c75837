/**
 * EventBridge discovery for `--import --rule-prefix` and `--prune-prefix`: the rule names with a
 * prefix on a region's default bus. Read operations only.
 */
import type { ClientPool } from '../aws-config.js';
import { EVENTS_CLIENT } from './client.js';

/**
 * ListRules(NamePrefix) on the default bus: the names of the region's rules with `prefix`, leaving out
 * the rules AWS services manage for themselves (`ManagedBy` set: "If the rule was created on behalf of
 * your account by an AWS service, this field displays the principal name of the service that created
 * the rule", https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_Rule.html), which are
 * theirs to change, not ours.
 */
export async function listRuleNames(pool: ClientPool, region: string, prefix: string): Promise<string[]> {
  const client = EVENTS_CLIENT.reader(pool, region);
  const out: string[] = [];
  let token: string | undefined;
  do {
    const page = await client.listRules({ NamePrefix: prefix, ...(token ? { NextToken: token } : {}) });
    for (const r of page.Rules ?? []) if (r.Name && !r.ManagedBy) out.push(r.Name);
    token = page.NextToken;
  } while (token);
  return out;
}
