/**
 * A named profile is looked up in the shared config and credentials files before any AWS client is
 * created: a missing one is a clear message naming both files, not the SDK's credential chain errors.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  checkAwsProfile,
  configProfiles,
  credentialsProfiles,
  namedProfile,
} from '../../src/cli/aws-profile.js';
import { runCli, tempDir } from '../support/cli.js';

const ROOT = join(import.meta.dirname, '..', '..');
const SPEC = join(ROOT, 'backup-spec.yaml');
const LIVE = join(ROOT, 'fixtures', 'guide-before', 'live.json');

/** A home directory with `.aws/config` and `.aws/credentials` holding these texts (when given). */
function home(files: { config?: string; credentials?: string }): string {
  const dir = tempDir('aws-home-');
  mkdirSync(join(dir, '.aws'));
  if (files.config !== undefined) writeFileSync(join(dir, '.aws', 'config'), files.config);
  if (files.credentials !== undefined) writeFileSync(join(dir, '.aws', 'credentials'), files.credentials);
  return dir;
}

const CONFIG = `# comment
[default]
region = eu-west-1

[profile prod-eu]
sso_session = corp
sso_account_id = 828879644785

[profile "quoted"]   ; a comment after the section
region = eu-west-3

[profile empty]

[sso-session corp]
sso_start_url = https://example.awsapps.com/start

[services local]
s3 =
  endpoint_url = http://127.0.0.1:5000
`;

const CREDENTIALS = `[ci-user]
aws_access_key_id = AKIAEXAMPLE
aws_secret_access_key = example

[profile not-a-credentials-name]
aws_access_key_id = AKIAEXAMPLE
`;

describe('shared file parsing', () => {
  it('GIVEN a config file WHEN read THEN its profiles are [default] and [profile NAME] sections with settings', () => {
    expect([...configProfiles(CONFIG)].sort()).toEqual(['default', 'prod-eu', 'quoted']);
  });

  it('GIVEN a credentials file WHEN read THEN its profiles are its bare [NAME] sections', () => {
    expect([...credentialsProfiles(CREDENTIALS)]).toEqual(['ci-user']);
  });

  it('GIVEN --profile and AWS_PROFILE WHEN the name is chosen THEN the flag wins', () => {
    expect(namedProfile('a', { AWS_PROFILE: 'b' })).toEqual({ name: 'a', source: '--profile' });
    expect(namedProfile(undefined, { AWS_PROFILE: 'b' })).toEqual({ name: 'b', source: 'AWS_PROFILE' });
    expect(namedProfile(undefined, {})).toBeUndefined();
  });

  it('GIVEN AWS_PROFILE and a web-identity token file (EKS) WHEN chosen THEN the SDK is left to fall back', () => {
    expect(
      namedProfile(undefined, { AWS_PROFILE: 'b', AWS_WEB_IDENTITY_TOKEN_FILE: '/var/run/token' }),
    ).toBeUndefined();
    expect(namedProfile('a', { AWS_WEB_IDENTITY_TOKEN_FILE: '/var/run/token' })).toEqual({
      name: 'a',
      source: '--profile',
    });
  });

  it.each([
    ['prod-eu', 'a [profile NAME] section of the config file'],
    ['default', 'the [default] section'],
    ['quoted', 'a quoted section name'],
    ['ci-user', 'a section of the credentials file'],
  ])('GIVEN profile %s (%s) WHEN checked THEN it is found', (name) => {
    const HOME = home({ config: CONFIG, credentials: CREDENTIALS });
    expect(() => checkAwsProfile(name, { HOME })).not.toThrow();
  });

  it('GIVEN AWS_CONFIG_FILE and AWS_SHARED_CREDENTIALS_FILE WHEN checked THEN those files are read, not ~/.aws', () => {
    const elsewhere = tempDir('aws-files-');
    writeFileSync(join(elsewhere, 'cfg'), '[profile moved]\nregion = eu-west-1\n');
    writeFileSync(join(elsewhere, 'creds'), '[moved-creds]\naws_access_key_id = x\n');
    const env = {
      HOME: home({ config: CONFIG }),
      AWS_CONFIG_FILE: join(elsewhere, 'cfg'),
      AWS_SHARED_CREDENTIALS_FILE: join(elsewhere, 'creds'),
    };
    expect(() => checkAwsProfile('moved', env)).not.toThrow();
    expect(() => checkAwsProfile('moved-creds', env)).not.toThrow();
    expect(() => checkAwsProfile('prod-eu', env)).toThrow(
      `profile 'prod-eu' not found in ${join(elsewhere, 'cfg')} (or ${join(elsewhere, 'creds')})`,
    );
  });

  it('GIVEN AWS_CONFIG_FILE starting with ~/ WHEN checked THEN ~ is the home directory', () => {
    const HOME = home({});
    writeFileSync(join(HOME, 'my-config'), '[profile tilde]\nregion = eu-west-1\n');
    expect(() => checkAwsProfile('tilde', { HOME, AWS_CONFIG_FILE: '~/my-config' })).not.toThrow();
  });
});

describe('reconcile with a profile that does not exist', () => {
  it('GIVEN --profile prod WHEN plan THEN exit 1: not found in ~/.aws/config (or ~/.aws/credentials), with the profiles found', async () => {
    const HOME = home({ config: CONFIG, credentials: CREDENTIALS });
    const r = await runCli(['plan', '--spec', SPEC, '--profile', 'prod-ue'], {
      cwd: ROOT,
      env: { HOME, LOG_LEVEL: 'silent' },
    });
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      "profile 'prod-ue' not found in ~/.aws/config (or ~/.aws/credentials): profiles found: ci-user, default, prod-eu, quoted " +
        '(did you mean "prod-eu"?). Fix the name, or create it with: aws configure --profile prod-ue\n',
    );
    expect(r.stdout).toBe('');
  });

  it('GIVEN AWS_PROFILE naming a missing profile and no files at all WHEN snapshot THEN exit 1 saying where it looked', async () => {
    const HOME = home({});
    const r = await runCli(['snapshot', '--spec', SPEC, '--out', join(HOME, 's.json')], {
      cwd: ROOT,
      env: { HOME, AWS_PROFILE: 'nightly', LOG_LEVEL: 'silent' },
    });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      "profile 'nightly' (from AWS_PROFILE) not found in ~/.aws/config (or ~/.aws/credentials): neither file exists.",
    );
  });

  it.each([
    ['apply', []],
    ['report', []],
    ['import', ['--out', 'x.yaml', '--all-buckets']],
    ['restore', ['.reconcile/backups/x']],
  ])(
    'GIVEN --profile missing WHEN %s THEN the same refusal, before anything else is read',
    async (command, extra) => {
      const HOME = home({ config: CONFIG });
      const r = await runCli([command, ...extra, '--profile', 'missing'], {
        cwd: HOME,
        env: { HOME, LOG_LEVEL: 'silent' },
      });
      expect(r.code).toBe(1);
      expect(r.stderr).toContain("profile 'missing' not found in ~/.aws/config");
    },
  );

  it('GIVEN --live (no AWS call) WHEN plan with a missing profile THEN the profile is not looked up', async () => {
    const HOME = home({});
    const r = await runCli(['plan', '--spec', SPEC, '--live', LIVE, '--profile', 'missing'], {
      cwd: ROOT,
      env: { HOME, LOG_LEVEL: 'silent' },
    });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('');
  });

  it('GIVEN report --live --publish-sns (an AWS call) WHEN the profile is missing THEN it is refused first', async () => {
    const HOME = home({});
    const r = await runCli(
      [
        'report',
        '--spec',
        SPEC,
        '--live',
        LIVE,
        '--profile',
        'missing',
        '--publish-sns',
        'arn:aws:sns:eu-west-1:828879644785:t',
      ],
      { cwd: ROOT, env: { HOME, LOG_LEVEL: 'silent' } },
    );
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("profile 'missing' not found");
    expect(r.stdout).toBe('');
  });
});
