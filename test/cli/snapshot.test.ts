/** `reconcile --snapshot --json`: the summary of what was written, as a versioned JSON document. */
import { describe, expect, it } from 'vitest';
import { snapshotJson } from '../../src/cli/commands/snapshot.js';
import type { LiveState } from '../../src/model/state.js';

const live = {
  formatVersion: 1,
  account: '828879644785',
  resources: {
    's3.bucket/mne-media-prod': { status: 'present', attrs: { region: 'eu-west-1' } },
    'iam.role/app-role': {
      status: 'unreadable',
      reason: 'access denied (AccessDenied)',
      code: 'AccessDenied',
    },
    'sns.topic/eu-west-1/alerts': { status: 'absent' },
    'backup.vault/eu-west-1/prod': {
      status: 'unreadable',
      reason: 'ListBackupVaults: service error 500 (X)',
    },
  },
} as unknown as LiveState;

describe('snapshotJson', () => {
  it('GIVEN a live state with present, absent and unreadable resources WHEN summarised THEN counts per status and each unreadable address with its reason', () => {
    const doc = JSON.parse(snapshotJson('live.json', live));
    expect(doc).toEqual({
      formatVersion: 1,
      out: 'live.json',
      counts: { present: 1, absent: 1, unreadable: 2 },
      unreadable: [
        { address: 'backup.vault/eu-west-1/prod', reason: 'ListBackupVaults: service error 500 (X)' },
        { address: 'iam.role/app-role', reason: 'access denied (AccessDenied)' },
      ],
    });
    expect(Object.keys(doc)).toEqual(['formatVersion', 'out', 'counts', 'unreadable']);
  });
});
