/**
 * `reconcile init [--out FILE]`: writes a small commented starter spec (default `backup-spec.yaml`)
 * that validates as written, with no lint finding (test/cli/init.test.ts runs `validate` on it). Never
 * overwrites a file; no AWS, no credentials.
 */
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { describeFileError, InputFileError, ReconcileError } from '../../errors.js';
import type { CommandContext } from '../context.js';
import { pathFromCwd, schemaRefFor } from '../paths.js';

/** Where `init` writes without `--out`: the file every other command reads by default. */
export const DEFAULT_INIT_FILE = 'backup-spec.yaml';

/**
 * The starter spec: one bucket with versioning, lifecycle and replication (and its replica), the
 * replication role, a backup vault and plan, a topic and an alarm. `schemaRef` is the JSON Schema path
 * for editors (first line).
 */
export function starterSpec(schemaRef: string): string {
  return `# yaml-language-server: $schema=${schemaRef}
#
# A starter backup spec, written by \`reconcile init\`. It declares one protected bucket, replicated
# to a second region, an AWS Backup vault and plan, an SNS topic and an alarm that watches the
# replication. Replace each CHANGE-ME, then:
#   reconcile validate    # check this file (no AWS access)
#   reconcile plan        # what would change in AWS (read-only; exit 2 = changes to make)
#   reconcile apply       # make AWS match (asks first; saves what it changes)
# Field reference: spec/README.md of backup-reconciler. Omitted fields are not managed.
version: 1
account: "123456789012" # CHANGE-ME: the one AWS account this spec may touch (12 digits, quoted)
defaultRegion: eu-west-1 # IAM and STS calls, and resources without a region
regions: [eu-west-1, eu-west-3] # primary and disaster-recovery regions

s3:
  buckets:
    # CHANGE-ME: bucket names are global; reconcile never creates or deletes buckets.
    example-app-data:
      region: eu-west-1
      versioning: Enabled # a deleted or overwritten object stays recoverable as a noncurrent version
      lifecycle:
        - id: noncurrent-version-retention
          noncurrentVersionExpiration:
            noncurrentDays: 35 # how far back a single file can be restored
          abortIncompleteMultipartUploadDays: 7 # parts of failed uploads are billed until removed
      replication:
        role: example-app-data-replication # the IAM role below
        rules:
          - id: dr-replica
            destination:
              bucket: example-app-data-replica
              storageClass: STANDARD_IA
            metrics: true # needed by the replication alarm below
            deleteMarkerReplication: false # deletions in the source do not hide objects in the replica

    # The replica, in the DR region: replication needs versioning on both sides.
    example-app-data-replica:
      region: eu-west-3
      versioning: Enabled
      lifecycle:
        - id: noncurrent-version-retention
          noncurrentVersionExpiration:
            noncurrentDays: 90

iam:
  roles:
    # The role S3 assumes to replicate: read the source's versions, write the replica.
    example-app-data-replication:
      trustPolicy:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Principal: {Service: s3.amazonaws.com}
            Action: sts:AssumeRole
      inlinePolicies:
        s3-replication:
          Version: "2012-10-17"
          Statement:
            - Sid: ReadSourceConfiguration
              Effect: Allow
              Action: [s3:GetReplicationConfiguration, s3:ListBucket]
              Resource: arn:aws:s3:::example-app-data
            - Sid: ReadSourceVersions
              Effect: Allow
              Action: [s3:GetObjectVersionForReplication, s3:GetObjectVersionAcl, s3:GetObjectVersionTagging]
              Resource: arn:aws:s3:::example-app-data/*
            - Sid: WriteReplicas
              Effect: Allow
              Action: [s3:ReplicateObject, s3:ReplicateDelete, s3:ReplicateTags]
              Resource: arn:aws:s3:::example-app-data-replica/*

backup:
  vaults:
    example-vault:
      region: eu-west-1
  plans:
    example-daily:
      region: eu-west-1
      rules:
        - name: daily-35-days
          vault: example-vault
          schedule: cron(0 3 * * ? *) # 03:00 UTC every day
          lifecycle:
            deleteAfterDays: 35 # without it, recovery points are kept (and billed) forever
      # Add \`selections:\` to choose what this plan backs up (RDS instances, buckets, tags); see spec/README.md.

sns:
  topics:
    example-backup-alerts:
      region: eu-west-1 # alarms notify topics of their own region only
      subscriptions:
        - protocol: email
          endpoint: backup-alerts@example.com # CHANGE-ME; AWS emails a confirmation link
        # A webhook URL is a secret: read it from the environment, it is never printed.
        # - protocol: https
        #   endpoint: \${env:BACKUP_ALERTS_WEBHOOK_URL}

cloudwatch:
  alarms:
    # S3 publishes OperationsFailedReplication in the SOURCE bucket's region, so this alarm lives there
    # (ReplicationLatency and the pending metrics: in the DESTINATION bucket's region).
    example-app-data-replication-failures:
      region: eu-west-1
      description: Objects of example-app-data failed to replicate
      metric:
        namespace: AWS/S3
        name: OperationsFailedReplication
        dimensions: {SourceBucket: example-app-data, DestinationBucket: example-app-data-replica, RuleId: dr-replica}
        period: 300
        statistic: Sum
      comparison: GreaterThanOrEqualToThreshold
      threshold: 1
      evaluationPeriods: 1
      treatMissingData: notBreaching # no failures reported = nothing to alert on
      alarmActions: [example-backup-alerts]
`;
}

function exists(out: string): ReconcileError {
  return new ReconcileError(
    'OUTPUT_EXISTS',
    `${out} already exists: init never overwrites a file. Choose another --out, or move it away first.`,
  );
}

export async function runInit(ctx: CommandContext): Promise<number> {
  const { options, io } = ctx;
  const out = options.out ?? DEFAULT_INIT_FILE;
  const path = pathFromCwd(io.cwd, out);
  // Checked first for a clear message, and again atomically by the write ('wx').
  if (existsSync(path)) throw exists(out);
  try {
    await writeFile(path, starterSpec(schemaRefFor(path)), { flag: 'wx' });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') throw exists(out);
    throw new InputFileError(`cannot write ${out}: ${describeFileError(e, 'write')}`);
  }
  const spec = out === DEFAULT_INIT_FILE ? '' : ` --spec ${out}`;
  io.stdout.write(
    `Wrote a starter spec to ${out}.\n` +
      `Next: replace each CHANGE-ME in it (the account first), then run: reconcile validate${spec}\n`,
  );
  return 0;
}
