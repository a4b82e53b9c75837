/**
 * Building blocks shared by every area's schema. Messages are phrased `expected <what>`; the
 * loader appends `, got <value>` and any "did you mean" suggestion. Pure.
 */
import { z } from 'zod';
import { AWS_REGIONS, checkTagKey, checkTagValue } from '../aws-facts.js';

/** Schema option giving the `expected ...` phrase used for every issue of that schema. */
export function expecting(what: string): { readonly error: string } {
  return { error: `expected ${what}` };
}

/** The largest value of AWS's Integer fields (days, periods, counts): larger ones fail at apply. */
export const INT32_MAX = 2_147_483_647;

/** An integer at most `max`; a larger one (or one past 2^53) is reported as too big. */
function boundedInt(what: string, max: number) {
  const tooBig = `expected ${what} of at most ${max}`;
  return z
    .int({ error: (iss) => (iss.code === 'too_big' ? tooBig : `expected ${what}`) })
    .max(max, { error: tooBig });
}

/** A positive integer (1, 2, ...), at most `max` (default: AWS's Integer maximum). */
export function positiveInt(what = 'a positive integer', max = INT32_MAX) {
  return boundedInt(what, max).positive(expecting(what));
}

/** An integer >= 0, at most `max` (default: AWS's Integer maximum). */
export function nonNegativeInt(what = 'an integer >= 0', max = INT32_MAX) {
  return boundedInt(what, max).nonnegative(expecting(what));
}

/** A non-empty string. */
export function text(what = 'a non-empty string') {
  return z.string(expecting(what)).min(1, expecting(what));
}

/** true / false. */
export const flag = z.boolean(expecting('true or false'));

/** A region of the `aws` partition. */
export const region = z
  .enum(AWS_REGIONS, expecting('an AWS region such as eu-west-1'))
  .meta({ id: 'Region', description: 'AWS region, e.g. eu-west-1.' });

/**
 * Tags as a plain mapping of strings, with AWS's tag limits (key 1-128 characters, value <= 256, no
 * `aws:` key prefix: `checkTagKey`, spec/aws-facts.ts), each problem located at its key or value.
 */
export const tags = z
  .record(z.string(), z.string(expecting('a string tag value')))
  .superRefine((map, ctx) => {
    for (const [key, value] of Object.entries(map)) {
      const badKey = checkTagKey(key);
      if (badKey) ctx.addIssue({ code: 'custom', path: [key], message: badKey, params: { atKey: true } });
      const badValue = typeof value === 'string' ? checkTagValue(value) : undefined;
      if (badValue) ctx.addIssue({ code: 'custom', path: [key], message: badValue });
    }
  })
  .meta({ id: 'Tags', description: 'Tags: key -> value. Omit to leave tags unmanaged; {} means "no tags".' });

/** Lint settings of one resource. */
export const lintSettings = z
  .strictObject({
    ignore: z
      .record(z.string(), text('a written reason for silencing the rule'))
      .meta({ description: 'Lint rule id -> the written reason it does not apply here.' }),
  })
  .meta({ id: 'LintSettings', description: 'Lint settings for this resource.' });

/** `ensure` and `lint`, which every resource may carry. */
export const resourceCommon = {
  ensure: z
    .enum(['present', 'absent'])
    .optional()
    .meta({ description: 'present (default) or absent (delete it; never honoured for S3 buckets).' }),
  lint: lintSettings.optional(),
};

/** `name` override for regional resources whose map key is a label (same name in two regions). */
export const nameOverride = {
  name: text('the AWS name of the resource')
    .optional()
    .meta({ description: 'The AWS name, when it differs from the map key (the key is then only a label).' }),
};

/**
 * An IAM-style policy document written as YAML (IAM trust and inline policies, SNS topic policies).
 * Keys are AWS's own policy language (Effect, Action, ...).
 */
const stringOrList = z.union(
  [text('a string'), z.array(text('a string')).min(1, expecting('a non-empty list'))],
  {
    error: (iss) => (iss.code === 'invalid_union' ? 'expected a string or a list of strings' : undefined),
  },
);

const conditionValue = z.union(
  [z.string(), z.number(), z.boolean(), z.array(z.union([z.string(), z.number(), z.boolean()]))],
  {
    error: (iss) =>
      iss.code === 'invalid_union' ? 'expected a string, number, boolean or a list of them' : undefined,
  },
);

export const policyStatement = z.strictObject({
  Sid: z.string(expecting('a string')).optional(),
  Effect: z.enum(['Allow', 'Deny']),
  Principal: z
    .union([z.literal('*'), z.record(z.string(), stringOrList)], {
      error: (iss) =>
        iss.code === 'invalid_union'
          ? 'expected "*" or a mapping such as {Service: events.amazonaws.com}'
          : undefined,
    })
    .optional(),
  NotPrincipal: z.record(z.string(), stringOrList).optional(),
  Action: stringOrList.optional(),
  NotAction: stringOrList.optional(),
  Resource: stringOrList.optional(),
  NotResource: stringOrList.optional(),
  Condition: z.record(z.string(), z.record(z.string(), conditionValue)).optional(),
});

/** A policy document (Statement is a list). */
export const policyDocument = z
  .strictObject({
    Version: z.enum(['2012-10-17', '2008-10-17']).optional(),
    Id: z.string(expecting('a string')).optional(),
    Statement: z.array(policyStatement).min(1, expecting('at least one statement')),
  })
  .meta({
    id: 'PolicyDocument',
    description: 'IAM policy document written as YAML (Version, Statement: [...]).',
  });

export type PolicyDocumentInput = z.infer<typeof policyDocument>;
