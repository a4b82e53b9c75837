/**
 * The S3 operations this adapter uses, declared once (see src/adapters/declared-client.ts): reads
 * (Get/List) for `read.ts` and discovery (`list.ts`), writes (put/delete/create) for `apply.ts`. Code
 * handed an {@link S3ReadClient} (read, `--plan`, `--snapshot`, `--report`, `--import`) cannot call a
 * mutating operation: it does not compile (test/adapters/s3/client.test.ts proves it).
 */
import {
  CreateBucketCommand,
  DeleteBucketInventoryConfigurationCommand,
  DeleteBucketLifecycleCommand,
  DeleteBucketPolicyCommand,
  DeleteBucketReplicationCommand,
  DeleteBucketTaggingCommand,
  GetBucketLifecycleConfigurationCommand,
  GetBucketLocationCommand,
  GetBucketPolicyCommand,
  GetBucketReplicationCommand,
  GetBucketTaggingCommand,
  GetBucketVersioningCommand,
  GetObjectLockConfigurationCommand,
  ListBucketInventoryConfigurationsCommand,
  ListBucketsCommand,
  PutBucketInventoryConfigurationCommand,
  PutBucketLifecycleConfigurationCommand,
  PutBucketPolicyCommand,
  PutBucketReplicationCommand,
  PutBucketTaggingCommand,
  PutBucketVersioningCommand,
  PutObjectLockConfigurationCommand,
} from '@aws-sdk/client-s3';
import { defineClient, type ReadClientOf, type WriteClientOf } from '../declared-client.js';

/** The S3 client declaration: what the adapter reads and what it writes. */
export const S3_CLIENT = defineClient('s3', {
  read: {
    ListBuckets: ListBucketsCommand,
    GetBucketLocation: GetBucketLocationCommand,
    GetBucketVersioning: GetBucketVersioningCommand,
    GetBucketLifecycleConfiguration: GetBucketLifecycleConfigurationCommand,
    GetBucketReplication: GetBucketReplicationCommand,
    GetObjectLockConfiguration: GetObjectLockConfigurationCommand,
    ListBucketInventoryConfigurations: ListBucketInventoryConfigurationsCommand,
    GetBucketTagging: GetBucketTaggingCommand,
    GetBucketPolicy: GetBucketPolicyCommand,
  },
  write: {
    CreateBucket: CreateBucketCommand,
    PutBucketVersioning: PutBucketVersioningCommand,
    PutBucketLifecycleConfiguration: PutBucketLifecycleConfigurationCommand,
    DeleteBucketLifecycle: DeleteBucketLifecycleCommand,
    PutBucketReplication: PutBucketReplicationCommand,
    DeleteBucketReplication: DeleteBucketReplicationCommand,
    PutObjectLockConfiguration: PutObjectLockConfigurationCommand,
    PutBucketInventoryConfiguration: PutBucketInventoryConfigurationCommand,
    DeleteBucketInventoryConfiguration: DeleteBucketInventoryConfigurationCommand,
    PutBucketPolicy: PutBucketPolicyCommand,
    DeleteBucketPolicy: DeleteBucketPolicyCommand,
    PutBucketTagging: PutBucketTaggingCommand,
    DeleteBucketTagging: DeleteBucketTaggingCommand,
  },
});

/** The read-only S3 operations (one method per operation). */
export type S3ReadClient = ReadClientOf<typeof S3_CLIENT>;

/** The read operations plus the mutating ones `apply` issues, each through `ctx.mutate`. Read ⊂ write. */
export type S3WriteClient = WriteClientOf<typeof S3_CLIENT>;
