import { describe, expect, it } from 'vitest';
import { loadSpecFile } from '../../src/cli/spec-file.js';
import { countFindings, lintDesired } from '../../src/lint/index.js';

const ROOT = new URL('../..', import.meta.url).pathname;

describe('lint acceptance: the guide as written vs our backup-spec.yaml', () => {
  it("GIVEN the configuration exactly as the guide writes it WHEN linted THEN its mistakes are errors on the guide's resources (lag alarms included: latency is published in the destination region)", async () => {
    const desired = await loadSpecFile('fixtures/guide-as-written/backup-spec.yaml', {}, ROOT);
    const found = lintDesired(desired);
    const byRule = (id: string) => found.filter((f) => f.ruleId === id).map((f) => f.address);

    expect(byRule('s3-replication-latency-units')).toEqual([
      'cloudwatch.alarm/eu-west-1/mnemonica-media-replication-lag',
      'cloudwatch.alarm/eu-west-1/mnemonica-vault-replication-lag',
    ]);
    expect(byRule('cloudwatch-alarm-cross-region-metric')).toEqual([
      'cloudwatch.alarm/eu-west-1/mnemonica-media-replica-object-count-anomaly',
      'cloudwatch.alarm/eu-west-1/mnemonica-media-replication-lag',
      'cloudwatch.alarm/eu-west-1/mnemonica-vault-replica-object-count-anomaly',
      'cloudwatch.alarm/eu-west-1/mnemonica-vault-replication-lag',
    ]);
    expect(byRule('events-sns-target-policy')).toEqual([
      'events.rule/eu-west-3/mnemonica-backup-job-failures-dr',
    ]);
    expect(found.every((f) => f.severity === 'error' && f.silencedReason === undefined)).toBe(true);
    expect(found.find((f) => f.ruleId === 's3-replication-latency-units')?.message).toContain('10.4 days');
    expect(found[0]?.source?.file).toBe('fixtures/guide-as-written/backup-spec.yaml');
  });

  it("GIVEN the repo's backup-spec.yaml WHEN linted THEN no rule trips (nothing silenced either)", async () => {
    const desired = await loadSpecFile('backup-spec.yaml', {}, ROOT);
    const found = lintDesired(desired);
    expect(found).toEqual([]);
    expect(countFindings(found)).toEqual({ error: 0, warning: 0, info: 0, silenced: 0 });
  });
});
