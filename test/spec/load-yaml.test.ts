/**
 * spec/load-yaml.ts finds repeated keys itself (in one pass; the yaml library's own `uniqueKeys`
 * check is quadratic in a mapping's size) and looks keys up through an index per mapping. Both must
 * behave exactly as before: the repeated keys are the ones the library reports, at the same
 * positions, and `locate` finds the same nodes (own keys first, then merged mappings in order).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LineCounter, parseDocument } from 'yaml';
import { loadYaml } from '../../spec/load-yaml.js';

const REPEAT = /^expected each key once in a mapping, got the key (.*) again$/;

/** `line:column key` of every repeated key loadYaml reports. */
function ourRepeats(text: string): string[] {
  const r = loadYaml(text, 'spec.yaml');
  if (r.ok) return [];
  return r.issues
    .map((i) => ({ i, m: REPEAT.exec(i.message) }))
    .filter(({ m }) => m !== null)
    .map(({ i, m }) => `${i.line}:${i.column} ${m?.[1] ?? ''}`)
    .sort();
}

/** The same list from the yaml library's own check (what load-yaml used before). */
function libraryRepeats(text: string): string[] {
  const lines = new LineCounter();
  const doc = parseDocument(text, {
    lineCounter: lines,
    uniqueKeys: true,
    merge: true,
    prettyErrors: false,
    logLevel: 'error',
  });
  const ours = loadYaml(text, 'spec.yaml');
  const keyOf = (line: number, col: number) =>
    ours.ok
      ? ''
      : (ours.issues
          .map((i) => ({ i, m: REPEAT.exec(i.message) }))
          .find(({ i, m }) => m && i.line === line && i.column === col)?.m?.[1] ?? '?');
  return doc.errors
    .filter((e) => e.code === 'DUPLICATE_KEY')
    .map((e) => {
      const p = lines.linePos(e.pos[0]);
      return `${p.line}:${p.col} ${keyOf(p.line, p.col)}`;
    })
    .sort();
}

/** Hand-picked shapes where "the same key" is subtle. */
const CORPUS: readonly (readonly [string, string])[] = [
  ['a plain block mapping', 'a: 1\nb: 2\na: 3\n'],
  ['a nested mapping', 'top:\n  x: 1\n  y: 2\n  x: 3\nother:\n  x: 1\n'],
  ['a flow mapping', 'm: {a: 1, b: 2, a: 3}\n'],
  ['a flow mapping over lines', 'm: {\n  a: 1,\n  a: 2\n}\n'],
  ['quoted and plain spellings of one key', 'a: 1\n"a": 2\n\'a\': 3\n'],
  ['a number and the same digits quoted (different keys)', '1: a\n"1": b\n'],
  ['two spellings of one integer', '1: a\n0x1: b\n0o1: c\n'],
  ['two spellings of true', 'true: a\nTrue: b\n'],
  ['null keys', '~: a\nnull: b\n'],
  ['empty keys', ': a\n: b\n'],
  ['explicit keys', '? a\n: 1\n? a\n: 2\n'],
  ['keys with anchors and tags', '&k a: 1\n!!str a: 2\n'],
  ['NaN keys (never equal)', '.nan: a\n.NaN: b\n'],
  ['two merge keys', 'base: &b {x: 1}\nm:\n  <<: *b\n  <<: *b\n'],
  ['a quoted "<<" beside a merge key', 'base: &b {x: 1}\nm:\n  <<: *b\n  "<<": 2\n'],
  ['alias keys (different nodes)', 'a: &k key\n*k : 1\n*k : 2\n'],
  ['complex keys (different nodes)', '? [a]\n: 1\n? [a]\n: 2\n'],
  ['pairs in a flow sequence (one mapping each)', 's: [a: 1, a: 2]\n'],
  ['a repeat in a sequence item', 'l:\n  - a: 1\n    a: 2\n  - a: 3\n'],
  ['three of one key', 'a: 1\na: 2\na: 3\n'],
  ['CRLF line ends', 'a: 1\r\nb:\r\n  c: 1\r\n  c: 2\r\n'],
  ['a repeat next to a syntax error', 'a: 1\na: 2\nb: [\n'],
  ['a second document', 'a: 1\na: 2\n---\nb: 1\nb: 2\n'],
  ['keys that are long', `${'k'.repeat(40)}: 1\n${'k'.repeat(40)}: 2\n`],
];

describe('GIVEN YAML with keys written more than once', () => {
  it.each(CORPUS)(
    'WHEN %s THEN the repeats reported are exactly the ones the yaml library finds',
    (_n, text) => {
      expect(ourRepeats(text)).toEqual(libraryRepeats(text));
    },
  );

  it('THEN the corpus does exercise repeats (most cases report at least one)', () => {
    const withRepeats = CORPUS.filter(([, t]) => ourRepeats(t).length > 0).length;
    expect(withRepeats).toBeGreaterThanOrEqual(15);
  });

  it('WHEN mappings of random keys are nested block or flow THEN the repeats match the library (property)', () => {
    const key = fc.constantFrom('a', 'b', '"a"', "'b'", '1', '"1"', '0x1', 'true', '~', 'null', '<<');
    const mapping = fc.array(key, { minLength: 1, maxLength: 6 });
    fc.assert(
      fc.property(fc.array(mapping, { minLength: 1, maxLength: 4 }), fc.boolean(), (maps, flow) => {
        // Each generated mapping sits under its own top-level key; `<<` merges an anchored mapping.
        const head = 'base: &b {z: 0}\n';
        const body = maps
          .map((keys, i) =>
            flow
              ? `m${i}: {${keys.map((k) => `${k}: ${k === '<<' ? '*b' : i}`).join(', ')}}`
              : `m${i}:\n${keys.map((k) => `  ${k}: ${k === '<<' ? '*b' : i}`).join('\n')}`,
          )
          .join('\n');
        const text = `${head}${body}\n`;
        expect(ourRepeats(text)).toEqual(libraryRepeats(text));
      }),
      { numRuns: 300 },
    );
  });
});

describe('GIVEN a mapping with many keys and merged defaults', () => {
  const n = 2_000;
  const keys = Array.from({ length: n }, (_, i) => `k${i}`);
  const text = [
    'defaults: &d',
    '  shared: from-defaults',
    '  own: from-defaults',
    'more: &m',
    '  extra: from-more',
    '  shared: from-more',
    'items:',
    ...keys.map((k) => `  ${k}: {v: ${k}}`),
    'merged:',
    '  <<: [*d, *m]',
    '  own: written',
  ].join('\n');
  const loaded = loadYaml(`${text}\n`, 'spec.yaml');
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.issues));
  const { yaml } = loaded;

  it('WHEN each key is located THEN it is found on its own line (first, middle, last)', () => {
    for (const i of [0, n / 2, n - 1]) {
      expect(yaml.locate(['items', `k${i}`], true)).toEqual({ line: 8 + i, column: 3 });
      expect(yaml.sourceText(['items', `k${i}`, 'v'])).toBe(`k${i}`);
    }
  });

  it('WHEN a key is written beside a merge THEN the written one wins, then the merged mappings in order', () => {
    expect(yaml.sourceText(['merged', 'own'])).toBe('written');
    expect(yaml.sourceText(['merged', 'shared'])).toBe('from-defaults');
    expect(yaml.sourceText(['merged', 'extra'])).toBe('from-more');
    expect(yaml.locate(['merged', 'extra'], true)).toEqual({ line: 5, column: 3 });
  });

  it('WHEN a key is missing THEN the nearest existing mapping key is pointed at', () => {
    expect(yaml.locate(['items', 'nope', 'v'])).toEqual({ line: 7, column: 1 });
  });
});

describe('GIVEN aliases, and anchors written more than once', () => {
  const text = [
    'a: &x one',
    'b: *x',
    'c: &x two',
    'd: *x',
    'e: {k: &y three}',
    'f: *y',
    'g: [*x, *y]',
    'h: &m {p: merged}',
    'i:',
    '  <<: *m',
    '  q: own',
  ].join('\n');
  const loaded = loadYaml(`${text}\n`, 'spec.yaml');
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.issues));
  const { yaml } = loaded;

  it('WHEN an alias is read THEN it stands for the last node before it with its anchor (as the yaml library resolves it)', () => {
    expect(yaml.data).toMatchObject({
      b: 'one',
      d: 'two',
      f: 'three',
      g: ['two', 'three'],
      i: { p: 'merged' },
    });
    expect(yaml.sourceText(['b'])).toBe('one');
    expect(yaml.sourceText(['d'])).toBe('two');
    expect(yaml.sourceText(['f'])).toBe('three');
    expect(yaml.sourceText(['g', 0])).toBe('two');
    expect(yaml.sourceText(['g', 1])).toBe('three');
    expect(yaml.sourceText(['i', 'p'])).toBe('merged');
  });

  it('WHEN a merged key is located THEN it points into the anchored mapping', () => {
    expect(yaml.locate(['i', 'p'], true)).toEqual({ line: 8, column: 8 });
    expect(yaml.locate(['i', 'q'], true)).toEqual({ line: 11, column: 3 });
  });

  it('WHEN an alias names no anchor before it THEN each such alias is a located error', () => {
    const r = loadYaml('a: *later\nb: &later 1\nc: *nowhere\n', 'spec.yaml');
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.issues.map((i) => `${i.line}:${i.column} ${i.message}`)).toEqual([
      '1:4 invalid YAML: the alias *later names no anchor &later defined before it',
      '3:4 invalid YAML: the alias *nowhere names no anchor &nowhere defined before it',
    ]);
  });
});

describe('GIVEN many uses of one anchor, and nested expansion ("billion laughs")', () => {
  it('WHEN 1,500 mappings merge one `&defaults` THEN the document loads (the alias limit scales with the document)', () => {
    const lines = ['defaults: &d {versioning: Enabled}', 'buckets:'];
    for (let i = 0; i < 1500; i++) lines.push(`  b${i}: {<<: *d, n: ${i}}`);
    const loaded = loadYaml(`${lines.join('\n')}\n`, 'spec.yaml');
    expect(loaded.ok).toBe(true);
    if (loaded.ok) expect(Object.keys((loaded.yaml.data as { buckets: object }).buckets)).toHaveLength(1500);
  });

  it('WHEN anchors nest nine levels of ten aliases each THEN it is refused as an alias expansion, with the file', () => {
    const lines = ['a0: &a0 [lol]'];
    for (let i = 1; i <= 9; i++)
      lines.push(
        `a${i}: &a${i} [${Array(10)
          .fill(`*a${i - 1}`)
          .join(', ')}]`,
      );
    const loaded = loadYaml(`${lines.join('\n')}\n`, 'spec.yaml');
    expect(loaded.ok).toBe(false);
    if (!loaded.ok)
      expect(loaded.issues).toEqual([
        expect.objectContaining({
          file: 'spec.yaml',
          message: expect.stringMatching(/^invalid YAML: .*alias/i),
        }),
      ]);
  });
});
