/**
 * IAM role adapter against moto: seed through the SDK, read through the adapter, apply round trips.
 * IAM is global: one client signed for the default region.
 */
import {
  AttachRolePolicyCommand,
  CreateRoleCommand,
  GetRoleCommand,
  type IAMClient,
  PutRolePolicyCommand,
  TagRoleCommand,
} from '@aws-sdk/client-iam';
import { afterAll, describe, expect, it } from 'vitest';
import { ClientPool } from '../../src/adapters/aws-config.js';
import { iamRoleAdapter } from '../../src/adapters/iam/index.js';
import type { IamRoleAttrs } from '../../src/model/attrs.js';
import { canonicalPolicy } from '../../src/model/policy.js';
import type { Observation } from '../../src/model/state.js';
import {
  denyAccess,
  desiredRole,
  readContext,
  recordingWriteContext,
  trustPolicyFor,
} from '../adapters/iam/support.js';
import { applyPlanned, deletePlanned, differingFields } from '../support/apply-step.js';
import { motoAwsOptions, useMoto } from '../support/moto.js';

useMoto();

const pool = new ClientPool(motoAwsOptions());
afterAll(() => pool.destroy());
const sdk = (): IAMClient => pool.get('iam');

const S3_READ = 'arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess';
const S3_FULL = 'arn:aws:iam::aws:policy/AmazonS3FullAccess';
const accessPolicy = canonicalPolicy({
  Version: '2012-10-17',
  Statement: [
    {
      Effect: 'Allow',
      Action: ['s3:GetObject', 's3:PutObject'],
      Resource: ['arn:aws:s3:::mne-media-prod/*'],
    },
    { Effect: 'Deny', Action: ['s3:DeleteObjectVersion'], Resource: ['arn:aws:s3:::mne-media-prod/*'] },
  ],
});

async function readOne(name: string): Promise<Observation<'iam.role'>> {
  const r = desiredRole(name);
  const out = await iamRoleAdapter.read(readContext(pool), [r]);
  const obs = out.get(r.address);
  if (!obs) throw new Error(`no observation for ${r.address}`);
  return obs;
}

function presentAttrs(obs: Observation<'iam.role'>): IamRoleAttrs {
  if (obs.status !== 'present') throw new Error(`expected present, got ${JSON.stringify(obs)}`);
  return obs.attrs;
}

describe('iam.role adapter (moto)', () => {
  it('GIVEN a role seeded through the SDK (trust, inline, managed, tags, path) WHEN read THEN the attrs are normalised and facts carry arn and id', async () => {
    await sdk().send(
      new CreateRoleCommand({
        RoleName: 'AWSBackupDefaultServiceRole',
        Path: '/service-role/',
        AssumeRolePolicyDocument: JSON.stringify({
          Version: '2012-10-17',
          Statement: {
            Effect: 'Allow',
            Principal: { Service: 'backup.amazonaws.com' },
            Action: 'sts:AssumeRole',
          },
        }),
        Description: 'AWS Backup service role',
      }),
    );
    await sdk().send(
      new PutRolePolicyCommand({
        RoleName: 'AWSBackupDefaultServiceRole',
        PolicyName: 'access',
        PolicyDocument: JSON.stringify(accessPolicy),
      }),
    );
    await sdk().send(
      new AttachRolePolicyCommand({ RoleName: 'AWSBackupDefaultServiceRole', PolicyArn: S3_READ }),
    );
    await sdk().send(
      new TagRoleCommand({ RoleName: 'AWSBackupDefaultServiceRole', Tags: [{ Key: 'team', Value: 'sre' }] }),
    );

    const obs = await readOne('AWSBackupDefaultServiceRole');

    expect(obs).toEqual({
      status: 'present',
      attrs: {
        path: '/service-role/',
        description: 'AWS Backup service role',
        assumeRolePolicy: canonicalPolicy(trustPolicyFor('backup.amazonaws.com')),
        inlinePolicies: { access: accessPolicy },
        managedPolicyArns: [S3_READ],
        maxSessionDuration: 3600,
        tags: { team: 'sre' },
      },
      facts: {
        arn: 'arn:aws:iam::828879644785:role/service-role/AWSBackupDefaultServiceRole',
        id: expect.stringMatching(/^AROA/),
      },
    });
  });

  it('GIVEN no such role WHEN read THEN it is absent', async () => {
    expect(await readOne('no-such-role')).toEqual({ status: 'absent' });
  });

  it('GIVEN GetRole is denied WHEN read THEN the role is unreadable with an access-denied reason, never absent or in sync', async () => {
    const denied = new ClientPool(motoAwsOptions({ onClient: denyAccess('iam') }));
    try {
      const r = desiredRole('AWSBackupDefaultServiceRole');
      const obs = (await iamRoleAdapter.read(readContext(denied), [r])).get(r.address);
      expect(obs).toEqual({
        status: 'unreadable',
        reason: 'access denied (AccessDenied)',
        code: 'AccessDenied',
      });
    } finally {
      denied.destroy();
    }
  });

  it('GIVEN an absent role WHEN applied twice THEN the first creates it as declared and the second is unchanged with zero mutating calls', async () => {
    const want = desiredRole('eks-mnemonica-prod-s3-role', {
      path: '/',
      description: 'EKS workload access to the media buckets',
      assumeRolePolicy: canonicalPolicy(trustPolicyFor('ec2.amazonaws.com')),
      inlinePolicies: { 'eks-mnemonica-prod-s3-access': accessPolicy },
      managedPolicyArns: [S3_READ],
      maxSessionDuration: 7200,
      tags: { app: 'mnemonica' },
    });
    const first = recordingWriteContext(pool);
    expect(await applyPlanned(iamRoleAdapter, first, want)).toBe('applied');
    expect(first.calls.map((c) => c.operation)).toEqual(['CreateRole', 'PutRolePolicy', 'AttachRolePolicy']);

    const live = presentAttrs(await readOne('eks-mnemonica-prod-s3-role'));
    expect(differingFields('iam.role', want.attrs, live)).toEqual([]);

    const second = recordingWriteContext(pool);
    expect(await applyPlanned(iamRoleAdapter, second, want)).toBe('unchanged');
    expect(second.calls).toEqual([]);
  });

  it('GIVEN a drifted role WHEN applied THEN only the differing parts are written (and an extra inline policy is removed because inlinePolicies is managed)', async () => {
    await sdk().send(
      new CreateRoleCommand({
        RoleName: 'drifted',
        AssumeRolePolicyDocument: JSON.stringify(trustPolicyFor('s3.amazonaws.com')),
        Description: 'old',
      }),
    );
    await sdk().send(
      new PutRolePolicyCommand({
        RoleName: 'drifted',
        PolicyName: 'stray',
        PolicyDocument: JSON.stringify(accessPolicy),
      }),
    );
    await sdk().send(new AttachRolePolicyCommand({ RoleName: 'drifted', PolicyArn: S3_FULL }));
    await sdk().send(new TagRoleCommand({ RoleName: 'drifted', Tags: [{ Key: 'old', Value: 'x' }] }));

    const want = desiredRole('drifted', {
      assumeRolePolicy: canonicalPolicy(trustPolicyFor('s3.amazonaws.com')),
      description: 'new',
      inlinePolicies: { access: accessPolicy },
      managedPolicyArns: [S3_READ],
      tags: { app: 'mnemonica' },
    });
    const ctx = recordingWriteContext(pool);
    expect(await applyPlanned(iamRoleAdapter, ctx, want)).toBe('applied');
    expect(ctx.calls.map((c) => c.operation)).toEqual([
      'UpdateRole',
      'PutRolePolicy',
      'DeleteRolePolicy',
      'AttachRolePolicy',
      'DetachRolePolicy',
      'TagRole',
      'UntagRole',
    ]);
    expect(ctx.calls.every((c) => c.service === 'iam' && c.address === 'iam.role/drifted')).toBe(true);
    expect(differingFields('iam.role', want.attrs, presentAttrs(await readOne('drifted')))).toEqual([]);
  });

  it('GIVEN inlinePolicies is unmanaged WHEN applied THEN an existing inline policy is left alone', async () => {
    await sdk().send(
      new CreateRoleCommand({
        RoleName: 'keeps-inline',
        AssumeRolePolicyDocument: JSON.stringify(trustPolicyFor('s3.amazonaws.com')),
      }),
    );
    await sdk().send(
      new PutRolePolicyCommand({
        RoleName: 'keeps-inline',
        PolicyName: 'mine',
        PolicyDocument: JSON.stringify(accessPolicy),
      }),
    );
    const ctx = recordingWriteContext(pool);
    const outcome = await applyPlanned(
      iamRoleAdapter,
      ctx,
      desiredRole('keeps-inline', { description: 'described' }),
    );
    expect(outcome).toBe('applied');
    expect(ctx.calls.map((c) => c.operation)).toEqual(['UpdateRole']);
    expect(Object.keys(presentAttrs(await readOne('keeps-inline')).inlinePolicies ?? {})).toEqual(['mine']);
  });

  it('GIVEN the spec moves a role to another path WHEN applied THEN it refuses with a clear error and writes nothing', async () => {
    await sdk().send(
      new CreateRoleCommand({
        RoleName: 'pathed',
        Path: '/service-role/',
        AssumeRolePolicyDocument: JSON.stringify(trustPolicyFor('backup.amazonaws.com')),
      }),
    );
    const ctx = recordingWriteContext(pool);
    await expect(
      applyPlanned(iamRoleAdapter, ctx, desiredRole('pathed', { path: '/' })),
    ).rejects.toMatchObject({
      code: 'IAM_ROLE_PATH_CHANGE',
      message: expect.stringContaining('cannot be changed in place'),
    });
    expect(ctx.calls).toEqual([]);
  });

  it('GIVEN a role with inline and managed policies WHEN deleted THEN policies are detached/deleted first, the role is gone, and a second delete is unchanged', async () => {
    await sdk().send(
      new CreateRoleCommand({
        RoleName: 'doomed',
        AssumeRolePolicyDocument: JSON.stringify(trustPolicyFor('s3.amazonaws.com')),
      }),
    );
    await sdk().send(
      new PutRolePolicyCommand({
        RoleName: 'doomed',
        PolicyName: 'p',
        PolicyDocument: JSON.stringify(accessPolicy),
      }),
    );
    await sdk().send(new AttachRolePolicyCommand({ RoleName: 'doomed', PolicyArn: S3_READ }));
    const ctx = recordingWriteContext(pool);
    expect(await deletePlanned(iamRoleAdapter, ctx, desiredRole('doomed'))).toBe('applied');
    expect(ctx.calls.map((c) => c.operation)).toEqual(['DetachRolePolicy', 'DeleteRolePolicy', 'DeleteRole']);
    await expect(sdk().send(new GetRoleCommand({ RoleName: 'doomed' }))).rejects.toMatchObject({
      name: 'NoSuchEntityException',
    });
    const again = recordingWriteContext(pool);
    expect(await deletePlanned(iamRoleAdapter, again, desiredRole('doomed'))).toBe('unchanged');
    expect(again.calls).toEqual([]);
  });
});
