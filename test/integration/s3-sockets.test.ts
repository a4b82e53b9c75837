/**
 * The S3 clients' connection pool (src/adapters/aws-config.ts, s3AgentOptions; issue 14), through the
 * benchmark's latency proxy in front of the emulator with virtual-hosted addressing (what the SDK uses
 * against AWS: one host name per bucket). Each bucket's three reads are held at the proxy until all
 * twelve have arrived, so each read has its own socket, as in a real read of many buckets. Afterwards
 * the SDK's default agent keeps all twelve sockets open; the CLI's agent keeps one idle socket per
 * bucket host (which later writes to that bucket reuse).
 */
import { CreateBucketCommand, GetBucketVersioningCommand, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LatencyProxy, lookupLoopback, startLatencyProxy } from '../../bench/lib/latency-proxy.js';
import { s3AgentOptions } from '../../src/adapters/aws-config.js';
import { motoEndpoint, useMoto } from '../support/moto.js';

useMoto();

const CREDENTIALS = { accessKeyId: 'testing', secretAccessKey: 'testing' };
const BUCKETS = ['sockets-a', 'sockets-b', 'sockets-c', 'sockets-d'];
const READS_PER_BUCKET = 3;

let proxy: LatencyProxy;
let held: { arrived: number; release: () => void; opened: Promise<void> } | undefined;
let lastOpen: string[] = [];

/** Holds every request at the proxy until all of them have arrived. */
function holdUntil(): void {
  let release: () => void = () => undefined;
  const opened = new Promise<void>((r) => {
    release = r;
  });
  held = { arrived: 0, release, opened };
}

beforeAll(async () => {
  proxy = await startLatencyProxy(motoEndpoint(), {
    wait: async () => {
      if (!held) return;
      held.arrived++;
      if (held.arrived === BUCKETS.length * READS_PER_BUCKET) held.release();
      await held.opened;
    },
  });
  const s3 = new S3Client({
    region: 'eu-west-1',
    endpoint: motoEndpoint(),
    forcePathStyle: true,
    credentials: CREDENTIALS,
  });
  for (const Bucket of BUCKETS)
    await s3.send(
      new CreateBucketCommand({ Bucket, CreateBucketConfiguration: { LocationConstraint: 'eu-west-1' } }),
    );
  s3.destroy();
});
afterAll(async () => {
  await proxy.close();
});

/** Open connections to the proxy now. */
const openNow = () => proxy.connections.filter((c) => c.closedMs === undefined);

/** Waits (bounded) until `condition` holds; connection closes reach the proxy asynchronously. */
async function eventually(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !condition(); i++) await new Promise((r) => setTimeout(r, 10));
}

async function readAll(agent: Record<string, unknown>): Promise<void> {
  const client = new S3Client({
    region: 'eu-west-1',
    endpoint: proxy.virtualHostUrl,
    forcePathStyle: false,
    credentials: CREDENTIALS,
    requestHandler: { httpAgent: { ...agent, lookup: lookupLoopback } },
  });
  try {
    proxy.reset();
    holdUntil();
    await Promise.all(
      BUCKETS.flatMap((Bucket) =>
        [...Array(READS_PER_BUCKET)].map(() => client.send(new GetBucketVersioningCommand({ Bucket }))),
      ),
    );
    held = undefined;
    expect(proxy.connections).toHaveLength(BUCKETS.length * READS_PER_BUCKET);
  } finally {
    // Inspected before the client is destroyed (destroy closes every socket).
    await eventually(() => openNow().length <= BUCKETS.length);
    lastOpen = openNow().map((c) => c.firstHost?.replace(/:\d+$/, '') ?? '');
    client.destroy();
  }
}

describe('GIVEN four buckets addressed virtual-hosted, each read three times at once', () => {
  it("WHEN read with the SDK's default agent THEN all twelve sockets stay open afterwards", async () => {
    await readAll({});
    expect(lastOpen).toHaveLength(BUCKETS.length * READS_PER_BUCKET);
  });

  it("WHEN read with the CLI's S3 agent THEN one idle socket per bucket host stays open", async () => {
    await readAll(s3AgentOptions(true));
    expect(lastOpen.sort()).toEqual(BUCKETS.map((b) => `${b}.localhost`).sort());
  });
});
