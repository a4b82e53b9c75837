import { describe, expect, it } from 'vitest';
import { planChanges } from '../../src/planner/index.js';
import { absent, alarmAttrs, CREATED_AT, desiredState, liveState, present, resource } from './builders.js';

const role = resource('iam.role', 'backup-role', { path: '/' });
const topic = resource('sns.topic', 'alerts', { region: 'eu-west-1' }, { dependsOn: [] });
const rule = resource(
  'events.rule',
  'failures',
  { region: 'eu-west-1', state: 'ENABLED' },
  { dependsOn: [topic.address] },
);
const alarm = resource('cloudwatch.alarm', 'lag', alarmAttrs(), { dependsOn: [topic.address] });
const vault = resource('backup.vault', 'v', { region: 'eu-west-1' });
const plan = resource('backup.plan', 'p', { region: 'eu-west-1' }, { dependsOn: [vault.address] });
const selection = resource(
  'backup.selection',
  'p/s',
  { region: 'eu-west-1', plan: 'p', selectionName: 's' },
  {
    dependsOn: [plan.address, role.address],
  },
);

describe('planner: dependency layers', () => {
  it('GIVEN everything to create WHEN planned THEN each layer only depends on earlier layers', () => {
    const desired = desiredState(role, topic, rule, alarm, vault, plan, selection);
    const live = liveState(Object.fromEntries(desired.resources.map((r) => [r.address, absent()])));
    expect(planChanges(desired, live, { createdAt: CREATED_AT }).layers).toEqual([
      ['backup.vault/eu-west-1/v', 'iam.role/backup-role', 'sns.topic/eu-west-1/alerts'],
      ['backup.plan/eu-west-1/p', 'cloudwatch.alarm/eu-west-1/lag', 'events.rule/eu-west-1/failures'],
      ['backup.selection/eu-west-1/p/s'],
    ]);
  });

  it('GIVEN a dependency that is already in sync WHEN planned THEN it is not in any layer and does not delay its dependents', () => {
    const desired = desiredState(topic, alarm);
    const live = liveState({ [topic.address]: present(topic.attrs), [alarm.address]: absent() });
    expect(planChanges(desired, live, { createdAt: CREATED_AT }).layers).toEqual([[alarm.address]]);
  });

  it('GIVEN deletions WHEN planned THEN they come after every other layer, dependents deleted before their dependencies', () => {
    const gTopic = resource('sns.topic', 'old', { region: 'eu-west-1' }, { ensure: 'absent' });
    const gRule = resource(
      'events.rule',
      'old',
      { region: 'eu-west-1' },
      { ensure: 'absent', dependsOn: [gTopic.address] },
    );
    const desired = desiredState(gTopic, gRule, role);
    const live = liveState({
      [gTopic.address]: present({ region: 'eu-west-1' }),
      [gRule.address]: present({ region: 'eu-west-1' }),
      [role.address]: absent(),
    });
    expect(planChanges(desired, live, { createdAt: CREATED_AT }).layers).toEqual([
      [role.address],
      [gRule.address],
      [gTopic.address],
    ]);
  });

  it('GIVEN a dependency cycle (which the spec checks forbid) WHEN planned THEN layering still terminates and covers every change', () => {
    const a = resource('sns.topic', 'a', { region: 'eu-west-1' }, { dependsOn: ['sns.topic/eu-west-1/b'] });
    const b = resource('sns.topic', 'b', { region: 'eu-west-1' }, { dependsOn: ['sns.topic/eu-west-1/a'] });
    const layers = planChanges(
      desiredState(a, b),
      liveState({ [a.address]: absent(), [b.address]: absent() }),
      { createdAt: CREATED_AT },
    ).layers;
    expect(layers.flat().sort()).toEqual([a.address, b.address]);
  });
});
