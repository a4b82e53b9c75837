/**
 * The scheduler bounds the real reads (src/adapters/scheduler.ts): against the emulator, a spec of
 * twelve roles and forty buckets in two regions is read with every resource's calls issued together,
 * IAM never more than 4 in flight for the account, S3 never more than its per-region limit, and every
 * observation read.
 */

import { CreateRoleCommand, IAMClient } from '@aws-sdk/client-iam';
import { type BucketLocationConstraint, CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ClientPool } from '../../src/adapters/aws-config.js';
import { readLive } from '../../src/adapters/read-live.js';
import { IN_FLIGHT_PER_SERVICE } from '../../src/adapters/scheduler.js';
import type { DesiredResource } from '../../src/model/state.js';
import { desiredResource, desiredStateOf } from '../support/builders/index.js';
import { motoAwsOptions, motoEndpoint, useMoto } from '../support/moto.js';

useMoto();

const TRUST = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { Service: 'backup.amazonaws.com' }, Action: 'sts:AssumeRole' }],
});
const ROLES = [...Array(12)].map((_, i) => `sched-role-${i}`);
const BUCKETS = [...Array(40)].map((_, i) => ({
  name: `sched-bucket-${i}`,
  region: i % 2 === 0 ? 'eu-west-1' : 'eu-west-3',
}));

const pools: ClientPool[] = [];
afterAll(() => {
  for (const p of pools) p.destroy();
});

beforeAll(async () => {
  const common = {
    endpoint: motoEndpoint(),
    credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' },
  };
  const iam = new IAMClient({ ...common, region: 'us-east-1' });
  for (const r of ROLES)
    await iam.send(new CreateRoleCommand({ RoleName: r, AssumeRolePolicyDocument: TRUST }));
  iam.destroy();
  for (const region of ['eu-west-1', 'eu-west-3']) {
    const s3 = new S3Client({ ...common, region, forcePathStyle: true });
    for (const b of BUCKETS.filter((x) => x.region === region))
      await s3.send(
        new CreateBucketCommand({
          Bucket: b.name,
          CreateBucketConfiguration: { LocationConstraint: region as BucketLocationConstraint },
        }),
      );
    s3.destroy();
  }
});

describe('GIVEN 12 roles and 40 buckets in two regions', () => {
  const resources: DesiredResource[] = [
    ...ROLES.map((r) => desiredResource('iam.role', r, null, { maxSessionDuration: 3600 })),
    ...BUCKETS.map((b) =>
      desiredResource('s3.bucket', b.name, null, { region: b.region, versioning: 'Disabled' }),
    ),
  ];
  const desired = desiredStateOf(resources, { regions: ['eu-west-1', 'eu-west-3'] });

  it('WHEN read with the default limits THEN IAM peaks at its global limit of 4, S3 stays within its per-region limit, and all are read', async () => {
    const pool = new ClientPool(motoAwsOptions());
    pools.push(pool);
    const live = await readLive(desired, pool);
    expect(Object.values(live.resources).map((o) => o.status)).toEqual(resources.map(() => 'present'));
    const by = pool.scheduler.stats.maxInFlightBy;
    // 12 roles, each with its list calls, all issued at once: the account-wide IAM limit is reached, never passed.
    expect(by.get('iam')).toBe(IN_FLIGHT_PER_SERVICE.iam);
    for (const region of ['eu-west-1', 'eu-west-3'])
      expect(by.get(`s3:${region}`)).toBeLessThanOrEqual(IN_FLIGHT_PER_SERVICE.s3);
    // Twenty buckets per region read together: more than the old per-kind limit of 8 in flight.
    expect(by.get('s3:eu-west-1')).toBeGreaterThan(8);
  });

  it('WHEN read with --concurrency 2 THEN no (service, region) has more than 2 in flight and the result is the same', async () => {
    const pool = new ClientPool(motoAwsOptions({ concurrency: 2 }));
    pools.push(pool);
    const live = await readLive(desired, pool);
    expect(Object.values(live.resources).every((o) => o.status === 'present')).toBe(true);
    for (const n of pool.scheduler.stats.maxInFlightBy.values()) expect(n).toBeLessThanOrEqual(2);
  });
});
