/** `drill`: how `reconcile drill` rehearses the recovery scenarios (issue 16). Pure. */
import { z } from 'zod';
import { expecting, positiveInt, region, text } from './common.js';

/** Where a drill may write: a bucket and a key prefix that hold nothing but drill copies. */
const sandbox = z
  .strictObject({
    bucket: text('the name of the sandbox bucket').meta({
      description:
        'The bucket restored objects are copied into. Never a bucket a recovery scenario protects; it must exist (the drill never creates it).',
    }),
    region: region.optional().meta({
      description: 'Its region (default: the region declared under s3.buckets, else defaultRegion).',
    }),
    prefix: text('a key prefix ending in "/"')
      .regex(/^[^/].*\/$/, expecting('a key prefix ending in "/" (and not starting with it)'))
      .default('reconcile-drill/')
      .meta({
        description:
          'Key prefix of drill copies (default reconcile-drill/); each run writes below <prefix><run id>/.',
      }),
  })
  .meta({ id: 'DrillSandbox', description: 'Where restored objects are written.' });

/** Which objects a drill samples. */
const samples = z
  .strictObject({
    count: positiveInt('a number of sample objects from 1 to 100', 100)
      .default(3)
      .meta({ description: 'Objects restored per bucket (default 3).' }),
    prefix: z
      .string(expecting('a key prefix'))
      .default('')
      .meta({ description: 'Only objects whose keys start with this (default: any).' }),
  })
  .meta({ id: 'DrillSamples', description: 'Which objects the S3 phase restores.' });

/** Per-scenario overrides. */
const drillScenario = z.strictObject({
  sandbox: sandbox.optional().meta({ description: 'Overrides drill.sandbox for this scenario.' }),
  samples: samples.optional().meta({ description: 'Overrides drill.samples for this scenario.' }),
});

/** The `drill` section. */
export const drill = z
  .strictObject({
    maxAgeDays: positiveInt('a number of days from 1 to 3650', 3650).default(90).meta({
      description: '--report warns when the last passed drill of a scenario is older (default 90).',
    }),
    rdsInstanceClass: text('a DB instance class such as db.t4g.micro')
      .regex(/^db\.[a-z0-9-]+\.[a-z0-9]+$/, expecting('a DB instance class such as db.t4g.micro'))
      .optional()
      .meta({
        description: 'Class of temporary restored instances (default: the smallest the engine allows).',
      }),
    sandbox: sandbox.optional(),
    samples: samples.optional(),
    scenarios: z
      .record(z.string(), drillScenario)
      .default({})
      .meta({ description: 'Overrides by recovery scenario name (recovery.scenarios).' }),
  })
  .meta({ description: 'Recovery drills (`reconcile drill`): sandbox, samples, freshness.' });

export type DrillInput = z.infer<typeof drill>;
