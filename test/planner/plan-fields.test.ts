/**
 * What the plan carries for renderers and consumers besides the action: a stable `reasonCode`, risk
 * notes with ids (`riskDetails`), `driftSeverity`, and policy statement tables computed once
 * (`policyDiffs`), so renderers only render.
 */
import { describe, expect, it } from 'vitest';
import type { AttrsByKind } from '../../src/model/attrs.js';
import type { Change, ReasonCode } from '../../src/model/plan.js';
import type { ResourceKind } from '../../src/model/resource.js';
import { planChanges } from '../../src/planner/index.js';
import { renderPlanText } from '../../src/report/plan-text.js';
import {
  absent,
  bucketAttrs,
  CREATED_AT,
  desiredState,
  lifecycleRule,
  liveState,
  policy,
  present,
  resource,
} from './builders.js';

function planOne<K extends ResourceKind>(
  kind: K,
  desired: AttrsByKind[K],
  live: AttrsByKind[K] | undefined,
  ensure: 'present' | 'absent' = 'present',
): Change {
  const r = resource(kind, 'res', desired, { ensure });
  const plan = planChanges(
    desiredState(r),
    liveState({ [r.address]: live === undefined ? absent() : present(live) }),
    { createdAt: CREATED_AT },
  );
  const c = plan.changes[0];
  if (!c) throw new Error('no change');
  return c;
}

const TRUST = policy({
  Effect: 'Allow',
  Action: 'sts:AssumeRole',
  Principal: { Service: 'ec2.amazonaws.com' },
});
const READ = { Effect: 'Allow', Action: ['s3:GetObject'], Resource: 'arn:aws:s3:::media/*' };
const READ_DELETE = {
  Effect: 'Allow',
  Action: ['s3:GetObject', 's3:DeleteObject'],
  Resource: 'arn:aws:s3:::media/*',
};
const DENY_REPLICA = { Effect: 'Deny', Action: 's3:*', Resource: 'arn:aws:s3:::replica/*' };

const role = (inline: Record<string, ReturnType<typeof policy>>) => ({
  path: '/',
  assumeRolePolicy: TRUST,
  inlinePolicies: inline,
});

describe('plan: reasonCode beside the prose reason', () => {
  const cases: [string, () => Change, ReasonCode][] = [
    ['in sync', () => planOne('s3.bucket', bucketAttrs(), bucketAttrs()), 'in-sync'],
    ['absent as asked', () => planOne('iam.role', role({}), undefined, 'absent'), 'already-absent'],
    [
      'fields differ',
      () => planOne('s3.bucket', bucketAttrs({ versioning: 'Suspended' }), bucketAttrs()),
      'fields-differ',
    ],
    ['a path change', () => planOne('iam.role', { path: '/new/' }, { path: '/' }), 'forces-replacement'],
    [
      'a bucket in another region',
      () => planOne('s3.bucket', bucketAttrs({ region: 'eu-west-3' }), bucketAttrs()),
      'region-move',
    ],
    [
      'Object Lock turned off',
      () => planOne('s3.bucket', bucketAttrs({ objectLock: null }), bucketAttrs({ objectLock: {} })),
      'object-lock-off',
    ],
  ];
  it.each(cases)('GIVEN %s WHEN planned THEN the reason code says so', (_what, make, code) => {
    expect(make().reasonCode).toBe(code);
  });
});

describe('plan: risk notes with stable ids and a drift severity', () => {
  it('GIVEN noncurrent retention shortened WHEN planned THEN riskDetails holds the note with its id and riskNotes its text', () => {
    const c = planOne(
      's3.bucket',
      bucketAttrs({ lifecycle: [lifecycleRule({ noncurrentVersionExpiration: { noncurrentDays: 35 } })] }),
      bucketAttrs(),
    );
    expect(c.riskDetails).toEqual([
      {
        id: 'noncurrent-retention-shortened',
        risk: 'high',
        text: 'noncurrent retention 180 -> 35 days: versions older than 35 days become unrecoverable',
      },
    ]);
    expect(c.riskNotes).toEqual(c.riskDetails.map((n) => n.text));
    // The drift (AWS keeps versions longer than the spec asks) endangers nothing: the fix is the risk.
    expect(c.driftSeverity).toBe('low');
  });

  it('GIVEN a change with no risk WHEN planned THEN no details and a low drift severity', () => {
    const c = planOne('s3.bucket', bucketAttrs({ tags: { team: 'sre' } }), bucketAttrs({ tags: {} }));
    expect([c.riskDetails, c.risk, c.driftSeverity]).toEqual([[], 'low', 'low']);
  });
});

describe('plan: policy statement tables computed once by the planner', () => {
  it('GIVEN an inline policy gaining an action and losing a Deny WHEN planned THEN its statements, broadened and the IAM notes all come from one policy diff', () => {
    const c = planOne(
      'iam.role',
      role({ app: policy(READ_DELETE) }),
      role({ app: policy(READ, DENY_REPLICA) }),
    );
    expect(c.policyDiffs).toEqual([
      {
        path: '/inlinePolicies/app',
        statements: [
          expect.objectContaining({ change: '-', effect: 'Deny', actions: ['s3:*'] }),
          expect.objectContaining({ change: '-', effect: 'Allow', actions: ['s3:GetObject'] }),
          expect.objectContaining({
            change: '+',
            effect: 'Allow',
            actions: ['s3:DeleteObject', 's3:GetObject'],
          }),
        ],
        unchangedStatements: 0,
        broadened: ['s3:DeleteObject', 'Deny removed (s3:*)'],
        narrowed: [],
      },
    ]);
    expect(c.riskDetails.map((n) => [n.id, n.text])).toEqual([
      ['permissions-broadened', 'IAM permissions broadened: s3:DeleteObject (inline policy app)'],
      ['permissions-broadened', 'IAM permissions broadened: Deny removed (s3:*) (inline policy app)'],
    ]);
  });

  it('GIVEN an inline policy losing an action and gaining a Deny WHEN planned THEN it is narrowed, not broadened, and not risky', () => {
    const c = planOne(
      'iam.role',
      role({ app: policy(READ, DENY_REPLICA) }),
      role({ app: policy(READ_DELETE) }),
    );
    expect(c.policyDiffs?.[0]).toMatchObject({
      path: '/inlinePolicies/app',
      broadened: [],
      narrowed: ['s3:DeleteObject', 'Deny added (s3:*)'],
    });
    expect(c.risk).toBe('low');
  });

  it('GIVEN a new role WHEN planned THEN every policy it creates has a table (trust and each inline policy)', () => {
    const c = planOne('iam.role', role({ app: policy(READ), audit: policy(DENY_REPLICA) }), undefined);
    expect(c.policyDiffs?.map((p) => [p.path, p.statements.map((s) => s.change)])).toEqual([
      ['/assumeRolePolicy', ['+']],
      ['/inlinePolicies/app', ['+']],
      ['/inlinePolicies/audit', ['+']],
    ]);
  });

  it('GIVEN a change that touches no policy WHEN planned THEN it carries no policyDiffs', () => {
    expect(
      planOne('s3.bucket', bucketAttrs({ versioning: 'Suspended' }), bucketAttrs()).policyDiffs,
    ).toBeUndefined();
  });

  it("GIVEN a plan whose policy diff says what was broadened WHEN rendered THEN the renderer prints the plan's words (it does not diff again)", () => {
    const r = resource('iam.role', 'res', role({ app: policy(READ_DELETE) }));
    const plan = planChanges(
      desiredState(r),
      liveState({ [r.address]: present(role({ app: policy(READ) })) }),
      { createdAt: CREATED_AT },
    );
    const [c] = plan.changes;
    if (!c?.policyDiffs?.[0]) throw new Error('no policy diff');
    expect(renderPlanText(plan, { color: false })).toContain('(!) permissions broadened: s3:DeleteObject');
    const edited = {
      ...plan,
      changes: [{ ...c, policyDiffs: [{ ...c.policyDiffs[0], broadened: ['as the plan says'] }] }],
    };
    const text = renderPlanText(edited, { color: false });
    expect(text).toContain('(!) permissions broadened: as the plan says');
    expect(text).not.toContain('(!) permissions broadened: s3:DeleteObject');
  });
});
