/**
 * `reconcile --import --out FILE [filters]`: reads what already runs in AWS (read-only calls only)
 * and writes it as a spec in the house style, so that `--plan` with that spec shows no changes.
 * Never writes to AWS. Refuses to overwrite an existing file. The account always comes from STS
 * GetCallerIdentity (`--account-from-sts` is accepted and is the only behaviour); the header says so.
 * Prints a summary (resources per kind) on stdout; logs, unreadable and not-found resources on stderr.
 */
import { existsSync } from 'node:fs';
import { parseSpec } from '../../../spec/parse-spec.js';
import { ClientPool, resolveAwsOptions } from '../../adapters/aws-config.js';
import { ReconcileError, SpecError, UsageError } from '../../errors.js';
import { type ImportFilters, importLive } from '../../import/discover.js';
import { writeSpec } from '../../import/write-spec.js';
import { writePrivateFile } from '../../io/private-file.js';
import { RESOURCE_KINDS } from '../../model/resource.js';
import { redactText } from '../../model/secrets.js';
import type { CliOptions, CommandContext } from '../context.js';
import { pathFromCwd, schemaRefFor } from '../paths.js';
import { checkRegion } from '../regions.js';

/** Checks the filters and resolves the regions; throws UsageError with what to do. */
export function importFiltersOf(options: CliOptions, fallbackRegion: string): ImportFilters {
  const f = options.importFilters;
  if (f.allBuckets && f.buckets !== undefined)
    throw new UsageError('choose one of --buckets a,b and --all-buckets');
  const nothing =
    !f.allBuckets &&
    (f.buckets ?? []).length === 0 &&
    f.alarmPrefix === undefined &&
    f.rulePrefix === undefined &&
    f.topics.length + f.roles.length + f.dbInstances.length + f.backupPlans.length === 0;
  if (nothing)
    throw new UsageError(
      '--import needs something to import: --buckets a,b or --all-buckets, --alarm-prefix P, --rule-prefix P, ' +
        '--topic NAME, --role NAME, --db-instance ID, --backup-plan NAME (each repeatable)',
    );
  const given = f.regions && f.regions.length > 0;
  const regions = given ? [...new Set(f.regions)] : [fallbackRegion];
  // --regions and --region were checked by args.ts; the fallback may come from AWS_REGION.
  for (const r of regions)
    checkRegion(r, given ? '--regions' : 'the default region', options.allowUnknownRegion ?? false);
  return {
    regions,
    allBuckets: f.allBuckets,
    topics: f.topics,
    roles: f.roles,
    dbInstances: f.dbInstances,
    backupPlans: f.backupPlans,
    ...(f.buckets !== undefined ? { buckets: f.buckets } : {}),
    ...(f.alarmPrefix !== undefined ? { alarmPrefix: f.alarmPrefix } : {}),
    ...(f.rulePrefix !== undefined ? { rulePrefix: f.rulePrefix } : {}),
  };
}

export async function runImport(ctx: CommandContext): Promise<number> {
  const { options, io, logger } = ctx;
  if (!options.out)
    throw new UsageError('--import needs --out FILE (where to write the spec), e.g. --out backup-spec.yaml');
  const out = pathFromCwd(io.cwd, options.out);
  const flags = options;
  const filters = importFiltersOf(options, resolveAwsOptions(flags, io.env).defaultRegion);
  // Checked before any AWS call, and again atomically when writing ('wx').
  if (existsSync(out))
    throw new ReconcileError(
      'OUTPUT_EXISTS',
      `${options.out} already exists: --import never overwrites a file. Choose another --out, or move it away first.`,
    );
  const aws = resolveAwsOptions(flags, io.env, filters.regions[0]);
  const pool = new ClientPool(aws);
  let imported: Awaited<ReturnType<typeof importLive>>;
  try {
    imported = await importLive(pool, filters, { logger });
  } finally {
    pool.destroy();
  }
  const written = writeSpec({
    live: imported.live,
    defaultRegion: aws.defaultRegion,
    schemaRef: schemaRefFor(out),
    notes: imported.notes,
  });
  for (const s of written.skipped) io.stderr.write(`not imported: ${s.address}: ${redactText(s.reason)}\n`);
  for (const n of imported.notes) io.stderr.write(`not imported: ${redactText(n)}\n`);
  for (const n of imported.notFound) io.stderr.write(`not found: ${n}\n`);
  const total = Object.values(written.counts).reduce((a, b) => a + (b ?? 0), 0);
  if (total === 0)
    throw new ReconcileError(
      'NOTHING_IMPORTED',
      `nothing to import in account ${imported.live.account} (regions ${filters.regions.join(', ')}); ${options.out} was not written`,
    );
  await writePrivateFile(out, written.text, {
    what: 'the imported spec',
    shownPath: options.out,
    exclusive: true,
    onExists: () =>
      new ReconcileError('OUTPUT_EXISTS', `${options.out} already exists: --import never overwrites a file.`),
  });

  const perKind = RESOURCE_KINDS.filter((k) => written.counts[k]).map((k) => `${written.counts[k]} ${k}`);
  io.stdout.write(
    `Imported ${total} resource(s) from account ${imported.live.account} into ${options.out}: ${perKind.join(', ')}.\n`,
  );
  if (written.skipped.length + imported.notes.length > 0)
    io.stdout.write(
      `Not imported: ${written.skipped.length + imported.notes.length} (listed at the top of ${options.out} and on stderr).\n`,
    );
  for (const p of written.placeholders)
    io.stdout.write(
      `Set ${p.variable} to the ${p.protocol} endpoint of ${p.topic}${p.host ? ` (on ${p.host})` : ''}: AWS never returns it in clear.\n`,
    );
  // The writer's output must load: if it does not, that is our bug (or an AWS setting the spec
  // cannot express yet). The file is kept so that it can be fixed by hand.
  try {
    parseSpec(written.text, options.out, {});
  } catch (e) {
    if (!(e instanceof SpecError)) throw e;
    throw new ReconcileError(
      'IMPORT_INVALID',
      `${options.out} was written but does not validate (please report this):\n${e.message}`,
    );
  }
  logger.info({ file: options.out, counts: written.counts }, 'import written');
  return 0;
}
