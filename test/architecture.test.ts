/**
 * House rule 1 (README "Architecture", ../shared/design/ARCHITECTURE.md): pure core, thin shell. The
 * spec language, the planner, lint, the report renderers and the shared model import no AWS SDK, no fs
 * (no Node built-in at all but node:crypto), no I/O layer of this project (adapters, executor, CLI,
 * import), and never touch `process`. Checked on the syntax tree of every source file, so comments and
 * strings that merely mention these names do not count.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join, relative, resolve, sep } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '..');

/** The folders that must stay pure. */
const PURE_FOLDERS = ['spec', 'src/model', 'src/planner', 'src/lint', 'src/report'] as const;

/** Project folders that do I/O: a pure module must not import them (not even for types). */
const IO_FOLDERS = ['src/adapters', 'src/executor', 'src/cli', 'src/import'] as const;

const ALLOWED_BUILTINS = new Set(['node:crypto', 'crypto']);
const BUILTINS = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));

/** What is wrong with one module specifier imported by `file`; undefined when it is allowed. */
function forbiddenImport(file: string, specifier: string): string | undefined {
  if (specifier.startsWith('@aws-sdk/')) return `imports the AWS SDK (${specifier})`;
  if (ALLOWED_BUILTINS.has(specifier)) return undefined;
  if (specifier.startsWith('node:') || BUILTINS.has(specifier) || BUILTINS.has(specifier.split('/')[0] ?? ''))
    return `imports the Node built-in ${specifier}`;
  if (specifier.startsWith('.')) {
    const target = relative(ROOT, resolve(dirname(file), specifier))
      .split(sep)
      .join('/');
    const io = IO_FOLDERS.find((f) => target === f || target.startsWith(`${f}/`));
    if (io) return `imports ${specifier} from ${io}/, which does I/O`;
  }
  return undefined;
}

/** Every rule-1 violation in one source text, as `file:line: what`. */
function purityViolations(file: string, text: string): string[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.ES2022, true);
  const found: string[] = [];
  const report = (node: ts.Node, what: string) => {
    const { line } = source.getLineAndCharacterOfPosition(node.getStart(source));
    found.push(`${relative(ROOT, file)}:${line + 1}: ${what}`);
  };
  const checkSpecifier = (node: ts.Node, spec: ts.Expression | undefined) => {
    if (!spec || !ts.isStringLiteralLike(spec)) return;
    const problem = forbiddenImport(file, spec.text);
    if (problem) report(node, problem);
  };
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) || ts.isExportDeclaration(node))
      checkSpecifier(node, node.moduleSpecifier);
    else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference))
      checkSpecifier(node, node.moduleReference.expression);
    else if (
      ts.isCallExpression(node) &&
      (node.expression.kind === ts.SyntaxKind.ImportKeyword ||
        (ts.isIdentifier(node.expression) && node.expression.text === 'require'))
    )
      checkSpecifier(node, node.arguments[0]);
    else if (ts.isIdentifier(node) && node.text === 'process') {
      const parent = node.parent;
      const isMemberName =
        (ts.isPropertyAccessExpression(parent) && parent.name === node) ||
        (ts.isPropertyAssignment(parent) && parent.name === node) ||
        (ts.isPropertySignature(parent) && parent.name === node) ||
        (ts.isPropertyDeclaration(parent) && parent.name === node) ||
        (ts.isMethodDeclaration(parent) && parent.name === node);
      if (!isMemberName) report(node, 'uses process');
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

function sourceFiles(folder: string): string[] {
  return readdirSync(join(ROOT, folder), { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'))
    .map((f) => join(ROOT, folder, f))
    .sort();
}

describe('house rule 1: a pure core', () => {
  it.each(PURE_FOLDERS)(
    'GIVEN every source file under %s/ WHEN its imports and globals are scanned THEN none imports the SDK, fs (or any Node built-in but node:crypto), an I/O folder, or uses process',
    (folder) => {
      const files = sourceFiles(folder);
      expect(files.length).toBeGreaterThan(0);
      const violations = files.flatMap((f) => purityViolations(f, readFileSync(f, 'utf8')));
      expect(violations).toEqual([]);
    },
  );

  it('GIVEN a module that breaks the rule in every way WHEN scanned THEN each break is reported with its line', () => {
    const file = join(ROOT, 'src/planner/example.ts');
    const text = [
      "import { S3Client } from '@aws-sdk/client-s3';",
      "import { readFileSync } from 'node:fs';",
      "import type { Stats } from 'fs';",
      "export { x } from 'fs/promises';",
      "import { createHash } from 'node:crypto';",
      "import type { ReadContext } from '../adapters/types.js';",
      "import { addressOf } from '../model/resource.js';",
      "const later = await import('node:child_process');",
      'const home = process.env.HOME;',
      '// process.exit(1) in a comment, and "process.cwd()" in a string, do not count',
      "const s = 'process.cwd()';",
      'const o = { process: 1 }; o.process;',
    ].join('\n');
    expect(purityViolations(file, text)).toEqual([
      'src/planner/example.ts:1: imports the AWS SDK (@aws-sdk/client-s3)',
      'src/planner/example.ts:2: imports the Node built-in node:fs',
      'src/planner/example.ts:3: imports the Node built-in fs',
      'src/planner/example.ts:4: imports the Node built-in fs/promises',
      'src/planner/example.ts:6: imports ../adapters/types.js from src/adapters/, which does I/O',
      'src/planner/example.ts:8: imports the Node built-in node:child_process',
      'src/planner/example.ts:9: uses process',
    ]);
  });
});
