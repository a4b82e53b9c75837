/**
 * `reconcile permissions --for COMMAND`: the IAM policy that lets COMMAND do what it does for this
 * spec, and nothing else. Built from the command's declared operations (operationsFor, from the
 * declared clients) and the operation -> IAM action table (iam-actions.ts): every action comes from an
 * operation the command can call, every statement's Resource from the spec (ARNs built by the kind
 * registry), `*` only where the action has no resource type, each statement's Sid saying why its
 * Resource is what it is. Pure (no SDK, no I/O): the CLI command prints what this returns.
 */
import { bucketArn, parseTopicArn } from '../model/arn.js';
import { kindSpec } from '../model/kinds/index.js';
import type { ResourceKind } from '../model/resource.js';
import type { DesiredState } from '../model/state.js';
import {
  type OperationPermission,
  type PolicyCondition,
  permissionOf,
  type Scope,
  type ScopeContext,
} from './iam-actions.js';
import { type AwsCommand, COMMAND_ACCESS, type DeclaredOperation, operationsFor } from './operations.js';

/** One IAM policy statement, in the order of keys IAM shows. */
export interface PolicyStatement {
  readonly Sid: string;
  readonly Effect: 'Allow';
  readonly Action: readonly string[];
  readonly Resource: readonly string[];
  readonly Condition?: PolicyCondition;
}

/** An IAM identity policy document (IAM JSON policy reference: Version 2012-10-17). */
export interface PolicyDocument {
  readonly Version: '2012-10-17';
  readonly Statement: readonly PolicyStatement[];
}

/** What the policy was made of: the operations, their actions, and the notes for the reader. */
export interface PermissionsResult {
  readonly command: AwsCommand;
  readonly policy: PolicyDocument;
  /** Each statement's Sid -> why its Resource is what it is. */
  readonly why: Readonly<Record<string, string>>;
  /** The operations the command can call for this spec, with the actions each needs. */
  readonly operations: readonly (DeclaredOperation & { readonly actions: readonly string[] })[];
  /** Operations that need no permission, or whose statement is empty for this spec, in words. */
  readonly notes: readonly string[];
  /** The policy's length without whitespace (IAM counts it so: managed policies <= 6,144). */
  readonly size: number;
}

/** What to build a policy for. */
export interface PermissionsRequest {
  readonly command: AwsCommand;
  /** `--publish-sns TOPIC_ARN` (report only). */
  readonly publishSns?: string;
  /** `--prune-prefix P` (plan and apply only). */
  readonly prunePrefixes?: readonly string[];
  /** `--lock s3://BUCKET/KEY` (apply and restore only): the S3 apply lock's object. */
  readonly s3Lock?: { readonly bucket: string; readonly key: string };
}

/** The commands a policy can be made for: every command that declares its AWS access (COMMAND_ACCESS). */
export function permissionCommands(): readonly AwsCommand[] {
  return Object.keys(COMMAND_ACCESS) as AwsCommand[];
}

/**
 * Managed policy size limit, characters without whitespace (IAM User Guide, "IAM and AWS STS quotas":
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html#reference_iam-quotas-entity-length).
 */
export const MANAGED_POLICY_MAX_CHARS = 6144;

/**
 * The commands that read in the adapters' managed scope: only the sub-configurations the spec manages
 * (the report reads whole resources for its health checks, import reads whole, apply and restore read
 * a resource whole before deleting or replacing it).
 */
const MANAGED_SCOPE_READS: ReadonlySet<AwsCommand> = new Set<AwsCommand>(['plan', 'snapshot']);

/** The spec with only the resources that set `field` (every kind alike). */
function managingField(desired: DesiredState, field: string): DesiredState {
  return {
    ...desired,
    resources: desired.resources.filter((r) => (r.attrs as Record<string, unknown>)[field] !== undefined),
  };
}

/** The kinds `--prune-prefix` deletes (undeclared alarms, rules and backup plans). */
const PRUNABLE: ReadonlySet<ResourceKind> = new Set<ResourceKind>([
  'cloudwatch.alarm',
  'events.rule',
  'backup.plan',
]);

/** Whether apply can delete a resource of `kind` for this spec (see Reach `delete`). */
function deleteReachable(desired: DesiredState, kind: ResourceKind, req: PermissionsRequest): boolean {
  const spec = kindSpec(kind);
  if (spec.lifecycle.neverDeleted !== null) return false;
  const declared = desired.resources.filter((r) => r.kind === kind);
  if (declared.some((r) => r.ensure === 'absent')) return true;
  if (declared.length > 0 && spec.diff.fields.replacementFields.length > 0) return true;
  return PRUNABLE.has(kind) && (req.prunePrefixes ?? []).length > 0;
}

/** Whether `command` reaches an operation with `p.reach` (iam-actions.ts). */
function reaches(desired: DesiredState, p: OperationPermission, req: PermissionsRequest): boolean {
  const { command } = req;
  switch (p.reach) {
    case 'delete':
      return command === 'restore' || (p.deletes !== undefined && deleteReachable(desired, p.deletes, req));
    case 'discovery':
      // import lists what its filters name; plan and apply list only to find what --prune-prefix deletes.
      return (
        command === 'import' ||
        ((command === 'plan' || command === 'apply') && (req.prunePrefixes ?? []).length > 0)
      );
    case 'evidence':
      // The report weighs the AWS Backup evidence. The drill lists recovery points too, but with its
      // own entries (DRILL_IAM_ACTIONS: the scenarios' vaults only), never through this reach.
      return command === 'report';
    case 'publish':
      return command === 'report' && req.publishSns !== undefined;
    case 'lock':
      return (command === 'apply' || command === 'restore') && req.s3Lock !== undefined;
    default:
      return true;
  }
}

interface Building {
  readonly scope: Scope;
  readonly actions: Set<string>;
  readonly resources: Set<string>;
  condition?: PolicyCondition;
}

/** The policy for `req.command` and the spec `desired` (the caller checks the request: see the CLI command). */
export function buildPermissions(desired: DesiredState, req: PermissionsRequest): PermissionsResult {
  const ctx: ScopeContext = {
    command: req.command,
    desired,
    prunePrefixes: req.prunePrefixes ?? [],
    ...(req.publishSns !== undefined ? { publishTopicArn: req.publishSns } : {}),
    ...(req.s3Lock ? { lockObjectArn: `${bucketArn(req.s3Lock.bucket)}/${req.s3Lock.key}` } : {}),
  };
  const ops = operationsFor(req.command, {
    publishSns: req.publishSns !== undefined,
    s3Lock: req.s3Lock !== undefined,
  });
  const bySid = new Map<string, Building>();
  const notes: string[] = [];
  const operations: (DeclaredOperation & { actions: string[] })[] = [];
  const add = (actions: readonly string[], scope: Scope, field?: string): boolean => {
    let resources = scope.resources(ctx);
    let sid = scope.sid;
    let why = scope.why;
    if (field !== undefined && MANAGED_SCOPE_READS.has(req.command)) {
      // Only the resources whose spec manages `field` (a statement of their own when that is fewer).
      const managing = scope.resources({ ...ctx, desired: managingField(desired, field) });
      if (managing.join() !== resources.join()) {
        resources = managing;
        sid = `${scope.sid}Managing${field.charAt(0).toUpperCase()}${field.slice(1)}`;
        why = `${scope.why}: those whose spec manages \`${field}\` (${req.command} reads only what the spec manages)`;
      }
    }
    if (resources.length === 0) return false;
    const b = bySid.get(sid) ?? {
      scope: { ...scope, sid, why },
      actions: new Set<string>(),
      resources: new Set<string>(),
    };
    for (const a of actions) b.actions.add(a);
    for (const r of resources) b.resources.add(r);
    const condition = scope.condition?.(ctx);
    if (condition) b.condition = condition;
    bySid.set(sid, b);
    return true;
  };
  for (const op of ops) {
    const p: OperationPermission = permissionOf(op.service, op.operation, req.command);
    if (!reaches(desired, p, req)) continue;
    if (p.actions.length === 0) {
      if (p.note) notes.push(p.note);
      continue;
    }
    if (!p.scope) throw new Error(`assertion: ${op.service} ${op.operation} has actions but no scope`);
    // An operation may touch several kinds of resource (the drill lists the versions of its sources,
    // its sandboxes and its restore buckets): it is granted when any of its scopes yields a resource.
    const actions = add(p.actions, p.scope, p.field) ? [...p.actions] : [];
    for (const extra of p.also ?? []) if (add(extra.actions, extra.scope)) actions.push(...extra.actions);
    if (actions.length === 0) continue; // nothing of that kind in the spec: the command never calls it
    operations.push({ ...op, actions: [...new Set(actions)] });
  }
  const statements: PolicyStatement[] = [...bySid.entries()]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([sid, b]) => ({
      Sid: sid,
      Effect: 'Allow',
      Action: [...b.actions].sort(),
      Resource: [...b.resources].sort(),
      ...(b.condition ? { Condition: b.condition } : {}),
    }));
  const policy: PolicyDocument = { Version: '2012-10-17', Statement: statements };
  return {
    command: req.command,
    policy,
    why: Object.fromEntries([...bySid.entries()].map(([sid, b]) => [sid, b.scope.why])),
    operations,
    notes: [...new Set(notes)],
    size: JSON.stringify(policy).replace(/\s/g, '').length,
  };
}

/** Checks `--publish-sns` for `permissions`: undefined when fine, else what is wrong. */
export function publishSnsProblem(arn: string): string | undefined {
  return parseTopicArn(arn)
    ? undefined
    : `--publish-sns: '${arn}' is not an SNS topic ARN (arn:aws:sns:REGION:ACCOUNT:NAME)`;
}

/** The text summary: each statement with why its Resource is what it is, then the notes. */
export function renderPermissionsText(r: PermissionsResult): string {
  const lines = [
    `IAM policy for 'reconcile ${r.command}' (${r.policy.Statement.length} statements, ${r.operations.length} operations, ${r.size} characters without whitespace${r.size > MANAGED_POLICY_MAX_CHARS ? `: over the ${MANAGED_POLICY_MAX_CHARS} of a managed policy, split it` : ''})`,
    '',
  ];
  for (const s of r.policy.Statement) {
    lines.push(`${s.Sid}: ${r.why[s.Sid] ?? ''}`);
    lines.push(`  actions:   ${s.Action.join(', ')}`);
    for (const [i, res] of s.Resource.entries())
      lines.push(`  ${i === 0 ? 'resources: ' : '           '}${res}`);
    if (s.Condition)
      for (const [op, kv] of Object.entries(s.Condition))
        for (const [k, v] of Object.entries(kv))
          lines.push(`  condition: ${op} ${k} = ${Array.isArray(v) ? v.join(', ') : String(v)}`);
    lines.push('');
  }
  for (const n of r.notes) lines.push(`note: ${n}`);
  lines.push(`The policy document itself: reconcile permissions --for ${r.command} --json`);
  return `${lines.join('\n')}\n`;
}
