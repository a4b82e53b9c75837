/**
 * Apply progress on a terminal: the Step-0 backup message before the first write, then one line per
 * resource, rewritten in place when its step ends (`s3.bucket/x: modifying… done in 1.2s`). Steps of
 * a layer run concurrently, so each keeps its own line: finishing moves the cursor up to that line,
 * rewrites it and comes back. Only for a TTY; elsewhere the apply result (and the JSON logs) say it.
 */
import type { ApplyProgress } from '../executor/execute-plan.js';
import type { Action } from '../model/plan.js';

const VERBS: Readonly<Record<Action, string>> = {
  create: 'creating',
  update: 'modifying',
  replace: 'replacing',
  delete: 'deleting',
  blocked: 'blocked',
  'no-op': 'checking',
};

/** `1.2s`, or `340ms` under a second. */
export function formatDuration(ms: number): string {
  return ms < 1000 ? `${ms}ms` : `${(ms / 1000).toFixed(1)}s`;
}

/** The Step-0 message: where the current configurations go before anything changes. */
export function backupMessage(dir: string): string {
  return `Saving the current configuration of each resource to ${dir} before changing it (undo with: reconcile restore ${dir})`;
}

/**
 * A progress listener writing to a terminal of `columns` columns (a longer line wraps onto more
 * rows, which the cursor moves count). `showDir` shortens the backup directory for the message.
 */
export function ttyProgress(
  out: NodeJS.WritableStream & { columns?: number },
  showDir: (dir: string) => string = (dir) => dir,
): (event: ApplyProgress) => void {
  const rowsOf = (text: string) =>
    out.columns && out.columns > 0 ? Math.max(1, Math.ceil([...text].length / out.columns)) : 1;
  /** Every line written so far, in order (the lines of unfinished steps are rewritten). */
  const texts: string[] = [];
  const lineOf = new Map<string, number>();
  const write = (text: string) => {
    texts.push(text);
    out.write(`${text}\n`);
  };
  return (event) => {
    if (event.type === 'backup') {
      write(backupMessage(showDir(event.dir)));
      return;
    }
    if (event.type === 'start') {
      lineOf.set(event.address, texts.length);
      write(`${event.address}: ${VERBS[event.action]}…`);
      return;
    }
    const { step } = event;
    const how =
      step.outcome === 'applied'
        ? `done in ${formatDuration(step.durationMs)}`
        : step.outcome === 'unchanged'
          ? `nothing to change (${formatDuration(step.durationMs)})`
          : `${step.outcome}: ${step.error ?? 'no reason given'}`;
    const text = `${step.address}: ${VERBS[step.action]}… ${how}`;
    const at = lineOf.get(step.address);
    if (at === undefined) {
      write(text); // skipped before it started (blocked, or a dependency failed)
      return;
    }
    // Up to the step's line (counting wrapped rows), clear from there down, write it and the lines
    // after it again: each resource keeps one line, whatever finished in between.
    const up = texts.slice(at).reduce((n, t) => n + rowsOf(t), 0);
    texts[at] = text;
    out.write(`\u001b[${up}A\r\u001b[0J${texts.slice(at).join('\n')}\n`);
  };
}
