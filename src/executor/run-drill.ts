/**
 * Runs one recovery drill (issue 16): each restore the scenario relies on, into the sandbox or a
 * temporary resource, verified and measured; then removes everything it created, in a `finally`
 * (also after an abort: SIGINT). The only writes are the drill clients' (src/adapters/operations.ts
 * DRILL_CLIENTS): copies into the sandbox prefix, archive restores, temporary DB instances, restore
 * jobs, and the deletion of those — never a declared resource's configuration.
 */
import type { Logger } from 'pino';
import type { ClientPool } from '../adapters/aws-config.js';
import {
  describeRestore,
  newestRecoveryPoint,
  type RestorablePoint,
  startRestore,
} from '../adapters/backup/drill.js';
import { awsErrorCode } from '../adapters/kit.js';
import {
  deleteDrillInstance,
  describeInstance,
  drillTagOf,
  listDrillInstances,
  restoreToLatestTime,
  smallestInstanceClass,
  tagDrillInstance,
} from '../adapters/rds/drill.js';
import {
  archiveState,
  copyVersionToSandbox,
  countObjects,
  DRILL_BUCKET_PREFIX,
  deleteDrillBucket,
  listDrillBuckets,
  pickSampleVersions,
  removeSandboxCopies,
  requestArchiveRestore,
  type SampleVersion,
  type SandboxLocation,
  tagDrillBucket,
} from '../adapters/s3/drill.js';
import type { WriteContext } from '../adapters/types.js';
import {
  buildDrillEvidence,
  type DrillEvidence,
  type DrillPhaseResult,
  type DrillSample,
  type DrillStatus,
  type DrillTarget,
  drillInstanceId,
  drillTargets,
  judgePhase,
  minutesBetween,
  sandboxKey,
} from '../model/drill.js';
import type { DesiredState, DrillScenarioSettings, RecoveryScenario } from '../model/state.js';
import { createWriteContext, MutationCounter } from './write-context.js';

/** What a drill run needs. */
export interface DrillRunOptions {
  readonly pool: ClientPool;
  readonly account: string;
  readonly logger?: Logger;
  readonly desired: DesiredState;
  readonly scenario: RecoveryScenario;
  readonly settings: DrillScenarioSettings;
  readonly rdsInstanceClass?: string;
  readonly runId: string;
  /** The clock (measurements and evidence times). */
  readonly now: () => Date;
  /** Waits between polls of a restore (tests pass a short one). */
  readonly pollMs: number;
  /** The longest a phase waits for a restore before it counts as missed (minutes, default: the RTO). */
  readonly waitMinutes?: number;
  /** The previous drill of this scenario: its pending archive restores are followed up. */
  readonly previous?: DrillEvidence;
  /** Aborted on SIGINT: no new phase starts, waits stop, cleanup runs. */
  readonly signal?: AbortSignal;
}

class Aborted extends Error {}

/** Removes what a phase created; returns what it removed (`leftover` is reported when it throws). */
interface CleanupTask {
  readonly what: string;
  readonly run: () => Promise<readonly string[]>;
}

/** Waits `ms`, or less when aborted (then throws Aborted). */
function pause(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new Aborted('aborted'));
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(new Aborted('aborted'));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

function describeError(e: unknown): string {
  const code = awsErrorCode(e);
  const message = e instanceof Error ? e.message : String(e);
  return code && !message.startsWith(code) ? `${code}: ${message}` : message;
}

/** State shared by the phases of one run. */
interface Run {
  readonly opts: DrillRunOptions;
  readonly ctx: WriteContext;
  readonly cleanups: CleanupTask[];
  readonly waitMinutes: number;
  /** Temporary buckets made so far in this run (their names end in the count). */
  bucketSeq: number;
}

function bucketRegion(desired: DesiredState, bucket: string): string {
  const r = desired.resources.find((x) => x.kind === 's3.bucket' && x.name === bucket);
  return (r?.attrs as { region?: string } | undefined)?.region ?? desired.defaultRegion;
}

/** What a phase function returns: the phase result without what the runner adds around it. */
type PhaseOutcome = Omit<DrillPhaseResult, 'kind' | 'resource' | 'startedAt' | 'finishedAt'>;

/** A phase that found a gap before restoring anything: nothing created, no RTO (and the RPO when known). */
function gapFound(detail: string, rpoMinutes: number | null = null): PhaseOutcome {
  return { status: 'gap', rtoMinutes: null, rpoMinutes, detail, created: [] };
}

async function s3Phase(
  run: Run,
  target: Extract<DrillTarget, { kind: 's3-version' | 's3-replica' }>,
  startedAt: string,
): Promise<PhaseOutcome> {
  const { opts, ctx } = run;
  const sandbox = opts.settings.sandbox;
  if (!sandbox) return gapFound('no sandbox declared (drill.sandbox)');
  const region = bucketRegion(opts.desired, target.bucket);
  const runSandbox: SandboxLocation = {
    bucket: sandbox.bucket,
    region: sandbox.region,
    prefix: `${sandbox.prefix}${opts.runId}/`,
  };
  // Archive restores still pending from the previous run are followed up first (same versions).
  const carried = (opts.previous?.phases ?? [])
    .filter((p) => p.resource === target.resource)
    .flatMap((p) => p.samples ?? [])
    .filter((s) => s.status === 'pending');
  const picked: (SampleVersion & { restoreRequestedAt?: string })[] = carried.length
    ? carried.map((s) => ({ ...s, lastModified: '' }))
    : await pickSampleVersions(opts.pool, target.bucket, region, {
        prefix: opts.settings.samples.prefix,
        count: opts.settings.samples.count,
        mode: target.kind === 's3-version' ? 'noncurrent' : 'newest',
      });
  if (picked.length === 0)
    return {
      status: 'gap',
      rtoMinutes: null,
      rpoMinutes: null,
      detail:
        target.kind === 's3-version'
          ? `no object under "${opts.settings.samples.prefix}" has a noncurrent version to restore`
          : `no object under "${opts.settings.samples.prefix}" to restore from the replica`,
      created: [],
    };
  if (!run.cleanups.some((c) => c.what === `s3://${runSandbox.bucket}/${runSandbox.prefix}`))
    run.cleanups.push({
      what: `s3://${runSandbox.bucket}/${runSandbox.prefix}`,
      run: () => removeSandboxCopies(ctx, runSandbox, opts.runId),
    });
  const samples: DrillSample[] = [];
  const created: string[] = [];
  let earliest = startedAt;
  for (const v of picked) {
    const base = {
      bucket: target.bucket,
      key: v.key,
      versionId: v.versionId,
      storageClass: v.storageClass,
      size: v.size,
      etag: v.etag,
    };
    try {
      let state = await archiveState(opts.pool, target.bucket, region, v);
      let requestedAt = v.restoreRequestedAt;
      if (state === 'not-requested') {
        await requestArchiveRestore(ctx, target.bucket, region, v);
        requestedAt = opts.now().toISOString();
        state = await archiveState(opts.pool, target.bucket, region, v);
      }
      if (requestedAt && requestedAt < earliest) earliest = requestedAt;
      if (state === 'in-progress' || state === 'not-requested') {
        samples.push({
          ...base,
          status: 'pending',
          ...(requestedAt ? { restoreRequestedAt: requestedAt } : {}),
          detail: 'archive restore under way: the next drill of this scenario completes it',
        });
        continue;
      }
      const key = sandboxKey(sandbox.prefix, opts.runId, target.bucket, v.key);
      const copy = await copyVersionToSandbox(
        ctx,
        { bucket: target.bucket, version: v },
        runSandbox,
        key,
        opts.runId,
      );
      created.push(`s3://${sandbox.bucket}/${key}`);
      // A multipart upload's ETag is not an MD5 of the content, and a copy gets a new one: then
      // only the size can be compared ("Checking object integrity", S3 user guide,
      // https://docs.aws.amazon.com/AmazonS3/latest/userguide/checking-object-integrity.html).
      const multipart = v.etag.includes('-');
      const sizeOk = copy.size === v.size;
      const etagOk = multipart || copy.etag === v.etag;
      samples.push({
        ...base,
        status: sizeOk && etagOk ? 'verified' : 'mismatch',
        copiedTo: `s3://${sandbox.bucket}/${key}`,
        ...(requestedAt ? { restoreRequestedAt: requestedAt } : {}),
        ...(sizeOk && etagOk
          ? multipart
            ? { detail: 'size matches (multipart ETag: size only)' }
            : {}
          : { detail: `copy has size ${copy.size} and ETag ${copy.etag}, expected ${v.size} and ${v.etag}` }),
      });
    } catch (e) {
      if (e instanceof Aborted) throw e;
      samples.push({ ...base, status: 'error', detail: describeError(e) });
    }
  }
  const finishedAt = opts.now().toISOString();
  const bad = samples.filter((s) => s.status === 'mismatch' || s.status === 'error');
  const pending = samples.filter((s) => s.status === 'pending');
  const status: DrillStatus = bad.some((s) => s.status === 'error')
    ? 'error'
    : bad.length
      ? 'gap'
      : pending.length
        ? 'pending'
        : 'passed';
  const verified = samples.length - bad.length - pending.length;
  return {
    status,
    rtoMinutes: status === 'passed' ? minutesBetween(earliest, finishedAt) : null,
    // Versioning keeps every write: a version restore loses nothing written before the deletion.
    rpoMinutes: null,
    detail:
      `${verified}/${samples.length} ${target.kind === 's3-version' ? 'noncurrent' : 'replica'} version(s) copied to s3://${sandbox.bucket}/${runSandbox.prefix} and verified` +
      (pending.length ? `, ${pending.length} archive restore(s) pending` : '') +
      (bad.length ? `, ${bad.length} failed verification` : ''),
    samples,
    created,
  };
}

/** Polls a DB instance until it is available, failed, or the wait is over. */
async function waitForInstance(run: Run, region: string, id: string, since: number): Promise<string> {
  const { opts } = run;
  for (;;) {
    const db = await describeInstance(opts.pool, region, id);
    const status = db?.status ?? 'creating';
    if (status === 'available' || status === 'failed' || status.startsWith('incompatible')) return status;
    if ((opts.now().getTime() - since) / 60000 > run.waitMinutes) return `still ${status}`;
    await pause(opts.pollMs, opts.signal);
  }
}

async function rdsPhase(
  run: Run,
  target: Extract<DrillTarget, { kind: 'rds-pitr' }>,
  startedAt: string,
): Promise<PhaseOutcome> {
  const { opts, ctx } = run;
  const source = await describeInstance(opts.pool, target.region, target.instance);
  if (!source) return gapFound(`${target.instance} does not exist`);
  if (source.backupRetentionPeriod === 0 || !source.latestRestorableTime)
    return gapFound(`${target.instance} has automated backups off: there is no point in time to restore`);
  // RPO achieved: what a restore now loses, the age of the latest restorable time (RDS user guide,
  // "Restoring a DB instance to a specified time": typically within the last five minutes).
  const rpoMinutes = Math.max(0, minutesBetween(source.latestRestorableTime, startedAt));
  const id = drillInstanceId(target.instance, opts.runId);
  const instanceClass = opts.rdsInstanceClass ?? smallestInstanceClass(source.engine);
  run.cleanups.push({
    what: `rds ${target.region}/${id}`,
    run: async () =>
      (await deleteDrillInstance(ctx, target.region, id, opts.runId)) ? [`rds:${target.region}/${id}`] : [],
  });
  const since = opts.now().getTime();
  await restoreToLatestTime(ctx, target.region, source, { id, instanceClass, runId: opts.runId });
  const status = await waitForInstance(run, target.region, id, since);
  const finishedAt = opts.now().toISOString();
  const elapsed = minutesBetween(new Date(since).toISOString(), finishedAt);
  const restored = await describeInstance(opts.pool, target.region, id);
  const created = [`rds:${target.region}/${id}`];
  if (status !== 'available')
    return {
      status: status.startsWith('still') ? 'missed' : 'gap',
      rtoMinutes: status.startsWith('still') ? elapsed : null,
      rpoMinutes,
      detail: `temporary instance ${id} is ${status} after ${Math.round(elapsed)} min`,
      created,
    };
  if (restored?.engine !== source.engine)
    return {
      status: 'gap',
      rtoMinutes: elapsed,
      rpoMinutes,
      detail: `temporary instance ${id} runs ${restored?.engine ?? 'nothing'}, not ${source.engine}`,
      created,
    };
  return {
    status: 'passed',
    rtoMinutes: elapsed,
    rpoMinutes,
    detail: `restored to ${source.latestRestorableTime} as ${id} (${instanceClass}, not public), available`,
    created,
  };
}

/** The DB identifier in an RDS ARN (`arn:aws:rds:region:account:db:ID`). */
function dbIdOf(arn: string): string | undefined {
  const parts = arn.split(':');
  return parts[5] === 'db' ? parts[6] : undefined;
}

async function backupPhase(
  run: Run,
  target: Extract<DrillTarget, { kind: 'backup-restore' }>,
  startedAt: string,
): Promise<PhaseOutcome> {
  const { opts, ctx } = run;
  const point = await newestRecoveryPoint(opts.pool, target.region, target.vault);
  if (!point) return gapFound(`vault ${target.vault} holds no completed recovery point`);
  const rpoMinutes = Math.max(0, minutesBetween(point.creationDate, startedAt));
  if (point.resourceType === 'S3' && point.iamRoleArn)
    return s3PointPhase(run, target, point as RestorablePoint & { iamRoleArn: string }, rpoMinutes);
  const sourceId = point.resourceType === 'RDS' ? dbIdOf(point.resourceArn) : undefined;
  if (!sourceId)
    return gapFound(
      `the newest recovery point (${point.resourceType} ${point.resourceArn}) is not an RDS instance or S3 bucket: the drill restores those only`,
      rpoMinutes,
    );
  if (!point.iamRoleArn)
    return gapFound(`recovery point ${point.arn} names no IAM role to restore with`, rpoMinutes);
  const id = drillInstanceId(sourceId, opts.runId);
  run.cleanups.push({
    what: `rds ${target.region}/${id}`,
    run: async () => {
      const db = await describeInstance(opts.pool, target.region, id);
      if (!db) return [];
      // Created by AWS Backup under the run's own name; tagged first if the run stopped before.
      if ((await drillTagOf(opts.pool, target.region, db.arn)) === undefined)
        await tagDrillInstance(ctx, target.region, db.arn, id, opts.runId);
      return (await deleteDrillInstance(ctx, target.region, id, opts.runId))
        ? [`rds:${target.region}/${id}`]
        : [];
    },
  });
  // Restore metadata keys: AWS Backup developer guide, "Restore an Amazon RDS database"
  // (https://docs.aws.amazon.com/aws-backup/latest/devguide/restoring-rds.html).
  const instanceClass = opts.rdsInstanceClass ?? 'db.t4g.micro';
  const jobId = await startRestore(
    ctx,
    target.region,
    target.vault,
    point,
    {
      DBInstanceIdentifier: id,
      DBInstanceClass: instanceClass,
      PubliclyAccessible: 'false',
      MultiAZ: 'false',
    },
    point.iamRoleArn,
    `${opts.runId}-${target.vault}`.slice(0, 64),
  );
  const since = opts.now().getTime();
  const { job, elapsed } = await followRestore(run, target.region, jobId, since);
  const created = [`rds:${target.region}/${id}`];
  if (job.status !== 'COMPLETED') return unfinishedRestore(job, jobId, elapsed, rpoMinutes, created);
  if (job.createdResourceArn)
    await tagDrillInstance(ctx, target.region, job.createdResourceArn, id, opts.runId);
  // AWS Backup's own times measure the restore; the drill's clock only when they are missing.
  const rtoMinutes =
    job.creationDate && job.completionDate ? minutesBetween(job.creationDate, job.completionDate) : elapsed;
  const status = await waitForInstance(run, target.region, id, since);
  return {
    status: status === 'available' ? 'passed' : 'gap',
    rtoMinutes,
    rpoMinutes,
    detail:
      status === 'available'
        ? `recovery point of ${point.creationDate} restored as ${id} (${instanceClass}, not public), available`
        : `restore job completed but ${id} is ${status}`,
    created,
  };
}

/** Waits for a restore job to end (or the wait to run out); returns the job and the drill's elapsed minutes. */
async function followRestore(run: Run, region: string, jobId: string, since: number) {
  const { opts } = run;
  let job = await describeRestore(opts.pool, region, jobId);
  while (restoreRunning(job.status)) {
    if ((opts.now().getTime() - since) / 60000 > run.waitMinutes) break;
    await pause(opts.pollMs, opts.signal);
    job = await describeRestore(opts.pool, region, jobId);
  }
  return { job, elapsed: minutesBetween(new Date(since).toISOString(), opts.now().toISOString()) };
}

/** Whether an AWS Backup restore job is still on its way (DescribeRestoreJob Status). */
function restoreRunning(status: string | undefined): boolean {
  return status === 'PENDING' || status === 'RUNNING' || status === 'CREATED';
}

/**
 * A restore job that did not complete: still running when the wait ended (the RTO target is missed),
 * or ended otherwise (ABORTED, FAILED: a gap).
 */
function unfinishedRestore(
  job: Awaited<ReturnType<typeof describeRestore>>,
  jobId: string,
  elapsed: number,
  rpoMinutes: number | null,
  created: string[],
): PhaseOutcome {
  const running = restoreRunning(job.status);
  return {
    status: running ? 'missed' : 'gap',
    rtoMinutes: running ? elapsed : null,
    rpoMinutes,
    detail: `restore job ${jobId} is ${job.status}${job.statusMessage ? `: ${job.statusMessage}` : ''}`,
    created,
  };
}

/**
 * An S3 recovery point: restored by AWS Backup into a new temporary bucket
 * `reconcile-drill-<run id>-<n>` ("Restore S3 data",
 * https://docs.aws.amazon.com/aws-backup/latest/devguide/restoring-s3.html: DestinationBucketName,
 * NewBucket), tagged, its objects counted, then emptied and deleted.
 */
async function s3PointPhase(
  run: Run,
  target: Extract<DrillTarget, { kind: 'backup-restore' }>,
  point: RestorablePoint & { readonly iamRoleArn: string },
  rpoMinutes: number,
): Promise<PhaseOutcome> {
  const { opts, ctx } = run;
  run.bucketSeq += 1;
  const bucket = `${DRILL_BUCKET_PREFIX}${opts.runId}-${run.bucketSeq}`;
  run.cleanups.push({
    what: `s3://${bucket}`,
    run: async () =>
      (await deleteDrillBucket(ctx, bucket, target.region, opts.runId)) ? [`s3://${bucket}`] : [],
  });
  const jobId = await startRestore(
    ctx,
    target.region,
    target.vault,
    point,
    { DestinationBucketName: bucket, NewBucket: 'true', Encrypted: 'false' },
    point.iamRoleArn,
    `${opts.runId}-${target.vault}`.slice(0, 64),
  );
  const { job, elapsed } = await followRestore(run, target.region, jobId, opts.now().getTime());
  const created = [`s3://${bucket}`];
  if (job.status !== 'COMPLETED') return unfinishedRestore(job, jobId, elapsed, rpoMinutes, created);
  await tagDrillBucket(ctx, bucket, target.region, opts.runId);
  const rtoMinutes =
    job.creationDate && job.completionDate ? minutesBetween(job.creationDate, job.completionDate) : elapsed;
  const { count, bytes } = await countObjects(opts.pool, bucket, target.region);
  return {
    status: count > 0 ? 'passed' : 'gap',
    rtoMinutes,
    rpoMinutes,
    detail:
      count > 0
        ? `recovery point of ${point.creationDate} (${point.resourceArn}) restored into s3://${bucket}: ${count} object(s), ${bytes} B`
        : `the restore of ${point.resourceArn} into s3://${bucket} holds no object`,
    created,
  };
}

/** Runs the drill of one scenario; never throws for an AWS error (the phase records it). */
export async function runDrill(opts: DrillRunOptions): Promise<DrillEvidence> {
  const ctx = createWriteContext({
    pool: opts.pool,
    account: opts.account,
    concurrency: 4,
    counters: [new MutationCounter()],
    ...(opts.logger ? { logger: opts.logger } : {}),
  });
  const run: Run = {
    opts,
    ctx,
    cleanups: [],
    bucketSeq: 0,
    waitMinutes: opts.waitMinutes ?? Math.max(opts.scenario.rtoMinutes, 1),
  };
  const startedAt = opts.now().toISOString();
  const phases: DrillPhaseResult[] = [];
  const removed: string[] = [];
  const leftovers: string[] = [];
  try {
    for (const target of drillTargets(opts.desired, opts.scenario)) {
      const phaseStart = opts.now().toISOString();
      if (opts.signal?.aborted) {
        phases.push({
          kind: target.kind,
          resource: target.resource,
          status: 'error',
          startedAt: phaseStart,
          finishedAt: phaseStart,
          rtoMinutes: null,
          rpoMinutes: null,
          detail: 'not run: the drill was interrupted',
          created: [],
        });
        continue;
      }
      let result: PhaseOutcome;
      try {
        result =
          target.kind === 'rds-pitr'
            ? await rdsPhase(run, target, phaseStart)
            : target.kind === 'backup-restore'
              ? await backupPhase(run, target, phaseStart)
              : await s3Phase(run, target, phaseStart);
      } catch (e) {
        result = {
          status: 'error',
          rtoMinutes: null,
          rpoMinutes: null,
          detail: e instanceof Aborted ? 'interrupted' : describeError(e),
          created: [],
        };
      }
      const targets = { rpoMinutes: opts.scenario.rpoMinutes, rtoMinutes: opts.scenario.rtoMinutes };
      phases.push({
        kind: target.kind,
        resource: target.resource,
        ...result,
        status: judgePhase(result, targets),
        startedAt: phaseStart,
        finishedAt: opts.now().toISOString(),
      });
    }
  } finally {
    // Newest first: what was created last may depend on what was created before.
    for (const task of [...run.cleanups].reverse()) {
      try {
        removed.push(...(await task.run()));
      } catch (e) {
        opts.logger?.error({ what: task.what, err: describeError(e) }, 'drill cleanup failed');
        leftovers.push(task.what);
      }
    }
  }
  return buildDrillEvidence({
    runId: opts.runId,
    scenario: opts.scenario,
    account: opts.account,
    startedAt,
    finishedAt: opts.now().toISOString(),
    phases,
    cleanup: { removed, leftovers },
  });
}

/** What `reconcile drill --cleanup` removed and could not remove. */
export interface DrillCleanupResult {
  readonly removed: readonly string[];
  readonly leftovers: readonly string[];
}

/**
 * Removes the leftovers of interrupted drills: every sandbox object under the declared prefixes and
 * every DB instance in the spec's regions that carries the drill tag (any run).
 */
export async function cleanupDrills(opts: {
  readonly pool: ClientPool;
  readonly account: string;
  readonly logger?: Logger;
  readonly desired: DesiredState;
}): Promise<DrillCleanupResult> {
  const ctx = createWriteContext({
    pool: opts.pool,
    account: opts.account,
    concurrency: 4,
    counters: [new MutationCounter()],
    ...(opts.logger ? { logger: opts.logger } : {}),
  });
  const removed: string[] = [];
  const leftovers: string[] = [];
  const sandboxes = new Map<string, SandboxLocation>();
  for (const s of Object.values(opts.desired.drill?.scenarios ?? {}))
    if (s.sandbox) sandboxes.set(`${s.sandbox.bucket}/${s.sandbox.prefix}`, s.sandbox);
  for (const sandbox of sandboxes.values()) {
    try {
      removed.push(...(await removeSandboxCopies(ctx, sandbox, undefined)));
    } catch (e) {
      leftovers.push(`s3://${sandbox.bucket}/${sandbox.prefix} (${describeError(e)})`);
    }
  }
  try {
    for (const b of await listDrillBuckets(opts.pool))
      if (await deleteDrillBucket(ctx, b.name, b.region, undefined)) removed.push(`s3://${b.name}`);
  } catch (e) {
    leftovers.push(`drill buckets (${describeError(e)})`);
  }
  const declaredDbs = new Set(
    opts.desired.resources.filter((r) => r.kind === 'rds.instance').map((r) => `${r.region}/${r.name}`),
  );
  for (const region of opts.desired.regions) {
    try {
      for (const db of await listDrillInstances(opts.pool, region)) {
        // A declared database is never a drill's, whatever its tags say.
        if (declaredDbs.has(`${region}/${db.id}`)) continue;
        if (await deleteDrillInstance(ctx, region, db.id, undefined)) removed.push(`rds:${region}/${db.id}`);
      }
    } catch (e) {
      leftovers.push(`rds ${region} (${describeError(e)})`);
    }
  }
  return { removed, leftovers };
}
