/** backup.vaults / backup.plans (+ selections) -> backup.* resources. Pure. */
import { dbInstanceArn, looksLikeArn, PARTITION, parseVaultArn, vaultArn } from '../../src/model/arn.js';
import type {
  BackupCopyAction,
  BackupLifecycle,
  BackupPlanAttrs,
  BackupRestoreTestingPlanAttrs,
  BackupRule,
  BackupSelectionAttrs,
  BackupVaultAttrs,
  RestoreTestingSelectionAttrs,
} from '../../src/model/attrs.js';
import { addressOf } from '../../src/model/resource.js';
import type { DesiredResource } from '../../src/model/state.js';
import { checkScheduleExpression } from '../aws-facts.js';
import { expected, type SpecPath } from '../issues.js';
import type { BackupLifecycleInput, PlanInput } from '../schema/backup.js';
import {
  awsName,
  checkUnique,
  type Deps,
  dangling,
  defined,
  findLabelled,
  type MapContext,
  makeResource,
  own,
  resolveBucket,
  resolveRole,
  sortBy,
} from './context.js';

const VAULT_NAME = /^[a-zA-Z0-9\-_]{2,50}$/;
const PLAN_NAME = /^[a-zA-Z0-9\-_.]{1,50}$/;

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** `deleteAfterDays >= moveToColdStorageAfterDays + 90`. */
function checkLifecycle(ctx: MapContext, lc: BackupLifecycleInput, path: SpecPath): BackupLifecycle {
  const { moveToColdStorageAfterDays: cold, deleteAfterDays: del } = lc;
  if (cold !== undefined && del !== undefined && del < cold + 90)
    ctx.issues.add(
      [...path, 'deleteAfterDays'],
      expected(
        `at least moveToColdStorageAfterDays + 90 = ${cold + 90} days (recovery points stay 90 days in cold storage)`,
        del,
      ),
    );
  // AWS echoes OptInToArchiveForSupportedResources only when true: an explicit false is the default.
  const { optInToArchiveForSupportedResources: optIn, ...rest } = lc;
  return defined({ ...rest, ...(optIn === true ? { optInToArchiveForSupportedResources: true } : {}) });
}

/** Maps every valid vault. */
export function mapVaults(ctx: MapContext): DesiredResource<'backup.vault'>[] {
  const out: DesiredResource<'backup.vault'>[] = [];
  for (const [label, v] of Object.entries(ctx.spec.vaults)) {
    const path: SpecPath = ['backup', 'vaults', label];
    const name = awsName(label, v);
    if (!VAULT_NAME.test(name))
      ctx.issues.add(
        v.name ? [...path, 'name'] : path,
        expected('a vault name of 2-50 letters, digits, - or _', name),
        !v.name,
      );
    let lock: BackupVaultAttrs['lock'];
    if (v.lock === null) lock = null;
    else if (v.lock) {
      const { minRetentionDays: min, maxRetentionDays: max } = v.lock;
      if (min !== undefined && max !== undefined && max < min)
        ctx.issues.add(
          [...path, 'lock', 'maxRetentionDays'],
          expected(`at least minRetentionDays (${min})`, max),
        );
      lock = defined({ ...v.lock });
    }
    const attrs: BackupVaultAttrs = {
      region: v.region,
      ...defined({ encryptionKeyArn: v.encryptionKeyArn, tags: v.tags ? { ...v.tags } : undefined }),
      ...(lock !== undefined ? { lock } : {}),
    };
    out.push(makeResource(ctx, 'backup.vault', name, v.region, attrs, new Set(), v, path));
  }
  return out;
}

function mapRule(
  ctx: MapContext,
  plan: PlanInput,
  rule: NonNullable<PlanInput['rules']>[number],
  path: SpecPath,
  deps: Deps,
): BackupRule {
  if (!PLAN_NAME.test(rule.name))
    ctx.issues.add([...path, 'name'], expected('a rule name of 1-50 letters, digits, -, _ or .', rule.name));
  const badSchedule = checkScheduleExpression(rule.schedule);
  if (badSchedule)
    ctx.issues.add([...path, 'schedule'], expected(`a valid schedule: ${badSchedule}`, rule.schedule));
  if (!isTimeZone(rule.scheduleTimezone))
    ctx.issues.add(
      [...path, 'scheduleTimezone'],
      expected('an IANA time zone such as Etc/UTC or Europe/Paris', rule.scheduleTimezone),
    );
  if (rule.continuousBackup) {
    const del = rule.lifecycle.deleteAfterDays;
    if (del === undefined || del > 35)
      ctx.issues.add(
        [...path, 'lifecycle', 'deleteAfterDays'],
        expected('at most 35 days: continuous backup (PITR) keeps recovery points 1 to 35 days', del),
      );
    if (rule.lifecycle.moveToColdStorageAfterDays !== undefined)
      ctx.issues.add(
        [...path, 'lifecycle', 'moveToColdStorageAfterDays'],
        expected('no cold storage for continuous backup', rule.lifecycle.moveToColdStorageAfterDays),
      );
  }
  // The target vault lives in the plan's region; AWS stores its NAME.
  let targetVault = rule.vault;
  const found = findLabelled(ctx.spec.vaults, rule.vault, plan.region);
  if (found) {
    targetVault = awsName(found.label, found.value);
    if (found.value.region !== plan.region)
      ctx.issues.add(
        [...path, 'vault'],
        expected(`a vault in the plan's region ${plan.region}`, rule.vault) +
          ` (it is in ${found.value.region})`,
      );
    else deps.add(addressOf('backup.vault', targetVault, found.value.region));
  } else if (!ctx.declared.vaults.has(rule.vault)) {
    dangling(
      ctx,
      [...path, 'vault'],
      'a vault declared under backup.vaults',
      rule.vault,
      Object.keys(ctx.spec.vaults),
    );
  }
  checkUnique(ctx, rule.copyTo, (c) => c.vault, [...path, 'copyTo'], 'vault', 'destination vault');
  // A copy into the vault the rule backs up to copies nothing (AWS refuses the copy job).
  const ownVault = (c: { readonly vault: string }, i: number, region: string, vaultName: string) => {
    if (region === plan.region && vaultName === targetVault)
      ctx.issues.add(
        [...path, 'copyTo', i, 'vault'],
        expected(
          `a vault other than the rule's own vault ${targetVault} (a copy needs another vault, usually in another region)`,
          c.vault,
        ),
      );
  };
  const copyActions: BackupCopyAction[] = rule.copyTo.map((c, i) => {
    const cPath = [...path, 'copyTo', i];
    const lifecycle = checkLifecycle(ctx, c.lifecycle, [...cPath, 'lifecycle']);
    if (looksLikeArn(c.vault)) {
      const m = parseVaultArn(c.vault);
      if (m?.partition !== PARTITION)
        ctx.issues.add(
          [...cPath, 'vault'],
          expected('a vault ARN (arn:aws:backup:<region>:<account>:backup-vault:<name>)', c.vault),
        );
      else if (m.account === ctx.spec.account) {
        ownVault(c, i, m.region, m.name);
        const declared = Object.entries(ctx.spec.vaults).find(
          ([l, v]) => v.region === m.region && awsName(l, v) === m.name,
        );
        if (declared) deps.add(addressOf('backup.vault', m.name, m.region));
      }
      return { destinationVaultArn: c.vault, lifecycle };
    }
    const dest = findLabelled(ctx.spec.vaults, c.vault);
    if (!dest) {
      if (!ctx.declared.vaults.has(c.vault))
        dangling(
          ctx,
          [...cPath, 'vault'],
          'a vault declared under backup.vaults, or a vault ARN',
          c.vault,
          Object.keys(ctx.spec.vaults),
        );
      return { destinationVaultArn: c.vault, lifecycle };
    }
    const destName = awsName(dest.label, dest.value);
    ownVault(c, i, dest.value.region, destName);
    deps.add(addressOf('backup.vault', destName, dest.value.region));
    return { destinationVaultArn: vaultArn(ctx.spec.account, dest.value.region, destName), lifecycle };
  });
  return {
    name: rule.name,
    targetVault,
    schedule: rule.schedule,
    scheduleTimezone: rule.scheduleTimezone,
    startWindowMinutes: rule.startWindowMinutes,
    completionWindowMinutes: rule.completionWindowMinutes,
    enableContinuousBackup: rule.continuousBackup,
    lifecycle: checkLifecycle(ctx, rule.lifecycle, [...path, 'lifecycle']),
    copyActions: sortBy(copyActions, (c) => c.destinationVaultArn),
    ...(rule.recoveryPointTags && Object.keys(rule.recoveryPointTags).length > 0
      ? { recoveryPointTags: { ...rule.recoveryPointTags } }
      : {}),
  };
}

type SelectionRef = NonNullable<NonNullable<PlanInput['selections']>[string]['resources']>[number];

function mapSelectionResource(ctx: MapContext, ref: SelectionRef, path: SpecPath, deps: Deps): string {
  if (typeof ref === 'string') {
    if (ref !== '*' && !looksLikeArn(ref))
      ctx.issues.add(path, expected('an ARN, "*", {rdsInstance: <id>} or {bucket: <name>}', ref));
    return ref;
  }
  if ('rdsInstance' in ref) {
    const id = ref.rdsInstance;
    const db = own(ctx.spec.instances, id);
    if (db) {
      deps.add(addressOf('rds.instance', id, db.region));
      return dbInstanceArn(ctx.spec.account, db.region, id);
    }
    if (!ctx.declared.instances.has(id))
      dangling(
        ctx,
        [...path, 'rdsInstance'],
        'a DB instance declared under rds.instances',
        id,
        Object.keys(ctx.spec.instances),
      );
    return id;
  }
  return resolveBucket(ctx, ref.bucket, [...path, 'bucket'], deps).arn;
}

/** Maps every valid plan and its selections. */
export function mapPlans(ctx: MapContext): DesiredResource[] {
  const out: DesiredResource[] = [];
  for (const [label, plan] of Object.entries(ctx.spec.plans)) {
    const path: SpecPath = ['backup', 'plans', label];
    const name = awsName(label, plan);
    if (!PLAN_NAME.test(name))
      ctx.issues.add(
        plan.name ? [...path, 'name'] : path,
        expected('a plan name of 1-50 letters, digits, -, _ or .', name),
        !plan.name,
      );
    const deps: Deps = new Set();
    let rules: BackupRule[] | undefined;
    if (plan.rules) {
      checkUnique(ctx, plan.rules, (r) => r.name, [...path, 'rules'], 'name', 'rule name');
      rules = sortBy(
        plan.rules.map((r, i) => mapRule(ctx, plan, r, [...path, 'rules', i], deps)),
        (r) => r.name,
      );
    }
    const attrs: BackupPlanAttrs = {
      region: plan.region,
      ...defined({ rules, tags: plan.tags ? { ...plan.tags } : undefined }),
    };
    const planResource = makeResource(ctx, 'backup.plan', name, plan.region, attrs, deps, plan, path);
    out.push(planResource);
    for (const [selName, sel] of Object.entries(plan.selections ?? {})) {
      const sPath: SpecPath = [...path, 'selections', selName];
      if (!PLAN_NAME.test(selName))
        ctx.issues.add(sPath, expected('a selection name of 1-50 letters, digits, -, _ or .', selName), true);
      const sDeps: Deps = new Set([planResource.address]);
      const list = (refs: readonly SelectionRef[] | undefined, key: string) =>
        refs
          ? [...new Set(refs.map((r, i) => mapSelectionResource(ctx, r, [...sPath, key, i], sDeps)))].sort()
          : undefined;
      const attrs: BackupSelectionAttrs = {
        region: plan.region,
        plan: name,
        selectionName: selName,
        iamRoleArn: resolveRole(ctx, sel.role, [...sPath, 'role'], sDeps),
        ...defined({
          resources: list(sel.resources, 'resources'),
          notResources: list(sel.notResources, 'notResources'),
          tagConditions: sel.tagConditions
            ? [...sel.tagConditions]
                .map((t) => ({ key: t.key, value: t.value }))
                .sort((a, b) =>
                  a.key === b.key
                    ? a.value < b.value
                      ? -1
                      : a.value > b.value
                        ? 1
                        : 0
                    : a.key < b.key
                      ? -1
                      : 1,
                )
            : undefined,
        }),
      };
      out.push(
        makeResource(ctx, 'backup.selection', `${name}/${selName}`, plan.region, attrs, sDeps, sel, sPath),
      );
    }
  }
  return out;
}

/** Restore testing plan and selection names: letters, digits, underscores (API_RestoreTestingPlanForCreate). */
const RESTORE_TESTING_NAME = /^[A-Za-z0-9_]{1,50}$/;

/** A vault reference of a restore testing plan: `*`, an ARN, or a declared vault's label or name. */
function restoreTestingVault(ctx: MapContext, ref: string, path: SpecPath, deps: Deps): string {
  if (ref === '*' || looksLikeArn(ref)) return ref;
  const found = findLabelled(ctx.spec.vaults, ref);
  if (!found) {
    if (!ctx.declared.vaults.has(ref))
      dangling(
        ctx,
        path,
        'a vault declared under backup.vaults, a vault ARN or "*"',
        ref,
        Object.keys(ctx.spec.vaults),
      );
    return ref;
  }
  const name = awsName(found.label, found.value);
  deps.add(addressOf('backup.vault', name, found.value.region));
  return vaultArn(ctx.spec.account, found.value.region, name);
}

/** Maps every valid restore testing plan (issue 16) with its selections. */
export function mapRestoreTesting(ctx: MapContext): DesiredResource<'backup.restoreTestingPlan'>[] {
  const out: DesiredResource<'backup.restoreTestingPlan'>[] = [];
  for (const [label, plan] of Object.entries(ctx.spec.restoreTesting)) {
    const path: SpecPath = ['backup', 'restoreTesting', label];
    const name = awsName(label, plan);
    if (!RESTORE_TESTING_NAME.test(name))
      ctx.issues.add(
        plan.name ? [...path, 'name'] : path,
        expected('a restore testing plan name of 1-50 letters, digits or underscores', name),
        !plan.name,
      );
    const scheduleProblem = checkScheduleExpression(plan.schedule);
    if (scheduleProblem)
      ctx.issues.add([...path, 'schedule'], expected(`a valid schedule: ${scheduleProblem}`, plan.schedule));
    if (!isTimeZone(plan.scheduleTimezone))
      ctx.issues.add(
        [...path, 'scheduleTimezone'],
        expected('an IANA time zone such as Etc/UTC', plan.scheduleTimezone),
      );
    const deps: Deps = new Set();
    const rp = plan.recoveryPoints;
    const vaults = (refs: readonly string[], key: string) =>
      [
        ...new Set(
          refs.map((r, i) => restoreTestingVault(ctx, r, [...path, 'recoveryPoints', key, i], deps)),
        ),
      ].sort();
    const selections: Record<string, RestoreTestingSelectionAttrs> = {};
    for (const [selName, sel] of Object.entries(plan.selections)) {
      const sPath: SpecPath = [...path, 'selections', selName];
      if (!RESTORE_TESTING_NAME.test(selName))
        ctx.issues.add(
          sPath,
          expected('a selection name of 1-50 letters, digits or underscores', selName),
          true,
        );
      const resources = [
        ...new Set(
          sel.resources.map((r, i) => mapSelectionResource(ctx, r, [...sPath, 'resources', i], deps)),
        ),
      ].sort();
      if (resources.includes('*') && resources.length > 1)
        ctx.issues.add(
          [...sPath, 'resources'],
          'expected specific resources or ["*"], not both (API_RestoreTestingSelectionForCreate)',
        );
      selections[selName] = {
        iamRoleArn: resolveRole(ctx, sel.role, [...sPath, 'role'], deps),
        resourceType: sel.resourceType,
        resources,
        validationWindowHours: sel.validationWindowHours,
      };
    }
    const attrs: BackupRestoreTestingPlanAttrs = {
      region: plan.region,
      schedule: plan.schedule,
      scheduleTimezone: plan.scheduleTimezone,
      startWindowHours: plan.startWindowHours,
      recoveryPoints: {
        algorithm: rp.algorithm,
        includeVaults: vaults(rp.vaults, 'vaults'),
        excludeVaults: vaults(rp.excludeVaults, 'excludeVaults'),
        recoveryPointTypes: [...new Set(rp.types)].sort(),
        selectionWindowDays: rp.selectionWindowDays,
      },
      selections,
    };
    out.push(makeResource(ctx, 'backup.restoreTestingPlan', name, plan.region, attrs, deps, plan, path));
  }
  return out;
}
