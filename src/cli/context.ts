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
   * `--allow-unknown-region`: accept region codes newer than spec/aws-facts.ts's list (checked by
   * args.ts). undefined: false.
   */
  readonly allowUnknownRegion?: boolean;
  readonly profile?: string;
  readonly region?: string;
  readonly endpointUrl?: string;
  /** `--concurrency`: AWS calls in flight per service and region. */
  readonly concurrency?: number;
  /** true/false forced by --color/--no-color; undefined: colour on a TTY only. */
  readonly color?: boolean;
  readonly logLevel?: string;
  /** The command's argument: `apply plan.json`, `restore DIR`, `show plan.json`. */
  readonly target?: string;
  readonly publishSns?: string;
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
  readonly stdout: NodeJS.WritableStream & { isTTY?: boolean };
  readonly stderr: NodeJS.WritableStream & { isTTY?: boolean };
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
