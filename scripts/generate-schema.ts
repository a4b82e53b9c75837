/**
 * Writes spec/backup-spec.schema.json and spec/plan.schema.json from the zod schemas (`npm run
 * schema`). The spec's JSON Schema describes what may be WRITTEN (input form: defaults are optional),
 * for editors and ajv; the plan's describes what `plan --out` writes and `--apply FILE` accepts. A
 * script beside the spec language, not in it: spec/ stays pure (no fs, no process).
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { renderJsonSchema } from '../spec/json-schema.js';
import { renderPlanJsonSchema } from '../spec/plan-schema.js';

for (const [file, text] of [
  ['backup-spec.schema.json', renderJsonSchema()],
  ['plan.schema.json', renderPlanJsonSchema()],
] as const) {
  const target = fileURLToPath(new URL(`../spec/${file}`, import.meta.url));
  writeFileSync(target, text);
  process.stdout.write(`wrote ${target}\n`);
}
