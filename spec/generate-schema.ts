/**
 * Writes spec/backup-spec.schema.json from the zod schemas (`npm run schema`). The JSON Schema
 * describes what may be WRITTEN (input form: defaults are optional), for editors and ajv.
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { renderJsonSchema } from './json-schema.js';

const target = fileURLToPath(new URL('./backup-spec.schema.json', import.meta.url));
writeFileSync(target, renderJsonSchema());
process.stdout.write(`wrote ${target}\n`);
