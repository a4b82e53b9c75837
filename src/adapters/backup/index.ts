/** Placeholder until this service's adapter lands: every read is `unreadable`. */
import type { KindAdapter } from '../types.js';

export const backupVaultAdapter: KindAdapter<'backup.vault'> = {
  kind: 'backup.vault',
  async read(_ctx, resources) {
    return new Map(
      resources.map((r) => [r.address, { status: 'unreadable' as const, reason: 'adapter not built yet' }]),
    );
  },
};

export const backupPlanAdapter: KindAdapter<'backup.plan'> = {
  kind: 'backup.plan',
  async read(_ctx, resources) {
    return new Map(
      resources.map((r) => [r.address, { status: 'unreadable' as const, reason: 'adapter not built yet' }]),
    );
  },
};

export const backupSelectionAdapter: KindAdapter<'backup.selection'> = {
  kind: 'backup.selection',
  async read(_ctx, resources) {
    return new Map(
      resources.map((r) => [r.address, { status: 'unreadable' as const, reason: 'adapter not built yet' }]),
    );
  },
};
