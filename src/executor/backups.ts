/**
 * The guide's Step 0, automated: before a resource is changed, its current normalised live
 * configuration is saved to `<root>/<timestamp>/<address>.json` (files 0600, directory 0700,
 * secrets redacted), next to a `manifest.json` naming the account and regions. `reconcile --restore`
 * reads such a directory back.
 */
import { mkdir, readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { checkObservation, observationSchema } from '../adapters/snapshot.js';
import { describeFileError, InputFileError } from '../errors.js';
import { writePrivateFile } from '../io/private-file.js';
import { type FieldProblem, problemLines } from '../io/problems.js';
import { parseAddress, RESOURCE_KINDS, type ResourceAddress, type ResourceKind } from '../model/resource.js';
import { redactText } from '../model/secrets.js';
import type { Observation } from '../model/state.js';

/** Default backup root, relative to the working directory. */
export const DEFAULT_BACKUP_ROOT = '.reconcile/backups';
const MANIFEST = 'manifest.json';

/** What a backup directory is about. */
export interface BackupManifest {
  readonly formatVersion: 1;
  readonly kind: 'reconcile-backup';
  readonly account: string;
  /** Region for clients when a resource names none. */
  readonly defaultRegion: string;
  /** ISO timestamp of the apply that wrote it. */
  readonly createdAt: string;
  /** The spec the apply ran from (for messages only). */
  readonly specFile?: string;
}

/** One saved resource. */
export interface BackupEntry {
  readonly formatVersion: 1;
  readonly address: ResourceAddress;
  readonly kind: ResourceKind;
  readonly name: string;
  readonly region: string | null;
  /** The desired resource's dependencies at apply time (restore orders steps by them). */
  readonly dependsOn: readonly ResourceAddress[];
  /** ISO timestamp of the read. */
  readonly savedAt: string;
  /** What the resource looked like before the change (`absent`: the apply created it). */
  readonly observation: Observation;
}

/** File name of an address: `/` becomes `__` (names may hold `/`, e.g. backup selections). */
export function backupFileName(address: ResourceAddress): string {
  return `${address.replaceAll('/', '__')}.json`;
}

/** Directory name for a timestamp: ISO with `:` and `.` replaced, sortable, portable. */
export function backupDirName(at: Date): string {
  return at.toISOString().replaceAll(':', '-').replaceAll('.', '-');
}

/** Every string goes through redactText (defence in depth: attrs should hold no clear secret). */
function redactDeep(value: unknown): unknown {
  if (typeof value === 'string') return redactText(value);
  if (Array.isArray(value)) return value.map(redactDeep);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort())
      out[key] = redactDeep((value as Record<string, unknown>)[key]);
    return out;
  }
  return value;
}

async function writePrivateJson(path: string, value: unknown): Promise<void> {
  await writePrivateFile(path, `${JSON.stringify(redactDeep(value), null, 2)}\n`, {
    what: 'a pre-change backup',
    exclusive: true,
  });
}

/**
 * Writes backups into one directory per apply, created on the first write (an apply that changes
 * nothing leaves no directory behind).
 */
export class BackupWriter {
  private dirPromise: Promise<string> | undefined;
  private count = 0;

  constructor(
    private readonly root: string,
    private readonly manifest: Omit<BackupManifest, 'formatVersion' | 'kind' | 'createdAt'>,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** The directory, once something was written. */
  async directory(): Promise<string | undefined> {
    return this.dirPromise ? await this.dirPromise : undefined;
  }

  /** Number of resources saved so far. */
  get saved(): number {
    return this.count;
  }

  private ensureDir(): Promise<string> {
    this.dirPromise ??= (async () => {
      await mkdir(this.root, { recursive: true, mode: 0o700 });
      const at = this.now();
      // Two applies in the same millisecond: add a suffix rather than mix their files.
      for (let n = 0; ; n++) {
        const dir = join(this.root, n === 0 ? backupDirName(at) : `${backupDirName(at)}-${n}`);
        try {
          await mkdir(dir, { mode: 0o700 });
        } catch (e) {
          if ((e as NodeJS.ErrnoException).code === 'EEXIST') continue;
          throw e;
        }
        const manifest: BackupManifest = {
          formatVersion: 1,
          kind: 'reconcile-backup',
          createdAt: at.toISOString(),
          ...this.manifest,
        };
        await writePrivateJson(join(dir, MANIFEST), manifest);
        return dir;
      }
    })();
    return this.dirPromise;
  }

  /** Saves one resource's observation; returns the file path. */
  async write(entry: Omit<BackupEntry, 'formatVersion' | 'savedAt'>): Promise<string> {
    const dir = await this.ensureDir();
    const path = join(dir, backupFileName(entry.address));
    const full: BackupEntry = { formatVersion: 1, savedAt: this.now().toISOString(), ...entry };
    await writePrivateJson(path, full);
    this.count++;
    return path;
  }
}

const manifestSchema = z.looseObject({
  formatVersion: z.literal(1),
  kind: z.literal('reconcile-backup'),
  account: z.string().regex(/^\d{12}$/, 'expected a 12-digit AWS account id'),
  defaultRegion: z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d+$/, 'expected a region code'),
  createdAt: z.string().min(1),
  specFile: z.string().optional(),
});

// Loose: a newer writer may add members (the raw AWS responses of a Step-0 backup); they are ignored.
const entrySchema = z.looseObject({
  formatVersion: z.literal(1),
  address: z.string(),
  kind: z.enum(RESOURCE_KINDS),
  name: z.string().min(1),
  region: z.string().min(1).nullable(),
  dependsOn: z.array(z.string()),
  savedAt: z.string().min(1),
  observation: z.unknown(),
});

/**
 * Checks one backup file: its shape, that `kind`, `name` and `region` are the parts of its `address`
 * and the file is named after it (one file per address), and its observation against the same
 * schemas as live state (src/adapters/snapshot.ts). Returns the problems, located by field.
 */
function entryProblems(v: unknown, fileName: string): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const result = entrySchema.safeParse(v);
  if (!result.success) {
    for (const i of result.error.issues)
      if (i.path[0] !== 'observation') problems.push({ path: i.path, message: i.message });
    if (problems.length > 0) return problems;
  }
  const e = v as z.infer<typeof entrySchema>;
  const parsed = parseAddress(e.address);
  if (!parsed) {
    problems.push({
      path: ['address'],
      message: 'not a resource address (expected <kind>/<name> or <kind>/<region>/<name>)',
    });
    return problems;
  }
  if (e.kind !== parsed.kind)
    problems.push({ path: ['kind'], message: `must be ${parsed.kind}, the kind in the address` });
  if (e.name !== parsed.name)
    problems.push({
      path: ['name'],
      message: `must be ${JSON.stringify(parsed.name)}, the name in the address`,
    });
  if (e.region !== parsed.region)
    problems.push({
      path: ['region'],
      message: `must be ${JSON.stringify(parsed.region)}, the region in the address`,
    });
  if (fileName !== backupFileName(e.address))
    problems.push({
      path: ['address'],
      message: `does not match the file name (a backup of ${e.address} is ${backupFileName(e.address)})`,
    });
  e.dependsOn.forEach((d, i) => {
    if (!parseAddress(d)) problems.push({ path: ['dependsOn', i], message: 'not a resource address' });
  });
  checkObservation(e.address, e.observation, problems, ['observation']);
  return problems;
}

/** Reads a backup directory written by BackupWriter. Throws InputFileError naming what is wrong. */
export async function loadBackupDir(
  dir: string,
): Promise<{ readonly manifest: BackupManifest; readonly entries: readonly BackupEntry[] }> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (e) {
    throw new InputFileError(`cannot read backup directory ${dir}: ${describeFileError(e, 'read')}`);
  }
  const readJson = async (name: string): Promise<unknown> => {
    const path = join(dir, name);
    try {
      return JSON.parse(await readFile(path, 'utf8'));
    } catch (e) {
      throw new InputFileError(`${path}: cannot be read as JSON (${(e as Error).message})`);
    }
  };
  if (!names.includes(MANIFEST))
    throw new InputFileError(`${dir} is not a reconcile backup directory (no ${MANIFEST})`);
  const invalid = (file: string, problems: readonly FieldProblem[]) =>
    new InputFileError(`${join(dir, file)} is not a valid reconcile backup file:\n${problemLines(problems)}`);
  const m = manifestSchema.safeParse(await readJson(MANIFEST));
  if (!m.success)
    throw invalid(
      MANIFEST,
      m.error.issues.map((i) => ({ path: i.path, message: i.message })),
    );
  const entries: BackupEntry[] = [];
  for (const name of names.filter((n) => n.endsWith('.json') && n !== MANIFEST).sort()) {
    const v = await readJson(name);
    const problems = entryProblems(v, name);
    if (problems.length > 0) throw invalid(name, problems);
    const e = v as BackupEntry;
    // Keep the known members only, the observation as the live-state schema reads it.
    entries.push({
      formatVersion: 1,
      address: e.address,
      kind: e.kind,
      name: e.name,
      region: e.region,
      dependsOn: [...e.dependsOn],
      savedAt: e.savedAt,
      observation: observationSchema.parse(e.observation) as BackupEntry['observation'],
    });
  }
  entries.sort((a, b) => (a.address < b.address ? -1 : a.address > b.address ? 1 : 0));
  return { manifest: m.data as unknown as BackupManifest, entries };
}
