/**
 * Acceptance of issue 13: adding a resource kind makes the compiler list everything the kind needs.
 * A toy kind `toy.thing` is added (by module augmentation, as a new kind's attrs and defaults would
 * be) to a COPY of the registry type, `KindRegistry<ResourceKind | 'toy.thing'>`, and the fixtures
 * below are type-checked with the TypeScript compiler API against the real src/model sources:
 * - without an entry for the toy kind, the copy does not compile;
 * - with an entry missing any one KindSpec field, it does not compile, and the error names the field;
 * - with a complete entry it compiles (so the failures above are about the missing entry, not the setup).
 */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import ts from 'typescript';
import { beforeAll, describe, expect, it } from 'vitest';
import { KINDS } from '../../../src/model/kinds/index.js';

const ROOT = resolve(import.meta.dirname, '../../..');
/** Where the fixtures pretend to live, so their relative imports reach the real sources. */
const FIXTURE_DIR = resolve(ROOT, 'test/model/kinds/__virtual__');
const MODEL = '../../../../src/model';

/** The toy kind's attributes and defaults, declared the way a new kind's are. */
const TOY_KIND_DECLARATIONS = `
declare module '${MODEL}/attrs.js' {
  interface AttrsByKind {
    'toy.thing': { readonly region: string; readonly size?: number };
  }
}
declare module '${MODEL}/kinds/kind-spec.js' {
  interface DefaultsByKind {
    'toy.thing': { readonly size: number };
  }
}
export type ToyKind = import('${MODEL}/resource.js').ResourceKind | 'toy.thing';
`;

/** Every KindSpec field of a complete toy entry, as source text. */
const TOY_FIELDS: Readonly<Record<string, string>> = {
  kind: `'toy.thing'`,
  service: `'sns'`,
  scope: `'regional'`,
  arn: `() => undefined`,
  diff: `{ shape: { t: 'object' }, fields: NO_FIELD_RULES }`,
  specKeys: `{}`,
  lifecycle: `CREATED_AND_DELETED`,
  blockedWhen: `() => undefined`,
  riskNotes: `() => []`,
  driftSeverity: `() => 'low'`,
  defaults: `{ size: 1 }`,
  import: `{ labelled: true }`,
  health: `{ evidence: [], watchedBy: null }`,
  unrestorable: `() => []`,
};

function fixture(fields: readonly string[], withEntry: boolean): string {
  const entry = fields.map((f) => `  ${f}: ${TOY_FIELDS[f]},`).join('\n');
  return `
import { CREATED_AND_DELETED, NO_FIELD_RULES, type KindRegistry, type KindSpec } from '${MODEL}/kinds/kind-spec.js';
import { KINDS } from '${MODEL}/kinds/index.js';
import type { ToyKind } from './toy-kind.js';

const TOY: KindSpec<'toy.thing'> = {
${entry}
};

export const copy: KindRegistry<ToyKind> = { ...KINDS${withEntry ? `, 'toy.thing': TOY` : ''} };
`;
}

/** Type-checks the given virtual files together with the real sources; diagnostics per virtual file. */
function typeCheck(files: Readonly<Record<string, string>>): Map<string, string[]> {
  const configPath = resolve(ROOT, 'tsconfig.json');
  const config = ts.readConfigFile(configPath, (p) => readFileSync(p, 'utf8'));
  const { options } = ts.parseJsonConfigFileContent(config.config, ts.sys, dirname(configPath));
  const virtual = new Map(Object.entries(files).map(([name, text]) => [resolve(FIXTURE_DIR, name), text]));
  const host = ts.createCompilerHost({ ...options, noEmit: true });
  const { getSourceFile, fileExists, readFile, directoryExists } = host;
  host.directoryExists = (d) => resolve(d) === FIXTURE_DIR || (directoryExists?.call(host, d) ?? true);
  host.fileExists = (f) => virtual.has(resolve(f)) || fileExists.call(host, f);
  host.readFile = (f) => virtual.get(resolve(f)) ?? readFile.call(host, f);
  host.getSourceFile = (f, lang, onError, create) => {
    const text = virtual.get(resolve(f));
    return text !== undefined
      ? ts.createSourceFile(f, text, lang, true)
      : getSourceFile.call(host, f, lang, onError, create);
  };
  const program = ts.createProgram([...virtual.keys()], { ...options, noEmit: true }, host);
  const out = new Map<string, string[]>();
  for (const [path] of virtual) {
    const source = program.getSourceFile(path);
    if (!source) throw new Error(`fixture not in the program: ${path}`);
    const diagnostics = [
      ...program.getSyntacticDiagnostics(source),
      ...program.getSemanticDiagnostics(source),
    ];
    out.set(
      path.slice(FIXTURE_DIR.length + 1),
      diagnostics.map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n')),
    );
  }
  return out;
}

describe('kind registry: the compiler lists every entry a new kind needs', () => {
  const fields = Object.keys(TOY_FIELDS);
  const files: Record<string, string> = {
    'toy-kind.ts': TOY_KIND_DECLARATIONS,
    'complete.ts': fixture(fields, true),
    'no-registry-entry.ts': fixture(fields, false),
  };
  for (const f of fields)
    files[`without-${f}.ts`] = fixture(
      fields.filter((x) => x !== f),
      true,
    );
  let results = new Map<string, string[]>();
  // One program for every fixture: the real sources are parsed and checked once.
  beforeAll(() => {
    results = typeCheck(files);
  }, 120_000);

  it('GIVEN the toy fixture WHEN its KindSpec fields are listed THEN they are exactly the fields of every real kind', () => {
    for (const spec of Object.values(KINDS)) expect(Object.keys(spec).sort()).toEqual([...fields].sort());
  });

  it('GIVEN a complete toy entry in a copy of the registry WHEN type-checked THEN it compiles', () => {
    expect(results.get('toy-kind.ts')).toEqual([]);
    expect(results.get('complete.ts')).toEqual([]);
  });

  it("GIVEN a copy of the registry with the toy kind but no entry for it WHEN type-checked THEN the compiler names 'toy.thing' as missing", () => {
    const errors = results.get('no-registry-entry.ts') ?? [];
    expect(errors.join('\n')).toMatch(/Property '"toy\.thing"' is missing/);
  });

  it.each(fields)(
    'GIVEN a toy entry without %s WHEN type-checked THEN the compiler names the missing field',
    (field) => {
      const errors = results.get(`without-${field}.ts`) ?? [];
      expect(errors.join('\n')).toMatch(new RegExp(`Property '${field}' is missing`));
    },
  );
});
