/**
 * Typed user-facing errors. Each has a stable `code` (one of {@link ErrorCode}, catalogued in
 * {@link ERROR_CATALOGUE} and in the README's "Error codes" table) and a message a person can act on;
 * the CLI prints `message` (never a stack) and exits with `exitCode`. Bugs are plain Errors
 * (assertions).
 */

/**
 * Every `code` a {@link ReconcileError} can carry. Adding one means adding it here, to
 * {@link ERROR_CATALOGUE} (the compiler asks for it) and to the README table (test/errors.test.ts
 * compares them, and fails on a code used in src/ that is not listed).
 */
export type ErrorCode =
  // command line and input files
  | 'USAGE'
  | 'SPEC_INVALID'
  | 'INPUT_FILE'
  | 'OUTPUT_EXISTS'
  // AWS identity and access
  | 'AWS_PROFILE_NOT_FOUND'
  | 'AWS_ACCESS'
  | 'AWS_IDENTITY'
  | 'AWS_UNREACHABLE'
  | 'AWS_NOT_AWS'
  | 'WRONG_ACCOUNT'
  // apply and restore, before anything runs
  | 'STALE_PLAN'
  | 'PLAN_MISMATCH'
  | 'PLAN_INCOMPLETE'
  | 'PLAN_INVALID'
  | 'DESTRUCTIVE_CHANGE'
  | 'CONFIRMATION_REQUIRED'
  | 'LOCK_HELD'
  | 'LINT_ERRORS'
  // apply steps (each one fails its step, not the run: listed in the apply result)
  | 'S3_UNSUPPORTED_CHANGE'
  | 'IAM_ROLE_NO_TRUST_POLICY'
  | 'IAM_ROLE_PATH_CHANGE'
  | 'RDS_INSTANCE_MISSING'
  | 'RDS_INSTANCE_NOT_AVAILABLE'
  | 'BACKUP_VAULT_KEY_CHANGE'
  | 'BACKUP_VAULT_NOT_EMPTY'
  | 'BACKUP_PLAN_NO_RULES'
  | 'BACKUP_PLAN_MISSING'
  | 'BACKUP_SELECTION_NO_ROLE'
  | 'SNS_TOPIC_MISSING'
  | 'SECRET_UNAVAILABLE'
  | 'ALARM_INCOMPLETE'
  // drill
  | 'DRILL_NOT_CONFIGURED'
  // import
  | 'NOTHING_IMPORTED'
  | 'IMPORT_INVALID';

/** One row of the error catalogue. */
export interface ErrorInfo {
  /** The process exit code when this error ends a command (an apply step's error ends only its step). */
  readonly exitCode: 1;
  /** What happened, in a few words. */
  readonly meaning: string;
  /** What to do about it. */
  readonly whatToDo: string;
}

/**
 * The error catalogue: one entry per {@link ErrorCode}, in the order of the README table (rendered by
 * {@link renderErrorCatalogue}). Every error ends its command with exit 1; an apply step's error fails
 * that step (and skips its dependents), and the apply then exits 1 because it did not converge.
 */
export const ERROR_CATALOGUE: { readonly [C in ErrorCode]: ErrorInfo } = {
  USAGE: {
    exitCode: 1,
    meaning:
      'The command line is wrong: unknown command or option, an option the command does not take, a missing or empty value, an unknown region.',
    whatToDo:
      "Follow the message (it suggests the closest command or option); `reconcile <command> --help` lists the command's options.",
  },
  SPEC_INVALID: {
    exitCode: 1,
    meaning: 'The spec does not validate; every problem is listed as `file:line:column path: message`.',
    whatToDo: 'Fix each located field (spec/README.md is the field reference), then `reconcile validate`.',
  },
  INPUT_FILE: {
    exitCode: 1,
    meaning:
      'A file you named cannot be read, parsed or written (spec, snapshot, saved plan, backup directory, report or plan output).',
    whatToDo:
      'Check the path and its permissions; a saved plan or snapshot must come from this tool (`plan --out`, `snapshot --out`).',
  },
  OUTPUT_EXISTS: {
    exitCode: 1,
    meaning: '`import` or `init` would overwrite an existing file; they never do.',
    whatToDo: 'Choose another `--out`, or move the file away first.',
  },
  AWS_PROFILE_NOT_FOUND: {
    exitCode: 1,
    meaning:
      'The named profile (`--profile`, or `AWS_PROFILE`) is in neither the shared config nor the credentials file (`AWS_CONFIG_FILE`, `AWS_SHARED_CREDENTIALS_FILE`, default `~/.aws/`).',
    whatToDo:
      'Fix the name (the message lists the profiles found), or configure it with `aws configure --profile NAME`.',
  },
  AWS_ACCESS: {
    exitCode: 1,
    meaning: 'AWS refused access at a point where nothing can continue.',
    whatToDo:
      'Check the credentials and the IAM permissions the command needs (`reconcile permissions --for COMMAND` prints them).',
  },
  AWS_IDENTITY: {
    exitCode: 1,
    meaning: 'sts:GetCallerIdentity failed: no valid credentials, or the call was denied.',
    whatToDo: 'Check the credentials, `--profile` and `--region` (an expired SSO session: `aws sso login`).',
  },
  AWS_UNREACHABLE: {
    exitCode: 1,
    meaning: 'The STS endpoint (or `--endpoint-url`) did not answer in time or could not be reached.',
    whatToDo: 'Check the network, proxy and `--endpoint-url` / `AWS_ENDPOINT_URL`.',
  },
  AWS_NOT_AWS: {
    exitCode: 1,
    meaning: 'The endpoint answered, but not like AWS STS (a wrong `--endpoint-url`, a captive portal).',
    whatToDo: 'Check `--endpoint-url` / `AWS_ENDPOINT_URL`.',
  },
  WRONG_ACCOUNT: {
    exitCode: 1,
    meaning:
      "The credentials (or the snapshot) belong to another account than the spec's `account`; nothing was read or changed.",
    whatToDo: 'Use the matching `--profile`, or take a snapshot of the right account.',
  },
  STALE_PLAN: {
    exitCode: 1,
    meaning:
      'A saved plan no longer matches AWS or the spec (live state changed since it was made); nothing was changed.',
    whatToDo: 'Make a new plan (`reconcile plan --out plan.json`), review it, apply that.',
  },
  PLAN_MISMATCH: {
    exitCode: 1,
    meaning:
      'A saved plan is current, but differs from the plan made now in some field other than `createdAt` (an edited file: risk, kind, diffs, layers, ...); nothing was changed. The message lists the fields.',
    whatToDo: 'Make a new plan (`reconcile plan --out plan.json`), review it, apply that file unedited.',
  },
  PLAN_INCOMPLETE: {
    exitCode: 1,
    meaning: 'The plan has unchecked (unreadable) resources, so apply refuses to run.',
    whatToDo: 'Fix the read errors the plan lists (usually permissions), then plan again.',
  },
  PLAN_INVALID: {
    exitCode: 1,
    meaning:
      'A plan whose dependency layers do not match its changes (a hand-edited file, or a bug); nothing ran.',
    whatToDo: 'Make a new plan with `reconcile plan --out FILE`; report it if the file was not edited.',
  },
  DESTRUCTIVE_CHANGE: {
    exitCode: 1,
    meaning:
      'The plan holds high-risk changes (shortened retention, deletions, Object Lock, replacements, ...); nothing ran.',
    whatToDo: 'Review them, then apply with `--allow-destructive`.',
  },
  CONFIRMATION_REQUIRED: {
    exitCode: 1,
    meaning:
      'apply/restore has changes to make (or a drill is to run), no terminal to ask on, and no `--yes`.',
    whatToDo: 'Review the plan (or what the drill will do) printed above, then run again with `--yes`.',
  },
  LOCK_HELD: {
    exitCode: 1,
    meaning:
      'Another `apply` or `restore` holds the lock (`.reconcile/lock`, or `--lock`); the message names it (command, pid, host, user, since when). Nothing was read or changed.',
    whatToDo:
      'Wait for it to finish (or wait for it with `--lock-timeout SECONDS`); if that run is gone for good, `reconcile unlock` (with the same `--lock`).',
  },
  LINT_ERRORS: {
    exitCode: 1,
    meaning:
      '`apply` refuses a spec with lint errors that are not silenced (each is listed with its rule, resource, file and line); nothing was read or changed.',
    whatToDo:
      'Fix each one, or, where the rule does not apply, silence it on that resource with the written reason: `lint: {ignore: {RULE: "why"}}`.',
  },
  S3_UNSUPPORTED_CHANGE: {
    exitCode: 1,
    meaning: 'A bucket change S3 cannot make (moving regions, turning Object Lock or versioning off).',
    whatToDo: 'Change the spec back; such a change needs a new bucket.',
  },
  IAM_ROLE_NO_TRUST_POLICY: {
    exitCode: 1,
    meaning: 'A role to create has no `trustPolicy` in the spec (IAM requires one).',
    whatToDo: 'Add `trustPolicy` to the role.',
  },
  IAM_ROLE_PATH_CHANGE: {
    exitCode: 1,
    meaning: "A role's `path` differs from AWS; IAM cannot change a path in place.",
    whatToDo: 'Keep the live path in the spec, or replace the role by hand.',
  },
  RDS_INSTANCE_MISSING: {
    exitCode: 1,
    meaning: 'The declared RDS instance does not exist; this tool never creates databases.',
    whatToDo: 'Create it, or fix its identifier or region in the spec.',
  },
  RDS_INSTANCE_NOT_AVAILABLE: {
    exitCode: 1,
    meaning:
      'An RDS instance to change is not `available` (it is modifying, backing up, rebooting, stopped, ...); RDS refuses to modify it, so nothing was sent.',
    whatToDo:
      'Wait until it is `available` (`aws rds describe-db-instances --db-instance-identifier ID`), then apply again.',
  },
  BACKUP_VAULT_KEY_CHANGE: {
    exitCode: 1,
    meaning: "A vault's encryption key differs from the spec; AWS Backup cannot change it.",
    whatToDo: 'Create a new vault with the key, or keep the live key in the spec.',
  },
  BACKUP_VAULT_NOT_EMPTY: {
    exitCode: 1,
    meaning: 'A vault to delete still holds recovery points; this tool never deletes backups.',
    whatToDo: 'Delete or move the recovery points first, or keep the vault.',
  },
  BACKUP_PLAN_NO_RULES: {
    exitCode: 1,
    meaning: 'A backup plan would have no rules (AWS requires at least one).',
    whatToDo: 'Give the plan a rule, or declare it `ensure: absent`.',
  },
  BACKUP_PLAN_MISSING: {
    exitCode: 1,
    meaning: "A selection's backup plan does not exist (its creation failed or was skipped).",
    whatToDo: "Fix the plan's error, then apply again.",
  },
  BACKUP_SELECTION_NO_ROLE: {
    exitCode: 1,
    meaning: 'A selection to create has no IAM `role` in the spec.',
    whatToDo: 'Add `role` to the selection.',
  },
  SNS_TOPIC_MISSING: {
    exitCode: 1,
    meaning: 'A topic whose subscriptions apply must change was deleted after the plan was made.',
    whatToDo: 'Plan again: the new plan creates the topic with its subscriptions.',
  },
  SECRET_UNAVAILABLE: {
    exitCode: 1,
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the spec's own `${env:NAME}` syntax, literally
    meaning: 'A subscription endpoint written `${env:NAME}` cannot be created: the variable is not set.',
    whatToDo: 'Set the variable in the environment of the apply, then apply again.',
  },
  ALARM_INCOMPLETE: {
    exitCode: 1,
    meaning:
      'An alarm to create or update lacks fields CloudWatch requires (metric, comparison, threshold, ...).',
    whatToDo: 'Declare the missing fields the message names.',
  },
  DRILL_NOT_CONFIGURED: {
    exitCode: 1,
    meaning:
      '`reconcile drill` was asked for, but the spec has no `drill` section (no sandbox to restore into).',
    whatToDo:
      'Declare `drill.sandbox` (an existing bucket no scenario protects) in the spec; spec/README.md, "drill".',
  },
  NOTHING_IMPORTED: {
    exitCode: 1,
    meaning: '`import` found nothing matching its filters in those regions; no file was written.',
    whatToDo: 'Check the filters, `--regions` and the account.',
  },
  IMPORT_INVALID: {
    exitCode: 1,
    meaning:
      '`import` wrote a spec that does not validate (a bug, or an AWS setting the spec cannot express yet); the file is kept.',
    whatToDo: 'Fix the lines the message names by hand, and please report it.',
  },
};

/** The README's error catalogue table (test/errors.test.ts keeps the README equal to it). */
export function renderErrorCatalogue(): string {
  const rows = Object.entries(ERROR_CATALOGUE).map(
    ([code, info]) => `| \`${code}\` | ${info.meaning} | ${info.exitCode} | ${info.whatToDo} |`,
  );
  return ['| Code | Meaning | Exit | What to do |', '|---|---|---|---|', ...rows].join('\n');
}

/** An error the user can act on: printed as its message alone (no stack), then exit `exitCode`. */
export class ReconcileError extends Error {
  readonly code: ErrorCode;
  readonly exitCode: number;
  constructor(code: ErrorCode, message: string, exitCode = 1) {
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
  constructor(message: string, code: ErrorCode = 'AWS_ACCESS') {
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
