/**
 * Each normalisation removes a perpetual diff: two AWS shapes that mean the same configuration must
 * normalise to equal attrs (and a real difference must survive).
 */
import { describe, expect, it } from 'vitest';
import {
  normalizeFilter,
  normalizeInventory,
  normalizeLifecycle,
  normalizeObjectLock,
  normalizeRegion,
  normalizeReplication,
  normalizeTags,
  normalizeVersioning,
} from '../../../src/adapters/s3/normalize.js';
import { canonicalText, sameCanonical } from '../../../src/model/canonical.js';
import { lifecycleRule, replicationRule } from './builders.js';

describe('normalizeRegion', () => {
  it('GIVEN no LocationConstraint, "" or the legacy "EU" WHEN normalised THEN they are us-east-1 / eu-west-1', () => {
    expect(normalizeRegion(undefined)).toBe('us-east-1');
    expect(normalizeRegion('')).toBe('us-east-1');
    expect(normalizeRegion('EU')).toBe('eu-west-1');
    expect(normalizeRegion('eu-west-3')).toBe('eu-west-3');
  });
});

describe('normalizeVersioning', () => {
  it('GIVEN a never-versioned bucket (no Status) WHEN normalised THEN it is Disabled, not undefined', () => {
    expect(normalizeVersioning(undefined)).toBe('Disabled');
    expect(normalizeVersioning('Suspended')).toBe('Suspended');
    expect(normalizeVersioning('Enabled')).toBe('Enabled');
  });
});

describe('normalizeFilter (lifecycle filter forms)', () => {
  it('GIVEN empty Filter, Prefix "", legacy top-level Prefix "" and no filter WHEN normalised THEN all are the whole-bucket {}', () => {
    const forms = [
      normalizeFilter({}),
      normalizeFilter({ Prefix: '' }),
      normalizeFilter(undefined, ''),
      normalizeFilter(undefined),
      normalizeFilter({ And: { Prefix: '' } }),
    ];
    for (const f of forms) expect(f).toEqual({});
  });

  it('GIVEN a legacy top-level Prefix and a Filter.Prefix with the same value WHEN normalised THEN they are equal', () => {
    expect(normalizeFilter(undefined, 'logs/')).toEqual(normalizeFilter({ Prefix: 'logs/' }));
    expect(normalizeFilter({ Prefix: 'logs/' })).toEqual({ prefix: 'logs/' });
  });

  it('GIVEN a single Tag and an And with one Tag WHEN normalised THEN both are the same tags map', () => {
    const single = normalizeFilter({ Tag: { Key: 'k', Value: 'v' } });
    const and = normalizeFilter({ And: { Tags: [{ Key: 'k', Value: 'v' }] } });
    expect(single).toEqual({ tags: { k: 'v' } });
    expect(and).toEqual(single);
  });

  it('GIVEN And tags in two orders WHEN normalised THEN the canonical forms are equal', () => {
    const a = normalizeFilter({
      And: {
        Prefix: 'x/',
        Tags: [
          { Key: 'a', Value: '1' },
          { Key: 'b', Value: '2' },
        ],
      },
    });
    const b = normalizeFilter({
      And: {
        Prefix: 'x/',
        Tags: [
          { Key: 'b', Value: '2' },
          { Key: 'a', Value: '1' },
        ],
      },
    });
    expect(canonicalText(a)).toBe(canonicalText(b));
    expect(a).toEqual({ prefix: 'x/', tags: { a: '1', b: '2' } });
  });

  it('GIVEN size conditions alone or under And WHEN normalised THEN they are equal', () => {
    expect(normalizeFilter({ ObjectSizeGreaterThan: 1024 })).toEqual(
      normalizeFilter({ And: { ObjectSizeGreaterThan: 1024 } }),
    );
  });
});

describe('normalizeLifecycle', () => {
  it('GIVEN the same rules in two orders, filters in two forms WHEN normalised THEN equal (sorted by id)', () => {
    const a = normalizeLifecycle([
      { ID: 'b', Status: 'Enabled', Filter: {}, NoncurrentVersionExpiration: { NoncurrentDays: 35 } },
      { ID: 'a', Status: 'Enabled', Prefix: '', Expiration: { Days: 30 } },
    ]);
    const b = normalizeLifecycle([
      { ID: 'a', Status: 'Enabled', Filter: { Prefix: '' }, Expiration: { Days: 30 } },
      {
        ID: 'b',
        Status: 'Enabled',
        Filter: { Prefix: '' },
        NoncurrentVersionExpiration: { NoncurrentDays: 35 },
      },
    ]);
    expect(a).toEqual(b);
    expect(a).toEqual([
      lifecycleRule({ id: 'a', expiration: { days: 30 } }),
      lifecycleRule({ id: 'b', noncurrentVersionExpiration: { noncurrentDays: 35 } }),
    ]);
  });

  it('GIVEN no lifecycle configuration (NoSuchLifecycleConfiguration -> undefined) WHEN normalised THEN []', () => {
    expect(normalizeLifecycle(undefined)).toEqual([]);
  });

  it('GIVEN ExpiredObjectDeleteMarker false, or an Expiration holding nothing WHEN normalised THEN no expiration at all', () => {
    const withFalse = normalizeLifecycle([
      { ID: 'r', Status: 'Enabled', Filter: {}, Expiration: { ExpiredObjectDeleteMarker: false } },
    ]);
    const without = normalizeLifecycle([{ ID: 'r', Status: 'Enabled', Filter: {} }]);
    expect(withFalse).toEqual(without);
    expect(withFalse[0]?.expiration).toBeUndefined();
  });

  it('GIVEN transitions in any order WHEN normalised THEN sorted by days', () => {
    const [rule] = normalizeLifecycle([
      {
        ID: 'r',
        Status: 'Enabled',
        Filter: {},
        Transitions: [
          { Days: 90, StorageClass: 'DEEP_ARCHIVE' },
          { Days: 30, StorageClass: 'GLACIER' },
        ],
        NoncurrentVersionTransitions: [
          { NoncurrentDays: 60, StorageClass: 'DEEP_ARCHIVE' },
          { NoncurrentDays: 10, StorageClass: 'STANDARD_IA' },
        ],
      },
    ]);
    expect(rule?.transitions).toEqual([
      { days: 30, storageClass: 'GLACIER' },
      { days: 90, storageClass: 'DEEP_ARCHIVE' },
    ]);
    expect(rule?.noncurrentVersionTransitions.map((t) => t.noncurrentDays)).toEqual([10, 60]);
  });

  it('GIVEN an expiration Date object and its ISO form WHEN normalised THEN both are YYYY-MM-DD', () => {
    const [rule] = normalizeLifecycle([
      { ID: 'r', Status: 'Enabled', Filter: {}, Expiration: { Date: new Date('2030-01-01T00:00:00Z') } },
    ]);
    expect(rule?.expiration).toEqual({ date: '2030-01-01' });
  });

  it('GIVEN NewerNoncurrentVersions 0 and absent WHEN normalised THEN equal; a real value survives', () => {
    const zero = normalizeLifecycle([
      {
        ID: 'r',
        Status: 'Enabled',
        Filter: {},
        NoncurrentVersionExpiration: { NoncurrentDays: 35, NewerNoncurrentVersions: 0 },
      },
    ]);
    const absent = normalizeLifecycle([
      { ID: 'r', Status: 'Enabled', Filter: {}, NoncurrentVersionExpiration: { NoncurrentDays: 35 } },
    ]);
    const three = normalizeLifecycle([
      {
        ID: 'r',
        Status: 'Enabled',
        Filter: {},
        NoncurrentVersionExpiration: { NoncurrentDays: 35, NewerNoncurrentVersions: 3 },
      },
    ]);
    expect(zero).toEqual(absent);
    expect(sameCanonical(three, absent)).toBe(false);
  });

  it('GIVEN a Disabled rule WHEN normalised THEN enabled is false (a real difference survives)', () => {
    const [rule] = normalizeLifecycle([{ ID: 'r', Status: 'Disabled', Filter: {} }]);
    expect(rule?.enabled).toBe(false);
  });
});

describe('normalizeReplication (V1 vs V2 defaults)', () => {
  const role = 'arn:aws:iam::828879644785:role/r';

  it('GIVEN a V1 rule (legacy Prefix, no Filter) WHEN normalised THEN priority 0 and deleteMarkerReplication false', () => {
    const v1 = normalizeReplication({
      Role: role,
      Rules: [
        { ID: 'r', Status: 'Enabled', Prefix: '', Destination: { Bucket: 'arn:aws:s3:::replica-bucket' } },
      ],
    });
    expect(v1).toEqual({ role, rules: [replicationRule({ id: 'r' })] });
  });

  it('GIVEN the V1 rule and the V2 rule AWS treats the same (empty Filter, priority 0, delete markers off) WHEN normalised THEN equal', () => {
    const v1 = normalizeReplication({
      Role: role,
      Rules: [
        { ID: 'r', Status: 'Enabled', Prefix: '', Destination: { Bucket: 'arn:aws:s3:::replica-bucket' } },
      ],
    });
    const v2 = normalizeReplication({
      Role: role,
      Rules: [
        {
          ID: 'r',
          Priority: 0,
          Status: 'Enabled',
          Filter: {},
          DeleteMarkerReplication: { Status: 'Disabled' },
          Destination: { Bucket: 'arn:aws:s3:::replica-bucket', StorageClass: 'STANDARD' },
        },
      ],
    });
    expect(v1).toEqual(v2);
  });

  it('GIVEN a destination without StorageClass ("same as source") and one with STANDARD WHEN normalised THEN equal', () => {
    const rule = (sc?: 'STANDARD') =>
      normalizeReplication({
        Role: role,
        Rules: [
          {
            ID: 'r',
            Priority: 1,
            Status: 'Enabled',
            Filter: { Prefix: '' },
            Destination: { Bucket: 'arn:aws:s3:::x', ...(sc ? { StorageClass: sc } : {}) },
          },
        ],
      });
    expect(rule()).toEqual(rule('STANDARD'));
  });

  it('GIVEN Metrics/ReplicationTime Enabled with their 15-minute thresholds WHEN normalised THEN booleans true', () => {
    const out = normalizeReplication({
      Role: role,
      Rules: [
        {
          ID: 'paris-replica',
          Priority: 1,
          Status: 'Enabled',
          Filter: {},
          DeleteMarkerReplication: { Status: 'Enabled' },
          Destination: {
            Bucket: 'arn:aws:s3:::mne-media-replica',
            StorageClass: 'DEEP_ARCHIVE',
            Metrics: { Status: 'Enabled', EventThreshold: { Minutes: 15 } },
            ReplicationTime: { Status: 'Enabled', Time: { Minutes: 15 } },
          },
        },
      ],
    });
    expect(out?.rules[0]).toEqual(
      replicationRule({
        id: 'paris-replica',
        priority: 1,
        destination: { bucket: 'arn:aws:s3:::mne-media-replica', storageClass: 'DEEP_ARCHIVE' },
        metrics: true,
        replicationTime: true,
        deleteMarkerReplication: true,
      }),
    );
  });

  it('GIVEN Metrics Disabled and no Metrics WHEN normalised THEN both are metrics false', () => {
    const rule = (metrics: boolean) =>
      normalizeReplication({
        Role: role,
        Rules: [
          {
            ID: 'r',
            Priority: 1,
            Status: 'Enabled',
            Filter: {},
            Destination: {
              Bucket: 'arn:aws:s3:::x',
              ...(metrics ? { Metrics: { Status: 'Disabled' } } : {}),
            },
          },
        ],
      });
    expect(rule(true)).toEqual(rule(false));
  });

  it('GIVEN rules in two orders WHEN normalised THEN equal (sorted by id)', () => {
    const r = (id: string) => ({
      ID: id,
      Priority: 1,
      Status: 'Enabled' as const,
      Filter: {},
      Destination: { Bucket: 'arn:aws:s3:::x' },
    });
    expect(normalizeReplication({ Role: role, Rules: [r('b'), r('a')] })).toEqual(
      normalizeReplication({ Role: role, Rules: [r('a'), r('b')] }),
    );
  });

  it('GIVEN no replication configuration (ReplicationConfigurationNotFoundError -> undefined) WHEN normalised THEN null', () => {
    expect(normalizeReplication(undefined)).toBeNull();
  });
});

describe('normalizeObjectLock', () => {
  it("GIVEN Days 180 with moto's unused Years 0 and Days 180 alone WHEN normalised THEN equal, Years dropped", () => {
    const withZero = normalizeObjectLock({
      ObjectLockEnabled: 'Enabled',
      Rule: { DefaultRetention: { Mode: 'GOVERNANCE', Days: 180, Years: 0 } },
    });
    const alone = normalizeObjectLock({
      ObjectLockEnabled: 'Enabled',
      Rule: { DefaultRetention: { Mode: 'GOVERNANCE', Days: 180 } },
    });
    expect(withZero).toEqual(alone);
    expect(withZero).toEqual({ defaultRetention: { mode: 'GOVERNANCE', days: 180 } });
  });

  it('GIVEN Years 1 with Days 0 WHEN normalised THEN only years', () => {
    expect(
      normalizeObjectLock({
        ObjectLockEnabled: 'Enabled',
        Rule: { DefaultRetention: { Mode: 'COMPLIANCE', Days: 0, Years: 1 } },
      }),
    ).toEqual({ defaultRetention: { mode: 'COMPLIANCE', years: 1 } });
  });

  it('GIVEN lock enabled without a rule WHEN normalised THEN {} (enabled, no default retention)', () => {
    expect(normalizeObjectLock({ ObjectLockEnabled: 'Enabled' })).toEqual({});
  });

  it('GIVEN ObjectLockConfigurationNotFoundError (-> undefined) WHEN normalised THEN null', () => {
    expect(normalizeObjectLock(undefined)).toBeNull();
  });
});

describe('normalizeInventory', () => {
  const base = {
    Id: 'mnemonica-replica-inventory',
    IsEnabled: true,
    IncludedObjectVersions: 'Current' as const,
    Schedule: { Frequency: 'Daily' as const },
    Destination: {
      S3BucketDestination: {
        AccountId: '828879644785',
        Bucket: 'arn:aws:s3:::mne-media-replica',
        Format: 'CSV' as const,
        Prefix: 'inventory/',
      },
    },
  };

  it('GIVEN optional fields in two orders, and configs in two orders WHEN normalised THEN equal', () => {
    const a = normalizeInventory([
      { ...base, Id: 'z' },
      { ...base, OptionalFields: ['Size', 'ETag'] },
    ]);
    const b = normalizeInventory([
      { ...base, OptionalFields: ['ETag', 'Size'] },
      { ...base, Id: 'z' },
    ]);
    expect(a).toEqual(b);
    expect(a[0]).toEqual({
      id: 'mnemonica-replica-inventory',
      enabled: true,
      destination: {
        bucket: 'arn:aws:s3:::mne-media-replica',
        accountId: '828879644785',
        format: 'CSV',
        prefix: 'inventory/',
      },
      includedObjectVersions: 'Current',
      frequency: 'Daily',
      optionalFields: ['ETag', 'Size'],
    });
  });

  it('GIVEN an empty Filter prefix and none WHEN normalised THEN equal', () => {
    expect(normalizeInventory([{ ...base, Filter: { Prefix: '' } }])).toEqual(normalizeInventory([base]));
  });
});

describe('normalizeTags', () => {
  it('GIVEN a tag list in two orders, and NoSuchTagSet (-> undefined) WHEN normalised THEN same map / {}', () => {
    expect(
      normalizeTags([
        { Key: 'b', Value: '2' },
        { Key: 'a', Value: '1' },
      ]),
    ).toEqual({ a: '1', b: '2' });
    expect(
      canonicalText(
        normalizeTags([
          { Key: 'b', Value: '2' },
          { Key: 'a', Value: '1' },
        ]),
      ),
    ).toBe(
      canonicalText(
        normalizeTags([
          { Key: 'a', Value: '1' },
          { Key: 'b', Value: '2' },
        ]),
      ),
    );
    expect(normalizeTags(undefined)).toEqual({});
  });
});
