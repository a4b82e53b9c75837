/**
 * Reading a plan step (src/adapters/kit.ts): which attributes and which keys under them a step writes,
 * taken from the plan's field-diff paths (RFC 6901 pointers, keyed lists by id) — the plan is the one
 * definition of "different", the adapters only decode it.
 */
import { describe, expect, it } from 'vitest';
import { changedFields, changedKeys, tagWrites } from '../../src/adapters/kit.js';
import type { StepChange } from '../../src/adapters/types.js';
import { plannedChange } from '../support/apply-step.js';
import { desiredBucket, emptyBucketAttrs, lifecycleRule } from './s3/builders.js';

const step = (...paths: string[]): StepChange => ({
  action: 'update',
  fieldDiffs: paths.map((path) => ({ path, before: 1, after: 2, forcesReplacement: false })),
});

describe('changedFields / changedKeys', () => {
  it('GIVEN nested and keyed paths WHEN read THEN the top-level attributes, and the keys under one of them', () => {
    const s = step('/lifecycle/nc~1180/expiration/days', '/tags/team', '/tags/cost~0centre', '/versioning');
    expect([...changedFields(s)].sort()).toEqual(['lifecycle', 'tags', 'versioning']);
    expect([...(changedKeys(s, 'tags') as Set<string>)].sort()).toEqual(['cost~centre', 'team']);
    expect([...(changedKeys(s, 'lifecycle') as Set<string>)]).toEqual(['nc/180']);
    expect([...(changedKeys(s, 'inventory') as Set<string>)]).toEqual([]);
  });

  it('GIVEN a diff of the attribute as a whole WHEN its keys are asked THEN whole', () => {
    expect(changedKeys(step('/tags', '/tags/team'), 'tags')).toBe('whole');
  });

  it("GIVEN the planner's change for a bucket WHEN decoded THEN it names exactly the parts that differ (lifecycle rules by id)", () => {
    const desired = desiredBucket('b', {
      region: 'eu-west-1',
      versioning: 'Enabled',
      lifecycle: [lifecycleRule({ id: 'keep' }), lifecycleRule({ id: 'new', expiration: { days: 7 } })],
      tags: {},
    });
    const live = emptyBucketAttrs('eu-west-1', {
      versioning: 'Enabled',
      lifecycle: [lifecycleRule({ id: 'keep' })],
    });
    const change = plannedChange(desired, { status: 'present', attrs: live });
    expect([...changedFields(change)]).toEqual(['lifecycle']);
    expect([...(changedKeys(change, 'lifecycle') as Set<string>)]).toEqual(['new']);
  });
});

describe('tagWrites', () => {
  it('GIVEN changed tag keys WHEN decoded THEN desired ones are set to their desired value, the others removed; unchanged keys are left alone', () => {
    expect(
      tagWrites(step('/tags/a', '/tags/gone'), { a: '2', same: 'x' }, { a: '1', gone: 'y', same: 'x' }),
    ).toEqual({ set: { a: '2' }, remove: ['gone'] });
  });

  it('GIVEN the tags replaced as a whole WHEN decoded THEN every desired tag is set and every live key not desired removed', () => {
    expect(tagWrites(step('/tags'), { a: '1' }, { b: '2' })).toEqual({ set: { a: '1' }, remove: ['b'] });
  });
});
