/**
 * The saved plan (`reconcile plan --out plan.json`, spec/plan-format.md) as a zod schema: what
 * `--apply plan.json` and `show plan.json` accept before they look at a plan at all (issue 12: a saved
 * plan is an input, not a trusted program). Published as spec/plan.schema.json (`npm run schema`;
 * test/spec/plan-schema.test.ts keeps it current). Pure.
 *
 * Objects are loose (unknown keys pass): the format only ever gains fields (plan-format.md), and apply
 * does not trust a saved plan's fields anyway, it requires the whole document to equal a fresh plan.
 * Open vocabularies that other work extends (reason codes, risk-note ids) are non-empty strings here.
 */
import { z } from 'zod';
import { ACTION_SYMBOLS, type Action } from '../src/model/plan.js';
import { parseAddress, RESOURCE_KINDS } from '../src/model/resource.js';

const ACTIONS = Object.keys(ACTION_SYMBOLS) as [Action, ...Action[]];

const risk = z.enum(['low', 'medium', 'high']);

const address = z.string().refine((a) => parseAddress(a) !== undefined, {
  message: 'expected a resource address: <kind>/<name> or <kind>/<region>/<name>',
});

const count = z.number().int().nonnegative();

const fieldDiff = z.looseObject({
  path: z.string().regex(/^(\/.*)?$/, 'expected a JSON pointer'),
  before: z.unknown().optional(),
  after: z.unknown().optional(),
  forcesReplacement: z.boolean(),
});

const statementRow = z.looseObject({
  change: z.enum(['+', '-', ' ']),
  effect: z.string(),
  actions: z.array(z.string()),
  resources: z.array(z.string()),
  principals: z.array(z.string()),
  conditions: z.array(z.string()),
});

const policyDiff = z.looseObject({
  path: z.string(),
  statements: z.array(statementRow),
  unchangedStatements: count,
  broadened: z.array(z.string()),
  narrowed: z.array(z.string()),
});

const change = z
  .looseObject({
    address,
    kind: z.enum(RESOURCE_KINDS),
    name: z.string().min(1),
    region: z.string().min(1).nullable(),
    action: z.enum(ACTIONS),
    reason: z.string(),
    reasonCode: z.string().min(1),
    risk,
    driftSeverity: risk,
    riskNotes: z.array(z.string()),
    riskDetails: z.array(z.looseObject({ id: z.string().min(1), risk, text: z.string() })),
    dependsOn: z.array(address),
    fieldDiffs: z.array(fieldDiff),
    policyDiffs: z.array(policyDiff).optional(),
    before: z.unknown().optional(),
    after: z.unknown().optional(),
  })
  .superRefine((c, ctx) => {
    // The address is the identity the executor acts on: kind, name and region must be its parts.
    const parsed = parseAddress(c.address);
    if (!parsed) return;
    if (c.kind !== parsed.kind)
      ctx.addIssue({
        code: 'custom',
        path: ['kind'],
        message: `must be ${parsed.kind}, the kind in the address`,
      });
    if (c.name !== parsed.name)
      ctx.addIssue({
        code: 'custom',
        path: ['name'],
        message: `must be ${parsed.name}, the name in the address`,
      });
    if (c.region !== parsed.region)
      ctx.addIssue({
        code: 'custom',
        path: ['region'],
        message: `must be ${JSON.stringify(parsed.region)}, the region in the address`,
      });
  });

/** A saved plan, `formatVersion: 1`. */
export const planSchema = z.looseObject({
  formatVersion: z.literal(1),
  account: z.string().regex(/^\d{12}$/, 'expected a 12-digit AWS account id'),
  createdAt: z.string().min(1),
  complete: z.boolean(),
  summary: z.looseObject({
    create: count,
    update: count,
    replace: count,
    delete: count,
    blocked: count,
    noop: count,
    unchecked: count,
  }),
  changes: z.array(change),
  unchecked: z.array(z.looseObject({ address, reason: z.string() })),
  layers: z.array(z.array(address)),
  liveFingerprint: z.string().regex(/^[0-9a-f]{64}$/, 'expected 64 hex digits (sha256)'),
});

/** The saved plan's JSON Schema (what `spec/plan.schema.json` must contain). */
export function renderPlanJsonSchema(): string {
  const schema = z.toJSONSchema(planSchema, { io: 'input', target: 'draft-7', unrepresentable: 'any' });
  return `${JSON.stringify(
    {
      ...schema,
      title: 'backup-reconciler saved plan (formatVersion 1)',
      description:
        'What `reconcile plan --out FILE` writes and `reconcile --apply FILE` accepts; field by field in spec/plan-format.md. Generated from spec/plan-schema.ts by `npm run schema`.',
    },
    null,
    2,
  )}\n`;
}
