/**
 * The guide's Step 0, automated: before a resource is changed, its current normalised live
 * configuration is saved to `<root>/<timestamp>/<address>.json` (files 0600, directory 0700,
 * secrets redacted), next to a `manifest.json` naming the account and regions. `reconcile --restore`
 * reads such a directory back.
 */
import { mkdir, readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describeFileError, InputFileError } from '../errors.js';
import { writePrivateFile } from '../io/private-file.js';
import { parseAddress, type ResourceAddress, type ResourceKind } from '../model/resource.js';
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

function isRecord(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function checkEntry(v: unknown, file: string): BackupEntry {
  const bad = (what: string) => new InputFileError(`${file}: not a reconcile backup file (${what})`);
  if (!isRecord(v)) throw bad('not a JSON object');
  if (v.formatVersion !== 1) throw bad(`formatVersion ${JSON.stringify(v.formatVersion)}, expected 1`);
  if (typeof v.address !== 'string' || !parseAddress(v.address)) throw bad('bad or missing "address"');
  const parsed = parseAddress(v.address);
  if (!parsed || v.kind !== parsed.kind) throw bad('"kind" does not match the address');
  const obs = v.observation;
  if (!isRecord(obs) || !['present', 'absent', 'unreadable'].includes(String(obs.status)))
    throw bad('bad or missing "observation"');
  if (obs.status === 'present' && !isRecord(obs.attrs)) throw bad('"observation.attrs" missing');
  if (!Array.isArray(v.dependsOn) || !v.dependsOn.every((d) => typeof d === 'string'))
    throw bad('bad "dependsOn"');
  return v as unknown as BackupEntry;
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
  const m = await readJson(MANIFEST);
  if (
    !isRecord(m) ||
    m.formatVersion !== 1 ||
    m.kind !== 'reconcile-backup' ||
    typeof m.account !== 'string' ||
    typeof m.defaultRegion !== 'string'
  )
    throw new InputFileError(`${join(dir, MANIFEST)}: not a reconcile backup manifest (formatVersion 1)`);
  const entries: BackupEntry[] = [];
  for (const name of names.filter((n) => n.endsWith('.json') && n !== MANIFEST).sort()) {
    entries.push(checkEntry(await readJson(name), join(dir, name)));
  }
  entries.sort((a, b) => (a.address < b.address ? -1 : a.address > b.address ? 1 : 0));
  return { manifest: m as unknown as BackupManifest, entries };
}
