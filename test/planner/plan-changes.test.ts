import { describe, expect, it } from 'vitest';
import type { Change, Plan } from '../../src/model/plan.js';
import { planChanges } from '../../src/planner/index.js';
import {
  absent,
  alarmAttrs,
  bucketAttrs,
  CREATED_AT,
  desiredState,
  lifecycleRule,
  liveMatching,
  liveState,
  policy,
  present,
  resource,
  unreadable,
} from './builders.js';

function changeOf(plan: Plan, address: string): Change {
  const c = plan.changes.find((x) => x.address === address);
  if (!c) throw new Error(`no change for ${address}`);
  return c;
}

const bucket = resource('s3.bucket', 'mne-media-prod', bucketAttrs());
const role = resource('iam.role', 'app', {
  path: '/',
  assumeRolePolicy: policy({
    Effect: 'Allow',
    Action: 'sts:AssumeRole',
    Principal: { Service: 'ec2.amazonaws.com' },
  }),
});
const alarm = resource('cloudwatch.alarm', 'replication-lag', alarmAttrs(), {
  dependsOn: ['sns.topic/eu-west-1/alerts'],
});
const topic = resource('sns.topic', 'alerts', { region: 'eu-west-1', subscriptions: [] });

describe('planChanges: actions', () => {
  it('GIVEN live state equal to the spec WHEN planned THEN every declared address is a no-op and the plan is complete', () => {
    const desired = desiredState(bucket, role, alarm, topic);
    const plan = planChanges(desired, liveMatching(desired), { createdAt: CREATED_AT });
    expect(plan.changes.map((c) => [c.address, c.action])).toEqual([
      ['cloudwatch.alarm/eu-west-1/replication-lag', 'no-op'],
      ['iam.role/app', 'no-op'],
      ['s3.bucket/mne-media-prod', 'no-op'],
      ['sns.topic/eu-west-1/alerts', 'no-op'],
    ]);
    expect(plan.summary).toEqual({
      create: 0,
      update: 0,
      replace: 0,
      delete: 0,
      blocked: 0,
      noop: 4,
      unchecked: 0,
    });
    expect(plan.complete).toBe(true);
    expect(plan.layers).toEqual([]);
    expect(plan.createdAt).toBe(CREATED_AT);
    expect(plan.liveFingerprint).toMatch(/^[0-9a-f]{64}$/);
  });

  it('GIVEN a resource absent in AWS WHEN planned THEN it is created with its desired attributes as after', () => {
    const plan = planChanges(desiredState(role), liveState({ 'iam.role/app': absent() }), {
      createdAt: CREATED_AT,
    });
    const c = changeOf(plan, 'iam.role/app');
    expect(c.action).toBe('create');
    expect(c.reason).toBe('absent in AWS');
    expect(c.after).toEqual(role.attrs);
    expect(c.before).toBeUndefined();
    expect(plan.summary.create).toBe(1);
  });

  it('GIVEN an RDS instance absent in AWS WHEN planned THEN the change is blocked: the tool never creates databases', () => {
    const db = resource('rds.instance', 'prod-db', { region: 'eu-west-1', backupRetentionPeriod: 35 });
    const plan = planChanges(desiredState(db), liveState({ [db.address]: absent() }), {
      createdAt: CREATED_AT,
    });
    const c = changeOf(plan, db.address);
    expect(c.action).toBe('blocked');
    expect(c.reason).toContain('the tool never creates databases');
    expect(plan.summary.blocked).toBe(1);
  });

  it('GIVEN a differing managed field WHEN planned THEN update with a field diff at its JSON pointer', () => {
    const live = liveState({ [bucket.address]: present(bucketAttrs({ versioning: 'Suspended' })) });
    const c = changeOf(planChanges(desiredState(bucket), live, { createdAt: CREATED_AT }), bucket.address);
    expect(c.action).toBe('update');
    expect(c.reason).toBe('1 field differs');
    expect(c.fieldDiffs).toEqual([
      { path: '/versioning', before: 'Suspended', after: 'Enabled', forcesReplacement: false },
    ]);
  });

  it('GIVEN a field the spec leaves undefined WHEN live differs there THEN it is unmanaged and not compared', () => {
    const unmanagedTags = resource('s3.bucket', 'mne-media-prod', {
      region: 'eu-west-1',
      versioning: 'Enabled',
    });
    const live = liveState({
      [unmanagedTags.address]: present(
        bucketAttrs({ tags: { team: 'x' }, lifecycle: [], replication: null }),
      ),
    });
    expect(
      changeOf(
        planChanges(desiredState(unmanagedTags), live, { createdAt: CREATED_AT }),
        unmanagedTags.address,
      ).action,
    ).toBe('no-op');
  });

  it('GIVEN an empty list in the spec WHEN live has items THEN it is managed and means "none"', () => {
    const none = resource('s3.bucket', 'mne-media-prod', { region: 'eu-west-1', lifecycle: [] });
    const live = liveState({ [none.address]: present(bucketAttrs()) });
    const c = changeOf(planChanges(desiredState(none), live, { createdAt: CREATED_AT }), none.address);
    expect(c.action).toBe('update');
    expect(c.fieldDiffs.map((d) => [d.path, d.after])).toEqual([['/lifecycle/noncurrent-expiry', undefined]]);
  });

  it('GIVEN an IAM role whose path differs WHEN planned THEN replace, the diff forces replacement and the risk is high', () => {
    const live = liveState({ 'iam.role/app': present({ ...role.attrs, path: '/service-role/' }) });
    const c = changeOf(planChanges(desiredState(role), live, { createdAt: CREATED_AT }), 'iam.role/app');
    expect(c.action).toBe('replace');
    expect(c.fieldDiffs).toEqual([
      { path: '/path', before: '/service-role/', after: '/', forcesReplacement: true },
    ]);
    expect(c.reason).toBe('/path forces replacement (1 field differs)');
    expect(c.risk).toBe('high');
  });

  it('GIVEN an EventBridge rule on another bus or a vault with another key WHEN planned THEN replace', () => {
    const rule = resource('events.rule', 'failures', {
      region: 'eu-west-1',
      eventBusName: 'default',
      state: 'ENABLED',
    });
    const vault = resource('backup.vault', 'prod-vault', {
      region: 'eu-west-1',
      encryptionKeyArn: 'arn:aws:kms:eu-west-1:1:key/new',
    });
    const live = liveState({
      [rule.address]: present({ ...rule.attrs, eventBusName: 'other' }),
      [vault.address]: present({ ...vault.attrs, encryptionKeyArn: 'arn:aws:kms:eu-west-1:1:key/old' }),
    });
    const plan = planChanges(desiredState(rule, vault), live, { createdAt: CREATED_AT });
    expect(plan.changes.map((c) => c.action)).toEqual(['replace', 'replace']);
    expect(plan.summary.replace).toBe(2);
  });

  it('GIVEN a bucket whose region differs WHEN planned THEN blocked: a bucket cannot move and is never deleted', () => {
    const live = liveState({ [bucket.address]: present(bucketAttrs({ region: 'eu-west-3' })) });
    const c = changeOf(planChanges(desiredState(bucket), live, { createdAt: CREATED_AT }), bucket.address);
    expect(c.action).toBe('blocked');
    expect(c.reason).toBe(
      'a bucket cannot move to another region (eu-west-3 -> eu-west-1) and is never deleted',
    );
  });

  it('GIVEN ensure absent WHEN the resource exists THEN delete (high risk); WHEN it does not THEN no-op', () => {
    const gone = resource('cloudwatch.alarm', 'old-alarm', alarmAttrs(), { ensure: 'absent' });
    const plan = planChanges(desiredState(gone), liveState({ [gone.address]: present(alarmAttrs()) }), {
      createdAt: CREATED_AT,
    });
    const c = changeOf(plan, gone.address);
    expect(c.action).toBe('delete');
    expect(c.risk).toBe('high');
    expect(c.before).toEqual(alarmAttrs());
    expect(c.after).toBeUndefined();
    expect(plan.layers).toEqual([[gone.address]]);
    const noop = planChanges(desiredState(gone), liveState({ [gone.address]: absent() }), {
      createdAt: CREATED_AT,
    });
    expect(changeOf(noop, gone.address)).toMatchObject({
      action: 'no-op',
      reason: 'absent, as the spec asks',
    });
  });

  it('GIVEN ensure absent on a bucket or a database WHEN they exist THEN blocked, never deleted', () => {
    const b = resource('s3.bucket', 'old-bucket', { region: 'eu-west-1' }, { ensure: 'absent' });
    const db = resource('rds.instance', 'old-db', { region: 'eu-west-1' }, { ensure: 'absent' });
    const plan = planChanges(
      desiredState(b, db),
      liveState({
        [b.address]: present(bucketAttrs()),
        [db.address]: present({ region: 'eu-west-1', backupRetentionPeriod: 7 }),
      }),
      { createdAt: CREATED_AT },
    );
    expect(changeOf(plan, b.address)).toMatchObject({ action: 'blocked' });
    expect(changeOf(plan, b.address).reason).toContain('buckets and objects are never deleted');
    expect(changeOf(plan, db.address).reason).toContain('the tool never deletes databases');
    expect(plan.summary.delete).toBe(0);
  });

  it('GIVEN an unreadable resource WHEN planned THEN it is unchecked (not a no-op change) and the plan is incomplete', () => {
    const live = liveState({
      [bucket.address]: unreadable('s3.bucket mne-media-prod: access denied (AccessDenied)'),
    });
    const plan = planChanges(
      desiredState(bucket, role),
      {
        ...live,
        resources: { ...live.resources, 'iam.role/app': present(role.attrs) },
      },
      { createdAt: CREATED_AT },
    );
    expect(plan.changes.map((c) => c.address)).toEqual(['iam.role/app']);
    expect(plan.unchecked).toEqual([
      { address: bucket.address, reason: 's3.bucket mne-media-prod: access denied (AccessDenied)' },
    ]);
    expect(plan.complete).toBe(false);
    expect(plan.summary.unchecked).toBe(1);
  });

  it('GIVEN a declared address missing from the live state WHEN planned THEN it is unchecked, never assumed in sync', () => {
    const plan = planChanges(desiredState(bucket), liveState({}), { createdAt: CREATED_AT });
    expect(plan.unchecked).toEqual([
      { address: bucket.address, reason: 'not observed: the live state has no entry for it' },
    ]);
    expect(plan.complete).toBe(false);
  });

  it('GIVEN undeclared live resources WHEN pruning by prefix THEN only matching non-bucket, non-database ones are deleted', () => {
    const live = liveState({
      [role.address]: present(role.attrs),
      'cloudwatch.alarm/eu-west-1/tmp-lag': present(alarmAttrs()),
      'cloudwatch.alarm/eu-west-1/keep-lag': present(alarmAttrs()),
      's3.bucket/tmp-bucket': present(bucketAttrs()),
      'rds.instance/eu-west-1/tmp-db': present({ region: 'eu-west-1' }),
    });
    const noPrune = planChanges(desiredState(role), live, { createdAt: CREATED_AT });
    expect(noPrune.changes.map((c) => c.address)).toEqual(['iam.role/app']);
    const plan = planChanges(desiredState(role), live, { createdAt: CREATED_AT, prunePrefixes: ['tmp-'] });
    expect(plan.changes.map((c) => [c.address, c.action])).toEqual([
      ['cloudwatch.alarm/eu-west-1/tmp-lag', 'delete'],
      ['iam.role/app', 'no-op'],
    ]);
    expect(changeOf(plan, 'cloudwatch.alarm/eu-west-1/tmp-lag').reason).toContain("prune prefix 'tmp-'");
  });

  it('GIVEN a backup vault lock with changeableForDays WHEN live cannot return it THEN the write-only field never diffs', () => {
    const vault = resource('backup.vault', 'prod-vault', {
      region: 'eu-west-1',
      lock: { minRetentionDays: 7, maxRetentionDays: 365, changeableForDays: 3 },
    });
    const live = liveState({
      [vault.address]: present({ region: 'eu-west-1', lock: { minRetentionDays: 7, maxRetentionDays: 365 } }),
    });
    expect(
      changeOf(planChanges(desiredState(vault), live, { createdAt: CREATED_AT }), vault.address).action,
    ).toBe('no-op');
  });

  it('GIVEN read-only RDS information in the spec WHEN live differs THEN it is not compared', () => {
    const db = resource('rds.instance', 'db', {
      region: 'eu-west-1',
      backupRetentionPeriod: 35,
      engineVersion: '16.8',
    });
    const live = liveState({
      [db.address]: present({ region: 'eu-west-1', backupRetentionPeriod: 35, engineVersion: '16.9' }),
    });
    expect(changeOf(planChanges(desiredState(db), live, { createdAt: CREATED_AT }), db.address).action).toBe(
      'no-op',
    );
  });

  it('GIVEN lifecycle rules WHEN one rule is added THEN the diff is one add at /lifecycle/<id>, not index shifts', () => {
    const two = resource('s3.bucket', 'mne-media-prod', {
      region: 'eu-west-1',
      lifecycle: [
        lifecycleRule({
          id: 'a-abort',
          noncurrentVersionExpiration: undefined,
          abortIncompleteMultipartUploadDays: 7,
        }),
        lifecycleRule(),
      ],
    });
    const live = liveState({ [two.address]: present(bucketAttrs()) });
    const c = changeOf(planChanges(desiredState(two), live, { createdAt: CREATED_AT }), two.address);
    expect(c.fieldDiffs.map((d) => [d.path, d.before])).toEqual([['/lifecycle/a-abort', undefined]]);
    expect(c.fieldDiffs[0]?.after).toMatchObject({ id: 'a-abort', abortIncompleteMultipartUploadDays: 7 });
  });

  it('GIVEN a string set such as alarm actions WHEN it differs THEN one atomic diff holds both whole lists', () => {
    const a = resource('cloudwatch.alarm', 'lag', alarmAttrs({ alarmActions: ['arn:b', 'arn:c'] }));
    const live = liveState({ [a.address]: present(alarmAttrs({ alarmActions: ['arn:a', 'arn:b'] })) });
    const c = changeOf(planChanges(desiredState(a), live, { createdAt: CREATED_AT }), a.address);
    expect(c.fieldDiffs).toEqual([
      {
        path: '/alarmActions',
        before: ['arn:a', 'arn:b'],
        after: ['arn:b', 'arn:c'],
        forcesReplacement: false,
      },
    ]);
  });

  it('GIVEN a new policy statement WHEN planned THEN the policy is one atomic diff at its path', () => {
    const grown = resource('iam.role', 'app', {
      inlinePolicies: {
        access: policy({ Effect: 'Allow', Action: ['s3:GetObject', 's3:PutObject'], Resource: '*' }),
      },
    });
    const live = liveState({
      'iam.role/app': present({
        inlinePolicies: { access: policy({ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }) },
      }),
    });
    const c = changeOf(planChanges(desiredState(grown), live, { createdAt: CREATED_AT }), 'iam.role/app');
    expect(c.fieldDiffs.map((d) => d.path)).toEqual(['/inlinePolicies/access']);
  });
});
