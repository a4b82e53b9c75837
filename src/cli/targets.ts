/**
 * `--target ADDRESS` (repeatable; `*` and `?` globs): plan and apply only the resources whose
 * addresses match, plus what they depend on when it does not exist in AWS yet (a bucket's new
 * replication role), said on stderr. Dependencies that exist are left alone, drifted or not.
 */
import { didYouMean } from '../../spec/suggest.js';
import type { ReadScope } from '../adapters/types.js';
import { UsageError } from '../errors.js';
import type { ResourceAddress } from '../model/resource.js';
import type { DesiredState, LiveState, Observation } from '../model/state.js';
import type { CommandContext } from './context.js';
import { getLiveState, type LiveSource } from './live-source.js';

/** A glob over addresses: `*` any characters (`/` included), `?` one character; else exact. */
export function targetMatcher(pattern: string): (address: string) => boolean {
  const source = pattern
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  const re = new RegExp(`^${source}$`);
  return (address) => re.test(address);
}

/** What a targeted run reads first: the targets and everything they depend on, transitively. */
export interface TargetSelection {
  /** The spec narrowed to the targets and their dependencies (what to read). */
  readonly reading: DesiredState;
  /** Addresses the patterns name. */
  readonly targets: ReadonlySet<ResourceAddress>;
  /** Which target first needs each dependency (for the message). */
  readonly neededBy: ReadonlyMap<ResourceAddress, ResourceAddress>;
  /** Whether an address matches any pattern (undeclared ones: prune deletions). */
  readonly matches: (address: string) => boolean;
}

/**
 * Resolves the patterns against the declared addresses. A pattern that names nothing is a
 * UsageError with the closest address (unless `--prune-prefix` may find undeclared matches).
 */
export function selectTargets(
  desired: DesiredState,
  patterns: readonly string[],
  opts: { readonly pruning: boolean },
): TargetSelection {
  const matchers = patterns.map(targetMatcher);
  const addresses = desired.resources.map((r) => r.address);
  if (!opts.pruning)
    patterns.forEach((pattern, i) => {
      if (!addresses.some(matchers[i] as (a: string) => boolean))
        throw new UsageError(
          `--target '${pattern}' matches no resource ${desired.specFile} declares${didYouMean(pattern, addresses)}; ` +
            "addresses look like s3.bucket/NAME or cloudwatch.alarm/REGION/NAME ('*' and '?' match any characters)",
        );
    });
  const matches = (a: string) => matchers.some((m) => m(a));
  const targets = new Set(addresses.filter(matches));
  const byAddress = new Map(desired.resources.map((r) => [r.address, r]));
  const neededBy = new Map<ResourceAddress, ResourceAddress>();
  const queue = [...targets].sort().map((t) => [t, t] as const);
  while (queue.length > 0) {
    const [address, target] = queue.shift() as readonly [ResourceAddress, ResourceAddress];
    for (const dep of byAddress.get(address)?.dependsOn ?? []) {
      if (targets.has(dep) || neededBy.has(dep) || !byAddress.has(dep)) continue;
      neededBy.set(dep, target);
      queue.push([dep, target]);
    }
  }
  const reading: DesiredState = {
    ...desired,
    resources: desired.resources.filter((r) => targets.has(r.address) || neededBy.has(r.address)),
  };
  return { reading, targets, neededBy, matches };
}

/** What a targeted run plans, once live state is read. */
export interface TargetedState {
  readonly desired: DesiredState;
  readonly live: LiveState;
  /** `--target: ...` lines for stderr: what was selected, and each dependency taken along, and why. */
  readonly messages: readonly string[];
}

/**
 * Keeps the targets, the dependencies that do not exist in AWS (they must be created first), and
 * undeclared resources (prune deletions) the patterns match; everything else is left out.
 */
export function narrowToTargets(
  selection: TargetSelection,
  full: DesiredState,
  live: LiveState,
): TargetedState {
  const missing = (address: ResourceAddress) => live.resources[address]?.status === 'absent';
  const added = [...selection.neededBy.keys()].filter(missing).sort();
  const keep = new Set<ResourceAddress>([...selection.targets, ...added]);
  const declared = new Set(full.resources.map((r) => r.address));
  const resources: Record<ResourceAddress, Observation> = {};
  for (const [address, obs] of Object.entries(live.resources))
    if (keep.has(address) || (!declared.has(address) && selection.matches(address))) resources[address] = obs;
  const messages = [
    `--target: planning ${selection.targets.size} of ${full.resources.length} declared resource(s): ${[...selection.targets].sort().join(', ')}`,
    ...added.map(
      (a) =>
        `--target: also ${a}: ${selection.neededBy.get(a)} depends on it and it does not exist in AWS yet`,
    ),
  ];
  return {
    desired: { ...full, resources: full.resources.filter((r) => keep.has(r.address)) },
    live: { ...live, resources },
    messages,
  };
}

/** Live state for plan and apply: everything the spec declares, or with `--target` only that. */
export async function getTargetedLiveState(
  ctx: CommandContext,
  desired: DesiredState,
  scope: ReadScope,
  patterns: readonly string[] = ctx.options.targets,
): Promise<LiveSource & { readonly desired: DesiredState }> {
  if (patterns.length === 0) return { desired, ...(await getLiveState(ctx, desired, scope)) };
  const selection = selectTargets(desired, patterns, { pruning: ctx.options.prunePrefix.length > 0 });
  const source = await getLiveState(ctx, selection.reading, scope);
  const narrowed = narrowToTargets(selection, desired, source.live);
  for (const m of narrowed.messages) ctx.io.stderr.write(`${m}\n`);
  return {
    desired: narrowed.desired,
    live: narrowed.live,
    ...(source.pool ? { pool: source.pool } : {}),
  };
}
