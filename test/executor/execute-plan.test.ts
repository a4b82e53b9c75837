import { mkdtemp, readdir, readFile, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../src/cli/logger.js';
import { loadBackupDir } from '../../src/executor/backups.js';
import { executePlan, InvalidPlanError } from '../../src/executor/execute-plan.js';
import { DestructiveChangeError, IncompletePlanError } from '../../src/executor/guardrails.js';
import {
  awsError,
  change,
  desiredResource,
  desiredState,
  fakeAdapters,
  idlePool,
  planOf,
} from './builders.js';

const ROLE = 'iam.role/replication-role';
const SRC = 's3.bucket/media-prod';
const DST = 's3.bucket/media-replica';
const TOPIC = 'sns.topic/eu-west-1/alerts';
const ALARM = 'cloudwatch.alarm/eu-west-1/replication-lag';
const RULE = 'events.rule/eu-west-1/backup-failed';
const VAULT = 'backup.vault/eu-west-1/primary';

async function tempRoot(): Promise<string> {
  return join(await mkdtemp(join(tmpdir(), 'reconcile-exec-')), 'backups');
}

function captureLogger() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, cb) {
      lines.push(String(chunk));
      cb();
    },
  });
  return { logger: createLogger({ stream, level: 'info' }), lines };
}

describe('executePlan: order', () => {
  it('GIVEN a replicated bucket that depends on its role and destination WHEN applied THEN role and destination finish before the source starts', async () => {
    const changes = [
      change(ROLE, 'create'),
      change(DST, 'update'),
      change(SRC, 'update', { dependsOn: [DST, ROLE] }),
    ];
    const desired = desiredState([
      desiredResource(ROLE),
      desiredResource(DST),
      desiredResource(SRC, { dependsOn: [DST, ROLE] }),
    ]);
    const { adapters, calls, live } = fakeAdapters();
    const result = await executePlan(planOf(changes), desired, live(desired), {
      pool: idlePool(),
      adapters,
      backupRoot: await tempRoot(),
    });
    const writes = calls.filter((c) => c.op !== 'read');
    const srcStart = writes.findIndex((c) => c.op === 'apply' && c.address === SRC);
    const ends = writes.filter((c) => c.op === 'apply:end').map((c) => c.address);
    expect(
      writes
        .slice(0, srcStart)
        .filter((c) => c.op === 'apply:end')
        .map((c) => c.address)
        .sort(),
    ).toEqual([ROLE, DST].sort());
    expect(ends.at(-1)).toBe(SRC);
    expect(result.steps.map((s) => [s.address, s.outcome])).toEqual([
      [ROLE, 'applied'],
      [SRC, 'applied'],
      [DST, 'applied'],
    ]);
    expect(result.summary).toEqual({ applied: 3, unchanged: 0, failed: 0, skipped: 0 });
  });

  it('GIVEN deletes of a topic and the alarm that notifies it WHEN applied THEN the alarm is deleted before the topic', async () => {
    const changes = [
      change(TOPIC, 'delete', { risk: 'high' }),
      change(ALARM, 'delete', { risk: 'high', dependsOn: [TOPIC] }),
    ];
    const desired = desiredState([
      desiredResource(TOPIC, { ensure: 'absent' }),
      desiredResource(ALARM, { ensure: 'absent', dependsOn: [TOPIC] }),
    ]);
    const { adapters, calls, live } = fakeAdapters();
    await executePlan(planOf(changes), desired, live(desired), {
      pool: idlePool(),
      adapters,
      allowDestructive: true,
      backupRoot: await tempRoot(),
    });
    expect(calls.filter((c) => c.op === 'delete').map((c) => c.address)).toEqual([ALARM, TOPIC]);
  });

  it('GIVEN 7 independent steps and concurrency 3 WHEN applied THEN at most 3 run at once, and more than 1 does', async () => {
    const addrs = Array.from({ length: 7 }, (_, i) => `sns.topic/eu-west-1/t${i}`);
    let inFlight = 0;
    let peak = 0;
    // Each step waits until three are in flight at once (or a safety timeout), so the peak does not
    // depend on how fast the pre-change backups are written.
    let release: () => void = () => {};
    const threeInFlight = new Promise<void>((r) => {
      release = r;
    });
    const behaviour = Object.fromEntries(
      addrs.map((a) => [
        a,
        {
          during: async () => {
            inFlight++;
            peak = Math.max(peak, inFlight);
            if (inFlight === 3) release();
            await Promise.race([threeInFlight, new Promise((r) => setTimeout(r, 1000))]);
            inFlight--;
          },
        },
      ]),
    );
    const { adapters, live } = fakeAdapters(behaviour);
    const result = await executePlan(
      planOf(addrs.map((a) => change(a, 'create'))),
      desiredState(addrs.map((a) => desiredResource(a))),
      live(desiredState(addrs.map((a) => desiredResource(a)))),
      { pool: idlePool(), adapters, concurrency: 3, backupRoot: await tempRoot() },
    );
    expect(peak).toBe(3);
    expect(result.summary.applied).toBe(7);
  });
});

/**
 * Steps that wait, inside the adapter, until `target` of them are in progress at once (or a safety
 * timeout), recording the peak per service; the peak then does not depend on how fast backups are written.
 */
function overlappingSteps(addrs: readonly string[], target: number) {
  const inFlight = new Map<string, number>();
  const peak = new Map<string, number>();
  let total = 0;
  let peakTotal = 0;
  let release: () => void = () => {};
  const reached = new Promise<void>((r) => {
    release = r;
  });
  const behaviour = Object.fromEntries(
    addrs.map((a) => {
      const service = a.split('.')[0] as string;
      return [
        a,
        {
          during: async () => {
            inFlight.set(service, (inFlight.get(service) ?? 0) + 1);
            peak.set(service, Math.max(peak.get(service) ?? 0, inFlight.get(service) ?? 0));
            peakTotal = Math.max(peakTotal, ++total);
            if (total === target) release();
            await Promise.race([reached, new Promise((r) => setTimeout(r, 1000))]);
            inFlight.set(service, (inFlight.get(service) ?? 1) - 1);
            total--;
          },
        },
      ];
    }),
  );
  return { behaviour, peak, peakTotal: () => peakTotal };
}

describe('executePlan: concurrency per service (issue 14)', () => {
  it('GIVEN 40 independent topic steps and no concurrency option WHEN applied THEN all 40 are in progress at once (the scheduler bounds the calls, not a fixed 4 steps)', async () => {
    const addrs = Array.from({ length: 40 }, (_, i) => `sns.topic/eu-west-1/t${i}`);
    const { behaviour, peak } = overlappingSteps(addrs, 40);
    const { adapters, live } = fakeAdapters(behaviour);
    const desired = desiredState(addrs.map((a) => desiredResource(a)));
    const result = await executePlan(planOf(addrs.map((a) => change(a, 'create'))), desired, live(desired), {
      pool: idlePool(),
      adapters,
      backupRoot: await tempRoot(),
    });
    expect(peak.get('sns')).toBe(40);
    expect(result.summary.applied).toBe(40);
  });

  it('GIVEN 3 role and 3 topic steps in one layer and concurrency 1 WHEN applied THEN one step per service runs at a time, and the two services run side by side', async () => {
    const addrs = [
      ...Array.from({ length: 3 }, (_, i) => `iam.role/r${i}`),
      ...Array.from({ length: 3 }, (_, i) => `sns.topic/eu-west-1/t${i}`),
    ];
    const { behaviour, peak, peakTotal } = overlappingSteps(addrs, 2);
    const { adapters, live } = fakeAdapters(behaviour);
    const desired = desiredState(addrs.map((a) => desiredResource(a)));
    const result = await executePlan(planOf(addrs.map((a) => change(a, 'create'))), desired, live(desired), {
      pool: idlePool(),
      adapters,
      concurrency: 1,
      backupRoot: await tempRoot(),
    });
    expect([peak.get('iam'), peak.get('sns'), peakTotal()]).toEqual([1, 1, 2]);
    expect(result.summary.applied).toBe(6);
  });
});

describe('executePlan: failures are data', () => {
  it('GIVEN the topic fails to create WHEN applied THEN its subscribers (alarm, and the rule chained behind the alarm) are skipped and the independent vault is applied', async () => {
    const changes = [
      change(TOPIC, 'create'),
      change(ALARM, 'create', { dependsOn: [TOPIC] }),
      change(RULE, 'create', { dependsOn: [ALARM] }),
      change(VAULT, 'create'),
    ];
    const desired = desiredState([
      desiredResource(TOPIC),
      desiredResource(ALARM, { dependsOn: [TOPIC] }),
      desiredResource(RULE, { dependsOn: [ALARM] }),
      desiredResource(VAULT),
    ]);
    const { adapters, calls, live } = fakeAdapters({
      [TOPIC]: { fail: awsError('InvalidParameter', 'Invalid parameter: Policy') },
    });
    const result = await executePlan(planOf(changes), desired, live(desired), {
      pool: idlePool(),
      adapters,
      backupRoot: await tempRoot(),
    });
    const byAddr = Object.fromEntries(result.steps.map((s) => [s.address, s]));
    expect(byAddr[TOPIC]).toMatchObject({ outcome: 'failed', errorCode: 'InvalidParameter' });
    expect(byAddr[TOPIC]?.error).toContain('Invalid parameter: Policy');
    expect(byAddr[ALARM]).toMatchObject({ outcome: 'skipped' });
    expect(byAddr[ALARM]?.error).toContain(`depends on ${TOPIC} (failed)`);
    expect(byAddr[RULE]?.error).toContain(`depends on ${ALARM} (skipped)`);
    expect(byAddr[VAULT]).toMatchObject({ outcome: 'applied' });
    expect(calls.filter((c) => c.address === ALARM || c.address === RULE)).toEqual([]);
    expect(result.summary).toEqual({ applied: 1, unchanged: 0, failed: 1, skipped: 2 });
  });

  it('GIVEN the endpoint answers a write with something that is not an AWS response (moto: an HTML page for UpdateBackupPlan) WHEN applied THEN the step says so in words, not as a JSON parser error', async () => {
    const { logger, lines } = captureLogger();
    const { adapters, live } = fakeAdapters({
      [VAULT]: {
        fail: new SyntaxError(
          'Unexpected token \'<\', "<!doctype "... is not valid JSON\n  Deserialization error: to see the raw response, inspect the hidden field {error}.$response on this object.',
        ),
      },
    });
    const result = await executePlan(
      planOf([change(VAULT, 'update')]),
      desiredState([desiredResource(VAULT)]),
      live(desiredState([desiredResource(VAULT)])),
      {
        pool: idlePool(),
        adapters,
        logger,
        backupRoot: await tempRoot(),
      },
    );
    expect(result.steps[0]).toMatchObject({ outcome: 'failed', errorCode: 'SyntaxError' });
    expect(result.steps[0]?.error).toBe(
      'the endpoint returned something that is not an AWS response (operation not supported?)',
    );
    expect(lines.join('')).not.toContain('Unexpected token');
  });

  it('GIVEN a plan step whose live observation was unreadable (a hand-made plan) WHEN applied THEN the step fails without reading or writing', async () => {
    const { adapters, calls, live } = fakeAdapters({
      [SRC]: { observation: { status: 'unreadable', reason: 'access denied (AccessDenied)' } },
    });
    const desired = desiredState([desiredResource(SRC)]);
    const result = await executePlan(planOf([change(SRC, 'update')]), desired, live(desired), {
      pool: idlePool(),
      adapters,
      backupRoot: await tempRoot(),
    });
    expect(result.steps[0]).toMatchObject({ outcome: 'failed', mutations: 0 });
    expect(result.steps[0]?.error).toContain(
      'has no readable observation of s3.bucket/media-prod; plan again',
    );
    expect(calls).toEqual([]);
  });

  it('GIVEN a delete whose full read before the change fails WHEN applied THEN the step fails without writing (nothing is lost)', async () => {
    const { adapters, calls, live } = fakeAdapters({
      [TOPIC]: { readObservation: { status: 'unreadable', reason: 'access denied (AccessDenied)' } },
    });
    const desired = desiredState([desiredResource(TOPIC, { ensure: 'absent' })]);
    const result = await executePlan(
      planOf([change(TOPIC, 'delete', { risk: 'high' })]),
      desired,
      live(desired),
      {
        pool: idlePool(),
        adapters,
        allowDestructive: true,
        backupRoot: await tempRoot(),
      },
    );
    expect(result.steps[0]).toMatchObject({ outcome: 'failed', mutations: 0 });
    expect(result.steps[0]?.error).toContain('cannot save the current configuration before changing it');
    expect(calls.filter((c) => c.op === 'delete')).toEqual([]);
  });

  it('GIVEN an error message carrying a webhook URL WHEN a step fails THEN the result and the logs hold only its redacted form', async () => {
    const secretUrl = 'https://hooks.example.com/services/T000/B000/s3cr3tT0k3n?sig=abc';
    const { logger, lines } = captureLogger();
    const { adapters, live } = fakeAdapters({
      [TOPIC]: { fail: awsError('InvalidParameter', `bad endpoint ${secretUrl}`) },
    });
    const result = await executePlan(
      planOf([change(TOPIC, 'update')]),
      desiredState([desiredResource(TOPIC)]),
      live(desiredState([desiredResource(TOPIC)])),
      {
        pool: idlePool(),
        adapters,
        logger,
        backupRoot: await tempRoot(),
      },
    );
    const everything = JSON.stringify(result) + lines.join('');
    expect(everything).not.toContain('s3cr3tT0k3n');
    expect(everything).toContain('https://hooks.example.com/***');
  });
});

describe('executePlan: what never runs', () => {
  it('GIVEN no-op and blocked changes WHEN applied THEN neither is executed; blocked ones are reported as skipped with the reason', async () => {
    const DB = 'rds.instance/eu-west-1/app-db';
    const changes = [
      change(VAULT, 'no-op'),
      change(DB, 'blocked', { reason: 'the tool never creates databases' }),
      change(TOPIC, 'create'),
    ];
    const { adapters, calls, live } = fakeAdapters();
    const result = await executePlan(
      planOf(changes),
      desiredState([desiredResource(VAULT), desiredResource(DB), desiredResource(TOPIC)]),
      live(desiredState([desiredResource(VAULT), desiredResource(DB), desiredResource(TOPIC)])),
      { pool: idlePool(), adapters, backupRoot: await tempRoot() },
    );
    expect(new Set(calls.map((c) => c.address))).toEqual(new Set([TOPIC]));
    expect(result.steps).toEqual([
      expect.objectContaining({
        address: DB,
        outcome: 'skipped',
        error: 'blocked: the tool never creates databases',
      }),
      expect.objectContaining({ address: TOPIC, outcome: 'applied' }),
    ]);
  });

  it('GIVEN a (hand-edited) plan deleting a bucket WHEN applied even with --allow-destructive THEN the bucket is never touched', async () => {
    const plan = planOf([change(SRC, 'delete', { risk: 'high', riskNotes: ['deletes the bucket'] })]);
    const { adapters, calls, live } = fakeAdapters();
    const result = await executePlan(
      plan,
      desiredState([desiredResource(SRC, { ensure: 'absent' })]),
      live(desiredState([desiredResource(SRC, { ensure: 'absent' })])),
      {
        pool: idlePool(),
        adapters,
        allowDestructive: true,
        backupRoot: await tempRoot(),
      },
    );
    expect(calls).toEqual([]);
    expect(result.steps).toEqual([
      expect.objectContaining({
        address: SRC,
        outcome: 'skipped',
        error: 'blocked: buckets and objects are never deleted',
      }),
    ]);
  });

  it('GIVEN high-risk changes WHEN applied without allowDestructive THEN it refuses before any call, naming each change and why', async () => {
    const plan = planOf([
      change(SRC, 'update', {
        risk: 'high',
        riskNotes: ['noncurrent retention 180 -> 35 days: versions older than 35 days become unrecoverable'],
      }),
      change(TOPIC, 'delete', { risk: 'high', riskNotes: ['deletes the topic and its subscriptions'] }),
      change(VAULT, 'create'),
    ]);
    const { adapters, calls, live } = fakeAdapters();
    const root = await tempRoot();
    const run = executePlan(
      plan,
      desiredState([
        desiredResource(SRC),
        desiredResource(TOPIC, { ensure: 'absent' }),
        desiredResource(VAULT),
      ]),
      live(
        desiredState([
          desiredResource(SRC),
          desiredResource(TOPIC, { ensure: 'absent' }),
          desiredResource(VAULT),
        ]),
      ),
      {
        pool: idlePool(),
        adapters,
        backupRoot: root,
      },
    );
    await expect(run).rejects.toBeInstanceOf(DestructiveChangeError);
    const err = (await run.catch((e: unknown) => e)) as DestructiveChangeError;
    expect(err.message).toContain(`~ ${SRC} (update): noncurrent retention 180 -> 35 days`);
    expect(err.message).toContain(`- ${TOPIC} (delete): deletes the topic and its subscriptions`);
    expect(err.message).toContain('--allow-destructive');
    // The low-risk change is not refused: it is offered with --target instead (issue 12).
    expect(err.message).not.toContain(`${VAULT} (create)`);
    expect(err.message).toContain(`name them with --target (repeatable): --target ${VAULT}`);
    expect(err.exitCode).toBe(1);
    expect(calls).toEqual([]);
    await expect(readdir(root)).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('GIVEN high-risk changes WHEN applied with allowDestructive THEN they run', async () => {
    const plan = planOf([change(SRC, 'update', { risk: 'high', riskNotes: ['versioning suspended'] })]);
    const { adapters, live } = fakeAdapters();
    const result = await executePlan(
      plan,
      desiredState([desiredResource(SRC)]),
      live(desiredState([desiredResource(SRC)])),
      {
        pool: idlePool(),
        adapters,
        allowDestructive: true,
        backupRoot: await tempRoot(),
      },
    );
    expect(result.summary.applied).toBe(1);
  });

  it('GIVEN a plan with unchecked resources WHEN applied THEN it refuses before any call, listing them with their reason', async () => {
    const plan = planOf([change(TOPIC, 'create')], {
      unchecked: [{ address: SRC, reason: 'GetBucketLifecycleConfiguration: access denied (AccessDenied)' }],
    });
    const { adapters, calls, live } = fakeAdapters();
    const run = executePlan(
      plan,
      desiredState([desiredResource(TOPIC), desiredResource(SRC)]),
      live(desiredState([desiredResource(TOPIC), desiredResource(SRC)])),
      {
        pool: idlePool(),
        adapters,
        allowDestructive: true,
        backupRoot: await tempRoot(),
      },
    );
    await expect(run).rejects.toBeInstanceOf(IncompletePlanError);
    await expect(run).rejects.toThrow(
      `? ${SRC}: GetBucketLifecycleConfiguration: access denied (AccessDenied)`,
    );
    await expect(run).rejects.toThrow(
      'Nothing was changed. Make these resources readable (each line says why it is not) or remove them from the spec, and run again.',
    );
    expect(calls).toEqual([]);
  });

  it('GIVEN layers that run a step before its dependency WHEN applied THEN it refuses before any call', async () => {
    const plan = planOf([change(ROLE, 'create'), change(SRC, 'update', { dependsOn: [ROLE] })], {
      layers: [[ROLE, SRC]],
    });
    const { adapters, calls, live } = fakeAdapters();
    await expect(
      executePlan(
        plan,
        desiredState([desiredResource(ROLE), desiredResource(SRC, { dependsOn: [ROLE] })]),
        live(desiredState([desiredResource(ROLE), desiredResource(SRC, { dependsOn: [ROLE] })])),
        {
          pool: idlePool(),
          adapters,
          backupRoot: await tempRoot(),
        },
      ),
    ).rejects.toBeInstanceOf(InvalidPlanError);
    expect(calls).toEqual([]);
  });
});

describe('executePlan: backups, mutations, level-based steps', () => {
  it('GIVEN an update WHEN the adapter writes THEN the pre-change configuration is already on disk (mode 0600, in a 0700 directory)', async () => {
    const before = { region: 'eu-west-1', versioning: 'Enabled', lifecycle: [] };
    const root = await tempRoot();
    let seenAtWrite: unknown;
    const { adapters, live } = fakeAdapters({
      [SRC]: {
        observation: { status: 'present', attrs: before as never, facts: { arn: 'arn:aws:s3:::media-prod' } },
        during: async () => {
          const [dir] = await readdir(root);
          seenAtWrite = JSON.parse(
            await readFile(join(root, dir ?? '', 's3.bucket__media-prod.json'), 'utf8'),
          );
        },
      },
    });
    const result = await executePlan(
      planOf([change(SRC, 'update')]),
      desiredState([desiredResource(SRC)]),
      live(desiredState([desiredResource(SRC)])),
      {
        pool: idlePool(),
        adapters,
        backupRoot: root,
        now: () => new Date('2026-03-01T02:03:04.005Z'),
      },
    );
    expect(result.backupDir).toBe(join(root, '2026-03-01T02-03-04-005Z'));
    expect(seenAtWrite).toMatchObject({
      formatVersion: 1,
      address: SRC,
      observation: { status: 'present', attrs: before },
    });
    const file = join(result.backupDir ?? '', 's3.bucket__media-prod.json');
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect((await stat(result.backupDir ?? '')).mode & 0o777).toBe(0o700);
    const loaded = await loadBackupDir(result.backupDir ?? '');
    expect(loaded.manifest).toMatchObject({ account: '111122223333', defaultRegion: 'eu-west-1' });
    expect(loaded.entries.map((e) => e.address)).toEqual([SRC]);
  });

  it('GIVEN a create WHEN applied THEN the backup records that the resource was absent before', async () => {
    const { adapters, live } = fakeAdapters({ [TOPIC]: { observation: { status: 'absent' } } });
    const result = await executePlan(
      planOf([change(TOPIC, 'create')]),
      desiredState([desiredResource(TOPIC)]),
      live(desiredState([desiredResource(TOPIC)])),
      {
        pool: idlePool(),
        adapters,
        backupRoot: await tempRoot(),
      },
    );
    const { entries } = await loadBackupDir(result.backupDir ?? '');
    expect(entries[0]).toMatchObject({ address: TOPIC, observation: { status: 'absent' } });
  });

  it('GIVEN a plan with nothing to do WHEN applied THEN no backup directory is made and zero mutating calls are counted', async () => {
    const root = await tempRoot();
    const { adapters, calls, live } = fakeAdapters();
    const result = await executePlan(
      planOf([change(TOPIC, 'no-op')]),
      desiredState([desiredResource(TOPIC)]),
      live(desiredState([desiredResource(TOPIC)])),
      {
        pool: idlePool(),
        adapters,
        backupRoot: root,
      },
    );
    expect(result).toMatchObject({ mutations: 0, steps: [] });
    expect(result.backupDir).toBeUndefined();
    expect(calls).toEqual([]);
  });

  it('GIVEN adapters making 2 and 3 writes WHEN applied THEN every write is counted and logged with service, operation, address and duration', async () => {
    const { logger, lines } = captureLogger();
    const { adapters, live } = fakeAdapters({ [TOPIC]: { writes: 2 }, [VAULT]: { writes: 3 } });
    const result = await executePlan(
      planOf([change(TOPIC, 'create'), change(VAULT, 'update')]),
      desiredState([desiredResource(TOPIC), desiredResource(VAULT)]),
      live(desiredState([desiredResource(TOPIC), desiredResource(VAULT)])),
      { pool: idlePool(), adapters, logger, backupRoot: await tempRoot() },
    );
    expect(result.mutations).toBe(5);
    expect(result.steps.map((s) => [s.address, s.mutations])).toEqual([
      [VAULT, 3],
      [TOPIC, 2],
    ]);
    const writes = lines
      .map((l) => JSON.parse(l) as Record<string, unknown>)
      .filter((l) => l.msg === 'aws write');
    expect(writes).toHaveLength(5);
    for (const w of writes) {
      expect(w).toMatchObject({ service: 'fake', operation: expect.stringMatching(/^PutThing$/) });
      expect([TOPIC, VAULT]).toContain(w.address);
      expect(typeof w.durationMs).toBe('number');
    }
  });

  it('GIVEN the adapter finds nothing to write WHEN applied THEN the step is unchanged', async () => {
    const { adapters, live } = fakeAdapters({ [VAULT]: { writes: 0, outcome: 'unchanged' } });
    const result = await executePlan(
      planOf([change(VAULT, 'update')]),
      desiredState([desiredResource(VAULT)]),
      live(desiredState([desiredResource(VAULT)])),
      {
        pool: idlePool(),
        adapters,
        backupRoot: await tempRoot(),
      },
    );
    expect(result.steps[0]).toMatchObject({ outcome: 'unchanged', mutations: 0 });
  });

  it('GIVEN a delete of something already gone WHEN applied THEN it is unchanged without a delete call', async () => {
    const { adapters, calls, live } = fakeAdapters({ [TOPIC]: { observation: { status: 'absent' } } });
    const result = await executePlan(
      planOf([change(TOPIC, 'delete', { risk: 'high' })]),
      desiredState([desiredResource(TOPIC, { ensure: 'absent' })]),
      live(desiredState([desiredResource(TOPIC, { ensure: 'absent' })])),
      { pool: idlePool(), adapters, allowDestructive: true, backupRoot: await tempRoot() },
    );
    expect(result.steps[0]).toMatchObject({ outcome: 'unchanged' });
    expect(calls.filter((c) => c.op === 'delete')).toEqual([]);
  });

  it('GIVEN a replace WHEN applied THEN the live resource (with its live identity) is deleted, then the desired one created', async () => {
    const deleted: unknown[] = [];
    const { adapters, calls, live } = fakeAdapters({
      [ROLE]: { observation: { status: 'present', attrs: { path: '/old/' } as never } },
    });
    const base = adapters['iam.role'];
    const wrapped = {
      ...base,
      kind: 'iam.role' as const,
      read: base?.read.bind(base) as NonNullable<typeof base>['read'],
      delete: async (
        ctx: Parameters<NonNullable<NonNullable<typeof base>['delete']>>[0],
        r: Parameters<NonNullable<NonNullable<typeof base>['delete']>>[1],
      ) => {
        deleted.push(r.desired.attrs);
        return (await base?.delete?.(ctx, r)) ?? 'applied';
      },
    };
    const result = await executePlan(
      planOf([change(ROLE, 'replace', { risk: 'high', riskNotes: ['path changes: the role is recreated'] })]),
      desiredState([desiredResource(ROLE, { attrs: { path: '/new/' } })]),
      live(desiredState([desiredResource(ROLE, { attrs: { path: '/new/' } })])),
      {
        pool: idlePool(),
        adapters: { ...adapters, 'iam.role': wrapped },
        allowDestructive: true,
        backupRoot: await tempRoot(),
      },
    );
    expect(deleted).toEqual([{ path: '/old/' }]);
    expect(calls.filter((c) => c.op === 'delete' || c.op === 'apply').map((c) => c.op)).toEqual([
      'delete',
      'apply',
    ]);
    expect(result.steps[0]).toMatchObject({ outcome: 'applied', mutations: 2 });
  });
  it("GIVEN an update WHEN applied THEN the adapter gets the desired resource, the observation the plan was made from and the plan's change, and nothing is read again", async () => {
    const observed = {
      status: 'present' as const,
      attrs: { region: 'eu-west-1', versioning: 'Suspended' } as never,
    };
    const { adapters, calls, live } = fakeAdapters({ [SRC]: { observation: observed } });
    const diff = { path: '/versioning', before: 'Suspended', after: 'Enabled', forcesReplacement: false };
    const desired = desiredState([desiredResource(SRC)]);
    await executePlan(planOf([change(SRC, 'update', { fieldDiffs: [diff] })]), desired, live(desired), {
      pool: idlePool(),
      adapters,
      backupRoot: await tempRoot(),
    });
    expect(calls.filter((c) => c.op === 'read')).toEqual([]);
    const step = calls.find((c) => c.op === 'apply')?.step;
    expect(step?.desired).toBe(desired.resources[0]);
    expect(step?.observation).toEqual(observed);
    expect(step?.change).toMatchObject({ action: 'update', fieldDiffs: [diff] });
  });

  it('GIVEN a delete WHEN applied THEN the resource is read whole once, and that read is what is saved and what the adapter deletes from', async () => {
    const planned = { status: 'present' as const, attrs: { region: 'eu-west-1' } as never };
    const whole = {
      status: 'present' as const,
      attrs: { region: 'eu-west-1', displayName: 'alerts' } as never,
    };
    const { adapters, calls, live } = fakeAdapters({
      [TOPIC]: { observation: planned, readObservation: whole },
    });
    const desired = desiredState([desiredResource(TOPIC, { ensure: 'absent' })]);
    const result = await executePlan(
      planOf([change(TOPIC, 'delete', { risk: 'high' })]),
      desired,
      live(desired),
      {
        pool: idlePool(),
        adapters,
        allowDestructive: true,
        backupRoot: await tempRoot(),
      },
    );
    expect(calls.filter((c) => c.op === 'read')).toHaveLength(1);
    expect(calls.find((c) => c.op === 'delete')?.step?.observation).toEqual(whole);
    const { entries } = await loadBackupDir(result.backupDir ?? '');
    expect(entries[0]?.observation).toEqual(whole);
  });
});
