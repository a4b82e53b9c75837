/**
 * Round-trip property of the import writer (fast-check, builders): for any live state of buckets,
 * roles, topics, alarms, vaults and plans, the written spec loads with parseSpec, declares exactly the
 * present resources, plans empty against what was read, every field it manages equals the live value,
 * and every field it leaves out holds an AWS default (or read-only information).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseSpec } from '../../spec/parse-spec.js';
import { writeSpec } from '../../src/import/write-spec.js';
import { canonicalText } from '../../src/model/canonical.js';
import { planChanges } from '../../src/planner/index.js';
import { CREATED_AT } from '../planner/builders.js';
import {
  type Entry,
  found,
  liveAlarm,
  liveBackupRule,
  liveBucket,
  liveLifecycleRule,
  liveOf,
  livePlan,
  liveRole,
  liveTopic,
  liveVault,
  topicArn,
  vaultArn,
} from './builders.js';

const REGIONS = ['eu-west-1', 'eu-west-3'] as const;

/** Values the writer may leave out: AWS defaults, "none", and read-only RDS information. */
function isDefault(field: string, value: unknown, live: Record<string, unknown>): boolean {
  if (value === null || value === '' || value === undefined) return true;
  if (Array.isArray(value) && value.length === 0) return true;
  if (typeof value === 'object' && Object.keys(value as object).length === 0) return true;
  const defaults: Record<string, unknown> = {
    path: '/',
    maxSessionDuration: 3600,
    actionsEnabled: true,
    treatMissingData: 'missing',
    eventBusName: 'default',
    datapointsToAlarm: live.evaluationPeriods,
  };
  return field in defaults && defaults[field] === value;
}

const tags = fc.dictionary(
  fc.constantFrom('team', 'env', 'cost-center'),
  fc.constantFrom('sre', 'prod', '42'),
  {
    maxKeys: 2,
  },
);

const bucket = fc.record({
  name: fc.constantFrom('media', 'vault', 'logs'),
  region: fc.constantFrom(...REGIONS),
  versioning: fc.constantFrom('Enabled', 'Suspended', 'Disabled') as fc.Arbitrary<
    'Enabled' | 'Suspended' | 'Disabled'
  >,
  rules: fc.uniqueArray(
    fc.record({
      id: fc.constantFrom('a', 'b', 'c'),
      enabled: fc.boolean(),
      days: fc.integer({ min: 1, max: 400 }),
      abort: fc.option(fc.integer({ min: 1, max: 30 }), { nil: undefined }),
      prefix: fc.option(fc.constantFrom('logs/', 'tmp/'), { nil: undefined }),
    }),
    { selector: (r) => r.id, maxLength: 2 },
  ),
  tags,
});

const role = fc.record({
  name: fc.constantFrom('app', 'backup-role'),
  path: fc.constantFrom('/', '/service-role/'),
  description: fc.constantFrom('', 'Backups'),
  maxSessionDuration: fc.constantFrom(3600, 7200),
  managed: fc.subarray([
    'arn:aws:iam::aws:policy/ReadOnlyAccess',
    'arn:aws:iam::aws:policy/AWSBackupFullAccess',
  ]),
  tags,
});

const monitoring = fc.record({
  topicRegions: fc.subarray([...REGIONS], { minLength: 1 }),
  displayName: fc.constantFrom('', 'Backup alerts'),
  emails: fc.subarray(['a@example.com', 'b@example.com']),
  alarm: fc.record({
    region: fc.constantFrom(...REGIONS),
    evaluationPeriods: fc.integer({ min: 1, max: 3 }),
    datapoints: fc.integer({ min: 1, max: 3 }),
    threshold: fc.integer({ min: 0, max: 5000 }),
    treatMissingData: fc.constantFrom('missing', 'notBreaching', 'breaching', 'ignore') as fc.Arbitrary<
      'missing' | 'notBreaching' | 'breaching' | 'ignore'
    >,
    actionsEnabled: fc.boolean(),
    description: fc.constantFrom('', 'Replication lag'),
  }),
});

const backup = fc.record({
  region: fc.constantFrom(...REGIONS),
  startWindowMinutes: fc.constantFrom(480, 60),
  completionWindowMinutes: fc.constantFrom(10080, 720),
  scheduleTimezone: fc.constantFrom('Etc/UTC', 'Europe/Paris'),
  deleteAfterDays: fc.option(fc.integer({ min: 1, max: 400 }), { nil: undefined }),
  copy: fc.boolean(),
  lockMin: fc.option(fc.integer({ min: 1, max: 30 }), { nil: undefined }),
  tags,
});

const world = fc.record({
  buckets: fc.uniqueArray(bucket, { selector: (b) => b.name, maxLength: 2 }),
  roles: fc.uniqueArray(role, { selector: (r) => r.name, maxLength: 2 }),
  monitoring: fc.option(monitoring, { nil: undefined }),
  backup: fc.option(backup, { nil: undefined }),
});

type World = typeof world extends fc.Arbitrary<infer T> ? T : never;

function entriesOf(w: World): Entry[] {
  const out: Entry[] = [];
  for (const b of w.buckets)
    out.push(
      found(
        's3.bucket',
        b.name,
        liveBucket({
          region: b.region,
          versioning: b.versioning,
          // Sorted by id, as the adapter holds them.
          lifecycle: [...b.rules]
            .sort((x, y) => (x.id < y.id ? -1 : 1))
            .map((r) =>
              liveLifecycleRule({
                id: r.id,
                enabled: r.enabled,
                filter: r.prefix ? { prefix: r.prefix } : {},
                noncurrentVersionExpiration: { noncurrentDays: r.days },
                ...(r.abort !== undefined ? { abortIncompleteMultipartUploadDays: r.abort } : {}),
              }),
            ),
          tags: b.tags,
        }),
      ),
    );
  for (const r of w.roles)
    out.push(
      found(
        'iam.role',
        r.name,
        liveRole({
          path: r.path,
          description: r.description,
          maxSessionDuration: r.maxSessionDuration,
          managedPolicyArns: [...r.managed].sort(),
          tags: r.tags,
        }),
      ),
    );
  const m = w.monitoring;
  if (m) {
    for (const region of m.topicRegions)
      out.push(
        found(
          'sns.topic',
          'alerts',
          liveTopic({
            region,
            displayName: m.displayName,
            subscriptions: m.emails.map((e) => ({ protocol: 'email', endpoint: e })),
          }),
        ),
      );
    const a = m.alarm;
    out.push(
      found(
        'cloudwatch.alarm',
        'lag',
        liveAlarm({
          region: a.region,
          description: a.description,
          actionsEnabled: a.actionsEnabled,
          alarmActions: [topicArn(a.region, 'alerts')],
          threshold: a.threshold,
          evaluationPeriods: a.evaluationPeriods,
          datapointsToAlarm: Math.min(a.datapoints, a.evaluationPeriods),
          treatMissingData: a.treatMissingData,
        }),
      ),
    );
  }
  const b = w.backup;
  if (b) {
    const dr = b.region === 'eu-west-1' ? 'eu-west-3' : 'eu-west-1';
    out.push(
      found(
        'backup.vault',
        'Default',
        liveVault({ region: b.region, lock: b.lockMin ? { minRetentionDays: b.lockMin } : null }),
      ),
    );
    out.push(found('backup.vault', 'Default', liveVault({ region: dr })));
    out.push(
      found(
        'backup.plan',
        'daily',
        livePlan({
          region: b.region,
          tags: b.tags,
          rules: [
            liveBackupRule({
              targetVault: 'Default',
              scheduleTimezone: b.scheduleTimezone,
              startWindowMinutes: b.startWindowMinutes,
              completionWindowMinutes: b.completionWindowMinutes,
              lifecycle: b.deleteAfterDays ? { deleteAfterDays: b.deleteAfterDays } : {},
              copyActions: b.copy ? [{ destinationVaultArn: vaultArn(dr, 'Default'), lifecycle: {} }] : [],
            }),
          ],
        }),
      ),
    );
  }
  return out;
}

describe('writeSpec round trip (property)', () => {
  it('GIVEN any live state WHEN written and loaded back THEN it declares what was read, plans empty, and leaves out only defaults', () => {
    fc.assert(
      fc.property(world, (w) => {
        const entries = entriesOf(w);
        const live = liveOf(entries);
        const { text } = writeSpec({ live, defaultRegion: 'eu-west-1' });
        const desired = parseSpec(text, 'imported.yaml', {});
        expect(desired.resources.map((r) => r.address)).toEqual(entries.map((e) => e.address).sort());
        const plan = planChanges(desired, live, { createdAt: CREATED_AT });
        expect(plan.complete).toBe(true);
        expect(plan.changes.filter((c) => c.action !== 'no-op')).toEqual([]);
        for (const r of desired.resources) {
          const obs = live.resources[r.address];
          if (obs?.status !== 'present') throw new Error(`not read: ${r.address}`);
          const liveAttrs = obs.attrs as unknown as Record<string, unknown>;
          const want = r.attrs as unknown as Record<string, unknown>;
          for (const [field, value] of Object.entries(want))
            if (value !== undefined)
              expect([r.address, field, canonicalText(value)]).toEqual([
                r.address,
                field,
                canonicalText(liveAttrs[field]),
              ]);
          for (const [field, value] of Object.entries(liveAttrs))
            if (want[field] === undefined)
              expect([r.address, field, isDefault(field, value, liveAttrs)]).toEqual([
                r.address,
                field,
                true,
              ]);
        }
      }),
      { numRuns: 150 },
    );
  });
});
