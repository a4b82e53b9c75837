/** The committed JSON Schema is what the zod schemas generate, and the shipped spec satisfies it. */
import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { renderJsonSchema } from '../../spec/json-schema.js';
import { specSchema } from '../../spec/schema/spec.js';
import { BROKEN_SPECS } from './broken-specs.cases.js';

const committed = readFileSync(new URL('../../spec/backup-spec.schema.json', import.meta.url), 'utf8');
const shipped = readFileSync(new URL('../../backup-spec.yaml', import.meta.url), 'utf8');

describe('GIVEN spec/backup-spec.schema.json', () => {
  it('THEN it is current (regenerate with `npm run schema`)', () => {
    expect(committed).toBe(renderJsonSchema());
  });

  const ajv = new Ajv({ allErrors: true, strict: false });
  const validate = ajv.compile(JSON.parse(committed));

  it('WHEN backup-spec.yaml is checked with ajv THEN it is valid', () => {
    const ok = validate(parse(shipped));
    expect(validate.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
  });

  it('WHEN a key is misspelt THEN ajv rejects it too (editors flag it as you type)', () => {
    const doc = parse(
      shipped.replace(
        '    mne-media-prod:\n      region: eu-west-1\n      versioning:',
        '    mne-media-prod:\n      region: eu-west-1\n      versoning:',
      ),
    );
    expect(validate(doc)).toBe(false);
    expect(validate.errors?.some((e) => e.keyword === 'additionalProperties')).toBe(true);
  });

  it('WHEN the broken specs are checked by ajv and by the zod schema THEN both accept or both reject each one (but for the cross-field refinements, which only zod makes)', () => {
    let compared = 0;
    for (const c of BROKEN_SPECS) {
      const text = typeof c.text === 'string' ? c.text : new TextDecoder().decode(c.text);
      let data: unknown;
      try {
        data = parse(text.replace(/^\uFEFF/, ''), { merge: true, uniqueKeys: true, logLevel: 'error' });
      } catch {
        continue; // not YAML: neither schema sees it
      }
      if (data === null || data === undefined) continue;
      compared++;
      if (c.beyondJsonSchema) {
        // Only the zod refinements see it (c.beyondJsonSchema says why): ajv accepts, zod refuses.
        expect(validate(data), c.name).toBe(true);
        expect(specSchema.safeParse(data).success, c.name).toBe(false);
        continue;
      }
      expect(validate(data), c.name).toBe(specSchema.safeParse(data).success);
    }
    expect(compared).toBeGreaterThanOrEqual(50);
  });

  it('THEN backup-spec.yaml points editors at it on its first line', () => {
    expect(shipped.split('\n')[0]).toBe('# yaml-language-server: $schema=./spec/backup-spec.schema.json');
  });
});
