/** The spec's JSON Schema (draft-07), generated from the zod schemas. Pure. */
import { z } from 'zod';
import { specSchema } from './schema/spec.js';

/** The JSON Schema document as formatted text (what `spec/backup-spec.schema.json` must contain). */
export function renderJsonSchema(): string {
  const schema = z.toJSONSchema(specSchema, { io: 'input', target: 'draft-7', unrepresentable: 'any' });
  return `${JSON.stringify(schema, null, 2)}\n`;
}
