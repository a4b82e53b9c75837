/**
 * The IAM operations this adapter uses, declared once (see src/adapters/declared-client.ts): the read
 * client (what `--plan`, `--snapshot`, `--report` and `--import` get) has only the reads; the write
 * client adds the mutating ones, each routed through `ctx.mutate`.
 */
import {
  AttachRolePolicyCommand,
  CreateRoleCommand,
  DeleteRoleCommand,
  DeleteRolePolicyCommand,
  DetachRolePolicyCommand,
  GetRoleCommand,
  GetRolePolicyCommand,
  ListAttachedRolePoliciesCommand,
  ListRolePoliciesCommand,
  ListRoleTagsCommand,
  PutRolePolicyCommand,
  TagRoleCommand,
  UntagRoleCommand,
  UpdateAssumeRolePolicyCommand,
  UpdateRoleCommand,
} from '@aws-sdk/client-iam';
import { defineClient, type ReadClientOf, type WriteClientOf } from '../declared-client.js';

/** The IAM client declaration. IAM is global: clients sign for the pool's default region. */
export const IAM_CLIENT = defineClient('iam', {
  read: {
    GetRole: GetRoleCommand,
    ListRolePolicies: ListRolePoliciesCommand,
    GetRolePolicy: GetRolePolicyCommand,
    ListAttachedRolePolicies: ListAttachedRolePoliciesCommand,
    ListRoleTags: ListRoleTagsCommand,
  },
  write: {
    CreateRole: CreateRoleCommand,
    UpdateAssumeRolePolicy: UpdateAssumeRolePolicyCommand,
    UpdateRole: UpdateRoleCommand,
    PutRolePolicy: PutRolePolicyCommand,
    DeleteRolePolicy: DeleteRolePolicyCommand,
    AttachRolePolicy: AttachRolePolicyCommand,
    DetachRolePolicy: DetachRolePolicyCommand,
    TagRole: TagRoleCommand,
    UntagRole: UntagRoleCommand,
    DeleteRole: DeleteRoleCommand,
  },
});

/** The IAM read operations the adapter uses, and nothing else. */
export type IamReadClient = ReadClientOf<typeof IAM_CLIENT>;

/** The read operations plus the mutating ones; each mutating call goes through `ctx.mutate`. */
export type IamWriteClient = WriteClientOf<typeof IAM_CLIENT>;
