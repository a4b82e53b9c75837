/**
 * The import writer (pure): live attributes -> backup-spec.yaml. References are written by name where
 * the target is in the file, AWS defaults are left out, policies are YAML, secret endpoints become
 * `${env:...}` placeholders, unreadable resources are listed, not written. Every written file is loaded
 * back with parseSpec and compared with what was read.
 */
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { parseSpec } from '../../spec/parse-spec.js';
import { writeSpec } from '../../src/import/write-spec.js';
import type { IamRoleAttrs } from '../../src/model/attrs.js';
import type { PolicyDocument } from '../../src/model/policy.js';
import type { LiveState } from '../../src/model/state.js';
import { planChanges } from '../../src/planner/index.js';
import { CREATED_AT } from '../planner/builders.js';
import {
  ACCOUNT,
  CAPTURED_AT,
  type Entry,
  found,
  liveAlarm,
  liveBackupRule,
  liveBucket,
  liveDb,
  liveEventRule,
  liveHttps,
  liveOf,
  livePlan,
  liveReplicationRule,
  liveRole,
  liveSelection,
  liveTopic,
  liveVault,
  roleArn,
  topicArn,
  unreadableEntry,
  vaultArn,
} from './builders.js';

const WEBHOOK = 'https://hooks.example.com/services/T000/B000/s3cr3tT0ken';

function write(entries: readonly Entry[], extra: { notes?: string[]; endpoint?: string } = {}) {
  return writeSpec({
    live: liveOf(entries, extra.endpoint),
    defaultRegion: 'eu-west-1',
    ...(extra.notes ? { notes: extra.notes } : {}),
  });
}

/** The value at a path of the written YAML. */
function at(text: string, ...path: readonly (string | number)[]): unknown {
  let v: unknown = parse(text);
  for (const k of path)
    v = v !== null && typeof v === 'object' ? (v as Record<string, unknown>)[k] : undefined;
  return v;
}

function load(text: string, env: Record<string, string> = {}) {
  return parseSpec(text, 'imported.yaml', env);
}

function desiredAttrs(text: string, address: string, env: Record<string, string> = {}): unknown {
  return load(text, env).resources.find((r) => r.address === address)?.attrs;
}

/** Plans the loaded spec against what was read: every change must be a no-op. */
function expectEmptyPlan(text: string, live: LiveState, env: Record<string, string> = {}) {
  const desired = load(text, env);
  const addresses = new Set(desired.resources.map((r) => r.address));
  const resources = Object.fromEntries(Object.entries(live.resources).filter(([a]) => addresses.has(a)));
  const plan = planChanges(desired, { ...live, resources }, { createdAt: CREATED_AT });
  expect(plan.changes.filter((c) => c.action !== 'no-op')).toEqual([]);
  expect(plan.complete).toBe(true);
}

describe('writeSpec: references by name', () => {
  it('GIVEN a bucket replicating with an imported role WHEN written THEN role and destination are names that load back to the same ARNs', () => {
    const bucket = liveBucket({
      replication: {
        role: roleArn('replication', '/service-role/'),
        rules: [
          liveReplicationRule({
            destination: { bucket: 'arn:aws:s3:::media-replica', storageClass: 'DEEP_ARCHIVE' },
          }),
        ],
      },
    });
    const entries = [
      found('s3.bucket', 'media', bucket),
      found('s3.bucket', 'media-replica', liveBucket({ region: 'eu-west-3' })),
      found('iam.role', 'replication', liveRole({ path: '/service-role/' })),
    ];
    const { text } = write(entries);
    expect(at(text, 's3', 'buckets', 'media', 'replication', 'role')).toBe('replication');
    expect(at(text, 's3', 'buckets', 'media', 'replication', 'rules', 0, 'destination', 'bucket')).toBe(
      'media-replica',
    );
    expect(desiredAttrs(text, 's3.bucket/media')).toMatchObject({ replication: bucket.replication });
    expectEmptyPlan(text, liveOf(entries));
  });

  it('GIVEN the role and destination are not imported (or the path differs) WHEN written THEN the ARNs stay as AWS holds them', () => {
    const bucket = liveBucket({
      replication: { role: roleArn('replication', '/other/'), rules: [liveReplicationRule()] },
    });
    const entries = [
      found('s3.bucket', 'media', bucket),
      // Same name, different path: the loader would build another ARN from the name, so the ARN stays.
      found('iam.role', 'replication', liveRole({ path: '/service-role/' })),
    ];
    const { text } = write(entries);
    expect(at(text, 's3', 'buckets', 'media', 'replication', 'role')).toBe(roleArn('replication', '/other/'));
    expect(at(text, 's3', 'buckets', 'media', 'replication', 'rules', 0, 'destination', 'bucket')).toBe(
      'arn:aws:s3:::media-replica',
    );
    expectEmptyPlan(text, liveOf(entries));
  });

  it('GIVEN alarms and rules notifying topics WHEN written THEN same-region imported topics are labels, others stay ARNs', () => {
    const entries = [
      found('sns.topic', 'alerts', liveTopic()),
      found(
        'cloudwatch.alarm',
        'lag',
        liveAlarm({ alarmActions: [topicArn('eu-west-1', 'alerts'), topicArn('eu-west-1', 'pager')] }),
      ),
      found(
        'events.rule',
        'failures',
        liveEventRule({
          targets: [
            { id: '1', arn: topicArn('eu-west-1', 'alerts') },
            { id: '2', arn: topicArn('eu-west-3', 'alerts'), roleArn: roleArn('events-role') },
          ],
        }),
      ),
    ];
    const { text } = write(entries);
    expect(at(text, 'cloudwatch', 'alarms', 'lag', 'alarmActions')).toEqual([
      'alerts',
      topicArn('eu-west-1', 'pager'),
    ]);
    expect(at(text, 'events', 'rules', 'failures', 'targets')).toEqual([
      { id: '1', topic: 'alerts' },
      { id: '2', arn: topicArn('eu-west-3', 'alerts'), role: roleArn('events-role') },
    ]);
    expectEmptyPlan(text, liveOf(entries));
  });

  it('GIVEN one vault name in two regions WHEN written THEN both get region labels with name:, and rule and copy refer to the right one', () => {
    const plan = livePlan({
      rules: [
        liveBackupRule({
          targetVault: 'Default',
          // Sorted by ARN, as the adapter holds them.
          copyActions: [
            { destinationVaultArn: vaultArn('eu-north-1', 'elsewhere'), lifecycle: {} },
            { destinationVaultArn: vaultArn('eu-west-3', 'Default'), lifecycle: { deleteAfterDays: 180 } },
          ],
        }),
      ],
    });
    const entries = [
      found('backup.vault', 'Default', liveVault()),
      found('backup.vault', 'Default', liveVault({ region: 'eu-west-3' })),
      found('backup.plan', 'daily-plan', plan),
    ];
    const { text } = write(entries);
    expect(at(text, 'backup', 'vaults')).toEqual({
      'Default-eu-west-1': { name: 'Default', region: 'eu-west-1' },
      'Default-eu-west-3': { name: 'Default', region: 'eu-west-3' },
    });
    expect(at(text, 'backup', 'plans', 'daily-plan', 'rules', 0, 'vault')).toBe('Default-eu-west-1');
    expect(at(text, 'backup', 'plans', 'daily-plan', 'rules', 0, 'copyTo')).toEqual([
      { vault: vaultArn('eu-north-1', 'elsewhere') },
      { vault: 'Default-eu-west-3', lifecycle: { deleteAfterDays: 180 } },
    ]);
    expect(text).toContain('no lifecycle: copies are kept forever');
    const { tags: _noTags, ...managed } = plan;
    expect(desiredAttrs(text, 'backup.plan/eu-west-1/daily-plan')).toEqual(managed);
    expectEmptyPlan(text, liveOf(entries));
  });

  it('GIVEN a selection of an imported DB instance, bucket and role WHEN written THEN they are {rdsInstance}, {bucket} and a role name', () => {
    const other = 'arn:aws:dynamodb:eu-west-1:828879644785:table/orders';
    const selection = liveSelection({
      resources: [`arn:aws:rds:eu-west-1:${ACCOUNT}:db:orders-db`, 'arn:aws:s3:::media', other].sort(),
    });
    const entries = [
      found('backup.vault', 'prod-vault', liveVault()),
      found('backup.plan', 'daily-plan', livePlan()),
      found('backup.selection', 'daily-plan/databases', selection),
      found('rds.instance', 'orders-db', liveDb()),
      found('s3.bucket', 'media', liveBucket()),
      found('iam.role', 'backup-role', liveRole({ path: '/service-role/' })),
    ];
    const { text, counts } = write(entries);
    expect(at(text, 'backup', 'plans', 'daily-plan', 'selections', 'databases')).toEqual({
      role: 'backup-role',
      resources: [other, { rdsInstance: 'orders-db' }, { bucket: 'media' }],
    });
    expect(counts['backup.selection']).toBe(1);
    // Empty lists are left out (unmanaged); everything else loads back as read.
    const { notResources: _n, tagConditions: _t, ...managed } = selection;
    expect(desiredAttrs(text, 'backup.selection/eu-west-1/daily-plan/databases')).toEqual(managed);
    expectEmptyPlan(text, liveOf(entries));
  });
});

describe('writeSpec: AWS defaults left out, the loader fills them back in', () => {
  it('GIVEN live attributes holding only AWS defaults WHEN written THEN none of those keys appear', () => {
    const entries = [
      found('s3.bucket', 'media', liveBucket()),
      found('iam.role', 'app', liveRole()),
      found('backup.vault', 'prod-vault', liveVault()),
      found('backup.plan', 'daily-plan', livePlan()),
      found('cloudwatch.alarm', 'lag', liveAlarm()),
      found('events.rule', 'failures', liveEventRule({ targets: [] })),
    ];
    const { text } = write(entries);
    for (const key of [
      'enabled:',
      'filter:',
      'transitions:',
      'maxSessionDuration:',
      'description:',
      'path:',
      'scheduleTimezone:',
      'startWindowMinutes:',
      'completionWindowMinutes:',
      'continuousBackup:',
      'actionsEnabled:',
      'datapointsToAlarm:',
      'treatMissingData:',
      'eventBusName:',
      'tags:',
      'lock:',
      'replication:',
      'objectLock:',
      'inventory:',
    ])
      expect(text).not.toContain(key);
    expect(at(text, 'backup', 'plans', 'daily-plan', 'rules', 0)).toEqual({
      name: 'daily',
      vault: 'prod-vault',
      schedule: 'cron(0 5 ? * * *)',
      lifecycle: { deleteAfterDays: 35 },
    });
    // The loader fills the defaults back in: the rule loads as exactly what was read.
    const { tags: _noTags, ...plan } = livePlan();
    expect(desiredAttrs(text, 'backup.plan/eu-west-1/daily-plan')).toEqual(plan);
    expect(desiredAttrs(text, 's3.bucket/media')).toEqual({
      region: 'eu-west-1',
      versioning: 'Enabled',
      lifecycle: liveBucket().lifecycle,
    });
    expectEmptyPlan(text, liveOf(entries));
  });

  it('GIVEN values that differ from the defaults WHEN written THEN they are written', () => {
    const rule = liveBackupRule({
      scheduleTimezone: 'Europe/Paris',
      startWindowMinutes: 60,
      completionWindowMinutes: 720,
      enableContinuousBackup: true,
    });
    const entries = [
      found('backup.vault', 'prod-vault', liveVault({ lock: { minRetentionDays: 7 } })),
      found('backup.plan', 'daily-plan', livePlan({ rules: [rule], tags: { team: 'sre' } })),
      found(
        'cloudwatch.alarm',
        'lag',
        liveAlarm({ actionsEnabled: false, datapointsToAlarm: 1, treatMissingData: 'notBreaching' }),
      ),
      found('iam.role', 'app', liveRole({ path: '/apps/', description: 'App', maxSessionDuration: 7200 })),
    ];
    const { text } = write(entries);
    expect(at(text, 'backup', 'plans', 'daily-plan')).toMatchObject({
      rules: [
        {
          scheduleTimezone: 'Europe/Paris',
          startWindowMinutes: 60,
          completionWindowMinutes: 720,
          continuousBackup: true,
        },
      ],
      tags: { team: 'sre' },
    });
    expect(at(text, 'backup', 'vaults', 'prod-vault', 'lock')).toEqual({ minRetentionDays: 7 });
    expect(at(text, 'cloudwatch', 'alarms', 'lag')).toMatchObject({
      actionsEnabled: false,
      datapointsToAlarm: 1,
      treatMissingData: 'notBreaching',
    });
    expect(at(text, 'iam', 'roles', 'app')).toMatchObject({
      path: '/apps/',
      description: 'App',
      maxSessionDuration: 7200,
    });
    expectEmptyPlan(text, liveOf(entries));
  });
});

describe('writeSpec: policies and patterns as YAML', () => {
  it('GIVEN a role with trust and inline policies WHEN written THEN they are YAML mappings in AWS key order, one-element lists as scalars', () => {
    const inline = {
      Version: '2012-10-17',
      Statement: [
        {
          Sid: 'Read',
          Effect: 'Allow',
          Action: ['s3:GetObject', 's3:ListBucket'],
          Resource: 'arn:aws:s3:::media/*',
          Condition: { StringEquals: { 'aws:PrincipalAccount': ACCOUNT } },
        },
      ],
    };
    // Canonical form, as the IAM adapter holds it.
    const canonical = liveRole({
      inlinePolicies: { read: parseSpecPolicy(inline) },
      managedPolicyArns: ['arn:aws:iam::aws:policy/ReadOnlyAccess'],
    });
    const entries = [found('iam.role', 'app', canonical)];
    const { text } = write(entries);
    expect(text).not.toMatch(/\{\s*"/); // no JSON strings
    expect(at(text, 'iam', 'roles', 'app', 'trustPolicy')).toEqual({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: { Service: 's3.amazonaws.com' }, Action: 'sts:AssumeRole' }],
    });
    const stmt = at(text, 'iam', 'roles', 'app', 'inlinePolicies', 'read', 'Statement', 0) as Record<
      string,
      unknown
    >;
    expect(Object.keys(stmt)).toEqual(['Sid', 'Effect', 'Action', 'Resource', 'Condition']);
    expect(stmt.Resource).toBe('arn:aws:s3:::media/*');
    expect(stmt.Condition).toEqual({ StringEquals: { 'aws:PrincipalAccount': ACCOUNT } });
    expect(text).toContain('Principal: {Service: s3.amazonaws.com}');
    expect(text).toContain('Version: "2012-10-17"');
    expectEmptyPlan(text, liveOf(entries));
  });

  it('GIVEN a rule with a pattern and a JSON input WHEN written THEN both are YAML values that load back to the canonical forms', () => {
    const rule = liveEventRule({
      eventPattern: {
        detail: { state: ['ABORTED', 'FAILED'] },
        'detail-type': ['Backup Job State Change'],
        source: ['aws.backup'],
      },
      targets: [{ id: '1', arn: topicArn('eu-west-1', 'alerts'), input: '{"a":1,"b":["x"]}' }],
    });
    const entries = [found('events.rule', 'failures', rule)];
    const { text } = write(entries);
    expect(Object.keys(at(text, 'events', 'rules', 'failures', 'eventPattern') as object)).toEqual([
      'source',
      'detail-type',
      'detail',
    ]);
    expect(at(text, 'events', 'rules', 'failures', 'targets', 0, 'input')).toEqual({ a: 1, b: ['x'] });
    expect(desiredAttrs(text, 'events.rule/eu-west-1/failures')).toEqual({
      ...rule,
      eventBusName: undefined,
      description: undefined,
    });
  });
});

/** A policy in the canonical form the adapters produce (via the spec loader's own canonicaliser). */
function parseSpecPolicy(doc: unknown) {
  const spec = `version: 1\naccount: "${ACCOUNT}"\ndefaultRegion: eu-west-1\niam:\n  roles:\n    x:\n      inlinePolicies:\n        p: ${JSON.stringify(doc)}\n`;
  const attrs = parseSpec(spec, 'p.yaml').resources[0]?.attrs as IamRoleAttrs;
  return attrs.inlinePolicies?.p as PolicyDocument;
}

describe('writeSpec: secrets', () => {
  const topic = liveTopic({
    subscriptions: [
      { protocol: 'email', endpoint: 'ops@example.com' },
      liveHttps(WEBHOOK),
      liveHttps('https://user:pw@hooks.other.example/x?token=1'),
      { protocol: 'sqs', endpoint: `arn:aws:sqs:eu-west-1:${ACCOUNT}:queue` },
    ],
  });
  const entries = [found('sns.topic', 'backup-alerts', topic)];

  it('GIVEN https subscriptions WHEN written THEN each is an env placeholder (SNS_<TOPIC>_<N>_ENDPOINT) with a comment, never a URL', () => {
    const { text, placeholders } = write(entries);
    expect(at(text, 'sns', 'topics', 'backup-alerts', 'subscriptions')).toEqual([
      { protocol: 'email', endpoint: 'ops@example.com' },
      { protocol: 'https', endpoint: '${env:SNS_BACKUP_ALERTS_1_ENDPOINT}' },
      { protocol: 'https', endpoint: '${env:SNS_BACKUP_ALERTS_2_ENDPOINT}' },
      { protocol: 'sqs', endpoint: `arn:aws:sqs:eu-west-1:${ACCOUNT}:queue` },
    ]);
    expect(placeholders.map((p) => p.variable)).toEqual([
      'SNS_BACKUP_ALERTS_1_ENDPOINT',
      'SNS_BACKUP_ALERTS_2_ENDPOINT',
    ]);
    expect(text).toContain('secret: set SNS_BACKUP_ALERTS_1_ENDPOINT');
    for (const leak of ['***', '/services/', 's3cr3tT0ken', 'token=1', 'user:pw'])
      expect(text).not.toContain(leak);
  });

  it('GIVEN the variables are set WHEN the written spec is planned against what was read THEN it is in sync', () => {
    const { text } = write(entries);
    expectEmptyPlan(text, liveOf(entries), {
      SNS_BACKUP_ALERTS_1_ENDPOINT: WEBHOOK,
      SNS_BACKUP_ALERTS_2_ENDPOINT: 'https://user:pw@hooks.other.example/x?token=1',
    });
  });
});

describe('writeSpec: what is not written', () => {
  it('GIVEN unreadable and absent resources WHEN written THEN unreadable ones are listed in the header, absent ones ignored', () => {
    const entries: Entry[] = [
      found('s3.bucket', 'media', liveBucket()),
      unreadableEntry('iam.role/locked', 'iam role locked: access denied (AccessDenied)'),
      { address: 'sns.topic/eu-west-1/gone', observation: { status: 'absent' } },
    ];
    const { text, skipped, counts } = write(entries, {
      notes: ['the selections of backup.plan/eu-west-1/p: denied'],
    });
    expect(skipped).toEqual([
      { address: 'iam.role/locked', reason: 'iam role locked: access denied (AccessDenied)' },
    ]);
    expect(text).toContain('#   iam.role/locked: iam role locked: access denied (AccessDenied)');
    expect(text).toContain('#   the selections of backup.plan/eu-west-1/p: denied');
    expect(at(text, 'iam')).toBeUndefined();
    expect(at(text, 'sns')).toBeUndefined();
    expect(counts).toEqual({ 's3.bucket': 1 });
  });

  it('GIVEN a plan whose target vault could not be read WHEN written THEN the plan and its selections are skipped with the reason', () => {
    const entries = [
      found('backup.plan', 'daily-plan', livePlan()),
      found('backup.selection', 'daily-plan/databases', liveSelection()),
      unreadableEntry('backup.vault/eu-west-1/prod-vault', 'denied'),
    ];
    const { text, skipped } = write(entries);
    expect(skipped.map((s) => s.address)).toEqual([
      'backup.plan/eu-west-1/daily-plan',
      'backup.selection/eu-west-1/daily-plan/databases',
      'backup.vault/eu-west-1/prod-vault',
    ]);
    expect(skipped[0]?.reason).toContain('targets the vault prod-vault');
    expect(at(text, 'backup')).toBeUndefined();
  });
});

describe('writeSpec: header and ordering', () => {
  it('GIVEN a read through an emulator WHEN written THEN the first line is the schema line and the header says when, which account and which endpoint', () => {
    const { text } = write([found('s3.bucket', 'media', liveBucket())], {
      endpoint: 'http://127.0.0.1:5000',
    });
    const lines = text.split('\n');
    expect(lines[0]).toBe('# yaml-language-server: $schema=./spec/backup-spec.schema.json');
    expect(text).toContain(
      `at ${CAPTURED_AT} from AWS account ${ACCOUNT} through the endpoint http://127.0.0.1:5000`,
    );
    expect(at(text, 'account')).toBe(ACCOUNT);
    expect(text).toContain(`account: "${ACCOUNT}"`);
  });

  it('GIVEN the same resources in any order WHEN written twice THEN the text is identical, sections in spec order, resources sorted', () => {
    const entries = [
      found('sns.topic', 'b-topic', liveTopic()),
      found('s3.bucket', 'zeta', liveBucket()),
      found('s3.bucket', 'alpha', liveBucket({ region: 'eu-west-3' })),
      found('rds.instance', 'db', liveDb()),
    ];
    const a = write(entries).text;
    const b = write([...entries].reverse()).text;
    expect(a).toBe(b);
    expect(Object.keys(parse(a) as object)).toEqual([
      'version',
      'account',
      'defaultRegion',
      'regions',
      's3',
      'rds',
      'sns',
    ]);
    expect(Object.keys(at(a, 's3', 'buckets') as object)).toEqual(['alpha', 'zeta']);
    expect(at(a, 'regions')).toEqual(['eu-west-1', 'eu-west-3']);
    expect(a).toContain('db: # postgres 16.8; maintenance window sun:04:00-sun:04:30 UTC');
  });
});
