/** The `sns.topic` adapter: read (topics, subscriptions, tags), apply and delete. */
import type { KindAdapter } from '../types.js';
import { applyTopic, deleteTopic } from './apply.js';
import { readTopics } from './read.js';

export const snsTopicAdapter: KindAdapter<'sns.topic'> = {
  kind: 'sns.topic',
  read: readTopics,
  apply: applyTopic,
  delete: deleteTopic,
};
