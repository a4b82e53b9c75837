import { describe, expect, it } from 'vitest';
import { METRIC_REGION_RULES, metricPlacement, metricRegionRule } from '../../src/model/metric-regions.js';

const DIMS = { SourceBucket: 'src', DestinationBucket: 'dst', RuleId: 'r' };

describe('metric -> region table', () => {
  it.each([
    ['ReplicationLatency', 'DestinationBucket', 'dst'],
    ['BytesPendingReplication', 'DestinationBucket', 'dst'],
    ['OperationsPendingReplication', 'DestinationBucket', 'dst'],
    ['OperationsFailedReplication', 'SourceBucket', 'src'],
  ])('GIVEN S3 %s WHEN placed THEN its region is that of the %s (%s)', (name, dimension, bucket) => {
    expect(metricPlacement({ namespace: 'AWS/S3', name, dimensions: DIMS })).toMatchObject({
      dimension,
      name: bucket,
      rule: {
        resource: 'bucket',
        source: 'https://docs.aws.amazon.com/AmazonS3/latest/userguide/repl-metrics.html',
      },
    });
  });

  it('GIVEN an S3 storage metric and an RDS metric WHEN placed THEN the bucket and the DB instance decide', () => {
    expect(
      metricPlacement({
        namespace: 'AWS/S3',
        name: 'NumberOfObjects',
        dimensions: { BucketName: 'b', StorageType: 'x' },
      }),
    ).toMatchObject({ dimension: 'BucketName', name: 'b' });
    expect(
      metricPlacement({
        namespace: 'AWS/RDS',
        name: 'CPUUtilization',
        dimensions: { DBInstanceIdentifier: 'db' },
      }),
    ).toMatchObject({ dimension: 'DBInstanceIdentifier', name: 'db', rule: { resource: 'DB instance' } });
  });

  it('GIVEN a metric the table does not know or whose dimension is missing WHEN placed THEN nothing is guessed', () => {
    expect(metricRegionRule({ namespace: 'AWS/Lambda', name: 'Errors' })).toBeUndefined();
    expect(
      metricPlacement({
        namespace: 'AWS/S3',
        name: 'ReplicationLatency',
        dimensions: { SourceBucket: 'src' },
      }),
    ).toBeUndefined();
  });

  it('GIVEN every rule WHEN read THEN it names an AWS documentation source', () => {
    for (const r of METRIC_REGION_RULES) expect(r.source).toMatch(/^https:\/\/docs\.aws\.amazon\.com\//);
  });
});
