/**
 * Snapshot files: the normalised live state as versioned JSON (`reconcile --snapshot --out FILE`),
 * read back by `--live FILE` for offline planning. Written with sorted keys (stable diffs), file mode
 * 0600 (even when the file already existed), and a redaction pass over every string as a defence in
 * depth (live attrs hold no clear secrets to begin with). Loading validates the shape and names the
 * file and the bad field on any problem.
 */
import { mkdir, readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { z } from 'zod';
import { describeFileError, InputFileError } from '../errors.js';
import { writePrivateFile } from '../io/private-file.js';
import { type FieldProblem, problemLines } from '../io/problems.js';
import { ATTRS_SCHEMAS } from '../model/attrs-schema.js';
import { GLOBAL_KINDS, parseAddress } from '../model/resource.js';
import { redactText } from '../model/secrets.js';
import type { LiveState } from '../model/state.js';

/** The snapshot format this version writes and reads. */
export const SNAPSHOT_FORMAT_VERSION = 1;

/** Sorts object keys recursively, drops `undefined`, and redacts URLs with secrets in every string. */
function prepare(value: unknown): unknown {
  if (typeof value === 'string') return redactText(value);
  if (Array.isArray(value)) return value.map(prepare);
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(value).sort()) {
      const v = (value as Record<string, unknown>)[k];
      if (v !== undefined) out[k] = prepare(v);
    }
    return out;
  }
  return value;
}

/** The exact text {@link writeSnapshot} writes for a live state (sorted keys, redacted, newline-terminated). */
export function serializeSnapshot(live: LiveState): string {
  return `${JSON.stringify(prepare(live), null, 2)}\n`;
}

/**
 * Writes `live` to `path` as a snapshot file through src/io/private-file.ts (mode 0600 also when the
 * file already existed, atomic rename, never through a symlink). Creates the parent directory if needed.
 */
export async function writeSnapshot(path: string, live: LiveState, shownPath = path): Promise<void> {
  const text = serializeSnapshot(live);
  try {
    await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  } catch (e) {
    throw new InputFileError(`cannot write the snapshot to ${shownPath}: ${describeFileError(e, 'write')}`);
  }
  await writePrivateFile(path, text, { what: 'the snapshot', shownPath });
}

/** One observation as written in a snapshot or backup file (unknown members are dropped). */
export const observationSchema = z.discriminatedUnion('status', [
  z.object({
    status: z.literal('present'),
    attrs: z.record(z.string(), z.unknown()),
    facts: z.record(z.string(), z.unknown()).optional(),
  }),
  z.object({ status: z.literal('absent') }),
  z.object({ status: z.literal('unreadable'), reason: z.string(), code: z.string().optional() }),
]);

const snapshotSchema = z.object({
  formatVersion: z.literal(SNAPSHOT_FORMAT_VERSION),
  account: z.string().regex(/^\d{12}$/, 'expected a 12-digit AWS account id'),
  capturedAt: z.string().min(1),
  source: z.object({
    kind: z.enum(['aws', 'snapshot']),
    endpoint: z.string().optional(),
    file: z.string().optional(),
  }),
  resources: z.record(z.string(), z.unknown()),
});

type Problem = FieldProblem;

/**
 * Checks one observation of `address` (a snapshot's `resources` entry, a backup file's
 * `observation`): a real address, a valid observation, a region that fits. Live state has one schema,
 * whoever wrote it down: snapshots (`--live`) and pre-change backups (`--restore`) both pass here.
 * Problems are pushed with paths under `at` (default `resources.<address>`).
 */
export function checkObservation(
  address: string,
  value: unknown,
  problems: Problem[],
  at: readonly PropertyKey[] = ['resources', address],
): void {
  const parsed = parseAddress(address);
  if (!parsed) {
    problems.push({
      path: at,
      message: 'not a resource address (expected <kind>/<name> or <kind>/<region>/<name>)',
    });
    return;
  }
  const result = observationSchema.safeParse(value);
  if (!result.success) {
    for (const i of result.error.issues) problems.push({ path: [...at, ...i.path], message: i.message });
    return;
  }
  const obs = result.data;
  if (obs.status !== 'present') return;
  const attrs = ATTRS_SCHEMAS[parsed.kind].safeParse(obs.attrs);
  if (!attrs.success)
    for (const i of attrs.error.issues)
      problems.push({ path: [...at, 'attrs', ...i.path], message: i.message });
  // Every kind but IAM roles carries its region in attrs (S3 buckets: the address has none).
  if (parsed.kind !== 'iam.role' && typeof obs.attrs.region !== 'string') {
    problems.push({ path: [...at, 'attrs', 'region'], message: 'expected a string (the resource region)' });
  } else if (!GLOBAL_KINDS.has(parsed.kind) && obs.attrs.region !== parsed.region) {
    problems.push({
      path: [...at, 'attrs', 'region'],
      message: `must equal the address region ${parsed.region}`,
    });
  }
}

/**
 * Reads and validates a snapshot file. Throws InputFileError naming the file and the bad field
 * (unreadable file, invalid JSON, unsupported formatVersion, wrong shape).
 */
export async function loadSnapshot(path: string): Promise<LiveState> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    throw new InputFileError(`cannot read snapshot ${path}: ${describeFileError(e, 'read')}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new InputFileError(`snapshot ${path} is not valid JSON: ${(e as Error).message}`);
  }
  if (!json || typeof json !== 'object' || Array.isArray(json)) {
    throw new InputFileError(
      `snapshot ${path}: expected a JSON object with formatVersion, account and resources`,
    );
  }
  const version = (json as { formatVersion?: unknown }).formatVersion;
  if (version !== SNAPSHOT_FORMAT_VERSION) {
    throw new InputFileError(
      `snapshot ${path}: formatVersion ${JSON.stringify(version ?? null)} is not supported ` +
        `(this version of reconcile reads formatVersion ${SNAPSHOT_FORMAT_VERSION}); take a new snapshot with --snapshot`,
    );
  }
  const problems: Problem[] = [];
  const result = snapshotSchema.safeParse(json);
  if (!result.success)
    for (const i of result.error.issues) problems.push({ path: i.path, message: i.message });
  const resources = (json as { resources?: unknown }).resources;
  if (resources && typeof resources === 'object' && !Array.isArray(resources)) {
    for (const [address, value] of Object.entries(resources)) checkObservation(address, value, problems);
  }
  if (!result.success || problems.length > 0) {
    throw new InputFileError(`snapshot ${path} is invalid:\n${problemLines(problems)}`);
  }
  const live = result.data as unknown as LiveState;
  // Observations validated one by one above; keep only their known members.
  const checked: Record<string, unknown> = {};
  for (const [address, value] of Object.entries(live.resources))
    checked[address] = observationSchema.parse(value);
  return { ...live, resources: checked as LiveState['resources'] };
}
