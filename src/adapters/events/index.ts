/** The `events.rule` adapter: read (rule and targets), apply and delete. */
import type { KindAdapter } from '../types.js';
import { applyRule, deleteRule } from './apply.js';
import { readRules } from './read.js';

export const eventsRuleAdapter: KindAdapter<'events.rule'> = {
  kind: 'events.rule',
  read: readRules,
  apply: applyRule,
  delete: deleteRule,
};
