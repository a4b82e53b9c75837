/** The committed JSON Schema is what the zod schemas generate, and the shipped spec satisfies it. */
import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { renderJsonSchema } from '../../spec/json-schema.js';

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

  it('THEN backup-spec.yaml points editors at it on its first line', () => {
    expect(shipped.split('\n')[0]).toBe('# yaml-language-server: $schema=./spec/backup-spec.schema.json');
  });
});
