/**
 * Honest verdicts, lint part (issue 12): the spec's lint findings are shown by `--plan` (text,
 * Markdown, JSON), and `--apply` refuses a spec with unsilenced lint errors (exit 1, LINT_ERRORS)
 * before any AWS call, unless each is silenced with a written reason on its resource.
 * fixtures/replication-removed's spec has one real lint error: an alarm on ReplicationLatency of a
 * bucket whose spec declares no replication.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { planChanges } from '../../src/planner/index.js';
import { renderPlanJson } from '../../src/report/plan-json.js';
import { renderPlanMarkdown } from '../../src/report/plan-markdown.js';
import { renderPlanText } from '../../src/report/plan-text.js';
import { bucket, desiredState, s3Alarm } from '../lint/desired-builders.js';
import { liveState, NOW } from '../report/health-builders.js';
import { runCli } from '../support/cli.js';

const ROOT = join(import.meta.dirname, '..', '..');
const SPEC = 'fixtures/replication-removed/backup-spec.yaml';
const LIVE = 'fixtures/replication-removed/live.json';
const RULE = 's3-replication-alarm-needs-metrics';
const ALARM = 'cloudwatch.alarm/eu-west-1/media-replication-lag';
// Nobody listens here: an AWS call would end in AWS_UNREACHABLE, never in LINT_ERRORS.
const NOWHERE = 'http://127.0.0.1:9';
const ENV = { LOG_LEVEL: 'silent', AWS_ACCESS_KEY_ID: 'x', AWS_SECRET_ACCESS_KEY: 'y' };

const tmp = mkdtempSync(join(tmpdir(), 'lint-verdicts-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const plan = (format: string[]) =>
  runCli(['plan', '--spec', SPEC, '--live', LIVE, ...format], { cwd: ROOT, env: { LOG_LEVEL: 'silent' } });

describe('--plan shows the spec lint findings', () => {
  it('GIVEN a spec with a lint error WHEN planned as text THEN a Lint section names rule, resource, line and what apply does', async () => {
    const r = await plan([]);
    expect(r.code).toBe(2);
    expect(r.stdout).toMatch(
      /Lint: \d+ error\(s\), \d+ warning\(s\), \d+ info, 0 silenced: --apply refuses this spec/,
    );
    expect(r.stdout).toContain(`  error ${RULE} ${ALARM} (${SPEC}:67:5)`);
  });

  it('GIVEN the same WHEN planned as JSON and Markdown THEN the finding is in both', async () => {
    const json = JSON.parse((await plan(['--json'])).stdout) as {
      lint?: { ruleId: string; severity: string; address: string }[];
    };
    expect(json.lint).toEqual(
      expect.arrayContaining([expect.objectContaining({ ruleId: RULE, severity: 'error', address: ALARM })]),
    );
    const md = (await plan(['--markdown'])).stdout;
    expect(md).toContain('### Lint');
    expect(md).toContain(`- **error** \`${RULE}\` \`${ALARM}\``);
  });

  it('GIVEN a spec without findings WHEN planned as JSON THEN no lint key (additive field)', () => {
    const media = bucket('media', { versioning: 'Enabled' });
    const desired = desiredState([media], []);
    const live = liveState(desired, { [media.address]: { status: 'present', attrs: media.attrs } });
    const json = JSON.parse(renderPlanJson(planChanges(desired, live, { createdAt: NOW.toISOString() })));
    expect(Object.keys(json)).not.toContain('lint');
  });
});

describe('--apply refuses unsilenced lint errors', () => {
  it('GIVEN a spec with a lint error WHEN applied THEN exit 1 LINT_ERRORS naming it, before any AWS call', async () => {
    const r = await runCli(['apply', '--yes', '--spec', join(ROOT, SPEC), '--endpoint-url', NOWHERE], {
      cwd: tmp,
      env: ENV,
    });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/refusing to apply a spec with \d+ lint error\(s\):/);
    expect(r.stderr).toContain(`  ${RULE} ${ALARM} (`);
    expect(r.stderr).toContain('Nothing was read or changed');
    expect(r.stderr).toMatch(/\n {6}[a-z0-9-]+: "why this does not apply here"/);
    expect(r.stderr).not.toMatch(/could not be reached|AWS_UNREACHABLE/);
  });

  it('GIVEN the error silenced with a reason on its resource WHEN applied THEN the lint gate passes (the run goes on to AWS)', async () => {
    // Every lint error of this spec is on the alarm: silence each with a reason.
    const found = JSON.parse(
      (await runCli(['validate', '--json', '--spec', join(ROOT, SPEC)], { cwd: tmp, env: ENV })).stdout,
    ) as { lint: { ruleId: string; severity: string; address: string }[] };
    const errors = found.lint.filter((f) => f.severity === 'error');
    expect(errors.map((f) => f.address)).toEqual(errors.map(() => ALARM));
    const ignores = errors
      .map((f) => `          ${f.ruleId}: "replication is being moved to another bucket this week"\n`)
      .join('');
    const text = readFileSync(join(ROOT, SPEC), 'utf8').replace(
      '    media-replication-lag:\n',
      `    media-replication-lag:\n      lint:\n        ignore:\n${ignores}`,
    );
    const spec = join(tmp, 'silenced.yaml');
    writeFileSync(spec, text);
    const validate = await runCli(['validate', '--spec', spec], { cwd: tmp, env: ENV });
    expect(validate.stdout).toContain(
      `silenced ${RULE} ${ALARM}: replication is being moved to another bucket this week`,
    );
    const r = await runCli(['apply', '--yes', '--spec', spec, '--endpoint-url', NOWHERE], {
      cwd: tmp,
      env: ENV,
    });
    expect(r.code).toBe(1);
    expect(r.stderr).not.toContain('lint error');
    // It went past the lint gate and the lock, to the first AWS call (the identity check), which fails here.
    expect(r.stderr).toMatch(/sts:GetCallerIdentity|could not be reached/);
  });
});

describe('a plan without changes still shows lint errors', () => {
  it('GIVEN live state in sync with a spec that has a lint error WHEN rendered THEN "No changes." and the Lint section, in text and Markdown', () => {
    const media = bucket('media', { versioning: 'Enabled', replication: null });
    const lag = s3Alarm('lag', 'ReplicationLatency', { SourceBucket: 'media', DestinationBucket: 'replica' });
    const desired = desiredState([media, lag], []);
    const live = liveState(desired, {
      [media.address]: { status: 'present', attrs: media.attrs },
      [lag.address]: { status: 'present', attrs: lag.attrs },
    });
    const plan = planChanges(desired, live, { createdAt: NOW.toISOString() });
    expect(plan.summary.update + plan.summary.create).toBe(0);
    const text = renderPlanText(plan, { color: false });
    expect(text).toContain('No changes. Your AWS backup configuration matches the spec.');
    expect(text).toContain(`Lint: 1 error(s)`);
    expect(text).toContain(`  error ${RULE} ${lag.address}`);
    expect(renderPlanMarkdown(plan)).toContain(`- **error** \`${RULE}\` \`${lag.address}\``);
  });
});
