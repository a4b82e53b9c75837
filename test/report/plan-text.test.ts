import { describe, expect, it } from 'vitest';
import { planChanges } from '../../src/planner/index.js';
import { summaryLine } from '../../src/report/plan-lines.js';
import { renderPlanText } from '../../src/report/plan-text.js';
import { bucketAttrs, CREATED_AT, desiredState, liveState, present, resource } from '../planner/builders.js';

describe('renderPlanText', () => {
  it('GIVEN counts WHEN summarised THEN the exact terraform-like line, replace and unchecked only when non-zero', () => {
    const zero = { create: 0, update: 0, replace: 0, delete: 0, blocked: 0, noop: 0, unchecked: 0 };
    expect(summaryLine({ ...zero, create: 3, update: 5, blocked: 1 })).toBe(
      'Plan: 3 to create, 5 to update, 0 to delete, 1 blocked.',
    );
    expect(summaryLine({ ...zero, replace: 2, unchecked: 1 })).toBe(
      'Plan: 0 to create, 0 to update, 2 to replace, 0 to delete, 0 blocked, 1 unchecked.',
    );
  });

  it('GIVEN a change WHEN rendered without colour THEN no ANSI escapes; with colour THEN the symbol is coloured', () => {
    const b = resource('s3.bucket', 'b', bucketAttrs());
    const plan = planChanges(
      desiredState(b),
      liveState({ [b.address]: present(bucketAttrs({ versioning: 'Suspended' })) }),
      {
        createdAt: CREATED_AT,
      },
    );
    const plain = renderPlanText(plan, { color: false });
    expect(plain).not.toContain('\u001b[');
    expect(plain).toContain('  ~ s3.bucket/b\n');
    expect(plain).toContain('~ versioning: "Suspended" -> "Enabled"');
    expect(plain).toContain('s3 · eu-west-1');
    expect(renderPlanText(plan, { color: true })).toContain('\u001b[33m~\u001b[0m');
  });
});
