/** Builders for S3 adapter tests: normalised attrs and declared resources with sensible defaults. */

import { bucketArn } from '../../../src/model/arn.js';
import type { LifecycleRule, ReplicationRule, S3BucketAttrs } from '../../../src/model/attrs.js';
import type { DesiredResource } from '../../../src/model/state.js';
import {
  lifecycleRule as baseLifecycleRule,
  replicationRule as baseReplicationRule,
  desiredResource,
} from '../../support/builders/index.js';

/** A normalised lifecycle rule: whole bucket, enabled, no actions unless given. */
export function lifecycleRule(overrides: Partial<LifecycleRule> & { id: string }): LifecycleRule {
  return baseLifecycleRule(overrides);
}

/** A normalised V2 replication rule to `destinationBucket`, whole bucket, STANDARD, nothing enabled. */
export function replicationRule(
  overrides: Partial<ReplicationRule> & { id: string; destinationBucket?: string },
): ReplicationRule {
  const { destinationBucket, ...rest } = overrides;
  return baseReplicationRule({
    destination: { bucket: bucketArn(destinationBucket ?? 'replica-bucket'), storageClass: 'STANDARD' },
    ...rest,
  });
}

/** The normalised attrs of a bucket with nothing configured (what AWS reports right after creation). */
export function emptyBucketAttrs(region: string, overrides: Partial<S3BucketAttrs> = {}): S3BucketAttrs {
  return {
    region,
    versioning: 'Disabled',
    lifecycle: [],
    replication: null,
    objectLock: null,
    inventory: [],
    tags: {},
    ...overrides,
  };
}

/** A declared bucket; only `region` is managed unless more attrs are given. */
export function desiredBucket(
  name: string,
  attrs: Partial<S3BucketAttrs> & { region: string },
): DesiredResource<'s3.bucket'> {
  return desiredResource('s3.bucket', name, null, attrs);
}
