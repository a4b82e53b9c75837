/**
 * Narrow IAM clients: the read client lists only the read operations the adapter uses (what
 * `--plan`, `--snapshot` and `--report` get), the write client extends it with the mutating ones,
 * each routed through `ctx.mutate` so that every write is logged and counted.
 */
import {
  AttachRolePolicyCommand,
  type AttachRolePolicyCommandInput,
  type AttachRolePolicyCommandOutput,
  CreateRoleCommand,
  type CreateRoleCommandInput,
  type CreateRoleCommandOutput,
  DeleteRoleCommand,
  type DeleteRoleCommandInput,
  type DeleteRoleCommandOutput,
  DeleteRolePolicyCommand,
  type DeleteRolePolicyCommandInput,
  type DeleteRolePolicyCommandOutput,
  DetachRolePolicyCommand,
  type DetachRolePolicyCommandInput,
  type DetachRolePolicyCommandOutput,
  GetRoleCommand,
  type GetRoleCommandInput,
  type GetRoleCommandOutput,
  GetRolePolicyCommand,
  type GetRolePolicyCommandInput,
  type GetRolePolicyCommandOutput,
  type IAMClient,
  ListAttachedRolePoliciesCommand,
  type ListAttachedRolePoliciesCommandInput,
  type ListAttachedRolePoliciesCommandOutput,
  ListRolePoliciesCommand,
  type ListRolePoliciesCommandInput,
  type ListRolePoliciesCommandOutput,
  ListRoleTagsCommand,
  type ListRoleTagsCommandInput,
  type ListRoleTagsCommandOutput,
  PutRolePolicyCommand,
  type PutRolePolicyCommandInput,
  type PutRolePolicyCommandOutput,
  TagRoleCommand,
  type TagRoleCommandInput,
  type TagRoleCommandOutput,
  UntagRoleCommand,
  type UntagRoleCommandInput,
  type UntagRoleCommandOutput,
  UpdateAssumeRolePolicyCommand,
  type UpdateAssumeRolePolicyCommandInput,
  type UpdateAssumeRolePolicyCommandOutput,
  UpdateRoleCommand,
  type UpdateRoleCommandInput,
  type UpdateRoleCommandOutput,
} from '@aws-sdk/client-iam';
import type { ResourceAddress } from '../../model/resource.js';
import type { WriteContext } from '../types.js';

/** The IAM read operations the adapter uses, and nothing else. */
export interface IamReadClient {
  getRole(input: GetRoleCommandInput): Promise<GetRoleCommandOutput>;
  listRolePolicies(input: ListRolePoliciesCommandInput): Promise<ListRolePoliciesCommandOutput>;
  getRolePolicy(input: GetRolePolicyCommandInput): Promise<GetRolePolicyCommandOutput>;
  listAttachedRolePolicies(
    input: ListAttachedRolePoliciesCommandInput,
  ): Promise<ListAttachedRolePoliciesCommandOutput>;
  listRoleTags(input: ListRoleTagsCommandInput): Promise<ListRoleTagsCommandOutput>;
}

/** The read operations plus the mutating ones; each mutating call goes through `ctx.mutate`. */
export interface IamWriteClient extends IamReadClient {
  createRole(input: CreateRoleCommandInput): Promise<CreateRoleCommandOutput>;
  updateAssumeRolePolicy(
    input: UpdateAssumeRolePolicyCommandInput,
  ): Promise<UpdateAssumeRolePolicyCommandOutput>;
  updateRole(input: UpdateRoleCommandInput): Promise<UpdateRoleCommandOutput>;
  putRolePolicy(input: PutRolePolicyCommandInput): Promise<PutRolePolicyCommandOutput>;
  deleteRolePolicy(input: DeleteRolePolicyCommandInput): Promise<DeleteRolePolicyCommandOutput>;
  attachRolePolicy(input: AttachRolePolicyCommandInput): Promise<AttachRolePolicyCommandOutput>;
  detachRolePolicy(input: DetachRolePolicyCommandInput): Promise<DetachRolePolicyCommandOutput>;
  tagRole(input: TagRoleCommandInput): Promise<TagRoleCommandOutput>;
  untagRole(input: UntagRoleCommandInput): Promise<UntagRoleCommandOutput>;
  deleteRole(input: DeleteRoleCommandInput): Promise<DeleteRoleCommandOutput>;
}

/** Wraps an SDK client into the narrow read client. */
export function iamReadClient(sdk: IAMClient): IamReadClient {
  return {
    getRole: (input) => sdk.send(new GetRoleCommand(input)),
    listRolePolicies: (input) => sdk.send(new ListRolePoliciesCommand(input)),
    getRolePolicy: (input) => sdk.send(new GetRolePolicyCommand(input)),
    listAttachedRolePolicies: (input) => sdk.send(new ListAttachedRolePoliciesCommand(input)),
    listRoleTags: (input) => sdk.send(new ListRoleTagsCommand(input)),
  };
}

/**
 * Wraps an SDK client into the write client for one resource: every mutating operation runs through
 * `ctx.mutate('iam', <Operation>, address, ...)`.
 */
export function iamWriteClient(sdk: IAMClient, ctx: WriteContext, address: ResourceAddress): IamWriteClient {
  const m = <T>(operation: string, call: () => Promise<T>) => ctx.mutate('iam', operation, address, call);
  return {
    ...iamReadClient(sdk),
    createRole: (input) => m('CreateRole', () => sdk.send(new CreateRoleCommand(input))),
    updateAssumeRolePolicy: (input) =>
      m('UpdateAssumeRolePolicy', () => sdk.send(new UpdateAssumeRolePolicyCommand(input))),
    updateRole: (input) => m('UpdateRole', () => sdk.send(new UpdateRoleCommand(input))),
    putRolePolicy: (input) => m('PutRolePolicy', () => sdk.send(new PutRolePolicyCommand(input))),
    deleteRolePolicy: (input) => m('DeleteRolePolicy', () => sdk.send(new DeleteRolePolicyCommand(input))),
    attachRolePolicy: (input) => m('AttachRolePolicy', () => sdk.send(new AttachRolePolicyCommand(input))),
    detachRolePolicy: (input) => m('DetachRolePolicy', () => sdk.send(new DetachRolePolicyCommand(input))),
    tagRole: (input) => m('TagRole', () => sdk.send(new TagRoleCommand(input))),
    untagRole: (input) => m('UntagRole', () => sdk.send(new UntagRoleCommand(input))),
    deleteRole: (input) => m('DeleteRole', () => sdk.send(new DeleteRoleCommand(input))),
  };
}
