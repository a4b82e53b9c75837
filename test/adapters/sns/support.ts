/**
 * Test support shared by the SNS, EventBridge and CloudWatch adapter tests: a WriteContext that
 * records every `ctx.mutate` call, a logger that captures every line it writes, and an `onClient`
 * hook that answers chosen operations with AWS's access-denied error in the service's own wire
 * protocol (so the SDK's real deserialiser produces the error).
 */
import { Readable, Writable } from 'node:stream';
import pino, { type Logger } from 'pino';
import type { AnyClient, ClientPool } from '../../../src/adapters/aws-config.js';
import type { WriteContext } from '../../../src/adapters/types.js';
import { ACCOUNT } from '../../support/builders/index.js';

export { ACCOUNT };

/** One recorded `ctx.mutate` call. */
export interface MutateCall {
  readonly service: string;
  readonly operation: string;
  readonly address: string;
}

/** A WriteContext over `pool` whose `mutate` records each call (then runs it). */
export function recordingWriteContext(
  pool: ClientPool,
  opts: { secrets?: ReadonlyMap<string, string>; logger?: Logger } = {},
): WriteContext & { readonly calls: MutateCall[] } {
  const calls: MutateCall[] = [];
  return {
    pool,
    account: ACCOUNT,
    concurrency: 4,
    calls,
    ...(opts.logger ? { logger: opts.logger } : {}),
    ...(opts.secrets ? { secrets: opts.secrets } : {}),
    async mutate<T>(service: string, operation: string, address: string, call: () => Promise<T>): Promise<T> {
      calls.push({ service, operation, address });
      return call();
    },
  };
}

/** A raw pino logger at trace level (no redaction of its own) whose output is kept in `text()`. */
export function capturingLogger(): { logger: Logger; text: () => string } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      chunks.push(String(chunk));
      done();
    },
  });
  return { logger: pino({ level: 'trace' }, stream), text: () => chunks.join('') };
}

type Handler = (args: unknown) => Promise<unknown>;
type Middleware = (next: Handler, context: { commandName?: string }) => Handler;

function deniedResponse(service: string) {
  if (service === 'sns') {
    return {
      statusCode: 403,
      headers: { 'content-type': 'text/xml' },
      body: '<ErrorResponse><Error><Type>Sender</Type><Code>AuthorizationError</Code><Message>User is not authorized to perform this action</Message></Error><RequestId>denied-0</RequestId></ErrorResponse>',
    };
  }
  // EventBridge (awsJson1_1) and CloudWatch (awsJson1_0, query-compatible): JSON error bodies.
  const code = service === 'cloudwatch' ? 'AccessDenied' : 'AccessDeniedException';
  return {
    statusCode: 400,
    headers: {
      'content-type': service === 'cloudwatch' ? 'application/x-amz-json-1.0' : 'application/x-amz-json-1.1',
      'x-amzn-query-error': `${code};Sender`,
    },
    body: JSON.stringify({ __type: code, message: 'User is not authorized to perform this action' }),
  };
}

/**
 * `onClient` hook: operations for which `deny(operation, region)` is true get a 403-style
 * access-denied response instead of reaching moto.
 */
export function denyAccess(
  deny: (operation: string, region: string) => boolean,
): (client: AnyClient, service: string, region: string) => void {
  return (client, service, region) => {
    const mw: Middleware = (next, context) => async (args) => {
      const operation = (context.commandName ?? '').replace(/Command$/, '');
      if (!deny(operation, region)) return next(args);
      const r = deniedResponse(service);
      return {
        response: {
          statusCode: r.statusCode,
          reason: '',
          headers: r.headers,
          body: Readable.from([Buffer.from(r.body)]),
        },
      };
    };
    (
      client as unknown as { middlewareStack: { add: (m: Middleware, o: object) => void } }
    ).middlewareStack.add(mw, {
      step: 'deserialize',
      priority: 'low',
      name: 'testDenyAccess',
    });
  };
}
