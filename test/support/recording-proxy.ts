/**
 * An HTTP proxy in front of moto that logs every request's operation, for proving that a command run
 * through main() with `--endpoint-url` pointing at the proxy made no mutating AWS call. (The SDK-level
 * RequestRecorder in faults.ts cannot see inside main(): the CLI builds its own clients.)
 */
import { createServer } from 'node:http';
import { isMutatingOperation } from './faults.js';
import { closeServer, forward, listenLocal, protocolOperation, readBody } from './http-proxy.js';

/** One HTTP request as the proxy saw it. */
export interface SeenRequest {
  readonly method: string;
  readonly path: string;
  /** The operation when the protocol names it (query Action, JSON X-Amz-Target); else undefined (REST). */
  readonly operation?: string;
  /** The SigV4 credential scope's service and region (`Credential=KEY/DATE/REGION/SERVICE/aws4_request`). */
  readonly signing?: { readonly service: string; readonly region: string };
  /**
   * The request body as text (what names the resource in query and JSON protocols, an S3
   * configuration's XML); undefined when empty, binary (application/octet-stream) or over 64 KiB.
   */
  readonly body?: string;
  /**
   * The parameters of a mutating request whose body is a form (query protocol: RDS, IAM, SNS,
   * CloudWatch) or JSON (REST-JSON and JSON protocols), so a test can see WHICH resource a write
   * targets; undefined for reads and other bodies (S3 object content is never kept).
   */
  readonly params?: Readonly<Record<string, unknown>>;
}

/** The signing service and region of a request, from its SigV4 Authorization header. */
export function signingOf(authorization: string | undefined): SeenRequest['signing'] {
  const m = /Credential=[^/]+\/\d{8}\/([^/]+)\/([^/]+)\/aws4_request/.exec(authorization ?? '');
  return m ? { region: m[1] as string, service: m[2] as string } : undefined;
}

function paramsOf(contentType: string | undefined, body: string): Record<string, unknown> | undefined {
  try {
    if (contentType?.includes('application/x-www-form-urlencoded'))
      return Object.fromEntries(new URLSearchParams(body));
    if (contentType?.includes('json') && body.trim().startsWith('{'))
      return JSON.parse(body) as Record<string, unknown>;
  } catch {
    // not parseable: leave it out
  }
  return undefined;
}

/** A running proxy: its URL, the requests seen so far (clear with `seen.length = 0`) and how to stop it. */
export interface RecordingProxy {
  readonly url: string;
  readonly seen: SeenRequest[];
  close(): Promise<void>;
}

/** A request changes something when its operation is not Get/List/Describe/Head, or (REST) its method is not GET/HEAD. */
export function mutates(s: SeenRequest): boolean {
  if (s.operation !== undefined) return isMutatingOperation(s.operation);
  return s.method !== 'GET' && s.method !== 'HEAD';
}

/** Options of the proxy. */
export interface RecordingProxyOptions {
  /**
   * Requests to refuse instead of forwarding: they are recorded and answered 403
   * AccessDeniedException (AWS JSON error body, as REST-JSON services send it), so a command through
   * main() meets an unreadable resource. Default: none.
   */
  readonly deny?: (request: SeenRequest) => boolean;
}

const ACCESS_DENIED = JSON.stringify({
  __type: 'AccessDeniedException',
  message: 'Access denied (recording proxy)',
});

/** Starts a proxy on a free local port that forwards every request to `upstreamUrl` and records it. */
export async function startRecordingProxy(
  upstreamUrl: string,
  options: RecordingProxyOptions = {},
): Promise<RecordingProxy> {
  const target = new URL(upstreamUrl);
  const seen: SeenRequest[] = [];
  const proxy = createServer((req, res) => {
    readBody(req).then(
      (body) => {
        const text = body.toString('utf8');
        const operation = protocolOperation(req.headers, text);
        const signing = signingOf(req.headers.authorization);
        const base: SeenRequest = {
          method: req.method ?? 'GET',
          path: req.url ?? '/',
          ...(operation ? { operation } : {}),
          ...(signing ? { signing } : {}),
          ...(text && body.length <= 65_536 && !String(req.headers['content-type']).includes('octet-stream')
            ? { body: text }
            : {}),
        };
        const params = mutates(base) ? paramsOf(req.headers['content-type'], text) : undefined;
        const seenRequest: SeenRequest = { ...base, ...(params ? { params } : {}) };
        seen.push(seenRequest);
        if (options.deny?.(seenRequest)) {
          res.writeHead(403, {
            'content-type': 'application/json',
            'x-amzn-errortype': 'AccessDeniedException',
          });
          res.end(ACCESS_DENIED);
          return;
        }
        return forward(target, req, body, res);
      },
      () => res.destroy(),
    );
  });
  return { url: await listenLocal(proxy), seen, close: () => closeServer(proxy) };
}
