/**
 * Writes spec/backup-spec.schema.json from the zod schemas (`npm run schema`). The JSON Schema
 * describes what may be WRITTEN (input form: defaults are optional), for editors and ajv. A script
 * beside the spec language, not in it: spec/ stays pure (no fs, no process).
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { renderJsonSchema } from '../spec/json-schema.js';

const target = fileURLToPath(new URL('../spec/backup-spec.schema.json', import.meta.url));
writeFileSync(target, renderJsonSchema());
process.stdout.write(`wrote ${target}\n`);
