import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import {
  AwsAccessError,
  describeFileError,
  ERROR_CATALOGUE,
  ReconcileError,
  renderErrorCatalogue,
} from '../src/errors.js';

const ROOT = resolve(import.meta.dirname, '..');

const fsError = (code: string, message = `${code}: something, open '/x/y'`) =>
  Object.assign(new Error(message), { code });

describe('describeFileError', () => {
  it.each([
    ['ENOENT', 'read', 'no such file'],
    ['ENOENT', 'write', 'the directory does not exist'],
    ['EISDIR', 'read', 'it is a directory'],
    ['EISDIR', 'write', 'it is a directory'],
    ['ENOTDIR', 'read', 'a part of the path is a file, not a directory'],
    ['EEXIST', 'write', 'a part of the path is a file, not a directory'],
    ['EACCES', 'read', 'permission denied'],
    ['EPERM', 'write', 'permission denied'],
  ] as const)(
    'GIVEN a file-system error %s WHEN a %s fails THEN the reason is in words, without the path',
    (code, op, words) => {
      expect(describeFileError(fsError(code), op)).toBe(words);
    },
  );

  it("GIVEN an error code it has no words for WHEN described THEN Node's own message", () => {
    expect(describeFileError(fsError('EMFILE', 'EMFILE: too many open files'), 'read')).toBe(
      'EMFILE: too many open files',
    );
    expect(describeFileError('odd', 'read')).toBe('odd');
  });
});

/**
 * The error codes written in the source: the string literals passed as `code` to ReconcileError or to
 * one of its subclasses (found in the same text, transitively), including defaults of such parameters.
 */
function codesInSource(files: readonly { path: string; text: string }[]): Map<string, string[]> {
  const sources = files.map((f) => ({
    ...f,
    ast: ts.createSourceFile(f.path, f.text, ts.ScriptTarget.ES2022, true),
  }));
  // ReconcileError and every class that extends it (directly or through another subclass).
  const classes = new Set(['ReconcileError']);
  for (let grew = true; grew; ) {
    grew = false;
    for (const { ast } of sources)
      ast.forEachChild(function visit(node): void {
        if (ts.isClassDeclaration(node) && node.name && !classes.has(node.name.text)) {
          const base = node.heritageClauses?.[0]?.types[0]?.expression;
          if (base && ts.isIdentifier(base) && classes.has(base.text)) {
            classes.add(node.name.text);
            grew = true;
          }
        }
        node.forEachChild(visit);
      });
  }
  const found = new Map<string, string[]>();
  const note = (node: ts.Node, file: string, ast: ts.SourceFile) => {
    if (!ts.isStringLiteralLike(node) || !/^[A-Z][A-Z0-9_]+$/.test(node.text)) return;
    const line = ast.getLineAndCharacterOfPosition(node.getStart(ast)).line + 1;
    found.set(node.text, [...(found.get(node.text) ?? []), `${file}:${line}`]);
  };
  for (const { path, ast } of sources)
    ast.forEachChild(function visit(node): void {
      const inErrorClass = (n: ts.Node): boolean =>
        ts.isClassDeclaration(n)
          ? Boolean(n.name && classes.has(n.name.text))
          : n.parent
            ? inErrorClass(n.parent)
            : false;
      if (ts.isNewExpression(node) && ts.isIdentifier(node.expression) && classes.has(node.expression.text))
        for (const a of node.arguments ?? []) note(a, path, ast);
      if (
        ts.isCallExpression(node) &&
        node.expression.kind === ts.SyntaxKind.SuperKeyword &&
        inErrorClass(node)
      )
        for (const a of node.arguments) note(a, path, ast);
      if (
        ts.isParameter(node) &&
        node.initializer &&
        ts.isConstructorDeclaration(node.parent) &&
        inErrorClass(node)
      )
        note(node.initializer, path, ast);
      node.forEachChild(visit);
    });
  return found;
}

function sourceFiles(dir: string): { path: string; text: string }[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(path);
    return e.name.endsWith('.ts') ? [{ path: relative(ROOT, path), text: readFileSync(path, 'utf8') }] : [];
  });
}

describe('error codes: one union, one catalogue, one README table', () => {
  const catalogued = new Set(Object.keys(ERROR_CATALOGUE));
  const used = codesInSource([...sourceFiles(join(ROOT, 'src')), ...sourceFiles(join(ROOT, 'spec'))]);

  it('GIVEN every ReconcileError raised in src/ and spec/ WHEN its code is read THEN it is in the catalogue', () => {
    const unknown = [...used]
      .filter(([code]) => !catalogued.has(code))
      .map(([c, at]) => `${c} (${at.join(', ')})`);
    expect(unknown).toEqual([]);
    // The scan finds the codes it should (a scan that finds nothing would pass vacuously).
    expect(used.get('SPEC_INVALID')?.[0]).toMatch(/^src\/errors\.ts:\d+$/);
    expect(used.get('WRONG_ACCOUNT')?.length).toBeGreaterThanOrEqual(2);
  });

  it('GIVEN the catalogue WHEN compared with the source THEN every catalogued code is used somewhere', () => {
    expect([...catalogued].filter((c) => !used.has(c))).toEqual([]);
  });

  it('GIVEN a source with a code missing from the catalogue WHEN scanned THEN the scan reports it', () => {
    const found = codesInSource([
      {
        path: 'x.ts',
        text: `class OddError extends ReconcileError { constructor(m: string) { super('ODD_ONE', m); } }
               class OdderError extends OddError {}
               throw new ReconcileError('NOT_LISTED', 'x');
               throw new AwsAccessError('m', 'ALSO_NOT');`,
      },
      {
        path: 'errors.ts',
        text: `export class AwsAccessError extends ReconcileError { constructor(m: string, code = 'DEFAULTED') { super(code, m); } }`,
      },
    ]);
    expect([...found.keys()].sort()).toEqual(['ALSO_NOT', 'DEFAULTED', 'NOT_LISTED', 'ODD_ONE']);
  });

  it('GIVEN the README WHEN read THEN it holds the catalogue table exactly (regenerate from renderErrorCatalogue)', () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    expect(readme).toContain(renderErrorCatalogue());
  });

  it('GIVEN a ReconcileError subclass WHEN thrown THEN it carries its catalogued code and exit code', () => {
    const e = new AwsAccessError('x');
    expect(e.code).toBe('AWS_ACCESS');
    expect(e.exitCode).toBe(ERROR_CATALOGUE.AWS_ACCESS.exitCode);
    expect(new ReconcileError('OUTPUT_EXISTS', 'y').exitCode).toBe(ERROR_CATALOGUE.OUTPUT_EXISTS.exitCode);
  });
});
