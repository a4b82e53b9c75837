/**
 * spec/fast-yaml.ts reads the common subset of YAML without the yaml library's Document API. Whenever
 * it answers, its data, `locate` and `sourceText` must be exactly the full path's (loadYamlDocument)
 * for every path in the document, present or missing; outside the subset it must not answer, so the
 * full path (and its error messages) runs.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Schema } from 'yaml';
import { CANNOT_BE_TAGGED, fastLoadYaml } from '../../spec/fast-yaml.js';
import type { SpecPath } from '../../spec/issues.js';
import { loadYaml, loadYamlDocument } from '../../spec/load-yaml.js';
import { BROKEN_SPECS } from './broken-specs.cases.js';

const RUNS = Number(process.env.FAST_YAML_RUNS ?? 1500);
const ROOT = join(import.meta.dirname, '..', '..');

function yamlFiles(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name.startsWith('.') || name === 'dist') continue;
    const p = join(dir, name);
    if (statSync(p).isDirectory()) yamlFiles(p, out);
    else if (/\.ya?ml$/.test(name)) out.push(p);
  }
  return out;
}

/** Every path in the data, and next to each some that are missing. */
function paths(data: unknown, prefix: SpecPath = [], out: SpecPath[] = []): SpecPath[] {
  out.push(prefix);
  out.push([...prefix, 'missing-key'], [...prefix, 0], [...prefix, 7], [...prefix, 'x', 'y']);
  if (Array.isArray(data)) {
    out.push([...prefix, '0'], [...prefix, -1], [...prefix, data.length]);
    data.forEach((v, i) => {
      paths(v, [...prefix, i], out);
    });
  } else if (data !== null && typeof data === 'object') {
    for (const [k, v] of Object.entries(data)) {
      paths(v, [...prefix, k], out);
      if (/^\d+$/.test(k)) out.push([...prefix, Number(k)]);
    }
  }
  return out;
}

/** Key order as written (toStrictEqual ignores it). */
function shape(data: unknown): unknown {
  if (Array.isArray(data)) return data.map(shape);
  if (data !== null && typeof data === 'object') return Object.entries(data).map(([k, v]) => [k, shape(v)]);
  return typeof data === 'number' && Number.isNaN(data) ? 'NaN' : data;
}

/**
 * Whether the fast path answered; when it did, checks it against the full path. The same text with
 * CRLF line ends is checked too.
 */
function compare(text: string): boolean {
  if (!text.includes('\r')) compareOne(text.replace(/\n/g, '\r\n'));
  return compareOne(text);
}

function compareOne(text: string): boolean {
  const fast = fastLoadYaml(text);
  if (!fast) return false;
  const full = loadYamlDocument(text, 'spec.yaml');
  if (!full.ok) throw new Error(`fast path accepted a document the full path refuses:\n${text}`);
  expect(fast.data).toStrictEqual(full.yaml.data);
  expect(shape(fast.data)).toEqual(shape(full.yaml.data));
  for (const path of paths(full.yaml.data)) {
    const where = `${JSON.stringify(path)} in\n${text}`;
    expect(fast.locate(path), where).toEqual(full.yaml.locate(path));
    expect(fast.locate(path, true), where).toEqual(full.yaml.locate(path, true));
    expect(fast.sourceText(path), where).toBe(full.yaml.sourceText(path));
  }
  return true;
}

const FAST: readonly string[] = [
  'a: 1\n',
  'a: 1',
  '# c\n\na: 1 # c\n\n# d\n',
  '---\na: 1\n',
  '# head\n--- # doc\nk: v\n',
  'a:\n  b: 1\n  c:\n    d: x\ne: y\n',
  'a:\n- 1\n- 2\nb: 3\n',
  'a:\n  - x\n  - y: 1\n    z: 2\n  - [p, q]\n  - {r: s}\n',
  'l:\n- a: 1\n  b:\n  - c\n  - d\n- e\n',
  'l:\n  -   a: 1\n      b: 2\n  -\n    c: 3\n  -\n    - n\n',
  'a: {x: 1, y: [1, 2, {z: w}], q: "s", r: \'t\'}\nb: []\nc: {}\nd: [ ]\ne: { }\n',
  'a: [a,b , c ,]\nb: {k: v,}\n',
  'a:\nb: ~\nc: null\nd: Null\ne: NULL\nf: # nothing\ng: x\n',
  'i: [0, -1, +2, 012, 0o17, 0x1F, 0xff, 1e3, 1.5, -.5, .5e-1, 1., .inf, -.Inf, +.INF, .nan, .NaN, 1_000]\n',
  'b: [true, True, TRUE, false, False, FALSE, yes, no, on, off, y, n]\n',
  's: [\'\', "", \'it\'\'s\', "a\\"b", "tab\\there", "\\u00e9", "a\\\\b", "a/b\\/c"]\n',
  'p: [a#b, "x" , a:b, http://x.y/z?q=1, arn:aws:iam::1:role/r, cron(0 5 ? * * *), -x, -1, 1-2]\n',
  'u: héllo wörld ✓ 😀\n"quoted key": 1\n\'single key\': 2\nkey with spaces: 3\n',
  'a: x:y\nb: http://h:8080/p\nc: a#b\nd: a # comment\n',
  'a: "x" # c\nb: \'y\'   # c\nc: [1] # c\nd: {a: 1}   \n',
  'top:\n    four: 1\n    deeper:\n        - a\n        - b\n    next: 2\n',
  'a:\n  b:\n    c:\n      d:\n        e: 1\nf: 2\n',
  '  indented: 1\n  root: 2\n',
  'toString: 1\nconstructor: 2\nhasOwnProperty: 3\nvalueOf: {a: 1}\n',
  'a: [[1, 2], [3, [4]], {b: [c]}]\n',
  'k: ...\nl: ---\nm: - x\n'.replace('m: - x\n', ''),
  `long: ${'x'.repeat(2000)}\n`,
  'a: 1\n\n\n   \n# x\n     # y\nb: 2\n',
  'a  : 1\n"b" : 2\nc:    3   \nd:\t'.replace('d:\t', 'd: x # no newline at the end'),
  'l:\n  -\n    - a\n    - b\n  - - c\n'.replace('  - - c\n', ''),
  'ü: ✓\nα β: [γ, "δ"]\n',
  'a: 1\r\nb:\r\n  - x # c\r\n  - {y: "z"}\r\n\r\n# end\r\n',
  'a:\n  b: 1\n# dedented comment\n  c: 2\n',
  'a: {b: {c: {d: [e, {f: g}]}}}\n',
  "a: ['x, y', \"[z]\", '{w}']\n",
];

const FALLBACK: readonly string[] = [
  '',
  '# only a comment\n',
  '---\n',
  'a: &x 1\nb: *x\n',
  'base: &b {x: 1}\nm:\n  <<: *b\n',
  'a: !!str 1\n',
  'a: |\n  text\n',
  'a: >\n  text\n',
  'a: multi\n  line\n',
  'a: "multi\n  line"\n',
  'a: [1,\n  2]\n',
  '? complex\n: 1\n',
  '%YAML 1.2\n---\na: 1\n',
  'a: 1\n---\nb: 2\n',
  'a: 1\n...\n',
  'a:\tb\n',
  'a: 1\rb: 2\n',
  'a: x\r\r\nb: 2\r\n',
  'a: 1\na: 2\n',
  'a: {x: 1, x: 2}\n',
  '1: a\n',
  'true: a\n',
  'null: a\n',
  '<<: a\n',
  '__proto__: 1\n',
  'l:\n- \n- 1\n',
  'a: {x}\n',
  'a: {x: }\n',
  'a: [x: 1]\n',
  'a: b: c\n',
  'a: b:\n',
  '- a\n- b\n',
  'plain scalar\n',
  'a: 1\n b: 2\n',
  'a:\n    b: 1\n  c: 2\n',
  'a: [1] x\n',
  'a: "x"y\n',
  'a: @x\n',
  'a: `x`\n',
  'a: %x\n',
  'a: ,x\n',
  'l:\n- - x\n',
  'a: "\\x41"\n',
  'a: "\\ud83d\\ude00"\n',
  `${'k'.repeat(1100)}: 1\n`,
  'a: 1\n\u0085b: 2\n',
  'a: [b]: c\n',
  'a: {"b":1}\n',
  'a: [x {y}]\n',
];

describe('GIVEN YAML in the subset the fast path reads', () => {
  it.each(FAST.map((t) => [JSON.stringify(t).slice(0, 70), t]))(
    'WHEN %s THEN data, locate and sourceText are the full path’s',
    (_n, text) => {
      expect(compare(text)).toBe(true);
    },
  );

  it('WHEN the YAML files of the repository are read THEN each agrees with the full path (most take the fast path)', () => {
    const files = yamlFiles(ROOT);
    expect(files.length).toBeGreaterThan(5);
    let fast = 0;
    for (const f of files) if (compare(readFileSync(f, 'utf8'))) fast++;
    expect(fast).toBeGreaterThanOrEqual(files.length / 2);
  });

  it('WHEN the broken specs are loaded THEN any the fast path reads agree with the full path', () => {
    for (const c of BROKEN_SPECS) {
      if (typeof c.text === 'string') compare(c.text);
    }
  });
});

describe('GIVEN YAML outside the subset', () => {
  it.each(FALLBACK.map((t) => [JSON.stringify(t).slice(0, 70), t]))(
    'WHEN %s THEN the fast path does not answer (the full path runs)',
    (_n, text) => {
      expect(fastLoadYaml(text)).toBeUndefined();
    },
  );

  it('WHEN collections nest more than 100 deep THEN the fast path does not answer (the library overflows its stack under 1,000; no exception of its own)', () => {
    const flow = (depth: number) => `a: ${'['.repeat(depth - 1)}${']'.repeat(depth - 1)}\n`;
    const block = (depth: number) =>
      Array.from({ length: depth }, (_, i) => `${'  '.repeat(i)}k${i}:${i === depth - 1 ? ' x' : ''}`).join(
        '\n',
      );
    expect(compare(flow(100))).toBe(true);
    expect(compare(block(100))).toBe(true);
    expect(fastLoadYaml(flow(101))).toBeUndefined();
    expect(fastLoadYaml(block(101))).toBeUndefined();
    for (const depth of [5_000, 200_000]) {
      expect(fastLoadYaml(flow(depth))).toBeUndefined();
      // The full path refuses it (how many overflow errors it reports depends on the caller's stack).
      expect(loadYaml(flow(depth), 'spec.yaml').ok).toBe(false);
    }
  });

  it('WHEN loadYaml reads a document outside the subset THEN the result is the full path’s', () => {
    for (const text of FALLBACK) {
      const viaLoad = loadYaml(text, 'spec.yaml');
      const full = loadYamlDocument(text, 'spec.yaml');
      if (viaLoad.ok && full.ok) expect(viaLoad.yaml.data).toStrictEqual(full.yaml.data);
      else expect(viaLoad).toEqual(full);
    }
  });
});

describe('GIVEN generated documents', () => {
  const scalars = [
    'x',
    'hello world',
    'a#b',
    'x:y',
    'http://h:1/p',
    '-x',
    '-1',
    '0',
    '012',
    '0o17',
    '0o8',
    '0x1F',
    '0xG',
    '1e3',
    '1.5',
    '.5',
    '1.',
    '+1',
    '.inf',
    '-.inf',
    '.nan',
    '.NaN',
    'nan',
    'true',
    'False',
    'yes',
    'null',
    '~',
    'NULL',
    'nUll',
    "'q'",
    "'it''s'",
    "''",
    '""',
    '"d"',
    '"e\\"s"',
    '"\\u00e9"',
    '"\\x41"',
    '*a',
    '&a x',
    '!t x',
    '|',
    '>',
    '@x',
    '- x',
    'a: b',
    'a:',
    'x # comment',
    'x#y',
    '[a, b]',
    '{a: 1}',
    '[]',
    '{}',
    '',
    '"unterminated',
    ',x',
    '?x',
    ':x',
    '%x',
    'é😀',
    '12345678901234567890',
    '1_000',
    '0.0',
    '-0',
    '+.5e+3',
    '<<',
    '-',
    'a]',
    'x}',
    'a,b',
    "a'b",
    'a"b',
    'a: b # c',
    '"a" "b"',
    "'a'b",
    '- - x',
  ];
  const keys = [
    'a',
    'b',
    'c',
    'key with space',
    '"q"',
    "'s'",
    '1',
    '"1"',
    'true',
    '~',
    '<<',
    '-k',
    'k#',
    '__proto__',
    'toString',
  ];

  // Mostly what the fast path reads, sometimes anything.
  const scalar = fc.oneof(
    { arbitrary: fc.constantFrom(...scalars.slice(0, 37)), weight: 6 },
    { arbitrary: fc.constantFrom(...scalars), weight: 1 },
  );
  const key = fc.oneof(
    { arbitrary: fc.constantFrom(...keys.slice(0, 6)), weight: 6 },
    { arbitrary: fc.constantFrom(...keys), weight: 1 },
  );

  type Tree =
    | { t: 'scalar'; v: string }
    | { t: 'map'; e: [string, Tree][]; flow: boolean }
    | { t: 'seq'; e: Tree[]; flow: boolean };
  const tree = fc.letrec<{ node: Tree }>((tie) => ({
    node: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      fc.record({ t: fc.constant('scalar' as const), v: scalar }),
      fc.record({
        t: fc.constant('map' as const),
        e: fc.array(fc.tuple(key, tie('node')), { minLength: 0, maxLength: 4 }),
        flow: fc.boolean(),
      }),
      fc.record({
        t: fc.constant('seq' as const),
        e: fc.array(tie('node'), { minLength: 0, maxLength: 4 }),
        flow: fc.boolean(),
      }),
    ),
  })).node;

  function flowText(n: Tree): string {
    if (n.t === 'scalar') return n.v;
    if (n.t === 'map') return `{${n.e.map(([k, v]) => `${k}: ${flowText(v)}`).join(', ')}}`;
    return `[${n.e.map(flowText).join(', ')}]`;
  }

  /** Block text of a node as the value after "key:" (or "-"), at indentation `ind`. */
  function blockValue(n: Tree, ind: number, step: number, sameIndentSeq: boolean, comments: boolean): string {
    const c = comments ? ' # c' : '';
    if (n.t === 'scalar' || n.flow || n.e.length === 0) return ` ${flowText(n)}${c}\n`;
    const pad = ' '.repeat(ind);
    const entries = (e: [string, Tree][], at: number) =>
      e.map(([k, v]) => `${' '.repeat(at)}${k}:${blockValue(v, at + step, step, sameIndentSeq, comments)}`);
    if (n.t === 'map') return `${c}\n${entries(n.e, ind).join(comments ? `${pad}# between\n` : '')}`;
    const seqCol = sameIndentSeq ? Math.max(0, ind - step) : ind;
    const inner = seqCol + 2;
    // A mapping item is written compactly (`- k: v` then its other keys under k) when sameIndentSeq.
    return `${c}\n${n.e
      .map((v) =>
        sameIndentSeq && v.t === 'map' && !v.flow && v.e.length > 0
          ? `${' '.repeat(seqCol)}- ${entries(v.e, inner).join('').slice(inner)}`
          : `${' '.repeat(seqCol)}-${blockValue(v, inner, step, sameIndentSeq, comments)}`,
      )
      .join('')}`;
  }

  it('WHEN random block and flow documents are read THEN whenever the fast path answers it agrees with the full path (property)', {
    timeout: 600_000,
  }, () => {
    let answered = 0;
    let runs = 0;
    fc.assert(
      fc.property(
        fc.array(fc.tuple(key, tree), { minLength: 1, maxLength: 5 }),
        fc.constantFrom(2, 4),
        fc.boolean(),
        fc.boolean(),
        fc.boolean(),
        (entries, step, sameIndentSeq, comments, docStart) => {
          const body = entries
            .map(([k, v]) => `${k}:${blockValue(v, step, step, sameIndentSeq, comments)}`)
            .join('');
          const text = `${docStart ? '--- # start\n' : ''}${body}`;
          runs++;
          if (compare(text)) answered++;
        },
      ),
      { numRuns: RUNS },
    );
    // The generator is not all outside the subset.
    expect(answered).toBeGreaterThan(runs / 5);
  });

  it('WHEN random scalars are read as values, keys and flow items THEN they agree with the full path (property)', {
    timeout: 600_000,
  }, () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...scalars),
        fc.constantFrom(...keys),
        fc.oneof(fc.string({ maxLength: 8 }), fc.string({ maxLength: 6, unit: 'binary' })),
        (v, k, s) => {
          for (const text of [
            `${k}: ${v}\n`,
            `a:\n- ${v}\n`,
            `a: [${v}]\n`,
            `a: {${k}: ${v}}\n`,
            `a: ${s}\n`,
            `a: [${s}]\n`,
            `${s}: 1\n`,
            `a: {${s}: 1}\n`,
            `a: '${s}'\n`,
            `a: "${s}"\n`,
          ])
            compare(text);
        },
      ),
      { numRuns: RUNS },
    );
  });
});

describe('GIVEN the yaml library schema the fast path resolves plain scalars with', () => {
  const tags = new Schema({ merge: true }).tags as unknown as { default?: unknown; test?: RegExp }[];

  it('WHEN its tags are listed THEN their tests are the ones CANNOT_BE_TAGGED was written for (a yaml upgrade that changes them fails here)', () => {
    expect(tags.filter((t) => t.test).map((t) => t.test?.source)).toEqual([
      '^(?:~|[Nn]ull|NULL)?$',
      '^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$',
      '^0o[0-7]+$',
      '^[-+]?[0-9]+$',
      '^0x[0-9a-fA-F]+$',
      '^(?:[-+]?\\.(?:inf|Inf|INF)|\\.nan|\\.NaN|\\.NAN)$',
      '^[-+]?(?:\\.[0-9]+|[0-9]+(?:\\.[0-9]*)?)[eE][-+]?[0-9]+$',
      '^[-+]?(?:\\.[0-9]+|[0-9]+\\.[0-9]*)$',
      '^<<$',
    ]);
  });

  it('WHEN a scalar starts with a character CANNOT_BE_TAGGED admits THEN no tag matches it', () => {
    const tails = [
      '',
      'ull',
      'ULL',
      'rue',
      'RUE',
      'alse',
      'ALSE',
      '0',
      '1',
      'o7',
      'x1F',
      'inf',
      'nan',
      '.5',
      '5e3',
      '<',
      '.inf',
    ];
    for (let code = 0x20; code < 0x300; code++) {
      const c = String.fromCharCode(code);
      if (!CANNOT_BE_TAGGED.test(c)) continue;
      for (const tail of tails)
        for (const tag of tags) expect(tag.test?.test(`${c}${tail}`) ?? false, `${c}${tail}`).toBe(false);
    }
  });
});
