/** Builders for executor tests: desired resources, changes, plans, and fake adapters that log calls. */
import { ClientPool } from '../../src/adapters/aws-config.js';
import type { ApplyOutcome, ApplyStep, KindAdapter, WriteContext } from '../../src/adapters/types.js';
import type { AdapterSet } from '../../src/executor/execute-plan.js';
import type { Action, Change, Plan, Risk } from '../../src/model/plan.js';
import { parseAddress, RESOURCE_KINDS, type ResourceAddress } from '../../src/model/resource.js';
import type { DesiredResource, DesiredState, LiveState, Observation } from '../../src/model/state.js';
import { desiredStateOf } from '../support/builders/index.js';

/** Executor tests run in an account of their own (no test reads a resource of the guide's). */
export const ACCOUNT = '111122223333';

/** A pool that is never used by fake adapters (no client is created until someone asks). */
export function idlePool(): ClientPool {
  return new ClientPool({ defaultRegion: 'eu-west-1' });
}

export function desiredResource(
  address: ResourceAddress,
  over: Partial<DesiredResource> = {},
): DesiredResource {
  const p = parseAddress(address);
  if (!p) throw new Error(`bad test address ${address}`);
  return {
    address,
    kind: p.kind,
    name: p.name,
    region: p.region,
    ensure: 'present',
    attrs: { region: p.region ?? 'eu-west-1' } as DesiredResource['attrs'],
    dependsOn: [],
    ...over,
  };
}

export function desiredState(resources: readonly DesiredResource[]): DesiredState {
  return desiredStateOf(resources, { account: ACCOUNT });
}

export function change(
  address: ResourceAddress,
  action: Action,
  over: Partial<Change> & { risk?: Risk } = {},
): Change {
  const p = parseAddress(address);
  if (!p) throw new Error(`bad test address ${address}`);
  return {
    address,
    kind: p.kind,
    name: p.name,
    region: p.region,
    action,
    fieldDiffs: [],
    risk: over.risk ?? 'low',
    driftSeverity: over.risk ?? 'low',
    riskNotes: [],
    riskDetails: [],
    reason: action === 'create' ? 'absent in AWS' : '1 field differs',
    reasonCode: action === 'create' ? 'absent' : 'fields-differ',
    dependsOn: [],
    ...over,
  };
}

const EXECUTABLE: readonly Action[] = ['create', 'update', 'replace', 'delete'];

/** Dependency layers the way the planner makes them (deletes last, reversed). Test-only helper. */
export function layersOf(changes: readonly Change[]): ResourceAddress[][] {
  const exec = changes.filter((c) => EXECUTABLE.includes(c.action));
  const live = exec.filter((c) => c.action !== 'delete');
  const dels = exec.filter((c) => c.action === 'delete');
  const layer = new Map<ResourceAddress, number>();
  const depth = (c: Change, seen: Set<string>): number => {
    const known = layer.get(c.address);
    if (known !== undefined) return known;
    if (seen.has(c.address)) throw new Error('cycle');
    seen.add(c.address);
    const deps = c.dependsOn.map((d) => live.find((x) => x.address === d)).filter((x): x is Change => !!x);
    const n = deps.length === 0 ? 0 : Math.max(...deps.map((d) => depth(d, seen))) + 1;
    layer.set(c.address, n);
    return n;
  };
  const out: ResourceAddress[][] = [];
  for (const c of live) {
    const n = depth(c, new Set());
    out[n] = [...(out[n] ?? []), c.address];
  }
  // Deletes: a resource is deleted after everything deleted that depends on it.
  const delDepth = new Map<ResourceAddress, number>();
  const dd = (c: Change): number => {
    const k = delDepth.get(c.address);
    if (k !== undefined) return k;
    const users = dels.filter((d) => d.dependsOn.includes(c.address));
    const n = users.length === 0 ? 0 : Math.max(...users.map(dd)) + 1;
    delDepth.set(c.address, n);
    return n;
  };
  const base = out.length;
  for (const c of dels) {
    const n = base + dd(c);
    out[n] = [...(out[n] ?? []), c.address];
  }
  return out.filter(Boolean).map((l) => l.sort());
}

export function planOf(changes: readonly Change[], over: Partial<Plan> = {}): Plan {
  const sorted = [...changes].sort((a, b) => (a.address < b.address ? -1 : 1));
  const count = (a: Action) => sorted.filter((c) => c.action === a).length;
  const unchecked = over.unchecked ?? [];
  return {
    formatVersion: 1,
    account: ACCOUNT,
    createdAt: '2026-01-01T00:00:00.000Z',
    changes: sorted,
    unchecked,
    layers: layersOf(sorted),
    liveFingerprint: 'f'.repeat(64),
    summary: {
      create: count('create'),
      update: count('update'),
      replace: count('replace'),
      delete: count('delete'),
      blocked: count('blocked'),
      noop: count('no-op'),
      unchecked: unchecked.length,
    },
    complete: unchecked.length === 0,
    ...over,
  };
}

/** One call a fake adapter received, in the order received. */
export interface FakeCall {
  readonly op: 'read' | 'apply' | 'delete' | 'apply:end';
  readonly address: ResourceAddress;
  /** apply/delete: the step the executor handed over. */
  readonly step?: ApplyStep;
}

export interface FakeBehaviour {
  /**
   * What the plan observed (the live state) and what a read returns (default: present with the
   * desired attrs).
   */
  readonly observation?: Observation;
  /** What a read returns when it should differ from `observation` (AWS changed, or reads fail since). */
  readonly readObservation?: Observation;
  /** apply/delete throws this. */
  readonly fail?: unknown;
  /** Mutating calls to make through ctx.mutate during apply/delete (default 1). */
  readonly writes?: number;
  /** Runs inside apply/delete before the writes (assertions about the moment of writing). */
  readonly during?: (ctx: WriteContext) => Promise<void> | void;
  /** Outcome to return (default 'applied'). */
  readonly outcome?: ApplyOutcome;
}

/**
 * Fake adapters for every kind, driven by a per-address behaviour table; `calls` logs everything;
 * `live(desired)` is the live state a plan would have been made from (the behaviour's observations).
 */
export function fakeAdapters(behaviour: Readonly<Record<ResourceAddress, FakeBehaviour>> = {}): {
  adapters: AdapterSet;
  calls: FakeCall[];
  live: (desired: DesiredState) => LiveState;
} {
  const calls: FakeCall[] = [];
  const write = async (op: 'apply' | 'delete', ctx: WriteContext, step: ApplyStep): Promise<ApplyOutcome> => {
    const r = step.desired;
    calls.push({ op, address: r.address, step });
    const b = behaviour[r.address] ?? {};
    await b.during?.(ctx);
    // Yield so that concurrent steps really overlap.
    await new Promise((res) => setImmediate(res));
    for (let i = 0; i < (b.writes ?? 1); i++)
      await ctx.mutate('fake', op === 'apply' ? 'PutThing' : 'DeleteThing', r.address, async () => {
        if (b.fail !== undefined) throw b.fail;
        return {};
      });
    calls.push({ op: 'apply:end', address: r.address });
    return b.outcome ?? 'applied';
  };
  const adapter = <K extends (typeof RESOURCE_KINDS)[number]>(kind: K): KindAdapter<K> => ({
    kind,
    async read(_ctx, resources) {
      return new Map(
        resources.map((r) => {
          calls.push({ op: 'read', address: r.address });
          const b = behaviour[r.address];
          const obs = b?.readObservation ?? b?.observation ?? { status: 'present' as const, attrs: r.attrs };
          return [r.address, obs as Observation<K>];
        }),
      );
    },
    apply: (ctx, r) => write('apply', ctx, r),
    delete: (ctx, r) => write('delete', ctx, r),
  });
  const adapters = Object.fromEntries(RESOURCE_KINDS.map((k) => [k, adapter(k)])) as AdapterSet;
  const live = (desired: DesiredState): LiveState => ({
    formatVersion: 1,
    account: ACCOUNT,
    capturedAt: '2026-01-01T00:00:00.000Z',
    source: { kind: 'aws' },
    resources: Object.fromEntries(
      desired.resources.map((r) => [
        r.address,
        behaviour[r.address]?.observation ?? ({ status: 'present', attrs: r.attrs } as Observation),
      ]),
    ),
  });
  return { adapters, calls, live };
}

/** An SDK-style AWS error (name = code, $metadata). */
export function awsError(code: string, message: string, status = 400): Error {
  const e = new Error(message) as Error & { $metadata: { httpStatusCode: number } };
  e.name = code;
  e.$metadata = { httpStatusCode: status };
  return e;
}
