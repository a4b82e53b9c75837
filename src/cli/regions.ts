/**
 * `--region` / `--regions` values, checked before anything talks to AWS: a typo such as `eu-west1`
 * would otherwise surface as a DNS error much later, or worse, as a valid request to the wrong place.
 *
 * The known regions are the one static list in `spec/aws-facts.ts` (the spec's `region:` fields use it
 * too). A region newer than that list is accepted with `--allow-unknown-region`, and then only when it
 * looks like a region code of the commercial `aws` partition, the only partition this tool builds ARNs
 * for (`arn:aws:...`).
 */
import { AWS_REGIONS } from '../../spec/aws-facts.js';
import { closestMatch } from '../../spec/suggest.js';
import { UsageError } from '../errors.js';

/**
 * The shape of a region code: a two-letter area, one or more words, a number (`eu-west-1`,
 * `ap-southeast-7`, `us-gov-west-1`). AWS General Reference, "AWS Regions" lists the codes:
 * https://docs.aws.amazon.com/global-infrastructure/latest/regions/aws-regions.html
 */
const REGION_SHAPE = /^[a-z]{2}(-[a-z]+)+-\d{1,2}$/;

/**
 * Region prefixes of the other partitions (aws-cn, aws-us-gov, the ISO partitions, the European
 * Sovereign Cloud), whose ARNs start `arn:aws-cn:`, `arn:aws-us-gov:`, ... — see "AWS Regions" above
 * and the ARN format in the IAM User Guide, "IAM identifiers"
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_identifiers.html#identifiers-arns).
 */
const OTHER_PARTITIONS: readonly (readonly [prefix: string, partition: string])[] = [
  ['cn-', 'aws-cn'],
  ['us-gov-', 'aws-us-gov'],
  ['us-iso-', 'aws-iso'],
  ['us-isob-', 'aws-iso-b'],
  ['us-isof-', 'aws-iso-f'],
  ['eu-isoe-', 'aws-iso-e'],
  ['eusc-', 'aws-eusc'],
];

/**
 * Throws a UsageError unless `value` (given as `flag`) is a known region of the `aws` partition, or,
 * with `allowUnknown`, at least shaped like one. The message suggests the closest known region.
 */
export function checkRegion(value: string, flag: string, allowUnknown: boolean): void {
  const known: readonly string[] = AWS_REGIONS;
  if (known.includes(value)) return;
  const other = OTHER_PARTITIONS.find(([prefix]) => value.startsWith(prefix));
  if (other)
    throw new UsageError(
      `${flag}: '${value}' is a region of the ${other[1]} partition; reconcile manages the commercial aws partition only (ARNs arn:aws:...)`,
    );
  if (allowUnknown && REGION_SHAPE.test(value)) return;
  const lower = value.toLowerCase();
  const suggestion =
    (known.includes(lower) ? lower : undefined) ??
    // `euwest1`, `eu-west1`, `eu_west_1`: compare without separators first, then by edit distance.
    known.find((r) => r.replace(/-/g, '') === lower.replace(/[-_\s]/g, '')) ??
    closestMatch(value, known);
  const hint = suggestion ? ` (did you mean "${suggestion}"?)` : ' (e.g. eu-west-1)';
  const newerHint = allowUnknown
    ? ''
    : '; for a region newer than this version of reconcile, add --allow-unknown-region';
  throw new UsageError(`${flag}: '${value}' is not an AWS region${hint}${newerHint}`);
}
