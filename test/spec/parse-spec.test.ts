/** The shipped backup-spec.yaml and small specs map to the DesiredState the planner expects. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseSpec } from '../../spec/parse-spec.js';
import type {
  BackupPlanAttrs,
  BackupSelectionAttrs,
  CloudWatchAlarmAttrs,
  EventsRuleAttrs,
  IamRoleAttrs,
  S3BucketAttrs,
  SnsTopicAttrs,
} from '../../src/model/attrs.js';
import { fingerprintSecret } from '../../src/model/secrets.js';
import type { DesiredResource, DesiredState } from '../../src/model/state.js';
import { HEADER } from './broken-specs.cases.js';

const SHIPPED = readFileSync(new URL('../../backup-spec.yaml', import.meta.url));
const WEBHOOK = 'https://hooks.slack.com/services/T0000/B0000/XXXXsecretXXXX';

function resource<A>(state: DesiredState, address: string): DesiredResource & { attrs: A } {
  const r = state.resources.find((x) => x.address === address);
  if (!r) throw new Error(`no ${address} in ${state.resources.map((x) => x.address).join(', ')}`);
  return r as DesiredResource & { attrs: A };
}

describe('GIVEN the shipped backup-spec.yaml', () => {
  const state = parseSpec(SHIPPED, 'backup-spec.yaml', { MNEMONICA_ALERTS_WEBHOOK_URL: WEBHOOK });

  it('THEN it declares the guide target state: counts per kind, three regions, sorted addresses', () => {
    const counts: Record<string, number> = {};
    for (const r of state.resources) counts[r.kind] = (counts[r.kind] ?? 0) + 1;
    expect(counts).toEqual({
      's3.bucket': 4,
      'iam.role': 3,
      'rds.instance': 1,
      'backup.vault': 2,
      'backup.plan': 1,
      'backup.selection': 1,
      'sns.topic': 3,
      'events.rule': 2,
      'cloudwatch.alarm': 6,
    });
    expect(state.account).toBe('828879644785');
    expect(state.defaultRegion).toBe('eu-west-1');
    expect(state.regions).toEqual(['eu-north-1', 'eu-west-1', 'eu-west-3']);
    const addresses = state.resources.map((r) => r.address);
    expect(addresses).toEqual([...addresses].sort());
    expect(state.specFile).toBe('backup-spec.yaml');
  });

  it('THEN replication resolves role and destination to ARNs, makes rule defaults explicit, and depends on both', () => {
    const media = resource<S3BucketAttrs>(state, 's3.bucket/mne-media-prod');
    expect(media.attrs.replication).toEqual({
      role: 'arn:aws:iam::828879644785:role/service-role/s3crr_role_for_mne-media-prod_to_crr-media-prod',
      rules: [
        {
          id: 'paris-replica',
          priority: 0,
          enabled: true,
          filter: {},
          destination: { bucket: 'arn:aws:s3:::mne-media-replica', storageClass: 'DEEP_ARCHIVE' },
          metrics: true,
          replicationTime: false,
          deleteMarkerReplication: false,
          existingObjectReplication: false,
        },
      ],
    });
    expect(media.dependsOn).toEqual([
      'iam.role/s3crr_role_for_mne-media-prod_to_crr-media-prod',
      's3.bucket/mne-media-replica',
    ]);
    expect(media.region).toBeNull();
    expect(media.attrs.region).toBe('eu-west-1');
    expect(media.attrs.lifecycle).toEqual([
      {
        id: 'noncurrent-version-retention',
        enabled: true,
        filter: {},
        noncurrentVersionExpiration: { noncurrentDays: 35 },
        transitions: [],
        noncurrentVersionTransitions: [],
      },
    ]);
    // Object Lock and tags are not declared: unmanaged, not "none".
    expect('objectLock' in media.attrs).toBe(false);
    expect('tags' in media.attrs).toBe(false);
  });

  it('THEN the replica keeps its inventory with the destination as an ARN', () => {
    const replica = resource<S3BucketAttrs>(state, 's3.bucket/mne-media-replica');
    expect(replica.attrs.inventory).toEqual([
      {
        id: 'mnemonica-replica-inventory',
        enabled: true,
        destination: {
          bucket: 'arn:aws:s3:::mne-media-replica',
          accountId: '828879644785',
          format: 'CSV',
          prefix: 'inventory/',
        },
        includedObjectVersions: 'Current',
        frequency: 'Daily',
        optionalFields: [],
      },
    ]);
    expect(replica.dependsOn).toEqual([]);
  });

  it('THEN the backup rule has AWS defaults explicit, the target vault by NAME and the copy vault by ARN', () => {
    const plan = resource<BackupPlanAttrs>(state, 'backup.plan/eu-west-1/eks-mnemonica-6h-snapshots-180d');
    expect(plan.attrs.rules).toEqual([
      {
        name: '6-Hour-Snapshots-180-Day-Retention-DR-Copy',
        targetVault: 'eks-mnemonica-prod-vault',
        schedule: 'cron(0 */6 * * ? *)',
        scheduleTimezone: 'Etc/UTC',
        startWindowMinutes: 480,
        completionWindowMinutes: 10080,
        enableContinuousBackup: false,
        lifecycle: { deleteAfterDays: 180 },
        copyActions: [
          {
            destinationVaultArn: 'arn:aws:backup:eu-west-3:828879644785:backup-vault:Default',
            lifecycle: { deleteAfterDays: 180 },
          },
        ],
      },
    ]);
    expect(plan.dependsOn).toEqual([
      'backup.vault/eu-west-1/eks-mnemonica-prod-vault',
      'backup.vault/eu-west-3/Default',
    ]);
  });

  it('THEN the selection is named <plan>/<selection> in the plan region, with role and DB ARNs', () => {
    const sel = resource<BackupSelectionAttrs>(
      state,
      'backup.selection/eu-west-1/eks-mnemonica-6h-snapshots-180d/eks-mnemonica-prod-rds',
    );
    expect(sel.attrs).toEqual({
      region: 'eu-west-1',
      plan: 'eks-mnemonica-6h-snapshots-180d',
      selectionName: 'eks-mnemonica-prod-rds',
      iamRoleArn: 'arn:aws:iam::828879644785:role/service-role/AWSBackupDefaultServiceRole',
      resources: ['arn:aws:rds:eu-west-1:828879644785:db:eks-mnemonica-prod'],
    });
    expect(sel.dependsOn).toEqual([
      'backup.plan/eu-west-1/eks-mnemonica-6h-snapshots-180d',
      'iam.role/AWSBackupDefaultServiceRole',
      'rds.instance/eu-west-1/eks-mnemonica-prod',
    ]);
  });

  it('THEN IAM policies are canonical and the role path defaults to /', () => {
    const app = resource<IamRoleAttrs>(state, 'iam.role/eks-mnemonica-prod-s3-role');
    expect(app.attrs.path).toBe('/');
    const policy = app.attrs.inlinePolicies?.['eks-mnemonica-prod-s3-access'];
    const deny = policy?.Statement.find((s) => s.Sid === 'DenyVersionDeletion');
    expect(deny).toEqual({
      Action: ['s3:DeleteObjectVersion'],
      Effect: 'Deny',
      Resource: ['arn:aws:s3:::mne-media-prod/*', 'arn:aws:s3:::mne-vault-prod/*'],
      Sid: 'DenyVersionDeletion',
    });
    const backupRole = resource<IamRoleAttrs>(state, 'iam.role/AWSBackupDefaultServiceRole');
    expect(backupRole.attrs.managedPolicyArns).toEqual([
      'arn:aws:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForBackup',
      'arn:aws:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForRestores',
    ]);
  });

  it('THEN the webhook is a redacted display form plus a fingerprint, and the clear value only in secrets', () => {
    const topic = resource<SnsTopicAttrs>(state, 'sns.topic/eu-west-1/mnemonica-backup-alerts');
    const sha = fingerprintSecret(WEBHOOK);
    expect(topic.attrs.subscriptions).toEqual([
      { protocol: 'email', endpoint: 'backup-alerts@example.com' },
      { protocol: 'https', endpoint: 'https://hooks.slack.com/***', endpointSha256: sha },
    ]);
    expect(state.secrets?.get(sha)).toBe(WEBHOOK);
    expect(JSON.stringify(state)).not.toContain('XXXXsecretXXXX');
    expect(
      topic.attrs.policy?.Statement.some((s) => JSON.stringify(s).includes('events.amazonaws.com')),
    ).toBe(true);
  });

  it('THEN each alarm notifies a topic of its own region and depends on it', () => {
    for (const r of state.resources.filter((x) => x.kind === 'cloudwatch.alarm')) {
      const attrs = r.attrs as CloudWatchAlarmAttrs;
      for (const arn of attrs.alarmActions ?? []) expect(arn.split(':')[3]).toBe(attrs.region);
      expect(r.dependsOn.every((d) => d.startsWith(`sns.topic/${attrs.region}/`))).toBe(true);
    }
    const lag = resource<CloudWatchAlarmAttrs>(
      state,
      'cloudwatch.alarm/eu-west-3/mnemonica-media-replication-lag',
    );
    expect(lag.attrs.threshold).toBe(900);
    expect(lag.attrs.metric?.metric.dimensions).toEqual({
      DestinationBucket: 'mne-media-replica',
      RuleId: 'paris-replica',
      SourceBucket: 'mne-media-prod',
    });
    const anomaly = resource<CloudWatchAlarmAttrs>(
      state,
      'cloudwatch.alarm/eu-north-1/mnemonica-vault-replica-object-count-anomaly',
    );
    expect(anomaly.attrs.metrics?.map((q) => [q.id, q.returnData])).toEqual([
      ['ad1', true],
      ['m1', true],
    ]);
    expect(anomaly.attrs.thresholdMetricId).toBe('ad1');
    expect(anomaly.attrs.threshold).toBeUndefined();
  });

  it('THEN event rules carry a canonical pattern and their region topic as target', () => {
    const rule = resource<EventsRuleAttrs>(state, 'events.rule/eu-west-3/mnemonica-backup-job-failures-dr');
    expect(rule.attrs.eventPattern).toEqual({
      detail: { state: ['ABORTED', 'EXPIRED', 'FAILED'] },
      'detail-type': ['Backup Job State Change'],
      source: ['aws.backup'],
    });
    expect(Object.keys(rule.attrs.eventPattern ?? {})).toEqual(['detail', 'detail-type', 'source']);
    expect(rule.attrs.targets).toEqual([
      { id: '1', arn: 'arn:aws:sns:eu-west-3:828879644785:mnemonica-backup-alerts-dr' },
    ]);
  });

  it("THEN recovery scenarios come in the spec's order, with objectives in minutes and resources as sorted addresses", () => {
    expect(state.recovery.map((s) => [s.name, s.rpoMinutes, s.rtoMinutes])).toEqual([
      ['deleted-file-recent', 1, 60],
      ['deleted-file-old', 360, 2880],
      ['region-failure-eu-west-1', 360, 2880],
    ]);
    const region = state.recovery.find((s) => s.name === 'region-failure-eu-west-1');
    expect(region?.resources).toEqual([
      'backup.plan/eu-west-1/eks-mnemonica-6h-snapshots-180d',
      'backup.vault/eu-west-3/Default',
      's3.bucket/mne-media-replica',
      's3.bucket/mne-vault-replica',
    ]);
  });

  it('THEN the drill settings resolve per scenario: the default sandbox, the Paris override, default samples', () => {
    expect(state.drill?.maxAgeDays).toBe(90);
    expect(state.drill?.rdsInstanceClass).toBe('db.t4g.micro');
    expect(state.drill?.scenarios).toEqual({
      'deleted-file-recent': {
        sandbox: { bucket: 'mne-drill-sandbox', region: 'eu-west-1', prefix: 'reconcile-drill/' },
        samples: { count: 3, prefix: '' },
      },
      'deleted-file-old': {
        sandbox: { bucket: 'mne-drill-sandbox', region: 'eu-west-1', prefix: 'reconcile-drill/' },
        samples: { count: 3, prefix: '' },
      },
      'region-failure-eu-west-1': {
        sandbox: { bucket: 'mne-drill-sandbox-paris', region: 'eu-west-3', prefix: 'reconcile-drill/' },
        samples: { count: 3, prefix: '' },
      },
    });
  });

  it('THEN every resource records where it is declared', () => {
    const bucket = resource<S3BucketAttrs>(state, 's3.bucket/mne-media-prod');
    const lines = SHIPPED.toString('utf8').split('\n');
    const line = bucket.source?.line ?? 0;
    expect(lines[line - 1]?.trim()).toBe('mne-media-prod:');
  });
});

describe('GIVEN the webhook variable is not set', () => {
  const state = parseSpec(SHIPPED, 'backup-spec.yaml', {});

  it('THEN the spec still loads, the endpoint is an unresolved placeholder without fingerprint, and no secret is kept', () => {
    const topic = resource<SnsTopicAttrs>(state, 'sns.topic/eu-west-1/mnemonica-backup-alerts');
    expect(topic.attrs.subscriptions).toContainEqual({
      protocol: 'https',
      endpoint: 'https://<unresolved ${env:MNEMONICA_ALERTS_WEBHOOK_URL}>',
      unresolved: true,
    });
    expect(state.secrets).toBeUndefined();
  });
});

describe('GIVEN two vaults with the same AWS name in two regions', () => {
  const text = `${HEADER}backup:\n  vaults:\n    main: {region: eu-west-1}\n    main-dr: {name: main, region: eu-west-3}\n  plans:\n    p:\n      region: eu-west-1\n      rules:\n        - name: daily\n          vault: main\n          schedule: cron(0 5 ? * * *)\n          copyTo: [{vault: main-dr}]\n`;

  it('THEN both are declared, the rule targets the plan-region one and copies to the other by ARN', () => {
    const state = parseSpec(text, 'spec.yaml');
    expect(state.resources.map((r) => r.address)).toEqual([
      'backup.plan/eu-west-1/p',
      'backup.vault/eu-west-1/main',
      'backup.vault/eu-west-3/main',
    ]);
    const plan = resource<BackupPlanAttrs>(state, 'backup.plan/eu-west-1/p');
    expect(plan.attrs.rules?.[0]?.targetVault).toBe('main');
    expect(plan.attrs.rules?.[0]?.copyActions).toEqual([
      { destinationVaultArn: 'arn:aws:backup:eu-west-3:828879644785:backup-vault:main', lifecycle: {} },
    ]);
  });
});

describe('GIVEN literal ARNs instead of references', () => {
  const text = `${HEADER}s3:\n  buckets:\n    src:\n      region: eu-west-1\n      versioning: Enabled\n      replication:\n        role: arn:aws:iam::111122223333:role/x\n        rules:\n          - id: r\n            destination: {bucket: "arn:aws:s3:::other-account-bucket", account: "111122223333"}\n`;

  it('THEN they are kept as written and add no dependency', () => {
    const state = parseSpec(text, 'spec.yaml');
    const src = resource<S3BucketAttrs>(state, 's3.bucket/src');
    expect(src.attrs.replication?.role).toBe('arn:aws:iam::111122223333:role/x');
    expect(src.attrs.replication?.rules[0]?.destination).toEqual({
      bucket: 'arn:aws:s3:::other-account-bucket',
      storageClass: 'STANDARD',
      account: '111122223333',
    });
    expect(src.dependsOn).toEqual([]);
  });
});

describe('GIVEN ensure and lint settings on a resource', () => {
  const text = `${HEADER}sns:\n  topics:\n    old:\n      region: eu-west-1\n      ensure: absent\n      lint:\n        ignore: {no-subscriptions: "being retired this quarter"}\n`;

  it('THEN the resource carries ensure: absent and the silenced rule with its reason', () => {
    const state = parseSpec(text, 'spec.yaml');
    const topic = resource<SnsTopicAttrs>(state, 'sns.topic/eu-west-1/old');
    expect(topic.ensure).toBe('absent');
    expect(topic.lintSilenced).toEqual({ 'no-subscriptions': 'being retired this quarter' });
    expect(topic.attrs).toEqual({ region: 'eu-west-1' });
  });
});

describe('GIVEN buckets that share settings through a YAML anchor and a merge key (<<)', () => {
  const text = `${HEADER}s3:\n  buckets:\n    mne-a: &bucket\n      region: eu-west-1\n      versioning: Enabled\n      tags: {team: sre}\n    mne-b:\n      <<: *bucket\n      region: eu-west-3\n    mne-c: *bucket\n`;

  it('THEN each bucket gets the merged settings, and keys written next to the merge win', () => {
    const state = parseSpec(text, 'backup-spec.yaml');
    const attrs = (name: string) => resource<S3BucketAttrs>(state, `s3.bucket/${name}`).attrs;
    expect(attrs('mne-a')).toEqual({ region: 'eu-west-1', versioning: 'Enabled', tags: { team: 'sre' } });
    expect(attrs('mne-b')).toEqual({ region: 'eu-west-3', versioning: 'Enabled', tags: { team: 'sre' } });
    expect(attrs('mne-c')).toEqual(attrs('mne-a'));
  });

  it('WHEN a merged value is wrong THEN the error points at the anchored text that holds it', () => {
    expect(() =>
      parseSpec(text.replace('versioning: Enabled', 'versioning: enabled'), 'backup-spec.yaml'),
    ).toThrow(
      /^backup-spec\.yaml:8:19 s3\.buckets\.mne-a\.versioning: .*\nbackup-spec\.yaml:8:19 s3\.buckets\.mne-b\.versioning: .*\nbackup-spec\.yaml:8:19 s3\.buckets\.mne-c\.versioning: /,
    );
  });
});

describe('GIVEN an alarm that leaves its notification settings out', () => {
  const state = parseSpec(SHIPPED, 'backup-spec.yaml', {});
  const alarm = resource<CloudWatchAlarmAttrs>(
    state,
    'cloudwatch.alarm/eu-west-3/mnemonica-media-replication-lag',
  );

  it('THEN they are managed with AWS defaults (actions enabled, no OK/insufficient-data actions, N of N datapoints), so disabling actions by hand is drift', () => {
    expect(alarm.attrs).toMatchObject({
      actionsEnabled: true,
      okActions: [],
      insufficientDataActions: [],
      datapointsToAlarm: alarm.attrs.evaluationPeriods,
    });
  });
});

describe('GIVEN a spec whose drill sandbox is a declared bucket no scenario protects', () => {
  it('WHEN the sandbox names no region THEN it takes the declared bucket region, and defaults fill the rest', () => {
    const text = `${HEADER}s3:\n  buckets:\n    drills:\n      region: eu-west-3\nrecovery:\n  scenarios:\n    lost-db:\n      rpo: 6h\n      rto: 48h\ndrill:\n  sandbox: {bucket: drills}\n`;
    const state = parseSpec(text, 'backup-spec.yaml');
    expect(state.drill).toEqual({
      maxAgeDays: 90,
      scenarios: {
        'lost-db': {
          sandbox: { bucket: 'drills', region: 'eu-west-3', prefix: 'reconcile-drill/' },
          samples: { count: 3, prefix: '' },
        },
      },
    });
  });

  it('WHEN there is no drill section THEN the state has none', () => {
    expect(parseSpec(HEADER, 'backup-spec.yaml').drill).toBeUndefined();
  });
});
