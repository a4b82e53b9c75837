/**
 * Drift severity apart from the fix's risk (issue 12, "Honest verdicts"): what the drift endangers is
 * read from the spec to AWS, the risk of the change from AWS to the spec. Wildcard-aware policy
 * comparison (narrowing is low risk, broadening named precisely), first-time set-up of noncurrent
 * expiration, and the guardrail's refusal naming exactly what needs --allow-destructive. Pure.
 */
import { describe, expect, it } from 'vitest';
import { checkGuardrails } from '../../src/executor/guardrails.js';
import type { AttrsByKind } from '../../src/model/attrs.js';
import type { Change } from '../../src/model/plan.js';
import type { ResourceKind } from '../../src/model/resource.js';
import { planChanges } from '../../src/planner/index.js';
import {
  ACCOUNT,
  absent,
  alarmAttrs,
  backupRule,
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
): Change {
  const r = resource(kind, 'res', desired);
  const plan = planChanges(
    desiredState(r),
    liveState({ [r.address]: live === undefined ? absent() : present(live) }),
    { createdAt: CREATED_AT },
  );
  return plan.changes[0] as Change;
}

const ids = (c: Change) => c.riskDetails.map((n) => `${n.id}:${n.risk}`);

describe('drift severity: what the drift endangers, apart from the fix', () => {
  it('GIVEN replication removed in the console WHEN planned THEN a low-risk fix of a high-severity drift', () => {
    const c = planOne('s3.bucket', bucketAttrs(), bucketAttrs({ replication: null }));
    expect([c.action, c.risk, c.driftSeverity]).toEqual(['update', 'low', 'high']);
  });

  it('GIVEN the spec drops a replication rule AWS still has WHEN planned THEN a high-risk change of a harmless drift', () => {
    const c = planOne('s3.bucket', bucketAttrs({ replication: null }), bucketAttrs());
    expect([c.risk, c.driftSeverity]).toEqual(['high', 'low']);
  });

  it('GIVEN versioning suspended by hand WHEN planned THEN low risk, high severity', () => {
    const c = planOne('s3.bucket', bucketAttrs(), bucketAttrs({ versioning: 'Suspended' }));
    expect([c.risk, c.driftSeverity]).toEqual(['low', 'high']);
  });

  it('GIVEN noncurrent retention shortened by hand (180 -> 35) WHEN planned THEN low risk, high severity', () => {
    const c = planOne(
      's3.bucket',
      bucketAttrs(),
      bucketAttrs({ lifecycle: [lifecycleRule({ noncurrentVersionExpiration: { noncurrentDays: 35 } })] }),
    );
    expect([c.risk, c.driftSeverity]).toEqual(['low', 'high']);
  });

  it('GIVEN a backup rule deleted by hand WHEN planned THEN high severity; a missing backup plan or selection too', () => {
    const twoRules = { region: 'eu-west-1', rules: [backupRule(), backupRule({ name: 'weekly' })] };
    const c = planOne('backup.plan', twoRules, { region: 'eu-west-1', rules: [backupRule()] });
    expect([c.action, c.driftSeverity]).toEqual(['update', 'high']);
    expect(planOne('backup.plan', twoRules, undefined).driftSeverity).toBe('high');
    const selection = { region: 'eu-west-1', plan: 'p', selectionName: 's', resources: ['*'] };
    expect(planOne('backup.selection', selection, undefined).driftSeverity).toBe('high');
  });

  it('GIVEN alarm actions removed by hand WHEN planned THEN high severity (the fix: medium); the spec removing them is a high risk', () => {
    const c = planOne('cloudwatch.alarm', alarmAttrs(), alarmAttrs({ alarmActions: [] }));
    // Putting the action back is an ordinary actions change (medium); what the drift did is high.
    expect(ids(c)).toEqual(['alarm-actions-changed:medium']);
    expect([c.risk, c.driftSeverity]).toEqual(['medium', 'high']);
    const removing = planOne('cloudwatch.alarm', alarmAttrs({ alarmActions: [] }), alarmAttrs());
    expect(ids(removing)).toEqual(['alarm-actions-removed:high']);
  });

  it('GIVEN a resource to delete (ensure absent) or in sync WHEN planned THEN low severity', () => {
    const r = resource('sns.topic', 't', { region: 'eu-west-1' }, { ensure: 'absent' });
    const plan = planChanges(desiredState(r), liveState({ [r.address]: present({ region: 'eu-west-1' }) }), {
      createdAt: CREATED_AT,
    });
    expect([plan.changes[0]?.action, plan.changes[0]?.driftSeverity]).toEqual(['delete', 'low']);
    expect(planOne('s3.bucket', bucketAttrs(), bucketAttrs()).driftSeverity).toBe('low');
  });
});

describe('IAM policies: wildcards and NotAction', () => {
  const role = (statements: Record<string, unknown>[]) => ({
    inlinePolicies: { access: policy(...statements) },
  });
  const ALL = { Effect: 'Allow', Action: 's3:*', Resource: '*' };
  const GET = { Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::media/*' };

  it('GIVEN s3:* on * replaced by s3:GetObject on one bucket WHEN planned THEN permissions narrowed, low risk; the drift (s3:* added by hand) is high', () => {
    const c = planOne('iam.role', role([GET]), role([ALL]));
    expect(ids(c)).toEqual(['permissions-narrowed:low']);
    expect(c.riskNotes[0]).toBe('IAM permissions narrowed: s3:* (inline policy access)');
    expect([c.risk, c.driftSeverity]).toEqual(['low', 'high']);
  });

  it('GIVEN s3:Get* replaced by s3:* WHEN planned THEN broadened, naming exactly what is new', () => {
    const c = planOne('iam.role', role([{ ...GET, Action: 's3:*' }]), role([{ ...GET, Action: 's3:Get*' }]));
    expect(c.riskNotes).toEqual(['IAM permissions broadened: s3:* (inline policy access)']);
    expect(c.risk).toBe('high');
  });

  it('GIVEN s3:GetObject added where s3:Get* on the same resource was allowed WHEN planned THEN not broadened', () => {
    const c = planOne(
      'iam.role',
      role([{ ...GET, Action: ['s3:Get*', 's3:GetObject'] }]),
      role([{ ...GET, Action: 's3:Get*' }]),
    );
    expect(c.riskDetails.filter((n) => n.id === 'permissions-broadened')).toEqual([]);
  });

  it('GIVEN NotAction s3:Delete* allowed before WHEN s3:GetObject is added THEN not broadened; s3:DeleteObject is', () => {
    const notDelete = { Effect: 'Allow', NotAction: 's3:Delete*', Resource: '*' };
    const withGet = planOne('iam.role', role([notDelete, { ...GET, Resource: '*' }]), role([notDelete]));
    expect(withGet.riskDetails.filter((n) => n.id === 'permissions-broadened')).toEqual([]);
    const withDelete = planOne(
      'iam.role',
      role([notDelete, { Effect: 'Allow', Action: 's3:DeleteObject', Resource: '*' }]),
      role([notDelete]),
    );
    expect(withDelete.riskNotes).toEqual([
      'IAM permissions broadened: s3:DeleteObject (inline policy access)',
    ]);
  });
});

describe('first-time set-up', () => {
  it('GIVEN a bucket whose versioning was never enabled WHEN the spec enables it with a noncurrent expiration THEN not "retention shortened": low risk', () => {
    const c = planOne('s3.bucket', bucketAttrs({ replication: null }), {
      region: 'eu-west-1',
      versioning: 'Disabled',
      lifecycle: [],
      replication: null,
    });
    expect(ids(c)).toEqual(['noncurrent-expiration-before-versioning:low']);
    expect(c.risk).toBe('low');
  });

  it('GIVEN a versioned bucket WHEN a noncurrent expiration is added THEN still high risk (versions may exist)', () => {
    const c = planOne('s3.bucket', bucketAttrs({ replication: null }), {
      region: 'eu-west-1',
      versioning: 'Enabled',
      lifecycle: [],
      replication: null,
    });
    expect(ids(c)).toEqual(['noncurrent-retention-shortened:high']);
  });
});

describe('high-risk refusal', () => {
  it('GIVEN one high-risk and one low-risk change WHEN applied without --allow-destructive THEN the refusal names exactly the risky one and offers --target for the rest', () => {
    const media = resource('s3.bucket', 'media', bucketAttrs({ replication: null }));
    const topic = resource('sns.topic', 'alerts', { region: 'eu-west-1', displayName: 'Alerts' });
    const plan = planChanges(
      desiredState(media, topic),
      liveState({ [media.address]: present(bucketAttrs()), [topic.address]: absent() }),
      { createdAt: CREATED_AT },
    );
    let message = '';
    try {
      checkGuardrails(plan, { allowDestructive: false });
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toContain(
      'refusing to apply 1 high-risk change(s) without --allow-destructive; exactly these need it:',
    );
    expect(message).toContain(
      '  ~ s3.bucket/media (update): replication rule paris-replica removed: new objects are no longer copied to mne-media-replica',
    );
    expect(message).toContain('--target sns.topic/eu-west-1/alerts');
    expect(message).not.toContain('--target s3.bucket/media');
    expect(ACCOUNT).toBe(plan.account);
  });
});
