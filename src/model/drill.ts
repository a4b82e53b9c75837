/**
 * Recovery drills (issue 16), the pure part: which restores a scenario's drill performs, the names
 * and tags of the temporary resources, the verdict and exit code, the evidence document
 * (`.reconcile/drills/*.json`, formatVersion 1) and its text rendering. No I/O: the runner
 * (src/executor/run-drill.ts) does the AWS calls and hands the measurements here.
 */
import { z } from 'zod';
import { parseBucketArn } from './arn.js';
import { parseAddress, type ResourceAddress } from './resource.js';
import type { DesiredState, DrillScenarioSettings, RecoveryScenario } from './state.js';

/** The tag every temporary drill resource carries: `reconcile:drill=<run id>`. */
export const DRILL_TAG_KEY = 'reconcile:drill';

/** What one phase restores. */
export type DrillPhaseKind = 's3-version' | 's3-replica' | 'rds-pitr' | 'backup-restore';

/** One restore a drill performs. */
export type DrillTarget =
  | {
      readonly kind: 's3-version' | 's3-replica';
      readonly resource: ResourceAddress;
      readonly bucket: string;
    }
  | {
      readonly kind: 'rds-pitr';
      readonly resource: ResourceAddress;
      readonly region: string;
      readonly instance: string;
    }
  | {
      readonly kind: 'backup-restore';
      readonly resource: ResourceAddress;
      readonly region: string;
      readonly vault: string;
    };

/** The buckets some declared replication rule writes into (a restore from them is "from the replica"). */
function replicaBuckets(desired: DesiredState): ReadonlySet<string> {
  const out = new Set<string>();
  for (const r of desired.resources) {
    if (r.kind !== 's3.bucket') continue;
    const attrs = r.attrs as {
      replication?: { rules: readonly { destination: { bucket: string } }[] } | null;
    };
    for (const rule of attrs.replication?.rules ?? []) {
      const name = parseBucketArn(rule.destination.bucket)?.name;
      if (name) out.add(name);
    }
  }
  return out;
}

/**
 * The restores a scenario relies on, in its resources' order: each bucket (a noncurrent version from
 * a source bucket, the newest version from a replica), each RDS instance (point in time), each vault
 * (its newest recovery point). Other resources (plans, roles, topics, alarms) are evidence, not
 * restorable, and have no phase.
 */
export function drillTargets(desired: DesiredState, scenario: RecoveryScenario): DrillTarget[] {
  const replicas = replicaBuckets(desired);
  const out: DrillTarget[] = [];
  for (const address of scenario.resources) {
    const parsed = parseAddress(address);
    if (!parsed) continue;
    if (parsed.kind === 's3.bucket')
      out.push({
        kind: replicas.has(parsed.name) ? 's3-replica' : 's3-version',
        resource: address,
        bucket: parsed.name,
      });
    else if (parsed.kind === 'rds.instance' && parsed.region)
      out.push({ kind: 'rds-pitr', resource: address, region: parsed.region, instance: parsed.name });
    else if (parsed.kind === 'backup.vault' && parsed.region)
      out.push({ kind: 'backup-restore', resource: address, region: parsed.region, vault: parsed.name });
  }
  return out;
}

/**
 * The recovery scenarios whose drills sample objects of `bucket`: those listing it, and those listing
 * a bucket it replicates into (a declared replication rule copies its objects there). An object
 * written there by the tool itself (the `--lock s3://` record and its old versions) would be
 * restored and verified as if it were the scenario's data. Sorted.
 */
export function scenariosSamplingBucket(desired: DesiredState, bucket: string): string[] {
  const reached = new Set<string>([bucket]);
  // Replication chains (A -> B -> C) copy A's objects on to C as well.
  for (let grew = true; grew; ) {
    grew = false;
    for (const r of desired.resources) {
      if (r.kind !== 's3.bucket' || !reached.has(r.name)) continue;
      const attrs = r.attrs as {
        replication?: { rules: readonly { destination: { bucket: string } }[] } | null;
      };
      for (const rule of attrs.replication?.rules ?? []) {
        const name = parseBucketArn(rule.destination.bucket)?.name;
        if (name && !reached.has(name)) {
          reached.add(name);
          grew = true;
        }
      }
    }
  }
  return desired.recovery
    .filter((scenario) =>
      scenario.resources.some((address) => {
        const parsed = parseAddress(address);
        return parsed?.kind === 's3.bucket' && reached.has(parsed.name);
      }),
    )
    .map((scenario) => scenario.name)
    .sort();
}

/** A run id: `<yyyymmddhhmmss>-<4 hex>` (sorts by time; a valid tag value, key and name part). */
export function drillRunId(now: Date, randomHex: string): string {
  const stamp = now
    .toISOString()
    .replace(/\.\d+Z$/, '')
    .replace(/[-:T]/g, '');
  return `${stamp}-${randomHex.slice(0, 4).toLowerCase()}`;
}

/**
 * The temporary DB instance name `<id>-drill-<run id>`: at most 63 characters, letters, digits and
 * single hyphens, not ending in one (RDS DB instance identifier rules,
 * https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/CHAP_Limits.html#RDS_Limits.Constraints).
 */
export function drillInstanceId(source: string, runId: string): string {
  const suffix = `-drill-${runId}`;
  const head = source.slice(0, 63 - suffix.length).replace(/-+$/, '');
  return `${head}${suffix}`.toLowerCase();
}

/** A run id's length: `<yyyymmddhhmmss>-<4 hex>` (drillRunId). */
const RUN_ID_LENGTH = 19;

/**
 * The IAM resource pattern of the temporary instances restored from `source`: `drillInstanceId` with
 * the run id as `*` (the same truncation and case), e.g. `eks-mnemonica-prod-drill-*`.
 */
export function drillInstancePattern(source: string): string {
  return `${drillInstanceId(source, '0'.repeat(RUN_ID_LENGTH)).slice(0, -RUN_ID_LENGTH)}*`;
}

/** The key a restored object gets in the sandbox: `<prefix><run id>/<bucket>/<key>`. */
export function sandboxKey(prefix: string, runId: string, bucket: string, key: string): string {
  return `${prefix}${runId}/${bucket}/${key}`;
}

/** How one phase ended. Ordered from best to worst (the scenario takes the worst). */
export type DrillStatus = 'passed' | 'pending' | 'missed' | 'gap' | 'error';
const STATUS_ORDER: readonly DrillStatus[] = ['passed', 'pending', 'missed', 'gap', 'error'];

/** One restored (or pending) object of an S3 phase. */
export interface DrillSample {
  readonly bucket: string;
  readonly key: string;
  readonly versionId: string;
  readonly storageClass: string;
  readonly size: number;
  readonly etag: string;
  /** `verified`: copied and ETag/size match; `pending`: an archive restore is under way. */
  readonly status: 'verified' | 'pending' | 'mismatch' | 'error';
  /** Where it was copied (`s3://sandbox/key`), when it was. */
  readonly copiedTo?: string;
  /** ISO time the archive restore was requested (first run), for a pending sample. */
  readonly restoreRequestedAt?: string;
  readonly detail?: string;
}

/** What one phase did and measured. */
export interface DrillPhaseResult {
  readonly kind: DrillPhaseKind;
  readonly resource: ResourceAddress;
  readonly status: DrillStatus;
  readonly startedAt: string;
  readonly finishedAt: string;
  /** Recovery time achieved: how long the restore took (minutes); null when it did not complete. */
  readonly rtoMinutes: number | null;
  /** Recovery point achieved: the age of the restored point (minutes); null when not measurable. */
  readonly rpoMinutes: number | null;
  /** One sentence: what was restored, or why not. */
  readonly detail: string;
  readonly samples?: readonly DrillSample[];
  /** Temporary resources the phase created (ARNs, `s3://bucket/key`). */
  readonly created: readonly string[];
}

/** The scenario's verdict (the worst phase status; `gap` when no phase could run). */
export type DrillVerdict = DrillStatus;

/** The evidence a drill writes under `.reconcile/drills/` and prints with `--json`. */
export interface DrillEvidence {
  readonly formatVersion: 1;
  readonly kind: 'drill';
  readonly runId: string;
  readonly scenario: string;
  readonly account: string;
  readonly startedAt: string;
  readonly finishedAt: string;
  readonly targets: { readonly rpoMinutes: number; readonly rtoMinutes: number };
  /**
   * Total RTO: the phases' durations added (one operator restoring one thing after the other, the
   * conservative reading); RPO: the worst phase's. null when no phase completed.
   */
  readonly achieved: { readonly rtoMinutes: number | null; readonly rpoMinutes: number | null };
  readonly verdict: DrillVerdict;
  /** Why the verdict is not `passed`, one line each. */
  readonly reasons: readonly string[];
  readonly phases: readonly DrillPhaseResult[];
  /** What the cleanup removed, and what it could not (left for `reconcile drill --cleanup`). */
  readonly cleanup: { readonly removed: readonly string[]; readonly leftovers: readonly string[] };
}

/** Minutes between two ISO times (one decimal). */
export function minutesBetween(from: string, to: string): number {
  return Math.round((Date.parse(to) - Date.parse(from)) / 6000) / 10;
}

/** A phase's status against the targets: `missed` when a completed restore is over the RTO or RPO. */
export function judgePhase(
  measured: Pick<DrillPhaseResult, 'status' | 'rtoMinutes' | 'rpoMinutes'>,
  targets: DrillEvidence['targets'],
): DrillStatus {
  if (measured.status !== 'passed') return measured.status;
  if (measured.rtoMinutes !== null && measured.rtoMinutes > targets.rtoMinutes) return 'missed';
  if (measured.rpoMinutes !== null && measured.rpoMinutes > targets.rpoMinutes) return 'missed';
  return 'passed';
}

const worst = (a: DrillStatus, b: DrillStatus): DrillStatus =>
  STATUS_ORDER.indexOf(a) >= STATUS_ORDER.indexOf(b) ? a : b;

/** Formats minutes for people: `42 s`, `12 min`, `3.5 h`. */
export function formatMinutes(m: number | null): string {
  if (m === null) return '—';
  if (m < 1) return `${Math.round(m * 60)} s`;
  if (m < 120) return `${Math.round(m)} min`;
  return `${Math.round(m / 6) / 10} h`;
}

/** Assembles the evidence: verdict, totals and reasons from the phases. */
export function buildDrillEvidence(input: {
  readonly runId: string;
  readonly scenario: RecoveryScenario;
  readonly account: string;
  readonly startedAt: string;
  readonly finishedAt: string;
  readonly phases: readonly DrillPhaseResult[];
  readonly cleanup: DrillEvidence['cleanup'];
}): DrillEvidence {
  const targets = { rpoMinutes: input.scenario.rpoMinutes, rtoMinutes: input.scenario.rtoMinutes };
  const reasons: string[] = [];
  let verdict: DrillStatus = input.phases.length === 0 ? 'gap' : 'passed';
  if (input.phases.length === 0)
    reasons.push(
      `scenario ${input.scenario.name} lists no bucket, RDS instance or vault: nothing to restore`,
    );
  for (const p of input.phases) {
    verdict = worst(verdict, p.status);
    if (p.status === 'missed') {
      if (p.rtoMinutes !== null && p.rtoMinutes > targets.rtoMinutes)
        reasons.push(
          `${p.resource}: restore took ${formatMinutes(p.rtoMinutes)}, over the RTO of ${formatMinutes(targets.rtoMinutes)}`,
        );
      if (p.rpoMinutes !== null && p.rpoMinutes > targets.rpoMinutes)
        reasons.push(
          `${p.resource}: restored point is ${formatMinutes(p.rpoMinutes)} old, over the RPO of ${formatMinutes(targets.rpoMinutes)}`,
        );
    } else if (p.status !== 'passed') reasons.push(`${p.resource}: ${p.status}: ${p.detail}`);
  }
  const done = input.phases.filter((p) => p.rtoMinutes !== null);
  const rtoMinutes = done.length
    ? Math.round(done.reduce((s, p) => s + (p.rtoMinutes ?? 0), 0) * 10) / 10
    : null;
  const rpos = input.phases.flatMap((p) => (p.rpoMinutes === null ? [] : [p.rpoMinutes]));
  const rpoMinutes = rpos.length ? Math.max(...rpos) : null;
  if (verdict === 'passed' && rtoMinutes !== null && rtoMinutes > targets.rtoMinutes) {
    verdict = 'missed';
    reasons.push(
      `the restores took ${formatMinutes(rtoMinutes)} together, over the RTO of ${formatMinutes(targets.rtoMinutes)}`,
    );
  }
  if (input.cleanup.leftovers.length > 0)
    reasons.push(
      `cleanup left ${input.cleanup.leftovers.length} temporary resource(s): run reconcile drill --cleanup`,
    );
  return {
    formatVersion: 1,
    kind: 'drill',
    runId: input.runId,
    scenario: input.scenario.name,
    account: input.account,
    startedAt: input.startedAt,
    finishedAt: input.finishedAt,
    targets,
    achieved: { rtoMinutes, rpoMinutes },
    verdict: input.cleanup.leftovers.length > 0 ? worst(verdict, 'gap') : verdict,
    reasons,
    phases: input.phases,
    cleanup: input.cleanup,
  };
}

/** Exit code of a drill: 0 passed, 1 error, 2 a target missed, a gap found or a restore still pending. */
export function drillExitCode(verdict: DrillVerdict): 0 | 1 | 2 {
  return verdict === 'passed' ? 0 : verdict === 'error' ? 1 : 2;
}

/** The evidence as JSON (stable key order as built; newline-terminated). */
export function renderDrillJson(evidence: DrillEvidence): string {
  return `${JSON.stringify(evidence, null, 2)}\n`;
}

const PHASE_LABEL: Readonly<Record<DrillPhaseKind, string>> = {
  's3-version': 'S3 noncurrent version',
  's3-replica': 'S3 replica version',
  'rds-pitr': 'RDS point in time',
  'backup-restore': 'AWS Backup recovery point',
};

/** The evidence as text for people. */
export function renderDrillText(e: DrillEvidence): string {
  const lines = [
    `Drill ${e.runId} of scenario ${e.scenario}: ${e.verdict.toUpperCase()}`,
    `  RTO achieved ${formatMinutes(e.achieved.rtoMinutes)} (target ${formatMinutes(e.targets.rtoMinutes)}), ` +
      `RPO achieved ${formatMinutes(e.achieved.rpoMinutes)} (target ${formatMinutes(e.targets.rpoMinutes)})`,
    '',
  ];
  for (const p of e.phases) {
    lines.push(
      `  ${p.status.padEnd(7)} ${PHASE_LABEL[p.kind]} ${p.resource}: RTO ${formatMinutes(p.rtoMinutes)}, RPO ${formatMinutes(p.rpoMinutes)}`,
      `          ${p.detail}`,
    );
    for (const s of p.samples ?? [])
      lines.push(
        `          - ${s.status} ${s.key} (${s.versionId}, ${s.storageClass}, ${s.size} B)${s.detail ? `: ${s.detail}` : ''}`,
      );
  }
  if (e.reasons.length) lines.push('', ...e.reasons.map((r) => `  ! ${r}`));
  lines.push(
    '',
    `  Cleanup: removed ${e.cleanup.removed.length} temporary resource(s)` +
      (e.cleanup.leftovers.length ? `, LEFT ${e.cleanup.leftovers.join(', ')}` : ''),
    '',
  );
  return lines.join('\n');
}

/** Reads a drill evidence document; undefined when the text is not one. */
const isoTime = z.string().refine((v) => !Number.isNaN(Date.parse(v)), 'an ISO time');
const minutes = z.number().finite().nonnegative().nullable();
const drillStatus = z.enum(['passed', 'pending', 'missed', 'gap', 'error']);

/**
 * Drill evidence read back from disk is untrusted input (a file anyone could edit or truncate): every
 * field the report and the next drill use is checked before it is believed.
 */
const DRILL_EVIDENCE_SCHEMA = z.object({
  formatVersion: z.literal(1),
  kind: z.literal('drill'),
  runId: z.string(),
  scenario: z.string(),
  account: z.string(),
  startedAt: isoTime,
  finishedAt: isoTime,
  targets: z.object({ rpoMinutes: z.number().finite(), rtoMinutes: z.number().finite() }),
  achieved: z.object({ rtoMinutes: minutes, rpoMinutes: minutes }),
  verdict: drillStatus,
  reasons: z.array(z.string()),
  phases: z.array(
    z.object({
      kind: z.enum(['s3-version', 's3-replica', 'rds-pitr', 'backup-restore']),
      resource: z.string(),
      status: drillStatus,
      startedAt: isoTime,
      finishedAt: isoTime,
      rtoMinutes: minutes,
      rpoMinutes: minutes,
      detail: z.string(),
      samples: z
        .array(
          z.object({
            bucket: z.string(),
            key: z.string(),
            versionId: z.string(),
            storageClass: z.string(),
            size: z.number(),
            etag: z.string(),
            status: z.enum(['verified', 'pending', 'mismatch', 'error']),
            copiedTo: z.string().optional(),
            restoreRequestedAt: isoTime.optional(),
            detail: z.string().optional(),
          }),
        )
        .optional(),
      created: z.array(z.string()),
    }),
  ),
  cleanup: z.object({ removed: z.array(z.string()), leftovers: z.array(z.string()) }),
});

/**
 * Drill evidence from its JSON text: the document, or undefined when the text is not drill evidence
 * at all (another tool's JSON), or `{problem}` when it claims to be drill evidence but is malformed.
 */
export function readDrillEvidenceText(
  text: string,
): DrillEvidence | undefined | { readonly problem: string } {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch (e) {
    return { problem: `not JSON: ${(e as Error).message}` };
  }
  const claims = v !== null && typeof v === 'object' && (v as { kind?: unknown }).kind === 'drill';
  if (!claims) return undefined;
  const parsed = DRILL_EVIDENCE_SCHEMA.safeParse(v);
  if (parsed.success) return parsed.data as DrillEvidence;
  const issue = parsed.error.issues[0];
  return { problem: `${issue?.path.join('.') || '(document)'}: ${issue?.message ?? 'invalid'}` };
}

/** Drill evidence from its JSON text; undefined when it is not valid drill evidence. */
export function parseDrillEvidence(text: string): DrillEvidence | undefined {
  const r = readDrillEvidenceText(text);
  return r && !('problem' in r) ? r : undefined;
}

/** What a drill of a scenario will do and roughly cost, shown before `--yes`. */
export function estimateDrill(
  scenario: RecoveryScenario,
  targets: readonly DrillTarget[],
  settings: DrillScenarioSettings,
  previous: DrillEvidence | undefined,
  rdsInstanceClass: string | undefined,
): string[] {
  const lines = [
    `Drill of scenario ${scenario.name} (RTO ${formatMinutes(scenario.rtoMinutes)}, RPO ${formatMinutes(scenario.rpoMinutes)}):`,
  ];
  for (const t of targets) {
    if (t.kind === 's3-version' || t.kind === 's3-replica')
      lines.push(
        `  - copy up to ${settings.samples.count} ${t.kind === 's3-replica' ? 'replica' : 'noncurrent'} object version(s) of ${t.bucket} into s3://${settings.sandbox?.bucket ?? '?'}/${settings.sandbox?.prefix ?? ''}<run id>/ ` +
          // Archive retrieval times: S3 user guide, "Understanding archive retrieval options",
          // https://docs.aws.amazon.com/AmazonS3/latest/userguide/restoring-objects-retrieval-options.html
          '(one CopyObject each, deleted afterwards; GLACIER/DEEP_ARCHIVE versions need a RestoreObject first: 3-5 h (Glacier) or up to 12 h (Deep Archive) at the Standard tier, retrieval billed per GB, recorded as pending)',
      );
    else if (t.kind === 'rds-pitr')
      lines.push(
        `  - restore ${t.instance} to its latest restorable time as a temporary ${rdsInstanceClass ?? 'smallest-class'} instance (not public, billed while it exists: usually 10-60 min), deleted without a final snapshot`,
      );
    else if (t.kind === 'backup-restore')
      lines.push(
        `  - restore the newest recovery point of vault ${t.vault} (${t.region}) into a temporary resource, deleted afterwards (AWS Backup restore pricing applies per GB for some resource types)`,
      );
  }
  lines.push(
    previous
      ? `  Duration: the last drill (${previous.runId}) took ${formatMinutes(minutesBetween(previous.startedAt, previous.finishedAt))}.`
      : `  Duration: no earlier drill; expect up to the RTO target (${formatMinutes(scenario.rtoMinutes)}).`,
  );
  return lines;
}
