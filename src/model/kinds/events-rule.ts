/** `events.rule`: an EventBridge rule, its pattern or schedule, state and targets. Pure. */
import { eventsRuleArn } from '../arn.js';
import type { EventsRuleAttrs } from '../attrs.js';
import type { RiskNote } from '../plan.js';
import { type KindSpec, ORDINARY_KIND } from './kind-spec.js';
import { medium } from './notes.js';
import { byField } from './spec-keys.js';

function riskNotes(before: EventsRuleAttrs | undefined, after: EventsRuleAttrs): RiskNote[] {
  if (!before) return [];
  const notes: RiskNote[] = [];
  if (before.state !== 'DISABLED' && after.state === 'DISABLED')
    notes.push(medium('rule-disabled', 'EventBridge rule disabled: its events are dropped'));
  if (after.targets !== undefined) {
    const ids = new Set(after.targets.map((t) => t.id));
    for (const t of before.targets ?? [])
      if (!ids.has(t.id)) notes.push(medium('target-removed', `EventBridge target ${t.id} removed`));
  }
  return notes;
}

export const EVENTS_RULE: KindSpec<'events.rule'> = {
  kind: 'events.rule',
  service: 'events',
  scope: 'regional',
  arn: ({ account, region, name, attrs }) =>
    region ? eventsRuleArn(account, region, name, attrs?.eventBusName) : undefined,
  ...ORDINARY_KIND,
  specKeys: {
    targets: {
      item: byField('id'),
      // A target names a declared topic (`topic`) or any ARN (`arn`); AWS holds the ARN.
      fields: { arn: { key: (w) => (w.topic !== undefined ? 'topic' : 'arn') }, roleArn: { key: 'role' } },
    },
  },
  diff: {
    shape: { t: 'object', fields: { targets: { t: 'keyed', key: 'id' } } },
    fields: {
      readOnly: [],
      writeOnly: [],
      // A rule belongs to one event bus: PutRule on another bus makes another rule (EventBridge API
      // Reference, PutRule, EventBusName).
      replacementFields: ['eventBusName'],
    },
  },
  riskNotes: (before, after) => riskNotes(before, after),
  defaults: {
    // EventBusName: "If you omit this, the default event bus is used"; rules are enabled by default
    // (EventBridge API Reference, PutRule).
    eventBusName: 'default',
    state: 'ENABLED',
  },
  import: { labelled: true },
  health: { evidence: ['events-rule-state'], watchedBy: null },
};
