/**
 * src/model/attrs-schema.ts: every live state the tool itself wrote (each fixture's live.json, taken
 * from the strict emulator or written as golden scenarios) validates, so the schemas are not stricter
 * than the adapters; and a hand-edited attribute is a located error through the real CLI (`--plan
 * --live`), not an internal error in the planner.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { normalizeRule } from '../../src/adapters/events/normalize.js';
import { loadSnapshot } from '../../src/adapters/snapshot.js';
import type { BackupRestoreTestingPlanAttrs } from '../../src/model/attrs.js';
import { ATTRS_SCHEMAS } from '../../src/model/attrs-schema.js';
import { RESOURCE_KINDS } from '../../src/model/resource.js';
import { runCli, tempDir } from '../support/cli.js';

const ROOT = join(import.meta.dirname, '..', '..');
const FIXTURES = readdirSync(join(ROOT, 'fixtures'), { withFileTypes: true })
  .filter((d) => d.isDirectory() && readdirSync(join(ROOT, 'fixtures', d.name)).includes('live.json'))
  .map((d) => d.name);

describe('ATTRS_SCHEMAS', () => {
  it('GIVEN the registry WHEN listed THEN every kind has a schema', () => {
    expect(Object.keys(ATTRS_SCHEMAS).sort()).toEqual([...RESOURCE_KINDS].sort());
  });

  it.each(FIXTURES)(
    'GIVEN fixtures/%s/live.json WHEN loaded THEN every present resource validates',
    async (name) => {
      const live = await loadSnapshot(join(ROOT, 'fixtures', name, 'live.json'));
      expect(Object.keys(live.resources).length).toBeGreaterThan(0);
    },
  );

  it('GIVEN the fixtures WHEN counted THEN every kind is covered by at least one present resource', () => {
    const seen = new Set<string>();
    for (const name of FIXTURES) {
      const doc = JSON.parse(readFileSync(join(ROOT, 'fixtures', name, 'live.json'), 'utf8'));
      for (const [address, obs] of Object.entries(doc.resources as Record<string, { status: string }>))
        if (obs.status === 'present') seen.add(address.split('/')[0] ?? '');
    }
    // No fixture holds a present EventBridge rule or restore testing plan: the next tests check those.
    expect([...seen].sort()).toEqual(
      RESOURCE_KINDS.filter((k) => k !== 'events.rule' && k !== 'backup.restoreTestingPlan').sort(),
    );
  });

  it('GIVEN a restore testing plan as the attrs type has it WHEN checked THEN it validates, and a bad selection does not', () => {
    const attrs: BackupRestoreTestingPlanAttrs = {
      region: 'eu-west-1',
      schedule: 'cron(0 5 ? * * *)',
      scheduleTimezone: 'Etc/UTC',
      startWindowHours: 24,
      recoveryPoints: {
        algorithm: 'LATEST_WITHIN_WINDOW',
        includeVaults: ['*'],
        excludeVaults: [],
        recoveryPointTypes: ['SNAPSHOT'],
        selectionWindowDays: 30,
      },
      selections: {
        rds_all: {
          iamRoleArn: 'arn:aws:iam::111122223333:role/r',
          resourceType: 'RDS',
          resources: ['*'],
          validationWindowHours: 0,
        },
      },
    };
    const schema = ATTRS_SCHEMAS['backup.restoreTestingPlan'];
    expect(schema.safeParse(attrs).success).toBe(true);
    expect(schema.safeParse({ ...attrs, selections: { x: { resources: '*' } } }).success).toBe(false);
  });

  it('GIVEN what the EventBridge adapter makes of a rule (a state AWS added later kept verbatim) WHEN checked THEN it validates', () => {
    const attrs = normalizeRule(
      'eu-west-1',
      { EventPattern: '{"source":["aws.backup"]}', State: 'ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS' },
      [{ Id: 'notify', Arn: 'arn:aws:sns:eu-west-1:111122223333:alerts', Input: '{"a":1}' }],
    );
    expect(ATTRS_SCHEMAS['events.rule'].safeParse(attrs).success).toBe(true);
    expect(ATTRS_SCHEMAS['events.rule'].safeParse({ ...attrs, targets: [{ id: 'x' }] }).success).toBe(false);
  });
});

describe('reconcile --plan --live with hand-edited attributes', () => {
  const scenario = 'retention-shortened';
  const original = JSON.parse(readFileSync(join(ROOT, 'fixtures', scenario, 'live.json'), 'utf8'));
  const bucket = Object.keys(original.resources).find(
    (a) => a.startsWith('s3.bucket/') && original.resources[a].status === 'present',
  ) as string;

  it.each([
    ['lifecycle is a string', 'abc', 'attrs.lifecycle: Invalid input: expected array, received string'],
    ['a lifecycle rule without id', [{ x: 1 }], 'attrs.lifecycle[0].id: Invalid input: expected string'],
  ])(
    'GIVEN %s WHEN planned THEN exit 1 naming the file and the field, not an internal error',
    async (_what, value, message) => {
      const doc = structuredClone(original);
      doc.resources[bucket].attrs.lifecycle = value;
      const dir = tempDir('attrs-schema-');
      writeFileSync(join(dir, 'live.json'), JSON.stringify(doc));
      const r = await runCli(
        ['--plan', '--spec', join(ROOT, 'fixtures', scenario, 'backup-spec.yaml'), '--live', 'live.json'],
        { cwd: dir, env: { LOG_LEVEL: 'silent' } },
      );
      expect(r.code).toBe(1);
      expect(r.stderr).toContain(`snapshot ${join(dir, 'live.json')} is invalid:`);
      expect(r.stderr).toContain(`resources["${bucket}"].${message}`);
      expect(r.stderr).not.toContain('internal error');
    },
  );

  it('GIVEN a "__proto__" entry among the resources WHEN planned THEN it is a located error (not an address), not silently dropped', async () => {
    const text = JSON.stringify(original).replace(
      '"resources":{',
      '"resources":{"__proto__":{"status":"absent"},',
    );
    const dir = tempDir('attrs-schema-');
    writeFileSync(join(dir, 'live.json'), text);
    const r = await runCli(
      ['--plan', '--spec', join(ROOT, 'fixtures', scenario, 'backup-spec.yaml'), '--live', 'live.json'],
      { cwd: dir, env: { LOG_LEVEL: 'silent' } },
    );
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      'resources.__proto__: not a resource address (expected <kind>/<name> or <kind>/<region>/<name>)',
    );
  });
});
