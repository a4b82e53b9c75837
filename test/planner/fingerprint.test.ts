import { describe, expect, it } from 'vitest';
import { fingerprintLive, planChanges } from '../../src/planner/index.js';
import { bucketAttrs, CREATED_AT, desiredState, liveState, present, resource } from './builders.js';

const bucket = resource('s3.bucket', 'b', bucketAttrs());

describe('planner: live fingerprint', () => {
  it('GIVEN the same observations in another key order THEN the fingerprint is the same', () => {
    const a = liveState({ [bucket.address]: present(bucketAttrs()) });
    const attrs = bucketAttrs() as unknown as Record<string, unknown>;
    const reversed = Object.fromEntries(
      Object.keys(attrs)
        .reverse()
        .map((k) => [k, attrs[k]]),
    );
    expect(Object.keys(reversed)).not.toEqual(Object.keys(attrs));
    const reordered = liveState({ [bucket.address]: present(reversed as never) });
    expect(fingerprintLive(a, [bucket.address])).toBe(fingerprintLive(reordered, [bucket.address]));
  });

  it('GIVEN a live attribute changes THEN the plan fingerprint changes; GIVEN only facts change THEN it does not', () => {
    const desired = desiredState(bucket);
    const base = planChanges(
      desired,
      liveState({ [bucket.address]: present(bucketAttrs(), { arn: 'arn:aws:s3:::b' }) }),
      { createdAt: CREATED_AT },
    );
    const moved = planChanges(
      desired,
      liveState({ [bucket.address]: present(bucketAttrs({ versioning: 'Suspended' })) }),
      { createdAt: CREATED_AT },
    );
    const facts = planChanges(
      desired,
      liveState({ [bucket.address]: present(bucketAttrs(), { arn: 'arn:aws:s3:::b', stateValue: 'ALARM' }) }),
      { createdAt: CREATED_AT },
    );
    expect(moved.liveFingerprint).not.toBe(base.liveFingerprint);
    expect(facts.liveFingerprint).toBe(base.liveFingerprint);
  });

  it('GIVEN undeclared live resources THEN they do not affect the fingerprint unless pruned', () => {
    const desired = desiredState(bucket);
    const one = liveState({ [bucket.address]: present(bucketAttrs()) });
    const extra = liveState({
      ...one.resources,
      'sns.topic/eu-west-1/tmp-x': present({ region: 'eu-west-1' }),
    });
    expect(planChanges(desired, extra, { createdAt: CREATED_AT }).liveFingerprint).toBe(
      planChanges(desired, one, { createdAt: CREATED_AT }).liveFingerprint,
    );
    expect(
      planChanges(desired, extra, { createdAt: CREATED_AT, prunePrefixes: ['tmp-'] }).liveFingerprint,
    ).not.toBe(planChanges(desired, one, { createdAt: CREATED_AT }).liveFingerprint);
  });

  it('GIVEN a field the spec does not manage WHEN it differs (full snapshot vs managed-only read) THEN the fingerprint is the same', () => {
    const managedOnly = resource('s3.bucket', 'b', { region: 'eu-west-1', versioning: 'Enabled' });
    const desired = desiredState(managedOnly);
    const full = liveState({ [managedOnly.address]: present(bucketAttrs({ versioning: 'Enabled' })) });
    const partial = liveState({
      [managedOnly.address]: present({ region: 'eu-west-1', versioning: 'Enabled' }),
    });
    expect(planChanges(desired, full, { createdAt: CREATED_AT }).liveFingerprint).toBe(
      planChanges(desired, partial, { createdAt: CREATED_AT }).liveFingerprint,
    );
    const suspended = liveState({
      [managedOnly.address]: present({ region: 'eu-west-1', versioning: 'Suspended' }),
    });
    expect(planChanges(desired, suspended, { createdAt: CREATED_AT }).liveFingerprint).not.toBe(
      planChanges(desired, full, { createdAt: CREATED_AT }).liveFingerprint,
    );
  });
});
