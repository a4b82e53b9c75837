/**
 * IAM role normalisation (pure): turns what GetRole / GetRolePolicy / ListAttachedRolePolicies /
 * ListRoleTags return into {@link IamRoleAttrs}, so that a role configured as the spec says compares
 * equal to it: URL-encoded documents are decoded, policies canonicalised, lists sorted, AWS defaults
 * (path `/`, 3600 s sessions, no description) made explicit.
 */
import type { IamRoleAttrs, Tags } from '../../model/attrs.js';
import { KINDS } from '../../model/kinds/index.js';
import { canonicalPolicy, type PolicyDocument } from '../../model/policy.js';

/** AWS's default role path (`/`), from the registry. */
export const DEFAULT_ROLE_PATH = KINDS['iam.role'].defaults.path;
/** AWS's default maximum session duration in seconds (one hour), from the registry. */
export const DEFAULT_MAX_SESSION_DURATION = KINDS['iam.role'].defaults.maxSessionDuration;

/** The raw pieces of one role, as the IAM API returns them. */
export interface RawIamRole {
  readonly role: {
    readonly Path?: string | undefined;
    readonly Description?: string | undefined;
    /** URL-encoded JSON, as GetRole returns it. */
    readonly AssumeRolePolicyDocument?: string | undefined;
    readonly MaxSessionDuration?: number | undefined;
  };
  /** Inline policy name -> document (URL-encoded JSON, as GetRolePolicy returns it). */
  readonly inlinePolicies: Readonly<Record<string, string>>;
  readonly attachedPolicyArns: readonly string[];
  readonly tags: readonly { readonly Key?: string | undefined; readonly Value?: string | undefined }[];
}

/** An AWS tag list as a plain map with sorted keys (empty list -> `{}`). */
export function tagsFromList(
  list: readonly { readonly Key?: string | undefined; readonly Value?: string | undefined }[] | undefined,
): Tags {
  const out: Record<string, string> = {};
  for (const t of [...(list ?? [])].sort((a, b) => ((a.Key ?? '') < (b.Key ?? '') ? -1 : 1))) {
    if (t.Key !== undefined) out[t.Key] = t.Value ?? '';
  }
  return out;
}

/** A tag map as an AWS tag list, sorted by key. */
export function tagsToList(tags: Tags): { Key: string; Value: string }[] {
  return Object.keys(tags)
    .sort()
    .map((Key) => ({ Key, Value: tags[Key] ?? '' }));
}

/** Normalises one role. */
export function normalizeRole(raw: RawIamRole): IamRoleAttrs {
  const inline: Record<string, PolicyDocument> = {};
  for (const name of Object.keys(raw.inlinePolicies).sort()) {
    inline[name] = canonicalPolicy(raw.inlinePolicies[name]);
  }
  return {
    path: raw.role.Path || DEFAULT_ROLE_PATH,
    description: raw.role.Description ?? '',
    assumeRolePolicy: canonicalPolicy(raw.role.AssumeRolePolicyDocument ?? '{"Statement":[]}'),
    inlinePolicies: inline,
    managedPolicyArns: [...new Set(raw.attachedPolicyArns)].sort(),
    maxSessionDuration: raw.role.MaxSessionDuration ?? DEFAULT_MAX_SESSION_DURATION,
    tags: tagsFromList(raw.tags),
  };
}
