/**
 * What every command gets: parsed options, the IO streams and a logger. Commands return an exit code
 * (0 in sync, 2 drift/changes, 1 error) and never call process.exit themselves.
 */
import type { ImportFilters } from '../import/discover.js';
import type { CommandName } from './args.js';
import type { Logger } from './logger.js';

export type { CommandName };

/** Parsed command-line options (see src/cli/args.ts for the flags). */
export interface CliOptions {
  readonly command: CommandName;
  /** Spec file; default `backup-spec.yaml`. */
  readonly spec: string;
  /** `--live FILE`: plan against a snapshot instead of AWS. */
  readonly live?: string;
  /** `--out FILE|DIR`. */
  readonly out?: string;
  readonly json: boolean;
  readonly markdown: boolean;
  /** `--format md,html,json` (report). */
  readonly format?: readonly string[];
  readonly yes: boolean;
  readonly allowDestructive: boolean;
  /** `--allow-delete` (restore): delete what the backed-up apply created. undefined: false. */
  readonly allowDelete?: boolean;
  /**
   * `--rds-apply-in-maintenance-window` (apply, restore): RDS changes are sent without
   * ApplyImmediately; those RDS defers (backups on/off, an outage) wait for the maintenance window.
   */
  readonly rdsApplyInMaintenanceWindow?: boolean;
  /**
   * `--allow-unknown-region`: accept region codes newer than spec/aws-facts.ts's list (checked by
   * args.ts). undefined: false.
   */
  readonly allowUnknownRegion?: boolean;
  readonly profile?: string;
  readonly region?: string;
  readonly endpointUrl?: string;
  /**
   * `--max-attempts N`: SDK attempts per AWS call (retry mode adaptive). Set by args.ts for every
   * command that talks to AWS (default 8 for apply, restore, report; 3 otherwise).
   */
  readonly maxAttempts?: number;
  /** `--concurrency`: AWS calls in flight per service and region. */
  readonly concurrency?: number;
  /** true/false forced by --color/--no-color; undefined: colour on a TTY only. */
  readonly color?: boolean;
  readonly logLevel?: string;
  /** The command's argument: `apply plan.json`, `restore DIR`, `show plan.json`. */
  readonly target?: string;
  readonly publishSns?: string;
  /** `--lock PATH|s3://BUCKET/KEY`: where the apply lock lives; undefined: `.reconcile/lock`. */
  readonly lock?: string;
  /** `--lock-timeout SECONDS`: how long to wait for a lock another run holds; undefined: 0. */
  readonly lockTimeoutSeconds?: number;
  /** `--target ADDRESS` (repeatable, globs): plan and apply only these (src/cli/targets.ts). */
  readonly targets: readonly string[];
  /** `permissions --for COMMAND`: the command whose IAM policy to print (checked by the command). */
  readonly permissionsFor?: string;
  /** `drill --cleanup`: remove the leftovers of interrupted drills. undefined: false. */
  readonly cleanup?: boolean;
  /** `--prune-prefix P` (repeatable): delete undeclared resources whose names start with P. */
  readonly prunePrefix: readonly string[];
  /**
   * Import filters as given: `regions` undefined or empty until `importFiltersOf` resolves it
   * (default: the AWS region); `--account-from-sts` is accepted and is the only behaviour.
   */
  readonly importFilters: Omit<ImportFilters, 'regions'> & {
    readonly accountFromSts: boolean;
    readonly regions?: readonly string[];
  };
}

export interface CliIO {
  /** `columns`: the terminal's width when stdout is a TTY. */
  readonly stdout: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  readonly stderr: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  readonly stdinIsTTY: boolean;
  readonly env: NodeJS.ProcessEnv;
  readonly cwd: string;
  /** Asks a yes/no question on the TTY; undefined when there is no TTY. */
  readonly confirm?: (question: string) => Promise<boolean>;
}

export interface CommandContext {
  readonly options: CliOptions;
  readonly io: CliIO;
  readonly logger: Logger;
  /** Colour for stdout output. */
  readonly color: boolean;
}

export type Command = (ctx: CommandContext) => Promise<number>;

/** Columns a plan may use on `stream`: the terminal's width, else 100 (files, pipes, CI logs). */
export function outputWidth(stream: CliIO['stdout']): number {
  return stream.isTTY && stream.columns && stream.columns > 0 ? stream.columns : 100;
}
