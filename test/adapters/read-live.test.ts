/**
 * The identity check every AWS command starts with (checkAccount) against endpoints that are not a
 * working AWS: nothing listening, a server that accepts connections and never answers, a web server
 * that answers HTML. Each must end, promptly and without a stack, in an AwsAccessError that says what
 * is wrong with the endpoint rather than blaming the credentials.
 */
import { createServer as createHttpServer } from 'node:http';
import { createServer, type Server, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ClientPool } from '../../src/adapters/aws-config.js';
import { checkAccount } from '../../src/adapters/read-live.js';
import { AwsAccessError } from '../../src/errors.js';

const servers: Server[] = [];
const sockets: Socket[] = [];

function listen(server: Server): Promise<string> {
  servers.push(server);
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const addr = server.address();
      resolve(`http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`);
    });
  });
}

let silent: string;
let html: string;
let refused: string;

beforeAll(async () => {
  // Accepts every connection and never writes a byte back.
  silent = await listen(
    createServer((s) => {
      sockets.push(s);
    }),
  );
  html = await listen(
    createHttpServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end('<!doctype html><html><head><meta charset="utf-8"></head><body>Welcome</body></html>');
    }),
  );
  // A port that was free a moment ago: nothing listens there.
  const probe = createServer();
  const url = await new Promise<string>((resolve) =>
    probe.listen(0, '127.0.0.1', () => {
      const addr = probe.address();
      resolve(`http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`);
    }),
  );
  await new Promise((resolve) => probe.close(resolve));
  refused = url;
});

afterAll(async () => {
  for (const s of sockets) s.destroy();
  await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
});

function pool(endpointUrl: string, extra: { identityTimeoutMs?: number } = {}): ClientPool {
  return new ClientPool({
    endpointUrl,
    defaultRegion: 'eu-west-1',
    credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' },
    ...extra,
  });
}

async function identityError(p: ClientPool): Promise<AwsAccessError> {
  try {
    await checkAccount(p, '828879644785');
  } catch (e) {
    return e as AwsAccessError;
  } finally {
    p.destroy();
  }
  throw new Error('checkAccount should have failed');
}

describe('checkAccount against an endpoint that is not a working AWS', () => {
  it('GIVEN nothing listens at --endpoint-url WHEN the identity is checked THEN it says the endpoint cannot be reached', async () => {
    const e = await identityError(pool(refused));
    expect(e).toBeInstanceOf(AwsAccessError);
    expect(e.code).toBe('AWS_UNREACHABLE');
    expect(e.message).toContain(`cannot reach the endpoint ${refused}`);
    expect(e.message).toContain('connection refused');
    expect(e.message).toContain('--endpoint-url');
    expect(e.message).not.toContain('credentials');
  });

  it('GIVEN an endpoint that accepts connections but never answers WHEN the identity is checked THEN it gives up with "no answer" instead of hanging', async () => {
    const e = await identityError(pool(silent, { identityTimeoutMs: 300 }));
    expect(e).toBeInstanceOf(AwsAccessError);
    expect(e.code).toBe('AWS_UNREACHABLE');
    expect(e.message).toContain(`no answer from the endpoint ${silent} within 0.3 s`);
  });

  it('GIVEN an endpoint that answers an HTML page WHEN the identity is checked THEN it says the answer is not from AWS STS', async () => {
    const e = await identityError(pool(html));
    expect(e).toBeInstanceOf(AwsAccessError);
    expect(e.code).toBe('AWS_NOT_AWS');
    expect(e.message).toContain(`the endpoint ${html} did not answer like AWS STS (HTTP 200, text/html)`);
    expect(e.message).toContain('--endpoint-url');
    expect(e.message).not.toContain('$response');
  });
});
