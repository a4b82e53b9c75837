/** iam.roles -> iam.role and rds.instances -> rds.instance resources. Pure. */
import type { IamRoleAttrs, RdsInstanceAttrs } from '../../src/model/attrs.js';
import { KINDS } from '../../src/model/kinds/index.js';
import { canonicalPolicy, type PolicyDocument } from '../../src/model/policy.js';
import type { DesiredResource } from '../../src/model/state.js';
import { backupWindowMinutes, checkDbInstanceId, checkIamPath, checkRoleName } from '../aws-facts.js';
import { expected, expectedGot, type SpecPath } from '../issues.js';
import type { PolicyDocumentInput } from '../schema/common.js';
import { type Deps, defined, type MapContext, makeResource } from './context.js';

/** Checks statements (exactly one of Action/NotAction; trust policies need a Principal) and canonicalises. */
export function mapPolicy(
  ctx: MapContext,
  doc: PolicyDocumentInput,
  path: SpecPath,
  trust = false,
): PolicyDocument {
  doc.Statement.forEach((s, i) => {
    if ((s.Action === undefined) === (s.NotAction === undefined))
      ctx.issues.add(
        [...path, 'Statement', i],
        expectedGot('exactly one of Action or NotAction', s.Action === undefined ? 'neither' : 'both'),
      );
    if (trust && s.Principal === undefined && s.NotPrincipal === undefined)
      ctx.issues.add(
        [...path, 'Statement', i],
        expectedGot('a Principal in a trust policy statement', 'none'),
      );
  });
  return canonicalPolicy(doc);
}

/** Maps every valid role. */
export function mapRoles(ctx: MapContext): DesiredResource<'iam.role'>[] {
  const out: DesiredResource<'iam.role'>[] = [];
  for (const [name, role] of Object.entries(ctx.spec.roles)) {
    const path: SpecPath = ['iam', 'roles', name];
    const badName = checkRoleName(name);
    if (badName) ctx.issues.add(path, expected(`a valid IAM role name (${badName})`, name), true);
    const rolePath = role.path ?? KINDS['iam.role'].defaults.path;
    const badPath = checkIamPath(rolePath);
    if (badPath) ctx.issues.add([...path, 'path'], expected(`a valid IAM path (${badPath})`, rolePath));
    let inlinePolicies: Record<string, PolicyDocument> | undefined;
    if (role.inlinePolicies) {
      inlinePolicies = {};
      for (const key of Object.keys(role.inlinePolicies).sort()) {
        const doc = role.inlinePolicies[key] as PolicyDocumentInput;
        inlinePolicies[key] = mapPolicy(ctx, doc, [...path, 'inlinePolicies', key]);
      }
    }
    const attrs: IamRoleAttrs = {
      path: rolePath,
      ...defined({
        description: role.description,
        assumeRolePolicy: role.trustPolicy
          ? mapPolicy(ctx, role.trustPolicy, [...path, 'trustPolicy'], true)
          : undefined,
        inlinePolicies,
        managedPolicyArns: role.managedPolicyArns ? [...new Set(role.managedPolicyArns)].sort() : undefined,
        maxSessionDuration: role.maxSessionDuration,
        tags: role.tags ? { ...role.tags } : undefined,
      }),
    };
    out.push(makeResource(ctx, 'iam.role', name, null, attrs, new Set() as Deps, role, path));
  }
  return out;
}

/** Maps every valid DB instance. */
export function mapDbInstances(ctx: MapContext): DesiredResource<'rds.instance'>[] {
  const out: DesiredResource<'rds.instance'>[] = [];
  for (const [id, db] of Object.entries(ctx.spec.instances)) {
    const path: SpecPath = ['rds', 'instances', id];
    const badId = checkDbInstanceId(id);
    if (badId) ctx.issues.add(path, expected(`a valid DB instance identifier (${badId})`, id), true);
    if (db.preferredBackupWindow !== undefined) {
      const minutes = backupWindowMinutes(db.preferredBackupWindow);
      if (typeof minutes === 'string' || minutes < 30)
        ctx.issues.add(
          [...path, 'preferredBackupWindow'],
          expected('a UTC window hh:mm-hh:mm of at least 30 minutes', db.preferredBackupWindow) +
            (typeof minutes === 'number' ? ` (${minutes} minutes)` : ''),
        );
    }
    const attrs: RdsInstanceAttrs = {
      region: db.region,
      ...defined({
        backupRetentionPeriod: db.backupRetentionDays,
        preferredBackupWindow: db.preferredBackupWindow,
        copyTagsToSnapshot: db.copyTagsToSnapshot,
      }),
    };
    out.push(makeResource(ctx, 'rds.instance', id, db.region, attrs, new Set(), db, path));
  }
  return out;
}
