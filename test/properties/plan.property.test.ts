/**
 * Properties of the planner (fast-check): a state planned against itself is empty; reordering what
 * AWS treats as sets (policy statements and their values, keys, actions, alarm actions,
 * subscriptions, lifecycle rules, targets) never produces a change; planning is deterministic; and
 * every declared address is accounted for exactly once.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { DesiredResource, DesiredState, LiveState, Observation } from '../../src/model/state.js';
import { planChanges } from '../../src/planner/index.js';
import { renderPlanJson } from '../../src/report/plan-json.js';
import { renderPlanMarkdown } from '../../src/report/plan-markdown.js';
import { renderPlanText } from '../../src/report/plan-text.js';
import { CREATED_AT, desiredState, liveMatching, liveState, policy, resource } from '../planner/builders.js';
import { ACCOUNT } from '../support/builders/index.js';

const word = fc.stringMatching(/^[a-z][a-z0-9-]{0,10}$/);
const days = fc.integer({ min: 1, max: 3650 });
const action = fc.constantFrom(
  's3:GetObject',
  's3:PutObject',
  's3:DeleteObjectVersion',
  's3:ListBucket',
  'sns:Publish',
);
const arn = word.map((w) => `arn:aws:sns:eu-west-1:${ACCOUNT}:${w}`);

const statement = fc.record({
  Effect: fc.constantFrom('Allow', 'Deny'),
  Action: fc.uniqueArray(action, { minLength: 1, maxLength: 4 }),
  Resource: fc.uniqueArray(
    word.map((w) => `arn:aws:s3:::${w}/*`),
    { minLength: 1, maxLength: 3 },
  ),
});
const policyDoc = fc
  .uniqueArray(statement, { minLength: 1, maxLength: 3, selector: (s) => JSON.stringify(s) })
  .map((s) => policy(...s));

const bucket = fc
  .record({
    name: word,
    versioning: fc.constantFrom('Enabled' as const, 'Suspended' as const),
    lifecycle: fc.uniqueArray(
      fc.record({
        id: word,
        enabled: fc.boolean(),
        noncurrentDays: days,
        transitions: fc.uniqueArray(
          fc.record({ days, storageClass: fc.constantFrom('GLACIER' as const, 'DEEP_ARCHIVE' as const) }),
          {
            maxLength: 2,
            selector: (t) => t.days,
          },
        ),
      }),
      { maxLength: 3, selector: (r) => r.id },
    ),
    tags: fc.dictionary(word, word, { maxKeys: 3 }),
  })
  .map((b) =>
    resource('s3.bucket', `b-${b.name}`, {
      region: 'eu-west-1',
      versioning: b.versioning,
      lifecycle: b.lifecycle
        .map((r) => ({
          id: r.id,
          enabled: r.enabled,
          filter: {},
          noncurrentVersionExpiration: { noncurrentDays: r.noncurrentDays },
          transitions: [...r.transitions].sort((x, y) => x.days - y.days),
          noncurrentVersionTransitions: [],
        }))
        .sort((x, y) => (x.id < y.id ? -1 : 1)),
      tags: b.tags,
    }),
  );

const role = fc
  .record({
    name: word,
    trust: policyDoc,
    inline: fc.dictionary(word, policyDoc, { maxKeys: 2 }),
    managed: fc.uniqueArray(arn, { maxLength: 3 }),
  })
  .map((r) =>
    resource('iam.role', `r-${r.name}`, {
      path: '/',
      assumeRolePolicy: r.trust,
      inlinePolicies: r.inline,
      managedPolicyArns: [...r.managed].sort(),
    }),
  );

const alarm = fc
  .record({
    name: word,
    actions: fc.uniqueArray(arn, { maxLength: 3 }),
    threshold: fc.integer({ min: 0, max: 1e6 }),
  })
  .map((a) =>
    resource('cloudwatch.alarm', `a-${a.name}`, {
      region: 'eu-west-1',
      alarmActions: [...a.actions].sort(),
      threshold: a.threshold,
      comparisonOperator: 'GreaterThanThreshold',
    }),
  );

const topic = fc
  .record({
    name: word,
    emails: fc.uniqueArray(
      word.map((w) => `${w}@example.com`),
      { maxLength: 3 },
    ),
    hooks: fc.uniqueArray(fc.stringMatching(/^[0-9a-f]{64}$/), { maxLength: 2 }),
  })
  .map((t) =>
    resource('sns.topic', `t-${t.name}`, {
      region: 'eu-west-1',
      subscriptions: [
        ...t.emails.map((e) => ({ protocol: 'email', endpoint: e })),
        ...t.hooks.map((h) => ({
          protocol: 'https',
          endpoint: 'https://hooks.example.com/***',
          endpointSha256: h,
        })),
      ],
    }),
  );

const rule = fc
  .record({
    name: word,
    states: fc.uniqueArray(fc.constantFrom('FAILED', 'ABORTED', 'EXPIRED'), { minLength: 1 }),
    targets: fc.uniqueArray(fc.record({ id: word, arn }), { maxLength: 3, selector: (t) => t.id }),
  })
  .map((r) =>
    resource('events.rule', `e-${r.name}`, {
      region: 'eu-west-1',
      state: 'ENABLED',
      eventPattern: { source: ['aws.backup'], detail: { state: [...r.states].sort() } },
      targets: [...r.targets].sort((x, y) => (x.id < y.id ? -1 : 1)),
    }),
  );

const desiredArb = fc
  .uniqueArray(fc.oneof(bucket, role, alarm, topic, rule), {
    minLength: 1,
    maxLength: 6,
    selector: (r) => r.address,
  })
  .map((rs) => desiredState(...(rs as DesiredResource[])));

/** A tiny seeded PRNG, so that a shuffle is reproducible from fast-check's seed. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Shuffles every list and the key order of every object; one-element policy lists become strings. */
function scramble(value: unknown, rand: () => number, key = ''): unknown {
  if (Array.isArray(value)) {
    const items = value.map((v) => scramble(v, rand));
    for (let i = items.length - 1; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1));
      [items[i], items[j]] = [items[j], items[i]];
    }
    if ((key === 'Action' || key === 'Resource') && items.length === 1 && rand() < 0.5) return items[0];
    return items;
  }
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value).map(([k, v]) => [k, scramble(v, rand, k)] as const);
    for (let i = entries.length - 1; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1));
      [entries[i], entries[j]] = [
        entries[j] as (typeof entries)[number],
        entries[i] as (typeof entries)[number],
      ];
    }
    return Object.fromEntries(entries);
  }
  return value;
}

function scrambledLive(desired: DesiredState, seed: number): LiveState {
  const rand = prng(seed);
  const resources: Record<string, Observation> = {};
  for (const r of desired.resources) {
    resources[r.address] = { status: 'present', attrs: scramble(r.attrs, rand) as never };
  }
  return liveState(resources);
}

describe('planner properties', () => {
  it('GIVEN any desired state WHEN planned against itself as live THEN every change is a no-op', () => {
    fc.assert(
      fc.property(desiredArb, (desired) => {
        const plan = planChanges(desired, liveMatching(desired), { createdAt: CREATED_AT });
        expect(plan.changes.filter((c) => c.action !== 'no-op')).toEqual([]);
        expect(plan.summary.noop).toBe(desired.resources.length);
        expect(plan.layers).toEqual([]);
        expect(renderPlanText(plan, { color: false })).toContain('No changes.');
      }),
      { numRuns: 150 },
    );
  });

  it('GIVEN live state equal to the spec but with sets reordered, keys shuffled and one-element lists as strings THEN no change', () => {
    fc.assert(
      fc.property(desiredArb, fc.integer(), (desired, seed) => {
        const plan = planChanges(desired, scrambledLive(desired, seed), { createdAt: CREATED_AT });
        expect(
          plan.changes.filter((c) => c.action !== 'no-op').map((c) => [c.address, c.fieldDiffs]),
        ).toEqual([]);
        expect(plan.changes.every((c) => c.riskNotes.length === 0)).toBe(true);
      }),
      { numRuns: 150 },
    );
  });

  it('GIVEN any desired and any unrelated live state THEN planning is deterministic and accounts for every address once', () => {
    fc.assert(
      fc.property(desiredArb, desiredArb, fc.integer(), (desired, other, seed) => {
        // live: the other state's attributes under this state's addresses, where kinds match
        const rand = prng(seed);
        const otherByKind = new Map(other.resources.map((r) => [r.kind, r.attrs]));
        const resources: Record<string, Observation> = {};
        for (const r of desired.resources) {
          const roll = rand();
          const attrs = otherByKind.get(r.kind);
          resources[r.address] =
            roll < 0.15
              ? { status: 'absent' }
              : roll < 0.25
                ? { status: 'unreadable', reason: 'access denied' }
                : { status: 'present', attrs: (attrs ?? r.attrs) as never };
        }
        const live = liveState(resources);
        const a = planChanges(desired, live, { createdAt: CREATED_AT });
        const b = planChanges(desired, live, { createdAt: CREATED_AT });
        expect(renderPlanJson(a)).toBe(renderPlanJson(b));
        expect(renderPlanText(a, { color: false })).toBe(renderPlanText(b, { color: false }));
        expect(renderPlanMarkdown(a)).toBe(renderPlanMarkdown(b));
        const seen = [...a.changes.map((c) => c.address), ...a.unchecked.map((u) => u.address)].sort();
        expect(seen).toEqual(desired.resources.map((r) => r.address).sort());
        const actionable = a.changes.filter((c) =>
          ['create', 'update', 'replace', 'delete'].includes(c.action),
        );
        expect(a.layers.flat().sort()).toEqual(actionable.map((c) => c.address).sort());
        expect(a.changes.map((c) => c.address)).toEqual([...a.changes.map((c) => c.address)].sort());
      }),
      { numRuns: 150 },
    );
  });
});
