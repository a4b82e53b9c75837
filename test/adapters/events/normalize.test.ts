/** EventBridge normalisation and target writes: each case names the perpetual diff it prevents. */
import type { Target } from '@aws-sdk/client-eventbridge';
import { describe, expect, it } from 'vitest';
import { applyRule, targetToPut } from '../../../src/adapters/events/apply.js';
import {
  canonicalEventPattern,
  canonicalTargetInput,
  normalizeRule,
  normalizeTarget,
} from '../../../src/adapters/events/normalize.js';
import type { EventsTarget } from '../../../src/model/attrs.js';
import { addressOf } from '../../../src/model/resource.js';
import { differingFields, present, stepOf } from '../../support/apply-step.js';
import { FakePool } from '../../support/fake-aws.js';
import { recordingWriteContext } from '../sns/support.js';

const SPEC_PATTERN = {
  source: ['aws.backup'],
  'detail-type': ['Backup Job State Change'],
  detail: { state: ['FAILED', 'ABORTED', 'EXPIRED'] },
};

describe('canonicalEventPattern', () => {
  it('GIVEN the same pattern with keys and match-list values in another order WHEN canonicalised THEN both are equal (no diff after AWS re-serialises it)', () => {
    const fromAws =
      '{"detail":{"state":["EXPIRED","FAILED","ABORTED"]},"detail-type":["Backup Job State Change"],"source":["aws.backup"]}';
    expect(canonicalEventPattern(fromAws)).toEqual(canonicalEventPattern(SPEC_PATTERN));
    expect(JSON.stringify(canonicalEventPattern(fromAws))).toBe(
      '{"detail":{"state":["ABORTED","EXPIRED","FAILED"]},"detail-type":["Backup Job State Change"],"source":["aws.backup"]}',
    );
  });

  it('GIVEN a numeric range filter WHEN canonicalised THEN its operands keep their order (sorting would change its meaning)', () => {
    const p = canonicalEventPattern({ detail: { size: [{ numeric: ['>', 0, '<=', 5] }] } });
    expect(p).toEqual({ detail: { size: [{ numeric: ['>', 0, '<=', 5] }] } });
  });

  it('GIVEN a match list mixing content filters and strings in another order WHEN canonicalised THEN both orders are equal', () => {
    const a = canonicalEventPattern({ source: [{ prefix: 'aws.' }, 'custom'] });
    const b = canonicalEventPattern({ source: ['custom', { prefix: 'aws.' }] });
    expect(a).toEqual(b);
  });

  it('GIVEN a non-object pattern WHEN canonicalised THEN it throws', () => {
    expect(() => canonicalEventPattern('["x"]')).toThrow(/object/);
  });
});

describe('normalizeRule', () => {
  it('GIVEN a rule on the default bus with unsorted targets and re-serialised input WHEN normalised THEN bus, defaults and order are explicit', () => {
    const attrs = normalizeRule(
      'eu-west-1',
      { EventPattern: JSON.stringify(SPEC_PATTERN), State: 'ENABLED' },
      [
        { Id: 'b', Arn: 'arn:aws:sns:eu-west-1:1:t', Input: '{ "b": 1, "a": 2 }' },
        { Id: 'a', Arn: 'arn:aws:lambda:eu-west-1:1:function:f', RoleArn: 'arn:aws:iam::1:role/r' },
      ],
    );
    expect(attrs).toEqual({
      region: 'eu-west-1',
      eventBusName: 'default',
      description: '',
      eventPattern: canonicalEventPattern(SPEC_PATTERN),
      state: 'ENABLED',
      targets: [
        { id: 'a', arn: 'arn:aws:lambda:eu-west-1:1:function:f', roleArn: 'arn:aws:iam::1:role/r' },
        { id: 'b', arn: 'arn:aws:sns:eu-west-1:1:t', input: '{"a":2,"b":1}' },
      ],
    });
    expect(canonicalTargetInput('not json')).toBe('not json');
  });
});

/**
 * Runs applyRule for desired targets against a live rule with `live` targets (the plan's step, then
 * the adapter's one re-read answered by a fake pool); returns the targets put and the ids removed.
 */
async function targetWrites(
  want: readonly EventsTarget[],
  live: readonly Target[],
  savedRaw?: Readonly<Record<string, unknown>>,
) {
  const rule = {
    Name: 'r',
    EventBusName: 'default',
    State: 'ENABLED' as const,
    ScheduleExpression: 'rate(1 day)',
  };
  const pool = new FakePool({
    DescribeRule: () => rule,
    ListTargetsByRule: () => ({ Targets: live }),
    PutTargets: () => ({ FailedEntryCount: 0 }),
    RemoveTargets: () => ({ FailedEntryCount: 0 }),
  });
  const desired = {
    address: addressOf('events.rule', 'r', 'eu-west-1'),
    kind: 'events.rule' as const,
    name: 'r',
    region: 'eu-west-1',
    ensure: 'present' as const,
    attrs: { region: 'eu-west-1', targets: want },
    dependsOn: [],
    ...(savedRaw ? { raw: savedRaw } : {}),
  };
  const step = stepOf(desired, present<'events.rule'>(normalizeRule('eu-west-1', rule, live)));
  await applyRule(recordingWriteContext(pool), step);
  const inputs = (op: string) =>
    pool.calls.filter((c) => c.operation === op).map((c) => c.input as Record<string, unknown>);
  return {
    put: inputs('PutTargets').flatMap((i) => i.Targets as Target[]),
    remove: inputs('RemoveTargets').flatMap((i) => i.Ids as string[]),
    writes: pool.operations('write'),
  };
}

describe('target and rule writes', () => {
  const live = [
    { Id: 'keep', Arn: 'arn:aws:sns:eu-west-1:1:t', RetryPolicy: { MaximumRetryAttempts: 3 } },
    { Id: 'change', Arn: 'arn:aws:sns:eu-west-1:1:old' },
    { Id: 'extra', Arn: 'arn:aws:sns:eu-west-1:1:x' },
  ];

  it('GIVEN desired targets WHEN applied against live THEN only new/changed ones are put and extra ones removed (the rule itself is not rewritten)', async () => {
    const { put, remove, writes } = await targetWrites(
      [
        { id: 'keep', arn: 'arn:aws:sns:eu-west-1:1:t' },
        { id: 'change', arn: 'arn:aws:sns:eu-west-1:1:new' },
        { id: 'new', arn: 'arn:aws:sns:eu-west-1:1:n' },
      ],
      live,
    );
    expect(put.map((t) => `${t.Id}=${t.Arn}`)).toEqual([
      'change=arn:aws:sns:eu-west-1:1:new',
      'new=arn:aws:sns:eu-west-1:1:n',
    ]);
    expect(remove).toEqual(['extra']);
    expect(writes).toEqual(['PutTargets', 'RemoveTargets']);
  });

  it('GIVEN a live target with an unmanaged retry policy and an InputPath WHEN a constant input is wanted THEN the retry policy is kept and InputPath dropped', () => {
    const t = targetToPut(
      { id: 'keep', arn: 'arn:aws:sns:eu-west-1:1:t', input: '{"a":1}' },
      {
        Id: 'keep',
        Arn: 'arn:aws:sns:eu-west-1:1:t',
        InputPath: '$.detail',
        RetryPolicy: { MaximumRetryAttempts: 3 },
      },
    );
    expect(t).toEqual({
      Id: 'keep',
      Arn: 'arn:aws:sns:eu-west-1:1:t',
      Input: '{"a":1}',
      RetryPolicy: { MaximumRetryAttempts: 3 },
    });
  });

  it('GIVEN a live target whose input was customised by hand (InputPath, InputTransformer) WHEN normalised THEN what it sends is part of the target (a change shows as drift)', () => {
    expect(normalizeTarget({ Id: '1', Arn: 'arn:aws:sns:eu-west-1:1:t', InputPath: '$.detail' })).toEqual({
      id: '1',
      arn: 'arn:aws:sns:eu-west-1:1:t',
      inputPath: '$.detail',
    });
    expect(
      normalizeTarget({
        Id: '1',
        Arn: 'arn:aws:sns:eu-west-1:1:t',
        InputTransformer: { InputTemplate: '"<s>"', InputPathsMap: { s: '$.detail.state' } },
      }),
    ).toEqual({
      id: '1',
      arn: 'arn:aws:sns:eu-west-1:1:t',
      inputTransformer: '{"InputPathsMap":{"s":"$.detail.state"},"InputTemplate":"\\"<s>\\""}',
    });
  });

  it.each([
    ['a constant Input', { Input: '{"hello":"world"}' }],
    ['a RoleArn', { RoleArn: 'arn:aws:iam::1:role/r' }],
    ['an InputPath', { InputPath: '$.detail' }],
    ['an InputTransformer', { InputTransformer: { InputTemplate: '"failed"' } }],
  ])(
    'GIVEN a live target with %s added by hand and a desired target without it WHEN applied THEN the target is put back exactly as declared (unmanaged retry policy kept)',
    async (_what, extra) => {
      const { put, remove } = await targetWrites(
        [{ id: '1', arn: 'arn:aws:sns:eu-west-1:1:t' }],
        [{ Id: '1', Arn: 'arn:aws:sns:eu-west-1:1:t', RetryPolicy: { MaximumRetryAttempts: 3 }, ...extra }],
      );
      expect(put).toEqual([
        { Id: '1', Arn: 'arn:aws:sns:eu-west-1:1:t', RetryPolicy: { MaximumRetryAttempts: 3 } },
      ]);
      expect(remove).toEqual([]);
    },
  );

  it('GIVEN a saved target with an InputTransformer (restore) WHEN put THEN the transformer is sent as AWS takes it', async () => {
    const saved = normalizeTarget({
      Id: '1',
      Arn: 'arn:aws:sns:eu-west-1:1:t',
      InputTransformer: { InputTemplate: '"<s>"', InputPathsMap: { s: '$.detail.state' } },
    });
    const { put } = await targetWrites([saved], [{ Id: '1', Arn: 'arn:aws:sns:eu-west-1:1:t' }]);
    expect(put).toEqual([
      {
        Id: '1',
        Arn: 'arn:aws:sns:eu-west-1:1:t',
        InputTransformer: { InputPathsMap: { s: '$.detail.state' }, InputTemplate: '"<s>"' },
      },
    ]);
  });

  it('GIVEN a desired rule that leaves description unmanaged WHEN compared with live THEN only managed fields can differ', () => {
    const live = normalizeRule(
      'eu-west-1',
      { EventPattern: JSON.stringify(SPEC_PATTERN), State: 'ENABLED', Description: 'x' },
      [],
    );
    expect(
      differingFields(
        'events.rule',
        { region: 'eu-west-1', eventPattern: canonicalEventPattern(SPEC_PATTERN) },
        live,
      ),
    ).toEqual([]);
    expect(differingFields('events.rule', { region: 'eu-west-1', state: 'DISABLED' }, live)).toEqual([
      'state',
    ]);
  });
});

describe('--restore of targets (issue 11 item 3)', () => {
  it('GIVEN a restore whose Step-0 backup saved a target with a retry policy and a dead-letter queue WHEN the live target lost them THEN PutTargets sends the saved settings back', async () => {
    const saved = {
      Id: 'alerts',
      Arn: 'arn:aws:sns:eu-west-1:1:t-old',
      RetryPolicy: { MaximumRetryAttempts: 3 },
      DeadLetterConfig: { Arn: 'arn:aws:sqs:eu-west-1:1:dlq' },
    };
    const { put } = await targetWrites(
      [{ id: 'alerts', arn: 'arn:aws:sns:eu-west-1:1:t' }],
      [{ Id: 'alerts', Arn: 'arn:aws:sns:eu-west-1:1:t-new' }],
      { targets: [saved] },
    );
    expect(put).toEqual([{ ...saved, Arn: 'arn:aws:sns:eu-west-1:1:t' }]);
  });
});
