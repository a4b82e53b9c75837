/**
 * The S3 adapter against the strict emulator (moto + test/emulator), in three regions: seed through the
 * SDK, read through the adapter, compare with the expected normalised attrs; absent and unreadable
 * paths; apply round trip.
 *
 * The seed is valid for AWS itself: the replica buckets exist (versioned) before replication points at
 * them, and lifecycle expirations come after their transitions (the emulator refuses otherwise, as S3
 * does). The emulator returns what was put, so fields moto 5.2.1 lost (NewerNoncurrentVersions,
 * DeleteMarkerReplication Enabled, inventory IncludedObjectVersions) are asserted on the read-back.
 */
import { Readable } from 'node:stream';
import {
  CreateBucketCommand,
  PutBucketInventoryConfigurationCommand,
  PutBucketLifecycleConfigurationCommand,
  PutBucketReplicationCommand,
  PutBucketTaggingCommand,
  PutBucketVersioningCommand,
  PutObjectLockConfigurationCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AnyClient, ClientPool } from '../../src/adapters/aws-config.js';
import { s3BucketAdapter } from '../../src/adapters/s3/index.js';
import type { ReadContext, WriteContext } from '../../src/adapters/types.js';
import type { S3BucketAttrs } from '../../src/model/attrs.js';
import { canonicalPolicy } from '../../src/model/policy.js';
import type { DesiredResource } from '../../src/model/state.js';
import { desiredBucket, emptyBucketAttrs, lifecycleRule, replicationRule } from '../adapters/s3/builders.js';
import { applyPlanned } from '../support/apply-step.js';
import { ACCOUNT, motoAwsOptions, useMoto, withoutEmulatorDelays } from '../support/moto.js';

useMoto();

const ROLE = `arn:aws:iam::${ACCOUNT}:role/service-role/s3crr_role_for_mne-media-prod_to_crr-media-prod`;

/** Commands sent with their input (top of the stack: once per command, before serialisation). */
const sent: { operation: string; input: Record<string, unknown> }[] = [];
/** Buckets whose GetBucketReplication answers 403 AccessDenied (deserialised by the real SDK). */
const denyReplicationFor = new Set<string>();

type Mw = (
  next: (a: unknown) => Promise<unknown>,
  c: { commandName?: string },
) => (a: unknown) => Promise<unknown>;
function instrument(client: AnyClient, service: string): void {
  if (service !== 's3') return;
  const stack = (client as unknown as { middlewareStack: { add(m: Mw, o: object): void } }).middlewareStack;
  stack.add(
    (next, context) => async (args) => {
      const input = (args as { input: Record<string, unknown> }).input;
      sent.push({ operation: (context.commandName ?? '').replace(/Command$/, ''), input });
      return next(args);
    },
    { step: 'initialize', priority: 'high', name: 's3TestRecorder' },
  );
  stack.add(
    (next, context) => async (args) => {
      const input = (args as { input: { Bucket?: string } }).input;
      if (
        context.commandName === 'GetBucketReplicationCommand' &&
        denyReplicationFor.has(input.Bucket ?? '')
      ) {
        const body = `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>AccessDenied</Code><Message>Access Denied</Message><RequestId>inj</RequestId></Error>`;
        return {
          response: {
            statusCode: 403,
            reason: '',
            headers: { 'content-type': 'application/xml' },
            body: Readable.from([Buffer.from(body)]),
          },
        };
      }
      return next(args);
    },
    { step: 'deserialize', priority: 'low', name: 's3TestAccessDenied' },
  );
}

let pool: ClientPool;
let readCtx: ReadContext;
const s3 = (region: string): S3Client => pool.get('s3', region);

function writeContext(): WriteContext & { mutations: string[] } {
  const mutations: string[] = [];
  return {
    ...readCtx,
    mutations,
    mutate: async (service, operation, address, call) => {
      mutations.push(`${service}:${operation}:${address}`);
      return call();
    },
  };
}

async function readOne(r: DesiredResource<'s3.bucket'>) {
  const out = await s3BucketAdapter.read(readCtx, [r]);
  return out.get(r.address);
}

/** The managed fields of `desired` picked from `live` (what "read equals desired" means). */
function managedPart(live: S3BucketAttrs, desired: S3BucketAttrs): Partial<S3BucketAttrs> {
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(desired) as (keyof S3BucketAttrs)[]) out[k] = live[k];
  return out;
}

beforeAll(async () => {
  // The guide's buckets as they were long before the tool runs: seeded without propagation delays.
  await withoutEmulatorDelays(seed);
});

async function seed(): Promise<void> {
  pool = new ClientPool(motoAwsOptions({ onClient: instrument }));
  readCtx = { pool, account: ACCOUNT, concurrency: 4 };

  // eu-west-3: the media replica, with Object Lock from creation (which turns versioning on) and an
  // inventory. Created first: S3 refuses replication to a bucket that does not exist.
  const w3 = s3('eu-west-3');
  await w3.send(
    new CreateBucketCommand({
      Bucket: 'mne-media-replica',
      CreateBucketConfiguration: { LocationConstraint: 'eu-west-3' },
      ObjectLockEnabledForBucket: true,
    }),
  );

  // eu-west-1: the media source with the guide's "before" lifecycle and replication.
  const w1 = s3('eu-west-1');
  await w1.send(
    new CreateBucketCommand({
      Bucket: 'mne-media-prod',
      CreateBucketConfiguration: { LocationConstraint: 'eu-west-1' },
    }),
  );
  await w1.send(
    new PutBucketVersioningCommand({
      Bucket: 'mne-media-prod',
      VersioningConfiguration: { Status: 'Enabled' },
    }),
  );
  await w1.send(
    new PutBucketLifecycleConfigurationCommand({
      Bucket: 'mne-media-prod',
      LifecycleConfiguration: {
        Rules: [
          {
            ID: 'noncurrent-180d',
            Status: 'Enabled',
            Filter: {},
            NoncurrentVersionExpiration: { NoncurrentDays: 180 },
          },
          {
            ID: 'tmp-cleanup',
            Status: 'Disabled',
            Filter: {
              And: {
                Prefix: 'tmp/',
                Tags: [
                  { Key: 'b', Value: '2' },
                  { Key: 'a', Value: '1' },
                ],
              },
            },
            Expiration: { Days: 120 }, // after the last transition (90 days), as S3 requires
            AbortIncompleteMultipartUpload: { DaysAfterInitiation: 3 },
            Transitions: [
              { Days: 90, StorageClass: 'DEEP_ARCHIVE' },
              { Days: 30, StorageClass: 'GLACIER' },
            ],
          },
        ],
      },
    }),
  );
  await w1.send(
    new PutBucketReplicationCommand({
      Bucket: 'mne-media-prod',
      ReplicationConfiguration: {
        Role: ROLE,
        Rules: [
          {
            ID: 'paris-replica',
            Priority: 1,
            Status: 'Enabled',
            Filter: {},
            DeleteMarkerReplication: { Status: 'Disabled' },
            Destination: { Bucket: 'arn:aws:s3:::mne-media-replica', StorageClass: 'DEEP_ARCHIVE' },
          },
        ],
      },
    }),
  );
  await w1.send(
    new PutBucketTaggingCommand({
      Bucket: 'mne-media-prod',
      Tagging: {
        TagSet: [
          { Key: 'team', Value: 'sre' },
          { Key: 'app', Value: 'mnemonica' },
        ],
      },
    }),
  );

  await w3.send(
    new PutObjectLockConfigurationCommand({
      Bucket: 'mne-media-replica',
      ObjectLockConfiguration: {
        ObjectLockEnabled: 'Enabled',
        Rule: { DefaultRetention: { Mode: 'GOVERNANCE', Days: 180 } },
      },
    }),
  );
  await w3.send(
    new PutBucketInventoryConfigurationCommand({
      Bucket: 'mne-media-replica',
      Id: 'mnemonica-replica-inventory',
      InventoryConfiguration: {
        Id: 'mnemonica-replica-inventory',
        IsEnabled: true,
        IncludedObjectVersions: 'All',
        Schedule: { Frequency: 'Daily' },
        Destination: {
          S3BucketDestination: {
            AccountId: ACCOUNT,
            Bucket: 'arn:aws:s3:::mne-media-replica',
            Format: 'CSV',
            Prefix: 'inventory/',
          },
        },
      },
    }),
  );

  // eu-north-1: the vault replica, versioned, nothing else.
  const n1 = s3('eu-north-1');
  await n1.send(
    new CreateBucketCommand({
      Bucket: 'mne-vault-replica',
      CreateBucketConfiguration: { LocationConstraint: 'eu-north-1' },
    }),
  );
  await n1.send(
    new PutBucketVersioningCommand({
      Bucket: 'mne-vault-replica',
      VersioningConfiguration: { Status: 'Enabled' },
    }),
  );
}

afterAll(() => pool.destroy());

describe('s3.bucket read against moto', () => {
  it('GIVEN a versioned eu-west-1 bucket with lifecycle, replication and tags WHEN read THEN the normalised attrs', async () => {
    const obs = await readOne(desiredBucket('mne-media-prod', { region: 'eu-west-1' }));
    expect(obs).toEqual({
      status: 'present',
      facts: { arn: 'arn:aws:s3:::mne-media-prod' },
      // The whole-write parts' AWS responses, kept for writes (issue 11 item 3).
      raw: { lifecycle: expect.any(Object), replication: expect.any(Object) },
      attrs: emptyBucketAttrs('eu-west-1', {
        versioning: 'Enabled',
        lifecycle: [
          lifecycleRule({ id: 'noncurrent-180d', noncurrentVersionExpiration: { noncurrentDays: 180 } }),
          lifecycleRule({
            id: 'tmp-cleanup',
            enabled: false,
            filter: { prefix: 'tmp/', tags: { a: '1', b: '2' } },
            expiration: { days: 120 },
            abortIncompleteMultipartUploadDays: 3,
            transitions: [
              { days: 30, storageClass: 'GLACIER' },
              { days: 90, storageClass: 'DEEP_ARCHIVE' },
            ],
          }),
        ],
        replication: {
          role: ROLE,
          rules: [
            replicationRule({
              id: 'paris-replica',
              priority: 1,
              destination: { bucket: 'arn:aws:s3:::mne-media-replica', storageClass: 'DEEP_ARCHIVE' },
            }),
          ],
        },
        tags: { app: 'mnemonica', team: 'sre' },
      }),
    });
  });

  it('GIVEN an eu-west-3 bucket created with Object Lock and an inventory WHEN read THEN lock (Years 0 dropped) and inventory', async () => {
    const obs = await readOne(desiredBucket('mne-media-replica', { region: 'eu-west-3' }));
    expect(obs).toEqual({
      status: 'present',
      facts: { arn: 'arn:aws:s3:::mne-media-replica' },
      // The whole-write parts' AWS responses, kept for writes (issue 11 item 3).
      raw: { inventory: expect.any(Array) },
      attrs: emptyBucketAttrs('eu-west-3', {
        versioning: 'Enabled',
        objectLock: { defaultRetention: { mode: 'GOVERNANCE', days: 180 } },
        inventory: [
          {
            id: 'mnemonica-replica-inventory',
            enabled: true,
            destination: {
              bucket: 'arn:aws:s3:::mne-media-replica',
              accountId: ACCOUNT,
              format: 'CSV',
              prefix: 'inventory/',
            },
            includedObjectVersions: 'All',
            frequency: 'Daily',
            optionalFields: [],
          },
        ],
      }),
    });
  });

  it('GIVEN three buckets in three regions and one missing WHEN read in one call THEN one observation each, missing is absent', async () => {
    const resources = [
      desiredBucket('mne-media-prod', { region: 'eu-west-1' }),
      desiredBucket('mne-media-replica', { region: 'eu-west-3' }),
      desiredBucket('mne-vault-replica', { region: 'eu-north-1' }),
      desiredBucket('mne-never-created', { region: 'eu-west-1' }),
    ];
    const out = await s3BucketAdapter.read(readCtx, resources);
    expect([...out.keys()].sort()).toEqual(resources.map((r) => r.address).sort());
    expect(out.get('s3.bucket/mne-never-created')).toEqual({ status: 'absent' });
    const vault = out.get('s3.bucket/mne-vault-replica');
    expect(vault?.status === 'present' && vault.attrs).toEqual(
      emptyBucketAttrs('eu-north-1', { versioning: 'Enabled' }),
    );
  });

  it('GIVEN GetBucketReplication answers 403 AccessDenied WHEN read THEN that bucket is unreadable, the others still read', async () => {
    denyReplicationFor.add('mne-media-prod');
    try {
      const out = await s3BucketAdapter.read(readCtx, [
        desiredBucket('mne-media-prod', { region: 'eu-west-1' }),
        desiredBucket('mne-vault-replica', { region: 'eu-north-1' }),
      ]);
      const denied = out.get('s3.bucket/mne-media-prod');
      expect(denied).toMatchObject({ status: 'unreadable', code: 'AccessDenied' });
      expect(denied?.status === 'unreadable' && denied.reason).toBe(
        'GetBucketReplication: access denied (AccessDenied)',
      );
      expect(out.get('s3.bucket/mne-vault-replica')?.status).toBe('present');
    } finally {
      denyReplicationFor.clear();
    }
  });

  it('GIVEN a read of every bucket WHEN it runs THEN no mutating S3 call was sent', async () => {
    sent.length = 0;
    await s3BucketAdapter.read(readCtx, [
      desiredBucket('mne-media-prod', { region: 'eu-west-1' }),
      desiredBucket('mne-media-replica', { region: 'eu-west-3' }),
    ]);
    expect(sent.length).toBeGreaterThan(0);
    expect(sent.filter((s) => !/^(Get|List|Head)/.test(s.operation))).toEqual([]);
  });
});

describe('s3.bucket apply round trip against moto', () => {
  const desired = (name: string, region: string) =>
    desiredBucket(name, {
      region,
      versioning: 'Enabled',
      // Sorted by id, as the spec loader gives them.
      lifecycle: [
        lifecycleRule({
          id: 'logs',
          filter: { prefix: 'logs/' },
          expiration: { days: 60 },
          transitions: [{ days: 30, storageClass: 'STANDARD_IA' }], // S3: at least 30 days before IA
        }),
        lifecycleRule({
          id: 'noncurrent-180d',
          noncurrentVersionExpiration: { noncurrentDays: 180 },
          abortIncompleteMultipartUploadDays: 180,
        }),
      ],
      replication: {
        role: ROLE,
        rules: [
          replicationRule({
            id: `${name}-copy`,
            priority: 1,
            destination: { bucket: 'arn:aws:s3:::mne-vault-replica', storageClass: 'DEEP_ARCHIVE' },
            metrics: true,
          }),
        ],
      },
      objectLock: { defaultRetention: { mode: 'GOVERNANCE', days: 30 } },
      inventory: [
        {
          id: 'daily',
          enabled: true,
          destination: { bucket: `arn:aws:s3:::${name}`, format: 'CSV', prefix: 'inventory/' },
          includedObjectVersions: 'All',
          frequency: 'Daily',
          optionalFields: [],
        },
      ],
      tags: { owner: 'platform' },
    });

  for (const [name, region] of [
    ['rt-created-west3', 'eu-west-3'],
    ['rt-created-north1', 'eu-north-1'],
  ] as const) {
    it(`GIVEN no bucket ${name} in ${region} WHEN applied twice THEN read equals desired, and the second apply is unchanged with zero mutate calls`, async () => {
      const want = desired(name, region);
      const first = writeContext();
      expect(await applyPlanned(s3BucketAdapter, first, want)).toBe('applied');
      expect(first.mutations.map((m) => m.split(':')[1])).toEqual([
        'CreateBucket',
        'PutObjectLockConfiguration',
        'PutBucketLifecycleConfiguration',
        'PutBucketReplication',
        'PutBucketInventoryConfiguration',
        'PutBucketTagging',
      ]);
      const obs = await readOne(want);
      expect(obs?.status).toBe('present');
      if (obs?.status !== 'present') return;
      expect(managedPart(obs.attrs, want.attrs)).toEqual(want.attrs);

      const second = writeContext();
      sent.length = 0;
      expect(await applyPlanned(s3BucketAdapter, second, want)).toBe('unchanged');
      expect(second.mutations).toEqual([]);
      expect(sent.filter((s) => !/^(Get|List|Head)/.test(s.operation))).toEqual([]);
    });
  }

  it('GIVEN the guide source bucket with 180-day retention WHEN applied with 35 days THEN only the lifecycle is written, once', async () => {
    const want = desiredBucket('mne-media-prod', {
      region: 'eu-west-1',
      versioning: 'Enabled',
      lifecycle: [
        lifecycleRule({ id: 'noncurrent-35d', noncurrentVersionExpiration: { noncurrentDays: 35 } }),
      ],
    });
    const ctx = writeContext();
    expect(await applyPlanned(s3BucketAdapter, ctx, want)).toBe('applied');
    expect(ctx.mutations).toEqual(['s3:PutBucketLifecycleConfiguration:s3.bucket/mne-media-prod']);
    const obs = await readOne(want);
    expect(obs?.status === 'present' && obs.attrs.lifecycle).toEqual(want.attrs.lifecycle);
    expect(obs?.status === 'present' && obs.attrs.replication?.rules[0]?.id).toBe('paris-replica');
  });

  it('GIVEN fields moto 5.2.1 dropped (NewerNoncurrentVersions, DeleteMarkerReplication Enabled) WHEN applied THEN the requests carry them and they read back', async () => {
    const want = desiredBucket('mne-vault-replica', {
      region: 'eu-north-1',
      lifecycle: [
        lifecycleRule({
          id: 'keep-3',
          noncurrentVersionExpiration: { noncurrentDays: 180, newerNoncurrentVersions: 3 },
        }),
      ],
      replication: {
        role: ROLE,
        rules: [
          replicationRule({
            id: 'back',
            priority: 2,
            destination: { bucket: 'arn:aws:s3:::mne-media-prod', storageClass: 'STANDARD' },
            deleteMarkerReplication: true,
          }),
        ],
      },
    });
    sent.length = 0;
    await applyPlanned(s3BucketAdapter, writeContext(), want);
    const lifecycle = sent.find((s) => s.operation === 'PutBucketLifecycleConfiguration');
    expect(lifecycle?.input).toMatchObject({
      LifecycleConfiguration: {
        Rules: [
          { ID: 'keep-3', NoncurrentVersionExpiration: { NoncurrentDays: 180, NewerNoncurrentVersions: 3 } },
        ],
      },
    });
    const replication = sent.find((s) => s.operation === 'PutBucketReplication');
    expect(replication?.input).toMatchObject({
      ReplicationConfiguration: {
        Rules: [
          { ID: 'back', Priority: 2, Filter: { Prefix: '' }, DeleteMarkerReplication: { Status: 'Enabled' } },
        ],
      },
    });
    const obs = await readOne(want);
    expect(obs?.status === 'present' && obs.attrs.lifecycle).toEqual(want.attrs.lifecycle);
    expect(obs?.status === 'present' && obs.attrs.replication).toEqual(want.attrs.replication);
  });

  it('GIVEN Object Lock desired on an existing versioned (empty) bucket WHEN applied THEN PutObjectLockConfiguration enables it', async () => {
    const want = desiredBucket('mne-vault-replica', {
      region: 'eu-north-1',
      objectLock: { defaultRetention: { mode: 'GOVERNANCE', days: 180 } },
    });
    const ctx = writeContext();
    expect(await applyPlanned(s3BucketAdapter, ctx, want)).toBe('applied');
    expect(ctx.mutations).toEqual(['s3:PutObjectLockConfiguration:s3.bucket/mne-vault-replica']);
    const obs = await readOne(want);
    expect(obs?.status === 'present' && obs.attrs.objectLock).toEqual(want.attrs.objectLock);
  });
});

describe('s3.bucket whole writes keep what the spec does not manage (issue 11 item 3), against the emulator', () => {
  const KEY = `arn:aws:kms:eu-west-3:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
  const DEST = 'arn:aws:s3:::keep-dst';

  it('GIVEN SSE-KMS replication with an AccessControlTranslation, a dated transition, a minimum object size and an encrypted inventory set by hand WHEN the spec changes other fields THEN they are all still there after the apply', async () => {
    const w1 = s3('eu-west-1');
    const w3 = s3('eu-west-3');
    await w3.send(
      new CreateBucketCommand({
        Bucket: 'keep-dst',
        CreateBucketConfiguration: { LocationConstraint: 'eu-west-3' },
      }),
    );
    // seeded state that existed long before the tool runs: versioning already in effect
    await withoutEmulatorDelays(() =>
      w3.send(
        new PutBucketVersioningCommand({
          Bucket: 'keep-dst',
          VersioningConfiguration: { Status: 'Enabled' },
        }),
      ),
    );
    await w1.send(
      new CreateBucketCommand({
        Bucket: 'keep-src',
        CreateBucketConfiguration: { LocationConstraint: 'eu-west-1' },
      }),
    );
    // seeded state that existed long before the tool runs: versioning already in effect
    await withoutEmulatorDelays(() =>
      w1.send(
        new PutBucketVersioningCommand({
          Bucket: 'keep-src',
          VersioningConfiguration: { Status: 'Enabled' },
        }),
      ),
    );
    const rawRule = {
      ID: 'kms',
      Priority: 0,
      Status: 'Enabled' as const,
      Filter: { Prefix: '' },
      DeleteMarkerReplication: { Status: 'Disabled' as const },
      SourceSelectionCriteria: {
        SseKmsEncryptedObjects: { Status: 'Enabled' as const },
        ReplicaModifications: { Status: 'Enabled' as const },
      },
      Destination: {
        Bucket: DEST,
        StorageClass: 'STANDARD' as const,
        Account: ACCOUNT,
        AccessControlTranslation: { Owner: 'Destination' as const },
        EncryptionConfiguration: { ReplicaKmsKeyID: KEY },
      },
    };
    await w1.send(
      new PutBucketReplicationCommand({
        Bucket: 'keep-src',
        ReplicationConfiguration: { Role: ROLE, Rules: [rawRule] },
      }),
    );
    const dated = { Date: new Date('2031-01-01T00:00:00.000Z'), StorageClass: 'GLACIER' as const };
    await w1.send(
      new PutBucketLifecycleConfigurationCommand({
        Bucket: 'keep-src',
        TransitionDefaultMinimumObjectSize: 'varies_by_storage_class',
        LifecycleConfiguration: {
          Rules: [
            {
              ID: 'old',
              Status: 'Enabled',
              Filter: { Prefix: '' },
              NoncurrentVersionExpiration: { NoncurrentDays: 180 },
              Transitions: [dated],
            },
          ],
        },
      }),
    );
    const encryptedInventory = {
      Id: 'inv',
      IsEnabled: true,
      Destination: {
        S3BucketDestination: { Bucket: DEST, Format: 'CSV' as const, Encryption: { SSES3: {} } },
      },
      IncludedObjectVersions: 'Current' as const,
      Schedule: { Frequency: 'Daily' as const },
    };
    await w1.send(
      new PutBucketInventoryConfigurationCommand({
        Bucket: 'keep-src',
        Id: 'inv',
        InventoryConfiguration: encryptedInventory,
      }),
    );

    // The spec models SSE-KMS replication (so it is not drift) but not the rest.
    const want = desiredBucket('keep-src', {
      region: 'eu-west-1',
      replication: {
        role: ROLE,
        rules: [
          replicationRule({
            id: 'kms',
            destination: { bucket: DEST, storageClass: 'STANDARD', account: ACCOUNT, replicaKmsKeyId: KEY },
            sourceSelectionCriteria: { sseKmsEncryptedObjects: true, replicaModifications: true },
            metrics: true, // the change
          }),
        ],
      },
      lifecycle: [lifecycleRule({ id: 'old', noncurrentVersionExpiration: { noncurrentDays: 35 } })],
      inventory: [
        {
          id: 'inv',
          enabled: true,
          destination: { bucket: DEST, format: 'CSV' },
          includedObjectVersions: 'Current',
          frequency: 'Weekly', // the change
          optionalFields: [],
        },
      ],
    });
    const ctx = writeContext();
    expect(await applyPlanned(s3BucketAdapter, ctx, want)).toBe('applied');
    expect(ctx.mutations.map((m) => m.split(':')[1])).toEqual([
      'PutBucketLifecycleConfiguration',
      'PutBucketReplication',
      'PutBucketInventoryConfiguration',
    ]);

    // Read back through the SDK itself: what AWS now holds.
    const after = await readOne(want);
    expect(after?.status === 'present' && managedPart(after.attrs, want.attrs)).toEqual(want.attrs);
    const raw = after?.status === 'present' ? after.raw : undefined;
    expect(raw?.replication).toEqual({
      Role: ROLE,
      Rules: [
        {
          ...rawRule,
          Destination: { ...rawRule.Destination, Metrics: { Status: 'Enabled' } },
        },
      ],
    });
    expect(raw?.lifecycle).toMatchObject({
      TransitionDefaultMinimumObjectSize: 'varies_by_storage_class',
      Rules: [
        {
          ID: 'old',
          NoncurrentVersionExpiration: { NoncurrentDays: 35 },
          Transitions: [{ Date: '2031-01-01T00:00:00.000Z', StorageClass: 'GLACIER' }],
        },
      ],
    });
    expect(raw?.inventory).toEqual([{ ...encryptedInventory, Schedule: { Frequency: 'Weekly' } }]);
    // Converged: a second apply writes nothing.
    expect(await applyPlanned(s3BucketAdapter, writeContext(), want)).toBe('unchanged');
  });
});

describe('s3.bucket policy against the emulator (issue 11 item 7)', () => {
  it('GIVEN the inventory delivery policy declared WHEN applied THEN PutBucketPolicy, it reads back canonical-equal, a second apply writes nothing, and null deletes it', async () => {
    const w3 = s3('eu-west-3');
    await w3.send(
      new CreateBucketCommand({
        Bucket: 'policy-dst',
        CreateBucketConfiguration: { LocationConstraint: 'eu-west-3' },
      }),
    );
    // Canonical, as the spec loader gives it (src/model/policy.ts).
    const policy = canonicalPolicy({
      Version: '2012-10-17',
      Statement: [
        {
          Sid: 'AllowS3InventoryDelivery',
          Effect: 'Allow',
          Principal: { Service: 's3.amazonaws.com' },
          Action: ['s3:PutObject'],
          Resource: ['arn:aws:s3:::policy-dst/inventory/*'],
          Condition: {
            ArnLike: { 'aws:SourceArn': ['arn:aws:s3:::policy-dst'] },
            StringEquals: { 'aws:SourceAccount': [ACCOUNT] },
          },
        },
      ],
    });
    const before = await readOne(desiredBucket('policy-dst', { region: 'eu-west-3', policy: null }));
    expect(before?.status === 'present' && before.attrs.policy).toBeNull(); // NoSuchBucketPolicy

    const want = desiredBucket('policy-dst', { region: 'eu-west-3', policy });
    const ctx = writeContext();
    expect(await applyPlanned(s3BucketAdapter, ctx, want)).toBe('applied');
    expect(ctx.mutations).toEqual(['s3:PutBucketPolicy:s3.bucket/policy-dst']);
    const after = await readOne(want);
    expect(after?.status === 'present' && after.attrs.policy).toEqual(policy);
    expect(await applyPlanned(s3BucketAdapter, writeContext(), want)).toBe('unchanged');

    const none = desiredBucket('policy-dst', { region: 'eu-west-3', policy: null });
    const del = writeContext();
    expect(await applyPlanned(s3BucketAdapter, del, none)).toBe('applied');
    expect(del.mutations).toEqual(['s3:DeleteBucketPolicy:s3.bucket/policy-dst']);
    const gone = await readOne(none);
    expect(gone?.status === 'present' && gone.attrs.policy).toBeNull();
  });
});
