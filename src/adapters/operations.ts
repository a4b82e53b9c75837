/**
 * Which AWS operations the tool can call, per service and per command, derived from the declared
 * clients (src/adapters/declared-client.ts): a new SDK call cannot be made without being declared,
 * so these lists are complete by construction. Issue 17 (`reconcile permissions`) builds IAM policies
 * from them; docs/scheduling.md's read-only policy must allow at least the read list.
 */
import { BACKUP_CLIENT } from './backup/client.js';
import { BACKUP_DRILL_CLIENT } from './backup/drill.js';
import { CLOUDWATCH_CLIENT } from './cloudwatch/client.js';
import type { Access, ClientDefinition } from './declared-client.js';
import { EVENTS_CLIENT } from './events/client.js';
import { IAM_CLIENT } from './iam/client.js';
import { RDS_CLIENT } from './rds/client.js';
import { RDS_DRILL_CLIENT } from './rds/drill.js';
import { S3_CLIENT } from './s3/client.js';
import { S3_DRILL_CLIENT } from './s3/drill.js';
import { S3_LOCK_CLIENT } from './s3/lock.js';
import { SNS_CLIENT } from './sns/client.js';
import { SNS_PUBLISH_CLIENT } from './sns/publish.js';
import { STS_CLIENT } from './sts/client.js';

/** The clients the adapters read and reconcile resources with (everything but the report's publish). */
export const RESOURCE_CLIENTS: readonly ClientDefinition[] = [
  STS_CLIENT,
  S3_CLIENT,
  IAM_CLIENT,
  RDS_CLIENT,
  BACKUP_CLIENT,
  SNS_CLIENT,
  EVENTS_CLIENT,
  CLOUDWATCH_CLIENT,
];

/**
 * `reconcile drill`'s clients (issue 16): restores into a sandbox or temporary resources, their
 * verification and their removal. No other command gets them.
 */
export const DRILL_CLIENTS: readonly ClientDefinition[] = [
  S3_DRILL_CLIENT,
  RDS_DRILL_CLIENT,
  BACKUP_DRILL_CLIENT,
];

/** Every declared client (a test checks that no declaration under src/adapters is missing here). */
export const DECLARED_CLIENTS: readonly ClientDefinition[] = [
  ...RESOURCE_CLIENTS,
  SNS_PUBLISH_CLIENT,
  S3_LOCK_CLIENT,
  ...DRILL_CLIENTS,
];

/** One AWS operation the tool may call. */
export interface DeclaredOperation {
  /** The SDK client key (`s3`, `iam`, `backup`, `events` for EventBridge, ...). */
  readonly service: ClientDefinition['service'];
  /** The AWS API operation name, e.g. `GetBucketVersioning`. */
  readonly operation: string;
  readonly access: Access;
}

const byServiceThenOperation = (x: DeclaredOperation, y: DeclaredOperation): number =>
  x.service === y.service ? (x.operation < y.operation ? -1 : 1) : x.service < y.service ? -1 : 1;

function operationsOf(clients: readonly ClientDefinition[], access: readonly Access[]): DeclaredOperation[] {
  const seen = new Map<string, DeclaredOperation>();
  for (const c of clients)
    for (const a of access)
      for (const operation of c.operations[a])
        seen.set(`${c.service}:${operation}`, { service: c.service, operation, access: a });
  return [...seen.values()].sort(byServiceThenOperation);
}

/** Read and write operation names of one service. */
export interface ServiceOperations {
  readonly read: readonly string[];
  readonly write: readonly string[];
}

/** The read and write operations of every service that has a declared client, sorted. */
export function serviceOperations(): Readonly<
  Partial<Record<ClientDefinition['service'], ServiceOperations>>
> {
  const out: Partial<Record<ClientDefinition['service'], { read: string[]; write: string[] }>> = {};
  for (const op of operationsOf(DECLARED_CLIENTS, ['read', 'write'])) {
    const entry = out[op.service] ?? { read: [], write: [] };
    entry[op.access].push(op.operation);
    out[op.service] = entry;
  }
  return out;
}

/** The commands that talk to AWS (`--validate` never does). */
export type AwsCommand = 'plan' | 'snapshot' | 'report' | 'import' | 'apply' | 'restore' | 'drill';

/** Which commands may write: every other command only reads (the recording-proxy tests prove it). */
export const COMMAND_ACCESS: Readonly<Record<AwsCommand, readonly Access[]>> = {
  plan: ['read'],
  snapshot: ['read'],
  report: ['read'],
  import: ['read'],
  apply: ['read', 'write'],
  restore: ['read', 'write'],
  // The drill's writes go only to its sandbox and the temporary resources it creates (see DRILL_CLIENTS).
  drill: ['read', 'write'],
};

/**
 * The operations a command can call: the resource clients' reads for the read-only commands, reads
 * and writes for apply and restore; `--report --publish-sns` adds sns Publish (and nothing else);
 * `drill` gets the STS identity check and the drill clients (never the resource writers).
 */
export function operationsFor(
  command: AwsCommand,
  opts: { readonly publishSns?: boolean; readonly s3Lock?: boolean } = {},
): readonly DeclaredOperation[] {
  if (command === 'drill')
    return [...operationsOf([STS_CLIENT], ['read']), ...operationsOf(DRILL_CLIENTS, ['read', 'write'])].sort(
      byServiceThenOperation,
    );
  const ops = operationsOf(RESOURCE_CLIENTS, COMMAND_ACCESS[command]);
  if (command === 'report' && opts.publishSns)
    return [...ops, ...operationsOf([SNS_PUBLISH_CLIENT], ['write'])].sort(byServiceThenOperation);
  // `--lock s3://BUCKET/KEY`: the lock object's GetObject, PutObject and DeleteObject (src/adapters/s3/lock.ts).
  if ((command === 'apply' || command === 'restore') && opts.s3Lock)
    return [...ops, ...operationsOf([S3_LOCK_CLIENT], ['read', 'write'])].sort(byServiceThenOperation);
  return ops;
}
