/** `iam.role`: a role's trust policy, inline and managed policies, session duration and tags. Pure. */
import jsonpatch from 'fast-json-patch';
import { roleArn } from '../arn.js';
import type { IamRoleAttrs } from '../attrs.js';
import type { PolicyDiff, RiskNote } from '../plan.js';
import { type DiffShape, type KindSpec, ORDINARY_KIND } from './kind-spec.js';
import { high, low } from './notes.js';

const POLICY: DiffShape = { t: 'policy' };
const TRUST_POLICY_PATH = '/assumeRolePolicy';
const INLINE_PREFIX = '/inlinePolicies/';

/** What a policy path is called in a note: `trust policy` or `inline policy <name>`. */
function policyName(path: string): string | undefined {
  if (path === TRUST_POLICY_PATH) return 'trust policy';
  if (path.startsWith(INLINE_PREFIX) && !path.slice(INLINE_PREFIX.length).includes('/'))
    return `inline policy ${jsonpatch.unescapePathComponent(path.slice(INLINE_PREFIX.length))}`;
  return undefined;
}

/** Trust policy first, then inline policies by name (the order of the role's documents). */
function byDocument(a: PolicyDiff, b: PolicyDiff): number {
  const [x, y] = [policyName(a.path) ?? '', policyName(b.path) ?? ''];
  if (x === 'trust policy' || y === 'trust policy') return x === y ? 0 : x === 'trust policy' ? -1 : 1;
  return x < y ? -1 : x > y ? 1 : 0;
}

function riskNotes(
  before: IamRoleAttrs | undefined,
  after: IamRoleAttrs,
  policyDiffs: readonly PolicyDiff[],
): RiskNote[] {
  if (!before) {
    const docs = [
      ...(after.assumeRolePolicy ? [after.assumeRolePolicy] : []),
      ...Object.values(after.inlinePolicies ?? {}),
    ];
    return docs.some((d) => d.Statement.some((s) => s.Effect === 'Allow')) || after.managedPolicyArns?.length
      ? [low('new-role-grants', 'new role: grants the permissions in its policies')]
      : [];
  }
  const notes: RiskNote[] = [];
  // Broadening is decided once, by the planner, on the policy documents that differ.
  for (const d of [...policyDiffs].sort(byDocument)) {
    const what = policyName(d.path);
    if (what === undefined) continue;
    for (const gained of d.broadened) {
      notes.push(
        what === 'trust policy'
          ? high('trust-broadened', `IAM trust broadened: ${gained}`)
          : high('permissions-broadened', `IAM permissions broadened: ${gained} (${what})`),
      );
    }
    // Narrowing takes nothing a backup needs away by itself: named, low risk (a role that loses a
    // permission its service uses shows up as failed jobs in the report, not as lost data).
    if (d.broadened.length === 0)
      for (const lost of d.narrowed)
        notes.push(
          low(
            'permissions-narrowed',
            what === 'trust policy'
              ? `IAM trust narrowed: ${lost}`
              : `IAM permissions narrowed: ${lost} (${what})`,
          ),
        );
  }
  if (after.managedPolicyArns !== undefined) {
    const had = new Set(before.managedPolicyArns ?? []);
    const added = after.managedPolicyArns.filter((a) => !had.has(a));
    if (added.length)
      notes.push(
        high(
          'managed-policy-attached',
          `IAM permissions broadened: managed policy ${added.join(', ')} attached`,
        ),
      );
  }
  return notes;
}

export const IAM_ROLE: KindSpec<'iam.role'> = {
  kind: 'iam.role',
  service: 'iam',
  // IAM is global: role names are unique in the account, the ARN has no region (IAM User Guide,
  // "IAM identifiers").
  scope: 'global',
  arn: ({ account, name, attrs }) => roleArn(account, name, attrs?.path),
  ...ORDINARY_KIND,
  specKeys: { assumeRolePolicy: { key: 'trustPolicy' } },
  diff: {
    shape: {
      t: 'object',
      fields: { assumeRolePolicy: POLICY, inlinePolicies: { t: 'object', values: POLICY } },
    },
    fields: {
      readOnly: [],
      writeOnly: [],
      // UpdateRole cannot change a role's path: only CreateRole sets it (IAM API Reference, UpdateRole).
      replacementFields: ['path'],
    },
  },
  riskNotes: (before, after, ctx) => riskNotes(before, after, ctx.policyDiffs),
  defaults: {
    // CreateRole: Path "defaults to a slash (/)"; MaxSessionDuration "default value of one hour"
    // (IAM API Reference, CreateRole).
    path: '/',
    maxSessionDuration: 3600,
  },
  import: { labelled: false },
  health: { evidence: [], watchedBy: null },
};
