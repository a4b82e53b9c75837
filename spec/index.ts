/** The spec language: parse and validate `backup-spec.yaml` into a DesiredState. Pure. */
export { AWS_REGIONS, checkBucketName, checkScheduleExpression } from './aws-facts.js';
export { parseSpec } from './parse-spec.js';
export { type SpecInput, specSchema } from './schema/spec.js';
