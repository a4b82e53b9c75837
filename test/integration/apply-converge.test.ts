/**
 * The executor against moto with the real adapters and planner: apply then plan is empty, a second
 * apply makes zero mutating calls, and faults injected at the SDK request handler (throttling, 5xx,
 * connection reset) are either retried through or stop the affected steps cleanly, after which a
 * following apply converges.
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type AwsOptions, ClientPool } from '../../src/adapters/aws-config.js';
import { readLive } from '../../src/adapters/read-live.js';
import { executePlan } from '../../src/executor/execute-plan.js';
import { canonicalPolicy } from '../../src/model/policy.js';
import { addressOf } from '../../src/model/resource.js';
import type { DesiredResource, DesiredState } from '../../src/model/state.js';
import { planChanges } from '../../src/planner/index.js';
import { CREATED_AT } from '../planner/builders.js';
import { FaultInjector, type FaultSpec, onClients, RequestRecorder } from '../support/faults.js';
import { ACCOUNT, motoAwsOptions, useMoto } from '../support/moto.js';

useMoto();

const SRC = 'exec-media-src';
const DST = 'exec-media-dst';
const ROLE = 'exec-replication-role';
const TOPIC_ARN = `arn:aws:sns:eu-west-1:${ACCOUNT}:exec-alerts`;

function resource<K extends DesiredResource['kind']>(
  kind: K,
  name: string,
  region: string | null,
  attrs: DesiredResource<K>['attrs'],
  dependsOn: string[] = [],
): DesiredResource {
  return {
    address: addressOf(kind, name, region),
    kind,
    name,
    region,
    ensure: 'present',
    attrs,
    dependsOn: dependsOn.sort(),
  } as DesiredResource;
}

/** A small backup setup touching five services in two regions. `v` varies the values between runs. */
function desiredState(v: { noncurrentDays: number; threshold: number; displayName: string }): DesiredState {
  const role = resource('iam.role', ROLE, null, {
    path: '/',
    assumeRolePolicy: canonicalPolicy({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: { Service: 's3.amazonaws.com' }, Action: 'sts:AssumeRole' }],
    }),
    inlinePolicies: {
      replicate: canonicalPolicy({
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Allow',
            Action: ['s3:GetObjectVersionForReplication', 's3:GetObjectVersionAcl'],
            Resource: `arn:aws:s3:::${SRC}/*`,
          },
          {
            Effect: 'Allow',
            Action: ['s3:ReplicateObject', 's3:ReplicateDelete'],
            Resource: `arn:aws:s3:::${DST}/*`,
          },
        ],
      }),
    },
  });
  const dst = resource('s3.bucket', DST, null, { region: 'eu-west-3', versioning: 'Enabled' });
  const src = resource(
    's3.bucket',
    SRC,
    null,
    {
      region: 'eu-west-1',
      versioning: 'Enabled',
      lifecycle: [
        {
          id: 'noncurrent-retention',
          enabled: true,
          filter: {},
          noncurrentVersionExpiration: { noncurrentDays: v.noncurrentDays },
          transitions: [],
          noncurrentVersionTransitions: [],
          abortIncompleteMultipartUploadDays: 7,
        },
      ],
      replication: {
        role: `arn:aws:iam::${ACCOUNT}:role/${ROLE}`,
        rules: [
          {
            id: 'to-dst',
            priority: 1,
            enabled: true,
            filter: {},
            destination: { bucket: `arn:aws:s3:::${DST}`, storageClass: 'STANDARD' },
            metrics: true,
            replicationTime: false,
            deleteMarkerReplication: false,
            existingObjectReplication: false,
          },
        ],
      },
    },
    [role.address, dst.address],
  );
  const topic = resource('sns.topic', 'exec-alerts', 'eu-west-1', {
    region: 'eu-west-1',
    displayName: v.displayName,
    subscriptions: [{ protocol: 'email', endpoint: 'ops@example.com' }],
  });
  const alarm = resource(
    'cloudwatch.alarm',
    'exec-replication-latency',
    'eu-west-1',
    {
      region: 'eu-west-1',
      alarmActions: [TOPIC_ARN],
      comparisonOperator: 'GreaterThanThreshold',
      threshold: v.threshold,
      evaluationPeriods: 1,
      metric: {
        metric: {
          namespace: 'AWS/S3',
          name: 'ReplicationLatency',
          dimensions: { SourceBucket: SRC, DestinationBucket: DST, RuleId: 'to-dst' },
        },
        period: 300,
        statistic: 'Maximum',
      },
    },
    [topic.address],
  );
  const rule = resource(
    'events.rule',
    'exec-backup-failed',
    'eu-west-1',
    {
      region: 'eu-west-1',
      eventPattern: { source: ['aws.backup'], 'detail-type': ['Backup Job State Change'] },
      state: 'ENABLED',
      targets: [{ id: 'alerts', arn: TOPIC_ARN }],
    },
    [topic.address],
  );
  const resources = [role, dst, src, topic, alarm, rule].sort((a, b) => (a.address < b.address ? -1 : 1));
  return {
    formatVersion: 1,
    account: ACCOUNT,
    defaultRegion: 'eu-west-1',
    regions: ['eu-west-1', 'eu-west-3'],
    resources,
    recovery: [],
    specFile: 'apply-converge.test.ts',
  };
}

const V1 = { noncurrentDays: 35, threshold: 900, displayName: 'Backup alerts' };

interface Run {
  readonly recorder: RequestRecorder;
  readonly faults?: FaultInjector;
}

function poolWith(
  extra: Partial<AwsOptions> = {},
  fault?: FaultSpec | readonly FaultSpec[],
): ClientPool & Run {
  const recorder = new RequestRecorder();
  const faults = fault ? new FaultInjector(fault) : undefined;
  const hooks = faults ? onClients(recorder.onClient, faults.onClient) : recorder.onClient;
  const pool = new ClientPool(motoAwsOptions({ maxAttempts: 3, onClient: hooks, ...extra }));
  return Object.assign(pool, { recorder, ...(faults ? { faults } : {}) });
}

/** spec -> live -> plan -> apply -> live -> plan, as `reconcile --apply --yes --allow-destructive` does. */
async function applyOnce(desired: DesiredState, pool: ClientPool) {
  const live = await readLive(desired, pool);
  const plan = planChanges(desired, live, { createdAt: CREATED_AT });
  const result = await executePlan(plan, desired, live, {
    pool,
    allowDestructive: true,
    backupRoot: join(await mkdtemp(join(tmpdir(), 'reconcile-it-')), 'backups'),
  });
  const replan = planChanges(desired, await readLive(desired, pool), { createdAt: CREATED_AT });
  return { plan, result, replan };
}

function pending(plan: ReturnType<typeof planChanges>): string[] {
  return [
    ...plan.changes.filter((c) => c.action !== 'no-op').map((c) => `${c.action} ${c.address} (${c.reason})`),
    ...plan.unchecked.map((u) => `unchecked ${u.address} (${u.reason})`),
  ];
}

describe('apply converges (moto)', () => {
  it('GIVEN an empty account WHEN applied THEN every resource is created in dependency order and a re-plan is empty', async () => {
    const pool = poolWith();
    try {
      const { plan, result, replan } = await applyOnce(desiredState(V1), pool);
      expect(plan.changes.filter((c) => c.action === 'create')).toHaveLength(6);
      expect(result.summary).toEqual({ applied: 6, unchanged: 0, failed: 0, skipped: 0 });
      expect(pending(replan)).toEqual([]);
      const ops = pool.recorder.mutating();
      // the role exists before the replication that uses it; the topic before the alarm and rule targeting it
      expect(ops.indexOf('iam:CreateRole')).toBeLessThan(ops.indexOf('s3:PutBucketReplication'));
      expect(ops.indexOf('sns:CreateTopic')).toBeLessThan(ops.indexOf('cloudwatch:PutMetricAlarm'));
      expect(ops.indexOf('sns:CreateTopic')).toBeLessThan(ops.indexOf('events:PutTargets'));
      expect(result.mutations).toBe(ops.length);
    } finally {
      pool.destroy();
    }
  });

  it('GIVEN a converged account WHEN applied again THEN zero mutating calls are sent', async () => {
    const pool = poolWith();
    try {
      const { plan, result, replan } = await applyOnce(desiredState(V1), pool);
      expect(pending(plan)).toEqual([]);
      expect(result).toMatchObject({ mutations: 0, steps: [] });
      expect(result.backupDir).toBeUndefined();
      expect(pool.recorder.mutating()).toEqual([]);
      expect(pool.recorder.requests.length).toBeGreaterThan(0); // it did read everything, twice
      expect(pending(replan)).toEqual([]);
    } finally {
      pool.destroy();
    }
  });
});

describe('apply under injected faults (moto, maxAttempts 3)', () => {
  it('GIVEN the 1st write is throttled WHEN applied THEN the SDK retries it and the apply converges', async () => {
    const pool = poolWith({}, { kind: 'throttle', nth: 1 });
    try {
      const { result, replan } = await applyOnce(desiredState({ ...V1, noncurrentDays: 30 }), pool);
      expect(pool.faults?.injected).toHaveLength(1);
      expect(result.summary.failed).toBe(0);
      expect(pending(replan)).toEqual([]);
    } finally {
      pool.destroy();
    }
  });

  it('GIVEN a 5xx on the 2nd write and a connection reset on the 3rd WHEN applied THEN both are retried and the apply converges', async () => {
    const pool = poolWith({}, [
      { kind: 'server-error', nth: 2 },
      { kind: 'connection-reset', nth: 3 },
    ]);
    try {
      const { result, replan } = await applyOnce(
        desiredState({ noncurrentDays: 40, threshold: 600, displayName: 'Backup alerts (5xx)' }),
        pool,
      );
      expect(pool.faults?.injected.map((f) => f.kind)).toEqual(['server-error', 'connection-reset']);
      expect(result.summary.failed).toBe(0);
      expect(result.summary.applied).toBe(3);
      expect(pending(replan)).toEqual([]);
    } finally {
      pool.destroy();
    }
  });

  it('GIVEN SNS writes throttled beyond the retries WHEN applied THEN the topic step fails, its alarm and rule are skipped, the rest applies; a following apply converges', async () => {
    const desired = desiredState({
      noncurrentDays: 45,
      threshold: 300,
      displayName: 'Backup alerts (throttled)',
    });
    // Also change the alarm and the rule so that they have something to do behind the topic.
    const changed: DesiredState = {
      ...desired,
      resources: desired.resources.map((r) =>
        r.kind === 'events.rule'
          ? ({ ...r, attrs: { ...r.attrs, state: 'DISABLED' } } as DesiredResource)
          : r,
      ),
    };
    const pool = poolWith(
      {},
      {
        kind: 'throttle',
        nth: 1,
        times: 100,
        match: (r) => r.service === 'sns' && r.operation.startsWith('Set'),
      },
    );
    try {
      const { result, replan } = await applyOnce(changed, pool);
      const outcome = Object.fromEntries(result.steps.map((s) => [s.address, s.outcome]));
      expect(outcome).toEqual({
        [`s3.bucket/${SRC}`]: 'applied',
        'sns.topic/eu-west-1/exec-alerts': 'failed',
        'cloudwatch.alarm/eu-west-1/exec-replication-latency': 'skipped',
        'events.rule/eu-west-1/exec-backup-failed': 'skipped',
      });
      const topicStep = result.steps.find((s) => s.address === 'sns.topic/eu-west-1/exec-alerts');
      expect(topicStep?.errorCode).toBe('Throttling');
      expect(pool.faults?.injected.length).toBe(3); // one call, three attempts, then it stopped
      expect(pending(replan).map((p) => p.split(' (')[0])).toEqual([
        'update cloudwatch.alarm/eu-west-1/exec-replication-latency',
        'update events.rule/eu-west-1/exec-backup-failed',
        'update sns.topic/eu-west-1/exec-alerts',
      ]);
    } finally {
      pool.destroy();
    }
    const again = poolWith();
    try {
      const { result, replan } = await applyOnce(changed, again);
      expect(result.summary).toEqual({ applied: 3, unchanged: 0, failed: 0, skipped: 0 });
      expect(pending(replan)).toEqual([]);
    } finally {
      again.destroy();
    }
  });
});
