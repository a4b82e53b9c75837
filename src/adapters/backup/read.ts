/**
 * Reads AWS Backup vaults, plans and selections, per region:
 * - vaults: one paginated ListBackupVaults per region (carries the lock fields), ListTags per vault;
 * - plans: one paginated ListBackupPlans per region (plans are found by NAME; ids are AWS's
 *   business), then GetBackupPlan and ListTags per declared plan;
 * - selections: the plan's ListBackupSelections, then GetBackupSelection per declared selection.
 */
import type {
  BackupPlansListMember,
  BackupSelectionsListMember,
  BackupVaultListMember,
} from '@aws-sdk/client-backup';
import type { BackupPlanAttrs, BackupSelectionAttrs, BackupVaultAttrs } from '../../model/attrs.js';
import type { ResourceAddress, ResourceKind } from '../../model/resource.js';
import type { DesiredResource, Observation } from '../../model/state.js';
import { awsErrorCode, classifyReadError, mapBounded } from '../kit.js';
import type { ReadContext } from '../types.js';
import { jsonRaw } from '../unmanaged.js';
import { BACKUP_CLIENT, type BackupReadClient } from './client.js';
import {
  normalizePlan,
  normalizeSelection,
  normalizeVault,
  type PlanFacts,
  splitSelectionName,
  type VaultFacts,
} from './normalize.js';

type BackupKind = 'backup.vault' | 'backup.plan' | 'backup.selection';

/** The region of a declared backup resource (address region, else attrs). */
export function regionOf(r: DesiredResource<BackupKind>): string {
  return r.region ?? r.attrs.region;
}

/** True for AWS Backup's "not found" error. */
export function isNotFound(e: unknown): boolean {
  return awsErrorCode(e) === 'ResourceNotFoundException';
}

function groupByRegion<K extends BackupKind>(resources: readonly DesiredResource<K>[]) {
  const out = new Map<string, DesiredResource<K>[]>();
  for (const r of resources) out.set(regionOf(r), [...(out.get(regionOf(r)) ?? []), r]);
  return out;
}

async function pages<T>(
  page: (token: string | undefined) => Promise<{ items: readonly T[] | undefined; next: string | undefined }>,
): Promise<T[]> {
  const out: T[] = [];
  let token: string | undefined;
  do {
    const res = await page(token);
    out.push(...(res.items ?? []));
    token = res.next;
  } while (token);
  return out;
}

/** Every vault of the client's region, by name. */
export async function listVaults(client: BackupReadClient): Promise<Map<string, BackupVaultListMember>> {
  const all = await pages(async (NextToken) => {
    const r = await client.listBackupVaults({ ...(NextToken ? { NextToken } : {}) });
    return { items: r.BackupVaultList, next: r.NextToken };
  });
  return new Map(all.flatMap((v) => (v.BackupVaultName ? [[v.BackupVaultName, v] as const] : [])));
}

/** The tags of a vault or plan ARN. */
export async function listTags(client: BackupReadClient, arn: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  let token: string | undefined;
  do {
    const r = await client.listTags({ ResourceArn: arn, ...(token ? { NextToken: token } : {}) });
    Object.assign(out, r.Tags ?? {});
    token = r.NextToken;
  } while (token);
  return out;
}

/** A vault as read: attributes and facts. */
export interface LiveVault {
  readonly attrs: BackupVaultAttrs;
  readonly facts: VaultFacts;
}

/** Reads one vault from a ListBackupVaults member (adds its tags; `withTags` false: tags left unread). */
export async function readVaultMember(
  client: BackupReadClient,
  member: BackupVaultListMember,
  region: string,
  withTags = true,
): Promise<LiveVault> {
  if (!withTags) {
    const { attrs, facts } = normalizeVault(member, region, {});
    const { tags: _unread, ...rest } = attrs;
    return { attrs: rest, facts };
  }
  const tags = member.BackupVaultArn ? await listTags(client, member.BackupVaultArn) : {};
  return normalizeVault(member, region, tags);
}

function unreadableAll<K extends ResourceKind>(
  out: Map<ResourceAddress, Observation<K>>,
  list: readonly DesiredResource<K>[],
  e: unknown,
  operation: string,
): void {
  for (const r of list) out.set(r.address, classifyReadError(e, operation));
}

/** KindAdapter.read for `backup.vault`. */
export async function readVaults(
  ctx: ReadContext,
  resources: readonly DesiredResource<'backup.vault'>[],
): Promise<ReadonlyMap<ResourceAddress, Observation<'backup.vault'>>> {
  const out = new Map<ResourceAddress, Observation<'backup.vault'>>();
  await mapBounded([...groupByRegion(resources)], ctx.concurrency, async ([region, list]) => {
    const client = BACKUP_CLIENT.reader(ctx.pool, region);
    let vaults: Map<string, BackupVaultListMember>;
    try {
      vaults = await listVaults(client);
    } catch (e) {
      unreadableAll(out, list, e, 'ListBackupVaults');
      return;
    }
    await mapBounded(list, ctx.concurrency, async (r) => {
      const member = vaults.get(r.name);
      if (!member) return void out.set(r.address, { status: 'absent' });
      try {
        const withTags = ctx.scope !== 'managed' || r.attrs.tags !== undefined;
        out.set(r.address, {
          status: 'present',
          ...(await readVaultMember(client, member, region, withTags)),
        });
      } catch (e) {
        out.set(r.address, classifyReadError(e));
      }
    });
  });
  return out;
}

/** Every (not deleted) plan of the client's region, by name (several plans may share a name). */
export async function listPlans(client: BackupReadClient): Promise<Map<string, BackupPlansListMember[]>> {
  const all = await pages(async (NextToken) => {
    const r = await client.listBackupPlans({ ...(NextToken ? { NextToken } : {}) });
    return { items: r.BackupPlansList, next: r.NextToken };
  });
  const out = new Map<string, BackupPlansListMember[]>();
  for (const p of all) {
    if (!p.BackupPlanName || !p.BackupPlanId || p.DeletionDate) continue;
    out.set(p.BackupPlanName, [...(out.get(p.BackupPlanName) ?? []), p]);
  }
  return out;
}

/** A plan name matched more than one live plan: which one we manage cannot be decided. */
export class AmbiguousPlanError extends Error {
  constructor(name: string, ids: readonly string[]) {
    super(`${ids.length} backup plans are named ${name} (ids ${ids.join(', ')}); plan names must be unique`);
    this.name = 'AmbiguousPlan';
  }
}

/** The one live plan with this name; undefined when none. Throws AmbiguousPlanError for several. */
export function findPlan(
  plans: ReadonlyMap<string, readonly BackupPlansListMember[]>,
  name: string,
): BackupPlansListMember | undefined {
  const found = plans.get(name) ?? [];
  if (found.length > 1)
    throw new AmbiguousPlanError(
      name,
      found.map((p) => p.BackupPlanId ?? '?'),
    );
  return found[0];
}

/** A plan as read. */
export interface LivePlan {
  readonly attrs: BackupPlanAttrs;
  readonly facts: PlanFacts;
  /** AdvancedBackupSettings as AWS holds them (kept on update; not part of attrs). */
  readonly advancedBackupSettings: NonNullable<BackupPlansListMember['AdvancedBackupSettings']>;
  /** The plan document (GetBackupPlan's BackupPlan) as JSON: what UpdateBackupPlan keeps unmodelled fields from. */
  readonly raw: unknown;
}

/**
 * Reads one plan by its id (GetBackupPlan + ListTags; `withTags` false: tags left unread);
 * undefined when it no longer exists.
 */
export async function readPlanById(
  client: BackupReadClient,
  region: string,
  planId: string,
  withTags = true,
): Promise<LivePlan | undefined> {
  try {
    const plan = await client.getBackupPlan({ BackupPlanId: planId });
    if (plan.DeletionDate) return undefined;
    const tags = withTags && plan.BackupPlanArn ? await listTags(client, plan.BackupPlanArn) : {};
    const normalized = normalizePlan(plan, region, tags);
    const { tags: _unread, ...untagged } = normalized.attrs;
    return {
      ...normalized,
      attrs: withTags ? normalized.attrs : untagged,
      advancedBackupSettings: plan.AdvancedBackupSettings ?? plan.BackupPlan?.AdvancedBackupSettings ?? [],
      raw: jsonRaw(plan.BackupPlan ?? {}),
    };
  } catch (e) {
    if (isNotFound(e)) return undefined;
    throw e;
  }
}

/**
 * Per region of the given resources: lists the region's AWS Backup plans once, then hands them on.
 * A failed listing makes that region's resources unreadable.
 */
async function forEachRegionWithPlans<K extends BackupKind>(
  ctx: ReadContext,
  resources: readonly DesiredResource<K>[],
  out: Map<ResourceAddress, Observation<K>>,
  each: (
    client: BackupReadClient,
    region: string,
    plans: Map<string, BackupPlansListMember[]>,
    list: readonly DesiredResource<K>[],
  ) => Promise<void>,
): Promise<void> {
  await mapBounded([...groupByRegion(resources)], ctx.concurrency, async ([region, list]) => {
    const client = BACKUP_CLIENT.reader(ctx.pool, region);
    let plans: Map<string, BackupPlansListMember[]>;
    try {
      plans = await listPlans(client);
    } catch (e) {
      unreadableAll(out, list, e, 'ListBackupPlans');
      return;
    }
    await each(client, region, plans, list);
  });
}

/** KindAdapter.read for `backup.plan`. */
export async function readPlans(
  ctx: ReadContext,
  resources: readonly DesiredResource<'backup.plan'>[],
): Promise<ReadonlyMap<ResourceAddress, Observation<'backup.plan'>>> {
  const out = new Map<ResourceAddress, Observation<'backup.plan'>>();
  await forEachRegionWithPlans(ctx, resources, out, async (client, region, plans, list) => {
    await mapBounded(list, ctx.concurrency, async (r) => {
      try {
        const member = findPlan(plans, r.name);
        const withTags = ctx.scope !== 'managed' || r.attrs.tags !== undefined;
        const live = member?.BackupPlanId
          ? await readPlanById(client, region, member.BackupPlanId, withTags)
          : undefined;
        out.set(
          r.address,
          live
            ? { status: 'present', attrs: live.attrs, facts: live.facts, raw: { plan: live.raw } }
            : { status: 'absent' },
        );
      } catch (e) {
        out.set(r.address, classifyReadError(e));
      }
    });
  });
  return out;
}

/** The plan and selection names of a declared selection (attrs first, else the `<plan>/<sel>` name). */
export function selectionNames(r: DesiredResource<'backup.selection'>): { plan: string; selection: string } {
  if (r.attrs.plan && r.attrs.selectionName) return { plan: r.attrs.plan, selection: r.attrs.selectionName };
  return splitSelectionName(r.name);
}

/** Every selection of a plan, by selection name (several may share a name). */
export async function listSelections(
  client: BackupReadClient,
  planId: string,
): Promise<Map<string, BackupSelectionsListMember[]>> {
  const all = await pages(async (NextToken) => {
    const r = await client.listBackupSelections({
      BackupPlanId: planId,
      ...(NextToken ? { NextToken } : {}),
    });
    return { items: r.BackupSelectionsList, next: r.NextToken };
  });
  const out = new Map<string, BackupSelectionsListMember[]>();
  for (const s of all) {
    if (s.SelectionName) out.set(s.SelectionName, [...(out.get(s.SelectionName) ?? []), s]);
  }
  return out;
}

/** Facts of a selection: its id and its plan's id (selections have no ARN). */
export type SelectionFacts = { readonly id: string; readonly planId: string };

/** A selection as read. */
export interface LiveSelection {
  readonly attrs: BackupSelectionAttrs;
  readonly facts: SelectionFacts;
}

/** Reads one selection of a known plan; undefined when absent. */
export async function readSelectionOfPlan(
  client: BackupReadClient,
  region: string,
  planName: string,
  planId: string,
  selectionName: string,
  selections?: ReadonlyMap<string, readonly BackupSelectionsListMember[]>,
): Promise<LiveSelection | undefined> {
  const listed = (selections ?? (await listSelections(client, planId))).get(selectionName) ?? [];
  if (listed.length > 1) {
    // Names are display names, not keys: an interrupted selection change (created the new one, could
    // not delete the old one) leaves two. Which one the spec means cannot be told: say how to fix it.
    const ids = [...listed]
      .sort((a, b) => (a.CreationDate?.getTime() ?? 0) - (b.CreationDate?.getTime() ?? 0))
      .map((m) => `${m.SelectionId} (created ${m.CreationDate?.toISOString() ?? 'at an unknown time'})`);
    throw new Error(
      `${listed.length} selections of backup plan ${planName} are named ${selectionName}: ${ids.join(', ')}; ` +
        `delete all but one (usually the oldest are left over from an interrupted change): aws backup delete-backup-selection --backup-plan-id ${planId} --selection-id ID --region ${region}`,
    );
  }
  const selectionId = listed[0]?.SelectionId;
  if (!selectionId) return undefined;
  try {
    const got = await client.getBackupSelection({ BackupPlanId: planId, SelectionId: selectionId });
    if (!got.BackupSelection) return undefined;
    return {
      attrs: normalizeSelection(got.BackupSelection, region, planName),
      facts: { id: selectionId, planId },
    };
  } catch (e) {
    if (isNotFound(e)) return undefined;
    throw e;
  }
}

/** KindAdapter.read for `backup.selection`: a selection whose plan is absent is absent. */
export async function readSelections(
  ctx: ReadContext,
  resources: readonly DesiredResource<'backup.selection'>[],
): Promise<ReadonlyMap<ResourceAddress, Observation<'backup.selection'>>> {
  const out = new Map<ResourceAddress, Observation<'backup.selection'>>();
  await forEachRegionWithPlans(ctx, resources, out, async (client, region, plans, list) => {
    const byPlan = new Map<string, DesiredResource<'backup.selection'>[]>();
    for (const r of list) {
      const { plan } = selectionNames(r);
      byPlan.set(plan, [...(byPlan.get(plan) ?? []), r]);
    }
    await mapBounded([...byPlan], ctx.concurrency, async ([planName, sels]) => {
      try {
        const plan = findPlan(plans, planName);
        if (!plan?.BackupPlanId) {
          for (const r of sels) out.set(r.address, { status: 'absent' });
          return;
        }
        const planId = plan.BackupPlanId;
        const listed = await listSelections(client, planId);
        await mapBounded(sels, ctx.concurrency, async (r) => {
          try {
            const live = await readSelectionOfPlan(
              client,
              region,
              planName,
              planId,
              selectionNames(r).selection,
              listed,
            );
            out.set(r.address, live ? { status: 'present', ...live } : { status: 'absent' });
          } catch (e) {
            out.set(r.address, classifyReadError(e));
          }
        });
      } catch (e) {
        ctx.logger?.warn({ region, plan: planName, code: awsErrorCode(e) }, 'backup selections unreadable');
        unreadableAll(out, sels, e, 'ListBackupSelections');
      }
    });
  });
  return out;
}
