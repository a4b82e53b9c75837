/**
 * Pairs desired and live SNS subscriptions before they are compared. Secret-bearing endpoints
 * (http/https) are compared by fingerprint when both sides have one, everything else by protocol and
 * display endpoint. AWS masks the credentials in some endpoints (pending confirmation), and the
 * adapter then has no fingerprint: such a subscription matches a desired one with the same protocol
 * and host and is reported as unverifiable, not as drift. `pending` never diffs. Pure.
 */
import type { SnsSubscription } from './attrs.js';
import { isSecretBearingProtocol } from './secrets.js';

/** A subscription as the planner compares it (no `pending`). */
export interface SubscriptionView {
  readonly protocol: string;
  readonly endpoint: string;
  readonly endpointSha256?: string;
  readonly rawMessageDelivery?: boolean;
}

/** Both sides keyed by the same subscription key, plus notes about what could not be verified. */
export interface AlignedSubscriptions {
  /** Subscription key (`<protocol>:<endpoint>`, made unique) -> view. */
  readonly desired: Readonly<Record<string, SubscriptionView>>;
  readonly live: Readonly<Record<string, SubscriptionView>>;
  /** Keys of subscriptions matched only by protocol and host (AWS masked the endpoint). */
  readonly unverifiable: readonly string[];
  /** Keys of desired subscriptions whose `${env:}` variable is unset, matched by protocol only. */
  readonly unresolved: readonly string[];
  /** Keys of desired subscriptions whose `${env:}` variable is unset and that AWS does not have: apply cannot create them. */
  readonly uncreatable: readonly string[];
  /** Keys of live subscriptions still pending confirmation. */
  readonly pending: readonly string[];
}

function hostOf(endpoint: string): string | undefined {
  try {
    return new URL(endpoint).host.toLowerCase();
  } catch {
    return undefined;
  }
}

function view(s: SnsSubscription, rawMessageDelivery: boolean | undefined): SubscriptionView {
  return {
    protocol: s.protocol,
    endpoint: s.endpoint,
    ...(s.endpointSha256 !== undefined ? { endpointSha256: s.endpointSha256 } : {}),
    ...(rawMessageDelivery !== undefined ? { rawMessageDelivery } : {}),
  };
}

function exactMatch(d: SnsSubscription, l: SnsSubscription): boolean {
  if (d.protocol !== l.protocol) return false;
  if (d.endpointSha256 !== undefined && l.endpointSha256 !== undefined)
    return d.endpointSha256 === l.endpointSha256;
  // One side without a fingerprint on a secret-bearing protocol: a masked endpoint (second pass).
  if (
    isSecretBearingProtocol(l.protocol) &&
    (d.endpointSha256 !== undefined || l.endpointSha256 !== undefined)
  )
    return false;
  return d.endpoint === l.endpoint;
}

function maskedMatch(d: SnsSubscription, l: SnsSubscription): boolean {
  if (d.protocol !== l.protocol || !isSecretBearingProtocol(l.protocol)) return false;
  if (l.endpointSha256 !== undefined) return false;
  const host = hostOf(d.endpoint);
  return host !== undefined && host === hostOf(l.endpoint);
}

function uniqueKey(base: string, used: Set<string>, s: SnsSubscription): string {
  let key = base;
  if (used.has(key) && s.endpointSha256) key = `${base}#${s.endpointSha256.slice(0, 8)}`;
  for (let n = 2; used.has(key); n++) key = `${base}#${n}`;
  used.add(key);
  return key;
}

function unresolvedMatch(d: SnsSubscription, l: SnsSubscription): boolean {
  return d.unresolved === true && d.protocol === l.protocol;
}

/**
 * Pairs desired with live subscriptions: exact matches first, then masked-endpoint matches, then
 * desired endpoints whose environment variable is unset (same protocol). The last two are unverifiable.
 */
export function alignSubscriptions(
  desired: readonly SnsSubscription[],
  live: readonly SnsSubscription[],
): AlignedSubscriptions {
  const used = new Set<string>();
  const desiredKeys = desired.map((d) => uniqueKey(`${d.protocol}:${d.endpoint}`, used, d));
  const liveFor = new Map<number, number>();
  const taken = new Set<number>();
  const unverifiable: string[] = [];
  const unresolved: string[] = [];
  for (const pass of [exactMatch, maskedMatch, unresolvedMatch]) {
    desired.forEach((d, i) => {
      if (liveFor.has(i)) return;
      const j = live.findIndex((l, k) => !taken.has(k) && pass(d, l));
      if (j < 0) return;
      liveFor.set(i, j);
      taken.add(j);
      if (pass === maskedMatch) unverifiable.push(desiredKeys[i] as string);
      if (pass === unresolvedMatch) unresolved.push(desiredKeys[i] as string);
    });
  }
  const desiredView: Record<string, SubscriptionView> = {};
  const liveView: Record<string, SubscriptionView> = {};
  const pending: string[] = [];
  desired.forEach((d, i) => {
    const key = desiredKeys[i] as string;
    desiredView[key] = view(d, d.rawMessageDelivery);
    const j = liveFor.get(i);
    if (j === undefined) return;
    const l = live[j] as SnsSubscription;
    // A matched pair has the desired identity; only managed per-subscription settings can differ.
    liveView[key] = view(d, d.rawMessageDelivery === undefined ? undefined : (l.rawMessageDelivery ?? false));
    if (l.pending) pending.push(key);
  });
  live.forEach((l, j) => {
    if (taken.has(j)) return;
    const key = uniqueKey(`${l.protocol}:${l.endpoint}`, used, l);
    liveView[key] = view(l, l.rawMessageDelivery);
    if (l.pending) pending.push(key);
  });
  const uncreatable = desired.flatMap((d, i) =>
    d.unresolved && !liveFor.has(i) ? [desiredKeys[i] as string] : [],
  );
  return {
    desired: desiredView,
    live: liveView,
    unverifiable: unverifiable.sort(),
    unresolved: unresolved.sort(),
    uncreatable: uncreatable.sort(),
    pending: pending.sort(),
  };
}
