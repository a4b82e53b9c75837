/**
 * Broken specs for the table-driven test: each is a whole file (the header below plus a body), so
 * line:column positions in the expected messages can be read off the text.
 */

/** Lines 1-3 of every case that has the usual header. */
export const HEADER = 'version: 1\naccount: "828879644785"\ndefaultRegion: eu-west-1\n';

/** A bucket declaration body used by several cases (lines 4-7 after the header). */
const BUCKET = 's3:\n  buckets:\n    mne-media-prod:\n      region: eu-west-1\n';

export interface BrokenSpec {
  readonly name: string;
  readonly text: string | Uint8Array;
  readonly env?: Readonly<Record<string, string>>;
  /**
   * Why the JSON Schema (editors) cannot tell this spec is broken: a check across fields or inside
   * mapping keys that only the zod refinements make. Such cases are accepted by ajv, refused by zod.
   */
  readonly beyondJsonSchema?: string;
}

export const BROKEN_SPECS: readonly BrokenSpec[] = [
  { name: 'a YAML syntax error', text: `${HEADER}s3: {buckets: [unclosed\n` },
  { name: 'an empty file', text: '' },
  { name: 'a file holding only comments', text: '# nothing declared yet\n' },
  { name: 'a duplicate key', text: `${BUCKET}      region: eu-west-3\n`.replace(/^/, HEADER) },
  {
    name: 'bytes that are not UTF-8',
    text: new Uint8Array([...new TextEncoder().encode(`${HEADER}# caf`), 0xe9, 0x0a]),
  },
  { name: 'a list instead of a mapping at the top', text: '- version: 1\n' },
  { name: 'missing version and account', text: 'defaultRegion: eu-west-1\n' },
  { name: 'an unsupported version', text: 'version: 2\naccount: "828879644785"\ndefaultRegion: eu-west-1\n' },
  { name: 'an unquoted account id', text: 'version: 1\naccount: 828879644785\ndefaultRegion: eu-west-1\n' },
  { name: 'an 11-digit account id', text: 'version: 1\naccount: "82887964478"\ndefaultRegion: eu-west-1\n' },
  {
    name: 'a misspelt top-level key',
    text: 'version: 1\naccount: "828879644785"\ndefaultRegon: eu-west-1\n',
  },
  { name: 'a misspelt bucket key', text: `${HEADER}${BUCKET}      versoning: Enabled\n` },
  {
    name: 'a misspelt region',
    text: `${HEADER}s3:\n  buckets:\n    mne-media-prod:\n      region: eu-wset-1\n`,
  },
  { name: 'a wrongly cased enum value', text: `${HEADER}${BUCKET}      versioning: enabled\n` },
  {
    name: 'a negative noncurrentDays',
    text: `${HEADER}${BUCKET}      versioning: Enabled\n      lifecycle:\n        - id: old-versions\n          noncurrentVersionExpiration:\n            noncurrentDays: -5\n`,
  },
  {
    name: 'a lifecycle rule without actions',
    text: `${HEADER}${BUCKET}      lifecycle:\n        - id: nothing\n`,
  },
  {
    name: 'an invalid bucket name',
    text: `${HEADER}s3:\n  buckets:\n    Mne_Media:\n      region: eu-west-1\n`,
  },
  {
    name: 'a bucket name like an IP address',
    text: `${HEADER}s3:\n  buckets:\n    192.168.1.10:\n      region: eu-west-1\n`,
  },
  {
    name: 'a missing required key',
    text: `${HEADER}s3:\n  buckets:\n    mne-media-prod:\n      versioning: Enabled\n`,
  },
  {
    name: 'replication without versioning on either side',
    text: `${HEADER}${BUCKET}      replication:\n        role: crr\n        rules:\n          - id: r1\n            destination: {bucket: mne-media-replica}\n    mne-media-replica:\n      region: eu-west-3\n      versioning: Suspended\niam:\n  roles:\n    crr: {}\n`,
  },
  {
    name: 'dangling role and destination references',
    text: `${HEADER}${BUCKET}      versioning: Enabled\n      replication:\n        role: s3crr-role\n        rules:\n          - id: r1\n            destination: {bucket: mne-media-replika}\n    mne-media-replica:\n      region: eu-west-3\n      versioning: Enabled\niam:\n  roles:\n    s3crr_role: {}\n`,
  },
  {
    name: 'replication time control without metrics',
    text: `${HEADER}${BUCKET}      versioning: Enabled\n      replication:\n        role: arn:aws:iam::828879644785:role/crr\n        rules:\n          - id: r1\n            destination: {bucket: "arn:aws:s3:::elsewhere"}\n            replicationTime: true\n`,
  },
  {
    name: 'SSE-KMS replication without a replica key',
    text: `${HEADER}${BUCKET}      versioning: Enabled\n      replication:\n        role: arn:aws:iam::828879644785:role/crr\n        rules:\n          - id: r1\n            destination: {bucket: "arn:aws:s3:::elsewhere"}\n            sourceSelectionCriteria: {sseKmsEncryptedObjects: true}\n`,
  },
  {
    name: 'Object Lock without versioning',
    text: `${HEADER}${BUCKET}      objectLock:\n        defaultRetention: {mode: GOVERNANCE, days: 180}\n`,
  },
  {
    name: 'a malformed RDS backup window',
    text: `${HEADER}rds:\n  instances:\n    db1:\n      region: eu-west-1\n      preferredBackupWindow: "2:00-3:00"\n`,
  },
  {
    name: 'an RDS backup window shorter than 30 minutes',
    text: `${HEADER}rds:\n  instances:\n    db1:\n      region: eu-west-1\n      preferredBackupWindow: "23:50-00:05"\n`,
  },
  {
    name: 'an RDS retention over 35 days',
    text: `${HEADER}rds:\n  instances:\n    db1:\n      region: eu-west-1\n      backupRetentionDays: 36\n`,
  },
  {
    name: 'a cron with five fields',
    text: `${HEADER}backup:\n  vaults:\n    v1: {region: eu-west-1}\n  plans:\n    p1:\n      region: eu-west-1\n      rules:\n        - {name: r1, vault: v1, schedule: "cron(0 */6 * * *)"}\n`,
  },
  {
    name: 'a cron without "?" in a day field',
    text: `${HEADER}backup:\n  vaults:\n    v1: {region: eu-west-1}\n  plans:\n    p1:\n      region: eu-west-1\n      rules:\n        - {name: r1, vault: v1, schedule: "cron(0 */6 * * * *)"}\n`,
  },
  {
    name: 'a rate with a plural unit for 1',
    text: `${HEADER}backup:\n  vaults:\n    v1: {region: eu-west-1}\n  plans:\n    p1:\n      region: eu-west-1\n      rules:\n        - {name: r1, vault: v1, schedule: "rate(1 hours)"}\n`,
  },
  {
    name: 'continuous backup kept longer than 35 days',
    text: `${HEADER}backup:\n  vaults:\n    v1: {region: eu-west-1}\n  plans:\n    p1:\n      region: eu-west-1\n      rules:\n        - name: pitr\n          vault: v1\n          schedule: cron(0 5 ? * * *)\n          continuousBackup: true\n          lifecycle: {deleteAfterDays: 36}\n`,
  },
  {
    name: 'deletion sooner than 90 days after cold storage',
    text: `${HEADER}backup:\n  vaults:\n    v1: {region: eu-west-1}\n    dr: {region: eu-west-3}\n  plans:\n    p1:\n      region: eu-west-1\n      rules:\n        - name: r1\n          vault: v1\n          schedule: cron(0 5 ? * * *)\n          lifecycle: {moveToColdStorageAfterDays: 30, deleteAfterDays: 100}\n          copyTo:\n            - vault: dr\n              lifecycle: {moveToColdStorageAfterDays: 10, deleteAfterDays: 99}\n`,
  },
  {
    name: 'a rule targeting a vault of another region and a dangling copy vault',
    text: `${HEADER}backup:\n  vaults:\n    dr: {region: eu-west-3}\n  plans:\n    p1:\n      region: eu-west-1\n      rules:\n        - name: r1\n          vault: dr\n          schedule: cron(0 5 ? * * *)\n          copyTo: [{vault: dr-vualt}]\n`,
  },
  {
    name: 'a selection resource with a misspelt key',
    text: `${HEADER}backup:\n  plans:\n    p1:\n      region: eu-west-1\n      selections:\n        s1:\n          role: arn:aws:iam::828879644785:role/backup\n          resources:\n            - rdsInstanc: db1\n`,
  },
  {
    name: 'a selection naming an undeclared role and DB instance',
    text: `${HEADER}backup:\n  plans:\n    p1:\n      region: eu-west-1\n      selections:\n        s1:\n          role: AWSBackupDefaultServiceRol\n          resources:\n            - rdsInstance: db1\niam:\n  roles:\n    AWSBackupDefaultServiceRole: {path: /service-role/}\n`,
  },
  {
    name: 'an alarm with both metric and metrics and a bad period',
    text: `${HEADER}cloudwatch:\n  alarms:\n    a1:\n      region: eu-west-1\n      comparison: GreaterThanThreshold\n      threshold: 1\n      evaluationPeriods: 1\n      metric: {namespace: AWS/S3, name: X, period: 45, statistic: Sum}\n      metrics: [{id: m1, metric: {namespace: AWS/S3, name: X, period: 60, statistic: Sum}}]\n`,
  },
  {
    name: 'an anomaly alarm whose thresholdMetricId names no expression',
    text: `${HEADER}cloudwatch:\n  alarms:\n    a1:\n      region: eu-west-1\n      comparison: LessThanLowerThreshold\n      evaluationPeriods: 1\n      thresholdMetricId: band\n      metrics:\n        - {id: m1, metric: {namespace: AWS/S3, name: NumberOfObjects, period: 86400, statistic: Average}}\n        - {id: ad1, expression: "ANOMALY_DETECTION_BAND(m1, 2)"}\n`,
  },
  {
    name: 'an alarm notifying a topic in another region',
    text: `${HEADER}sns:\n  topics:\n    alerts: {region: eu-west-1}\ncloudwatch:\n  alarms:\n    a1:\n      region: eu-north-1\n      comparison: GreaterThanThreshold\n      threshold: 900\n      evaluationPeriods: 2\n      metric: {namespace: AWS/S3, name: ReplicationLatency, period: 300, statistic: Maximum}\n      alarmActions: [alerts]\n`,
  },
  {
    name: 'a misspelt comparison operator',
    text: `${HEADER}cloudwatch:\n  alarms:\n    a1:\n      region: eu-west-1\n      comparison: GreaterThanTreshold\n      evaluationPeriods: 1\n      metric: {namespace: AWS/S3, name: X, period: 60, statistic: Sum}\n`,
  },
  {
    name: 'an event rule with a scalar pattern value and a dangling topic',
    text: `${HEADER}events:\n  rules:\n    r1:\n      region: eu-west-1\n      eventPattern:\n        source: aws.backup\n      targets:\n        - {id: "1", topic: mnemonica-alerts}\n`,
  },
  {
    name: 'an https subscription that is not an https URL (the secret is not echoed)',
    text: `${HEADER}sns:\n  topics:\n    alerts:\n      region: eu-west-1\n      subscriptions:\n        - protocol: https\n          endpoint: \${env:HOOK}\n`,
    env: { HOOK: 'hooks.example.com/services/T000/B000/s3cr3tT0ken' },
  },
  {
    name: 'two vault labels naming one vault in one region',
    text: `${HEADER}backup:\n  vaults:\n    main: {region: eu-west-1}\n    again: {name: main, region: eu-west-1}\n`,
  },
  {
    name: 'a resource outside the declared regions',
    text: `${HEADER}regions: [eu-west-1]\nrds:\n  instances:\n    db1: {region: eu-west-3}\n`,
  },
  {
    name: 'a policy statement with a misspelt key and a lowercase Effect',
    text: `${HEADER}iam:\n  roles:\n    app:\n      inlinePolicies:\n        p1:\n          Statement:\n            - Effect: allow\n              Actions: s3:GetObject\n`,
  },
  {
    name: 'an IAM path without slashes and a statement without Action',
    text: `${HEADER}iam:\n  roles:\n    app:\n      path: service-role\n      inlinePolicies:\n        p1:\n          Statement:\n            - Effect: Allow\n              Resource: "*"\n`,
  },
  {
    name: 'an alarm on a static threshold without a threshold',
    text: `${HEADER}cloudwatch:\n  alarms:\n    a1:\n      region: eu-west-1\n      comparison: GreaterThanThreshold\n      evaluationPeriods: 1\n      metric: {namespace: AWS/S3, name: X, period: 60, statistic: Sum}\n`,
  },
  {
    name: 'a recovery objective that is not a duration',
    text: `${HEADER}recovery:\n  scenarios:\n    lost-file:\n      rpo: 6 hours\n      rto: 48h\n`,
  },
  {
    name: 'recovery references to undeclared resources',
    text: `${HEADER}${BUCKET}recovery:\n  scenarios:\n    lost-file:\n      rpo: 6h\n      rto: 48h\n      resources:\n        - bucket: mne-media-prd\n        - s3.bucket/nope\n        - {bucket: mne-media-prod, vault: v1}\n`,
  },
  {
    name: 'a schema error and a dangling reference elsewhere, reported together',
    text: `${HEADER}sns:\n  topics:\n    alerts:\n      region: eu-west-1\n      displayName: 42\nevents:\n  rules:\n    r1:\n      region: eu-west-1\n      scheduleExpression: rate(5 minutes)\n      targets: [{id: "1", topic: alerts}, {id: "2", topic: alert}]\n`,
  },
  {
    name: 'buckets are never deleted',
    text: `${HEADER}${BUCKET}      ensure: absent\n`,
  },
  // QA round: nasty specs an SRE writes by mistake (wrong types, YAML pitfalls, encodings).
  { name: 'tags written as a list', text: `${HEADER}${BUCKET}      tags:\n        - env: prod\n` },
  {
    name: 'a principal written as a plain string',
    text: `${HEADER}iam:\n  roles:\n    app:\n      trustPolicy:\n        Statement:\n          - Effect: Allow\n            Principal: s3.amazonaws.com\n            Action: sts:AssumeRole\n`,
  },
  {
    name: 'an unquoted account id with a leading zero',
    text: 'version: 1\naccount: 012345678901\ndefaultRegion: eu-west-1\n',
  },
  { name: 'two YAML documents', text: `${HEADER}---\n${HEADER}` },
  {
    name: 'an alias to an anchor never defined',
    text: `${HEADER}s3:\n  buckets:\n    mne-media-prod: *bucket\n`,
  },
  {
    name: 'a merge key (<<) whose bucket also has a misspelt key',
    text: `${HEADER}s3:\n  buckets:\n    mne-media-prod: &bucket\n      region: eu-west-1\n      versioning: Enabled\n    mne-media-replica:\n      <<: *bucket\n      region: eu-west-3\n      versoning: Enabled\n`,
  },
  {
    name: 'an email endpoint from ${env:} that is not an address (the value is not echoed)',
    text: `${HEADER}sns:\n  topics:\n    alerts:\n      region: eu-west-1\n      subscriptions:\n        - protocol: email\n          endpoint: \${env:ONCALL}\n`,
    env: { ONCALL: 'oncall-s3cr3t-pager-key' },
  },
  {
    name: '${env:} written outside a subscription endpoint',
    text: `${HEADER}sns:\n  topics:\n    alerts:\n      region: eu-west-1\n      displayName: \${env:TOPIC_DISPLAY}\n`,
  },
  {
    name: 'a policy written as a JSON string',
    text: `${HEADER}iam:\n  roles:\n    app:\n      trustPolicy: '{"Version": "2012-10-17", "Statement": []}'\n`,
  },
  {
    name: 'no space after a colon',
    text: `${HEADER}s3:\n  buckets:\n    mne-media-prod:\n      region:eu-west-1\n`,
  },
  {
    name: 'an expiration date that does not exist',
    text: `${HEADER}${BUCKET}      lifecycle:\n        - id: x\n          expiration: {date: 2025-02-30}\n`,
  },
  {
    name: 'numbers too large for AWS',
    text: `${HEADER}${BUCKET}      lifecycle:\n        - id: x\n          expiration: {days: 99999999999}\n          abortIncompleteMultipartUploadDays: 99999999999999999999999\n`,
  },
  {
    name: "a copy action into the rule's own vault",
    text: `${HEADER}backup:\n  vaults:\n    v1: {region: eu-west-1}\n  plans:\n    p1:\n      region: eu-west-1\n      rules:\n        - name: r1\n          vault: v1\n          schedule: cron(0 5 ? * * *)\n          copyTo: [{vault: v1}]\n`,
  },
  {
    name: 'an empty replication rule list',
    text: `${HEADER}${BUCKET}      versioning: Enabled\n      replication: {role: arn:aws:iam::828879644785:role/crr, rules: []}\n`,
  },
  // Representative cases that already behaved well.
  {
    name: 'CRLF line endings',
    text: `${HEADER}${BUCKET}      versioning: enabled\n`.replace(/\n/g, '\r\n'),
  },
  {
    name: 'a UTF-8 byte order mark',
    text: new Uint8Array([
      0xef,
      0xbb,
      0xbf,
      ...new TextEncoder().encode(`${HEADER}${BUCKET}      versioning: on\n`),
    ]),
  },
  { name: 'tabs as indentation', text: `${HEADER}s3:\n\tbuckets: {}\n` },
  {
    name: 'yes as a boolean (YAML 1.2: a string)',
    text: `${HEADER}rds:\n  instances:\n    db1: {region: eu-west-1, copyTagsToSnapshot: yes}\n`,
  },
  { name: 'an uppercase region', text: 'version: 1\naccount: "828879644785"\ndefaultRegion: EU-WEST-1\n' },
  {
    name: 'a cron with both day fields set',
    text: `${HEADER}events:\n  rules:\n    r1:\n      region: eu-west-1\n      scheduleExpression: cron(0 5 1 * MON *)\n`,
  },
  {
    name: 'an anomaly alarm whose thresholdMetricId names a metric, not an expression',
    text: `${HEADER}cloudwatch:\n  alarms:\n    a1:\n      region: eu-west-1\n      comparison: LessThanLowerThreshold\n      evaluationPeriods: 1\n      thresholdMetricId: m1\n      metrics:\n        - {id: m1, metric: {namespace: AWS/S3, name: NumberOfObjects, period: 86400, statistic: Average}}\n        - {id: ad1, expression: "ANOMALY_DETECTION_BAND(m1, 2)"}\n`,
  },
  {
    name: 'two alarms with one name in one region',
    text: `${HEADER}cloudwatch:\n  alarms:\n    a1: &alarm\n      name: lag\n      region: eu-west-1\n      comparison: GreaterThanThreshold\n      threshold: 900\n      evaluationPeriods: 1\n      metric: {namespace: AWS/S3, name: ReplicationLatency, period: 60, statistic: Maximum}\n    a2: *alarm\n    a3:\n      <<: *alarm\n      region: eu-west-3\n`,
  },
  {
    name: 'a policy Statement written as a mapping',
    text: `${HEADER}iam:\n  roles:\n    app:\n      inlinePolicies:\n        p1:\n          Statement:\n            Effect: Allow\n            Action: s3:GetObject\n            Resource: "*"\n`,
  },
  {
    name: 'ensure: absnt',
    text: `${HEADER}rds:\n  instances:\n    db1:\n      region: eu-west-1\n      ensure: absnt\n`,
  },
  {
    name: 'a lint silence without a reason',
    text: `${HEADER}rds:\n  instances:\n    db1:\n      region: eu-west-1\n      lint:\n        ignore:\n          rds-backup-window-too-short:\n`,
  },
  {
    name: 'a drill sandbox that a scenario protects, an unknown scenario and a bad bucket name',
    text: `${HEADER}${BUCKET}recovery:\n  scenarios:\n    lost-file:\n      rpo: 6h\n      rto: 48h\n      resources: [{bucket: mne-media-prod}]\ndrill:\n  sandbox: {bucket: mne-media-prod}\n  scenarios:\n    lost-files: {}\n    lost-file:\n      sandbox: {bucket: Drills}\n`,
  },
  {
    name: 'a drill without a sandbox for a scenario that restores objects',
    text: `${HEADER}${BUCKET}recovery:\n  scenarios:\n    lost-file:\n      rpo: 6h\n      rto: 48h\n      resources: [{bucket: mne-media-prod}]\ndrill:\n  maxAgeDays: 30\n`,
  },
  {
    name: 'a drill with a zero maxAgeDays and a prefix starting with a slash',
    text: `${HEADER}drill:\n  maxAgeDays: 0\n  sandbox: {bucket: drills, prefix: /x}\n`,
  },
  {
    name: 'a restore testing plan with a hyphenated name, a dangling vault and a wildcard mixed with ARNs',
    text: `${HEADER}backup:\n  restoreTesting:\n    nightly-rds:\n      region: eu-west-1\n      schedule: cron(0 5 * * * *)\n      recoveryPoints: {vaults: [mian], types: [SNAPSHOT]}\n      selections:\n        all: {role: "arn:aws:iam::828879644785:role/r", resourceType: RDS, resources: ["*", "arn:aws:rds:eu-west-1:828879644785:db:x"]}\n`,
  },
  {
    name: 'a lifecycle expiration before its last transition (current and noncurrent)',
    beyondJsonSchema: 'compares days across actions',
    text: `${HEADER}${BUCKET}      versioning: Enabled\n      lifecycle:\n        - id: archive\n          transitions:\n            - {days: 30, storageClass: STANDARD_IA}\n            - {days: 180, storageClass: DEEP_ARCHIVE}\n          expiration: {days: 180}\n          noncurrentVersionTransitions:\n            - {noncurrentDays: 90, storageClass: GLACIER}\n          noncurrentVersionExpiration: {noncurrentDays: 60}\n`,
  },
  {
    name: 'a metric-math alarm where two queries return data',
    beyondJsonSchema: 'counts returnData across queries',
    text: `${HEADER}cloudwatch:\n  alarms:\n    a1:\n      region: eu-west-1\n      comparison: GreaterThanThreshold\n      threshold: 1\n      evaluationPeriods: 1\n      metrics:\n        - {id: m1, metric: {namespace: AWS/S3, name: OperationsFailedReplication, period: 300, statistic: Sum}}\n        - {id: e1, expression: "m1 * 2"}\n`,
  },
  {
    name: 'an anomaly alarm whose band returns no data',
    beyondJsonSchema: 'follows thresholdMetricId to a query',
    text: `${HEADER}cloudwatch:\n  alarms:\n    a1:\n      region: eu-west-1\n      comparison: LessThanLowerThreshold\n      evaluationPeriods: 1\n      thresholdMetricId: ad1\n      metrics:\n        - {id: m1, metric: {namespace: AWS/S3, name: NumberOfObjects, period: 86400, statistic: Average}}\n        - {id: ad1, expression: "ANOMALY_DETECTION_BAND(m1, 2)", returnData: false}\n`,
  },
  {
    name: 'an anomaly alarm whose threshold expression is no band, with a third query returning data',
    beyondJsonSchema: 'follows thresholdMetricId to a query',
    text: `${HEADER}cloudwatch:\n  alarms:\n    a1:\n      region: eu-west-1\n      comparison: LessThanLowerThreshold\n      evaluationPeriods: 1\n      thresholdMetricId: e1\n      metrics:\n        - {id: m1, metric: {namespace: AWS/S3, name: NumberOfObjects, period: 86400, statistic: Average}}\n        - {id: e1, expression: "m1 * 2"}\n        - {id: e2, expression: "m1 / 2"}\n`,
  },
  {
    name: 'tags AWS refuses (key too long, reserved aws: prefix, value too long)',
    beyondJsonSchema: 'tag limits are refinements (located at each key), not JSON Schema keywords',
    text: `${HEADER}${BUCKET}      tags:\n        ${'k'.repeat(129)}: x\n        AWS:createdBy: me\n        owner: ${'v'.repeat(257)}\nsns:\n  topics:\n    alerts:\n      region: eu-west-1\n      tags: {aws:team: sre}\n`,
  },
];
