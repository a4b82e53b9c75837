/** Builders for RDS adapter tests. */
import type { DBInstance } from '@aws-sdk/client-rds';
import type { RdsInstanceAttrs } from '../../../src/model/attrs.js';
import { addressOf } from '../../../src/model/resource.js';
import type { DesiredResource } from '../../../src/model/state.js';

/** A declared RDS instance in `region`; only the given attrs (plus region) are managed. */
export function desiredDbInstance(
  name: string,
  region: string,
  attrs: Partial<RdsInstanceAttrs> = {},
): DesiredResource<'rds.instance'> {
  return {
    address: addressOf('rds.instance', name, region),
    kind: 'rds.instance',
    name,
    region,
    ensure: 'present',
    attrs: { region, ...attrs },
    dependsOn: [],
  };
}

/** A DescribeDBInstances member, shaped as the AWS API reference documents it. */
export function awsDbInstance(overrides: Partial<DBInstance> = {}): DBInstance {
  return {
    DBInstanceIdentifier: 'eks-mnemonica-prod',
    DBInstanceArn: 'arn:aws:rds:eu-west-1:828879644785:db:eks-mnemonica-prod',
    DBInstanceStatus: 'available',
    Engine: 'postgres',
    EngineVersion: '16.8',
    BackupRetentionPeriod: 35,
    PreferredBackupWindow: '02:00-02:30',
    PreferredMaintenanceWindow: 'sun:04:00-sun:04:30',
    CopyTagsToSnapshot: true,
    LatestRestorableTime: new Date('2026-11-25T10:15:00.000Z'),
    ...overrides,
  };
}
