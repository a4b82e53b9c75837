/**
 * Hand-written fakes for adapter unit tests: AWS-shaped errors, a wrapper that records which
 * operations a narrow client was called with, and a ClientPool that answers declared-client calls.
 */
import { type AwsOptions, ClientPool } from '../../src/adapters/aws-config.js';
import type { AwsCall } from '../../src/adapters/declared-client.js';

/** An error as the SDK throws it for an AWS error response (`name` is the AWS error code). */
export function awsError(name: string, httpStatusCode: number, headers: Record<string, string> = {}): Error {
  return Object.assign(new Error(`${name} (fake)`), {
    name,
    $fault: 'client',
    $metadata: { httpStatusCode },
    $response: { statusCode: httpStatusCode, headers },
  });
}

/** An operation that always fails with `e`. */
export const reject = (e: Error) => () => Promise.reject(e);

/** `impl` with every operation recorded, by method name, in `calls` (in call order). */
export function recording<T extends object>(impl: T): T & { calls: string[] } {
  const calls: string[] = [];
  const wrapped = Object.fromEntries(
    Object.entries(impl).map(([k, f]) => [
      k,
      (input: unknown) => {
        calls.push(k);
        return (f as (i: unknown) => Promise<unknown>)(input);
      },
    ]),
  ) as T;
  return Object.assign(wrapped, { calls });
}

/** One AWS call a {@link FakePool} answered. */
export interface FakeCall extends AwsCall {
  readonly input: unknown;
}

/**
 * A ClientPool whose choke point (ClientPool.send) answers every declared-client call from
 * `handlers` (by operation name; default `{}`), recording each call, so adapter unit tests see exactly
 * which operations the declared clients sent, with which input, and writes still go through
 * `ctx.mutate` like in production.
 */
export class FakePool extends ClientPool {
  readonly calls: FakeCall[] = [];
  constructor(
    private readonly handlers: Readonly<Record<string, (input: never) => unknown>> = {},
    defaultRegion = 'eu-west-1',
    /** More pool options (e.g. `transientRetry` with a recording sleep). */
    extra: Partial<AwsOptions> = {},
  ) {
    super({ ...extra, defaultRegion });
  }

  override async send(call: AwsCall, command: object): Promise<unknown> {
    const input = (command as { readonly input?: unknown }).input;
    this.calls.push({ ...call, input });
    const handler = this.handlers[call.operation] as ((input: unknown) => unknown) | undefined;
    return handler ? await handler(input) : { $metadata: {} };
  }

  /** The operations called with the given access, in call order. */
  operations(access?: AwsCall['access']): string[] {
    return this.calls.filter((c) => access === undefined || c.access === access).map((c) => c.operation);
  }
}
