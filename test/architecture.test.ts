/**
 * House rule 1 (README "Architecture", ../shared/design/ARCHITECTURE.md): pure core, thin shell. The
 * spec language, the planner, lint, the report renderers and the shared model import no AWS SDK, no fs
 * (no Node built-in at all but node:crypto), no I/O layer of this project (adapters, executor, CLI,
 * import), and never touch `process`.
 *
 * House rule 2: a sealed AWS boundary. Only src/adapters imports `@aws-sdk/*` (tests, bench and
 * scripts may too: they are not scanned); the adapters import nothing from the layers above them
 * (lint, report, planner, CLI, executor, import); and every AWS call passes one choke point: no source
 * file calls `.send(` but the declared clients and the client pool (src/adapters/declared-client.ts,
 * aws-config.ts), so a scheduler plugged into the pool sees every call.
 *
 * Both are checked on the syntax tree of every source file, so comments and strings that merely
 * mention these names do not count.
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
const IO_FOLDERS = ['src/adapters', 'src/executor', 'src/cli', 'src/import', 'src/io'] as const;

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

/** Calls `check` with every module specifier a source imports or re-exports (static, dynamic, require). */
function visitModuleSpecifiers(
  source: ts.SourceFile,
  check: (node: ts.Node, specifier: string) => void,
): void {
  const take = (node: ts.Node, spec: ts.Expression | undefined) => {
    if (spec && ts.isStringLiteralLike(spec)) check(node, spec.text);
  };
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) take(node, node.moduleSpecifier);
    else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference))
      take(node, node.moduleReference.expression);
    else if (
      ts.isCallExpression(node) &&
      (node.expression.kind === ts.SyntaxKind.ImportKeyword ||
        (ts.isIdentifier(node.expression) && node.expression.text === 'require'))
    )
      take(node, node.arguments[0]);
    ts.forEachChild(node, visit);
  };
  visit(source);
}

/** Every rule-1 violation in one source text, as `file:line: what`. */
function purityViolations(file: string, text: string): string[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.ES2022, true);
  const found: string[] = [];
  const report = (node: ts.Node, what: string) => {
    const { line } = source.getLineAndCharacterOfPosition(node.getStart(source));
    found.push(`${relative(ROOT, file)}:${line + 1}: ${what}`);
  };
  visitModuleSpecifiers(source, (node, specifier) => {
    const problem = forbiddenImport(file, specifier);
    if (problem) report(node, problem);
  });
  const visit = (node: ts.Node): void => {
    if (ts.isIdentifier(node) && node.text === 'process') {
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

/** The only folder whose modules may import the AWS SDK. */
const SDK_FOLDER = 'src/adapters';

/** Layers above the adapters: an adapter importing one would turn the dependency around. */
const ABOVE_ADAPTERS = [
  'src/lint',
  'src/report',
  'src/planner',
  'src/cli',
  'src/executor',
  'src/import',
] as const;

/** The one choke point: the only files that may call `.send(` (declared clients -> ClientPool.send -> SDK). */
const CHOKE_POINT = new Set(['src/adapters/declared-client.ts', 'src/adapters/aws-config.ts']);

function projectPath(file: string): string {
  return relative(ROOT, file).split(sep).join('/');
}

function within(path: string, folder: string): boolean {
  return path === folder || path.startsWith(`${folder}/`);
}

/** Every rule-2 violation in one source text under src/, as `file:line: what`. */
function boundaryViolations(file: string, text: string): string[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.ES2022, true);
  const me = projectPath(file);
  const found: string[] = [];
  const report = (node: ts.Node, what: string) => {
    const { line } = source.getLineAndCharacterOfPosition(node.getStart(source));
    found.push(`${me}:${line + 1}: ${what}`);
  };
  visitModuleSpecifiers(source, (node, specifier) => {
    if (specifier.startsWith('@aws-sdk/') && !within(me, SDK_FOLDER))
      report(node, `imports the AWS SDK (${specifier}) outside ${SDK_FOLDER}/`);
    if (within(me, SDK_FOLDER) && specifier.startsWith('.')) {
      const target = projectPath(resolve(dirname(file), specifier));
      const above = ABOVE_ADAPTERS.find((f) => within(target, f));
      if (above) report(node, `an adapter imports ${specifier} from ${above}/`);
    }
  });
  const visit = (node: ts.Node): void => {
    if (
      ts.isCallExpression(node) &&
      ts.isPropertyAccessExpression(node.expression) &&
      node.expression.name.text === 'send' &&
      !CHOKE_POINT.has(me)
    )
      report(node, 'calls .send( outside the declared clients (every AWS call goes through ClientPool.send)');
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
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

describe('house rule 2: a sealed AWS boundary', () => {
  it('GIVEN every source file under src/ WHEN its imports and calls are scanned THEN only src/adapters imports the SDK, adapters import no layer above them, and only the declared clients call .send(', () => {
    const files = sourceFiles('src');
    expect(files.length).toBeGreaterThan(50);
    const violations = files.flatMap((f) => boundaryViolations(f, readFileSync(f, 'utf8')));
    expect(violations).toEqual([]);
  });

  it('GIVEN modules that break the boundary in every way WHEN scanned THEN each break is reported with its line, and a conforming adapter is not', () => {
    const outside = join(ROOT, 'src/import/example.ts');
    expect(
      boundaryViolations(
        outside,
        [
          "import { ListBucketsCommand } from '@aws-sdk/client-s3';",
          "import type { Bucket } from '@aws-sdk/client-s3';",
          "const later = await import('@aws-sdk/client-sns');",
          'await pool.get("s3").send(new ListBucketsCommand({}));',
          '// client.send(x) in a comment does not count',
        ].join('\n'),
      ),
    ).toEqual([
      'src/import/example.ts:1: imports the AWS SDK (@aws-sdk/client-s3) outside src/adapters/',
      'src/import/example.ts:2: imports the AWS SDK (@aws-sdk/client-s3) outside src/adapters/',
      'src/import/example.ts:3: imports the AWS SDK (@aws-sdk/client-sns) outside src/adapters/',
      'src/import/example.ts:4: calls .send( outside the declared clients (every AWS call goes through ClientPool.send)',
    ]);
    const adapter = join(ROOT, 'src/adapters/s3/example.ts');
    expect(
      boundaryViolations(
        adapter,
        [
          "import { parseVaultArn } from '../../lint/desired-index.js';",
          "import type { Evidence } from '../../report/health/evidence.js';",
          "export { planChanges } from '../../planner/index.js';",
          "import { runCli } from '../../cli/main.js';",
          "import { executePlan } from '../../executor/execute-plan.js';",
          "import { importLive } from '../../import/discover.js';",
          'await sdk.send(command);',
        ].join('\n'),
      ),
    ).toEqual([
      'src/adapters/s3/example.ts:1: an adapter imports ../../lint/desired-index.js from src/lint/',
      'src/adapters/s3/example.ts:2: an adapter imports ../../report/health/evidence.js from src/report/',
      'src/adapters/s3/example.ts:3: an adapter imports ../../planner/index.js from src/planner/',
      'src/adapters/s3/example.ts:4: an adapter imports ../../cli/main.js from src/cli/',
      'src/adapters/s3/example.ts:5: an adapter imports ../../executor/execute-plan.js from src/executor/',
      'src/adapters/s3/example.ts:6: an adapter imports ../../import/discover.js from src/import/',
      'src/adapters/s3/example.ts:7: calls .send( outside the declared clients (every AWS call goes through ClientPool.send)',
    ]);
    expect(
      boundaryViolations(
        adapter,
        [
          "import { ListBucketsCommand } from '@aws-sdk/client-s3';",
          "import type { S3BucketAttrs } from '../../model/attrs.js';",
          "import { ReconcileError } from '../../errors.js';",
          "import { S3_CLIENT } from './client.js';",
          'await S3_CLIENT.reader(pool).listBuckets({});',
        ].join('\n'),
      ),
    ).toEqual([]);
  });
});
