/**
 * The golden plan scenarios (fixtures/<scenario>/): how each is planned, exactly like
 * `reconcile --plan --spec <spec> --live <dir>/live.json`, at a fixed time.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseSpec } from '../../spec/parse-spec.js';
import { loadSnapshot } from '../../src/adapters/snapshot.js';
import { alignWithDesired } from '../../src/cli/live-source.js';
import type { Plan } from '../../src/model/plan.js';
import { planChanges } from '../../src/planner/index.js';

export const ROOT = join(import.meta.dirname, '..', '..');
/** Fixed so that goldens are stable. */
export const CREATED_AT = '2026-01-01T00:00:00.000Z';
/** The webhook the secret-endpoint scenario plants; it must never appear in any output. */
export const PLANTED_WEBHOOK =
  'https://user:pa55word@hooks.example.com/services/T0SECRET/B0SECRET/XyZsecretToken?token=qs-secret-123';

export interface Scenario {
  readonly dir: string;
  /** Spec path relative to the repo root (default `<dir>/backup-spec.yaml`). */
  readonly spec?: string;
  readonly env?: Readonly<Record<string, string>>;
  /** Expected --plan exit code. */
  readonly exitCode: 0 | 1 | 2;
}

export const SCENARIOS: readonly Scenario[] = [
  { dir: 'fixtures/in-sync', exitCode: 0 },
  { dir: 'fixtures/guide-before', spec: 'backup-spec.yaml', exitCode: 2 },
  { dir: 'fixtures/retention-shortened', exitCode: 2 },
  { dir: 'fixtures/replication-removed', exitCode: 2 },
  { dir: 'fixtures/alarm-threshold-changed', exitCode: 2 },
  { dir: 'fixtures/iam-broadened', exitCode: 2 },
  { dir: 'fixtures/unreadable', exitCode: 1 },
  { dir: 'fixtures/secret-endpoint', env: { ALERTS_WEBHOOK_URL: PLANTED_WEBHOOK }, exitCode: 2 },
  { dir: 'fixtures/blocked-and-deleted', exitCode: 2 },
];

/** Plans a scenario the way `reconcile --plan --live` does, at the fixed time. */
export async function planScenario(s: Scenario): Promise<Plan> {
  const specPath = s.spec ?? join(s.dir, 'backup-spec.yaml');
  const desired = parseSpec(readFileSync(join(ROOT, specPath)), specPath, s.env ?? {});
  const liveFile = join(s.dir, 'live.json');
  const live = alignWithDesired(await loadSnapshot(join(ROOT, liveFile)), desired, liveFile);
  return planChanges(desired, live, { createdAt: CREATED_AT });
}
