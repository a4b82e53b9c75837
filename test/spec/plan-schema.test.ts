/**
 * spec/plan.schema.json is what spec/plan-schema.ts generates, and it accepts what the tool saves:
 * the committed guide-before plan and plans made now from every fixture scenario (ajv and zod agree).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { planSchema, renderPlanJsonSchema } from '../../spec/plan-schema.js';
import { runCli } from '../support/cli.js';

const ROOT = join(import.meta.dirname, '..', '..');
const committed = readFileSync(join(ROOT, 'spec', 'plan.schema.json'), 'utf8');
const ajv = new Ajv({ allErrors: true, strict: false });
const validate = ajv.compile(JSON.parse(committed));

describe('GIVEN spec/plan.schema.json', () => {
  it('THEN it is current (regenerate with `npm run schema`)', () => {
    expect(committed).toBe(renderPlanJsonSchema());
  });

  it('WHEN the committed guide-before plan is checked THEN ajv and zod accept it', () => {
    const plan = JSON.parse(readFileSync(join(ROOT, 'fixtures', 'guide-before', 'plan.json'), 'utf8'));
    expect(validate(plan), JSON.stringify(validate.errors)).toBe(true);
    expect(planSchema.safeParse(plan).success).toBe(true);
  });

  it.each(['blocked-and-deleted', 'iam-broadened', 'retention-shortened', 'unreadable', 'secret-endpoint'])(
    'WHEN the plan of fixture %s is made now THEN ajv and zod accept it',
    async (name) => {
      const r = await runCli(
        [
          '--plan',
          '--json',
          '--spec',
          `fixtures/${name}/backup-spec.yaml`,
          '--live',
          `fixtures/${name}/live.json`,
        ],
        { cwd: ROOT, env: { LOG_LEVEL: 'silent', ALERTS_WEBHOOK_URL: 'https://hooks.example.com/x' } },
      );
      const plan = JSON.parse(r.stdout);
      expect(validate(plan), JSON.stringify(validate.errors)).toBe(true);
      expect(planSchema.safeParse(plan).success).toBe(true);
    },
  );

  it('WHEN a change has no action, or a risk that is not one THEN both reject it', () => {
    const plan = JSON.parse(readFileSync(join(ROOT, 'fixtures', 'guide-before', 'plan.json'), 'utf8'));
    for (const edit of [
      (p: { changes: Record<string, unknown>[] }) => {
        delete p.changes[0]?.action;
      },
      (p: { changes: Record<string, unknown>[] }) => {
        if (p.changes[0]) p.changes[0].risk = 'none';
      },
    ]) {
      const copy = structuredClone(plan);
      edit(copy);
      expect(validate(copy)).toBe(false);
      expect(planSchema.safeParse(copy).success).toBe(false);
    }
  });
});
