/**
 * The registry is the one place a kind's lifecycle and address rules live: the planner, guardrails,
 * restore and addressing all follow it, kind by kind (table-driven over RESOURCE_KINDS, so a new kind
 * is covered without a new test).
 */
import { describe, expect, it } from 'vitest';
import type { BackupEntry, BackupManifest } from '../../../src/executor/backups.js';
import { forbiddenReason } from '../../../src/executor/guardrails.js';
import { desiredFromBackup } from '../../../src/executor/restore.js';
import { parseArn } from '../../../src/model/arn.js';
import type { AttrsByKind } from '../../../src/model/attrs.js';
import { isPolicyPath, KINDS, kindSpecOf } from '../../../src/model/kinds/index.js';
import { addressOf, parseAddress, RESOURCE_KINDS, type ResourceKind } from '../../../src/model/resource.js';
import { planChanges } from '../../../src/planner/index.js';
import { change } from '../../executor/builders.js';
import {
  ACCOUNT,
  absent,
  CREATED_AT,
  desiredState,
  liveState,
  present,
  resource,
} from '../../planner/builders.js';

/** The smallest attributes of a kind: its region (the planner needs nothing else to create or delete). */
const minimal = <K extends ResourceKind>(_kind: K) => ({ region: 'eu-west-1' }) as unknown as AttrsByKind[K];

const plan = (kind: ResourceKind, ensure: 'present' | 'absent', live: 'present' | 'absent') => {
  const r = resource(kind, 'tmp-one', minimal(kind), { ensure });
  const p = planChanges(
    desiredState(r),
    liveState({ [r.address]: live === 'present' ? present(minimal(kind)) : absent() }),
    { createdAt: CREATED_AT },
  );
  const c = p.changes[0];
  if (!c) throw new Error('no change');
  return c;
};

describe.each(RESOURCE_KINDS)('kind registry: %s', (kind) => {
  const spec = KINDS[kind];
  const { neverCreated, neverDeleted } = spec.lifecycle;

  it('GIVEN its scope WHEN addressed THEN global kinds have no region segment and the address parses back', () => {
    const address = addressOf(kind, 'n', 'eu-west-1');
    expect(address).toBe(spec.scope === 'global' ? `${kind}/n` : `${kind}/eu-west-1/n`);
    expect(parseAddress(address)).toEqual({
      kind,
      name: 'n',
      region: spec.scope === 'global' ? null : 'eu-west-1',
    });
  });

  it('GIVEN its ARN rule WHEN an ARN is built THEN it is an ARN of its own service', () => {
    const arn = spec.arn({ account: ACCOUNT, region: 'eu-west-1', name: 'n' } as never);
    if (arn !== undefined) expect(parseArn(arn)?.service).toBe(spec.service);
    else expect(['backup.plan', 'backup.selection', 'backup.restoreTestingPlan']).toContain(kind); // ids AWS assigns
  });

  it('GIVEN it is absent in AWS WHEN planned THEN it is created, or blocked with the reason the registry gives', () => {
    const c = plan(kind, 'present', 'absent');
    if (neverCreated === null) expect([c.action, c.reasonCode]).toEqual(['create', 'absent']);
    else {
      expect([c.action, c.reasonCode]).toEqual(['blocked', 'never-created']);
      expect(c.reason).toContain(neverCreated);
    }
  });

  it('GIVEN ensure: absent and it exists WHEN planned THEN it is deleted, or blocked with the reason the registry gives', () => {
    const c = plan(kind, 'absent', 'present');
    if (neverDeleted === null) expect([c.action, c.reasonCode]).toEqual(['delete', 'ensure-absent']);
    else {
      expect([c.action, c.reasonCode]).toEqual(['blocked', 'never-deleted']);
      expect(c.reason).toContain(neverDeleted);
    }
  });

  it('GIVEN an undeclared one matching a prune prefix WHEN planned THEN it is pruned unless the registry never deletes it', () => {
    const address = addressOf(kind, 'tmp-stray', 'eu-west-1');
    const p = planChanges(desiredState(), liveState({ [address]: present(minimal(kind)) }), {
      createdAt: CREATED_AT,
      prunePrefixes: ['tmp-'],
    });
    expect(p.changes.map((c) => [c.address, c.action, c.reasonCode])).toEqual(
      neverDeleted === null ? [[address, 'delete', 'prune']] : [],
    );
  });

  it('GIVEN a delete or replace of it in a (hand-edited) plan WHEN guarded THEN only kinds the registry never deletes are refused', () => {
    const address = addressOf(kind, 'n', 'eu-west-1');
    for (const action of ['delete', 'replace'] as const)
      expect(forbiddenReason(change(address, action))).toBe(neverDeleted ?? undefined);
    expect(forbiddenReason(change(address, 'update'))).toBeUndefined();
  });

  it('GIVEN a backup saying it did not exist before the apply WHEN restored destructively THEN it is deleted unless the registry never deletes it', () => {
    const address = addressOf(kind, 'n', 'eu-west-1');
    const parsed = parseAddress(address);
    if (!parsed) throw new Error('bad address');
    const manifest: BackupManifest = {
      formatVersion: 1,
      kind: 'reconcile-backup',
      account: ACCOUNT,
      defaultRegion: 'eu-west-1',
      createdAt: CREATED_AT,
    };
    const entry: BackupEntry = {
      formatVersion: 1,
      ...parsed,
      address,
      dependsOn: [],
      savedAt: CREATED_AT,
      observation: { status: 'absent' },
    };
    const restored = desiredFromBackup(manifest, [entry], { allowDelete: true, dir: 'b' });
    if (neverDeleted === null) {
      expect(restored.desired.resources.map((r) => [r.address, r.ensure])).toEqual([[address, 'absent']]);
      expect(restored.leftAlone).toEqual([]);
    } else {
      expect(restored.desired.resources).toEqual([]);
      expect(restored.leftAlone).toEqual([
        { address, note: `did not exist before the apply; ${neverDeleted}` },
      ]);
    }
  });
});

describe('kind registry: lookups', () => {
  it('GIVEN a kind named in untrusted input WHEN looked up THEN unknown names and prototype keys give undefined', () => {
    expect(kindSpecOf('s3.bucket')).toBe(KINDS['s3.bucket']);
    expect(kindSpecOf('toString')).toBeUndefined();
    expect(kindSpecOf('__proto__')).toBeUndefined();
    expect(kindSpecOf('s3.object')).toBeUndefined();
  });

  it('GIVEN the diff shapes WHEN asked which paths hold policy documents THEN exactly the IAM trust and inline policies, the SNS topic policy and the S3 bucket policy', () => {
    expect(isPolicyPath('iam.role', '/assumeRolePolicy')).toBe(true);
    expect(isPolicyPath('iam.role', '/inlinePolicies/app-s3-access')).toBe(true);
    expect(isPolicyPath('iam.role', '/inlinePolicies')).toBe(false);
    expect(isPolicyPath('iam.role', '/inlinePolicies/a/Statement')).toBe(false);
    expect(isPolicyPath('sns.topic', '/policy')).toBe(true);
    expect(isPolicyPath('s3.bucket', '/policy')).toBe(true);
    expect(isPolicyPath('s3.bucket', '/inventory')).toBe(false);
    expect(isPolicyPath('iam.role', '')).toBe(false);
  });
});
