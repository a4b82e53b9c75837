/**
 * The TTY progress lines on a small virtual terminal (rows wrap at `columns`; cursor up, carriage
 * return and clear-to-end are interpreted): each resource keeps exactly one line, finished in place,
 * even when steps end out of order and a line wraps. The real terminal is tested with tmux in
 * test/integration/apply-tty.test.ts.
 */
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { backupMessage, formatDuration, ttyProgress } from '../../src/cli/progress.js';
import type { StepResult } from '../../src/executor/apply-result.js';

/** A terminal of `columns` columns: what is on screen after the bytes written. */
function terminal(columns: number) {
  const screen: string[] = [''];
  let row = 0;
  let col = 0;
  const put = (ch: string) => {
    if (col === columns) {
      row++;
      col = 0;
    }
    while (screen.length <= row) screen.push('');
    const line = (screen[row] ?? '').padEnd(col);
    screen[row] = line.slice(0, col) + ch + line.slice(col + 1);
    col++;
  };
  const stream = Object.assign(
    new Writable({
      write(chunk, _enc, done) {
        const text = String(chunk);
        for (let i = 0; i < text.length; i++) {
          const ch = text[i] as string;
          if (ch === '\u001b') {
            // biome-ignore lint/suspicious/noControlCharactersInRegex: the escape sequences a terminal reads
            const m = /^\u001b\[(\d*)([A-Za-z])/.exec(text.slice(i));
            if (!m) throw new Error('unknown escape');
            const n = Number(m[1] || '1');
            if (m[2] === 'A') row = Math.max(0, row - n);
            else if (m[2] === 'J') {
              screen[row] = (screen[row] ?? '').slice(0, col);
              screen.length = row + 1;
            } else throw new Error(`unexpected escape ${m[0]}`);
            i += m[0].length - 1;
          } else if (ch === '\n') {
            row++;
            col = 0;
            while (screen.length <= row) screen.push('');
          } else if (ch === '\r') col = 0;
          else put(ch);
        }
        done();
      },
    }),
    { isTTY: true, columns },
  );
  return { stream, screen: () => screen.join('\n').trimEnd() };
}

const step = (
  address: string,
  durationMs: number,
  outcome: StepResult['outcome'] = 'applied',
): StepResult => ({
  address,
  action: 'update',
  outcome,
  mutations: 1,
  durationMs,
  ...(outcome === 'failed' ? { error: 'AccessDenied: no' } : {}),
});

describe('ttyProgress', () => {
  it('GIVEN three steps ending out of order, one line wrapping WHEN drawn THEN each resource has one finished line', () => {
    const t = terminal(40);
    const progress = ttyProgress(t.stream, () => '.reconcile/backups/T');
    progress({ type: 'backup', dir: '/abs/.reconcile/backups/T' });
    progress({ type: 'start', address: 's3.bucket/a', action: 'update' });
    progress({ type: 'start', address: 's3.bucket/a-very-long-bucket-name-wraps', action: 'update' });
    progress({ type: 'start', address: 's3.bucket/c', action: 'update' });
    progress({ type: 'done', step: step('s3.bucket/c', 40) });
    progress({ type: 'done', step: step('s3.bucket/a', 1234) });
    progress({ type: 'done', step: step('s3.bucket/a-very-long-bucket-name-wraps', 80, 'failed') });
    const screen = t.screen();
    expect(screen.startsWith(backupMessage('.reconcile/backups/T').slice(0, 40))).toBe(true);
    // rows of 40 columns joined back: the logical lines after the backup message
    const logical = screen.split('\n').join('').replace(/\s+$/, '');
    expect(logical).toContain('s3.bucket/a: modifying… done in 1.2s');
    expect(logical).toContain('s3.bucket/a-very-long-bucket-name-wraps: modifying… failed: AccessDenied: no');
    expect(logical).toContain('s3.bucket/c: modifying… done in 40ms');
    expect(logical).not.toMatch(/modifying…(?! (done|failed))/);
  });

  it('GIVEN durations WHEN formatted THEN milliseconds under a second, else seconds with one decimal', () => {
    expect(formatDuration(340)).toBe('340ms');
    expect(formatDuration(1234)).toBe('1.2s');
  });
});
