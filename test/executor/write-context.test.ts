/**
 * The executor's WriteContext.mutate (src/executor/write-context.ts): every mutating call is counted
 * and logged; a failed attempt is a warning, except a known transient error (src/adapters/retry.ts),
 * which the write client retries and reports itself: that attempt is logged at info.
 */
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { ClientPool } from '../../src/adapters/aws-config.js';
import { createWriteContext, MutationCounter } from '../../src/executor/write-context.js';

function memoryLogger() {
  const lines: Record<string, unknown>[] = [];
  const logger = pino({ level: 'info' }, { write: (s: string) => void lines.push(JSON.parse(s)) });
  return { logger, lines };
}

const awsError = (name: string, message: string) =>
  Object.assign(new Error(message), { name, $metadata: { httpStatusCode: 400 } });

describe('WriteContext.mutate', () => {
  it('GIVEN a refused write WHEN it is a known transient error THEN it is logged at info; any other failure at warn; both counted and rethrown', async () => {
    const { logger, lines } = memoryLogger();
    const counter = new MutationCounter();
    const pool = new ClientPool({ defaultRegion: 'eu-west-1' });
    const ctx = createWriteContext({ pool, account: '1', concurrency: 1, logger, counters: [counter] });
    const transient = awsError(
      'InvalidParameterValueException',
      'IAM Role arn:x cannot be assumed by AWS Backup',
    );
    const permanent = awsError('InvalidParameterValueException', 'Invalid backup selection.');
    const address = 'backup.selection/eu-west-1/p/s';
    await expect(
      ctx.mutate('backup', 'CreateBackupSelection', address, () => Promise.reject(transient)),
    ).rejects.toBe(transient);
    await expect(
      ctx.mutate('backup', 'CreateBackupSelection', address, () => Promise.reject(permanent)),
    ).rejects.toBe(permanent);
    expect(lines.map((l) => [l.level, l.msg, l.code])).toEqual([
      [30, 'aws write failed', 'InvalidParameterValueException'],
      [40, 'aws write failed', 'InvalidParameterValueException'],
    ]);
    expect(counter.count).toBe(2);
    pool.destroy();
  });
});
