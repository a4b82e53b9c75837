/** --prune-prefix discovery with a fake DiscoveryClient: what becomes a deletion candidate. */
import { describe, expect, it } from 'vitest';
import type { DiscoveryClient, ListedPlan } from '../../src/import/discover.js';
import { discoverPrunable } from '../../src/import/discover-prunable.js';
import type { DesiredState } from '../../src/model/state.js';
import { ACCOUNT } from './builders.js';

/** A listed plan (ListBackupPlans member, as the adapters' listing keeps it); the name is the map key. */
const plan = (id: string, _name: string): ListedPlan => ({ id });

function fakeClient(calls: string[]): DiscoveryClient {
  return {
    whoAmI: async () => ACCOUNT,
    listBuckets: async () => [],
    bucketRegion: async () => undefined,
    alarmNames: async (region, prefix) =>
      region === 'eu-west-1' ? [`${prefix}lag`, `${prefix}declared`] : [],
    ruleNames: async () => [],
    plans: async (region) => {
      calls.push(`plans ${region}`);
      return new Map(
        region === 'eu-west-1'
          ? [
              ['team-a-old-plan', [plan('p-1', 'team-a-old-plan')]],
              ['team-b-plan', [plan('p-2', 'team-b-plan')]],
              ['other-plan', [plan('p-3', 'other-plan')]],
            ]
          : [],
      );
    },
    selectionNames: async () => [],
  };
}

const desired = {
  formatVersion: 1,
  account: ACCOUNT,
  defaultRegion: 'eu-west-1',
  regions: ['eu-west-1', 'eu-west-3'],
  resources: [
    {
      address: 'cloudwatch.alarm/eu-west-1/team-a-declared',
      kind: 'cloudwatch.alarm',
      name: 'team-a-declared',
      region: 'eu-west-1',
      ensure: 'present',
      attrs: { region: 'eu-west-1' },
      dependsOn: [],
    },
  ],
  recovery: [],
  specFile: 'backup-spec.yaml',
} as unknown as DesiredState;

describe('discoverPrunable', () => {
  it('GIVEN two prefixes WHEN discovering THEN undeclared alarms and plans of both prefixes are candidates, declared and other names are not', async () => {
    const stubs = await discoverPrunable(fakeClient([]), desired, ['team-a-', 'team-b-']);
    expect(stubs.map((s) => s.address).sort()).toEqual([
      'backup.plan/eu-west-1/team-a-old-plan',
      'backup.plan/eu-west-1/team-b-plan',
      'cloudwatch.alarm/eu-west-1/team-a-lag',
      // the fake lists a `<prefix>declared` alarm for every prefix; only team-a-declared is declared
      'cloudwatch.alarm/eu-west-1/team-b-declared',
      'cloudwatch.alarm/eu-west-1/team-b-lag',
    ]);
  });

  it('GIVEN several prefixes WHEN discovering THEN each region lists its backup plans for all prefixes at once, not once per prefix', async () => {
    const calls: string[] = [];
    await discoverPrunable(fakeClient(calls), desired, ['team-a-', 'team-b-', 'team-c-']);
    // once to match names, once when the matching plans are resolved with their selections
    expect(calls.filter((c) => c === 'plans eu-west-1')).toHaveLength(2);
  });
});
