/**
 * docs/scheduling.md shows generated policies, not hand-written ones: every block after a
 * `<!-- reconcile permissions ... -->` marker is exactly what that command prints for the repository's
 * backup-spec.yaml (`npm run docs:permissions` rewrites them).
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { markedCommands, syncPermissionBlocks } from '../../scripts/permissions-doc.js';
import { runCli } from '../support/cli.js';

const ROOT = resolve(import.meta.dirname, '../..');
const DOC = readFileSync(resolve(ROOT, 'docs/scheduling.md'), 'utf8');

async function render(args: readonly string[]): Promise<string> {
  const r = await runCli(args, { cwd: ROOT, env: { LOG_LEVEL: 'silent' } });
  expect(r.code, r.stderr).toBe(0);
  return r.stdout;
}

describe('docs/scheduling.md policies', () => {
  it('GIVEN the doc WHEN read THEN it shows the generated report, apply and drill policies', () => {
    expect(markedCommands(DOC)).toEqual([
      'permissions --for report --publish-sns arn:aws:sns:eu-west-1:828879644785:mnemonica-backup-alerts --json',
      'permissions --for apply --json',
      'permissions --for drill --json',
    ]);
  });

  it('GIVEN each marked command WHEN run THEN its block is exactly its output (npm run docs:permissions)', async () => {
    expect(await syncPermissionBlocks(DOC, render)).toBe(DOC);
  });

  it('GIVEN a stale block WHEN synced THEN it is replaced (the check can fail)', async () => {
    const stale = DOC.replace('"sns:Publish"', '"sns:Publish", "sns:DeleteTopic"');
    expect(stale).not.toBe(DOC);
    expect(await syncPermissionBlocks(stale, render)).toBe(DOC);
  });
});
