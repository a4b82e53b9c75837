/**
 * The strict emulator's S3 rules, through the JS SDK (test/emulator/strict_moto/s3, README there):
 * what S3 refuses in PutBucketReplication and PutBucketLifecycleConfiguration (error code and message
 * as the SDK surfaces them), the fields that now read back as they were written, inventory deletion,
 * bucket tag limits, and the versioning propagation delay.
 */
import {
  CopyObjectCommand,
  DeleteBucketInventoryConfigurationCommand,
  DeleteObjectCommand,
  GetBucketInventoryConfigurationCommand,
  GetBucketLifecycleConfigurationCommand,
  GetBucketReplicationCommand,
  GetObjectCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  type LifecycleRule,
  ListBucketInventoryConfigurationsCommand,
  PutBucketInventoryConfigurationCommand,
  PutBucketLifecycleConfigurationCommand,
  PutBucketReplicationCommand,
  PutBucketTaggingCommand,
  PutBucketVersioningCommand,
  PutObjectCommand,
  type ReplicationRule,
  RestoreObjectCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ClientPool } from '../../src/adapters/aws-config.js';
import { bucket, REPLICATION_ROLE, refusal, v2Rule } from '../support/emulator-builders.js';
import {
  ACCOUNT,
  advanceEmulatorClock,
  motoAwsOptions,
  setEmulatorConfig,
  useMoto,
} from '../support/moto.js';

useMoto();

const pool = new ClientPool(motoAwsOptions());
afterAll(() => pool.destroy());
const s3 = (region = 'eu-west-1'): S3Client => pool.get('s3', region);

function putReplication(source: string, rules: ReplicationRule[]) {
  return s3().send(
    new PutBucketReplicationCommand({
      Bucket: source,
      ReplicationConfiguration: { Role: REPLICATION_ROLE, Rules: rules },
    }),
  );
}

function putLifecycle(name: string, rules: LifecycleRule[], region = 'eu-west-1') {
  return s3(region).send(
    new PutBucketLifecycleConfigurationCommand({ Bucket: name, LifecycleConfiguration: { Rules: rules } }),
  );
}

const DESTINATION = 'emu-replica';

beforeAll(async () => {
  // This file tests the emulator's rules with the SDK directly: no propagation delay unless a test
  // sets one (the harness default is AWS-like, test/support/moto-global.ts HARNESS_DELAYS).
  await setEmulatorConfig({
    iamPropagationSeconds: 0,
    s3VersioningPropagationSeconds: 0,
    rdsOutageSeconds: 0,
  });
  await bucket(s3(), 'emu-source', 'eu-west-1');
  await bucket(s3('eu-west-3'), DESTINATION, 'eu-west-3');
  await bucket(s3('eu-west-3'), 'emu-unversioned', 'eu-west-3', { versioned: false });
});

describe('PutBucketReplication: what S3 refuses', () => {
  it('GIVEN Metrics.EventThreshold without RTC WHEN put THEN InvalidArgument (the threshold belongs to S3 RTC)', async () => {
    const rule = v2Rule(DESTINATION, {
      Destination: {
        Bucket: `arn:aws:s3:::${DESTINATION}`,
        Metrics: { Status: 'Enabled', EventThreshold: { Minutes: 15 } },
      },
    });
    expect(await refusal(putReplication('emu-source', [rule]))).toEqual({
      name: 'InvalidArgument',
      message:
        'Rule to-replica: Metrics.EventThreshold is only valid when ReplicationTime (S3 RTC) is enabled',
      status: 400,
    });
  });

  it('GIVEN ReplicationTime enabled without Metrics WHEN put THEN InvalidArgument (RTC needs metrics)', async () => {
    const rule = v2Rule(DESTINATION, {
      Destination: {
        Bucket: `arn:aws:s3:::${DESTINATION}`,
        ReplicationTime: { Status: 'Enabled', Time: { Minutes: 15 } },
      },
    });
    expect(await refusal(putReplication('emu-source', [rule]))).toMatchObject({
      name: 'InvalidArgument',
      message: 'Rule to-replica: ReplicationTime requires Metrics with Status Enabled',
    });
  });

  it('GIVEN an RTC threshold other than 15 minutes WHEN put THEN InvalidArgument', async () => {
    const rule = v2Rule(DESTINATION, {
      Destination: {
        Bucket: `arn:aws:s3:::${DESTINATION}`,
        Metrics: { Status: 'Enabled', EventThreshold: { Minutes: 30 } },
        ReplicationTime: { Status: 'Enabled', Time: { Minutes: 15 } },
      },
    });
    expect(await refusal(putReplication('emu-source', [rule]))).toMatchObject({
      name: 'InvalidArgument',
      message: 'Rule to-replica: Metrics.EventThreshold.Minutes must be 15',
    });
  });

  it('GIVEN a V2 rule (with Filter) without DeleteMarkerReplication WHEN put THEN InvalidRequest with AWS wording', async () => {
    const { DeleteMarkerReplication: _dmr, ...rule } = v2Rule(DESTINATION);
    expect(await refusal(putReplication('emu-source', [rule]))).toEqual({
      name: 'InvalidRequest',
      message:
        'DeleteMarkerReplication must be specified for this version of Cross Region Replication configuration schema. Please refer to S3 Developer Guide for more information.',
      status: 400,
    });
  });

  it('GIVEN a destination bucket that does not exist WHEN put THEN InvalidRequest "Destination bucket must exist."', async () => {
    expect(await refusal(putReplication('emu-source', [v2Rule('emu-nowhere')]))).toMatchObject({
      name: 'InvalidRequest',
      message: 'Destination bucket must exist.',
    });
  });

  it('GIVEN a destination without versioning WHEN put THEN InvalidRequest "Destination bucket must have versioning enabled."', async () => {
    expect(await refusal(putReplication('emu-source', [v2Rule('emu-unversioned')]))).toMatchObject({
      name: 'InvalidRequest',
      message: 'Destination bucket must have versioning enabled.',
    });
  });

  it('GIVEN a source without versioning WHEN put THEN InvalidRequest "Versioning must be \'Enabled\' ..."', async () => {
    await bucket(s3(), 'emu-source-unversioned', 'eu-west-1', { versioned: false });
    expect(await refusal(putReplication('emu-source-unversioned', [v2Rule(DESTINATION)]))).toMatchObject({
      name: 'InvalidRequest',
      message: "Versioning must be 'Enabled' on the bucket to apply a replication configuration",
    });
  });
});

describe('PutBucketReplication: what it accepts, and reads back as written', () => {
  it('GIVEN metrics alone, and RTC with metrics and their 15-minute thresholds WHEN put THEN both are accepted', async () => {
    const metricsOnly = v2Rule(DESTINATION, {
      ID: 'metrics-only',
      Priority: 1,
      Destination: { Bucket: `arn:aws:s3:::${DESTINATION}`, Metrics: { Status: 'Enabled' } },
    });
    const rtc = v2Rule(DESTINATION, {
      ID: 'rtc',
      Priority: 2,
      Filter: { Prefix: 'hot/' },
      Destination: {
        Bucket: `arn:aws:s3:::${DESTINATION}`,
        Metrics: { Status: 'Enabled', EventThreshold: { Minutes: 15 } },
        ReplicationTime: { Status: 'Enabled', Time: { Minutes: 15 } },
      },
    });
    await putReplication('emu-source', [metricsOnly, rtc]);
    const got = await s3().send(new GetBucketReplicationCommand({ Bucket: 'emu-source' }));
    expect(got.ReplicationConfiguration?.Rules).toEqual([metricsOnly, rtc]);
  });

  it('GIVEN SSE-KMS selection criteria, existing-object replication, encryption, owner override, account and delete markers WHEN put THEN every field reads back (moto 5.2.1 lost them)', async () => {
    const rule = v2Rule(DESTINATION, {
      DeleteMarkerReplication: { Status: 'Enabled' },
      Filter: { And: { Prefix: 'docs/', Tags: [{ Key: 'replicate', Value: 'yes' }] } },
      SourceSelectionCriteria: {
        SseKmsEncryptedObjects: { Status: 'Enabled' },
        ReplicaModifications: { Status: 'Enabled' },
      },
      ExistingObjectReplication: { Status: 'Enabled' },
      Destination: {
        Bucket: `arn:aws:s3:::${DESTINATION}`,
        StorageClass: 'DEEP_ARCHIVE',
        Account: ACCOUNT,
        AccessControlTranslation: { Owner: 'Destination' },
        EncryptionConfiguration: { ReplicaKmsKeyID: `arn:aws:kms:eu-west-3:${ACCOUNT}:key/replica-key` },
        Metrics: { Status: 'Enabled' },
      },
    });
    await putReplication('emu-source', [rule]);
    const got = await s3().send(new GetBucketReplicationCommand({ Bucket: 'emu-source' }));
    expect(got.ReplicationConfiguration).toEqual({ Role: REPLICATION_ROLE, Rules: [rule] });
  });
});

describe('versioning propagation (eventual consistency)', () => {
  afterEach(async () => {
    await setEmulatorConfig({ s3VersioningPropagationSeconds: 0 });
  });

  it('GIVEN a propagation delay of 20 s WHEN replication is put right after enabling the destination versioning THEN refused; 21 s later accepted', async () => {
    await setEmulatorConfig({ s3VersioningPropagationSeconds: 20 });
    await bucket(s3('eu-west-3'), 'emu-fresh-replica', 'eu-west-3');
    expect(await refusal(putReplication('emu-source', [v2Rule('emu-fresh-replica')]))).toMatchObject({
      name: 'InvalidRequest',
      message: 'Destination bucket must have versioning enabled.',
    });
    await advanceEmulatorClock(21);
    await putReplication('emu-source', [v2Rule('emu-fresh-replica')]);
  });
});

describe('PutBucketLifecycleConfiguration: what S3 refuses', () => {
  it('GIVEN an expiration not after a transition WHEN put THEN InvalidArgument with the filter in AWS wording', async () => {
    const rule: LifecycleRule = {
      ID: 'logs',
      Status: 'Enabled',
      Filter: { Prefix: 'logs/' },
      Transitions: [{ Days: 90, StorageClass: 'GLACIER' }],
      Expiration: { Days: 90 },
    };
    expect(await refusal(putLifecycle('emu-source', [rule]))).toEqual({
      name: 'InvalidArgument',
      message:
        "'Days' in the Expiration action for filter '(prefix=logs/)' must be greater than 'Days' in the Transition action",
      status: 400,
    });
  });

  it('GIVEN a noncurrent expiration not after a noncurrent transition WHEN put THEN InvalidArgument', async () => {
    const rule: LifecycleRule = {
      ID: 'noncurrent',
      Status: 'Enabled',
      Filter: { Prefix: '' },
      NoncurrentVersionTransitions: [{ NoncurrentDays: 60, StorageClass: 'GLACIER' }],
      NoncurrentVersionExpiration: { NoncurrentDays: 35 },
    };
    expect(await refusal(putLifecycle('emu-source', [rule]))).toMatchObject({
      name: 'InvalidArgument',
      message:
        "'NoncurrentDays' in the NoncurrentVersionExpiration action for filter '(prefix=)' must be greater than 'NoncurrentDays' in the NoncurrentVersionTransition action",
    });
  });

  it('GIVEN a transition to STANDARD_IA before 30 days WHEN put THEN InvalidArgument', async () => {
    const rule: LifecycleRule = {
      ID: 'ia',
      Status: 'Enabled',
      Filter: { Prefix: '' },
      Transitions: [{ Days: 7, StorageClass: 'STANDARD_IA' }],
    };
    expect(await refusal(putLifecycle('emu-source', [rule]))).toMatchObject({
      name: 'InvalidArgument',
      message:
        "'Days' in Transition action must be greater than or equal to 30 for storageClass 'STANDARD_IA'",
    });
  });
});

describe('PutBucketLifecycleConfiguration: fields that read back as written', () => {
  it('GIVEN NewerNoncurrentVersions, an object-size filter and a transition default WHEN put THEN they read back (moto 5.2.1 dropped them)', async () => {
    const rules: LifecycleRule[] = [
      {
        ID: 'keep-3',
        Status: 'Enabled',
        Filter: { And: { Prefix: 'media/', ObjectSizeGreaterThan: 131072 } },
        NoncurrentVersionTransitions: [
          { NoncurrentDays: 30, StorageClass: 'GLACIER', NewerNoncurrentVersions: 5 },
        ],
        NoncurrentVersionExpiration: { NoncurrentDays: 35, NewerNoncurrentVersions: 3 },
      },
    ];
    await s3().send(
      new PutBucketLifecycleConfigurationCommand({
        Bucket: 'emu-source',
        LifecycleConfiguration: { Rules: rules },
        TransitionDefaultMinimumObjectSize: 'varies_by_storage_class',
      }),
    );
    const got = await s3().send(new GetBucketLifecycleConfigurationCommand({ Bucket: 'emu-source' }));
    expect(got.Rules).toEqual(rules);
    expect(got.TransitionDefaultMinimumObjectSize).toBe('varies_by_storage_class');
  });
});

describe('inventory', () => {
  const inventory = (id: string, versions: 'All' | 'Current') =>
    new PutBucketInventoryConfigurationCommand({
      Bucket: DESTINATION,
      Id: id,
      InventoryConfiguration: {
        Id: id,
        IsEnabled: true,
        IncludedObjectVersions: versions,
        Schedule: { Frequency: 'Weekly' },
        OptionalFields: ['Size', 'ETag'],
        Destination: {
          S3BucketDestination: { Bucket: `arn:aws:s3:::${DESTINATION}`, Format: 'CSV', Prefix: 'inv/' },
        },
      },
    });

  it('GIVEN IncludedObjectVersions Current WHEN put THEN it reads back Current, with its optional fields (moto 5.2.1 answered All)', async () => {
    await s3('eu-west-3').send(inventory('current-only', 'Current'));
    const got = await s3('eu-west-3').send(
      new GetBucketInventoryConfigurationCommand({ Bucket: DESTINATION, Id: 'current-only' }),
    );
    expect(got.InventoryConfiguration).toMatchObject({
      IncludedObjectVersions: 'Current',
      OptionalFields: ['Size', 'ETag'],
    });
  });

  it('GIVEN two inventories WHEN one is deleted THEN only it is gone and the bucket stays (moto 5.2.1 deleted the bucket)', async () => {
    await s3('eu-west-3').send(inventory('all-versions', 'All'));
    await s3('eu-west-3').send(
      new DeleteBucketInventoryConfigurationCommand({ Bucket: DESTINATION, Id: 'current-only' }),
    );
    const left = await s3('eu-west-3').send(
      new ListBucketInventoryConfigurationsCommand({ Bucket: DESTINATION }),
    );
    expect(left.InventoryConfigurationList?.map((i) => [i.Id, i.IncludedObjectVersions])).toEqual([
      ['all-versions', 'All'],
    ]);
    await s3('eu-west-3').send(new HeadBucketCommand({ Bucket: DESTINATION }));
  });
});

describe('bucket tags', () => {
  it('GIVEN a tag key of 129 characters WHEN put THEN InvalidTag "too long, max 128"', async () => {
    const put = s3().send(
      new PutBucketTaggingCommand({
        Bucket: 'emu-source',
        Tagging: { TagSet: [{ Key: 'k'.repeat(129), Value: 'v' }] },
      }),
    );
    expect(await refusal(put)).toMatchObject({
      name: 'InvalidTag',
      message: 'The TagKey you have provided is too long, max 128',
    });
  });

  it('GIVEN a tag value of 257 characters WHEN put THEN InvalidTag "too long, max 256"', async () => {
    const put = s3().send(
      new PutBucketTaggingCommand({
        Bucket: 'emu-source',
        Tagging: { TagSet: [{ Key: 'k', Value: 'v'.repeat(257) }] },
      }),
    );
    expect(await refusal(put)).toMatchObject({
      name: 'InvalidTag',
      message: 'The TagValue you have provided is too long, max 256',
    });
  });

  it('GIVEN a key with the reserved aws: prefix WHEN put THEN InvalidTag', async () => {
    const put = s3().send(
      new PutBucketTaggingCommand({
        Bucket: 'emu-source',
        Tagging: { TagSet: [{ Key: 'aws:owner', Value: 'me' }] },
      }),
    );
    expect(await refusal(put)).toMatchObject({ name: 'InvalidTag' });
  });

  it('GIVEN the longest allowed key and value WHEN put THEN accepted', async () => {
    await s3().send(
      new PutBucketTaggingCommand({
        Bucket: 'emu-source',
        Tagging: { TagSet: [{ Key: 'k'.repeat(128), Value: 'v'.repeat(256) }] },
      }),
    );
  });
});

describe('suspended versioning', () => {
  it('GIVEN the destination versioning suspended WHEN replication is put THEN refused as unversioned', async () => {
    await s3('eu-west-3').send(
      new PutBucketVersioningCommand({
        Bucket: DESTINATION,
        VersioningConfiguration: { Status: 'Suspended' },
      }),
    );
    expect(await refusal(putReplication('emu-source', [v2Rule(DESTINATION)]))).toMatchObject({
      name: 'InvalidRequest',
      message: 'Destination bucket must have versioning enabled.',
    });
  });
});

describe('conditional writes (the apply lock relies on them)', () => {
  it('GIVEN 12 concurrent PutObject If-None-Match: * of one key WHEN sent THEN exactly one succeeds, the others get 412 PreconditionFailed', async () => {
    await bucket(s3(), 'emu-locks', 'eu-west-1');
    const results = await Promise.allSettled(
      Array.from({ length: 12 }, (_, i) =>
        s3().send(
          new PutObjectCommand({
            Bucket: 'emu-locks',
            Key: 'race.lock',
            Body: `writer ${i}`,
            IfNoneMatch: '*',
          }),
        ),
      ),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const codes = results.flatMap((r) => (r.status === 'rejected' ? [(r.reason as Error).name] : []));
    expect(new Set(codes)).toEqual(new Set(['PreconditionFailed']));
  });

  it('GIVEN an object WHEN overwritten or deleted with another ETag THEN 412, and with its own ETag THEN done', async () => {
    await bucket(s3(), 'emu-locks-2', 'eu-west-1');
    const put = await s3().send(new PutObjectCommand({ Bucket: 'emu-locks-2', Key: 'k', Body: 'one' }));
    await expect(
      s3().send(new PutObjectCommand({ Bucket: 'emu-locks-2', Key: 'k', Body: 'two', IfMatch: '"0000"' })),
    ).rejects.toMatchObject({ name: 'PreconditionFailed' });
    await expect(
      s3().send(new DeleteObjectCommand({ Bucket: 'emu-locks-2', Key: 'k', IfMatch: '"0000"' })),
    ).rejects.toMatchObject({ name: 'PreconditionFailed' });
    const again = await s3().send(
      new PutObjectCommand({ Bucket: 'emu-locks-2', Key: 'k', Body: 'two', IfMatch: put.ETag as string }),
    );
    await s3().send(
      new DeleteObjectCommand({ Bucket: 'emu-locks-2', Key: 'k', IfMatch: again.ETag as string }),
    );
    await expect(s3().send(new GetObjectCommand({ Bucket: 'emu-locks-2', Key: 'k' }))).rejects.toMatchObject({
      name: 'NoSuchKey',
    });
  });
});

describe('archive restores take time (s3ArchiveRestoreSeconds, emulator clock)', () => {
  afterEach(async () => {
    await setEmulatorConfig({ s3ArchiveRestoreSeconds: 0 });
  });

  it('GIVEN a Deep Archive object WHEN its restore is requested THEN it is in progress and cannot be copied until the delay has passed', async () => {
    await bucket(s3(), 'archive-restore-src', 'eu-west-1');
    await bucket(s3(), 'archive-restore-dst', 'eu-west-1');
    await s3().send(
      new PutObjectCommand({
        Bucket: 'archive-restore-src',
        Key: 'k',
        Body: 'v',
        StorageClass: 'DEEP_ARCHIVE',
      }),
    );
    await setEmulatorConfig({ s3ArchiveRestoreSeconds: 3600 });
    await s3().send(
      new RestoreObjectCommand({
        Bucket: 'archive-restore-src',
        Key: 'k',
        RestoreRequest: { Days: 1, GlacierJobParameters: { Tier: 'Standard' } },
      }),
    );
    const copy = () =>
      s3().send(
        new CopyObjectCommand({
          Bucket: 'archive-restore-dst',
          Key: 'k',
          CopySource: 'archive-restore-src/k',
        }),
      );
    expect(
      (await s3().send(new HeadObjectCommand({ Bucket: 'archive-restore-src', Key: 'k' }))).Restore,
    ).toBe('ongoing-request="true"');
    // moto's error name for it (AWS answers InvalidObjectState); either way the copy is refused.
    expect((await refusal(copy())).name).toMatch(/InvalidObjectState|ObjectNotInActiveTier/);
    await advanceEmulatorClock(3601);
    const head = await s3().send(new HeadObjectCommand({ Bucket: 'archive-restore-src', Key: 'k' }));
    expect(head.Restore).toMatch(/^ongoing-request="false", expiry-date=/);
    await copy();
  });
});
