/**
 * The report's SNS publish (src/adapters/sns/publish.ts): the one write a report makes goes through
 * ctx.mutate, in the topic's region, and the topic ARN is checked the way the report command checks
 * `--publish-sns`.
 */
import { describe, expect, it } from 'vitest';
import { publishToTopic } from '../../../src/adapters/sns/publish.js';
import { parseTopicArn } from '../../../src/model/arn.js';
import { FakePool } from '../../support/fake-aws.js';
import { recordingWriteContext } from './support.js';

describe('publishToTopic', () => {
  it('GIVEN a topic ARN in eu-west-3 WHEN the summary is published THEN one Publish, in eu-west-3, through ctx.mutate with the topic address', async () => {
    const pool = new FakePool();
    const ctx = recordingWriteContext(pool);
    const arn = 'arn:aws:sns:eu-west-3:828879644785:backup-reports';
    await publishToTopic(ctx, arn, { subject: 'Backup report: HEALTHY', message: 'all good' });
    expect(ctx.calls).toEqual([
      { service: 'sns', operation: 'Publish', address: 'sns.topic/eu-west-3/backup-reports' },
    ]);
    expect(pool.calls).toEqual([
      {
        service: 'sns',
        region: 'eu-west-3',
        operation: 'Publish',
        access: 'write',
        input: { TopicArn: arn, Subject: 'Backup report: HEALTHY', Message: 'all good' },
      },
    ]);
  });
});

describe('parseTopicArn (src/model/arn.ts), as publishToTopic uses it', () => {
  it.each([
    ['arn:aws:sns:eu-west-1:828879644785:alerts', { region: 'eu-west-1', name: 'alerts' }],
    ['arn:aws-cn:sns:cn-north-1:828879644785:alerts.fifo', { region: 'cn-north-1', name: 'alerts.fifo' }],
    ['arn:aws:s3:::bucket', undefined],
    ['arn:aws:sns::828879644785:alerts', undefined],
    ['alerts', undefined],
  ])('GIVEN %s WHEN parsed THEN %j', (arn, expected) => {
    const parsed = parseTopicArn(arn);
    expect(parsed && { region: parsed.region, name: parsed.name }).toEqual(expected);
  });
});
