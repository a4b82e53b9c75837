/**
 * A loopback HTTP proxy in front of moto that makes it behave a little more like AWS seen from far
 * away: every request waits a fixed delay before it is forwarded (a round trip to a real endpoint
 * costs 20-150 ms; moto on 127.0.0.1 answers in about a millisecond), and a share of requests can be
 * answered with the service's own throttling error instead. It records, for every request, when it
 * arrived and when its answer was sent, the service, region and operation, and for every TCP
 * connection how many requests it carried, so a benchmark can report wall time, calls, the most
 * requests in flight at once and the sockets a client opened.
 *
 * Point a client (or `reconcile --endpoint-url`) at `url`. For S3 virtual-hosted addressing point it
 * at `virtualHostUrl` instead (`http://localhost:PORT`, so the SDK asks for `<bucket>.localhost`;
 * resolve those names with {@link lookupLoopback}): the proxy turns such a request into the path-style
 * request moto understands, keeping the original host in the record.
 */
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { LookupFunction } from 'node:net';
import { performance } from 'node:perf_hooks';
import { syntheticResponse } from '../../test/support/faults.js';
import {
  closeServer,
  forward,
  listenLocal,
  protocolOperation,
  readBody,
} from '../../test/support/http-proxy.js';

/** One request as the proxy handled it. Times are ms on the proxy's clock ({@link LatencyProxy.now}). */
export interface ProxiedRequest {
  /** 1, 2, ... in arrival order (since the last reset). */
  readonly id: number;
  /** The TCP connection it came on (1, 2, ... in accept order, since the proxy started). */
  readonly connection: number;
  readonly method: string;
  /** The Host header as sent (`<bucket>.localhost:PORT` for virtual-hosted S3). */
  readonly host: string;
  readonly path: string;
  /** SigV4 signing name mapped to our service keys (`monitoring` -> `cloudwatch`), or `unknown`. */
  readonly service: string;
  /** The region of the SigV4 credential scope, or `unknown`. */
  readonly region: string;
  /** The API operation, e.g. `GetBucketVersioning`, or `METHOD /path` when it cannot be named. */
  readonly operation: string;
  readonly startMs: number;
  /** When the answer was sent (undefined while in flight). */
  endMs?: number;
  /** HTTP status of the answer (undefined while in flight). */
  status?: number;
  /** True when the proxy answered with an injected throttling error instead of forwarding. */
  throttled: boolean;
}

/** One TCP connection a client opened to the proxy. */
export interface ProxiedConnection {
  readonly id: number;
  readonly openedMs: number;
  closedMs?: number;
  /** The Host header of its first request (undefined until one arrives). */
  firstHost?: string;
  requests: number;
}

/**
 * Answer this share of the matching requests with the service's throttling error instead of
 * forwarding them (S3 `503 SlowDown`, JSON `ThrottlingException`, query `Throttling`). Deterministic:
 * matching request k is throttled when floor(k * percent / 100) grows, so exactly `percent`% of them
 * are, spread evenly (with 50 every second one, with 100 all).
 */
export interface ThrottleSpec {
  readonly percent: number;
  /** Which requests count (default: all). */
  readonly match?: (request: ProxiedRequest) => boolean;
}

/** Options of {@link startLatencyProxy}. */
export interface LatencyProxyOptions {
  /** Fixed delay added to every request before it is forwarded (default 0). Change it with setDelay. */
  readonly delayMs?: number;
  /**
   * Replaces the delay (tests): awaited before each request is forwarded or throttled, so a test can
   * hold requests and count how many are in flight without measuring time.
   */
  readonly wait?: (request: ProxiedRequest) => Promise<void>;
  readonly throttle?: ThrottleSpec;
  /**
   * Requests per second per region for `service:Operation` (e.g. `cloudwatch:PutMetricAlarm`), enforced
   * the way AWS does: a token bucket per (operation, region) holding one second of requests; a request
   * arriving with no token is answered with the service's throttling error (marked `throttled`).
   */
  readonly rateLimits?: Readonly<Record<string, number>>;
}

/** A running latency proxy. */
export interface LatencyProxy {
  /** Path-style endpoint: `http://127.0.0.1:PORT`. */
  readonly url: string;
  /** Virtual-hosted endpoint for S3 clients: `http://localhost:PORT` (see {@link lookupLoopback}). */
  readonly virtualHostUrl: string;
  /** Every request since the last reset, in arrival order. */
  readonly requests: readonly ProxiedRequest[];
  /** Every connection accepted since the last reset. */
  readonly connections: readonly ProxiedConnection[];
  /** The most requests in flight at once since the last reset (arrival to answer sent). */
  readonly maxInFlight: number;
  /** The most connections opened since the last reset that were open at once. */
  readonly maxOpenConnections: number;
  /** The proxy's clock (ms), the one request times are on. */
  now(): number;
  setDelay(ms: number): void;
  setThrottle(spec: ThrottleSpec | undefined): void;
  /** Replaces the rate limits (see LatencyProxyOptions.rateLimits); undefined: none. Buckets start full. */
  setRateLimits(limits: Readonly<Record<string, number>> | undefined): void;
  /** Forgets requests, connections and maxima (connections opened before it no longer count). */
  reset(): void;
  close(): Promise<void>;
}

/** SigV4 signing names that differ from our service keys (src/adapters/aws-config.ts). */
const SIGNING_NAME_TO_SERVICE: Readonly<Record<string, string>> = { monitoring: 'cloudwatch' };

/** Service and region from the SigV4 `Authorization` header's credential scope. */
export function credentialScope(headers: IncomingHttpHeaders): { service: string; region: string } {
  // Credential=<key id>/<yyyymmdd>/<region>/<signing name>/aws4_request — Signature Version 4,
  // "Authorization header" (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv-signing-elements.html).
  const m = /Credential=[^/]+\/\d{8}\/([^/]+)\/([^/]+)\/aws4_request/.exec(
    String(headers.authorization ?? ''),
  );
  if (!m) return { service: 'unknown', region: 'unknown' };
  const signingName = m[2] as string;
  return { service: SIGNING_NAME_TO_SERVICE[signingName] ?? signingName, region: m[1] as string };
}

/**
 * S3 bucket sub-resources (the query key that selects one, per the Amazon S3 API reference's request
 * syntax, e.g. `GET /?versioning`) and the noun of their Get/Put/Delete operations.
 */
const S3_SUBRESOURCES: Readonly<Record<string, string>> = {
  versioning: 'BucketVersioning',
  lifecycle: 'BucketLifecycleConfiguration',
  replication: 'BucketReplication',
  'object-lock': 'ObjectLockConfiguration',
  inventory: 'BucketInventoryConfiguration',
  tagging: 'BucketTagging',
  location: 'BucketLocation',
  policy: 'BucketPolicy',
  encryption: 'BucketEncryption',
  acl: 'BucketAcl',
  cors: 'BucketCors',
  notification: 'BucketNotificationConfiguration',
  'public-access-block': 'PublicAccessBlock',
  ownershipControls: 'BucketOwnershipControls',
};

const VERB: Readonly<Record<string, string>> = { GET: 'Get', PUT: 'Put', DELETE: 'Delete', HEAD: 'Head' };

/** The S3 operation of a path-style request (`/bucket[/key]?query`). */
export function s3Operation(method: string, path: string): string {
  const url = new URL(path, 'http://s3');
  const q = url.searchParams;
  // The SDK names object operations itself (`?x-id=GetObject`), per the S3 model's request URIs.
  const xId = q.get('x-id');
  if (xId) return xId;
  const [bucket, ...key] = url.pathname.split('/').filter(Boolean);
  if (!bucket) return method === 'GET' ? 'ListBuckets' : `${method} /`;
  for (const [sub, noun] of Object.entries(S3_SUBRESOURCES)) {
    if (!q.has(sub)) continue;
    if (sub === 'inventory' && method === 'GET' && !q.has('id')) return 'ListBucketInventoryConfigurations';
    // DeleteBucketLifecycle removes the whole configuration (there is no DeleteBucketLifecycleConfiguration).
    if (sub === 'lifecycle' && method === 'DELETE') return 'DeleteBucketLifecycle';
    const verb = VERB[method];
    return verb ? `${verb}${noun}` : `${method} ?${sub}`;
  }
  if (key.length > 0) return `${VERB[method] ?? method}Object`;
  if (q.has('versions')) return 'ListObjectVersions';
  if (q.has('delete')) return 'DeleteObjects';
  const bucketOps: Readonly<Record<string, string>> = {
    PUT: 'CreateBucket',
    DELETE: 'DeleteBucket',
    HEAD: 'HeadBucket',
    GET: q.get('list-type') === '2' ? 'ListObjectsV2' : 'ListObjects',
  };
  return bucketOps[method] ?? `${method} /{bucket}`;
}

/** AWS Backup's REST routes (AWS Backup API reference, each action's "Request Syntax"). */
const BACKUP_ROUTES: readonly (readonly [string, RegExp, string])[] = [
  ['GET', /^\/backup-vaults\/?$/, 'ListBackupVaults'],
  ['PUT', /^\/backup-vaults\/[^/]+\/vault-lock\/?$/, 'PutBackupVaultLockConfiguration'],
  ['DELETE', /^\/backup-vaults\/[^/]+\/vault-lock\/?$/, 'DeleteBackupVaultLockConfiguration'],
  ['GET', /^\/backup-vaults\/[^/]+\/access-policy\/?$/, 'GetBackupVaultAccessPolicy'],
  ['PUT', /^\/backup-vaults\/[^/]+\/access-policy\/?$/, 'PutBackupVaultAccessPolicy'],
  ['DELETE', /^\/backup-vaults\/[^/]+\/access-policy\/?$/, 'DeleteBackupVaultAccessPolicy'],
  ['GET', /^\/backup-vaults\/[^/]+\/recovery-points\/?$/, 'ListRecoveryPointsByBackupVault'],
  ['PUT', /^\/backup-vaults\/[^/]+\/?$/, 'CreateBackupVault'],
  ['GET', /^\/backup-vaults\/[^/]+\/?$/, 'DescribeBackupVault'],
  ['DELETE', /^\/backup-vaults\/[^/]+\/?$/, 'DeleteBackupVault'],
  ['GET', /^\/backup\/plans\/?$/, 'ListBackupPlans'],
  ['PUT', /^\/backup\/plans\/?$/, 'CreateBackupPlan'],
  ['GET', /^\/backup\/plans\/[^/]+\/selections\/?$/, 'ListBackupSelections'],
  ['PUT', /^\/backup\/plans\/[^/]+\/selections\/?$/, 'CreateBackupSelection'],
  ['GET', /^\/backup\/plans\/[^/]+\/selections\/[^/]+\/?$/, 'GetBackupSelection'],
  ['DELETE', /^\/backup\/plans\/[^/]+\/selections\/[^/]+\/?$/, 'DeleteBackupSelection'],
  ['GET', /^\/backup\/plans\/[^/]+\/?$/, 'GetBackupPlan'],
  ['POST', /^\/backup\/plans\/[^/]+\/?$/, 'UpdateBackupPlan'],
  ['DELETE', /^\/backup\/plans\/[^/]+\/?$/, 'DeleteBackupPlan'],
  ['GET', /^\/tags\/.+$/, 'ListTags'],
  ['POST', /^\/tags\/.+$/, 'TagResource'],
  ['POST', /^\/untag\/.+$/, 'UntagResource'],
  ['GET', /^\/backup-jobs\/?$/, 'ListBackupJobs'],
];

/** The AWS Backup operation of a request, or `METHOD /path`. */
export function backupOperation(method: string, path: string): string {
  const pathname = new URL(path, 'http://backup').pathname;
  for (const [m, re, op] of BACKUP_ROUTES) if (m === method && re.test(pathname)) return op;
  return `${method} ${pathname}`;
}

/** Names a request's operation from its protocol (JSON target, query Action) or its REST route. */
export function operationOf(
  service: string,
  method: string,
  path: string,
  headers: IncomingHttpHeaders,
  body: string,
): string {
  const named = protocolOperation(headers, body);
  if (named) return named;
  if (service === 's3') return s3Operation(method, path);
  if (service === 'backup') return backupOperation(method, path);
  return `${method} ${new URL(path, 'http://x').pathname}`;
}

/**
 * A DNS lookup for HTTP agents that answers 127.0.0.1 for `localhost` and every `*.localhost` name
 * (virtual-hosted S3 through the proxy) and defers to nothing else: the bench never leaves the machine.
 */
export const lookupLoopback: LookupFunction = (hostname, options, callback) => {
  if (hostname !== 'localhost' && !hostname.endsWith('.localhost')) {
    callback(
      Object.assign(new Error(`lookupLoopback: ${hostname} is not a loopback name`), { code: 'ENOTFOUND' }),
      '',
      4,
    );
    return;
  }
  if ((options as { all?: boolean }).all)
    (callback as unknown as (e: null, a: { address: string; family: number }[]) => void)(null, [
      { address: '127.0.0.1', family: 4 },
    ]);
  else callback(null, '127.0.0.1', 4);
};

function sleep(ms: number): Promise<void> {
  return ms > 0 ? new Promise((r) => setTimeout(r, ms)) : Promise.resolve();
}

/** Starts a latency proxy on a free loopback port in front of `upstreamUrl` (moto). */
export async function startLatencyProxy(
  upstreamUrl: string,
  opts: LatencyProxyOptions = {},
): Promise<LatencyProxy> {
  const upstream = new URL(upstreamUrl);
  const t0 = performance.now();
  const now = () => performance.now() - t0;
  let delayMs = opts.delayMs ?? 0;
  let throttle = opts.throttle;
  let throttleCount = 0;
  let requests: ProxiedRequest[] = [];
  let connections: ProxiedConnection[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  let open = 0;
  let maxOpen = 0;
  let nextConnection = 0;
  // Bumped by reset(): connections of an earlier generation no longer count as open.
  let generation = 0;
  const connectionOf = new WeakMap<object, ProxiedConnection>();
  let port = 0;

  let rateLimits = opts.rateLimits;
  let rateBuckets = new Map<string, { tokens: number; at: number }>();
  const overRate = (r: ProxiedRequest): boolean => {
    const rate = rateLimits?.[`${r.service}:${r.operation}`];
    if (rate === undefined) return false;
    const key = `${r.service}:${r.region}:${r.operation}`;
    const b = rateBuckets.get(key) ?? { tokens: rate, at: r.startMs };
    b.tokens = Math.min(rate, b.tokens + ((r.startMs - b.at) / 1000) * rate);
    b.at = r.startMs;
    rateBuckets.set(key, b);
    if (b.tokens < 1) return true;
    b.tokens -= 1;
    return false;
  };

  const shouldThrottle = (r: ProxiedRequest): boolean => {
    if (!throttle || !(throttle.match?.(r) ?? true)) return false;
    throttleCount++;
    const p = Math.max(0, Math.min(100, throttle.percent));
    return Math.floor((throttleCount * p) / 100) > Math.floor(((throttleCount - 1) * p) / 100);
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    res.on('close', () => {
      inFlight--;
    });
    const body = await readBody(req);
    const host = String(req.headers.host ?? '');
    const method = req.method ?? 'GET';
    // Virtual-hosted S3 (`<bucket>.localhost:PORT`) becomes path style for moto.
    const vh = /^(.+)\.localhost(?::\d+)?$/.exec(host);
    const rest = req.url ?? '/';
    const path = vh ? `/${vh[1]}${rest.startsWith('/?') ? rest.slice(1) : rest === '/' ? '' : rest}` : rest;
    const { service, region } = credentialScope(req.headers);
    const conn = connectionOf.get(req.socket);
    if (conn) {
      conn.requests++;
      conn.firstHost ??= host;
    }
    const record: ProxiedRequest = {
      id: requests.length + 1,
      connection: conn?.id ?? 0,
      method,
      host,
      path,
      service,
      region,
      operation: operationOf(service, method, path, req.headers, body.toString('utf8')),
      startMs: now(),
      throttled: false,
    };
    requests.push(record);
    const rateExceeded = overRate(record);
    await (opts.wait ? opts.wait(record) : sleep(delayMs));
    if (rateExceeded || shouldThrottle(record)) {
      record.throttled = true;
      const answer = syntheticResponse(service, 'throttle');
      res.writeHead(answer.statusCode, answer.headers);
      res.end(method === 'HEAD' ? undefined : answer.body);
      record.status = answer.statusCode;
      record.endMs = now();
      return;
    }
    const headers = vh ? { ...req.headers, host: `${upstream.hostname}:${upstream.port}` } : req.headers;
    record.status = await forward(upstream, req, body, res, { path, headers, keepClientConnection: true });
    record.endMs = now();
  };

  const server = createServer((req, res) => {
    handle(req, res).catch(() => res.destroy());
  });
  // Keep-alive sockets the SDK pools must not be cut by the server's own idle timeout mid-benchmark.
  server.keepAliveTimeout = 60_000;
  server.on('connection', (socket) => {
    const c: ProxiedConnection = { id: ++nextConnection, openedMs: now(), requests: 0 };
    const counted = generation;
    connectionOf.set(socket, c);
    connections.push(c);
    open++;
    maxOpen = Math.max(maxOpen, open);
    socket.on('close', () => {
      if (counted === generation) open--;
      c.closedMs = now();
    });
  });
  const url = await listenLocal(server);
  port = Number(new URL(url).port);

  return {
    url,
    virtualHostUrl: `http://localhost:${port}`,
    get requests() {
      return requests;
    },
    get connections() {
      return connections;
    },
    get maxInFlight() {
      return maxInFlight;
    },
    get maxOpenConnections() {
      return maxOpen;
    },
    now,
    setDelay(ms: number) {
      delayMs = ms;
    },
    setThrottle(spec: ThrottleSpec | undefined) {
      throttle = spec;
      throttleCount = 0;
    },
    setRateLimits(limits: Readonly<Record<string, number>> | undefined) {
      rateLimits = limits;
      rateBuckets = new Map();
    },
    reset() {
      requests = [];
      connections = [];
      maxInFlight = inFlight;
      generation++;
      open = 0;
      maxOpen = 0;
      throttleCount = 0;
    },
    close: () => closeServer(server),
  };
}
