/**
 * Reads IAM roles: GetRole, then its inline policies (ListRolePolicies + GetRolePolicy), attached
 * managed policies (ListAttachedRolePolicies) and tags (ListRoleTags), all paginated. IAM is global:
 * one client, signed for the default region.
 */
import type { AttachedPolicy, Role, Tag } from '@aws-sdk/client-iam';
import type { IamRoleAttrs } from '../../model/attrs.js';
import type { ResourceAddress } from '../../model/resource.js';
import type { DesiredResource, Observation } from '../../model/state.js';
import { allInOrder, awsErrorCode, classifyReadError, mapBounded } from '../kit.js';
import type { ReadContext } from '../types.js';
import { IAM_CLIENT, type IamReadClient } from './client.js';
import { normalizeRole } from './normalize.js';

/** A role as read: normalised attributes plus facts (`arn`, `id`). */
export interface LiveRole {
  readonly attrs: IamRoleAttrs;
  readonly facts: { readonly arn: string; readonly id: string };
}

/** True for IAM's "no such role" error. */
export function isNoSuchEntity(e: unknown): boolean {
  return awsErrorCode(e) === 'NoSuchEntity' || awsErrorCode(e) === 'NoSuchEntityException';
}

async function listAll<T>(
  page: (marker: string | undefined) => Promise<{ items: readonly T[]; marker?: string | undefined }>,
): Promise<T[]> {
  const out: T[] = [];
  let marker: string | undefined;
  do {
    const res = await page(marker);
    out.push(...res.items);
    marker = res.marker;
  } while (marker);
  return out;
}

/**
 * Reads one role; undefined when it does not exist. Other errors (access denied, throttling) are
 * thrown for the caller to classify. `managed` (scope `managed`: the desired attrs): inline policies,
 * attached policies and tags are only listed when managed; the unread fields stay undefined.
 */
export async function readRole(
  client: IamReadClient,
  roleName: string,
  managed?: IamRoleAttrs,
): Promise<LiveRole | undefined> {
  const wants = (field: 'inlinePolicies' | 'managedPolicyArns' | 'tags') =>
    managed === undefined || managed[field] !== undefined;
  const skip = async (): Promise<never[]> => [];
  // GetRole and the list calls go together (one round trip); GetRole decides whether the role exists.
  let read: [Role | undefined, string[], AttachedPolicy[], Tag[]];
  try {
    read = await allInOrder<[Role | undefined, string[], AttachedPolicy[], Tag[]]>([
      client.getRole({ RoleName: roleName }).then((r) => r.Role),
      (wants('inlinePolicies') ? listAll : skip)(async (Marker) => {
        const r = await client.listRolePolicies({ RoleName: roleName, ...(Marker ? { Marker } : {}) });
        return { items: r.PolicyNames ?? [], marker: r.IsTruncated ? r.Marker : undefined };
      }),
      (wants('managedPolicyArns') ? listAll : skip)(async (Marker) => {
        const r = await client.listAttachedRolePolicies({
          RoleName: roleName,
          ...(Marker ? { Marker } : {}),
        });
        return { items: r.AttachedPolicies ?? [], marker: r.IsTruncated ? r.Marker : undefined };
      }),
      (wants('tags') ? listAll : skip)(async (Marker) => {
        const r = await client.listRoleTags({ RoleName: roleName, ...(Marker ? { Marker } : {}) });
        return { items: r.Tags ?? [], marker: r.IsTruncated ? r.Marker : undefined };
      }),
    ]);
  } catch (e) {
    if (isNoSuchEntity(e)) return undefined;
    throw e;
  }
  const [role, policyNames, attached, tags] = read;
  if (!role) return undefined;
  const inlinePolicies: Record<string, string> = {};
  const documents = await Promise.all(
    policyNames.map((name) => client.getRolePolicy({ RoleName: roleName, PolicyName: name })),
  );
  policyNames.forEach((name, i) => {
    inlinePolicies[name] = documents[i]?.PolicyDocument ?? '{"Statement":[]}';
  });
  const {
    inlinePolicies: inline,
    managedPolicyArns,
    tags: tagMap,
    ...rest
  } = normalizeRole({
    role,
    inlinePolicies,
    attachedPolicyArns: attached.flatMap((p) => (p.PolicyArn ? [p.PolicyArn] : [])),
    tags,
  });
  return {
    attrs: {
      ...rest,
      ...(wants('inlinePolicies') ? { inlinePolicies: inline } : {}),
      ...(wants('managedPolicyArns') ? { managedPolicyArns } : {}),
      ...(wants('tags') ? { tags: tagMap } : {}),
    } as IamRoleAttrs,
    facts: { arn: role.Arn ?? '', id: role.RoleId ?? '' },
  };
}

/** KindAdapter.read for `iam.role`: one observation per declared role. */
export async function readRoles(
  ctx: ReadContext,
  resources: readonly DesiredResource<'iam.role'>[],
): Promise<ReadonlyMap<ResourceAddress, Observation<'iam.role'>>> {
  const client = IAM_CLIENT.reader(ctx.pool);
  const results = await mapBounded(
    resources,
    ctx.concurrency,
    async (r): Promise<[ResourceAddress, Observation<'iam.role'>]> => {
      try {
        const live = await readRole(client, r.name, ctx.scope === 'managed' ? r.attrs : undefined);
        return [r.address, live ? { status: 'present', ...live } : { status: 'absent' }];
      } catch (e) {
        ctx.logger?.warn({ address: r.address, code: awsErrorCode(e) }, 'iam role unreadable');
        return [r.address, classifyReadError(e)];
      }
    },
  );
  return new Map(results);
}
