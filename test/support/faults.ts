/**
 * Fault injection and request recording for integration tests, added to every SDK client through
 * `AwsOptions.onClient` (src/adapters/aws-config.ts).
 *
 * - Faults sit at the bottom of the middleware stack (deserialize step, low priority: below the retry
 *   and signing middleware, right above the HTTP handler), so a fault is seen by the SDK's real
 *   deserialiser and retry strategy exactly like a response from AWS: each retry attempt passes here
 *   again. A fault replaces the HTTP call with a synthetic response in the service's own wire
 *   protocol: query XML `Throttling` (IAM, RDS, SNS, STS), JSON `ThrottlingException` (EventBridge,
 *   CloudWatch — awsJson1_0 in our SDK version —, AWS Backup restJson1), S3 `503 SlowDown` XML, a
 *   5xx `InternalFailure`, or a connection reset (`ECONNRESET` thrown by the handler).
 * - The recorder sits at the top (initialize step): one entry per command sent, not per attempt.
 */
import { Readable } from 'node:stream';
import type { AnyClient, AwsOptions } from '../../src/adapters/aws-config.js';

/** One command a client sent. */
export interface RecordedRequest {
  readonly service: string;
  readonly region: string;
  /** SDK operation name without `Command`, e.g. `PutBucketLifecycleConfiguration`. */
  readonly operation: string;
}

/** True for operations that change something: anything not starting with Get/List/Describe/Head. */
export function isMutatingOperation(operation: string): boolean {
  return !/^(Get|List|Describe|Head)/.test(operation);
}

type Handler = (args: unknown) => Promise<unknown>;
type Middleware = (next: Handler, context: { commandName?: string }) => Handler;
interface Stack {
  add(mw: Middleware, options: { step: string; priority?: string; name?: string; override?: boolean }): void;
}

function stackOf(client: AnyClient): Stack {
  return (client as unknown as { middlewareStack: Stack }).middlewareStack;
}

function operationOf(context: { commandName?: string }): string {
  return (context.commandName ?? 'Unknown').replace(/Command$/, '');
}

/** Records every command every client sends. */
export class RequestRecorder {
  readonly requests: RecordedRequest[] = [];

  /** The `onClient` hook to pass in AwsOptions. */
  readonly onClient = (client: AnyClient, service: string, region: string): void => {
    stackOf(client).add(
      (next, context) => async (args) => {
        this.requests.push({ service, region, operation: operationOf(context) });
        return next(args);
      },
      { step: 'initialize', priority: 'high', name: 'testRequestRecorder' },
    );
  };

  /** The mutating commands sent so far, as `service:Operation`. */
  mutating(): string[] {
    return this.requests
      .filter((r) => isMutatingOperation(r.operation))
      .map((r) => `${r.service}:${r.operation}`);
  }

  clear(): void {
    this.requests.length = 0;
  }
}

/** The kind of fault to inject. */
export type FaultKind = 'throttle' | 'server-error' | 'connection-reset';

export interface FaultSpec {
  readonly kind: FaultKind;
  /** Which attempts count as matching. Default: every mutating operation of every service. */
  readonly match?: (request: RecordedRequest) => boolean;
  /** Inject on the Nth matching attempt (1-based). */
  readonly nth: number;
  /** How many consecutive matching attempts fail, starting at the Nth (default 1: the retry succeeds). */
  readonly times?: number;
}

type Protocol = 'query' | 'json' | 'restJson' | 's3';
const PROTOCOL: Readonly<Record<string, Protocol>> = {
  iam: 'query',
  rds: 'query',
  sns: 'query',
  sts: 'query',
  cloudwatch: 'json',
  events: 'json',
  backup: 'restJson',
  s3: 's3',
};

interface Synthetic {
  readonly statusCode: number;
  readonly headers: Record<string, string>;
  readonly body: string;
}

/** The response AWS would send for this fault in this service's protocol. */
export function syntheticResponse(service: string, kind: 'throttle' | 'server-error'): Synthetic {
  const protocol = PROTOCOL[service] ?? 'json';
  const requestId = 'fault-injected-0000';
  if (protocol === 's3') {
    const [status, code, message] =
      kind === 'throttle'
        ? [503, 'SlowDown', 'Please reduce your request rate.']
        : [500, 'InternalError', 'We encountered an internal error. Please try again.'];
    return {
      statusCode: status,
      headers: { 'content-type': 'application/xml', 'x-amz-request-id': requestId },
      body: `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${message}</Message><RequestId>${requestId}</RequestId></Error>`,
    };
  }
  if (protocol === 'query') {
    const [status, type, code, message] =
      kind === 'throttle'
        ? [400, 'Sender', 'Throttling', 'Rate exceeded']
        : [
            500,
            'Receiver',
            'InternalFailure',
            'The request processing has failed because of an unknown error.',
          ];
    return {
      statusCode: status,
      headers: { 'content-type': 'text/xml', 'x-amzn-requestid': requestId },
      body: `<ErrorResponse><Error><Type>${type}</Type><Code>${code}</Code><Message>${message}</Message></Error><RequestId>${requestId}</RequestId></ErrorResponse>`,
    };
  }
  const [status, code, message] =
    kind === 'throttle'
      ? [400, 'ThrottlingException', 'Rate exceeded']
      : [500, 'InternalFailure', 'The request processing has failed because of an unknown error.'];
  return {
    statusCode: status,
    headers: {
      'content-type': protocol === 'restJson' ? 'application/json' : 'application/x-amz-json-1.1',
      'x-amzn-requestid': requestId,
      'x-amzn-errortype': code,
    },
    body: JSON.stringify({ __type: code, message }),
  };
}

/**
 * Injects faults into matching attempts; `injected` lists what it did. Several specs may be given:
 * each counts its own matching attempts (the first spec that fires on an attempt wins).
 */
export class FaultInjector {
  private readonly specs: readonly FaultSpec[];
  private readonly seen: number[];
  readonly injected: (RecordedRequest & { readonly kind: FaultKind })[] = [];

  constructor(spec: FaultSpec | readonly FaultSpec[]) {
    this.specs = Array.isArray(spec) ? spec : [spec as FaultSpec];
    this.seen = this.specs.map(() => 0);
  }

  /** The fault to inject into this attempt, if any (advances every matching spec's counter). */
  private faultFor(request: RecordedRequest): FaultKind | undefined {
    let fault: FaultKind | undefined;
    this.specs.forEach((spec, i) => {
      const matches = spec.match ?? ((r: RecordedRequest) => isMutatingOperation(r.operation));
      if (!matches(request)) return;
      const n = (this.seen[i] ?? 0) + 1;
      this.seen[i] = n;
      if (fault === undefined && n >= spec.nth && n < spec.nth + (spec.times ?? 1)) fault = spec.kind;
    });
    return fault;
  }

  readonly onClient = (client: AnyClient, service: string, region: string): void => {
    stackOf(client).add(
      (next, context) => async (args) => {
        const request: RecordedRequest = { service, region, operation: operationOf(context) };
        const kind = this.faultFor(request);
        if (kind === undefined) return next(args);
        this.injected.push({ ...request, kind });
        if (kind === 'connection-reset') {
          throw Object.assign(new Error('read ECONNRESET'), {
            code: 'ECONNRESET',
            errno: -104,
            syscall: 'read',
          });
        }
        const r = syntheticResponse(service, kind);
        // Duck-typed HttpResponse (statusCode, headers, body stream), as the node HTTP handler returns.
        return {
          response: {
            statusCode: r.statusCode,
            reason: '',
            headers: r.headers,
            body: Readable.from([Buffer.from(r.body)]),
          },
        };
      },
      { step: 'deserialize', priority: 'low', name: 'testFaultInjector' },
    );
  };
}

/** Combines several `onClient` hooks into one. */
export function onClients(
  ...hooks: readonly NonNullable<AwsOptions['onClient']>[]
): NonNullable<AwsOptions['onClient']> {
  return (client, service, region) => {
    for (const h of hooks) h(client, service, region);
  };
}
