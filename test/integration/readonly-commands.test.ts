/**
 * `--plan`, `--snapshot` and `--report` never make a mutating AWS call (`--report --publish-sns`
 * makes exactly one: the SNS Publish asked for). The CLI runs in-process
 * through main() with `--endpoint-url` pointing at a recording proxy in front of moto: the proxy logs
 * every request's operation (query `Action`, JSON `X-Amz-Target`, REST method) — and every declared
 * resource is read back before and after and found identical. (moto's /moto-api/data.json dump cannot
 * be used here: it fails with a 500 once an RDS instance exists — moto 5.2 "write only property".)
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ClientPool } from '../../src/adapters/aws-config.js';
import { readLive } from '../../src/adapters/read-live.js';
import { loadSpecFile } from '../../src/cli/spec-file.js';
import { runCli } from '../support/cli.js';
import {
  motoAwsOptions,
  motoEndpoint,
  useDummyCredentials,
  useMoto,
  withoutEmulatorDelays,
} from '../support/moto.js';
import {
  mutates,
  type RecordingProxy,
  type SeenRequest,
  startRecordingProxy,
} from '../support/recording-proxy.js';
import { seedGuideBefore } from '../support/seed-guide-before.js';

useMoto();

const WEBHOOK = 'https://hooks.example.com/services/T0RO/B0RO/readonlyS3cret';

let proxy: RecordingProxy;
let proxyUrl: string;
let seen: SeenRequest[];
let cwd: string;

beforeAll(async () => {
  proxy = await startRecordingProxy(motoEndpoint());
  proxyUrl = proxy.url;
  seen = proxy.seen;

  const pool = new ClientPool(motoAwsOptions());
  try {
    await withoutEmulatorDelays(() => seedGuideBefore(pool));
  } finally {
    pool.destroy();
  }
  cwd = await mkdtemp(join(tmpdir(), 'reconcile-readonly-'));
  useDummyCredentials();
});

afterAll(async () => {
  await proxy.close();
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
  const run = await runCli(
    [...args, '--spec', resolve('backup-spec.yaml'), '--endpoint-url', proxyUrl, '--region', 'eu-west-1'],
    { cwd, env: { ...process.env, MNEMONICA_ALERTS_WEBHOOK_URL: WEBHOOK, NO_COLOR: '1' } },
  );
  return { code: run.code, out: run.stdout, err: run.stderr };
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
    // exit 2: the guide's starting state differs from the spec (every resource readable, plan complete)
    ['--plan', ['--plan'], 2],
    ['--plan --json', ['--plan', '--json'], 2],
    ['--snapshot', ['--snapshot', '--out', 'snapshot.json'], 0],
    // exit 1: the guide's starting state fails health checks
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

  it('GIVEN --report --publish-sns WHEN run THEN the one mutating request is the SNS Publish asked for, and every resource reads back identical', async () => {
    const { CreateTopicCommand } = await import('@aws-sdk/client-sns');
    const pool = new ClientPool(motoAwsOptions());
    let topicArn: string;
    try {
      const created = await pool
        .get('sns', 'eu-west-1')
        .send(new CreateTopicCommand({ Name: 'readonly-report-summary' }));
      topicArn = created.TopicArn ?? '';
    } finally {
      pool.destroy();
    }
    const before = await readBack();
    seen.length = 0;
    const r = await reconcile(['--report', '--publish-sns', topicArn]);
    expect(r.err).not.toContain('internal error');
    expect(r.code).toBe(1); // as --report: the guide's starting state fails health checks
    expect(r.err).toContain('report summary published');
    expect(seen.filter(mutates).map((s) => s.operation ?? `${s.method} ${s.path}`)).toEqual(['Publish']);
    expect(await readBack()).toEqual(before);
  });
});
