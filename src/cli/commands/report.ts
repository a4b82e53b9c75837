/**
 * `reconcile --report [--spec FILE] [--live FILE] [--out DIR] [--format md,html,json]
 * [--publish-sns TOPIC_ARN]`: the nightly proof that you can still restore. Plan (drift), backup
 * health (per recovery scenario, with AWS Backup evidence unless offline) and lint, in one report.
 * Read-only: the only write is the optional SNS publish the user asked for.
 * Exit: 0 in sync and healthy, 2 drift, warnings or unverified (no recovery scenario, or no health
 * check could run), 1 failures, unchecked resources or errors.
 */
import { mkdir, readdir, readFile } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { ClientPool, resolveAwsOptions } from '../../adapters/aws-config.js';
import { readEvidence } from '../../adapters/backup/read-evidence.js';
import { awsErrorCode } from '../../adapters/kit.js';
import { READ_FAN_OUT } from '../../adapters/scheduler.js';
import { publishToTopic } from '../../adapters/sns/publish.js';
import { describeFileError, InputFileError, UsageError } from '../../errors.js';
import { createWriteContext } from '../../executor/write-context.js';
import { writePrivateFile } from '../../io/private-file.js';
import { parseTopicArn } from '../../model/arn.js';
import { redactText } from '../../model/secrets.js';
import type { DesiredState } from '../../model/state.js';
import { planChanges } from '../../planner/index.js';
import { drillChecks, evaluateHealth, evidenceTargets, OFFLINE_EVIDENCE } from '../../report/health/index.js';
import { renderReportHtml } from '../../report/report-html.js';
import { renderReportJson } from '../../report/report-json.js';
import { renderReportMarkdown, renderReportSummaryLine } from '../../report/report-markdown.js';
import {
  buildDriftReport,
  type DriftReport,
  failedChecks,
  parseTrendPoint,
  type TrendPoint,
} from '../../report/report-model.js';
import type { CommandContext } from '../context.js';
import { DRILL_DIR, readDrillEvidence } from '../drill-evidence.js';
import { getLiveState } from '../live-source.js';
import { loadSpecFile } from '../spec-file.js';

export type ReportFormat = 'md' | 'html' | 'json';
const FORMATS: readonly ReportFormat[] = ['md', 'html', 'json'];

/** `--format` -> formats (default md,json); unknown names are a UsageError. */
export function parseReportFormats(values: readonly string[] | undefined): ReportFormat[] {
  if (!values || values.length === 0) return ['md', 'json'];
  const out: ReportFormat[] = [];
  for (const v of values) {
    const f = v.toLowerCase() === 'markdown' ? 'md' : v.toLowerCase();
    if (!FORMATS.includes(f as ReportFormat))
      throw new UsageError(
        `unknown report format '${v}': use md, html and/or json (e.g. --format md,html,json)`,
      );
    if (!out.includes(f as ReportFormat)) out.push(f as ReportFormat);
  }
  return out;
}

/** `2026-03-01T12:00:00.000Z` -> `2026-03-01T12-00-00Z` (safe in file names, sorts by time). */
export function reportStamp(iso: string): string {
  return iso.replace(/\.\d+Z$/, 'Z').replace(/:/g, '-');
}

/** Trend points of the earlier `report-*.json` files in `dir` (unreadable or foreign files are skipped). */
export async function readTrendHistory(dir: string): Promise<TrendPoint[]> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return [];
  }
  const points: TrendPoint[] = [];
  for (const name of names.filter((n) => /^report-.+\.json$/.test(n)).sort()) {
    try {
      const p = parseTrendPoint(await readFile(join(dir, name), 'utf8'));
      if (p) points.push(p);
    } catch {
      // skipped: a report we cannot read is not worth failing the nightly run
    }
  }
  return points;
}

/** The SNS message for `--publish-sns`: short, no secrets. */
export function renderSnsSummary(
  report: DriftReport,
  files: readonly string[],
): { subject: string; message: string } {
  const word = {
    healthy: 'HEALTHY',
    attention: 'ATTENTION',
    failing: 'FAILING',
    unverified: 'UNVERIFIED',
  }[report.summary.status];
  const subject = `Backup report ${report.account}: ${word} (exit ${report.exitCode})`.slice(0, 100);
  const message = [
    `${subject}, ${report.generatedAt}`,
    renderReportSummaryLine(report),
    ...report.summary.reasons.map((r) => `- ${r}`),
    ...failedChecks(report).map((f) => `FAIL ${f.title} (${f.scenarios.join(', ')})`),
    ...(files.length ? [`Report: ${files.join(', ')}`] : []),
  ].join('\n');
  return { subject, message: redactText(message) };
}

async function publishSummary(
  ctx: CommandContext,
  pool: ClientPool,
  topicArn: string,
  report: DriftReport,
  files: string[],
) {
  if (!parseTopicArn(topicArn))
    throw new UsageError(
      `--publish-sns needs an SNS topic ARN (arn:aws:sns:REGION:ACCOUNT:NAME), got '${topicArn}'`,
    );
  // The report's one write goes through mutate like every apply write (logged, timed, counted).
  const writer = createWriteContext({
    pool,
    account: report.account,
    concurrency: 1,
    logger: ctx.logger,
    counters: [],
  });
  try {
    await publishToTopic(writer, topicArn, renderSnsSummary(report, files));
    ctx.logger.info({ topic: topicArn }, 'report summary published');
    return true;
  } catch (e) {
    ctx.logger.error(
      { topic: topicArn, code: awsErrorCode(e) ?? 'error' },
      `could not publish the report summary: ${(e as Error).message}`,
    );
    return false;
  }
}

/** Makes the report (no file or network output). `now` is the report's clock. */
export async function makeReport(
  ctx: CommandContext,
  desired: DesiredState,
  now: Date,
): Promise<{ report: DriftReport; pool?: ClientPool }> {
  const source = await getLiveState(ctx, desired);
  try {
    const plan = planChanges(desired, source.live, { createdAt: now.toISOString() });
    // The plan carries the spec's lint findings (planChanges lints once): no second pass.
    const lint = plan.lint ?? [];
    const evidence = source.pool
      ? await readEvidence(
          { pool: source.pool, account: source.live.account, concurrency: READ_FAN_OUT, logger: ctx.logger },
          evidenceTargets(desired),
          { now },
        )
      : OFFLINE_EVIDENCE;
    // Drill evidence from `reconcile drill` runs in this working directory (issue 16).
    const unreadableDrills: string[] = [];
    const drills = desired.drill
      ? await readDrillEvidence(resolve(ctx.io.cwd, DRILL_DIR), (file, problem) => {
          unreadableDrills.push(`${relative(ctx.io.cwd, file)}: ${problem}`);
          ctx.logger.warn({ file, problem }, 'drill evidence ignored: malformed or unreadable');
        })
      : [];
    const health = [
      ...evaluateHealth(desired, source.live, evidence, now),
      ...drillChecks(desired, drills, now, unreadableDrills),
    ];
    const report = buildDriftReport({
      desired,
      live: source.live,
      plan,
      health,
      lint,
      generatedAt: now,
      drills,
    });
    return { report, ...(source.pool ? { pool: source.pool } : {}) };
  } catch (e) {
    source.pool?.destroy();
    throw e;
  }
}

/** Runs `--report`. */
export async function runReport(ctx: CommandContext, now: Date = new Date()): Promise<number> {
  const { options, io, logger } = ctx;
  const formats = parseReportFormats(options.format);
  const desired = await loadSpecFile(options.spec, io.env, io.cwd);
  const { report, pool: livePool } = await makeReport(ctx, desired, now);
  let pool = livePool;
  try {
    const files: string[] = [];
    // `--format` without `--out`: the files go to the working directory (and stderr says so), never
    // nowhere; without either, the report is only the Markdown (or JSON) on stdout.
    const outDir = options.out ?? (options.format?.length ? '.' : undefined);
    if (outDir !== undefined) {
      const dir = resolve(io.cwd, outDir);
      const out = outDir;
      const cannotWrite = (e: unknown) => {
        // mkdir -p on a path that is a file: EEXIST means --out itself is that file.
        const why =
          (e as NodeJS.ErrnoException).code === 'EEXIST'
            ? 'it is a file, not a directory (--out DIR)'
            : describeFileError(e, 'write');
        return new InputFileError(`cannot write the report to ${out}: ${why}`);
      };
      await mkdir(dir, { recursive: true, mode: 0o700 }).catch((e: unknown) => {
        throw cannotWrite(e);
      });
      const history = formats.includes('html') ? await readTrendHistory(dir) : [];
      const stamp = reportStamp(report.generatedAt);
      const bodies: Record<ReportFormat, () => string> = {
        md: () => renderReportMarkdown(report),
        json: () => renderReportJson(report),
        html: () => renderReportHtml(report, history),
      };
      for (const f of formats) {
        const body = bodies[f]();
        const name = `report-${stamp}.${f}`;
        // Reports hold live state: private files, atomic, never through a symlink (src/io/private-file.ts).
        await writePrivateFile(join(dir, name), body, { what: 'the report', shownPath: join(out, name) });
        await writePrivateFile(join(dir, `latest.${f}`), body, {
          what: 'the report',
          shownPath: join(out, `latest.${f}`),
        });
        files.push(join(out, name));
      }
      logger.info({ files }, 'report written');
      io.stderr.write(`Wrote ${files.join(', ')} (and latest.${formats.join(', latest.')}) in ${dir}\n`);
    }
    io.stdout.write(options.json ? renderReportJson(report) : renderReportMarkdown(report));
    if (options.publishSns !== undefined) {
      pool ??= new ClientPool(resolveAwsOptions(options, io.env, desired.defaultRegion));
      const sent = await publishSummary(ctx, pool, options.publishSns, report, files);
      if (!sent) return 1;
    }
    return report.exitCode;
  } finally {
    pool?.destroy();
  }
}
