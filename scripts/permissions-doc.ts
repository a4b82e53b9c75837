/**
 * Keeps the IAM policies in docs/scheduling.md generated: each block that follows a marker
 * `<!-- reconcile permissions ARGS -->` is the output of `reconcile permissions ARGS` (with the
 * repository's backup-spec.yaml). `npm run docs:permissions` rewrites them;
 * test/cli/permissions-doc.test.ts fails when one is stale.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const MARKER = /<!-- reconcile (permissions [^>]*?) -->\n```json\n[\s\S]*?```\n/g;

/** `markdown` with every marked block replaced by `render(args)` (args after `reconcile`). */
export async function syncPermissionBlocks(
  markdown: string,
  render: (args: readonly string[]) => Promise<string>,
): Promise<string> {
  const parts: string[] = [];
  let last = 0;
  for (const m of markdown.matchAll(MARKER)) {
    const command = m[1] as string;
    parts.push(
      markdown.slice(last, m.index),
      `<!-- reconcile ${command} -->\n\`\`\`json\n${await render(command.split(/\s+/))}\`\`\`\n`,
    );
    last = (m.index ?? 0) + m[0].length;
  }
  parts.push(markdown.slice(last));
  return parts.join('');
}

/** The marked commands of `markdown`, as written. */
export function markedCommands(markdown: string): string[] {
  return [...markdown.matchAll(MARKER)].map((m) => m[1] as string);
}

async function main(): Promise<void> {
  const { runCli } = await import('../test/support/cli.js');
  const root = resolve(import.meta.dirname, '..');
  const file = resolve(root, 'docs/scheduling.md');
  const before = await readFile(file, 'utf8');
  const after = await syncPermissionBlocks(before, async (args) => {
    const r = await runCli(args, { cwd: root, env: { LOG_LEVEL: 'silent' } });
    if (r.code !== 0) throw new Error(`reconcile ${args.join(' ')}: ${r.stderr}`);
    return r.stdout;
  });
  if (after !== before) await writeFile(file, after);
  process.stdout.write(
    `${after === before ? 'up to date' : 'updated'}: ${markedCommands(after).length} policies\n`,
  );
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await main();
