import { describe, expect, it } from 'vitest';
import type { AttrsByKind } from '../../src/model/attrs.js';
import type { Change } from '../../src/model/plan.js';
import { canonicalPolicy } from '../../src/model/policy.js';
import type { ResourceKind } from '../../src/model/resource.js';
import { planChanges, worstRisk } from '../../src/planner/index.js';
import {
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
  replicationRule,
  resource,
} from './builders.js';

/** Plans one resource whose live attributes are `live` and desired attributes `desired`. */
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
  const c = plan.changes[0];
  if (!c) throw new Error('no change');
  return c;
}

describe('worstRisk', () => {
  it('GIVEN notes of several risks WHEN folded THEN the worst wins and none is low', () => {
    expect(worstRisk([])).toBe('low');
    expect(worstRisk(['low', 'medium'])).toBe('medium');
    expect(worstRisk(['medium', 'high', 'low'])).toBe('high');
  });
});

describe('risk: S3 buckets', () => {
  it('GIVEN noncurrent retention 180 -> 35 days THEN high with the consequence in words', () => {
    const c = planOne(
      's3.bucket',
      bucketAttrs({ lifecycle: [lifecycleRule({ noncurrentVersionExpiration: { noncurrentDays: 35 } })] }),
      bucketAttrs(),
    );
    expect(c.risk).toBe('high');
    expect(c.riskNotes).toEqual([
      'noncurrent retention 180 -> 35 days: versions older than 35 days become unrecoverable',
    ]);
  });

  it('GIVEN noncurrent retention lengthened 35 -> 180 days THEN low', () => {
    const c = planOne(
      's3.bucket',
      bucketAttrs(),
      bucketAttrs({ lifecycle: [lifecycleRule({ noncurrentVersionExpiration: { noncurrentDays: 35 } })] }),
    );
    expect(c.action).toBe('update');
    expect(c.risk).toBe('low');
    expect(c.riskNotes).toEqual([]);
  });

  it('GIVEN noncurrent versions kept forever WHEN an expiration is added under a new rule id THEN high', () => {
    const c = planOne(
      's3.bucket',
      bucketAttrs({
        lifecycle: [lifecycleRule({ id: 'new-rule', noncurrentVersionExpiration: { noncurrentDays: 35 } })],
      }),
      bucketAttrs({ lifecycle: [] }),
    );
    expect(c.riskNotes).toContain(
      'noncurrent retention forever -> 35 days: versions older than 35 days become unrecoverable',
    );
  });

  it('GIVEN current-version expiration added THEN high', () => {
    const c = planOne(
      's3.bucket',
      bucketAttrs({ lifecycle: [lifecycleRule({ expiration: { days: 30 } })] }),
      bucketAttrs(),
    );
    expect(c.risk).toBe('high');
    expect(c.riskNotes).toContain('current-version expiration added: objects expire 30 days after creation');
  });

  it('GIVEN versioning suspended THEN high', () => {
    const c = planOne('s3.bucket', bucketAttrs({ versioning: 'Suspended' }), bucketAttrs());
    expect(c.risk).toBe('high');
    expect(c.riskNotes[0]).toMatch(/^versioning suspended/);
  });

  it('GIVEN SSE-KMS encrypted objects no longer replicated THEN high risk (spec turns it off) and high-severity drift (turned off by hand)', () => {
    const key = 'arn:aws:kms:eu-west-3:828879644785:key/11111111-2222-3333-4444-555555555555';
    const withKms = bucketAttrs({
      replication: {
        role: 'arn:aws:iam::828879644785:role/s3crr',
        rules: [
          replicationRule({
            destination: {
              bucket: 'arn:aws:s3:::mne-media-replica',
              storageClass: 'STANDARD',
              replicaKmsKeyId: key,
            },
            sourceSelectionCriteria: { sseKmsEncryptedObjects: true, replicaModifications: false },
          }),
        ],
      },
    });
    const without = bucketAttrs();
    const stopping = planOne('s3.bucket', without, withKms);
    expect(stopping.risk).toBe('high');
    expect(stopping.riskNotes).toEqual([
      'replication rule paris-replica no longer replicates SSE-KMS encrypted objects: new ones are no longer copied to mne-media-replica',
    ]);
    const drifted = planOne('s3.bucket', withKms, without);
    expect(drifted.risk).toBe('low');
    expect(drifted.driftSeverity).toBe('high');
  });

  it('GIVEN a replication rule removed or disabled THEN high, naming the rule and its destination', () => {
    const removed = planOne('s3.bucket', bucketAttrs({ replication: null }), bucketAttrs());
    expect(removed.riskNotes).toEqual([
      'replication rule paris-replica removed: new objects are no longer copied to mne-media-replica',
    ]);
    const disabled = planOne(
      's3.bucket',
      bucketAttrs({
        replication: {
          role: 'arn:aws:iam::828879644785:role/s3crr',
          rules: [replicationRule({ enabled: false })],
        },
      }),
      bucketAttrs(),
    );
    expect(disabled.risk).toBe('high');
    expect(disabled.riskNotes[0]).toMatch(/^replication rule paris-replica disabled/);
  });

  it('GIVEN replication metrics turned on THEN low', () => {
    const c = planOne(
      's3.bucket',
      bucketAttrs(),
      bucketAttrs({
        replication: {
          role: 'arn:aws:iam::828879644785:role/s3crr',
          rules: [replicationRule({ metrics: false })],
        },
      }),
    );
    expect(c.fieldDiffs.map((d) => d.path)).toEqual(['/replication/rules/paris-replica/metrics']);
    expect(c.risk).toBe('low');
  });

  it('GIVEN Object Lock enabled on an existing bucket, or on a new one THEN high: Object Lock is one-way', () => {
    const lock = { defaultRetention: { mode: 'GOVERNANCE' as const, days: 180 } };
    const existing = planOne(
      's3.bucket',
      bucketAttrs({ objectLock: lock }),
      bucketAttrs({ objectLock: null }),
    );
    expect(existing.risk).toBe('high');
    expect(existing.riskNotes.join()).toContain('Object Lock is one-way');
    const created = planOne('s3.bucket', bucketAttrs({ objectLock: lock }), undefined);
    expect(created.action).toBe('create');
    expect(created.risk).toBe('high');
  });

  it('GIVEN Object Lock enabled in AWS but null in the spec THEN blocked: it cannot be disabled', () => {
    const c = planOne(
      's3.bucket',
      bucketAttrs({ objectLock: null }),
      bucketAttrs({ objectLock: { defaultRetention: { mode: 'GOVERNANCE', days: 180 } } }),
    );
    expect(c.action).toBe('blocked');
  });

  it('GIVEN lifecycle transitions changed THEN medium', () => {
    const c = planOne(
      's3.bucket',
      bucketAttrs({ lifecycle: [lifecycleRule({ transitions: [{ days: 30, storageClass: 'GLACIER' }] })] }),
      bucketAttrs(),
    );
    expect(c.risk).toBe('medium');
    expect(c.riskNotes).toEqual(['lifecycle transitions changed (rule noncurrent-expiry)']);
  });

  it('GIVEN a new bucket without Object Lock THEN creating it is low risk', () => {
    expect(planOne('s3.bucket', bucketAttrs(), undefined).risk).toBe('low');
  });
});

describe('risk: IAM roles', () => {
  const base = policy({
    Effect: 'Allow',
    Action: ['s3:GetObject', 's3:PutObject'],
    Resource: 'arn:aws:s3:::b/*',
  });
  const deny = { Effect: 'Deny', Action: 's3:DeleteObjectVersion', Resource: '*' };

  it('GIVEN an Allow statement gaining an action THEN high "IAM permissions broadened: <action>"', () => {
    const grown = policy({
      Effect: 'Allow',
      Action: ['s3:DeleteObjectVersion', 's3:GetObject', 's3:PutObject'],
      Resource: 'arn:aws:s3:::b/*',
    });
    const c = planOne(
      'iam.role',
      { inlinePolicies: { access: grown } },
      { inlinePolicies: { access: base } },
    );
    expect(c.risk).toBe('high');
    expect(c.riskNotes).toEqual(['IAM permissions broadened: s3:DeleteObjectVersion (inline policy access)']);
  });

  it('GIVEN an Allow statement gaining a resource THEN high, naming the resource', () => {
    const wider = policy({
      Effect: 'Allow',
      Action: ['s3:GetObject', 's3:PutObject'],
      Resource: ['arn:aws:s3:::b/*', 'arn:aws:s3:::c/*'],
    });
    const c = planOne(
      'iam.role',
      { inlinePolicies: { access: wider } },
      { inlinePolicies: { access: base } },
    );
    expect(c.riskNotes).toEqual([
      'IAM permissions broadened: resource arn:aws:s3:::c/* (inline policy access)',
    ]);
  });

  it('GIVEN a Deny statement removed THEN high', () => {
    const withDeny = policy(base.Statement[0] as Record<string, unknown>, deny);
    const c = planOne(
      'iam.role',
      { inlinePolicies: { access: base } },
      { inlinePolicies: { access: withDeny } },
    );
    expect(c.risk).toBe('high');
    expect(c.riskNotes).toEqual([
      'IAM permissions broadened: Deny removed (s3:DeleteObjectVersion) (inline policy access)',
    ]);
  });

  it('GIVEN permissions narrowed (an action removed, a Deny added) THEN low', () => {
    const narrow = policy({ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*' }, deny);
    const c = planOne(
      'iam.role',
      { inlinePolicies: { access: narrow } },
      { inlinePolicies: { access: base } },
    );
    expect(c.action).toBe('update');
    expect(c.risk).toBe('low');
  });

  it('GIVEN a trust policy gaining a principal THEN high "IAM trust broadened"', () => {
    const trust = (...services: string[]) =>
      policy({ Effect: 'Allow', Action: 'sts:AssumeRole', Principal: { Service: services } });
    const c = planOne(
      'iam.role',
      { assumeRolePolicy: trust('backup.amazonaws.com', 'ec2.amazonaws.com') },
      { assumeRolePolicy: trust('backup.amazonaws.com') },
    );
    expect(c.riskNotes).toEqual(['IAM trust broadened: principal Service:ec2.amazonaws.com']);
  });

  it('GIVEN a managed policy attached THEN high', () => {
    const c = planOne(
      'iam.role',
      { managedPolicyArns: ['arn:aws:iam::aws:policy/AmazonS3FullAccess'] },
      { managedPolicyArns: [] },
    );
    expect(c.risk).toBe('high');
  });

  it('GIVEN a new role WHEN created THEN low, with a note that it grants its policies', () => {
    const c = planOne('iam.role', { inlinePolicies: { access: base } }, undefined);
    expect(c.action).toBe('create');
    expect(c.risk).toBe('low');
  });
});

describe('risk: RDS and AWS Backup', () => {
  it('GIVEN RDS backup retention shortened or set to 0 THEN high', () => {
    const shorter = planOne(
      'rds.instance',
      { region: 'eu-west-1', backupRetentionPeriod: 7 },
      { region: 'eu-west-1', backupRetentionPeriod: 35 },
    );
    expect(shorter.riskNotes).toEqual([
      'RDS backup retention 35 -> 7 days: point-in-time restore older than 7 days is no longer possible',
    ]);
    const off = planOne(
      'rds.instance',
      { region: 'eu-west-1', backupRetentionPeriod: 0 },
      { region: 'eu-west-1', backupRetentionPeriod: 35 },
    );
    expect(off.risk).toBe('high');
    expect(off.riskNotes[0]).toMatch(/automated backups disabled/);
  });

  it('GIVEN a backup selection whose role or resources change THEN its line says it is re-created (new first, then the old deleted); in sync or created THEN no such note', () => {
    const role = 'arn:aws:iam::828879644785:role/backup';
    const db = 'arn:aws:rds:eu-west-1:828879644785:db:prod';
    const base = { region: 'eu-west-1', plan: 'p', selectionName: 'res', iamRoleArn: role, resources: [db] };
    const changed = planOne('backup.selection', { ...base, iamRoleArn: `${role}-2` }, base);
    expect(changed.action).toBe('update');
    expect(changed.riskDetails).toEqual([
      {
        id: 'selection-recreated',
        risk: 'low',
        text: 'AWS Backup cannot update a selection: the new one is created first (waiting for a new IAM role to propagate), then the old one deleted; its selection id changes',
      },
    ]);
    const narrowed = planOne('backup.selection', { ...base, resources: [] }, base);
    expect(narrowed.riskDetails.map((n) => n.id)).toEqual(['selection-narrowed', 'selection-recreated']);
    expect(narrowed.risk).toBe('medium');
    expect(planOne('backup.selection', base, base).riskDetails).toEqual([]);
    expect(planOne('backup.selection', base, undefined).riskDetails).toEqual([]);
  });

  it('GIVEN backup deleteAfterDays shortened THEN high; lengthened THEN low', () => {
    const plan = (days: number) =>
      planOne(
        'backup.plan',
        { region: 'eu-west-1', rules: [backupRule({ lifecycle: { deleteAfterDays: days } })] },
        { region: 'eu-west-1', rules: [backupRule()] },
      );
    expect(plan(35).risk).toBe('high');
    expect(plan(35).riskNotes[0]).toBe(
      'backup rule six-hourly: retention 180 days -> 35 days: recovery points older than 35 days are deleted',
    );
    expect(plan(365).risk).toBe('low');
  });

  it('GIVEN a PITR rule removed THEN high (rule removed, continuous backup disabled)', () => {
    const c = planOne(
      'backup.plan',
      { region: 'eu-west-1', rules: [backupRule()] },
      {
        region: 'eu-west-1',
        rules: [
          backupRule(),
          backupRule({ name: 'pitr', enableContinuousBackup: true, lifecycle: { deleteAfterDays: 35 } }),
        ],
      },
    );
    expect(c.fieldDiffs.map((d) => d.path)).toEqual(['/rules/pitr']);
    expect(c.risk).toBe('high');
    expect(c.riskNotes).toEqual([
      'backup rule pitr removed: it takes no more backups',
      'continuous backup (PITR) disabled (rule pitr removed)',
    ]);
  });

  it('GIVEN a copy kept forever WHEN a copy lifecycle is added THEN high: copies older than N days are deleted', () => {
    const forever = backupRule({ copyActions: [{ destinationVaultArn: 'arn:dr', lifecycle: {} }] });
    const bounded = backupRule({
      copyActions: [{ destinationVaultArn: 'arn:dr', lifecycle: { deleteAfterDays: 180 } }],
    });
    const c = planOne(
      'backup.plan',
      { region: 'eu-west-1', rules: [bounded] },
      { region: 'eu-west-1', rules: [forever] },
    );
    expect(c.fieldDiffs.map((d) => d.path)).toEqual([
      '/rules/six-hourly/copyActions/arn:dr/lifecycle/deleteAfterDays',
    ]);
    expect(c.riskNotes).toEqual([
      'copy to arn:dr (rule six-hourly): retention forever -> 180 days: recovery points older than 180 days are deleted',
    ]);
  });
});

describe('risk: AWS Backup Vault Lock', () => {
  const vault = (lock: { minRetentionDays?: number; maxRetentionDays?: number } | null) => ({
    region: 'eu-west-1',
    lock,
  });

  it('GIVEN a locked vault WHEN the spec removes the lock THEN high: recovery points can be deleted early', () => {
    const c = planOne('backup.vault', vault(null), vault({ minRetentionDays: 35, maxRetentionDays: 365 }));
    expect(c.action).toBe('update');
    expect(c.risk).toBe('high');
    expect(c.riskNotes).toEqual([
      'Vault Lock removed: recovery points can be deleted before their retention ends',
    ]);
  });

  it('GIVEN a locked vault WHEN its minimum retention is shortened THEN high, with the numbers', () => {
    const c = planOne(
      'backup.vault',
      vault({ minRetentionDays: 7, maxRetentionDays: 365 }),
      vault({ minRetentionDays: 35, maxRetentionDays: 365 }),
    );
    expect(c.risk).toBe('high');
    expect(c.riskNotes).toContain(
      'Vault Lock minimum retention 35 days -> 7 days: recovery points can be deleted after 7 days',
    );
  });

  it('GIVEN a locked vault WHEN its maximum retention is shortened THEN high, with the numbers', () => {
    const c = planOne(
      'backup.vault',
      vault({ minRetentionDays: 35, maxRetentionDays: 180 }),
      vault({ minRetentionDays: 35, maxRetentionDays: 365 }),
    );
    expect(c.risk).toBe('high');
    expect(c.riskNotes).toContain(
      'Vault Lock maximum retention 365 days -> 180 days: backups and copies kept longer than 180 days are refused',
    );
  });

  it('GIVEN a locked vault WHEN its retention is lengthened THEN no shortening note', () => {
    const c = planOne(
      'backup.vault',
      vault({ minRetentionDays: 90, maxRetentionDays: 730 }),
      vault({ minRetentionDays: 35, maxRetentionDays: 365 }),
    );
    expect(c.riskNotes.join()).not.toMatch(/Vault Lock (removed|minimum|maximum)/);
  });
});

describe('risk: monitoring', () => {
  it('GIVEN an alarm threshold changed THEN medium, with before -> after', () => {
    const c = planOne('cloudwatch.alarm', alarmAttrs({ threshold: 900 }), alarmAttrs({ threshold: 900000 }));
    expect(c.risk).toBe('medium');
    expect(c.riskNotes).toEqual(['alarm threshold 900000 -> 900']);
  });

  it('GIVEN alarm actions disabled THEN medium', () => {
    const c = planOne('cloudwatch.alarm', alarmAttrs({ actionsEnabled: false }), alarmAttrs());
    expect(c.riskNotes).toEqual(['alarm actions disabled: the alarm will not notify anyone']);
  });

  it('GIVEN an alarm description changed THEN low', () => {
    const c = planOne(
      'cloudwatch.alarm',
      alarmAttrs({ description: 'new' }),
      alarmAttrs({ description: 'old' }),
    );
    expect(c.action).toBe('update');
    expect(c.risk).toBe('low');
  });

  it('GIVEN an EventBridge rule disabled THEN medium', () => {
    const c = planOne(
      'events.rule',
      { region: 'eu-west-1', state: 'DISABLED' },
      { region: 'eu-west-1', state: 'ENABLED' },
    );
    expect(c.risk).toBe('medium');
  });

  it('GIVEN a topic policy changed or a subscription removed THEN medium', () => {
    const p = policy({
      Effect: 'Allow',
      Action: 'sns:Publish',
      Principal: { Service: 'events.amazonaws.com' },
      Resource: '*',
    });
    const c = planOne(
      'sns.topic',
      { region: 'eu-west-1', policy: p, subscriptions: [] },
      {
        region: 'eu-west-1',
        policy: null,
        subscriptions: [{ protocol: 'email', endpoint: 'ops@example.com' }],
      },
    );
    expect(c.risk).toBe('medium');
    expect(c.riskNotes).toEqual([
      'topic policy changed: who may publish or subscribe changes',
      'subscription removed: email:ops@example.com',
    ]);
  });
});

describe('s3.bucket policy risk (issue 11 item 7)', () => {
  const delivery = policy({
    Effect: 'Allow',
    Principal: { Service: 's3.amazonaws.com' },
    Action: 's3:PutObject',
    Resource: 'arn:aws:s3:::res/inventory/*',
  });

  it('GIVEN no bucket policy WHEN one granting s3:PutObject is declared THEN high: bucket policy broadened, shown as a statement table', () => {
    const c = planOne('s3.bucket', bucketAttrs({ policy: delivery }), bucketAttrs({ policy: null }));
    expect(c.riskDetails.map((n) => [n.id, n.risk])).toEqual([['bucket-policy-broadened', 'high']]);
    expect(c.policyDiffs?.map((d) => d.path)).toEqual(['/policy']);
  });

  it('GIVEN a bucket policy WHEN the spec says null THEN medium: bucket policy removed', () => {
    const c = planOne('s3.bucket', bucketAttrs({ policy: null }), bucketAttrs({ policy: delivery }));
    expect(c.riskDetails.map((n) => [n.id, n.risk])).toEqual([['bucket-policy-changed', 'medium']]);
    expect(c.riskNotes[0]).toContain('bucket policy removed');
  });

  it('GIVEN the same policy with statements, keys and values reordered WHEN planned THEN no change', () => {
    const live = canonicalPolicy({
      Version: '2012-10-17',
      Statement: [
        {
          Resource: ['arn:aws:s3:::res/inventory/*'],
          Action: ['s3:PutObject'],
          Principal: { Service: ['s3.amazonaws.com'] },
          Effect: 'Allow',
        },
      ],
    });
    expect(
      planOne('s3.bucket', bucketAttrs({ policy: delivery }), bucketAttrs({ policy: live })).action,
    ).toBe('no-op');
  });
});
