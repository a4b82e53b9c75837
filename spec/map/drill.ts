/**
 * `drill` -> DrillSettings: defaults resolved per recovery scenario, and the checks that keep a drill
 * away from production (the sandbox is never a bucket a scenario protects). Pure.
 */
import type { DrillSandbox, DrillSettings, RecoveryScenario } from '../../src/model/state.js';
import { checkBucketName } from '../aws-facts.js';
import { expected, type SpecPath } from '../issues.js';
import type { DrillInput } from '../schema/drill.js';
import { dangling, type MapContext } from './context.js';

type SandboxInput = NonNullable<DrillInput['sandbox']>;

function resolveSandbox(
  ctx: MapContext,
  input: SandboxInput,
  path: SpecPath,
  protectedBy: ReadonlyMap<string, string>,
): DrillSandbox | undefined {
  const bucketPath = [...path, 'bucket'];
  const nameProblem = checkBucketName(input.bucket);
  if (nameProblem) {
    ctx.issues.add(bucketPath, expected(`a bucket name (it ${nameProblem})`, input.bucket));
    return undefined;
  }
  const scenario = protectedBy.get(input.bucket);
  if (scenario !== undefined) {
    // A drill writes into its sandbox: a protected bucket there would mix drill copies with
    // production objects (and a cleanup deletes what is under the prefix).
    ctx.issues.add(
      bucketPath,
      expected(
        `a bucket no recovery scenario protects (recovery.scenarios.${scenario} lists ${input.bucket})`,
        input.bucket,
      ),
    );
    return undefined;
  }
  const declared = ctx.spec.buckets[input.bucket];
  if (declared && input.region !== undefined && input.region !== declared.region) {
    ctx.issues.add(
      [...path, 'region'],
      expected(`the region s3.buckets.${input.bucket} declares (${declared.region})`, input.region),
    );
    return undefined;
  }
  return {
    bucket: input.bucket,
    region: input.region ?? declared?.region ?? ctx.spec.defaultRegion,
    prefix: input.prefix,
  };
}

/** Maps `drill`; undefined when the spec has no such section. `scenarios` are the mapped recovery scenarios. */
export function mapDrill(
  ctx: MapContext,
  drill: DrillInput | undefined,
  scenarios: readonly RecoveryScenario[],
): DrillSettings | undefined {
  if (!drill) return undefined;
  const protectedBy = new Map<string, string>();
  for (const s of scenarios)
    for (const address of s.resources)
      if (address.startsWith('s3.bucket/')) protectedBy.set(address.slice('s3.bucket/'.length), s.name);
  const names = new Set(scenarios.map((s) => s.name));
  for (const name of Object.keys(drill.scenarios))
    if (!names.has(name))
      dangling(
        ctx,
        ['drill', 'scenarios', name],
        'the name of a scenario under recovery.scenarios',
        name,
        names,
      );
  const defaultSandbox = drill.sandbox
    ? resolveSandbox(ctx, drill.sandbox, ['drill', 'sandbox'], protectedBy)
    : undefined;
  const out: Record<string, DrillSettings['scenarios'][string]> = {};
  for (const s of scenarios) {
    const own = drill.scenarios[s.name];
    const path: SpecPath = ['drill', 'scenarios', s.name];
    const sandbox = own?.sandbox
      ? resolveSandbox(ctx, own.sandbox, [...path, 'sandbox'], protectedBy)
      : defaultSandbox;
    const restoresObjects = s.resources.some((a) => a.startsWith('s3.bucket/'));
    if (restoresObjects && !sandbox && !own?.sandbox && !drill.sandbox)
      ctx.issues.add(
        ['drill'],
        `expected a sandbox for scenario ${s.name}, which restores S3 objects (drill.sandbox, or drill.scenarios.${s.name}.sandbox)`,
        true,
      );
    out[s.name] = {
      ...(sandbox ? { sandbox } : {}),
      samples: own?.samples ?? drill.samples ?? { count: 3, prefix: '' },
    };
  }
  return {
    maxAgeDays: drill.maxAgeDays,
    ...(drill.rdsInstanceClass !== undefined ? { rdsInstanceClass: drill.rdsInstanceClass } : {}),
    scenarios: out,
  };
}
