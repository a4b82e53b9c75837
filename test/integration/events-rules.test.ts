/** events.rule against moto: read (two regions, absent, unreadable), apply round trips and delete. */
import { type EventBridgeClient, PutRuleCommand, PutTargetsCommand } from '@aws-sdk/client-eventbridge';
import { afterAll, describe, expect, it } from 'vitest';
import { ClientPool } from '../../src/adapters/aws-config.js';
import { eventsRuleAdapter } from '../../src/adapters/events/index.js';
import { canonicalEventPattern } from '../../src/adapters/events/normalize.js';
import type { EventsRuleAttrs } from '../../src/model/attrs.js';
import { addressOf } from '../../src/model/resource.js';
import type { DesiredResource } from '../../src/model/state.js';
import { ACCOUNT, denyAccess, recordingWriteContext } from '../adapters/sns/support.js';
import { applyPlanned, deletePlanned } from '../support/apply-step.js';
import { FaultInjector } from '../support/faults.js';
import { motoAwsOptions, useMoto } from '../support/moto.js';

useMoto();

const FAILED_JOBS = {
  source: ['aws.backup'],
  'detail-type': ['Backup Job State Change'],
  detail: { state: ['FAILED', 'ABORTED', 'EXPIRED'] },
};
const topicArn = (region: string, name: string) => `arn:aws:sns:${region}:${ACCOUNT}:${name}`;

function rule(
  name: string,
  region: string,
  attrs: Partial<EventsRuleAttrs> = {},
): DesiredResource<'events.rule'> {
  return {
    address: addressOf('events.rule', name, region),
    kind: 'events.rule',
    name,
    region,
    ensure: 'present',
    attrs: { region, ...attrs },
    dependsOn: [],
  };
}

const seedPool = new ClientPool(motoAwsOptions());
const sdk = (region: string): EventBridgeClient => seedPool.get('events', region);
afterAll(() => seedPool.destroy());

describe('events.rule read (moto)', () => {
  it('GIVEN rules in eu-west-1 and eu-west-3 seeded through the SDK WHEN the adapter reads them THEN it returns the normalised attributes', async () => {
    for (const [region, name] of [
      ['eu-west-1', 'job-failures'],
      ['eu-west-3', 'job-failures-dr'],
    ] as const) {
      await sdk(region).send(
        new PutRuleCommand({
          Name: name,
          // The order AWS would never keep: values and keys shuffled.
          EventPattern:
            '{"detail":{"state":["EXPIRED","ABORTED","FAILED"]},"source":["aws.backup"],"detail-type":["Backup Job State Change"]}',
          State: 'ENABLED',
          Description: 'failed backup jobs',
        }),
      );
      await sdk(region).send(
        new PutTargetsCommand({
          Rule: name,
          Targets: [
            { Id: 'topic', Arn: topicArn(region, 'alerts'), Input: '{ "b": 1, "a": 2 }' },
            { Id: 'audit', Arn: topicArn(region, 'audit') },
          ],
        }),
      );
    }
    const pool = new ClientPool(motoAwsOptions());
    const out = await eventsRuleAdapter.read({ pool, account: ACCOUNT, concurrency: 4 }, [
      rule('job-failures', 'eu-west-1'),
      rule('job-failures-dr', 'eu-west-3'),
    ]);
    pool.destroy();
    for (const [region, name] of [
      ['eu-west-1', 'job-failures'],
      ['eu-west-3', 'job-failures-dr'],
    ] as const) {
      expect(out.get(`events.rule/${region}/${name}`)).toEqual({
        status: 'present',
        attrs: {
          region,
          eventBusName: 'default',
          description: 'failed backup jobs',
          eventPattern: canonicalEventPattern(FAILED_JOBS),
          state: 'ENABLED',
          targets: [
            { id: 'audit', arn: topicArn(region, 'audit') },
            { id: 'topic', arn: topicArn(region, 'alerts'), input: '{"a":2,"b":1}' },
          ],
        },
        facts: { arn: `arn:aws:events:${region}:${ACCOUNT}:rule/${name}` },
        // The targets as ListTargetsByRule returned them (kept for Step-0 backups and --restore).
        raw: { targets: expect.any(Array) },
      });
    }
  });

  it('GIVEN a rule that does not exist WHEN read THEN it is absent', async () => {
    const pool = new ClientPool(motoAwsOptions());
    const out = await eventsRuleAdapter.read({ pool, account: ACCOUNT, concurrency: 4 }, [
      rule('nope', 'eu-west-3'),
    ]);
    pool.destroy();
    expect(out.get('events.rule/eu-west-3/nope')).toEqual({ status: 'absent' });
  });

  it('GIVEN ListTargetsByRule is denied in eu-west-1 WHEN both regions are read THEN that rule is unreadable (not half-read) and the other present', async () => {
    const pool = new ClientPool(
      motoAwsOptions({
        onClient: denyAccess((op, region) => op === 'ListTargetsByRule' && region === 'eu-west-1'),
      }),
    );
    const out = await eventsRuleAdapter.read({ pool, account: ACCOUNT, concurrency: 4 }, [
      rule('job-failures', 'eu-west-1'),
      rule('job-failures-dr', 'eu-west-3'),
    ]);
    pool.destroy();
    expect(out.get('events.rule/eu-west-1/job-failures')).toEqual({
      status: 'unreadable',
      reason: 'access denied (AccessDeniedException)',
      code: 'AccessDeniedException',
    });
    expect(out.get('events.rule/eu-west-3/job-failures-dr')?.status).toBe('present');
  });
  it('GIVEN EventBridge answers DescribeRule with a 5xx WHEN read THEN the rule is unreadable with the service error', async () => {
    const faults = new FaultInjector({
      kind: 'server-error',
      nth: 1,
      times: 10,
      match: (r) => r.operation === 'DescribeRule',
    });
    const pool = new ClientPool(motoAwsOptions({ onClient: faults.onClient }));
    const out = await eventsRuleAdapter.read({ pool, account: ACCOUNT, concurrency: 4 }, [
      rule('job-failures', 'eu-west-1'),
    ]);
    pool.destroy();
    expect(out.get('events.rule/eu-west-1/job-failures')).toMatchObject({
      status: 'unreadable',
      reason: 'service error 500 (InternalFailure)',
    });
  });
});

describe('events.rule apply and delete (moto)', () => {
  const region = 'eu-west-3';
  const desired = rule('applied-rule', region, {
    description: 'failed backup jobs (DR)',
    eventPattern: canonicalEventPattern(FAILED_JOBS),
    state: 'ENABLED',
    targets: [{ id: 'sns', arn: topicArn(region, 'alerts-dr') }],
  });

  it('GIVEN an absent rule WHEN applied THEN it reads back as declared, and a second apply is unchanged with zero mutating calls', async () => {
    const pool = new ClientPool(motoAwsOptions());
    const ctx = recordingWriteContext(pool);
    expect(await applyPlanned(eventsRuleAdapter, ctx, desired)).toBe('applied');
    expect(ctx.calls.map((c) => c.operation)).toEqual(['PutRule', 'PutTargets']);
    const obs = (await eventsRuleAdapter.read(ctx, [desired])).get(desired.address);
    expect(obs).toMatchObject({ status: 'present', attrs: { ...desired.attrs, eventBusName: 'default' } });
    const again = recordingWriteContext(pool);
    expect(await applyPlanned(eventsRuleAdapter, again, desired)).toBe('unchanged');
    expect(again.calls).toEqual([]);
    pool.destroy();
  });

  it('GIVEN a disabled rule with an extra target WHEN applied THEN PutRule re-enables it, RemoveTargets drops the extra, and it converges', async () => {
    await sdk(region).send(
      new PutRuleCommand({
        Name: 'applied-rule',
        EventPattern: JSON.stringify(FAILED_JOBS),
        State: 'DISABLED',
        Description: 'failed backup jobs (DR)',
      }),
    );
    await sdk(region).send(
      new PutTargetsCommand({
        Rule: 'applied-rule',
        Targets: [{ Id: 'stray', Arn: topicArn(region, 'stray') }],
      }),
    );
    const pool = new ClientPool(motoAwsOptions());
    const ctx = recordingWriteContext(pool);
    expect(await applyPlanned(eventsRuleAdapter, ctx, desired)).toBe('applied');
    expect(ctx.calls.map((c) => c.operation)).toEqual(['PutRule', 'RemoveTargets']);
    const obs = (await eventsRuleAdapter.read(ctx, [desired])).get(desired.address) as {
      attrs: EventsRuleAttrs;
    };
    expect(obs.attrs.state).toBe('ENABLED');
    expect(obs.attrs.targets).toEqual(desired.attrs.targets);
    const again = recordingWriteContext(pool);
    expect(await applyPlanned(eventsRuleAdapter, again, desired)).toBe('unchanged');
    expect(again.calls).toEqual([]);
    pool.destroy();
  });

  it('GIVEN the rule with targets WHEN deleted THEN targets are removed first, the rule is gone, and a second delete is unchanged', async () => {
    const pool = new ClientPool(motoAwsOptions());
    const ctx = recordingWriteContext(pool);
    expect(await deletePlanned(eventsRuleAdapter, ctx, desired)).toBe('applied');
    expect(ctx.calls.map((c) => c.operation)).toEqual(['RemoveTargets', 'DeleteRule']);
    expect((await eventsRuleAdapter.read(ctx, [desired])).get(desired.address)).toEqual({ status: 'absent' });
    const again = recordingWriteContext(pool);
    expect(await deletePlanned(eventsRuleAdapter, again, desired)).toBe('unchanged');
    expect(again.calls).toEqual([]);
    pool.destroy();
  });
});
