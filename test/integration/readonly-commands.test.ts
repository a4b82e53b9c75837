/**
 * `--plan`, `--snapshot` and `--report` (without --publish-sns) never make a mutating AWS call. The CLI runs in-process
 * through main() with `--endpoint-url` pointing at a recording proxy in front of moto: the proxy logs
 * every request's operation (query `Action`, JSON `X-Amz-Target`, REST method) — and every declared
 * resource is read back before and after and found identical. (moto's /moto-api/data.json dump cannot
 * be used here: it fails with a 500 once an RDS instance exists — moto 5.2 "write only property".)
 */
import { mkdtemp } from 'node:fs/promises';
import { createServer, type IncomingMessage, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ClientPool } from '../../src/adapters/aws-config.js';
import { readLive } from '../../src/adapters/read-live.js';
import type { CliIO } from '../../src/cli/context.js';
import { main } from '../../src/cli/main.js';
import { loadSpecFile } from '../../src/cli/spec-file.js';
import { isMutatingOperation } from '../support/faults.js';
import { motoAwsOptions, motoEndpoint, useMoto } from '../support/moto.js';
import { seedGuideBefore } from '../support/seed-guide-before.js';

useMoto();

const WEBHOOK = 'https://hooks.example.com/services/T0RO/B0RO/readonlyS3cret';

/** One HTTP request as the proxy saw it. */
interface Seen {
  readonly method: string;
  readonly path: string;
  /** The operation when the protocol names it (query Action, JSON X-Amz-Target); else undefined. */
  readonly operation?: string;
}

/** A request changes something when its operation is not Get/List/Describe/Head, or (REST) its method is not GET/HEAD. */
function mutates(s: Seen): boolean {
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

let proxy: Server;
let proxyUrl: string;
const seen: Seen[] = [];
let cwd: string;

beforeAll(async () => {
  const target = new URL(motoEndpoint());
  proxy = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const operation = operationOf(req, body.toString('utf8'));
      seen.push({ method: req.method ?? 'GET', path: req.url ?? '/', ...(operation ? { operation } : {}) });
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
  proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;

  const pool = new ClientPool(motoAwsOptions());
  try {
    await seedGuideBefore(pool);
  } finally {
    pool.destroy();
  }
  cwd = await mkdtemp(join(tmpdir(), 'reconcile-readonly-'));
  process.env.AWS_ACCESS_KEY_ID = 'testing';
  process.env.AWS_SECRET_ACCESS_KEY = 'testing';
  delete process.env.AWS_PROFILE;
});

afterAll(async () => {
  await new Promise((ok) => proxy.close(ok));
});

/** Every declared resource read back (facts left out: RDS LatestRestorableTime is always "now" in moto). */
async function readBack(): Promise<unknown> {
  const desired = await loadSpecFile('backup-spec.yaml', { MNEMONICA_ALERTS_WEBHOOK_URL: WEBHOOK });
  const pool = new ClientPool(motoAwsOptions());
  try {
    const live = await readLive(desired, pool);
    return Object.fromEntries(
      Object.entries(live.resources).map(([a, o]) => [
        a,
        o.status === 'present' ? { status: o.status, attrs: o.attrs } : o,
      ]),
    );
  } finally {
    pool.destroy();
  }
}

async function reconcile(args: readonly string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const sink = (append: (s: string) => void) =>
    new Writable({
      write(chunk, _enc, cb) {
        append(String(chunk));
        cb();
      },
    });
  const io: CliIO = {
    stdout: sink((s) => {
      out += s;
    }),
    stderr: sink((s) => {
      err += s;
    }),
    stdinIsTTY: false,
    env: { ...process.env, MNEMONICA_ALERTS_WEBHOOK_URL: WEBHOOK, NO_COLOR: '1' },
    cwd,
  };
  const code = await main(
    [...args, '--spec', resolve('backup-spec.yaml'), '--endpoint-url', proxyUrl, '--region', 'eu-west-1'],
    io,
  );
  return { code, out, err };
}

describe('read-only commands make no mutating AWS call (moto behind a recording proxy)', () => {
  it('GIVEN the recording proxy WHEN a write goes through it THEN the proxy classifies it as mutating (the check can fail)', async () => {
    const pool = new ClientPool(motoAwsOptions({ endpointUrl: proxyUrl }));
    try {
      const { CreateTopicCommand } = await import('@aws-sdk/client-sns');
      const { PutRuleCommand } = await import('@aws-sdk/client-eventbridge');
      const { CreateBucketCommand } = await import('@aws-sdk/client-s3');
      seen.length = 0;
      await pool.get('sns', 'eu-west-1').send(new CreateTopicCommand({ Name: 'proxy-probe' }));
      await pool
        .get('events', 'eu-west-1')
        .send(new PutRuleCommand({ Name: 'proxy-probe', ScheduleExpression: 'rate(1 day)' }));
      await pool.get('s3', 'eu-west-1').send(
        new CreateBucketCommand({
          Bucket: 'proxy-probe',
          CreateBucketConfiguration: { LocationConstraint: 'eu-west-1' },
        }),
      );
      expect(seen.filter(mutates).map((s) => s.operation ?? s.method)).toEqual([
        'CreateTopic',
        'PutRule',
        'PUT',
      ]);
    } finally {
      pool.destroy();
    }
  });

  it.each([
    // exit 1: moto cannot read the backup selection, so the plan is incomplete (unknown is not unchanged)
    ['--plan', ['--plan'], 1],
    ['--plan --json', ['--plan', '--json'], 1],
    ['--snapshot', ['--snapshot', '--out', 'snapshot.json'], 0],
    // exit 1: the guide's starting state fails health checks (and the selection cannot be read)
    ['--report', ['--report', '--out', 'reports'], 1],
  ] as const)(
    "GIVEN the guide's starting state WHEN %s THEN every request is a read and every resource reads back identical",
    async (_name, args, exitCode) => {
      const before = await readBack();
      seen.length = 0;
      const r = await reconcile(args);
      expect(r.err).not.toContain('internal error');
      expect(r.code).toBe(exitCode);
      expect(seen.length).toBeGreaterThan(10); // it really read AWS through the proxy
      expect(seen.filter(mutates)).toEqual([]);
      expect(await readBack()).toEqual(before);
    },
  );
});
