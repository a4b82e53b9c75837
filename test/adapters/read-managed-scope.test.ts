/**
 * Scope `managed` (what --plan and --apply read) for IAM roles and SNS topics: lists the spec does
 * not manage are not requested and stay undefined (unmanaged); without `managed` (scope `all`:
 * snapshots, reports, the writers' re-reads) everything is read as before. Response shapes as in the
 * IAM and SNS API references.
 */
import { describe, expect, it } from 'vitest';
import type { IamReadClient } from '../../src/adapters/iam/client.js';
import { readRole } from '../../src/adapters/iam/read.js';
import type { SnsReadClient } from '../../src/adapters/sns/client.js';
import { readTopic } from '../../src/adapters/sns/read.js';
import { ACCOUNT } from '../support/builders/index.js';
import { recording } from '../support/fake-aws.js';

const TRUST = encodeURIComponent(
  JSON.stringify({
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Principal: { Service: 's3.amazonaws.com' }, Action: 'sts:AssumeRole' }],
  }),
);

function iamClient() {
  return recording<IamReadClient>({
    getRole: async () => ({
      Role: {
        RoleName: 'replication',
        RoleId: 'AROAEXAMPLE',
        Arn: `arn:aws:iam::${ACCOUNT}:role/replication`,
        Path: '/',
        CreateDate: new Date(0),
        AssumeRolePolicyDocument: TRUST,
      },
      $metadata: {},
    }),
    listRolePolicies: async () => ({ PolicyNames: [], IsTruncated: false, $metadata: {} }),
    getRolePolicy: async () => ({
      RoleName: 'replication',
      PolicyName: 'p',
      PolicyDocument: '{}',
      $metadata: {},
    }),
    listAttachedRolePolicies: async () => ({
      AttachedPolicies: [{ PolicyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' }],
      IsTruncated: false,
      $metadata: {},
    }),
    listRoleTags: async () => ({ Tags: [{ Key: 'team', Value: 'sre' }], IsTruncated: false, $metadata: {} }),
  });
}

describe('readRole scope', () => {
  it('GIVEN only the trust policy is managed WHEN read with managed attrs THEN GetRole alone, lists left undefined', async () => {
    const client = iamClient();
    const live = await readRole(client, 'replication', { assumeRolePolicy: { Statement: [] } });
    expect(client.calls).toEqual(['getRole']);
    expect(live?.attrs.assumeRolePolicy).toBeDefined();
    expect(live?.attrs).not.toHaveProperty('inlinePolicies');
    expect(live?.attrs).not.toHaveProperty('managedPolicyArns');
    expect(live?.attrs).not.toHaveProperty('tags');
  });

  it('GIVEN managed policy ARNs are managed WHEN read THEN they are listed, tags and inline policies are not', async () => {
    const client = iamClient();
    const live = await readRole(client, 'replication', { managedPolicyArns: [] });
    expect(client.calls.sort()).toEqual(['getRole', 'listAttachedRolePolicies']);
    expect(live?.attrs.managedPolicyArns).toEqual(['arn:aws:iam::aws:policy/ReadOnlyAccess']);
  });

  it('GIVEN no managed attrs (scope all) WHEN read THEN everything is listed and filled', async () => {
    const client = iamClient();
    const live = await readRole(client, 'replication');
    expect(client.calls.sort()).toEqual([
      'getRole',
      'listAttachedRolePolicies',
      'listRolePolicies',
      'listRoleTags',
    ]);
    expect(live?.attrs).toMatchObject({ inlinePolicies: {}, tags: { team: 'sre' } });
  });
});

function snsClient() {
  return recording<SnsReadClient>({
    getTopicAttributes: async () => ({ Attributes: { DisplayName: '' }, $metadata: {} }),
    listSubscriptionsByTopic: async () => ({
      Subscriptions: [
        {
          SubscriptionArn: `arn:aws:sns:eu-west-1:${ACCOUNT}:alerts:1b2c`,
          Protocol: 'email',
          Endpoint: 'ops@example.com',
          Owner: ACCOUNT,
          TopicArn: `arn:aws:sns:eu-west-1:${ACCOUNT}:alerts`,
        },
      ],
      $metadata: {},
    }),
    getSubscriptionAttributes: async () => ({ Attributes: {}, $metadata: {} }),
    listTagsForResource: async () => ({ Tags: [{ Key: 'team', Value: 'sre' }], $metadata: {} }),
  });
}

describe('readTopic scope', () => {
  it('GIVEN subscriptions managed, tags not WHEN read with managed attrs THEN no ListTagsForResource, tags undefined', async () => {
    const client = snsClient();
    const read = await readTopic(client, 'eu-west-1', ACCOUNT, 'alerts', {
      region: 'eu-west-1',
      subscriptions: [],
    });
    expect(client.calls.sort()).toEqual(['getTopicAttributes', 'listSubscriptionsByTopic']);
    expect(read.status === 'present' && read.attrs.subscriptions).toHaveLength(1);
    expect(read.status === 'present' && read.attrs).not.toHaveProperty('tags');
  });

  it('GIVEN neither subscriptions nor tags managed WHEN read THEN GetTopicAttributes alone', async () => {
    const client = snsClient();
    const read = await readTopic(client, 'eu-west-1', ACCOUNT, 'alerts', {
      region: 'eu-west-1',
      policy: null,
    });
    expect(client.calls).toEqual(['getTopicAttributes']);
    expect(read.status === 'present' && read.attrs).not.toHaveProperty('subscriptions');
  });

  it('GIVEN no managed attrs (scope all) WHEN read THEN subscriptions and tags are read', async () => {
    const client = snsClient();
    const read = await readTopic(client, 'eu-west-1', ACCOUNT, 'alerts');
    expect(client.calls.sort()).toEqual([
      'getTopicAttributes',
      'listSubscriptionsByTopic',
      'listTagsForResource',
    ]);
    expect(read.status === 'present' && read.attrs.tags).toEqual({ team: 'sre' });
  });
});
