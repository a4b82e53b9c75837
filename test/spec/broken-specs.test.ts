/**
 * Table-driven: every broken spec is rejected by `reconcile --validate` with exit code 1 and exactly
 * the located messages below (`file:line:column path: expected X, got Y`), all at once, sorted by
 * position, on stderr — never a stack trace.
 */
import { describe, expect, it } from 'vitest';
import { parseSpec } from '../../spec/parse-spec.js';
import { SpecError } from '../../src/errors.js';
import { validateText } from '../support/cli.js';
import { BROKEN_SPECS } from './broken-specs.cases.js';

const EXPECTED: ReadonlyMap<string, readonly string[]> = new Map<string, readonly string[]>([
  [
    'a YAML syntax error',
    [
      'backup-spec.yaml:5:1 invalid YAML: Flow map in block collection must be sufficiently indented and end with a }',
      'backup-spec.yaml:5:1 invalid YAML: Flow sequence in block collection must be sufficiently indented and end with a ]',
    ],
  ],
  [
    'an empty file',
    [
      'backup-spec.yaml:1:1 expected a YAML mapping (version, account, defaultRegion, ...), got an empty document',
    ],
  ],
  [
    'a file holding only comments',
    [
      'backup-spec.yaml:1:1 expected a YAML mapping (version, account, defaultRegion, ...), got an empty document',
    ],
  ],
  [
    'a duplicate key',
    ['backup-spec.yaml:8:7 expected each key once in a mapping, got the key "region" again'],
  ],
  ['bytes that are not UTF-8', ['backup-spec.yaml:4:6 expected UTF-8 text, got the byte 0xe9']],
  ['a list instead of a mapping at the top', ['backup-spec.yaml:1:1 expected a mapping, got a list']],
  [
    'missing version and account',
    [
      'backup-spec.yaml:1:1 account: expected a 12-digit AWS account id in quotes, got nothing (the key is missing)',
      'backup-spec.yaml:1:1 version: expected 1, got nothing (the key is missing)',
    ],
  ],
  ['an unsupported version', ['backup-spec.yaml:1:10 version: expected 1, got 2']],
  [
    'an unquoted account id',
    ['backup-spec.yaml:2:10 account: expected a 12-digit AWS account id in quotes, got 828879644785'],
  ],
  [
    'an 11-digit account id',
    ['backup-spec.yaml:2:10 account: expected a 12-digit AWS account id in quotes, got "82887964478"'],
  ],
  [
    'a misspelt top-level key',
    [
      'backup-spec.yaml:1:1 defaultRegion: expected an AWS region such as eu-west-1, got nothing (the key is missing)',
      'backup-spec.yaml:3:1 defaultRegon: unknown key "defaultRegon" (did you mean "defaultRegion"?)',
    ],
  ],
  [
    'a misspelt bucket key',
    [
      'backup-spec.yaml:8:7 s3.buckets.mne-media-prod.versoning: unknown key "versoning" (did you mean "versioning"?)',
    ],
  ],
  [
    'a misspelt region',
    [
      'backup-spec.yaml:7:15 s3.buckets.mne-media-prod.region: expected an AWS region such as eu-west-1, got "eu-wset-1" (did you mean "eu-west-1"?)',
    ],
  ],
  [
    'a wrongly cased enum value',
    [
      'backup-spec.yaml:8:19 s3.buckets.mne-media-prod.versioning: expected one of Enabled, Suspended, Disabled, got "enabled" (did you mean "Enabled"?)',
    ],
  ],
  [
    'a negative noncurrentDays',
    [
      'backup-spec.yaml:12:29 s3.buckets.mne-media-prod.lifecycle[0].noncurrentVersionExpiration.noncurrentDays: expected a positive integer, got -5',
    ],
  ],
  [
    'a lifecycle rule without actions',
    [
      'backup-spec.yaml:9:11 s3.buckets.mne-media-prod.lifecycle[0]: expected at least one action (expiration, noncurrentVersionExpiration, transitions, noncurrentVersionTransitions or abortIncompleteMultipartUploadDays), got none',
    ],
  ],
  [
    'an invalid bucket name',
    [
      'backup-spec.yaml:6:5 s3.buckets.Mne_Media: expected a valid S3 bucket name (may contain only lowercase letters, digits, dots and hyphens), got "Mne_Media"',
    ],
  ],
  [
    'a bucket name like an IP address',
    [
      'backup-spec.yaml:6:5 s3.buckets["192.168.1.10"]: expected a valid S3 bucket name (must not look like an IP address), got "192.168.1.10"',
    ],
  ],
  [
    'a missing required key',
    [
      'backup-spec.yaml:6:5 s3.buckets.mne-media-prod.region: expected an AWS region such as eu-west-1, got nothing (the key is missing)',
    ],
  ],
  [
    'replication without versioning on either side',
    [
      'backup-spec.yaml:6:5 s3.buckets.mne-media-prod.versioning: expected versioning: Enabled on a bucket that replicates, got nothing (the key is missing)',
      'backup-spec.yaml:15:19 s3.buckets.mne-media-replica.versioning: expected versioning: Enabled on mne-media-replica, the replication destination of mne-media-prod, got "Suspended"',
    ],
  ],
  [
    'dangling role and destination references',
    [
      'backup-spec.yaml:10:15 s3.buckets.mne-media-prod.replication.role: expected the name of a role declared under iam.roles, or a role ARN, got "s3crr-role" (did you mean "s3crr_role"?)',
      'backup-spec.yaml:13:35 s3.buckets.mne-media-prod.replication.rules[0].destination.bucket: expected the name of a bucket declared under s3.buckets, or a bucket ARN, got "mne-media-replika" (did you mean "mne-media-replica"?)',
    ],
  ],
  [
    'replication time control without metrics',
    [
      'backup-spec.yaml:12:13 s3.buckets.mne-media-prod.replication.rules[0].metrics: expected metrics: true when replicationTime is on (AWS requires both), got false',
    ],
  ],
  [
    'SSE-KMS replication without a replica key',
    [
      'backup-spec.yaml:13:13 s3.buckets.mne-media-prod.replication.rules[0].destination.replicaKmsKeyId: expected a KMS key ARN for the replicas when sseKmsEncryptedObjects is true, got none',
    ],
  ],
  [
    'Object Lock without versioning',
    [
      'backup-spec.yaml:6:5 s3.buckets.mne-media-prod.versioning: expected versioning: Enabled on a bucket with Object Lock, got nothing (the key is missing)',
    ],
  ],
  [
    'a malformed RDS backup window',
    [
      'backup-spec.yaml:8:30 rds.instances.db1.preferredBackupWindow: expected a UTC window hh:mm-hh:mm of at least 30 minutes, got "2:00-3:00"',
    ],
  ],
  [
    'an RDS backup window shorter than 30 minutes',
    [
      'backup-spec.yaml:8:30 rds.instances.db1.preferredBackupWindow: expected a UTC window hh:mm-hh:mm of at least 30 minutes, got "23:50-00:05" (15 minutes)',
    ],
  ],
  [
    'an RDS retention over 35 days',
    [
      'backup-spec.yaml:8:28 rds.instances.db1.backupRetentionDays: expected a number of days from 0 to 35, got 36',
    ],
  ],
  [
    'a cron with five fields',
    [
      'backup-spec.yaml:11:43 backup.plans.p1.rules[0].schedule: expected a valid schedule: cron needs 6 fields (minutes hours day-of-month month day-of-week year), found 5, got "cron(0 */6 * * *)"',
    ],
  ],
  [
    'a cron without "?" in a day field',
    [
      'backup-spec.yaml:11:43 backup.plans.p1.rules[0].schedule: expected a valid schedule: exactly one of day-of-month and day-of-week must be "?", got "cron(0 */6 * * * *)"',
    ],
  ],
  [
    'a rate with a plural unit for 1',
    [
      'backup-spec.yaml:11:43 backup.plans.p1.rules[0].schedule: expected a valid schedule: rate of 1 needs a singular unit: rate(1 hour), got "rate(1 hours)"',
    ],
  ],
  [
    'continuous backup kept longer than 35 days',
    [
      'backup-spec.yaml:15:40 backup.plans.p1.rules[0].lifecycle.deleteAfterDays: expected at most 35 days: continuous backup (PITR) keeps recovery points 1 to 35 days, got 36',
    ],
  ],
  [
    'deletion sooner than 90 days after cold storage',
    [
      'backup-spec.yaml:15:72 backup.plans.p1.rules[0].lifecycle.deleteAfterDays: expected at least moveToColdStorageAfterDays + 90 = 120 days (recovery points stay 90 days in cold storage), got 100',
      'backup-spec.yaml:18:76 backup.plans.p1.rules[0].copyTo[0].lifecycle.deleteAfterDays: expected at least moveToColdStorageAfterDays + 90 = 100 days (recovery points stay 90 days in cold storage), got 99',
    ],
  ],
  [
    'a rule targeting a vault of another region and a dangling copy vault',
    [
      'backup-spec.yaml:12:18 backup.plans.p1.rules[0].vault: expected a vault in the plan\'s region eu-west-1, got "dr" (it is in eu-west-3)',
      'backup-spec.yaml:14:28 backup.plans.p1.rules[0].copyTo[0].vault: expected a vault declared under backup.vaults, or a vault ARN, got "dr-vualt"',
    ],
  ],
  [
    'a selection resource with a misspelt key',
    [
      'backup-spec.yaml:12:15 backup.plans.p1.selections.s1.resources[0].rdsInstanc: unknown key "rdsInstanc" (did you mean "rdsInstance"?)',
    ],
  ],
  [
    'a selection naming an undeclared role and DB instance',
    [
      'backup-spec.yaml:10:17 backup.plans.p1.selections.s1.role: expected the name of a role declared under iam.roles, or a role ARN, got "AWSBackupDefaultServiceRol" (did you mean "AWSBackupDefaultServiceRole"?)',
      'backup-spec.yaml:12:28 backup.plans.p1.selections.s1.resources[0].rdsInstance: expected a DB instance declared under rds.instances, got "db1"',
    ],
  ],
  [
    'an alarm with both metric and metrics and a bad period',
    [
      'backup-spec.yaml:6:5 cloudwatch.alarms.a1: expected exactly one of metric or metrics, got both',
      'backup-spec.yaml:11:52 cloudwatch.alarms.a1.metric.period: expected a period that is 10, 20, 30 or a multiple of 60 seconds, got 45',
    ],
  ],
  [
    'an anomaly alarm whose thresholdMetricId names no expression',
    [
      'backup-spec.yaml:10:26 cloudwatch.alarms.a1.thresholdMetricId: expected the id of an expression in metrics (ad1), got "band"',
    ],
  ],
  [
    'an alarm notifying a topic in another region',
    [
      'backup-spec.yaml:15:22 cloudwatch.alarms.a1.alarmActions[0]: expected a topic in the alarm\'s region eu-north-1 (an alarm can only notify its own region), got "alerts" (it is in eu-west-1)',
    ],
  ],
  [
    'a misspelt comparison operator',
    [
      'backup-spec.yaml:8:19 cloudwatch.alarms.a1.comparison: expected one of GreaterThanOrEqualToThreshold, GreaterThanThreshold, LessThanThreshold, LessThanOrEqualToThreshold, LessThanLowerOrGreaterThanUpperThreshold, LessThanLowerThreshold, GreaterThanUpperThreshold, got "GreaterThanTreshold" (did you mean "GreaterThanThreshold"?)',
    ],
  ],
  [
    'an event rule with a scalar pattern value and a dangling topic',
    [
      'backup-spec.yaml:9:17 events.rules.r1.eventPattern.source: expected a list of values to match (EventBridge patterns match lists), got "aws.backup"',
      'backup-spec.yaml:11:28 events.rules.r1.targets[0].topic: expected a topic declared under sns.topics, or a topic ARN, got "mnemonica-alerts"',
    ],
  ],
  [
    'an https subscription that is not an https URL (the secret is not echoed)',
    [
      'backup-spec.yaml:10:21 sns.topics.alerts.subscriptions[0].endpoint: expected an https:// URL, got a value that is not one (not shown: it may be secret)',
    ],
  ],
  [
    'two vault labels naming one vault in one region',
    [
      'backup-spec.yaml:7:5 backup.vaults.again: expected one declaration per backup.vault name in eu-west-1, got "main" again (also declared at backup.vaults.main)',
    ],
  ],
  [
    'a resource outside the declared regions',
    [
      'backup-spec.yaml:7:19 rds.instances.db1.region: expected one of the regions listed under regions (eu-west-1), got "eu-west-3"',
    ],
  ],
  [
    'a policy statement with a misspelt key and a lowercase Effect',
    [
      'backup-spec.yaml:10:23 iam.roles.app.inlinePolicies.p1.Statement[0].Effect: expected one of Allow, Deny, got "allow" (did you mean "Allow"?)',
      'backup-spec.yaml:11:15 iam.roles.app.inlinePolicies.p1.Statement[0].Actions: unknown key "Actions" (did you mean "Action"?)',
    ],
  ],
  [
    'an IAM path without slashes and a statement without Action',
    [
      'backup-spec.yaml:7:13 iam.roles.app.path: expected a valid IAM path (must be "/" or start and end with "/"), got "service-role"',
      'backup-spec.yaml:11:15 iam.roles.app.inlinePolicies.p1.Statement[0]: expected exactly one of Action or NotAction, got neither',
    ],
  ],
  [
    'an alarm on a static threshold without a threshold',
    [
      'backup-spec.yaml:6:5 cloudwatch.alarms.a1.threshold: expected a threshold (comparison GreaterThanThreshold needs one), got nothing (the key is missing)',
    ],
  ],
  [
    'a recovery objective that is not a duration',
    [
      'backup-spec.yaml:7:12 recovery.scenarios.lost-file.rpo: expected a duration such as 30m, 6h or 2d, got "6 hours"',
    ],
  ],
  [
    'recovery references to undeclared resources',
    [
      'backup-spec.yaml:14:19 recovery.scenarios.lost-file.resources[0].bucket: expected a s3.bucket declared in this spec, got "mne-media-prd" (did you mean "mne-media-prod"?)',
      'backup-spec.yaml:15:11 recovery.scenarios.lost-file.resources[1]: expected the address of a resource declared in this spec, got "s3.bucket/nope"',
      'backup-spec.yaml:16:11 recovery.scenarios.lost-file.resources[2]: expected exactly one of bucket, role, rdsInstance, vault, backupPlan, topic, eventRule, alarm, got bucket and vault',
    ],
  ],
  [
    'a schema error and a dangling reference elsewhere, reported together',
    [
      'backup-spec.yaml:8:20 sns.topics.alerts.displayName: expected a string, got 42',
      'backup-spec.yaml:14:60 events.rules.r1.targets[1].topic: expected a topic declared under sns.topics, or a topic ARN, got "alert"',
    ],
  ],
  [
    'buckets are never deleted',
    [
      'backup-spec.yaml:8:15 s3.buckets.mne-media-prod.ensure: expected present: buckets and objects are never deleted by this tool, got "absent"',
    ],
  ],
  [
    'tags written as a list',
    ['backup-spec.yaml:9:9 s3.buckets.mne-media-prod.tags: expected a mapping, got a list'],
  ],
  [
    'a principal written as a plain string',
    [
      'backup-spec.yaml:10:24 iam.roles.app.trustPolicy.Statement[0].Principal: expected "*" or a mapping such as {Service: events.amazonaws.com}, got "s3.amazonaws.com"',
    ],
  ],
  [
    'an unquoted account id with a leading zero',
    [
      'backup-spec.yaml:2:10 account: expected a 12-digit AWS account id in quotes, got 012345678901 (read as the number 12345678901)',
    ],
  ],
  [
    'two YAML documents',
    ['backup-spec.yaml:4:1 expected one YAML document, got a second one after "---" (one spec per file)'],
  ],
  [
    'an alias to an anchor never defined',
    ['backup-spec.yaml:6:21 invalid YAML: the alias *bucket names no anchor &bucket defined before it'],
  ],
  [
    'a merge key (<<) whose bucket also has a misspelt key',
    [
      'backup-spec.yaml:12:7 s3.buckets.mne-media-replica.versoning: unknown key "versoning" (did you mean "versioning"?)',
    ],
  ],
  [
    'an email endpoint from ${env:} that is not an address (the value is not echoed)',
    [
      'backup-spec.yaml:10:21 sns.topics.alerts.subscriptions[0].endpoint: expected an email address, got a value that is not one (not shown: it may be secret)',
    ],
  ],
  [
    '${env:} written outside a subscription endpoint',
    [
      'backup-spec.yaml:8:20 sns.topics.alerts.displayName: expected a literal value (${env:NAME} is read only in sns subscription endpoints), got "${env:TOPIC_DISPLAY}"',
    ],
  ],
  [
    'a policy written as a JSON string',
    [
      'backup-spec.yaml:7:20 iam.roles.app.trustPolicy: expected a mapping, got a string holding JSON (write it as YAML without the quotes: JSON is valid YAML)',
    ],
  ],
  [
    'no space after a colon',
    [
      'backup-spec.yaml:7:7 s3.buckets.mne-media-prod: expected a mapping, got "region:eu-west-1" (YAML needs a space after ":")',
    ],
  ],
  [
    'an expiration date that does not exist',
    [
      'backup-spec.yaml:10:30 s3.buckets.mne-media-prod.lifecycle[0].expiration.date: expected a date YYYY-MM-DD, got "2025-02-30"',
    ],
  ],
  [
    'numbers too large for AWS',
    [
      'backup-spec.yaml:10:30 s3.buckets.mne-media-prod.lifecycle[0].expiration.days: expected a positive integer of at most 2147483647, got 99999999999',
      'backup-spec.yaml:11:47 s3.buckets.mne-media-prod.lifecycle[0].abortIncompleteMultipartUploadDays: expected a positive integer of at most 2147483647, got 99999999999999999999999 (read as the number 1e+23)',
    ],
  ],
  [
    "a copy action into the rule's own vault",
    [
      'backup-spec.yaml:14:28 backup.plans.p1.rules[0].copyTo[0].vault: expected a vault other than the rule\'s own vault v1 (a copy needs another vault, usually in another region), got "v1"',
    ],
  ],
  [
    'an empty replication rule list',
    [
      'backup-spec.yaml:9:70 s3.buckets.mne-media-prod.replication.rules: expected at least one replication rule, got an empty list',
    ],
  ],
  [
    'CRLF line endings',
    [
      'backup-spec.yaml:8:19 s3.buckets.mne-media-prod.versioning: expected one of Enabled, Suspended, Disabled, got "enabled" (did you mean "Enabled"?)',
    ],
  ],
  [
    'a UTF-8 byte order mark',
    [
      'backup-spec.yaml:8:19 s3.buckets.mne-media-prod.versioning: expected one of Enabled, Suspended, Disabled, got "on"',
    ],
  ],
  ['tabs as indentation', ['backup-spec.yaml:5:1 invalid YAML: Tabs are not allowed as indentation']],
  [
    'yes as a boolean (YAML 1.2: a string)',
    ['backup-spec.yaml:6:50 rds.instances.db1.copyTagsToSnapshot: expected true or false, got "yes"'],
  ],
  [
    'an uppercase region',
    [
      'backup-spec.yaml:3:16 defaultRegion: expected an AWS region such as eu-west-1, got "EU-WEST-1" (did you mean "eu-west-1"?)',
    ],
  ],
  [
    'a cron with both day fields set',
    [
      'backup-spec.yaml:8:27 events.rules.r1.scheduleExpression: expected a valid schedule: exactly one of day-of-month and day-of-week must be "?", got "cron(0 5 1 * MON *)"',
    ],
  ],
  [
    'an anomaly alarm whose thresholdMetricId names a metric, not an expression',
    [
      'backup-spec.yaml:10:26 cloudwatch.alarms.a1.thresholdMetricId: expected the id of an expression in metrics (ad1), got "m1"',
    ],
  ],
  [
    'two alarms with one name in one region',
    [
      'backup-spec.yaml:13:5 cloudwatch.alarms.a2: expected one declaration per cloudwatch.alarm name in eu-west-1, got "lag" again (also declared at cloudwatch.alarms.a1)',
    ],
  ],
  [
    'a policy Statement written as a mapping',
    ['backup-spec.yaml:9:11 iam.roles.app.inlinePolicies.p1.Statement: expected a list, got a mapping'],
  ],
  [
    'ensure: absnt',
    [
      'backup-spec.yaml:8:15 rds.instances.db1.ensure: expected one of present, absent, got "absnt" (did you mean "absent"?)',
    ],
  ],
  [
    'a lint silence without a reason',
    [
      'backup-spec.yaml:10:11 rds.instances.db1.lint.ignore.rds-backup-window-too-short: expected a written reason for silencing the rule, got null',
    ],
  ],
  [
    'a drill sandbox that a scenario protects, an unknown scenario and a bad bucket name',
    [
      'backup-spec.yaml:15:21 drill.sandbox.bucket: expected a bucket no recovery scenario protects (recovery.scenarios.lost-file lists mne-media-prod), got "mne-media-prod"',
      'backup-spec.yaml:17:5 drill.scenarios.lost-files: expected the name of a scenario under recovery.scenarios, got "lost-files" (did you mean "lost-file"?)',
      'backup-spec.yaml:19:25 drill.scenarios.lost-file.sandbox.bucket: expected a bucket name (it may contain only lowercase letters, digits, dots and hyphens), got "Drills"',
    ],
  ],
  [
    'a drill without a sandbox for a scenario that restores objects',
    [
      'backup-spec.yaml:14:1 drill: expected a sandbox for scenario lost-file, which restores S3 objects (drill.sandbox, or drill.scenarios.lost-file.sandbox)',
    ],
  ],
  [
    'a drill with a zero maxAgeDays and a prefix starting with a slash',
    [
      'backup-spec.yaml:5:15 drill.maxAgeDays: expected a number of days from 1 to 3650, got 0',
      'backup-spec.yaml:6:37 drill.sandbox.prefix: expected a key prefix ending in "/" (and not starting with it), got "/x"',
    ],
  ],
  [
    'a restore testing plan with a hyphenated name, a dangling vault and a wildcard mixed with ARNs',
    [
      'backup-spec.yaml:6:5 backup.restoreTesting.nightly-rds: expected a restore testing plan name of 1-50 letters, digits or underscores, got "nightly-rds"',
      'backup-spec.yaml:8:17 backup.restoreTesting.nightly-rds.schedule: expected a valid schedule: exactly one of day-of-month and day-of-week must be "?", got "cron(0 5 * * * *)"',
      'backup-spec.yaml:9:33 backup.restoreTesting.nightly-rds.recoveryPoints.vaults[0]: expected a vault declared under backup.vaults, a vault ARN or "*", got "mian"',
      'backup-spec.yaml:11:87 backup.restoreTesting.nightly-rds.selections.all.resources: expected specific resources or ["*"], not both (API_RestoreTestingSelectionForCreate)',
    ],
  ],
  [
    'a lifecycle expiration before its last transition (current and noncurrent)',
    [
      'backup-spec.yaml:14:30 s3.buckets.mne-media-prod.lifecycle[0].expiration.days: expected more than 180 days (S3 expires current versions only after their last transition, transitions[1]: DEEP_ARCHIVE after 180 days), got 180',
      'backup-spec.yaml:17:57 s3.buckets.mne-media-prod.lifecycle[0].noncurrentVersionExpiration.noncurrentDays: expected more than 90 days (S3 expires noncurrent versions only after their last transition, noncurrentVersionTransitions[0]: GLACIER after 90 days), got 60',
    ],
  ],
  [
    'a metric-math alarm where two queries return data',
    [
      "backup-spec.yaml:12:9 cloudwatch.alarms.a1.metrics: expected exactly one query with returnData: true, the alarm's value (returnData defaults to true: write returnData: false on the others), got 2 (m1, e1)",
    ],
  ],
  [
    'an anomaly alarm whose band returns no data',
    [
      'backup-spec.yaml:13:78 cloudwatch.alarms.a1.metrics[1].returnData: expected true (the anomaly band the alarm compares with returns data), got false',
    ],
  ],
  [
    'an anomaly alarm whose threshold expression is no band, with a third query returning data',
    [
      'backup-spec.yaml:10:26 cloudwatch.alarms.a1.thresholdMetricId: expected the id of an ANOMALY_DETECTION_BAND expression, got "e1" (m1 * 2)',
      'backup-spec.yaml:12:9 cloudwatch.alarms.a1.metrics: expected exactly two queries with returnData: true, the metric and its anomaly band (write returnData: false on the others), got 3 (m1, e1, e2)',
    ],
  ],
  [
    'tags AWS refuses (key too long, reserved aws: prefix, value too long)',
    [
      `backup-spec.yaml:9:9 s3.buckets.mne-media-prod.tags.${'k'.repeat(129)}: expected a tag key of at most 128 characters, got 129 characters`,
      'backup-spec.yaml:10:9 s3.buckets.mne-media-prod.tags.AWS:createdBy: expected a tag key not starting with "aws:" (reserved for AWS), got "AWS:createdBy"',
      'backup-spec.yaml:11:16 s3.buckets.mne-media-prod.tags.owner: expected a tag value of at most 256 characters, got 257 characters',
      'backup-spec.yaml:16:14 sns.topics.alerts.tags.aws:team: expected a tag key not starting with "aws:" (reserved for AWS), got "aws:team"',
    ],
  ],
]);

describe('GIVEN a broken spec', () => {
  it('THEN the table holds at least 30 cases, each with its expected messages', () => {
    expect(BROKEN_SPECS.length).toBeGreaterThanOrEqual(30);
    for (const c of BROKEN_SPECS) expect(EXPECTED.has(c.name), c.name).toBe(true);
  });

  it.each(BROKEN_SPECS.map((c) => [c.name, c] as const))(
    'WHEN it has %s THEN --validate prints exactly the located errors and exits 1',
    async (name, c) => {
      const run = await validateText(c.text, c.env ?? {});
      expect(run.code).toBe(1);
      expect(run.stdout).toBe('');
      expect(run.stderr.trimEnd().split('\n')).toEqual(EXPECTED.get(name));
      expect(run.stderr).not.toMatch(/\n\s+at /);
    },
  );

  it.each(BROKEN_SPECS.map((c) => [c.name, c] as const))(
    'WHEN %s is parsed directly THEN parseSpec throws a SpecError with the same issues in position order',
    (name, c) => {
      let error: unknown;
      try {
        parseSpec(c.text, 'backup-spec.yaml', c.env ?? {});
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(SpecError);
      const issues = (error as SpecError).issues;
      expect(issues.length).toBe(EXPECTED.get(name)?.length);
      const positions = issues.map((i) => i.line * 10_000 + i.column);
      expect(positions).toEqual([...positions].sort((a, b) => a - b));
      expect((error as SpecError).exitCode).toBe(1);
    },
  );

  it('WHEN an https endpoint from ${env:HOOK} is wrong THEN its secret value appears nowhere in the output', async () => {
    const c = BROKEN_SPECS.find((s) => s.env?.HOOK);
    expect(c).toBeDefined();
    const run = await validateText(c?.text ?? '', c?.env ?? {});
    expect(run.stderr).toContain('subscriptions[0].endpoint');
    expect(run.stderr).not.toContain('s3cr3tT0ken');
    expect(run.stderr).not.toContain('hooks.example.com');
  });
});
