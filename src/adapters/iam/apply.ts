/**
 * Writes for IAM roles: the plan's diffs name the managed parts to write (undefined desired fields are
 * unmanaged and never touched); every write goes through `ctx.mutate` (the declared write client).
 */
import { ReconcileError } from '../../errors.js';
import type { IamRoleAttrs } from '../../model/attrs.js';
import { canonicalPolicy, type PolicyDocument } from '../../model/policy.js';
import { changedFields, changedKeys, tagWrites } from '../kit.js';
import type { ApplyOutcome, ApplyStep, StepChange, WriteContext } from '../types.js';
import { IAM_CLIENT, type IamWriteClient } from './client.js';
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
  change: StepChange,
): Promise<ApplyOutcome> {
  const fields = changedFields(change);
  if (fields.size === 0) return 'unchanged';
  if (fields.has('path')) {
    throw new ReconcileError(
      'IAM_ROLE_PATH_CHANGE',
      `IAM role ${name}: its path is ${live.path ?? DEFAULT_ROLE_PATH} but the spec says ${want.path}; ` +
        'a role path cannot be changed in place — the role must be replaced (deleted and created again)',
    );
  }
  if (fields.has('assumeRolePolicy') && want.assumeRolePolicy) {
    await client.updateAssumeRolePolicy({
      RoleName: name,
      PolicyDocument: policyText(want.assumeRolePolicy),
    });
  }
  if (fields.has('description') || fields.has('maxSessionDuration')) {
    await client.updateRole({
      RoleName: name,
      ...(fields.has('description') ? { Description: want.description ?? '' } : {}),
      ...(fields.has('maxSessionDuration')
        ? { MaxSessionDuration: want.maxSessionDuration ?? DEFAULT_MAX_SESSION_DURATION }
        : {}),
    });
  }
  if (fields.has('inlinePolicies') && want.inlinePolicies) {
    const keys = changedKeys(change, 'inlinePolicies');
    const names =
      keys === 'whole'
        ? new Set([...Object.keys(want.inlinePolicies), ...Object.keys(live.inlinePolicies ?? {})])
        : keys;
    for (const policyName of [...names].sort()) {
      const doc = want.inlinePolicies[policyName];
      if (doc)
        await client.putRolePolicy({
          RoleName: name,
          PolicyName: policyName,
          PolicyDocument: policyText(doc),
        });
      else await client.deleteRolePolicy({ RoleName: name, PolicyName: policyName });
    }
  }
  if (fields.has('managedPolicyArns') && want.managedPolicyArns) {
    // The plan compares the list as a whole (a set): attach what is missing, detach what is extra.
    const have = new Set(live.managedPolicyArns ?? []);
    const wanted = new Set(want.managedPolicyArns);
    for (const arn of want.managedPolicyArns) {
      if (!have.has(arn)) await client.attachRolePolicy({ RoleName: name, PolicyArn: arn });
    }
    for (const arn of have) {
      if (!wanted.has(arn)) await client.detachRolePolicy({ RoleName: name, PolicyArn: arn });
    }
  }
  if (fields.has('tags') && want.tags) {
    const { set, remove } = tagWrites(change, want.tags, live.tags);
    if (Object.keys(set).length > 0) await client.tagRole({ RoleName: name, Tags: tagsToList(set) });
    if (remove.length > 0) await client.untagRole({ RoleName: name, TagKeys: [...remove] });
  }
  return 'applied';
}

/**
 * KindAdapter.apply for `iam.role`: creates the role when the plan saw it absent (trust policy, path,
 * description, session duration, tags, then inline and managed policies), otherwise writes exactly
 * what the plan's diffs name. Refuses a path change (a path change forces replacement, which the
 * planner decides).
 */
export async function applyRole(ctx: WriteContext, step: ApplyStep<'iam.role'>): Promise<ApplyOutcome> {
  const { desired, observation, change } = step;
  const client = IAM_CLIENT.writer(ctx, desired.address);
  const want = canonicalDesired(desired.attrs);
  if (observation.status === 'absent') {
    await createRole(client, desired.name, want);
    return 'applied';
  }
  return updateRole(client, desired.name, want, observation.attrs, change);
}

/**
 * KindAdapter.delete for `iam.role`: detaches managed policies, deletes inline policies, then the
 * role ("you must delete the items attached to the role manually, or the deletion fails",
 * https://docs.aws.amazon.com/IAM/latest/APIReference/API_DeleteRole.html). The policies come
 * from the step's observation; when it did not list them (scope `managed`), the role is read once.
 */
export async function deleteRole(ctx: WriteContext, step: ApplyStep<'iam.role'>): Promise<ApplyOutcome> {
  const { desired, observation } = step;
  if (observation.status === 'absent') return 'unchanged';
  const client = IAM_CLIENT.writer(ctx, desired.address);
  let attrs = observation.attrs;
  if (attrs.managedPolicyArns === undefined || attrs.inlinePolicies === undefined) {
    const live = await readRole(client, desired.name);
    if (!live) return 'unchanged';
    attrs = live.attrs;
  }
  for (const arn of attrs.managedPolicyArns ?? []) {
    await client.detachRolePolicy({ RoleName: desired.name, PolicyArn: arn });
  }
  for (const policyName of Object.keys(attrs.inlinePolicies ?? {})) {
    await client.deleteRolePolicy({ RoleName: desired.name, PolicyName: policyName });
  }
  await client.deleteRole({ RoleName: desired.name });
  return 'applied';
}
