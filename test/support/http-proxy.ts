/**
 * The parts every loopback proxy in front of moto shares (test/support/recording-proxy.ts for tests,
 * bench/lib/latency-proxy.ts for benchmarks): reading a request's body, naming the operation when the
 * wire protocol names it, forwarding to the upstream server, listening on a free local port.
 */
import type { IncomingHttpHeaders, IncomingMessage, Server, ServerResponse } from 'node:http';
import { request } from 'node:http';
import type { AddressInfo } from 'node:net';

/** Reads a request's whole body. */
export function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/**
 * The operation when the protocol names it: the JSON protocols' `X-Amz-Target` (`Service.Operation`),
 * the query protocol's `Action` form field; undefined for REST protocols (S3, AWS Backup), where only
 * the method and path say what is asked.
 */
export function protocolOperation(headers: IncomingHttpHeaders, body: string): string | undefined {
  const target = headers['x-amz-target'];
  if (typeof target === 'string') return target.slice(target.lastIndexOf('.') + 1);
  const contentType = String(headers['content-type'] ?? '');
  if (contentType.startsWith('application/x-www-form-urlencoded'))
    return new URLSearchParams(body).get('Action') ?? undefined;
  return undefined;
}

/** How {@link forward} may change the request and the answer. */
export interface ForwardOptions {
  readonly path?: string;
  readonly headers?: IncomingHttpHeaders;
  /**
   * Drop the upstream answer's hop-by-hop `Connection` and `Keep-Alive` headers (RFC 9110 section
   * 7.6.1: a proxy does not forward them), so the client's connection to the proxy stays open the way
   * AWS endpoints keep theirs: moto's server answers every request with `Connection: close`.
   */
  readonly keepClientConnection?: boolean;
}

/**
 * Forwards a request (its body already read) to `upstream` and streams the answer back; `path` and
 * `headers` override the request's own. Resolves with the upstream status once the answer is sent
 * (502 when the upstream cannot be reached).
 */
export function forward(
  upstream: URL,
  req: IncomingMessage,
  body: Buffer,
  res: ServerResponse,
  override: ForwardOptions = {},
): Promise<number> {
  return new Promise((resolve) => {
    const up = request(
      {
        host: upstream.hostname,
        port: upstream.port,
        method: req.method,
        path: override.path ?? req.url,
        headers: override.headers ?? req.headers,
      },
      (answer) => {
        const status = answer.statusCode ?? 502;
        const headers = { ...answer.headers };
        if (override.keepClientConnection) {
          delete headers.connection;
          delete headers['keep-alive'];
        }
        res.writeHead(status, headers);
        answer.pipe(res);
        res.on('close', () => resolve(status));
      },
    );
    up.on('error', () => {
      if (!res.headersSent) res.writeHead(502);
      res.end();
      resolve(502);
    });
    up.end(body);
  });
}

/** Listens on a free 127.0.0.1 port; resolves with the server's base URL. */
export async function listenLocal(server: Server): Promise<string> {
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** Stops accepting connections, closes idle keep-alive ones, and resolves once the server is closed. */
export function closeServer(server: Server): Promise<void> {
  return new Promise<void>((ok) => {
    server.close(() => ok());
    server.closeIdleConnections();
  });
}
