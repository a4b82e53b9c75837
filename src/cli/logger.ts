/**
 * pino logs on stderr: JSON by default, pretty on a TTY. Every string that reaches a log line goes
 * through redactText, so webhook URLs and tokens never appear in logs.
 */
import { createRequire } from 'node:module';
import pino, { type Logger } from 'pino';
import { UsageError } from '../errors.js';
import { redactText } from '../model/secrets.js';

export type { Logger };

function redactDeep(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return redactText(value);
  if (depth > 6 || value === null || typeof value !== 'object') return value;
  if (value instanceof Error) return { type: value.name, message: redactText(value.message) };
  if (Array.isArray(value)) return value.map((v) => redactDeep(v, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = redactDeep(v, depth + 1);
  return out;
}

/** The pino levels `--log-level` / LOG_LEVEL accept. */
export const LOG_LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/**
 * `--log-level` (or, when absent, LOG_LEVEL) -> a pino level, case-insensitive; default `fallback`
 * (`info`; `warn` when stderr is a terminal, where progress lines say what happens).
 * An unknown level is a UsageError naming where it came from.
 */
export function resolveLogLevel(
  flag: string | undefined,
  env: NodeJS.ProcessEnv,
  fallback: LogLevel = 'info',
): LogLevel {
  const [source, value] = flag !== undefined ? ['--log-level', flag] : ['LOG_LEVEL', env.LOG_LEVEL];
  if (value === undefined || value === '') return fallback;
  const level = value.trim().toLowerCase();
  if ((LOG_LEVELS as readonly string[]).includes(level)) return level as LogLevel;
  throw new UsageError(`${source}: unknown level '${value}'; use one of ${LOG_LEVELS.join(', ')}`);
}

export interface LoggerOptions {
  readonly level?: string;
  /** Pretty output (stderr is a TTY). */
  readonly pretty?: boolean;
  /** Where to write; default stderr (fd 2). Tests pass a stream. */
  readonly stream?: NodeJS.WritableStream;
}

export function createLogger(opts: LoggerOptions = {}): Logger {
  const options: pino.LoggerOptions = {
    level: opts.level ?? 'info',
    base: null,
    formatters: { log: (obj) => redactDeep(obj) as Record<string, unknown> },
    hooks: {
      logMethod(args, method) {
        method.apply(this, args.map((a) => redactDeep(a)) as Parameters<typeof method>);
      },
    },
  };
  if (opts.stream) return pino(options, opts.stream as pino.DestinationStream);
  if (opts.pretty) {
    const require = createRequire(import.meta.url);
    const pretty = require('pino-pretty') as (o: Record<string, unknown>) => pino.DestinationStream;
    return pino(options, pretty({ destination: 2, sync: true, colorize: true, ignore: 'pid,hostname' }));
  }
  return pino(options, pino.destination({ dest: 2, sync: true }));
}
