#!/usr/bin/env node
/**
 * Entry point: argv -> command -> exit code. Thin: every command lives in src/cli/commands/.
 * Errors the user can act on (ReconcileError) print one clear message and exit 1; anything else is a
 * bug and prints its message plus a hint to run with --log-level debug (still no stack by default).
 */
import { realpathSync } from 'node:fs';
import { createInterface } from 'node:readline/promises';
import { pathToFileURL } from 'node:url';
import { ReconcileError } from '../errors.js';
import { redactText } from '../model/secrets.js';
import { commandSpec, parseCliArgs, renderCommandHelp, renderHelp } from './args.js';
import { checkAwsProfile } from './aws-profile.js';
import type { CliIO } from './context.js';
import { createLogger, resolveLogLevel } from './logger.js';
import { VERSION } from './version.js';

/** Runs the CLI in-process (tests call this directly) and returns the exit code. */
export async function main(argv: readonly string[], io: CliIO): Promise<number> {
  let debug = false;
  try {
    const parsed = parseCliArgs(argv);
    if (parsed.kind === 'help') {
      io.stdout.write(parsed.command ? renderCommandHelp(parsed.command) : renderHelp());
      return 0;
    }
    if (parsed.kind === 'version') {
      io.stdout.write(`${VERSION}\n`);
      return 0;
    }
    const options = parsed.options;
    // On a terminal the logs stay quiet (warn) unless asked: the command's own output says what happens.
    const level = resolveLogLevel(options.logLevel, io.env, io.stderr.isTTY ? 'warn' : 'info');
    debug = level === 'debug' || level === 'trace';
    const logger = createLogger({
      level,
      pretty: Boolean(io.stderr.isTTY),
      ...(io.stderr === process.stderr ? {} : { stream: io.stderr }),
    });
    const color = options.color ?? (Boolean(io.stdout.isTTY) && !io.env.NO_COLOR);
    const spec = commandSpec(options.command);
    // Before any client exists: a missing profile is one clear line, not the SDK's chain of failures.
    if (spec.usesAws(options)) checkAwsProfile(options.profile, io.env);
    const run = await spec.load();
    return await run({ options, io, logger, color });
  } catch (e) {
    if (e instanceof ReconcileError) {
      io.stderr.write(`${redactText(e.message)}\n`);
      return e.exitCode;
    }
    const err = e as Error;
    io.stderr.write(`internal error: ${redactText(err?.message ?? String(e))}\n`);
    if (debug && err?.stack) io.stderr.write(`${redactText(err.stack)}\n`);
    else io.stderr.write('(this is a bug; run again with --log-level debug for details)\n');
    return 1;
  }
}

function processIO(): CliIO {
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    stdinIsTTY: Boolean(process.stdin.isTTY),
    env: process.env,
    cwd: process.cwd(),
    ...(process.stdin.isTTY && process.stderr.isTTY
      ? {
          confirm: async (question: string) => {
            const rl = createInterface({ input: process.stdin, output: process.stderr });
            try {
              const answer = await rl.question(`${question} Only 'yes' will be accepted: `);
              return answer.trim() === 'yes';
            } finally {
              rl.close();
            }
          },
        }
      : {}),
  };
}

function isEntryPoint(): boolean {
  const script = process.argv[1];
  if (!script) return false;
  try {
    return import.meta.url === pathToFileURL(realpathSync(script)).href;
  } catch {
    return false;
  }
}

if (isEntryPoint()) {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  main(process.argv.slice(2), processIO()).then(
    (code) => {
      process.exitCode = code;
    },
    (e) => {
      process.stderr.write(`internal error: ${redactText(String(e))}\n`);
      process.exitCode = 1;
    },
  );
}
