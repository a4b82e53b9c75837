/**
 * `reconcile permissions --for COMMAND [--spec FILE] [--json]`: prints the least-privilege IAM policy
 * COMMAND needs for this spec (src/adapters/permissions.ts builds it from the declared operations and
 * the operation -> IAM action table). Reads only the spec: no AWS, no credentials. `--json` prints
 * the bare IAM policy document (an AWS document, so no `formatVersion`: IAM would refuse the key).
 *
 * New commands: every command in COMMAND_ACCESS (src/adapters/operations.ts) is a valid `--for`;
 * `drill` (issue 16) becomes one by declaring its access there and its operations' IAM actions in
 * src/adapters/iam-actions.ts (a test fails until every declared operation has a mapping).
 */
import { closestMatch } from '../../../spec/suggest.js';
import type { AwsCommand } from '../../adapters/operations.js';
import {
  buildPermissions,
  permissionCommands,
  publishSnsProblem,
  renderPermissionsText,
} from '../../adapters/permissions.js';
import { UsageError } from '../../errors.js';
import { type LockLocation, parseLockLocation } from '../../model/lock.js';
import type { CommandContext } from '../context.js';
import { loadSpecFile } from '../spec-file.js';

/** The commands `--for` documents (issue 17); `drill` only once it declares its operations. */
const DOCUMENTED = ['plan', 'apply', 'report', 'import', 'drill', 'restore', 'snapshot'] as const;

/** `--for` value -> the command, or a UsageError saying what is wrong. */
export function permissionsCommandOf(value: string | undefined): AwsCommand {
  const known = permissionCommands();
  const list = known.join(', ');
  if (value === undefined)
    throw new UsageError(
      `permissions needs --for COMMAND, one of ${list} (e.g. reconcile permissions --for report)`,
    );
  if ((known as readonly string[]).includes(value)) return value as AwsCommand;
  if ((DOCUMENTED as readonly string[]).includes(value))
    throw new UsageError(
      `--for ${value}: this version of reconcile has no '${value}' command that declares its AWS operations (src/adapters/operations.ts COMMAND_ACCESS); use one of ${list}`,
    );
  const close = closestMatch(value, known);
  throw new UsageError(
    `--for: unknown command '${value}'${close ? ` (did you mean "${close}"?)` : ''}; use one of ${list}`,
  );
}

export async function runPermissions(ctx: CommandContext): Promise<number> {
  const { options, io } = ctx;
  const command = permissionsCommandOf(options.permissionsFor);
  if (options.publishSns !== undefined) {
    if (command !== 'report')
      throw new UsageError(
        `--publish-sns applies to --for report only (the report's summary), not to ${command}`,
      );
    const problem = publishSnsProblem(options.publishSns);
    if (problem) throw new UsageError(problem);
  }
  if (options.prunePrefix.length > 0 && command !== 'plan' && command !== 'apply')
    throw new UsageError(`--prune-prefix applies to --for plan and --for apply only, not to ${command}`);
  let s3Lock: { bucket: string; key: string } | undefined;
  if (options.lock !== undefined) {
    if (command !== 'apply' && command !== 'restore')
      throw new UsageError(`--lock applies to --for apply and --for restore only, not to ${command}`);
    let location: LockLocation;
    try {
      location = parseLockLocation(options.lock);
    } catch (e) {
      throw new UsageError((e as Error).message);
    }
    // A local lock file needs no AWS permission.
    if (location.kind === 's3') s3Lock = { bucket: location.bucket, key: location.key };
  }
  const desired = await loadSpecFile(options.spec, io.env, io.cwd);
  const result = buildPermissions(desired, {
    command,
    ...(s3Lock ? { s3Lock } : {}),
    prunePrefixes: options.prunePrefix,
    ...(options.publishSns !== undefined ? { publishSns: options.publishSns } : {}),
  });
  io.stdout.write(
    options.json ? `${JSON.stringify(result.policy, null, 2)}\n` : renderPermissionsText(result),
  );
  return 0;
}
