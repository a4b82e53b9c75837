/**
 * Typed user-facing errors. Each has a stable `code` and a message a person can act on; the CLI prints
 * `message` (never a stack) and exits with `exitCode`. Bugs are plain Errors (assertions).
 */
export class ReconcileError extends Error {
  readonly code: string;
  readonly exitCode: number;
  constructor(code: string, message: string, exitCode = 1) {
    super(message);
    this.name = new.target.name;
    this.code = code;
    this.exitCode = exitCode;
  }
}

/** One located problem in a spec file. */
export interface SpecIssue {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  /** Dotted field path, e.g. `s3.buckets.mne-media-prod.lifecycle[0].noncurrentVersionExpiration`. */
  readonly path: string;
  readonly message: string;
}

/** Formats one issue as `file:line:column path: message`. */
export function formatSpecIssue(issue: SpecIssue): string {
  const where = `${issue.file}:${issue.line}:${issue.column}`;
  return issue.path ? `${where} ${issue.path}: ${issue.message}` : `${where} ${issue.message}`;
}

/** The spec is invalid; carries every issue found (all at once, sorted by position). */
export class SpecError extends ReconcileError {
  readonly issues: readonly SpecIssue[];
  constructor(issues: readonly SpecIssue[]) {
    super('SPEC_INVALID', issues.map(formatSpecIssue).join('\n'));
    this.issues = issues;
  }
}

/** Bad command-line usage. */
export class UsageError extends ReconcileError {
  constructor(message: string) {
    super('USAGE', message);
  }
}

/** Credentials, account mismatch, access denied at a point where nothing can continue. */
export class AwsAccessError extends ReconcileError {
  constructor(message: string, code = 'AWS_ACCESS') {
    super(code, message);
  }
}

/** A saved plan no longer matches live state. */
export class StalePlanError extends ReconcileError {
  constructor(message: string) {
    super('STALE_PLAN', message);
  }
}

/**
 * A file-system error in words, for the end of a `cannot read|write <path>: ...` message (which has
 * already named the path, so Node's own message, which repeats it, is only the last resort). `op`:
 * whether the failing call read or wrote (ENOENT on a write means the directory is missing).
 */
export function describeFileError(e: unknown, op: 'read' | 'write'): string {
  const code = (e as { code?: unknown } | null)?.code;
  switch (code) {
    case 'ENOENT':
      return op === 'read' ? 'no such file' : 'the directory does not exist';
    case 'EISDIR':
      return 'it is a directory';
    case 'ENOTDIR':
    case 'EEXIST':
      return 'a part of the path is a file, not a directory';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    default:
      return e instanceof Error ? e.message : String(e);
  }
}

/** A file the user named could not be read or parsed (snapshot, saved plan). */
export class InputFileError extends ReconcileError {
  constructor(message: string) {
    super('INPUT_FILE', message);
  }
}
