/**
 * The benchmark's round-trip arithmetic (bench/lib/rounds.ts): the minimum rounds the AWS APIs force
 * on a plan, and the rounds a run took, read from a latency proxy's timeline.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { ProxiedRequest } from '../../bench/lib/latency-proxy.js';
import { minimumRounds, sequentialDepth } from '../../bench/lib/rounds.js';
import { scaleBuckets, scaleSpecYaml } from '../../bench/scale.js';
import { parseSpec } from '../../spec/parse-spec.js';

/** A finished request from `startMs` to `endMs` (only the times matter here). */
function request(id: number, startMs: number, endMs: number): ProxiedRequest {
  return {
    id,
    connection: 1,
    method: 'GET',
    host: 'h',
    path: '/',
    service: 's3',
    region: 'eu-west-1',
    operation: 'GetBucketVersioning',
    startMs,
    endMs,
    status: 200,
    throttled: false,
  };
}

describe('GIVEN specs to plan', () => {
  it('WHEN the spec is the guide THEN the APIs force 4 rounds: STS, ListBackupPlans, ListBackupSelections, GetBackupSelection', () => {
    const guide = parseSpec(readFileSync('backup-spec.yaml'), 'backup-spec.yaml', {
      MNEMONICA_ALERTS_WEBHOOK_URL: 'https://hooks.example.com/x',
    });
    expect(minimumRounds(guide)).toBe(4);
  });

  it('WHEN the spec holds only buckets and alarms THEN 2 rounds: STS, then every read at once', () => {
    const spec = parseSpec(scaleSpecYaml(scaleBuckets(20)), 'scale.yaml');
    expect(minimumRounds(spec)).toBe(2);
  });

  it('WHEN a topic declares an https subscription THEN its raw-delivery attribute costs a second round', () => {
    const text = `version: 1
account: "123456789012"
defaultRegion: eu-west-1
sns:
  topics:
    alerts:
      region: eu-west-1
      subscriptions:
        - {protocol: email, endpoint: ops@example.com}
`;
    expect(minimumRounds(parseSpec(text, 'a.yaml'))).toBe(2);
    const https = text.replace(
      '{protocol: email, endpoint: ops@example.com}',
      '{protocol: https, endpoint: "https://example.com/hook"}',
    );
    expect(minimumRounds(parseSpec(https, 'b.yaml'))).toBe(3);
  });
});

describe('GIVEN a proxy timeline', () => {
  it('WHEN requests overlap THEN they count as one round', () => {
    expect(sequentialDepth([request(1, 0, 80), request(2, 1, 81), request(3, 2, 82)])).toBe(1);
  });

  it('WHEN each request starts after the previous answer THEN each is a round', () => {
    expect(sequentialDepth([request(1, 0, 80), request(2, 80, 160), request(3, 161, 240)])).toBe(3);
  });

  it('WHEN 8 requests at a time work through 24 THEN 3 rounds, whatever the order they are listed in', () => {
    const reqs = Array.from({ length: 24 }, (_, i) => {
      const round = Math.floor(i / 8);
      return request(i + 1, round * 100 + (i % 8), round * 100 + 80 + (i % 8));
    });
    expect(sequentialDepth([...reqs].reverse())).toBe(3);
  });

  it('WHEN a request is still in flight THEN it is not counted', () => {
    const open = { ...request(2, 90, 0), endMs: undefined } as unknown as ProxiedRequest;
    expect(sequentialDepth([request(1, 0, 80), open])).toBe(1);
    expect(sequentialDepth([])).toBe(0);
  });
});
