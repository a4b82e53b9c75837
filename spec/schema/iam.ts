/** IAM roles: path, description, trust policy, inline policies, managed policies. Pure. */
import { z } from 'zod';
import { expecting, policyDocument, resourceCommon, tags, text } from './common.js';

export const role = z
  .strictObject({
    path: text('an IAM path such as / or /service-role/')
      .optional()
      .meta({ description: 'IAM path (default /). Changing it replaces the role.' }),
    description: z.string(expecting('a string')).max(1000, expecting('at most 1000 characters')).optional(),
    trustPolicy: policyDocument
      .optional()
      .meta({ description: 'Who may assume the role (AssumeRolePolicyDocument).' }),
    inlinePolicies: z
      .record(z.string(), policyDocument)
      .optional()
      .meta({ description: 'Inline policies by name. Omit: unmanaged; {} = none.' }),
    managedPolicyArns: z
      .array(
        z
          .string(expecting('a managed policy ARN'))
          .regex(
            /^arn:aws:iam::(aws|\d{12}):policy\/.+$/,
            expecting('a managed policy ARN (arn:aws:iam::aws:policy/...)'),
          ),
      )
      .optional()
      .meta({ description: 'Attached managed policy ARNs. Omit: unmanaged; [] = none.' }),
    maxSessionDuration: z
      .int(expecting('seconds between 3600 and 43200'))
      .min(3600, expecting('seconds between 3600 and 43200'))
      .max(43200, expecting('seconds between 3600 and 43200'))
      .optional(),
    tags: tags.optional(),
    ...resourceCommon,
  })
  .meta({ description: 'An IAM role (the map key is its name).' });

export type RoleInput = z.infer<typeof role>;
