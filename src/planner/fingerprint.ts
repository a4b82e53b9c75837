/**
 * The fingerprint of the live state a plan was made from: the executor recomputes it before applying
 * a saved plan and refuses a stale one. node:crypto only (pure otherwise).
 */
import { createHash } from 'node:crypto';
import { canonicalText } from '../model/canonical.js';
import { compareAddresses, type ResourceAddress } from '../model/resource.js';
import type { DesiredState, LiveState } from '../model/state.js';
import { managedFields } from './field-diff.js';

/**
 * Hex sha256 of the canonical JSON (keys sorted at every level) of the live observations of the given
 * addresses, as `{ "<address>": <observation without facts, or null when not observed> }`.
 * `facts` are left out on purpose: they hold values that move on their own (alarm state, RDS latest
 * restorable time) and would make every saved plan stale within minutes.
 * With `desired`, a declared resource contributes only the fields the spec manages: a plan made from a
 * full snapshot and the apply-time read (which reads managed fields only) then fingerprint alike, and a
 * change to an unmanaged field does not make a saved plan stale.
 */
export function fingerprintLive(
  live: LiveState,
  addresses: Iterable<ResourceAddress>,
  desired?: DesiredState,
): string {
  const declared = new Map((desired?.resources ?? []).map((r) => [r.address, r]));
  const picked: Record<string, unknown> = {};
  for (const address of [...new Set(addresses)].sort(compareAddresses)) {
    const obs = live.resources[address];
    if (obs === undefined) picked[address] = null;
    else if (obs.status === 'present') {
      const d = declared.get(address);
      let attrs: unknown = obs.attrs;
      if (d) {
        const keep = new Set(managedFields(d.kind, d.attrs));
        attrs = Object.fromEntries(Object.entries(obs.attrs).filter(([k]) => keep.has(k)));
      }
      picked[address] = { status: obs.status, attrs };
    } else picked[address] = obs;
  }
  return createHash('sha256').update(canonicalText(picked), 'utf8').digest('hex');
}
