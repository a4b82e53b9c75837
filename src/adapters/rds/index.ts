/** Placeholder until this service's adapter lands: every read is `unreadable`. */
import type { KindAdapter } from '../types.js';

export const rdsInstanceAdapter: KindAdapter<'rds.instance'> = {
  kind: 'rds.instance',
  async read(_ctx, resources) {
    return new Map(
      resources.map((r) => [r.address, { status: 'unreadable' as const, reason: 'adapter not built yet' }]),
    );
  },
};
