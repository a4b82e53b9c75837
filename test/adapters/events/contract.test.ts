/**
 * Contract tests (aws-sdk-client-mock) for EventBridge answers moto never gives: PutTargets and
 * RemoveTargets report per-target failures in-band (HTTP 200 with `FailedEntryCount`), per the
 * EventBridge API reference. A step that swallowed them would claim success for a target that
 * does not exist.
 */
import {
  DescribeRuleCommand,
  EventBridgeClient,
  ListTargetsByRuleCommand,
  PutRuleCommand,
  PutTargetsCommand,
  RemoveTargetsCommand,
} from '@aws-sdk/client-eventbridge';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ClientPool } from '../../../src/adapters/aws-config.js';
import { eventsRuleAdapter } from '../../../src/adapters/events/index.js';
import { canonicalEventPattern } from '../../../src/adapters/events/normalize.js';
import { addressOf } from '../../../src/model/resource.js';
import type { DesiredResource } from '../../../src/model/state.js';
import { applyPlanned, deletePlanned } from '../../support/apply-step.js';
import { ACCOUNT, recordingWriteContext } from '../sns/support.js';

const REGION = 'eu-west-1';
const PATTERN = { source: ['aws.backup'], 'detail-type': ['Backup Job State Change'] };
const TOPIC = `arn:aws:sns:${REGION}:${ACCOUNT}:alerts`;

const events = mockClient(EventBridgeClient);
let pool: ClientPool;

const desired: DesiredResource<'events.rule'> = {
  address: addressOf('events.rule', 'job-failures', REGION),
  kind: 'events.rule',
  name: 'job-failures',
  region: REGION,
  ensure: 'present',
  attrs: {
    region: REGION,
    eventPattern: canonicalEventPattern(PATTERN),
    state: 'ENABLED',
    targets: [{ id: 'sns', arn: TOPIC }],
  },
  dependsOn: [],
};

beforeEach(() => {
  events.reset();
  pool = new ClientPool({ defaultRegion: REGION, credentials: { accessKeyId: 'x', secretAccessKey: 'x' } });
  events.on(DescribeRuleCommand).resolves({
    Name: 'job-failures',
    Arn: `arn:aws:events:${REGION}:${ACCOUNT}:rule/job-failures`,
    EventPattern: JSON.stringify(PATTERN),
    State: 'ENABLED',
    EventBusName: 'default',
  });
});
afterEach(() => pool.destroy());

describe('events.rule apply — contract (aws-sdk-client-mock)', () => {
  it('GIVEN PutTargets answers FailedEntryCount 1 WHEN applied THEN the step fails naming the target and the error code', async () => {
    events.on(ListTargetsByRuleCommand).resolves({ Targets: [] });
    events.on(PutTargetsCommand).resolves({
      FailedEntryCount: 1,
      FailedEntries: [
        { TargetId: 'sns', ErrorCode: 'ConcurrentModificationException', ErrorMessage: 'try again' },
      ],
    });
    const ctx = recordingWriteContext(pool);
    await expect(applyPlanned(eventsRuleAdapter, ctx, desired)).rejects.toThrow(
      'events.rule/eu-west-1/job-failures: PutTargets failed for sns: ConcurrentModificationException try again',
    );
    expect(events.commandCalls(PutRuleCommand)).toHaveLength(0);
  });

  it('GIVEN RemoveTargets answers a failed entry while deleting WHEN deleted THEN DeleteRule is not attempted', async () => {
    events.on(ListTargetsByRuleCommand).resolves({ Targets: [{ Id: 'sns', Arn: TOPIC }] });
    events.on(RemoveTargetsCommand).resolves({
      FailedEntryCount: 1,
      FailedEntries: [{ TargetId: 'sns', ErrorCode: 'InternalException', ErrorMessage: '' }],
    });
    const ctx = recordingWriteContext(pool);
    await expect(deletePlanned(eventsRuleAdapter, ctx, desired)).rejects.toThrow(
      /RemoveTargets failed for sns: InternalException/,
    );
    expect(ctx.calls.map((c) => c.operation)).toEqual(['RemoveTargets']);
  });

  it('GIVEN a rule with 23 extra targets WHEN applied THEN PutTargets is sent once and RemoveTargets once (AWS batch limits: 10 puts, 100 removes)', async () => {
    events.on(ListTargetsByRuleCommand).resolves({
      Targets: Array.from({ length: 23 }, (_, i) => ({ Id: `old-${i}`, Arn: TOPIC })),
    });
    events.on(PutTargetsCommand).resolves({ FailedEntryCount: 0, FailedEntries: [] });
    events.on(RemoveTargetsCommand).resolves({ FailedEntryCount: 0, FailedEntries: [] });
    const ctx = recordingWriteContext(pool);
    expect(await applyPlanned(eventsRuleAdapter, ctx, desired)).toBe('applied');
    expect(ctx.calls.map((c) => c.operation)).toEqual(['PutTargets', 'RemoveTargets']);
    expect(events.commandCalls(RemoveTargetsCommand)[0]?.args[0].input.Ids).toHaveLength(23);
  });
});
