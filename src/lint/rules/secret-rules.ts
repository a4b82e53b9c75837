/** Lint rule about secrets written literally in the spec file. */
import { resourcesOfKind } from '../desired-index.js';
import type { LintRule, RawFinding } from '../lint-finding.js';

/**
 * A webhook URL (token in its path or query) or credentials written literally in the spec end up in
 * git history and code review tools. The spec loader records where (DesiredResource.literalSecrets);
 * as a second line of defence, an http(s) subscription whose endpoint has no fingerprint is reported
 * too (the loader fingerprints every secret-bearing endpoint it reads from the environment).
 */
export const literalSecret: LintRule = {
  id: 'spec-literal-secret',
  severity: 'error',
  title: 'A secret (webhook URL with a token, credentials) is written literally in the spec',
  check(desired) {
    const out: RawFinding[] = [];
    const fixHint = `write \${env:NAME} in the spec and set NAME in the environment that runs reconcile (CI secret, Kubernetes Secret); then rotate the exposed token.`;
    for (const r of desired.resources) {
      for (const path of r.literalSecrets ?? []) {
        out.push({
          address: r.address,
          message: `${path} holds a secret-bearing value (an http(s) URL with a token or credentials) written literally: it ends up in git history`,
          fixHint,
        });
      }
    }
    for (const topic of resourcesOfKind(desired, 'sns.topic')) {
      if (topic.literalSecrets?.length) continue;
      for (const sub of topic.attrs.subscriptions ?? []) {
        if (!/^https?$/.test(sub.protocol) || sub.endpointSha256 !== undefined) continue;
        if (!sub.endpoint.includes('***') && !/^https?:\/\/[^/]+\/[^*]/i.test(sub.endpoint)) continue;
        out.push({
          address: topic.address,
          message: `the ${sub.protocol} subscription to ${sub.endpoint} carries a path or credentials that were not read from the environment`,
          fixHint,
        });
      }
    }
    return out;
  },
};

export const SECRET_RULES: readonly LintRule[] = [literalSecret];
