/**
 * The executor: the only code that writes to AWS. Walks the plan's dependency layers; within a layer
 * runs steps concurrently (bounded); saves each resource's current configuration before touching it;
 * hands each adapter the plan's step (the desired resource, the live observation the plan was made
 * from, the change with its field diffs) so it writes exactly the plan's diffs, with no second
 * definition of "different"; records every step's outcome as data. A failed step skips the steps
 * that depend on it (transitively) and nothing else.
 *
 * Reads: none for a create or an update (the plan's observation is what is saved, and what the
 * adapter works from); one full read (scope `all`) for a delete or a replace, which removes the whole
 * resource, so its backup must hold the whole resource (and the adapter deletes what that read saw).
 */
import { dirname } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Logger } from 'pino';
import type { ClientPool } from '../adapters/aws-config.js';
import { awsErrorCode, mapBounded } from '../adapters/kit.js';
import { ADAPTERS } from '../adapters/registry.js';
import { READ_FAN_OUT } from '../adapters/scheduler.js';
import type { ApplyStep, KindAdapter, PlannedObservation } from '../adapters/types.js';
import { ReconcileError } from '../errors.js';
import type { Change, Plan } from '../model/plan.js';
import { type ResourceAddress, type ResourceKind, serviceOf } from '../model/resource.js';
import { redactText } from '../model/secrets.js';
import type { DesiredResource, DesiredState, LiveState, Observation } from '../model/state.js';
import { type ApplyResult, type StepResult, summariseSteps } from './apply-result.js';
import { BackupWriter, DEFAULT_BACKUP_ROOT } from './backups.js';
import { blockedChanges, checkGuardrails, executableChanges, forbiddenReason } from './guardrails.js';
import {
  createWriteContext,
  isNotAnAwsResponse,
  MutationCounter,
  NOT_AN_AWS_RESPONSE,
} from './write-context.js';

/** The adapters the executor drives, by kind (tests inject fakes; a missing kind fails its steps). */
export type AdapterSet = { readonly [K in ResourceKind]?: KindAdapter<K> };

/** How to execute a plan. */
export interface ExecuteOptions {
  /** SDK clients (one per service and region); every step's WriteContext shares it. */
  readonly pool: ClientPool;
  /** The account the plan is for (WriteContext.account, backup manifest). Default: plan.account. */
  readonly account?: string;
  readonly logger?: Logger;
  /** Default: ADAPTERS from src/adapters/registry.ts. */
  readonly adapters?: AdapterSet;
  /** Allow high-risk changes (`--allow-destructive`). Default false: they are refused before anything runs. */
  readonly allowDestructive?: boolean;
  /**
   * Steps of one service run at once within a layer. Default {@link STEPS_PER_SERVICE}: the
   * scheduler in ClientPool.send bounds the AWS calls themselves (per service and region, per API
   * rate), so this only bounds work in progress.
   */
  readonly concurrency?: number;
  /** Where the pre-change configurations go. Default `.reconcile/backups` (relative to the cwd). */
  readonly backupRoot?: string;
  /** Clear secret values by sha256 (DesiredState.secrets) for writers; default desired.secrets. */
  readonly secrets?: ReadonlyMap<string, string>;
  /** Clock for backup directory names and timestamps (tests). Default: now. */
  readonly now?: () => Date;
  /** `--rds-apply-in-maintenance-window`: RDS changes wait for the maintenance window (WriteContext). */
  readonly rdsApplyInMaintenanceWindow?: boolean;
  /** Called as each step finishes (progress output). */
  readonly onStep?: (step: StepResult) => void;
  /** Progress as it happens (the CLI's TTY progress lines); see {@link ApplyProgress}. */
  readonly onProgress?: (event: ApplyProgress) => void;
}

/**
 * What an apply is doing, as it does it: `backup` once, when the first pre-change configuration is
 * saved (before the first write of the apply); `start` when a step begins writing (its configuration
 * saved); `done` when it ends
 * (applied, unchanged, failed or skipped). Purely informative: nothing waits on the listener.
 */
export type ApplyProgress =
  | { readonly type: 'backup'; readonly dir: string }
  | { readonly type: 'start'; readonly address: ResourceAddress; readonly action: Change['action'] }
  | { readonly type: 'done'; readonly step: StepResult };

/** A plan whose layers do not match its changes: a bug or a hand-edited file. Nothing runs. */
export class InvalidPlanError extends ReconcileError {
  constructor(message: string) {
    super('PLAN_INVALID', message);
  }
}

/** The steps that must succeed before `change` may run (see module doc). */
function prerequisitesOf(
  change: Change,
  executable: ReadonlyMap<ResourceAddress, Change>,
): ResourceAddress[] {
  if (change.action === 'delete') {
    // Deletes run in reverse: whatever depends on this resource and is itself deleted goes first.
    return [...executable.values()]
      .filter((d) => d.action === 'delete' && d.dependsOn.includes(change.address))
      .map((d) => d.address);
  }
  return change.dependsOn.filter((a) => executable.has(a) && executable.get(a)?.action !== 'delete');
}

/** Checks that every executable change is in exactly one layer, after all its prerequisites. */
function checkLayers(plan: Plan, executable: ReadonlyMap<ResourceAddress, Change>): void {
  const layerOf = new Map<ResourceAddress, number>();
  plan.layers.forEach((layer, i) => {
    for (const a of layer) {
      if (layerOf.has(a)) throw new InvalidPlanError(`plan lists ${a} in two layers`);
      layerOf.set(a, i);
    }
  });
  for (const c of executable.values()) {
    const mine = layerOf.get(c.address);
    if (mine === undefined)
      throw new InvalidPlanError(`plan change ${c.address} (${c.action}) is in no layer`);
    for (const p of prerequisitesOf(c, executable)) {
      if ((layerOf.get(p) ?? Number.POSITIVE_INFINITY) >= mine)
        throw new InvalidPlanError(`plan layers run ${c.address} before ${p}, which it depends on`);
    }
  }
}

/**
 * Default steps in progress per service within a layer (issue 14: was 4 for the whole layer). Each
 * service has its own bound so that steps waiting for a scarce service (IAM: 4 calls in flight for
 * the account) never hold back another service's steps; the scheduler bounds the calls.
 */
export const STEPS_PER_SERVICE = READ_FAN_OUT;

/** Runs tasks with at most `limit` in progress per key (FIFO per key). */
function boundedPerKey(limit: number): <T>(key: string, task: () => Promise<T>) => Promise<T> {
  const active = new Map<string, number>();
  const waiting = new Map<string, (() => void)[]>();
  return async (key, task) => {
    if ((active.get(key) ?? 0) >= limit)
      await new Promise<void>((resolve) => {
        const queue = waiting.get(key) ?? [];
        queue.push(resolve);
        waiting.set(key, queue);
      });
    else active.set(key, (active.get(key) ?? 0) + 1);
    try {
      return await task();
    } finally {
      const next = waiting.get(key)?.shift();
      if (next)
        next(); // hands its place on
      else active.set(key, (active.get(key) ?? 1) - 1);
    }
  };
}

/** A DesiredResource to delete when the spec does not declare the address (prune). */
function resourceFromChange(change: Change): DesiredResource {
  return {
    address: change.address,
    kind: change.kind,
    name: change.name,
    region: change.region,
    ensure: 'absent',
    attrs: (change.before ?? {}) as DesiredResource['attrs'],
    dependsOn: change.dependsOn,
  };
}

class StepFailure extends Error {}

function errorText(e: unknown): string {
  if (e instanceof StepFailure) return e.message;
  if (isNotAnAwsResponse(e)) return NOT_AN_AWS_RESPONSE;
  const code = awsErrorCode(e);
  const message = (e as Error)?.message ?? String(e);
  const text = code && !message.includes(code) ? `${code}: ${message}` : message;
  return redactText(text.split('\n')[0] ?? text);
}

/**
 * Executes a plan against AWS. `live` is the live state the plan was made from (for a saved plan: the
 * fresh read whose fingerprint matched): each step's adapter works from its observation. Refuses
 * (throws, before anything runs) an incomplete plan, high-risk changes without `allowDestructive`, and
 * a plan whose layers are inconsistent. Everything else is data: each change gets a StepResult; no-op
 * changes are not executed; blocked changes are skipped.
 */
export async function executePlan(
  plan: Plan,
  desired: DesiredState,
  live: LiveState,
  opts: ExecuteOptions,
): Promise<ApplyResult> {
  checkGuardrails(plan, { allowDestructive: opts.allowDestructive ?? false });
  const executable = new Map(executableChanges(plan).map((c) => [c.address, c]));
  checkLayers(plan, executable);

  const adapters = opts.adapters ?? (ADAPTERS as AdapterSet);
  const account = opts.account ?? plan.account;
  const concurrency = Math.max(1, opts.concurrency ?? STEPS_PER_SERVICE);
  const perService = boundedPerKey(concurrency);
  const logger = opts.logger;
  const secrets = opts.secrets ?? desired.secrets;
  const declared = new Map(desired.resources.map((r) => [r.address, r]));
  const total = new MutationCounter();
  const backups = new BackupWriter(
    opts.backupRoot ?? DEFAULT_BACKUP_ROOT,
    { account, defaultRegion: desired.defaultRegion, specFile: desired.specFile },
    opts.now,
  );

  const results = new Map<ResourceAddress, StepResult>();
  const notDone = new Set<ResourceAddress>(); // failed or skipped

  const record = (r: StepResult) => {
    results.set(r.address, r);
    if (r.outcome === 'failed' || r.outcome === 'skipped') notDone.add(r.address);
    logger?.info(
      { address: r.address, action: r.action, outcome: r.outcome, ...(r.error ? { error: r.error } : {}) },
      'step',
    );
    opts.onStep?.(r);
    opts.onProgress?.({ type: 'done', step: r });
  };
  let backupAnnounced = false;

  const runStep = async (change: Change): Promise<StepResult> => {
    const stepCounter = new MutationCounter();
    const ctx = createWriteContext({
      pool: opts.pool,
      account,
      concurrency,
      counters: [total, stepCounter],
      ...(logger ? { logger } : {}),
      ...(secrets ? { secrets } : {}),
      ...(opts.rdsApplyInMaintenanceWindow ? { rdsApplyInMaintenanceWindow: true } : {}),
    });
    const started = performance.now();
    const done = (outcome: 'applied' | 'unchanged'): StepResult => ({
      address: change.address,
      action: change.action,
      outcome,
      mutations: stepCounter.count,
      durationMs: Math.round(performance.now() - started),
    });
    try {
      const adapter = adapters[change.kind] as KindAdapter | undefined;
      if (!adapter) throw new StepFailure(`no adapter can write ${change.kind} resources`);
      let resource = declared.get(change.address);
      if (change.action === 'delete') resource ??= resourceFromChange(change);
      if (!resource || (change.action !== 'delete' && resource.ensure !== 'present'))
        throw new StepFailure(
          `the spec does not declare ${change.address} as present; nothing to ${change.action}`,
        );

      // What the plan saw. Unknown is not unchanged: no observation, no step.
      const planned = live.resources[change.address];
      if (planned === undefined || planned.status === 'unreadable')
        throw new StepFailure(
          `the live state the plan was made from has no readable observation of ${change.address}; plan again`,
        );
      const step = { desired: resource, change };
      // A delete or replace removes the whole resource: read it whole (the plan may have read only
      // the managed fields), so the backup can bring all of it back.
      let before: PlannedObservation = planned;
      if (change.action === 'delete' || change.action === 'replace') {
        const full: Observation = (await adapter.read(ctx, [resource])).get(change.address) ?? {
          status: 'unreadable',
          reason: 'the adapter returned no observation',
        };
        if (full.status === 'unreadable')
          throw new StepFailure(`cannot save the current configuration before changing it: ${full.reason}`);
        before = full;
      }
      // Nothing is lost: save the current configuration before changing anything.
      const saved = await backups.write({
        address: change.address,
        kind: change.kind,
        name: change.name,
        region: change.region,
        dependsOn: resource.dependsOn,
        observation: before,
      });
      if (!backupAnnounced) {
        // Synchronously after the first save and before any step's write: the message comes first.
        backupAnnounced = true;
        opts.onProgress?.({ type: 'backup', dir: dirname(saved) });
      }
      opts.onProgress?.({ type: 'start', address: change.address, action: change.action });

      switch (change.action) {
        case 'create':
        case 'update': {
          if (!adapter.apply) throw new StepFailure(`the ${change.kind} adapter cannot write`);
          return done(await adapter.apply(ctx, { ...step, observation: before }));
        }
        case 'delete': {
          if (before.status === 'absent') return done('unchanged');
          if (!adapter.delete) throw new StepFailure(`the ${change.kind} adapter cannot delete`);
          return done(await adapter.delete(ctx, { ...step, observation: before }));
        }
        case 'replace': {
          if (!adapter.apply || !adapter.delete)
            throw new StepFailure(`the ${change.kind} adapter cannot replace (needs delete and apply)`);
          // Delete what is there now (its live identity, e.g. the old path or event bus), then create.
          if (before.status === 'present')
            await adapter.delete(ctx, {
              desired: { ...resource, attrs: before.attrs },
              observation: before,
              change: { action: 'delete', fieldDiffs: [] },
            } satisfies ApplyStep);
          await adapter.apply(ctx, {
            desired: resource,
            observation: { status: 'absent' },
            change: { action: 'create', fieldDiffs: [] },
          });
          return done('applied');
        }
        default:
          throw new StepFailure(`assertion: ${change.action} is not executable`);
      }
    } catch (e) {
      const code = e instanceof StepFailure ? undefined : awsErrorCode(e);
      return {
        address: change.address,
        action: change.action,
        outcome: 'failed',
        error: errorText(e),
        ...(code ? { errorCode: code } : {}),
        mutations: stepCounter.count,
        durationMs: Math.round(performance.now() - started),
      };
    }
  };

  for (const c of blockedChanges(plan)) {
    record({
      address: c.address,
      action: c.action,
      outcome: 'skipped',
      error: `blocked: ${redactText(forbiddenReason(c) ?? c.reason)}`,
      mutations: 0,
      durationMs: 0,
    });
  }

  for (const layer of plan.layers) {
    const steps = layer.map((a) => executable.get(a)).filter((c): c is Change => c !== undefined);
    // Every step of the layer starts; each service's steps are bounded on their own (perService).
    await mapBounded(steps, steps.length, async (change) => {
      const failedDeps = prerequisitesOf(change, executable).filter((p) => notDone.has(p));
      if (failedDeps.length > 0) {
        record({
          address: change.address,
          action: change.action,
          outcome: 'skipped',
          error: `skipped: depends on ${failedDeps.map((d) => `${d} (${results.get(d)?.outcome ?? 'not done'})`).join(', ')}`,
          mutations: 0,
          durationMs: 0,
        });
        return;
      }
      record(await perService(serviceOf(change.kind), () => runStep(change)));
    });
  }

  const steps = [...results.values()].sort((a, b) =>
    a.address < b.address ? -1 : a.address > b.address ? 1 : 0,
  );
  const backupDir = await backups.directory();
  return {
    formatVersion: 1,
    account,
    steps,
    summary: summariseSteps(steps),
    mutations: total.count,
    ...(backupDir ? { backupDir } : {}),
  };
}
