/**
 * Import discovery with a fake DiscoveryClient (read operations only, by construction): which stubs
 * the filters produce, what a failed listing becomes, and which referenced vaults and roles the
 * second pass adds.
 */
import { describe, expect, it } from 'vitest';
import {
  type DiscoveryClient,
  discoverResources,
  type ImportFilters,
  type ListedPlan,
  referencedResources,
} from '../../src/import/discover.js';
import type { Observation } from '../../src/model/state.js';
import {
  ACCOUNT,
  liveBackupRule,
  liveBucket,
  liveEventRule,
  livePlan,
  liveReplicationRule,
  liveSelection,
  roleArn,
  topicArn,
  vaultArn,
} from './builders.js';

function fakeClient(over: Partial<DiscoveryClient> = {}): DiscoveryClient {
  const plan = (id: string): ListedPlan => ({ id });
  return {
    whoAmI: async () => ACCOUNT,
    listBuckets: async () => [{ name: 'media' }, { name: 'logs', region: 'us-east-1' }, { name: 'dr' }],
    bucketRegion: async (name) => (name === 'media' ? 'eu-west-1' : name === 'dr' ? 'eu-west-3' : undefined),
    alarmNames: async (region, prefix) => (region === 'eu-west-1' ? [`${prefix}lag`] : []),
    ruleNames: async (region, prefix) => [`${prefix}failures-${region}`],
    plans: async (region) => new Map(region === 'eu-west-1' ? [['daily', [plan('p-1')]]] : []),
    selectionNames: async () => ['databases'],
    ...over,
  };
}

const FILTERS: ImportFilters = {
  regions: ['eu-west-1', 'eu-west-3'],
  allBuckets: false,
  topics: [],
  roles: [],
  dbInstances: [],
  backupPlans: [],
};

describe('discoverResources', () => {
  it('GIVEN --all-buckets WHEN discovering THEN only buckets in the chosen regions become stubs', async () => {
    const d = await discoverResources(fakeClient(), { ...FILTERS, allBuckets: true });
    expect(d.stubs.map((s) => [s.address, s.attrs])).toEqual([
      ['s3.bucket/dr', { region: 'eu-west-3' }],
      ['s3.bucket/media', { region: 'eu-west-1' }],
    ]);
  });

  it('GIVEN --all-buckets without --regions WHEN discovering THEN buckets of every region become stubs, each in its own region', async () => {
    const d = await discoverResources(fakeClient(), {
      ...FILTERS,
      regions: ['eu-west-1'],
      allBuckets: true,
      allBucketRegions: true,
    });
    expect(d.stubs.map((s) => [s.address, s.attrs])).toEqual([
      ['s3.bucket/dr', { region: 'eu-west-3' }],
      ['s3.bucket/logs', { region: 'us-east-1' }],
      ['s3.bucket/media', { region: 'eu-west-1' }],
    ]);
  });

  it('GIVEN prefixes, names and a plan WHEN discovering THEN each region gets its stubs, plans with their selections', async () => {
    const d = await discoverResources(fakeClient(), {
      ...FILTERS,
      alarmPrefix: 'mne-',
      rulePrefix: 'mne-',
      topics: ['alerts'],
      roles: ['app'],
      dbInstances: ['db'],
      backupPlans: ['daily', 'missing-plan'],
    });
    expect(d.stubs.map((s) => s.address)).toEqual([
      'backup.plan/eu-west-1/daily',
      'backup.selection/eu-west-1/daily/databases',
      'cloudwatch.alarm/eu-west-1/mne-lag',
      'events.rule/eu-west-1/mne-failures-eu-west-1',
      'events.rule/eu-west-3/mne-failures-eu-west-3',
      'iam.role/app',
      'rds.instance/eu-west-1/db',
      'rds.instance/eu-west-3/db',
      'sns.topic/eu-west-1/alerts',
      'sns.topic/eu-west-3/alerts',
    ]);
    expect(d.stubs.find((s) => s.kind === 'backup.selection')?.attrs).toEqual({
      region: 'eu-west-1',
      plan: 'daily',
      selectionName: 'databases',
    });
    expect(d.notes).toEqual([]);
  });

  it('GIVEN listings that fail WHEN discovering THEN each failure is a note and the rest is still found', async () => {
    const denied = Object.assign(new Error('denied'), { name: 'AccessDeniedException' });
    const d = await discoverResources(
      fakeClient({
        alarmNames: async () => {
          throw denied;
        },
        selectionNames: async () => {
          throw new SyntaxError('Unexpected token <');
        },
      }),
      { ...FILTERS, regions: ['eu-west-1'], alarmPrefix: 'mne-', backupPlans: ['daily'] },
    );
    expect(d.stubs.map((s) => s.address)).toEqual(['backup.plan/eu-west-1/daily']);
    expect(d.notes).toEqual([
      'CloudWatch alarms named mne-* (eu-west-1): access denied (AccessDeniedException)',
      'the selections of backup.plan/eu-west-1/daily: the endpoint returned something that is not an AWS response (operation not supported?)',
    ]);
  });
});

describe('referencedResources', () => {
  const present = (attrs: unknown): Observation => ({ status: 'present', attrs }) as Observation;

  it('GIVEN plans, buckets, selections and rules WHEN following references THEN their vaults and same-account roles are added once', () => {
    const observations: Record<string, Observation> = {
      'backup.plan/eu-west-1/daily': present(
        livePlan({
          rules: [
            liveBackupRule({
              targetVault: 'prod-vault',
              copyActions: [
                { destinationVaultArn: vaultArn('eu-west-3', 'Default'), lifecycle: {} },
                {
                  destinationVaultArn: 'arn:aws:backup:eu-west-3:111122223333:backup-vault:other-account',
                  lifecycle: {},
                },
              ],
            }),
          ],
        }),
      ),
      's3.bucket/media': present(
        liveBucket({
          replication: { role: roleArn('replication', '/service-role/'), rules: [liveReplicationRule()] },
        }),
      ),
      'backup.selection/eu-west-1/daily/databases': present(
        liveSelection({ iamRoleArn: roleArn('replication', '/service-role/') }),
      ),
      'events.rule/eu-west-1/failures': present(
        liveEventRule({
          targets: [{ id: '1', arn: topicArn('eu-west-1', 'alerts'), roleArn: roleArn('events') }],
        }),
      ),
      'iam.role/events': present({}),
      'sns.topic/eu-west-1/unreadable': { status: 'unreadable', reason: 'denied' },
    };
    const refs = referencedResources(ACCOUNT, observations);
    expect(refs.map((r) => [r.address, r.attrs])).toEqual([
      ['backup.vault/eu-west-1/prod-vault', { region: 'eu-west-1' }],
      ['backup.vault/eu-west-3/Default', { region: 'eu-west-3' }],
      ['iam.role/replication', {}],
    ]);
  });
});
