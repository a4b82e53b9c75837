import { describe, expect, it } from 'vitest';
import {
  accountRootArn,
  alarmArn,
  bucketArn,
  dbInstanceArn,
  eventsRuleArn,
  isArnOf,
  looksLikeArn,
  parseArn,
  parseBucketArn,
  parseDbInstanceArn,
  parseRoleArn,
  parseTopicArn,
  parseVaultArn,
  regionOfArn,
  roleArn,
  topicArn,
  vaultArn,
} from '../../src/model/arn.js';
import { ACCOUNT } from '../support/builders/index.js';

describe('ARNs: built the way AWS writes them', () => {
  it('GIVEN each kind WHEN its ARN is built THEN it has the documented form', () => {
    expect(bucketArn('mne-media-prod')).toBe('arn:aws:s3:::mne-media-prod');
    expect(roleArn(ACCOUNT, 'app')).toBe(`arn:aws:iam::${ACCOUNT}:role/app`);
    expect(roleArn(ACCOUNT, 'AWSBackupDefaultServiceRole', '/service-role/')).toBe(
      `arn:aws:iam::${ACCOUNT}:role/service-role/AWSBackupDefaultServiceRole`,
    );
    expect(accountRootArn(ACCOUNT)).toBe(`arn:aws:iam::${ACCOUNT}:root`);
    expect(topicArn(ACCOUNT, 'eu-west-1', 'alerts')).toBe(`arn:aws:sns:eu-west-1:${ACCOUNT}:alerts`);
    expect(vaultArn(ACCOUNT, 'eu-west-3', 'dr')).toBe(`arn:aws:backup:eu-west-3:${ACCOUNT}:backup-vault:dr`);
    expect(dbInstanceArn(ACCOUNT, 'eu-west-1', 'db')).toBe(`arn:aws:rds:eu-west-1:${ACCOUNT}:db:db`);
    expect(alarmArn(ACCOUNT, 'eu-west-1', 'lag')).toBe(`arn:aws:cloudwatch:eu-west-1:${ACCOUNT}:alarm:lag`);
  });

  it('GIVEN an EventBridge rule WHEN its ARN is built THEN a custom bus is part of it and the default bus is not', () => {
    expect(eventsRuleArn(ACCOUNT, 'eu-west-1', 'failures')).toBe(
      `arn:aws:events:eu-west-1:${ACCOUNT}:rule/failures`,
    );
    expect(eventsRuleArn(ACCOUNT, 'eu-west-1', 'failures', 'ops')).toBe(
      `arn:aws:events:eu-west-1:${ACCOUNT}:rule/ops/failures`,
    );
  });
});

describe('ARNs: parsed back', () => {
  it('GIVEN an ARN built here WHEN parsed THEN the parts come back', () => {
    expect(parseBucketArn(bucketArn('b'))).toEqual({ partition: 'aws', name: 'b' });
    expect(parseRoleArn(roleArn(ACCOUNT, 'r', '/a/b/'))).toEqual({
      partition: 'aws',
      account: ACCOUNT,
      path: '/a/b/',
      name: 'r',
    });
    expect(parseTopicArn(topicArn(ACCOUNT, 'eu-west-3', 'alerts-dr'))).toEqual({
      partition: 'aws',
      region: 'eu-west-3',
      account: ACCOUNT,
      name: 'alerts-dr',
    });
    expect(parseVaultArn(vaultArn(ACCOUNT, 'eu-north-1', 'replica'))).toMatchObject({
      region: 'eu-north-1',
      name: 'replica',
    });
    expect(parseDbInstanceArn(dbInstanceArn(ACCOUNT, 'eu-west-1', 'db'))).toMatchObject({ name: 'db' });
  });

  it('GIVEN another partition WHEN parsed THEN it is reported, not refused (callers decide)', () => {
    expect(parseBucketArn('arn:aws-cn:s3:::b')).toEqual({ partition: 'aws-cn', name: 'b' });
    expect(parseArn('arn:aws-us-gov:sns:us-gov-west-1:123456789012:t')?.partition).toBe('aws-us-gov');
  });

  it('GIVEN a FIFO topic WHEN parsed THEN its .fifo name is a topic name', () => {
    expect(parseTopicArn(`arn:aws:sns:eu-west-1:${ACCOUNT}:alerts.fifo`)?.name).toBe('alerts.fifo');
  });

  it('GIVEN text that is not the ARN asked for WHEN parsed THEN undefined', () => {
    expect(parseArn('mne-media-prod')).toBeUndefined();
    expect(parseArn('arn:nope:s3:::b')).toBeUndefined();
    expect(parseBucketArn('arn:aws:s3:::b/key')).toBeUndefined(); // an object, not a bucket
    expect(parseBucketArn(topicArn(ACCOUNT, 'eu-west-1', 'x'))).toBeUndefined();
    expect(parseRoleArn(`arn:aws:iam::${ACCOUNT}:policy/p`)).toBeUndefined();
    expect(parseRoleArn('arn:aws:iam::123:role/r')).toBeUndefined(); // not a 12-digit account
    expect(parseTopicArn(`arn:aws:sns:eu-west-1:${ACCOUNT}:bad/name`)).toBeUndefined();
    expect(parseVaultArn(`arn:aws:backup:eu-west-1:${ACCOUNT}:backup-plan:x`)).toBeUndefined();
  });

  it('GIVEN ARNs WHEN asked for region or service THEN region-less ARNs have none', () => {
    expect(regionOfArn(topicArn(ACCOUNT, 'eu-west-3', 't'))).toBe('eu-west-3');
    expect(regionOfArn(bucketArn('b'))).toBeUndefined();
    expect(regionOfArn('not an arn')).toBeUndefined();
    expect(isArnOf(topicArn(ACCOUNT, 'eu-west-1', 't'), 'sns')).toBe(true);
    expect(isArnOf(bucketArn('b'), 'sns')).toBe(false);
    expect(looksLikeArn('arn:whatever')).toBe(true);
    expect(looksLikeArn('alerts')).toBe(false);
  });
});
