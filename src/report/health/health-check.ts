/** The result of one backup-health check. Pure types. */

export type HealthStatus = 'pass' | 'warn' | 'fail';

/** One check, within one recovery scenario, with the evidence that decided it. */
export interface HealthCheck {
  /** The recovery scenario (RecoveryScenario.name) this check backs. */
  readonly scenario: string;
  /** Stable id: `<check>:<subject>`, e.g. `rds-pitr:rds.instance/eu-west-1/db`. Unique per scenario. */
  readonly id: string;
  /** One line a person understands. */
  readonly title: string;
  /** `pass`: proven; `warn`: could not be proven or is borderline; `fail`: proven broken. */
  readonly status: HealthStatus;
  /** The facts that decided the status, one per line (never secrets). */
  readonly evidence: readonly string[];
}

/** Counts of checks per status. */
export interface HealthCounts {
  readonly pass: number;
  readonly warn: number;
  readonly fail: number;
}

export function countHealth(checks: readonly HealthCheck[]): HealthCounts {
  return {
    pass: checks.filter((c) => c.status === 'pass').length,
    warn: checks.filter((c) => c.status === 'warn').length,
    fail: checks.filter((c) => c.status === 'fail').length,
  };
}

/** `45 s`-free human duration from minutes: `5 min`, `6.2 h`, `3.1 days`. */
export function formatMinutes(minutes: number): string {
  const m = Math.max(0, minutes);
  if (m < 120) return `${Math.round(m)} min`;
  if (m < 48 * 60) return `${trim1(m / 60)} h`;
  return `${trim1(m / 1440)} days`;
}

function trim1(n: number): string {
  const r = Math.round(n * 10) / 10;
  return Number.isInteger(r) ? String(r) : r.toFixed(1);
}
