/**
 * The fingerprint of the live state a plan was made from: the executor recomputes it before applying
 * a saved plan and refuses a stale one. node:crypto only (pure otherwise).
 */
import { createHash } from 'node:crypto';
import { canonicalJson } from '../model/policy.js';
import { compareAddresses, type ResourceAddress } from '../model/resource.js';
import type { LiveState } from '../model/state.js';

/**
 * Hex sha256 of the canonical JSON (keys sorted at every level) of the live observations of the given
 * addresses, as `{ "<address>": <observation without facts, or null when not observed> }`.
 * `facts` are left out on purpose: they hold values that move on their own (alarm state, RDS latest
 * restorable time) and would make every saved plan stale within minutes.
 */
export function fingerprintLive(live: LiveState, addresses: Iterable<ResourceAddress>): string {
  const picked: Record<string, unknown> = {};
  for (const address of [...new Set(addresses)].sort(compareAddresses)) {
    const obs = live.resources[address];
    if (obs === undefined) picked[address] = null;
    else if (obs.status === 'present') picked[address] = { status: obs.status, attrs: obs.attrs };
    else picked[address] = obs;
  }
  return createHash('sha256')
    .update(JSON.stringify(canonicalJson(JSON.parse(JSON.stringify(picked)))), 'utf8')
    .digest('hex');
}
