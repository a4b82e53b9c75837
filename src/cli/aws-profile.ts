/**
 * A named AWS profile must exist before any client is created. The SDK's own failure for a missing
 * profile ("Could not resolve credentials using profile ...", after trying every provider of its
 * chain) comes late and names neither file; this check looks in the two shared files itself and says
 * "profile X not found in ~/.aws/config (or ~/.aws/credentials)", listing the profiles it did find.
 *
 * File locations and format: AWS SDKs and Tools Reference Guide,
 * - "Finding and changing the location of the shared config and credentials files"
 *   (https://docs.aws.amazon.com/sdkref/latest/guide/file-location.html): `AWS_CONFIG_FILE` and
 *   `AWS_SHARED_CREDENTIALS_FILE` override `~/.aws/config` and `~/.aws/credentials`; `~` is the home
 *   directory only at the start of the path; home is HOME, then USERPROFILE, then HOMEDRIVE+HOMEPATH.
 * - "Using shared config and credentials files" (https://docs.aws.amazon.com/sdkref/latest/guide/file-format.html):
 *   the config file names profiles `[profile NAME]` (and `[default]`), the credentials file `[NAME]`;
 *   other config sections (`[sso-session X]`, `[services X]`) are not profiles.
 * The SDK for JavaScript v3 reads them the same way (@smithy shared-ini-file-loader `parseIni`,
 * `getConfigData`): a section with no `key = value` line is no profile at all.
 */
import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { didYouMean } from '../../spec/suggest.js';
import { AwsAccessError } from '../errors.js';

/** Where the profile name came from. */
export type ProfileSource = '--profile' | 'AWS_PROFILE';

/** The profiles each shared file declares. */
export interface SharedProfiles {
  readonly config: ReadonlySet<string>;
  readonly credentials: ReadonlySet<string>;
}

/**
 * The section names of an INI text that hold at least one `key = value` line, as written between the
 * brackets (trimmed). Comments start with `#` or `;` at the start of a line or after whitespace.
 */
export function iniSections(text: string): Set<string> {
  const out = new Set<string>();
  let section: string | undefined;
  for (const raw of text.split(/\r?\n/)) {
    const line = (raw.split(/(^|\s)[;#]/)[0] ?? '').trim();
    if (line.startsWith('[') && line.endsWith(']')) {
      section = line.slice(1, -1).trim();
      continue;
    }
    const eq = line.indexOf('=');
    // `s3 =` opens a sub-section (its keys follow, indented): the SDK counts only non-empty values.
    if (section !== undefined && eq > 0 && line.slice(eq + 1).trim() !== '') out.add(section);
  }
  return out;
}

/** Profile names of a config file: `[profile NAME]` (quotes allowed) and `[default]`. */
export function configProfiles(text: string): Set<string> {
  const out = new Set<string>();
  for (const section of iniSections(text)) {
    if (section === 'default') out.add('default');
    const m = /^profile\s+(["']?)([^"'\s]+)\1$/.exec(section);
    if (m?.[2]) out.add(m[2]);
  }
  return out;
}

/** Profile names of a credentials file: every section, by its bare name. */
export function credentialsProfiles(text: string): Set<string> {
  return new Set([...iniSections(text)].filter((s) => !/\s/.test(s)));
}

function homeDir(env: NodeJS.ProcessEnv): string {
  if (env.HOME) return env.HOME;
  if (env.USERPROFILE) return env.USERPROFILE;
  if (env.HOMEPATH) return `${env.HOMEDRIVE ?? 'C:\\'}${env.HOMEPATH}`;
  return homedir();
}

/** Path as shown (what the user set, or `~/.aws/...`) and as read. */
function sharedFile(
  env: NodeJS.ProcessEnv,
  variable: 'AWS_CONFIG_FILE' | 'AWS_SHARED_CREDENTIALS_FILE',
  fallback: string,
): { shown: string; path: string } {
  const set = env[variable];
  const shown = set || `~/.aws/${fallback}`;
  const path = shown.startsWith('~/') ? join(homeDir(env), shown.slice(2)) : shown;
  return { shown, path };
}

function readIfExists(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    // Missing or unreadable: the SDK ignores such a file too (it "swallows" the error).
    return undefined;
  }
}

/**
 * The profile the SDK would use, when one is named: `--profile`, else AWS_PROFILE. AWS_PROFILE is left
 * to the SDK when the environment also offers web-identity or container credentials: the SDK's chain
 * falls through to those when the profile is missing (aws-sdk-js-v3 `defaultProvider`: fromIni, then
 * fromTokenFile and the container/instance providers), which is how some EKS and ECS images work.
 */
export function namedProfile(
  flag: string | undefined,
  env: NodeJS.ProcessEnv,
): { name: string; source: ProfileSource } | undefined {
  if (flag) return { name: flag, source: '--profile' };
  const fromEnv = env.AWS_PROFILE?.trim();
  if (!fromEnv) return undefined;
  const otherSource =
    env.AWS_WEB_IDENTITY_TOKEN_FILE ||
    env.AWS_CONTAINER_CREDENTIALS_RELATIVE_URI ||
    env.AWS_CONTAINER_CREDENTIALS_FULL_URI;
  return otherSource ? undefined : { name: fromEnv, source: 'AWS_PROFILE' };
}

/**
 * Throws AwsAccessError `AWS_PROFILE_NOT_FOUND` when the named profile (see {@link namedProfile}) is in
 * neither shared file. Reads only those two files; no AWS call.
 */
export function checkAwsProfile(flag: string | undefined, env: NodeJS.ProcessEnv): void {
  const named = namedProfile(flag, env);
  if (!named) return;
  const config = sharedFile(env, 'AWS_CONFIG_FILE', 'config');
  const credentials = sharedFile(env, 'AWS_SHARED_CREDENTIALS_FILE', 'credentials');
  const configText = readIfExists(config.path);
  const credentialsText = readIfExists(credentials.path);
  const found: SharedProfiles = {
    config: configText === undefined ? new Set() : configProfiles(configText),
    credentials: credentialsText === undefined ? new Set() : credentialsProfiles(credentialsText),
  };
  if (found.config.has(named.name) || found.credentials.has(named.name)) return;
  const all = [...new Set([...found.config, ...found.credentials])].sort();
  const from = named.source === 'AWS_PROFILE' ? ' (from AWS_PROFILE)' : '';
  const what =
    configText === undefined && credentialsText === undefined
      ? 'neither file exists'
      : all.length === 0
        ? 'they declare no profile'
        : `profiles found: ${all.join(', ')}${didYouMean(named.name, all)}`;
  throw new AwsAccessError(
    `profile '${named.name}'${from} not found in ${config.shown} (or ${credentials.shown}): ${what}. ` +
      `Fix the name, or create it with: aws configure --profile ${named.name}`,
    'AWS_PROFILE_NOT_FOUND',
  );
}
