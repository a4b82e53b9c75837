/**
 * Whole-configuration S3 writes keep what the spec does not manage (issue 11 item 3): the
 * PutBucketReplication / PutBucketLifecycleConfiguration / PutBucketInventoryConfiguration requests
 * start from the raw configuration the plan read and change only the managed fields. Before the fix,
 * a metrics change rewrote the replication rule from the normalised attrs and dropped
 * SourceSelectionCriteria (SSE-KMS objects stopped replicating) and AccessControlTranslation.
 */
import { describe, expect, it } from 'vitest';
import { applyBucket } from '../../../src/adapters/s3/apply.js';
import { mergeInventory, mergeLifecycle, mergeReplication } from '../../../src/adapters/s3/denormalize.js';
import { normalizeReplication } from '../../../src/adapters/s3/normalize.js';
import { keepUnmanaged } from '../../../src/adapters/unmanaged.js';
import type { InventoryConfig, S3BucketAttrs } from '../../../src/model/attrs.js';
import { compareManaged } from '../../../src/planner/field-diff.js';
import { FakePool } from '../../support/fake-aws.js';
import { recordingWriteContext } from '../iam/support.js';
import { desiredBucket, emptyBucketAttrs, lifecycleRule, replicationRule } from './builders.js';

const ROLE = 'arn:aws:iam::828879644785:role/service-role/replication';
const KEY = 'arn:aws:kms:eu-west-3:828879644785:key/1234abcd-12ab-34cd-56ef-1234567890ab';

/** A replication rule as AWS returns it, with fields the tool does not model. */
const RAW_REPLICATION = {
  Role: ROLE,
  Rules: [
    {
      ID: 'paris-replica',
      Priority: 0,
      Status: 'Enabled',
      Filter: { Prefix: '' },
      DeleteMarkerReplication: { Status: 'Disabled' },
      SourceSelectionCriteria: {
        SseKmsEncryptedObjects: { Status: 'Enabled' },
        ReplicaModifications: { Status: 'Disabled' },
      },
      Destination: {
        Bucket: 'arn:aws:s3:::mne-media-replica',
        StorageClass: 'DEEP_ARCHIVE',
        Account: '111122223333',
        AccessControlTranslation: { Owner: 'Destination' },
        EncryptionConfiguration: { ReplicaKmsKeyID: KEY },
      },
    },
  ],
};

describe('keepUnmanaged', () => {
  it('GIVEN raw fields listed as managed, nested and unlisted WHEN merged THEN managed ones come from the request, unlisted from raw, nested ones merge', () => {
    const merged = keepUnmanaged(
      { A: 1, B: { x: 1, y: 2 }, C: 'kept', D: { only: 'raw' } },
      { A: 2, B: { x: 5 } },
      { A: true, B: { x: true, y: true }, D: { only: true } },
    );
    expect(merged).toEqual({ A: 2, B: { x: 5 }, C: 'kept' });
  });

  it('GIVEN no raw configuration (a create) WHEN merged THEN the managed request as it is', () => {
    expect(keepUnmanaged(undefined, { A: 1 }, { A: true })).toEqual({ A: 1 });
  });
});

describe('mergeReplication', () => {
  const live = normalizeReplication(RAW_REPLICATION as never);
  if (!live) throw new Error('fixture');

  it('GIVEN SSE-KMS replication and an AccessControlTranslation set outside the spec WHEN metrics are turned on THEN both are written back and only Metrics changes', () => {
    const rule = live.rules[0];
    if (!rule) throw new Error('fixture');
    const config = mergeReplication({ ...live, rules: [{ ...rule, metrics: true }] }, RAW_REPLICATION);
    expect(config.Rules?.[0]).toEqual({
      ...RAW_REPLICATION.Rules[0],
      Destination: { ...RAW_REPLICATION.Rules[0]?.Destination, Metrics: { Status: 'Enabled' } },
    });
  });

  it('GIVEN the modelled SSE-KMS fields WHEN read THEN normalised as sourceSelectionCriteria and replicaKmsKeyId', () => {
    expect(live.rules[0]?.sourceSelectionCriteria).toEqual({
      sseKmsEncryptedObjects: true,
      replicaModifications: false,
    });
    expect(live.rules[0]?.destination.replicaKmsKeyId).toBe(KEY);
  });

  it('GIVEN the spec drops the destination account WHEN merged THEN the kept AccessControlTranslation goes too (only valid with Account)', () => {
    const rule = live.rules[0];
    if (!rule) throw new Error('fixture');
    const { account: _a, ...destination } = rule.destination;
    const config = mergeReplication({ ...live, rules: [{ ...rule, destination }] }, RAW_REPLICATION);
    expect(config.Rules?.[0]?.Destination).not.toHaveProperty('AccessControlTranslation');
    expect(config.Rules?.[0]?.Destination).not.toHaveProperty('Account');
  });

  it('GIVEN a spec that declares sseKmsEncryptedObjects false WHEN planned against SSE-KMS replication THEN the plan shows it (managed, never silent)', () => {
    const rule = live.rules[0];
    if (!rule) throw new Error('fixture');
    const { sourceSelectionCriteria: _s, ...without } = rule;
    const { fieldDiffs } = compareManaged(
      's3.bucket',
      { region: 'eu-west-1', replication: { ...live, rules: [without] } },
      { region: 'eu-west-1', replication: live },
    );
    expect(fieldDiffs.map((d) => d.path)).toEqual([
      '/replication/rules/paris-replica/sourceSelectionCriteria',
    ]);
  });
});

describe('mergeLifecycle', () => {
  const raw = {
    TransitionDefaultMinimumObjectSize: 'varies_by_storage_class',
    Rules: [
      {
        ID: 'noncurrent',
        Status: 'Enabled',
        Filter: { Prefix: '' },
        NoncurrentVersionExpiration: { NoncurrentDays: 180 },
        Transitions: [{ Date: '2030-01-01T00:00:00.000Z', StorageClass: 'GLACIER' }],
      },
    ],
  };

  it('GIVEN a date-based transition and TransitionDefaultMinimumObjectSize WHEN the noncurrent days change THEN both are sent back (the date as a Date)', () => {
    const write = mergeLifecycle(
      [lifecycleRule({ id: 'noncurrent', noncurrentVersionExpiration: { noncurrentDays: 35 } })],
      raw,
    );
    expect(write.TransitionDefaultMinimumObjectSize).toBe('varies_by_storage_class');
    expect(write.LifecycleConfiguration.Rules).toEqual([
      {
        ID: 'noncurrent',
        Status: 'Enabled',
        Filter: { Prefix: '' },
        NoncurrentVersionExpiration: { NoncurrentDays: 35 },
        Transitions: [{ Date: new Date('2030-01-01T00:00:00.000Z'), StorageClass: 'GLACIER' }],
      },
    ]);
  });
});

describe('mergeInventory', () => {
  it("GIVEN an inventory whose destination is encrypted (not modelled) WHEN its frequency changes THEN the destination's Encryption is kept", () => {
    const config: InventoryConfig = {
      id: 'inv',
      enabled: true,
      destination: { bucket: 'arn:aws:s3:::dest', format: 'CSV' },
      includedObjectVersions: 'Current',
      frequency: 'Weekly',
      optionalFields: [],
    };
    const raw = [
      {
        Id: 'inv',
        IsEnabled: true,
        Destination: {
          S3BucketDestination: { Bucket: 'arn:aws:s3:::dest', Format: 'CSV', Encryption: { SSES3: {} } },
        },
        IncludedObjectVersions: 'Current',
        Schedule: { Frequency: 'Daily' },
      },
    ];
    expect(mergeInventory(config, raw)).toEqual({
      ...raw[0],
      Schedule: { Frequency: 'Weekly' },
    });
  });
});

/** The configuration the one PutBucketReplication call sent. */
function sentReplication(pool: FakePool): typeof RAW_REPLICATION {
  const put = pool.calls.find((c) => c.operation === 'PutBucketReplication');
  if (!put) throw new Error('no PutBucketReplication call');
  return (put.input as { ReplicationConfiguration: typeof RAW_REPLICATION }).ReplicationConfiguration;
}

describe('applyBucket keeps unmanaged fields', () => {
  it('GIVEN an observation with the raw replication WHEN the plan changes metrics THEN PutBucketReplication carries SourceSelectionCriteria and EncryptionConfiguration', async () => {
    const live = normalizeReplication(RAW_REPLICATION as never);
    const rule = live?.rules[0];
    if (!live || !rule) throw new Error('fixture');
    const wanted: S3BucketAttrs = {
      region: 'eu-west-1',
      replication: { ...live, rules: [{ ...rule, metrics: true }] },
    };
    const pool = new FakePool();
    await applyBucket(recordingWriteContext(pool), {
      desired: desiredBucket('mne-media-prod', wanted),
      observation: {
        status: 'present',
        attrs: emptyBucketAttrs('eu-west-1', { replication: live }),
        raw: { replication: RAW_REPLICATION },
      },
      change: {
        action: 'update',
        fieldDiffs: [
          {
            path: '/replication/rules/paris-replica/metrics',
            before: false,
            after: true,
            forcesReplacement: false,
          },
        ],
      },
    });
    const sent = sentReplication(pool);
    expect(sent.Rules[0]?.SourceSelectionCriteria).toEqual(RAW_REPLICATION.Rules[0]?.SourceSelectionCriteria);
    expect(sent.Rules[0]?.Destination).toMatchObject({
      EncryptionConfiguration: { ReplicaKmsKeyID: KEY },
      AccessControlTranslation: { Owner: 'Destination' },
      Metrics: { Status: 'Enabled' },
    });
  });

  it('GIVEN a restore (desired.raw from the backup) WHEN applied THEN the saved raw configuration is the base, not the live one', async () => {
    const pool = new FakePool();
    const base = replicationRule({ id: 'paris-replica', destinationBucket: 'mne-media-replica' });
    const rule = { ...base, destination: { ...base.destination, account: '111122223333' } };
    await applyBucket(recordingWriteContext(pool), {
      desired: {
        ...desiredBucket('mne-media-prod', {
          region: 'eu-west-1',
          replication: { role: ROLE, rules: [rule] },
        }),
        raw: { replication: RAW_REPLICATION },
      },
      observation: {
        status: 'present',
        attrs: emptyBucketAttrs('eu-west-1'),
        raw: {},
      },
      change: {
        action: 'update',
        fieldDiffs: [{ path: '/replication', before: null, after: {}, forcesReplacement: false }],
      },
    });
    const sent = sentReplication(pool);
    expect(sent.Rules[0]?.Destination).toMatchObject({ AccessControlTranslation: { Owner: 'Destination' } });
    // Managed fields are the desired ones: the saved key is not in the desired attrs, so not sent.
    expect(sent.Rules[0]?.Destination).not.toHaveProperty('EncryptionConfiguration');
  });
});
