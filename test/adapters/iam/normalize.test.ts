import { describe, expect, it } from 'vitest';
import { normalizeRole, type RawIamRole, tagsFromList } from '../../../src/adapters/iam/normalize.js';
import type { IamRoleAttrs } from '../../../src/model/attrs.js';
import { canonicalPolicy } from '../../../src/model/policy.js';
import { differingFields } from '../../support/apply-step.js';

/** A raw role as IAM returns it, with nothing but a trust policy. */
function rawRole(overrides: Partial<RawIamRole> & { trust?: unknown } = {}): RawIamRole {
  const { trust, ...rest } = overrides;
  return {
    role: {
      Path: '/',
      AssumeRolePolicyDocument: encodeURIComponent(
        JSON.stringify(
          trust ?? {
            Version: '2012-10-17',
            Statement: [
              { Effect: 'Allow', Principal: { Service: 's3.amazonaws.com' }, Action: 'sts:AssumeRole' },
            ],
          },
        ),
      ),
      MaxSessionDuration: 3600,
    },
    inlinePolicies: {},
    attachedPolicyArns: [],
    tags: [],
    ...rest,
  };
}

/** The spec's view of the same trust policy: one-element arrays, keys in another order. */
const specTrust = canonicalPolicy({
  Statement: [{ Action: ['sts:AssumeRole'], Principal: { Service: ['s3.amazonaws.com'] }, Effect: 'Allow' }],
  Version: '2012-10-17',
});

function diff(desired: IamRoleAttrs, raw: RawIamRole): string[] {
  return differingFields('iam.role', desired, normalizeRole(raw));
}

describe('normalizeRole', () => {
  it('GIVEN GetRole returns the trust policy URL-encoded WHEN normalised THEN it equals the spec document (no perpetual trust-policy diff)', () => {
    const raw = rawRole();
    expect(raw.role.AssumeRolePolicyDocument).toMatch(/^%7B/);
    expect(diff({ assumeRolePolicy: specTrust }, raw)).toEqual([]);
  });

  it('GIVEN a different trust principal WHEN compared THEN the trust policy does differ (normalisation does not hide real drift)', () => {
    const raw = rawRole({
      trust: {
        Statement: [
          { Effect: 'Allow', Principal: { Service: 'backup.amazonaws.com' }, Action: 'sts:AssumeRole' },
        ],
      },
    });
    expect(diff({ assumeRolePolicy: specTrust }, raw)).toEqual(['assumeRolePolicy']);
  });

  it('GIVEN an inline policy with statements and keys in another order and string-vs-array values WHEN normalised THEN it equals the spec (no perpetual inline-policy diff)', () => {
    const awsDoc = {
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Deny', Action: 's3:DeleteObjectVersion', Resource: 'arn:aws:s3:::mne-media-prod/*' },
        {
          Resource: ['arn:aws:s3:::mne-media-prod/*', 'arn:aws:s3:::mne-vault-prod/*'],
          Action: ['s3:PutObject', 's3:GetObject'],
          Effect: 'Allow',
        },
      ],
    };
    const specDoc = canonicalPolicy({
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Action: ['s3:GetObject', 's3:PutObject'],
          Resource: ['arn:aws:s3:::mne-vault-prod/*', 'arn:aws:s3:::mne-media-prod/*'],
        },
        { Effect: 'Deny', Action: ['s3:DeleteObjectVersion'], Resource: ['arn:aws:s3:::mne-media-prod/*'] },
      ],
    });
    const raw = rawRole({ inlinePolicies: { access: encodeURIComponent(JSON.stringify(awsDoc)) } });
    expect(diff({ inlinePolicies: { access: specDoc } }, raw)).toEqual([]);
  });

  it('GIVEN a bare account-id principal in the spec WHEN IAM returns its root ARN THEN both compare equal (no perpetual principal diff)', () => {
    const raw = rawRole({
      trust: {
        Statement: [
          {
            Effect: 'Allow',
            Principal: { AWS: 'arn:aws:iam::828879644785:root' },
            Action: 'sts:AssumeRole',
          },
        ],
      },
    });
    const spec = canonicalPolicy({
      Statement: [{ Effect: 'Allow', Principal: { AWS: ['828879644785'] }, Action: 'sts:AssumeRole' }],
    });
    expect(diff({ assumeRolePolicy: spec }, raw)).toEqual([]);
  });

  it('GIVEN a federated (IRSA) principal with a condition WHEN normalised THEN condition values given as string or array compare equal', () => {
    const oidc = 'arn:aws:iam::828879644785:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/ABC';
    const raw = rawRole({
      trust: {
        Statement: [
          {
            Effect: 'Allow',
            Principal: { Federated: oidc },
            Action: 'sts:AssumeRoleWithWebIdentity',
            Condition: {
              StringEquals: { 'oidc.eks.eu-west-1.amazonaws.com/id/ABC:sub': 'system:serviceaccount:app:s3' },
            },
          },
        ],
      },
    });
    const spec = canonicalPolicy({
      Statement: [
        {
          Condition: {
            StringEquals: { 'oidc.eks.eu-west-1.amazonaws.com/id/ABC:sub': ['system:serviceaccount:app:s3'] },
          },
          Action: ['sts:AssumeRoleWithWebIdentity'],
          Principal: { Federated: [oidc] },
          Effect: 'Allow',
        },
      ],
    });
    expect(diff({ assumeRolePolicy: spec }, raw)).toEqual([]);
  });

  it('GIVEN a role without description, path or session duration WHEN normalised THEN AWS defaults are explicit ("/", "", 3600) so a spec stating them shows no diff', () => {
    const raw: RawIamRole = {
      ...rawRole(),
      role: { AssumeRolePolicyDocument: rawRole().role.AssumeRolePolicyDocument },
    };
    const attrs = normalizeRole(raw);
    expect(attrs.path).toBe('/');
    expect(attrs.description).toBe('');
    expect(attrs.maxSessionDuration).toBe(3600);
    expect(diff({ path: '/', maxSessionDuration: 3600, description: '' }, raw)).toEqual([]);
  });

  it('GIVEN attached policies and tags in any order WHEN normalised THEN ARNs are sorted and tags become a map (no order drift)', () => {
    const attrs = normalizeRole(
      rawRole({
        attachedPolicyArns: ['arn:aws:iam::aws:policy/b', 'arn:aws:iam::aws:policy/a'],
        tags: [
          { Key: 'team', Value: 'sre' },
          { Key: 'env', Value: 'prod' },
        ],
      }),
    );
    expect(attrs.managedPolicyArns).toEqual(['arn:aws:iam::aws:policy/a', 'arn:aws:iam::aws:policy/b']);
    expect(attrs.tags).toEqual({ env: 'prod', team: 'sre' });
    expect(differingFields('iam.role', { tags: { team: 'sre', env: 'prod' } }, attrs)).toEqual([]);
  });

  it('GIVEN no tags WHEN converted THEN the map is empty, not undefined (a spec saying tags: {} is in sync)', () => {
    expect(tagsFromList(undefined)).toEqual({});
    expect(normalizeRole(rawRole()).tags).toEqual({});
    expect(normalizeRole(rawRole()).inlinePolicies).toEqual({});
  });
});
