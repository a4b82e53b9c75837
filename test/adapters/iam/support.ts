/**
 * Shared helpers for the IAM, RDS and AWS Backup adapter tests: a recording WriteContext, a read
 * context, an access-denied injector (synthetic AWS error responses seen by the real deserialiser),
 * and the IAM builders.
 */
import { Readable } from 'node:stream';
import type { AnyClient, AwsOptions } from '../../../src/adapters/aws-config.js';
import { ClientPool } from '../../../src/adapters/aws-config.js';
import type { ReadContext, WriteContext } from '../../../src/adapters/types.js';
import type { IamRoleAttrs } from '../../../src/model/attrs.js';
import { addressOf } from '../../../src/model/resource.js';
import type { DesiredResource } from '../../../src/model/state.js';

export const TEST_ACCOUNT = '828879644785';

/** One recorded `ctx.mutate` call. */
export interface MutateCall {
  readonly service: string;
  readonly operation: string;
  readonly address: string;
}

/** A WriteContext over `pool` whose `mutate` records every call, then runs it. */
export function recordingWriteContext(pool: ClientPool): WriteContext & { readonly calls: MutateCall[] } {
  const calls: MutateCall[] = [];
  return {
    pool,
    account: TEST_ACCOUNT,
    concurrency: 4,
    calls,
    async mutate<T>(service: string, operation: string, address: string, call: () => Promise<T>): Promise<T> {
      calls.push({ service, operation, address });
      return call();
    },
  };
}

/** A ReadContext over `pool`. */
export function readContext(pool: ClientPool): ReadContext {
  return { pool, account: TEST_ACCOUNT, concurrency: 4 };
}

/** A pool for aws-sdk-client-mock contract tests (no endpoint is ever reached). */
export function offlinePool(): ClientPool {
  return new ClientPool({
    defaultRegion: 'eu-west-1',
    credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' },
    maxAttempts: 1,
  });
}

type Protocol = 'query' | 'restJson';
const PROTOCOL: Readonly<Record<string, Protocol>> = { iam: 'query', rds: 'query', backup: 'restJson' };

/**
 * An `onClient` hook that answers every matching operation of `service` with AWS's access-denied
 * error in the service's wire protocol (query XML `AccessDenied`, restJson `AccessDeniedException`,
 * HTTP 403), below the SDK's retry and above its HTTP handler.
 */
export function denyAccess(
  service: string,
  operation: (name: string) => boolean = () => true,
): NonNullable<AwsOptions['onClient']> {
  return (client: AnyClient, svc: string) => {
    if (svc !== service) return;
    const stack = (client as unknown as { middlewareStack: { add: (...a: unknown[]) => void } })
      .middlewareStack;
    stack.add(
      (next: (a: unknown) => Promise<unknown>, context: { commandName?: string }) =>
        async (args: unknown) => {
          const op = (context.commandName ?? '').replace(/Command$/, '');
          if (!operation(op)) return next(args);
          const query = PROTOCOL[service] === 'query';
          const body = query
            ? `<ErrorResponse><Error><Type>Sender</Type><Code>AccessDenied</Code><Message>User is not authorized to perform: ${op}</Message></Error><RequestId>denied-0000</RequestId></ErrorResponse>`
            : JSON.stringify({ Message: `User is not authorized to perform: ${op}` });
          const headers: Record<string, string> = query
            ? { 'content-type': 'text/xml' }
            : { 'content-type': 'application/json', 'x-amzn-errortype': 'AccessDeniedException' };
          return {
            response: { statusCode: 403, reason: '', headers, body: Readable.from([Buffer.from(body)]) },
          };
        },
      { step: 'deserialize', priority: 'low', name: 'testDenyAccess' },
    );
  };
}

/** A trust policy letting `service` assume the role (as a spec would declare it). */
export function trustPolicyFor(service: string): IamRoleAttrs['assumeRolePolicy'] & object {
  return {
    Version: '2012-10-17',
    Statement: [{ Action: ['sts:AssumeRole'], Effect: 'Allow', Principal: { Service: [service] } }],
  };
}

/** A declared IAM role; only the given attrs are managed. */
export function desiredRole(name: string, attrs: Partial<IamRoleAttrs> = {}): DesiredResource<'iam.role'> {
  return {
    address: addressOf('iam.role', name),
    kind: 'iam.role',
    name,
    region: null,
    ensure: 'present',
    attrs,
    dependsOn: [],
  };
}
