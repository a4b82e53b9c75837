/**
 * Amazon Resource Names: the one place that builds and parses them (spec loader, lint, report
 * health, import, planner). Pure: no SDK, no fs, no process.
 *
 * General form `arn:partition:service:region:account-id:resource`, where some services leave the
 * region, the account or both empty (S3 buckets leave both, IAM the region): AWS IAM User Guide,
 * "IAM identifiers" > "ARNs" (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference-arns.html).
 * The resource part of each kind is the one in the Service Authorization Reference, "Resource types
 * defined by <service>" (https://docs.aws.amazon.com/service-authorization/latest/reference/).
 * The spec is for one account of the commercial partition (spec/aws-facts.ts): every ARN built here
 * is `arn:aws:...`; parsers accept any partition and report it, so callers decide.
 */

/** The partition of every ARN this tool builds (the commercial AWS Regions). */
export const PARTITION = 'aws';

/** The parts of an ARN. `region` and `account` are `''` where the service leaves them out. */
export interface ArnParts {
  readonly partition: string;
  readonly service: string;
  readonly region: string;
  readonly account: string;
  /** Everything after the fifth colon (may itself contain `:` and `/`). */
  readonly resource: string;
}

/** Splits an ARN into its parts; undefined when `text` is not an ARN. */
export function parseArn(text: string): ArnParts | undefined {
  const parts = text.split(':');
  if (parts.length < 6 || parts[0] !== 'arn') return undefined;
  const [, partition = '', service = '', region = '', account = ''] = parts;
  if (!/^aws(-[a-z-]+)?$/.test(partition) || service === '') return undefined;
  return { partition, service, region, account, resource: parts.slice(5).join(':') };
}

/** True for anything written as an ARN (`arn:...`), valid or not: spec references use this to tell ARNs from names. */
export function looksLikeArn(text: string): boolean {
  return text.startsWith('arn:');
}

/** The region of an ARN; undefined when it has none or `text` is not an ARN. */
export function regionOfArn(text: string): string | undefined {
  return parseArn(text)?.region || undefined;
}

/** True when `text` is an ARN of `service` (any partition). */
export function isArnOf(text: string, service: string): boolean {
  return parseArn(text)?.service === service;
}

// ------------------------------------------------------------------------------------------ build

/** `arn:aws:s3:::<bucket>`: bucket ARNs have neither region nor account. */
export function bucketArn(name: string): string {
  return `arn:${PARTITION}:s3:::${name}`;
}

/** `arn:aws:iam::<account>:role<path><name>`; `path` defaults to `/` as in CreateRole. */
export function roleArn(account: string, name: string, path = '/'): string {
  return `arn:${PARTITION}:iam::${account}:role${path}${name}`;
}

/** `arn:aws:iam::<account>:root`: how IAM stores a bare account-id principal. */
export function accountRootArn(account: string): string {
  return `arn:${PARTITION}:iam::${account}:root`;
}

/** `arn:aws:sns:<region>:<account>:<topic>`. */
export function topicArn(account: string, region: string, name: string): string {
  return `arn:${PARTITION}:sns:${region}:${account}:${name}`;
}

/** `arn:aws:backup:<region>:<account>:backup-vault:<vault>`. */
export function vaultArn(account: string, region: string, name: string): string {
  return `arn:${PARTITION}:backup:${region}:${account}:backup-vault:${name}`;
}

/** `arn:aws:rds:<region>:<account>:db:<instance id>`. */
export function dbInstanceArn(account: string, region: string, id: string): string {
  return `arn:${PARTITION}:rds:${region}:${account}:db:${id}`;
}

/** `arn:aws:cloudwatch:<region>:<account>:alarm:<alarm name>`. */
export function alarmArn(account: string, region: string, name: string): string {
  return `arn:${PARTITION}:cloudwatch:${region}:${account}:alarm:${name}`;
}

/**
 * `arn:aws:events:<region>:<account>:rule/<name>` on the default bus, `rule/<bus>/<name>` on another
 * (Service Authorization Reference, Amazon EventBridge, resource type `rule-on-custom-event-bus`).
 */
export function eventsRuleArn(account: string, region: string, name: string, bus = 'default'): string {
  return `arn:${PARTITION}:events:${region}:${account}:rule/${bus === 'default' ? '' : `${bus}/`}${name}`;
}

// ------------------------------------------------------------------------------------------ parse

/** `arn:aws:s3:::<name>` -> the bucket name (no object key); undefined for anything else. */
export function parseBucketArn(
  text: string,
): { readonly partition: string; readonly name: string } | undefined {
  const arn = parseArn(text);
  if (arn?.service !== 's3' || arn.region !== '' || arn.account !== '') return undefined;
  return /^[^/]+$/.test(arn.resource) ? { partition: arn.partition, name: arn.resource } : undefined;
}

/** A role ARN -> account, path (`/` or `/a/b/`) and name; undefined for anything else. */
export function parseRoleArn(
  text: string,
):
  | { readonly partition: string; readonly account: string; readonly path: string; readonly name: string }
  | undefined {
  const arn = parseArn(text);
  if (arn?.service !== 'iam' || arn.region !== '' || !/^\d{12}$/.test(arn.account)) return undefined;
  const m = /^role(\/(?:.*\/)?)([^/]+)$/.exec(arn.resource);
  return m
    ? { partition: arn.partition, account: arn.account, path: m[1] as string, name: m[2] as string }
    : undefined;
}

/** Region, account and name of a resource ARN `arn:<p>:<service>:<region>:<account>:<prefix><name>`. */
interface RegionalName {
  readonly partition: string;
  readonly region: string;
  readonly account: string;
  readonly name: string;
}

function parseRegional(
  text: string,
  service: string,
  prefix: string,
  name: RegExp,
): RegionalName | undefined {
  const arn = parseArn(text);
  if (!arn || arn.service !== service || !/^[a-z0-9-]+$/.test(arn.region) || !/^\d{12}$/.test(arn.account))
    return undefined;
  if (!arn.resource.startsWith(prefix)) return undefined;
  const rest = arn.resource.slice(prefix.length);
  return name.test(rest)
    ? { partition: arn.partition, region: arn.region, account: arn.account, name: rest }
    : undefined;
}

/**
 * An SNS topic ARN -> region, account and name. Topic names are letters, digits, `_` and `-`, a FIFO
 * topic's ending in `.fifo` (SNS API Reference, CreateTopic, `Name`).
 */
export function parseTopicArn(text: string): RegionalName | undefined {
  return parseRegional(text, 'sns', '', /^[\w-]{1,256}(\.fifo)?$/);
}

/** An AWS Backup vault ARN (`...:backup-vault:<name>`) -> region, account and name. */
export function parseVaultArn(text: string): RegionalName | undefined {
  return parseRegional(text, 'backup', 'backup-vault:', /^.+$/);
}

/** An RDS DB instance ARN (`...:db:<id>`) -> region, account and identifier. */
export function parseDbInstanceArn(text: string): RegionalName | undefined {
  return parseRegional(text, 'rds', 'db:', /^[^:]+$/);
}
