import { describe, expect, it } from 'vitest';
import { lintDesired } from '../../src/lint/index.js';
import { bucket, desiredState, lifecycleRule, replicated } from './desired-builders.js';

const findings = (state: ReturnType<typeof desiredState>, ruleId: string) =>
  lintDesired(state).filter((f) => f.ruleId === ruleId);
const MIN = 's3-storage-class-min-duration';

describe('lint rule s3-storage-class-min-duration', () => {
  it('GIVEN current versions moved to GLACIER at day 30 and expired at day 60 WHEN linted THEN a warning counts the 60 days paid for nothing', () => {
    const state = desiredState([
      bucket('logs', {
        lifecycle: [
          lifecycleRule({
            id: 'archive',
            transitions: [{ days: 30, storageClass: 'GLACIER' }],
            expiration: { days: 60 },
          }),
        ],
      }),
    ]);
    const found = findings(state, MIN);
    expect(found).toHaveLength(1);
    expect(found[0]?.severity).toBe('warning');
    expect(found[0]?.message).toContain('GLACIER bills at least 90 days, so 60 more days');
  });

  it('GIVEN noncurrent versions in DEEP_ARCHIVE for 100 days WHEN they expire THEN a warning (Deep Archive bills 180)', () => {
    const state = desiredState([
      bucket('b', {
        lifecycle: [
          lifecycleRule({
            noncurrentVersionTransitions: [{ noncurrentDays: 1, storageClass: 'DEEP_ARCHIVE' }],
            noncurrentVersionExpiration: { noncurrentDays: 101 },
          }),
        ],
      }),
    ]);
    expect(findings(state, MIN)[0]?.message).toContain(
      'noncurrent versions move to DEEP_ARCHIVE at day 1 and expire at day 101',
    );
  });

  it('GIVEN STANDARD_IA for 10 days before GLACIER WHEN linted THEN the IA minimum of 30 is flagged', () => {
    const state = desiredState([
      bucket('b', {
        lifecycle: [
          lifecycleRule({
            transitions: [
              { days: 30, storageClass: 'STANDARD_IA' },
              { days: 40, storageClass: 'GLACIER' },
            ],
          }),
        ],
      }),
    ]);
    expect(findings(state, MIN)[0]?.message).toContain('STANDARD_IA bills at least 30 days');
  });

  it('GIVEN replicas land in DEEP_ARCHIVE and the replica bucket expires noncurrent versions after 35 days WHEN linted THEN the source bucket gets a warning', () => {
    const state = desiredState([
      replicated('media', 'media-replica', {
        destination: { bucket: 'arn:aws:s3:::media-replica', storageClass: 'DEEP_ARCHIVE' },
      }),
      bucket('media-replica', {
        region: 'eu-west-3',
        lifecycle: [lifecycleRule({ noncurrentVersionExpiration: { noncurrentDays: 35 } })],
      }),
    ]);
    const found = findings(state, MIN);
    expect(found.map((f) => f.address)).toEqual(['s3.bucket/media']);
    expect(found[0]?.message).toContain('DEEP_ARCHIVE bills at least 180 days');
  });

  it("GIVEN the guide's replica (DEEP_ARCHIVE, noncurrent 180 days, no current expiration) WHEN linted THEN the rule is quiet", () => {
    const state = desiredState([
      replicated('media', 'media-replica', {
        destination: { bucket: 'arn:aws:s3:::media-replica', storageClass: 'DEEP_ARCHIVE' },
      }),
      bucket('media-replica', {
        region: 'eu-west-3',
        lifecycle: [lifecycleRule({ noncurrentVersionExpiration: { noncurrentDays: 180 } })],
      }),
      bucket('logs', {
        lifecycle: [
          lifecycleRule({ transitions: [{ days: 30, storageClass: 'GLACIER' }], expiration: { days: 120 } }),
        ],
      }),
    ]);
    expect(findings(state, MIN)).toEqual([]);
  });

  it('GIVEN a disabled lifecycle rule with short stays WHEN linted THEN the rule is quiet (nothing happens)', () => {
    const state = desiredState([
      bucket('b', {
        lifecycle: [
          lifecycleRule({
            enabled: false,
            transitions: [{ days: 30, storageClass: 'GLACIER' }],
            expiration: { days: 31 },
          }),
        ],
      }),
    ]);
    expect(findings(state, MIN)).toEqual([]);
  });
});

describe('lint rule s3-object-lock-one-way', () => {
  it('GIVEN a bucket declaring Object Lock GOVERNANCE 180 days WHEN linted THEN an info finding says it is one-way', () => {
    const state = desiredState([
      bucket('replica', { objectLock: { defaultRetention: { mode: 'GOVERNANCE', days: 180 } } }),
    ]);
    const found = findings(state, 's3-object-lock-one-way');
    expect(found).toHaveLength(1);
    expect(found[0]?.severity).toBe('info');
    expect(found[0]?.message).toContain('can never be turned off');
    expect(found[0]?.message).toContain('180 days in GOVERNANCE mode');
  });

  it('GIVEN COMPLIANCE mode WHEN linted THEN it is a warning (nobody can delete early)', () => {
    const state = desiredState([
      bucket('r', { objectLock: { defaultRetention: { mode: 'COMPLIANCE', years: 1 } } }),
    ]);
    expect(findings(state, 's3-object-lock-one-way').map((f) => f.severity)).toEqual(['warning']);
  });

  it('GIVEN no Object Lock (null) or an unmanaged one WHEN linted THEN the rule is quiet', () => {
    expect(
      findings(desiredState([bucket('a', { objectLock: null }), bucket('b')]), 's3-object-lock-one-way'),
    ).toEqual([]);
  });
});

describe('lint rule s3-inventory-destination-policy (issue 11 item 7)', () => {
  const RULE = 's3-inventory-destination-policy';
  const ACCOUNT = '828879644785';
  const inventory = (dest: string) => [
    {
      id: 'daily',
      enabled: true,
      destination: { bucket: `arn:aws:s3:::${dest}`, format: 'CSV' as const, prefix: 'inventory/' },
      includedObjectVersions: 'Current' as const,
      frequency: 'Daily' as const,
      optionalFields: [],
    },
  ];
  const delivery = (over: Record<string, unknown> = {}) => ({
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Principal: { Service: 's3.amazonaws.com' },
        Action: ['s3:PutObject'],
        Resource: ['arn:aws:s3:::reports/inventory/*'],
        Condition: {
          ArnLike: { 'aws:SourceArn': ['arn:aws:s3:::media'] },
          StringEquals: { 'aws:SourceAccount': [ACCOUNT], 's3:x-amz-acl': ['bucket-owner-full-control'] },
        },
        ...over,
      },
    ],
  });

  it('GIVEN a destination bucket with no policy WHEN linted THEN an error on the source naming the missing permission and the fix', () => {
    const found = findings(
      desiredState([
        bucket('media', { inventory: inventory('reports') }),
        bucket('reports', { policy: null }),
      ]),
      RULE,
    );
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ address: 's3.bucket/media', severity: 'error' });
    expect(found[0]?.message).toContain('reports, whose bucket has no policy');
    expect(found[0]?.fixHint).toContain('Principal {"Service": "s3.amazonaws.com"}');
  });

  it('GIVEN a destination whose policy the spec does not manage WHEN linted THEN a warning (it may have been set by hand)', () => {
    const found = findings(
      desiredState([bucket('media', { inventory: inventory('reports') }), bucket('reports')]),
      RULE,
    );
    expect(found.map((f) => f.severity)).toEqual(['warning']);
  });

  it('GIVEN the documented delivery policy on the destination WHEN linted THEN nothing', () => {
    expect(
      findings(
        desiredState([
          bucket('media', { inventory: inventory('reports') }),
          bucket('reports', { policy: delivery() }),
        ]),
        RULE,
      ),
    ).toEqual([]);
  });

  it('GIVEN a policy for another source bucket, or for another prefix WHEN linted THEN an error each time', () => {
    for (const policy of [
      delivery({ Condition: { ArnLike: { 'aws:SourceArn': ['arn:aws:s3:::other'] } } }),
      delivery({ Resource: ['arn:aws:s3:::reports/elsewhere/*'] }),
      delivery({ Principal: { Service: 'logging.s3.amazonaws.com' } }),
    ]) {
      const found = findings(
        desiredState([bucket('media', { inventory: inventory('reports') }), bucket('reports', { policy })]),
        RULE,
      );
      expect(found.map((f) => f.severity)).toEqual(['error']);
    }
  });

  it('GIVEN a destination in another region WHEN linted THEN an error: S3 delivers inventories in the source region only', () => {
    const found = findings(
      desiredState([
        bucket('media', { inventory: inventory('reports') }),
        bucket('reports', { region: 'eu-west-3', policy: delivery() }),
      ]),
      RULE,
    );
    expect(found[0]?.message).toContain('in eu-west-3');
  });

  it('GIVEN a disabled inventory or an undeclared destination WHEN linted THEN nothing to judge', () => {
    const disabled = inventory('reports').map((c) => ({ ...c, enabled: false }));
    expect(
      findings(
        desiredState([bucket('media', { inventory: disabled }), bucket('reports', { policy: null })]),
        RULE,
      ),
    ).toEqual([]);
    expect(findings(desiredState([bucket('media', { inventory: inventory('elsewhere') })]), RULE)).toEqual(
      [],
    );
  });
});
