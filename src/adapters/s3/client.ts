/**
 * Narrow S3 client types: exactly the SDK operations this adapter uses. The read client lists only
 * Get/List/Head operations; the write client extends it with the puts and deletes `apply` issues.
 * Code handed an {@link S3ReadClient} (read, `--plan`, `--snapshot`, `--report`) therefore cannot call
 * a mutating operation: it does not compile (test/adapters/s3/client.test.ts proves it).
 */
import {
  CreateBucketCommand,
  type CreateBucketCommandInput,
  type CreateBucketCommandOutput,
  DeleteBucketInventoryConfigurationCommand,
  type DeleteBucketInventoryConfigurationCommandInput,
  type DeleteBucketInventoryConfigurationCommandOutput,
  DeleteBucketLifecycleCommand,
  type DeleteBucketLifecycleCommandInput,
  type DeleteBucketLifecycleCommandOutput,
  DeleteBucketReplicationCommand,
  type DeleteBucketReplicationCommandInput,
  type DeleteBucketReplicationCommandOutput,
  DeleteBucketTaggingCommand,
  type DeleteBucketTaggingCommandInput,
  type DeleteBucketTaggingCommandOutput,
  GetBucketLifecycleConfigurationCommand,
  type GetBucketLifecycleConfigurationCommandInput,
  type GetBucketLifecycleConfigurationCommandOutput,
  GetBucketLocationCommand,
  type GetBucketLocationCommandInput,
  type GetBucketLocationCommandOutput,
  GetBucketReplicationCommand,
  type GetBucketReplicationCommandInput,
  type GetBucketReplicationCommandOutput,
  GetBucketTaggingCommand,
  type GetBucketTaggingCommandInput,
  type GetBucketTaggingCommandOutput,
  GetBucketVersioningCommand,
  type GetBucketVersioningCommandInput,
  type GetBucketVersioningCommandOutput,
  GetObjectLockConfigurationCommand,
  type GetObjectLockConfigurationCommandInput,
  type GetObjectLockConfigurationCommandOutput,
  ListBucketInventoryConfigurationsCommand,
  type ListBucketInventoryConfigurationsCommandInput,
  type ListBucketInventoryConfigurationsCommandOutput,
  PutBucketInventoryConfigurationCommand,
  type PutBucketInventoryConfigurationCommandInput,
  type PutBucketInventoryConfigurationCommandOutput,
  PutBucketLifecycleConfigurationCommand,
  type PutBucketLifecycleConfigurationCommandInput,
  type PutBucketLifecycleConfigurationCommandOutput,
  PutBucketReplicationCommand,
  type PutBucketReplicationCommandInput,
  type PutBucketReplicationCommandOutput,
  PutBucketTaggingCommand,
  type PutBucketTaggingCommandInput,
  type PutBucketTaggingCommandOutput,
  PutBucketVersioningCommand,
  type PutBucketVersioningCommandInput,
  type PutBucketVersioningCommandOutput,
  PutObjectLockConfigurationCommand,
  type PutObjectLockConfigurationCommandInput,
  type PutObjectLockConfigurationCommandOutput,
  type S3Client,
} from '@aws-sdk/client-s3';

/** The read-only S3 operations the adapter uses (one method per SDK command). */
export interface S3ReadClient {
  getBucketLocation(input: GetBucketLocationCommandInput): Promise<GetBucketLocationCommandOutput>;
  getBucketVersioning(input: GetBucketVersioningCommandInput): Promise<GetBucketVersioningCommandOutput>;
  getBucketLifecycleConfiguration(
    input: GetBucketLifecycleConfigurationCommandInput,
  ): Promise<GetBucketLifecycleConfigurationCommandOutput>;
  getBucketReplication(input: GetBucketReplicationCommandInput): Promise<GetBucketReplicationCommandOutput>;
  getObjectLockConfiguration(
    input: GetObjectLockConfigurationCommandInput,
  ): Promise<GetObjectLockConfigurationCommandOutput>;
  listBucketInventoryConfigurations(
    input: ListBucketInventoryConfigurationsCommandInput,
  ): Promise<ListBucketInventoryConfigurationsCommandOutput>;
  getBucketTagging(input: GetBucketTaggingCommandInput): Promise<GetBucketTaggingCommandOutput>;
}

/** The read operations plus the mutating ones `apply` issues. Read ⊂ write. */
export interface S3WriteClient extends S3ReadClient {
  createBucket(input: CreateBucketCommandInput): Promise<CreateBucketCommandOutput>;
  putBucketVersioning(input: PutBucketVersioningCommandInput): Promise<PutBucketVersioningCommandOutput>;
  putBucketLifecycleConfiguration(
    input: PutBucketLifecycleConfigurationCommandInput,
  ): Promise<PutBucketLifecycleConfigurationCommandOutput>;
  deleteBucketLifecycle(
    input: DeleteBucketLifecycleCommandInput,
  ): Promise<DeleteBucketLifecycleCommandOutput>;
  putBucketReplication(input: PutBucketReplicationCommandInput): Promise<PutBucketReplicationCommandOutput>;
  deleteBucketReplication(
    input: DeleteBucketReplicationCommandInput,
  ): Promise<DeleteBucketReplicationCommandOutput>;
  putObjectLockConfiguration(
    input: PutObjectLockConfigurationCommandInput,
  ): Promise<PutObjectLockConfigurationCommandOutput>;
  putBucketInventoryConfiguration(
    input: PutBucketInventoryConfigurationCommandInput,
  ): Promise<PutBucketInventoryConfigurationCommandOutput>;
  deleteBucketInventoryConfiguration(
    input: DeleteBucketInventoryConfigurationCommandInput,
  ): Promise<DeleteBucketInventoryConfigurationCommandOutput>;
  putBucketTagging(input: PutBucketTaggingCommandInput): Promise<PutBucketTaggingCommandOutput>;
  deleteBucketTagging(input: DeleteBucketTaggingCommandInput): Promise<DeleteBucketTaggingCommandOutput>;
}

/** Wraps an SDK client so that only the read operations are reachable. */
export function createS3ReadClient(client: S3Client): S3ReadClient {
  return {
    getBucketLocation: (i) => client.send(new GetBucketLocationCommand(i)),
    getBucketVersioning: (i) => client.send(new GetBucketVersioningCommand(i)),
    getBucketLifecycleConfiguration: (i) => client.send(new GetBucketLifecycleConfigurationCommand(i)),
    getBucketReplication: (i) => client.send(new GetBucketReplicationCommand(i)),
    getObjectLockConfiguration: (i) => client.send(new GetObjectLockConfigurationCommand(i)),
    listBucketInventoryConfigurations: (i) => client.send(new ListBucketInventoryConfigurationsCommand(i)),
    getBucketTagging: (i) => client.send(new GetBucketTaggingCommand(i)),
  };
}

/** Wraps an SDK client with the read and write operations `apply` uses. */
export function createS3WriteClient(client: S3Client): S3WriteClient {
  return {
    ...createS3ReadClient(client),
    createBucket: (i) => client.send(new CreateBucketCommand(i)),
    putBucketVersioning: (i) => client.send(new PutBucketVersioningCommand(i)),
    putBucketLifecycleConfiguration: (i) => client.send(new PutBucketLifecycleConfigurationCommand(i)),
    deleteBucketLifecycle: (i) => client.send(new DeleteBucketLifecycleCommand(i)),
    putBucketReplication: (i) => client.send(new PutBucketReplicationCommand(i)),
    deleteBucketReplication: (i) => client.send(new DeleteBucketReplicationCommand(i)),
    putObjectLockConfiguration: (i) => client.send(new PutObjectLockConfigurationCommand(i)),
    putBucketInventoryConfiguration: (i) => client.send(new PutBucketInventoryConfigurationCommand(i)),
    deleteBucketInventoryConfiguration: (i) => client.send(new DeleteBucketInventoryConfigurationCommand(i)),
    putBucketTagging: (i) => client.send(new PutBucketTaggingCommand(i)),
    deleteBucketTagging: (i) => client.send(new DeleteBucketTaggingCommand(i)),
  };
}
