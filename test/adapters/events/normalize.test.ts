/** EventBridge normalisation and target planning: each case names the perpetual diff it prevents. */
import { describe, expect, it } from 'vitest';
import { differingRuleFields, planTargetWrites, targetToPut } from '../../../src/adapters/events/apply.js';
import {
  canonicalEventPattern,
  canonicalTargetInput,
  normalizeRule,
  normalizeTarget,
} from '../../../src/adapters/events/normalize.js';

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

describe('target and rule write planning', () => {
  const live = [
    { Id: 'keep', Arn: 'arn:aws:sns:eu-west-1:1:t', RetryPolicy: { MaximumRetryAttempts: 3 } },
    { Id: 'change', Arn: 'arn:aws:sns:eu-west-1:1:old' },
    { Id: 'extra', Arn: 'arn:aws:sns:eu-west-1:1:x' },
  ];

  it('GIVEN desired targets WHEN planned against live THEN only new/changed ones are put and extra ones removed', () => {
    const { put, remove } = planTargetWrites(
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
    'GIVEN a live target with %s added by hand and a desired target without it WHEN planned THEN the target is put back exactly as declared (unmanaged retry policy kept)',
    (_what, extra) => {
      const { put, remove } = planTargetWrites(
        [{ id: '1', arn: 'arn:aws:sns:eu-west-1:1:t' }],
        [{ Id: '1', Arn: 'arn:aws:sns:eu-west-1:1:t', RetryPolicy: { MaximumRetryAttempts: 3 }, ...extra }],
      );
      expect(put).toEqual([
        { Id: '1', Arn: 'arn:aws:sns:eu-west-1:1:t', RetryPolicy: { MaximumRetryAttempts: 3 } },
      ]);
      expect(remove).toEqual([]);
    },
  );

  it('GIVEN a saved target with an InputTransformer (restore) WHEN put THEN the transformer is sent as AWS takes it', () => {
    const saved = normalizeTarget({
      Id: '1',
      Arn: 'arn:aws:sns:eu-west-1:1:t',
      InputTransformer: { InputTemplate: '"<s>"', InputPathsMap: { s: '$.detail.state' } },
    });
    const { put } = planTargetWrites([saved], [{ Id: '1', Arn: 'arn:aws:sns:eu-west-1:1:t' }]);
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
      differingRuleFields({ region: 'eu-west-1', eventPattern: canonicalEventPattern(SPEC_PATTERN) }, live),
    ).toEqual([]);
    expect(differingRuleFields({ region: 'eu-west-1', state: 'DISABLED' }, live)).toEqual(['state']);
  });
});
