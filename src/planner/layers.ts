/**
 * Dependency layers for the executor: layer N only depends on layers < N. Creates, updates and
 * replaces come first in dependency order; deletes follow in their own layers, in REVERSE dependency
 * order (a resource is deleted before what it depends on). Pure.
 */
import type { Change } from '../model/plan.js';
import { compareAddresses, type ResourceAddress } from '../model/resource.js';

const ACTIONABLE = new Set(['create', 'update', 'replace', 'delete']);

/** Longest-path layering of `nodes` where `after(n)` lists the nodes that must come before n. */
function layer(
  nodes: readonly ResourceAddress[],
  after: (n: ResourceAddress) => readonly ResourceAddress[],
): ResourceAddress[][] {
  const inSet = new Set(nodes);
  const depth = new Map<ResourceAddress, number>();
  const visiting = new Set<ResourceAddress>();
  const depthOf = (n: ResourceAddress): number => {
    const known = depth.get(n);
    if (known !== undefined) return known;
    // A cycle (the spec checks prevent them) is cut where it is found rather than looping forever.
    if (visiting.has(n)) return 0;
    visiting.add(n);
    let d = 0;
    for (const p of after(n)) if (inSet.has(p) && p !== n) d = Math.max(d, depthOf(p) + 1);
    visiting.delete(n);
    depth.set(n, d);
    return d;
  };
  const layers: ResourceAddress[][] = [];
  for (const n of nodes) {
    const d = depthOf(n);
    while (layers.length <= d) layers.push([]);
    layers[d]?.push(n);
  }
  return layers.filter((l) => l.length > 0).map((l) => l.sort(compareAddresses));
}

/** Computes the executor's layers over the actionable changes (create/update/replace/delete). */
export function layerChanges(changes: readonly Change[]): ResourceAddress[][] {
  const actionable = changes.filter((c) => ACTIONABLE.has(c.action));
  const byAddress = new Map(actionable.map((c) => [c.address, c]));
  const applies = actionable.filter((c) => c.action !== 'delete').map((c) => c.address);
  const deletes = actionable.filter((c) => c.action === 'delete').map((c) => c.address);
  const dependents = new Map<ResourceAddress, ResourceAddress[]>();
  for (const c of actionable) {
    for (const d of c.dependsOn) dependents.set(d, [...(dependents.get(d) ?? []), c.address]);
  }
  return [
    ...layer(applies, (n) => byAddress.get(n)?.dependsOn ?? []),
    // deleting n must wait for the deletion of everything that depends on n
    ...layer(deletes, (n) => dependents.get(n) ?? []),
  ];
}
