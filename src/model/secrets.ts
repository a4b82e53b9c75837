/**
 * Secrets (webhook URLs, subscription endpoints with tokens, basic-auth credentials) never appear in
 * plans, logs, snapshots or reports. Everything that leaves the process goes through these helpers.
 * Pure: node:crypto only.
 */
import { createHash } from 'node:crypto';

/** Hex sha256 of a secret, used to compare without revealing. */
export function fingerprintSecret(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

/**
 * Display form of an endpoint: for http(s) URLs keeps scheme and host only
 * (`https://hooks.slack.com/***`); credentials, path, query and fragment are dropped.
 * Non-URL endpoints (email, ARNs, phone numbers) are returned unchanged.
 */
export function redactEndpoint(endpoint: string): string {
  if (!/^https?:\/\//i.test(endpoint)) return endpoint;
  try {
    const url = new URL(endpoint);
    const hasMore =
      url.username || url.password || (url.pathname && url.pathname !== '/') || url.search || url.hash;
    return `${url.protocol}//${url.host}${hasMore ? '/***' : '/'}`;
  } catch {
    return `${endpoint.slice(0, endpoint.indexOf('//') + 2)}***`;
  }
}

/** True when a protocol's endpoints may carry secrets (and so are compared by fingerprint). */
export function isSecretBearingProtocol(protocol: string): boolean {
  return protocol === 'http' || protocol === 'https';
}

const URL_IN_TEXT = /\bhttps?:\/\/[^\s"'<>]+/gi;

/** Redacts every http(s) URL with a path, query or credentials inside free text (log lines, errors). */
export function redactText(text: string): string {
  return text.replace(URL_IN_TEXT, (m) => {
    // AWS service endpoints (e.g. moto/localstack or *.amazonaws.com) carry no secrets; keep them readable.
    if (/^https?:\/\/(127\.0\.0\.1|localhost|\[::1\])(:\d+)?\/?$/i.test(m)) return m;
    return redactEndpoint(m);
  });
}
