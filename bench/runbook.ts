/**
 * Benchmark 1 — the runbook vs `reconcile --plan`. Moto is brought to the state backup-spec.yaml
 * declares (the guide's starting infrastructure, then the spec applied in-process, as
 * `reconcile --apply --yes --allow-destructive` does). Then the same checks are made twice:
 *
 * (a) the way the guide verifies its setup: one AWS CLI v1 read command per thing to check, run one
 *     after the other like a person pasting the runbook (commands derived from the spec, see
 *     {@link runbookCommands}); the backup plan id is taken from `list-backup-plans` output first;
 * (b) `node dist/bin/reconcile.mjs --plan` for the same spec (median of several runs), and the same read
 *     in-process with a request recorder to count its API calls.
 *
 * Both sides use the same retry policy (standard mode, 3 attempts), so calls moto cannot answer
 * (AWS Backup selections) cost both sides the same retries.
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ClientPool } from '../src/adapters/aws-config.js';
import { readLive } from '../src/adapters/read-live.js';
import { loadSpecFile } from '../src/cli/spec-file.js';
import { executePlan } from '../src/executor/execute-plan.js';
import type { DesiredResource, DesiredState } from '../src/model/state.js';
import { planChanges } from '../src/planner/index.js';
import { RequestRecorder } from '../test/support/faults.js';
import { seedGuideBefore } from '../test/support/seed-guide-before.js';
import { countByOperation, median, round, runProcess } from './lib/measure.js';
import { MOTO_ENV, type MotoServer, motoOptions } from './lib/moto.js';

/** A placeholder webhook (the spec reads it from the environment; never printed). */
export const WEBHOOK = 'https://hooks.example.com/services/T0BENCH/B0BENCH/benchS3cret';

/** One AWS CLI command of the runbook: argv after `aws`, and the region it runs in. */
export interface RunbookCommand {
  readonly args: readonly string[];
  readonly region: string;
  /** For commands whose argument comes from an earlier command's output (the backup plan id). */
  readonly needsPlanId?: string;
}

/** What benchmark 1 measured. */
export interface RunbookResult {
  readonly spec: string;
  readonly resources: number;
  readonly runbook: {
    readonly commands: number;
    readonly failedCommands: readonly string[];
    readonly totalMs: number;
    readonly meanMsPerCommand: number;
  };
  readonly plan: {
    readonly runs: number;
    readonly medianMs: number;
    readonly allMs: readonly number[];
    readonly exitCode: number | null;
    readonly apiCalls: number;
    readonly apiCallsByOperation: Readonly<Record<string, number>>;
  };
  /** runbook total / plan median. */
  readonly speedup: number;
  readonly targetSpeedup: 20;
  readonly met: boolean;
  /** What the plan still shows after the apply (moto's known gaps), by address. */
  readonly remainingAfterApply: readonly string[];
}

function regionOf(r: DesiredResource): string {
  return r.region ?? (r.attrs as { region: string }).region;
}

/**
 * The read commands a person runs to check everything `desired` declares, in the runbook's style
 * (one get/list/describe per thing; alarms batched per region with --alarm-names as the guide does).
 */
export function runbookCommands(desired: DesiredState): RunbookCommand[] {
  const out: RunbookCommand[] = [{ args: ['sts', 'get-caller-identity'], region: desired.defaultRegion }];
  const alarmsByRegion = new Map<string, string[]>();
  const plansListed = new Set<string>();
  for (const r of desired.resources) {
    const region = regionOf(r);
    const a = r.attrs as unknown as Record<string, unknown>;
    switch (r.kind) {
      case 's3.bucket': {
        const b = ['s3api'];
        const parts: [string, string][] = [
          ['versioning', 'get-bucket-versioning'],
          ['lifecycle', 'get-bucket-lifecycle-configuration'],
          ['replication', 'get-bucket-replication'],
          ['objectLock', 'get-object-lock-configuration'],
          ['inventory', 'list-bucket-inventory-configurations'],
          ['tags', 'get-bucket-tagging'],
        ];
        for (const [field, cmd] of parts)
          if (a[field] !== undefined) out.push({ args: [...b, cmd, '--bucket', r.name], region });
        break;
      }
      case 'iam.role': {
        out.push({ args: ['iam', 'get-role', '--role-name', r.name], region });
        if (a.inlinePolicies !== undefined) {
          out.push({ args: ['iam', 'list-role-policies', '--role-name', r.name], region });
          for (const p of Object.keys(a.inlinePolicies as object))
            out.push({ args: ['iam', 'get-role-policy', '--role-name', r.name, '--policy-name', p], region });
        }
        if (a.managedPolicyArns !== undefined)
          out.push({ args: ['iam', 'list-attached-role-policies', '--role-name', r.name], region });
        break;
      }
      case 'rds.instance':
        out.push({ args: ['rds', 'describe-db-instances', '--db-instance-identifier', r.name], region });
        break;
      case 'backup.vault':
        out.push({ args: ['backup', 'describe-backup-vault', '--backup-vault-name', r.name], region });
        break;
      case 'backup.plan':
      case 'backup.selection': {
        const plan = r.kind === 'backup.plan' ? r.name : String(a.plan);
        if (!plansListed.has(`${region}/${plan}`)) {
          plansListed.add(`${region}/${plan}`);
          out.push({
            args: [
              'backup',
              'list-backup-plans',
              '--query',
              `BackupPlansList[?BackupPlanName=='${plan}'].BackupPlanId`,
              '--output',
              'text',
            ],
            region,
          });
        }
        if (r.kind === 'backup.plan')
          out.push({ args: ['backup', 'get-backup-plan', '--backup-plan-id'], region, needsPlanId: plan });
        else
          out.push({
            args: ['backup', 'list-backup-selections', '--backup-plan-id'],
            region,
            needsPlanId: plan,
          });
        break;
      }
      case 'sns.topic': {
        const arn = `arn:aws:sns:${region}:${desired.account}:${r.name}`;
        out.push({ args: ['sns', 'get-topic-attributes', '--topic-arn', arn], region });
        if (a.subscriptions !== undefined)
          out.push({ args: ['sns', 'list-subscriptions-by-topic', '--topic-arn', arn], region });
        if (a.tags !== undefined)
          out.push({ args: ['sns', 'list-tags-for-resource', '--resource-arn', arn], region });
        break;
      }
      case 'events.rule':
        out.push({ args: ['events', 'describe-rule', '--name', r.name], region });
        if (a.targets !== undefined)
          out.push({ args: ['events', 'list-targets-by-rule', '--rule', r.name], region });
        break;
      case 'cloudwatch.alarm':
        alarmsByRegion.set(region, [...(alarmsByRegion.get(region) ?? []), r.name]);
        break;
    }
  }
  for (const [region, names] of [...alarmsByRegion].sort()) {
    for (let i = 0; i < names.length; i += 100)
      out.push({
        args: ['cloudwatch', 'describe-alarms', '--alarm-names', ...names.slice(i, i + 100)],
        region,
      });
  }
  return out;
}

/** Environment for the AWS CLI and our CLI against moto: dummy credentials, standard retries. */
export function cliEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: process.env.HOME ?? '/tmp',
    ...MOTO_ENV,
    AWS_RETRY_MODE: 'standard',
    AWS_MAX_ATTEMPTS: '3',
    AWS_CONFIG_FILE: '/dev/null',
    AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    ...extra,
  };
}

/**
 * Brings moto to the spec's state: guide starting state, then the spec applied in-process. Returns
 * what a re-plan still shows (moto's gaps).
 */
export async function applySpec(moto: MotoServer, desired: DesiredState): Promise<string[]> {
  await moto.reset();
  const pool = new ClientPool(motoOptions(moto.url));
  try {
    await seedGuideBefore(pool);
    const live = await readLive(desired, pool, { scope: 'managed' });
    // An incomplete plan (moto cannot read AWS Backup selections) is never applied: apply the rest.
    const unreadable = new Set(
      Object.entries(live.resources)
        .filter(([, o]) => o.status === 'unreadable')
        .map(([addr]) => addr),
    );
    const readable = { ...desired, resources: desired.resources.filter((r) => !unreadable.has(r.address)) };
    const plan = planChanges(readable, live, { createdAt: new Date().toISOString() });
    await executePlan(plan, readable, live, {
      pool,
      allowDestructive: true,
      backupRoot: join(await mkdtemp(join(tmpdir(), 'bench-runbook-')), 'backups'),
      ...(desired.secrets ? { secrets: desired.secrets } : {}),
    });
    const after = planChanges(desired, await readLive(desired, pool, { scope: 'managed' }), {
      createdAt: new Date().toISOString(),
    });
    return [
      ...after.changes.filter((c) => c.action !== 'no-op').map((c) => `${c.address} (${c.action})`),
      ...after.unchecked.map((u) => `${u.address} (unchecked)`),
    ];
  } finally {
    pool.destroy();
  }
}

/** Runs the runbook commands sequentially with the AWS CLI; returns total wall time and failures. */
async function runRunbook(
  moto: MotoServer,
  commands: readonly RunbookCommand[],
): Promise<RunbookResult['runbook']> {
  const env = cliEnv();
  const planIds = new Map<string, string>();
  const failed: string[] = [];
  let total = 0;
  for (const c of commands) {
    const args = [...c.args];
    if (c.needsPlanId !== undefined)
      args.push(planIds.get(`${c.region}/${c.needsPlanId}`) ?? 'unknown-plan-id');
    const run = await runProcess(
      'aws',
      // AWS CLI v1 has no pager and rejects v2's --no-cli-pager.
      [...args, '--endpoint-url', moto.url, '--region', c.region, '--output', 'json'],
      { env },
    );
    total += run.ms;
    if (run.code !== 0) failed.push(`aws ${c.args.slice(0, 2).join(' ')} (exit ${run.code})`);
    if (c.args[1] === 'list-backup-plans') {
      const plan = /BackupPlanName=='([^']+)'/.exec(c.args[3] ?? '')?.[1] ?? '';
      const id = run.stdout.replace(/[[\]"\s]/g, '');
      if (id) planIds.set(`${c.region}/${plan}`, id);
    }
  }
  return {
    commands: commands.length,
    failedCommands: failed,
    totalMs: round(total),
    meanMsPerCommand: round(total / commands.length),
  };
}

/** Benchmark 1. `specPath` relative to the repository root; the CLI must be built (dist/). */
export async function benchRunbook(
  moto: MotoServer,
  opts: { specPath?: string; planRuns?: number } = {},
): Promise<RunbookResult> {
  const specPath = opts.specPath ?? 'backup-spec.yaml';
  const runs = opts.planRuns ?? 5;
  const env = { MNEMONICA_ALERTS_WEBHOOK_URL: WEBHOOK };
  const desired = await loadSpecFile(specPath, { ...process.env, ...env });
  const remaining = await applySpec(moto, desired);

  const commands = runbookCommands(desired);
  const runbook = await runRunbook(moto, commands);

  const planMs: number[] = [];
  let exitCode: number | null = null;
  for (let i = 0; i < runs; i++) {
    const run = await runProcess(
      'node',
      ['dist/bin/reconcile.mjs', '--plan', '--spec', specPath, '--endpoint-url', moto.url, '--no-color'],
      { env: cliEnv(env) },
    );
    if (run.code !== 0 && run.code !== 2 && run.code !== 1)
      throw new Error(`reconcile --plan failed: ${run.stderr}`);
    if (run.stderr.includes('internal error')) throw new Error(`reconcile --plan crashed: ${run.stderr}`);
    exitCode = run.code;
    planMs.push(round(run.ms));
  }

  const recorder = new RequestRecorder();
  const pool = new ClientPool(motoOptions(moto.url, { onClient: recorder.onClient }));
  try {
    await readLive(desired, pool, { scope: 'managed' });
  } finally {
    pool.destroy();
  }

  const planMedian = median(planMs);
  const speedup = runbook.totalMs / planMedian;
  return {
    spec: specPath,
    resources: desired.resources.length,
    runbook,
    plan: {
      runs,
      medianMs: round(planMedian),
      allMs: planMs,
      exitCode,
      apiCalls: recorder.requests.length,
      apiCallsByOperation: countByOperation(recorder.requests),
    },
    speedup: round(speedup),
    targetSpeedup: 20,
    met: speedup >= 20,
    remainingAfterApply: remaining,
  };
}
