/**
 * Level-based writes for IAM roles: re-read the role, then write only the managed parts that differ
 * from the desired attributes (undefined desired fields are unmanaged and never touched).
 */

import { ReconcileError } from '../../errors.js';
import type { IamRoleAttrs } from '../../model/attrs.js';
import { canonicalPolicy, type PolicyDocument } from '../../model/policy.js';
import type { DesiredResource } from '../../model/state.js';
import { differingFields, diffTags, stableJson } from '../kit.js';
import type { ApplyOutcome, WriteContext } from '../types.js';
import { type IamWriteClient, iamWriteClient } from './client.js';
import { DEFAULT_MAX_SESSION_DURATION, DEFAULT_ROLE_PATH, tagsToList } from './normalize.js';
import { readRole } from './read.js';

/** The desired attributes with every policy document in canonical form (idempotent). */
function canonicalDesired(attrs: IamRoleAttrs): IamRoleAttrs {
  const out: { -readonly [K in keyof IamRoleAttrs]: IamRoleAttrs[K] } = { ...attrs };
  if (attrs.assumeRolePolicy) out.assumeRolePolicy = canonicalPolicy(attrs.assumeRolePolicy);
  if (attrs.inlinePolicies) {
    const inline: Record<string, PolicyDocument> = {};
    for (const name of Object.keys(attrs.inlinePolicies).sort()) {
      inline[name] = canonicalPolicy(attrs.inlinePolicies[name]);
    }
    out.inlinePolicies = inline;
  }
  if (attrs.managedPolicyArns) out.managedPolicyArns = [...new Set(attrs.managedPolicyArns)].sort();
  return out;
}

const policyText = (doc: PolicyDocument): string => JSON.stringify(doc);

async function createRole(client: IamWriteClient, name: string, want: IamRoleAttrs): Promise<void> {
  if (!want.assumeRolePolicy) {
    throw new ReconcileError(
      'IAM_ROLE_NO_TRUST_POLICY',
      `cannot create IAM role ${name}: the spec gives it no trust policy (assumeRolePolicy)`,
    );
  }
  await client.createRole({
    RoleName: name,
    Path: want.path ?? DEFAULT_ROLE_PATH,
    AssumeRolePolicyDocument: policyText(want.assumeRolePolicy),
    ...(want.description ? { Description: want.description } : {}),
    ...(want.maxSessionDuration !== undefined ? { MaxSessionDuration: want.maxSessionDuration } : {}),
    ...(want.tags && Object.keys(want.tags).length > 0 ? { Tags: tagsToList(want.tags) } : {}),
  });
  for (const [policyName, doc] of Object.entries(want.inlinePolicies ?? {})) {
    await client.putRolePolicy({ RoleName: name, PolicyName: policyName, PolicyDocument: policyText(doc) });
  }
  for (const arn of want.managedPolicyArns ?? []) {
    await client.attachRolePolicy({ RoleName: name, PolicyArn: arn });
  }
}

async function updateRole(
  client: IamWriteClient,
  name: string,
  want: IamRoleAttrs,
  live: IamRoleAttrs,
): Promise<ApplyOutcome> {
  const differing = new Set(differingFields(want, live));
  if (differing.size === 0) return 'unchanged';
  if (differing.has('path')) {
    throw new ReconcileError(
      'IAM_ROLE_PATH_CHANGE',
      `IAM role ${name}: its path is ${live.path ?? DEFAULT_ROLE_PATH} but the spec says ${want.path}; ` +
        'a role path cannot be changed in place — the role must be replaced (deleted and created again)',
    );
  }
  if (differing.has('assumeRolePolicy') && want.assumeRolePolicy) {
    await client.updateAssumeRolePolicy({
      RoleName: name,
      PolicyDocument: policyText(want.assumeRolePolicy),
    });
  }
  if (differing.has('description') || differing.has('maxSessionDuration')) {
    await client.updateRole({
      RoleName: name,
      ...(differing.has('description') ? { Description: want.description ?? '' } : {}),
      ...(differing.has('maxSessionDuration')
        ? { MaxSessionDuration: want.maxSessionDuration ?? DEFAULT_MAX_SESSION_DURATION }
        : {}),
    });
  }
  if (differing.has('inlinePolicies') && want.inlinePolicies) {
    const have = live.inlinePolicies ?? {};
    for (const [policyName, doc] of Object.entries(want.inlinePolicies)) {
      const current = have[policyName];
      if (current && stableJson(current) === stableJson(doc)) continue;
      await client.putRolePolicy({ RoleName: name, PolicyName: policyName, PolicyDocument: policyText(doc) });
    }
    for (const policyName of Object.keys(have)) {
      if (!(policyName in want.inlinePolicies)) {
        await client.deleteRolePolicy({ RoleName: name, PolicyName: policyName });
      }
    }
  }
  if (differing.has('managedPolicyArns') && want.managedPolicyArns) {
    const have = new Set(live.managedPolicyArns ?? []);
    const wanted = new Set(want.managedPolicyArns);
    for (const arn of want.managedPolicyArns) {
      if (!have.has(arn)) await client.attachRolePolicy({ RoleName: name, PolicyArn: arn });
    }
    for (const arn of have) {
      if (!wanted.has(arn)) await client.detachRolePolicy({ RoleName: name, PolicyArn: arn });
    }
  }
  if (differing.has('tags') && want.tags) {
    const { set, remove } = diffTags(live.tags ?? {}, want.tags);
    if (Object.keys(set).length > 0) await client.tagRole({ RoleName: name, Tags: tagsToList(set) });
    if (remove.length > 0) await client.untagRole({ RoleName: name, TagKeys: [...remove] });
  }
  return 'applied';
}

/**
 * KindAdapter.apply for `iam.role`: creates the role when absent (trust policy, path, description,
 * session duration, tags, then inline and managed policies), otherwise updates only what differs.
 * Refuses a path change (a path change forces replacement, which the planner decides).
 */
export async function applyRole(
  ctx: WriteContext,
  desired: DesiredResource<'iam.role'>,
): Promise<ApplyOutcome> {
  const client = iamWriteClient(ctx.pool.get('iam'), ctx, desired.address);
  const want = canonicalDesired(desired.attrs);
  const live = await readRole(client, desired.name);
  if (!live) {
    await createRole(client, desired.name, want);
    return 'applied';
  }
  return updateRole(client, desired.name, want, live.attrs);
}

/**
 * KindAdapter.delete for `iam.role`: detaches managed policies, deletes inline policies, then the
 * role. `unchanged` when the role is already gone.
 */
export async function deleteRole(
  ctx: WriteContext,
  desired: DesiredResource<'iam.role'>,
): Promise<ApplyOutcome> {
  const client = iamWriteClient(ctx.pool.get('iam'), ctx, desired.address);
  const live = await readRole(client, desired.name);
  if (!live) return 'unchanged';
  for (const arn of live.attrs.managedPolicyArns ?? []) {
    await client.detachRolePolicy({ RoleName: desired.name, PolicyArn: arn });
  }
  for (const policyName of Object.keys(live.attrs.inlinePolicies ?? {})) {
    await client.deleteRolePolicy({ RoleName: desired.name, PolicyName: policyName });
  }
  await client.deleteRole({ RoleName: desired.name });
  return 'applied';
}
