/**
 * Property (issue 11 item 3): for any live configuration carrying fields the tool does not model, a
 * whole-configuration write changes only the managed fields. For replication, lifecycle and inventory
 * configurations: live raw = the AWS form of some live attrs plus unknown fields at every level (and
 * the known unmanaged ones: AccessControlTranslation, date-based transitions,
 * TransitionDefaultMinimumObjectSize, inventory Encryption); the write for any desired attrs then
 * (1) reads back (normalised) as exactly the desired attrs, and (2) still holds every unmanaged field
 * of the rules it keeps, with its value. Checked on the merge functions the S3 adapter sends.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  denormalizeInventory,
  denormalizeLifecycleRule,
  denormalizeReplication,
  mergeInventory,
  mergeLifecycle,
  mergeReplication,
} from '../../src/adapters/s3/denormalize.js';
import {
  normalizeInventoryConfig,
  normalizeLifecycle,
  normalizeReplication,
} from '../../src/adapters/s3/normalize.js';
import { jsonRaw } from '../../src/adapters/unmanaged.js';
import type {
  InventoryConfig,
  LifecycleRule,
  ReplicationConfig,
  ReplicationRule,
  StorageClass,
} from '../../src/model/attrs.js';

const ROLE = 'arn:aws:iam::828879644785:role/replication';
const word = fc.stringMatching(/^[a-z][a-z0-9]{0,6}$/);
const days = fc.integer({ min: 1, max: 3650 });
const storageClass = fc.constantFrom<StorageClass>('GLACIER', 'DEEP_ARCHIVE', 'STANDARD_IA', 'STANDARD');
const ids = fc.uniqueArray(word, { minLength: 1, maxLength: 3 });
/** A field AWS might add one day: never a name the tool knows. */
const extraKey = fc.stringMatching(/^X[A-Za-z]{1,8}$/);
const extraValue = fc.jsonValue({ maxDepth: 2 });
const extras = fc.dictionary(extraKey, extraValue, { maxKeys: 2 });

const filter = fc.record(
  { prefix: word.map((w) => `${w}/`), tags: fc.dictionary(word, word, { minKeys: 1, maxKeys: 2 }) },
  { requiredKeys: [] },
);

function replicationRuleFor(id: string) {
  return fc
    .record({
      priority: fc.integer({ min: 0, max: 9 }),
      enabled: fc.boolean(),
      filter,
      bucket: word,
      storageClass,
      account: fc.option(fc.constant('111122223333'), { nil: undefined }),
      kmsKey: fc.option(fc.constant('arn:aws:kms:eu-west-3:828879644785:key/k1'), { nil: undefined }),
      metrics: fc.boolean(),
      replicationTime: fc.boolean(),
      deleteMarkerReplication: fc.boolean(),
      existingObjectReplication: fc.boolean(),
      ssc: fc.option(
        fc.record({ sseKmsEncryptedObjects: fc.boolean(), replicaModifications: fc.boolean() }),
        {
          nil: undefined,
        },
      ),
    })
    .map(
      (r): ReplicationRule => ({
        id,
        priority: r.priority,
        enabled: r.enabled,
        filter: r.filter,
        destination: {
          bucket: `arn:aws:s3:::${r.bucket}`,
          storageClass: r.storageClass,
          ...(r.account ? { account: r.account } : {}),
          ...(r.kmsKey ? { replicaKmsKeyId: r.kmsKey } : {}),
        },
        ...(r.ssc && (r.ssc.sseKmsEncryptedObjects || r.ssc.replicaModifications)
          ? { sourceSelectionCriteria: r.ssc }
          : {}),
        metrics: r.metrics || r.replicationTime,
        replicationTime: r.replicationTime,
        deleteMarkerReplication: r.deleteMarkerReplication,
        existingObjectReplication: r.existingObjectReplication,
      }),
    );
}

const replicationRules = (list: readonly string[]) =>
  fc.tuple(...list.map(replicationRuleFor)).map((rules) => [...rules].sort((a, b) => (a.id < b.id ? -1 : 1)));

/** A JSON object as the tests poke fields into it. */
type Obj = Record<string, unknown>;

/** One rule's unknown fields, at the rule and inside its objects, plus the known unmanaged ones. */
const ruleExtras = fc.record({
  rule: extras,
  destination: extras,
  ssc: extras,
  acl: fc.boolean(),
});

describe('whole S3 writes keep what the spec does not manage (property)', () => {
  it('GIVEN any live replication with unknown fields WHEN any desired replication is written THEN only managed fields change', () => {
    const arb = ids.chain((list) =>
      fc.record({
        live: replicationRules(list),
        want: replicationRules(list),
        added: fc.tuple(...list.map(() => ruleExtras)),
        top: extras,
      }),
    );
    fc.assert(
      fc.property(arb, ({ live, want, added, top }) => {
        const raw = jsonRaw(denormalizeReplication({ role: ROLE, rules: live })) as Obj & { Rules: Obj[] };
        Object.assign(raw, top);
        raw.Rules.forEach((rule, i) => {
          const x = added[i];
          if (!x) return;
          Object.assign(rule, x.rule);
          const dest = rule.Destination as Obj;
          Object.assign(dest, x.destination);
          if (x.acl) dest.AccessControlTranslation = { Owner: 'Destination' };
          rule.SourceSelectionCriteria = { ...(rule.SourceSelectionCriteria as Obj | undefined), ...x.ssc };
        });
        const desired: ReplicationConfig = { role: ROLE, rules: want };
        const written = jsonRaw(mergeReplication(desired, raw)) as Obj & { Rules: Obj[] };

        // (1) Read back, the write is exactly the desired configuration.
        expect(normalizeReplication(written as never)).toEqual(desired);
        // (2) Every unmanaged field is still there, unchanged.
        for (const [k, v] of Object.entries(top)) expect(written[k]).toEqual(v);
        written.Rules.forEach((rule, i) => {
          const x = added[i];
          if (!x) return;
          for (const [k, v] of Object.entries(x.rule)) expect(rule[k]).toEqual(v);
          const dest = rule.Destination as Obj;
          for (const [k, v] of Object.entries(x.destination)) expect(dest[k]).toEqual(v);
          for (const [k, v] of Object.entries(x.ssc))
            expect((rule.SourceSelectionCriteria as Obj | undefined)?.[k]).toEqual(v);
          const wantAccount = want[i]?.destination.account !== undefined;
          expect(dest.AccessControlTranslation).toEqual(
            x.acl && wantAccount ? { Owner: 'Destination' } : undefined,
          );
        });
        // (3) Nothing else: without the unmanaged fields, the write is the managed request.
        const managed = jsonRaw(denormalizeReplication(desired)) as Obj & { Rules: Obj[] };
        expect(written.Rules.map((r) => (r.ID as string) ?? '')).toEqual(managed.Rules.map((r) => r.ID));
      }),
      { numRuns: 200 },
    );
  });

  const lifecycleRuleFor = (id: string) =>
    fc
      .record({
        enabled: fc.boolean(),
        filter,
        expirationDays: fc.option(days, { nil: undefined }),
        noncurrentDays: fc.option(days, { nil: undefined }),
        transitions: fc.uniqueArray(
          fc.record({ days: days, storageClass: fc.constantFrom('GLACIER', 'DEEP_ARCHIVE') }),
          {
            maxLength: 2,
            selector: (t) => t.days,
          },
        ),
        abort: fc.option(days, { nil: undefined }),
      })
      .map(
        (r): LifecycleRule => ({
          id,
          enabled: r.enabled,
          filter: r.filter,
          ...(r.expirationDays !== undefined ? { expiration: { days: r.expirationDays } } : {}),
          ...(r.noncurrentDays !== undefined
            ? { noncurrentVersionExpiration: { noncurrentDays: r.noncurrentDays } }
            : {}),
          transitions: [...r.transitions]
            .map((t) => ({ days: t.days, storageClass: t.storageClass as StorageClass }))
            .sort((a, b) => a.days - b.days),
          noncurrentVersionTransitions: [],
          ...(r.abort !== undefined ? { abortIncompleteMultipartUploadDays: r.abort } : {}),
        }),
      );

  it('GIVEN any live lifecycle with unknown fields, date-based transitions and a minimum object size WHEN any desired rules are written THEN only managed fields change', () => {
    const arb = ids.chain((list) =>
      fc.record({
        live: fc.tuple(...list.map(lifecycleRuleFor)),
        want: fc.tuple(...list.map(lifecycleRuleFor)),
        added: fc.tuple(...list.map(() => fc.record({ rule: extras, dated: fc.boolean() }))),
        minSize: fc.constantFrom('varies_by_storage_class', 'all_storage_classes_128K'),
      }),
    );
    fc.assert(
      fc.property(arb, ({ live, want, added, minSize }) => {
        const DATED = { Date: '2031-01-01T00:00:00.000Z', StorageClass: 'GLACIER' };
        const rawRules = jsonRaw(live.map(denormalizeLifecycleRule)) as Obj[];
        rawRules.forEach((rule, i) => {
          const x = added[i];
          if (!x) return;
          Object.assign(rule, x.rule);
          if (x.dated) rule.Transitions = [...((rule.Transitions as Obj[] | undefined) ?? []), DATED];
        });
        const write = mergeLifecycle(want, { Rules: rawRules, TransitionDefaultMinimumObjectSize: minSize });
        const rules = write.LifecycleConfiguration.Rules;
        expect(normalizeLifecycle(rules)).toEqual([...want].sort((a, b) => (a.id < b.id ? -1 : 1)));
        expect(write.TransitionDefaultMinimumObjectSize).toBe(minSize);
        const written = jsonRaw(rules) as Obj[];
        written.forEach((rule, i) => {
          const x = added[i];
          if (!x) return;
          for (const [k, v] of Object.entries(x.rule)) expect(rule[k]).toEqual(v);
          const dated = ((rule.Transitions as Obj[] | undefined) ?? []).filter((t) => t.Date !== undefined);
          expect(dated).toEqual(x.dated ? [DATED] : []);
        });
      }),
      { numRuns: 200 },
    );
  });

  it('GIVEN any live inventory with unknown fields and an encrypted destination WHEN any desired inventory is written THEN only managed fields change', () => {
    const inventory = fc.record({
      enabled: fc.boolean(),
      bucket: word,
      format: fc.constantFrom('CSV' as const, 'ORC' as const, 'Parquet' as const),
      prefix: fc.option(word, { nil: undefined }),
      versions: fc.constantFrom('All' as const, 'Current' as const),
      frequency: fc.constantFrom('Daily' as const, 'Weekly' as const),
      fields: fc.uniqueArray(fc.constantFrom('Size', 'ETag', 'StorageClass'), { maxLength: 3 }),
      filterPrefix: fc.option(word, { nil: undefined }),
    });
    const config = (r: typeof inventory extends fc.Arbitrary<infer T> ? T : never): InventoryConfig => ({
      id: 'inv',
      enabled: r.enabled,
      destination: {
        bucket: `arn:aws:s3:::${r.bucket}`,
        format: r.format,
        ...(r.prefix ? { prefix: r.prefix } : {}),
      },
      includedObjectVersions: r.versions,
      frequency: r.frequency,
      optionalFields: [...r.fields].sort(),
      ...(r.filterPrefix ? { filterPrefix: r.filterPrefix } : {}),
    });
    fc.assert(
      fc.property(inventory, inventory, extras, extras, (live, wanted, top, dest) => {
        const raw = jsonRaw(denormalizeInventory(config(live))) as Obj & {
          Destination: { S3BucketDestination: Obj };
        };
        Object.assign(raw, top);
        Object.assign(raw.Destination.S3BucketDestination, dest, { Encryption: { SSES3: {} } });
        const want = config(wanted);
        const written = jsonRaw(mergeInventory(want, [raw])) as typeof raw;
        expect(normalizeInventoryConfig(written as never)).toEqual(want);
        for (const [k, v] of Object.entries(top)) expect((written as Obj)[k]).toEqual(v);
        for (const [k, v] of Object.entries(dest))
          expect(written.Destination.S3BucketDestination[k]).toEqual(v);
        expect(written.Destination.S3BucketDestination.Encryption).toEqual({ SSES3: {} });
      }),
      { numRuns: 200 },
    );
  });
});
