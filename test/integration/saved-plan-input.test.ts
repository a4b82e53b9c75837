/**
 * Issue 12, "saved plans are inputs, not trusted programs", through the real CLI against moto with a
 * recording proxy in front (it sees every HTTP request the CLI makes, so "no write" is counted, not
 * assumed): a saved plan edited by hand (risk lowered, kind changed, summary changed, an extra field)
 * is refused with exit 1 and no mutating request; an unedited one (or one whose createdAt alone
 * changed) is applied. Then a fast-check fuzz test: random edits of a saved plan never lead to a
 * write.
 */
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetBucketLifecycleConfigurationCommand } from '@aws-sdk/client-s3';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ClientPool } from '../../src/adapters/aws-config.js';
import { runCli } from '../support/cli.js';
import { ACCOUNT, motoAwsOptions, motoEndpoint, useDummyCredentials, useMoto } from '../support/moto.js';
import { mutates, type RecordingProxy, startRecordingProxy } from '../support/recording-proxy.js';

useMoto();

const BUCKET = 'saved-plan-input-media';
const TOPIC = 'saved-plan-input-alerts';

let cwd: string;
let proxy: RecordingProxy;

function spec(noncurrentDays: number, displayName: string): string {
  return `version: 1
account: "${ACCOUNT}"
defaultRegion: eu-west-1
s3:
  buckets:
    ${BUCKET}:
      region: eu-west-1
      versioning: Enabled
      lifecycle:
        - id: noncurrent-versions
          noncurrentVersionExpiration:
            noncurrentDays: ${noncurrentDays}
sns:
  topics:
    ${TOPIC}:
      region: eu-west-1
      displayName: ${displayName}
`;
}

async function reconcile(args: readonly string[]) {
  const run = await runCli([...args, '--endpoint-url', proxy.url], {
    cwd,
    env: { ...process.env, NO_COLOR: '1', LOG_LEVEL: 'silent' },
  });
  return { code: run.code, out: run.stdout, err: run.stderr };
}

/** The mutating requests the proxy saw since the last call (and forgets them). */
function takeWrites(): string[] {
  const writes = proxy.seen.filter(mutates).map((s) => s.operation ?? `${s.method} ${s.path}`);
  proxy.seen.length = 0;
  return writes;
}

async function liveNoncurrentDays(): Promise<number | undefined> {
  const pool = new ClientPool(motoAwsOptions());
  try {
    const out = await pool
      .get('s3', 'eu-west-1')
      .send(new GetBucketLifecycleConfigurationCommand({ Bucket: BUCKET }));
    return out.Rules?.[0]?.NoncurrentVersionExpiration?.NoncurrentDays;
  } finally {
    pool.destroy();
  }
}

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

let original: { [k: string]: Json };

beforeAll(async () => {
  useDummyCredentials();
  proxy = await startRecordingProxy(motoEndpoint());
  cwd = await mkdtemp(join(tmpdir(), 'reconcile-saved-plan-'));
  // AWS as the spec says (35 days), then a spec that shortens retention (high risk) and renames the
  // topic's display name (low risk): the saved plan every test edits.
  await writeFile(join(cwd, 'backup-spec.yaml'), spec(35, 'Alerts'));
  const first = await reconcile(['--apply', '--yes']);
  expect(first.err).toBe('');
  expect(first.code).toBe(0);
  await writeFile(join(cwd, 'backup-spec.yaml'), spec(7, 'Alerts v2'));
  const planned = await reconcile(['--plan', '--out', 'plan.json']);
  expect(planned.code).toBe(2);
  original = JSON.parse(await readFile(join(cwd, 'plan.json'), 'utf8'));
  takeWrites();
}, 120_000);

afterAll(async () => {
  await proxy.close();
});

async function applyEdited(doc: unknown, extra: readonly string[] = []) {
  await writeFile(join(cwd, 'edited.json'), JSON.stringify(doc, null, 2));
  takeWrites();
  const r = await reconcile(['--apply', 'edited.json', '--yes', ...extra]);
  return { ...r, writes: takeWrites() };
}

function bucketChangeIndex(doc: { [k: string]: Json }): number {
  const changes = doc.changes as { address: string }[];
  return changes.findIndex((c) => c.address === `s3.bucket/${BUCKET}`);
}

describe('GIVEN a saved plan edited by hand WHEN --apply FILE --yes THEN exit 1 and no AWS write', () => {
  it('risk lowered from high to low (to slip past --allow-destructive): PLAN_MISMATCH naming the field', async () => {
    const doc = structuredClone(original) as { changes: Record<string, Json>[] };
    const i = bucketChangeIndex(original);
    expect(doc.changes[i]?.risk).toBe('high');
    Object.assign(doc.changes[i] ?? {}, {
      risk: 'low',
      driftSeverity: 'low',
      riskNotes: [],
      riskDetails: [],
    });
    const r = await applyEdited(doc);
    expect(r.code).toBe(1);
    expect(r.err).toContain('refusing to apply edited.json: it differs from the plan made now');
    expect(r.err).toContain(`/changes/${i}/risk (s3.bucket/${BUCKET}): saved "low", now "high"`);
    expect(r.err).not.toContain('internal error');
    expect(r.writes).toEqual([]);
    expect(await liveNoncurrentDays()).toBe(35);
  });

  it('even with --allow-destructive, a lowered risk is still an edited plan: refused', async () => {
    const doc = structuredClone(original) as { changes: Record<string, Json>[] };
    Object.assign(doc.changes[bucketChangeIndex(original)] ?? {}, { risk: 'low' });
    const r = await applyEdited(doc, ['--allow-destructive']);
    expect(r.code).toBe(1);
    expect(r.err).toContain('differs from the plan made now');
    expect(r.writes).toEqual([]);
  });

  it("a change's kind edited to another service (an SNS write named after a bucket): refused by the schema", async () => {
    const doc = structuredClone(original) as { changes: Record<string, Json>[] };
    const i = bucketChangeIndex(original);
    Object.assign(doc.changes[i] ?? {}, { kind: 'sns.topic' });
    const r = await applyEdited(doc);
    expect(r.code).toBe(1);
    expect(r.err).toContain(`changes[${i}].kind: must be s3.bucket, the kind in the address`);
    expect(r.writes).toEqual([]);
  });

  it('the summary edited to say nothing changes: refused', async () => {
    const doc = structuredClone(original) as { summary: Record<string, Json> };
    doc.summary.update = 0;
    const r = await applyEdited(doc);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/\/summary\/update: saved 0, now 2/);
    expect(r.writes).toEqual([]);
  });

  it('an extra field: refused (the saved plan must be exactly the fresh one)', async () => {
    const r = await applyEdited({ ...original, allowDestructive: true });
    expect(r.code).toBe(1);
    expect(r.err).toContain('/allowDestructive: saved true, now (absent)');
    expect(r.writes).toEqual([]);
  });
});

describe('fuzz: random edits of a saved plan never lead to a write', () => {
  /** Every JSON pointer in a document, as key paths (the root excluded). */
  function paths(v: Json, at: (string | number)[] = []): (string | number)[][] {
    const out: (string | number)[][] = [];
    if (Array.isArray(v)) for (const [i, x] of v.entries()) out.push([...at, i], ...paths(x, [...at, i]));
    else if (v !== null && typeof v === 'object')
      for (const [k, x] of Object.entries(v)) out.push([...at, k], ...paths(x, [...at, k]));
    return out;
  }

  type Edit = { path: (string | number)[]; op: 'set' | 'delete'; value: Json };

  function applyEdit(doc: Json, e: Edit): Json {
    const copy = structuredClone(doc);
    let parent = copy as Record<string | number, Json>;
    for (const k of e.path.slice(0, -1)) parent = parent[k] as Record<string | number, Json>;
    const last = e.path[e.path.length - 1] as string | number;
    if (e.op === 'delete') {
      if (Array.isArray(parent)) parent.splice(Number(last), 1);
      else delete parent[last];
    } else parent[last] = e.value;
    return copy;
  }

  const sameButCreatedAt = (a: Json, b: Json) => {
    const strip = (d: Json) => ({ ...(d as object), createdAt: null });
    return JSON.stringify(strip(a)) === JSON.stringify(strip(b));
  };

  // Values an attacker or a careless editor would write: other risks, actions, kinds, addresses,
  // numbers, and anything JSON.
  const plausible = fc.oneof(
    fc.constantFrom<Json>(
      'low',
      'medium',
      'high',
      'no-op',
      'create',
      'update',
      'delete',
      'replace',
      'sns.topic',
      's3.bucket',
      `s3.bucket/${BUCKET}`,
      `sns.topic/eu-west-1/${TOPIC}`,
      0,
      1,
      7,
      35,
      true,
      false,
      null,
      [],
      {},
    ),
    fc.jsonValue({ maxDepth: 2 }) as fc.Arbitrary<Json>,
  );

  it('GIVEN 40 random edits (set a field anywhere to a plausible or random value, or delete it) WHEN --apply FILE --yes --allow-destructive THEN exit 1, no internal error, no mutating request', async () => {
    const all = paths(original).filter((p) => p[0] !== 'createdAt');
    const edit: fc.Arbitrary<Edit> = fc.record({
      path: fc.constantFrom(...all),
      op: fc.constantFrom<'set' | 'delete'>('set', 'set', 'set', 'delete'),
      value: plausible,
    });
    let tried = 0;
    const refusedBy = { schema: 0, mismatch: 0, other: 0 };
    await fc.assert(
      fc.asyncProperty(fc.array(edit, { minLength: 1, maxLength: 3 }), async (edits) => {
        let doc: Json = original;
        for (const e of edits) {
          try {
            doc = applyEdit(doc, e);
          } catch {
            return; // an earlier edit removed the parent of a later one's path
          }
        }
        fc.pre(!sameButCreatedAt(doc, original));
        tried++;
        const r = await applyEdited(doc, ['--allow-destructive']);
        expect(r.err).not.toContain('internal error');
        expect(r.code).toBe(1);
        expect(r.writes).toEqual([]);
        if (r.err.includes('not a saved plan')) refusedBy.schema++;
        else if (r.err.includes('differs from the plan made now')) refusedBy.mismatch++;
        else refusedBy.other++;
      }),
      { numRuns: 40, seed: 20261202, endOnFailure: true },
    );
    expect(tried).toBeGreaterThan(20);
    // Both lines of defence were exercised: the schema, and the comparison with the fresh plan.
    expect(refusedBy.schema).toBeGreaterThan(3);
    expect(refusedBy.mismatch).toBeGreaterThan(3);
    expect(await liveNoncurrentDays()).toBe(35);
  }, 600_000);
});

describe('GIVEN the saved plan unedited (or only createdAt changed) WHEN --apply FILE THEN it applies', () => {
  it('createdAt edited, --allow-destructive: applied from the fresh plan, converged, writes made', async () => {
    const doc = { ...original, createdAt: '1999-01-01T00:00:00.000Z' };
    const r = await applyEdited(doc, ['--allow-destructive']);
    expect(r.err).not.toContain('internal error');
    expect(r.code).toBe(0);
    expect(r.out).toContain('Converged');
    expect(r.writes.length).toBeGreaterThan(0);
    expect(await liveNoncurrentDays()).toBe(7);
  });
});
