/** Placeholder until this service's adapter lands: every read is `unreadable`. */
import type { KindAdapter } from '../types.js';

export const eventsRuleAdapter: KindAdapter<'events.rule'> = {
  kind: 'events.rule',
  async read(_ctx, resources) {
    return new Map(
      resources.map((r) => [r.address, { status: 'unreadable' as const, reason: 'adapter not built yet' }]),
    );
  },
};
