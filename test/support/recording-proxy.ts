/**
 * An HTTP proxy in front of moto that logs every request's operation, for proving that a command run
 * through main() with `--endpoint-url` pointing at the proxy made no mutating AWS call. (The SDK-level
 * RequestRecorder in faults.ts cannot see inside main(): the CLI builds its own clients.)
 */
import { createServer, type IncomingMessage, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { isMutatingOperation } from './faults.js';

/** One HTTP request as the proxy saw it. */
export interface SeenRequest {
  readonly method: string;
  readonly path: string;
  /** The operation when the protocol names it (query Action, JSON X-Amz-Target); else undefined (REST). */
  readonly operation?: string;
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

function operationOf(req: IncomingMessage, body: string): string | undefined {
  const target = req.headers['x-amz-target'];
  if (typeof target === 'string') return target.slice(target.lastIndexOf('.') + 1);
  const contentType = String(req.headers['content-type'] ?? '');
  if (contentType.startsWith('application/x-www-form-urlencoded'))
    return new URLSearchParams(body).get('Action') ?? undefined;
  return undefined;
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
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const operation = operationOf(req, body.toString('utf8'));
      const seenRequest = {
        method: req.method ?? 'GET',
        path: req.url ?? '/',
        ...(operation ? { operation } : {}),
      };
      seen.push(seenRequest);
      if (options.deny?.(seenRequest)) {
        res.writeHead(403, {
          'content-type': 'application/json',
          'x-amzn-errortype': 'AccessDeniedException',
        });
        res.end(ACCESS_DENIED);
        return;
      }
      const upstream = request(
        { host: target.hostname, port: target.port, method: req.method, path: req.url, headers: req.headers },
        (up) => {
          res.writeHead(up.statusCode ?? 502, up.headers);
          up.pipe(res);
        },
      );
      upstream.on('error', () => {
        res.writeHead(502);
        res.end();
      });
      upstream.end(body);
    });
  });
  await new Promise<void>((ok) => proxy.listen(0, '127.0.0.1', ok));
  return {
    url: `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`,
    seen,
    close: () => new Promise<void>((ok) => proxy.close(() => ok())),
  };
}
