/**
 * Golden plan scenarios: every folder in SCENARIOS holds a spec and a live snapshot, and the expected
 * plan in all three formats (plan.json, plan.txt without colour, plan.md). Regenerate after an
 * intended change with `npm run golden` (UPDATE_GOLDEN=1) and review the diff.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { planExitCode } from '../../src/cli/commands/plan.js';
import { renderPlanJson } from '../../src/report/plan-json.js';
import { renderPlanMarkdown } from '../../src/report/plan-markdown.js';
import { renderPlanText } from '../../src/report/plan-text.js';
import { planScenario, ROOT, SCENARIOS } from './scenarios.js';

const UPDATE = process.env.UPDATE_GOLDEN === '1';

function checkGolden(file: string, actual: string): void {
  const path = join(ROOT, file);
  if (UPDATE || !existsSync(path)) {
    if (!UPDATE) throw new Error(`missing golden file ${file}: run npm run golden`);
    writeFileSync(path, actual);
    return;
  }
  expect(actual, `${file} differs from the plan (npm run golden regenerates it)`).toBe(
    readFileSync(path, 'utf8'),
  );
}

describe('golden plan scenarios', () => {
  for (const s of SCENARIOS) {
    it(`GIVEN ${s.dir} WHEN planned THEN plan.json, plan.txt and plan.md match and the exit code is ${s.exitCode}`, async () => {
      const plan = await planScenario(s);
      checkGolden(join(s.dir, 'plan.json'), renderPlanJson(plan));
      checkGolden(join(s.dir, 'plan.txt'), renderPlanText(plan, { color: false }));
      checkGolden(join(s.dir, 'plan.md'), renderPlanMarkdown(plan));
      expect(planExitCode(plan)).toBe(s.exitCode);
    });
  }
});
