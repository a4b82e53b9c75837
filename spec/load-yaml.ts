/**
 * YAML text -> plain data, keeping where every node came from. Syntax errors, empty files, duplicate
 * keys, multiple documents and non-UTF-8 bytes become located issues. Pure: no fs, no process.
 */
import {
  type Alias,
  type Document,
  isAlias,
  isMap,
  isPair,
  isScalar,
  isSeq,
  LineCounter,
  type Node,
  type Pair,
  parseDocument,
  visit,
  type YAMLMap,
} from 'yaml';
import type { SpecIssue } from '../src/errors.js';
import { fastLoadYaml } from './fast-yaml.js';
import { formatPath, type SpecPath } from './issues.js';

/** A 1-based line and column. */
export interface Position {
  readonly line: number;
  readonly column: number;
}

/** A parsed YAML document that can tell where a path is. */
export interface LoadedYaml {
  /** The document as plain data (mappings are objects, sequences arrays). */
  readonly data: unknown;
  /** The source text of the scalar at `path` as written (`012345678901`), if there is one. */
  sourceText(path: SpecPath): string | undefined;
  /**
   * Where `path` is: its value node, or its key when `atKey`. For a path that does not exist (a
   * missing required key) the nearest existing ancestor, pointing at that mapping's own key.
   */
  locate(path: SpecPath, atKey?: boolean): Position;
}

/** Either the loaded document or the issues that stopped it loading. */
export type LoadYamlResult =
  | { readonly ok: true; readonly yaml: LoadedYaml }
  | { readonly ok: false; readonly issues: SpecIssue[] };

/** Offset of the first byte that is not valid UTF-8, or -1. */
function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i] as number;
    const need =
      b < 0x80
        ? 0
        : b >= 0xc2 && b <= 0xdf
          ? 1
          : b >= 0xe0 && b <= 0xef
            ? 2
            : b >= 0xf0 && b <= 0xf4
              ? 3
              : -1;
    if (need < 0) return i;
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k];
      if (c === undefined || (c & 0xc0) !== 0x80) return i;
    }
    i += need + 1;
  }
  return -1;
}

function decode(input: string | Uint8Array, file: string): string | SpecIssue {
  if (typeof input === 'string') return input.replace(/^\uFEFF/, '');
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(input);
  } catch {
    const at = Math.max(0, firstInvalidUtf8(input));
    let line = 1;
    let lineStart = 0;
    for (let i = 0; i < at; i++) {
      if (input[i] === 0x0a) {
        line++;
        lineStart = i + 1;
      }
    }
    const byte = (input[at] ?? 0).toString(16).padStart(2, '0');
    return {
      file,
      line,
      column: at - lineStart + 1,
      path: '',
      message: `expected UTF-8 text, got the byte 0x${byte}`,
    };
  }
}

/** First line of a yaml library message without its trailing " at line N, column M". */
function yamlMessage(message: string): string {
  const first = message.split('\n')[0] ?? message;
  return first.replace(/ at line \d+, column \d+:?$/, '').replace(/:$/, '');
}

/** With `merge`, a `<<` key's value is a symbol (a quoted "<<" stays an ordinary key). */
function isMergePair(p: Pair): boolean {
  return isScalar(p.key) && typeof p.key.value === 'symbol';
}

/** A mapping's keys as path segments compare them: the scalar's value as text. */
function keyText(p: Pair): string {
  return String(isScalar(p.key) ? p.key.value : p.key);
}

/** One mapping's own pairs by key (the first pair of a key wins) and its merge sources in order. */
interface MapIndex {
  readonly own: ReadonlyMap<string, Pair>;
  readonly mergeSources: readonly unknown[];
}

/** A parsed document, where each alias points, and the indexes of its mappings (built as lookups reach them). */
interface DocIndex {
  readonly doc: Document;
  readonly aliases: ReadonlyMap<Alias, Node | undefined>;
  readonly maps: WeakMap<YAMLMap, MapIndex>;
}

/** The node an alias stands for, from the one-pass scan (see {@link scanDocument}). */
function resolveAlias(ix: DocIndex, alias: Alias): unknown {
  return ix.aliases.has(alias) ? ix.aliases.get(alias) : alias.resolve(ix.doc);
}

/**
 * Builds the index of a mapping once, so that locating N paths in a mapping of N keys is linear in
 * total: a linear search per lookup made a 10,000-bucket spec quadratic (every resource locates its
 * own key under `s3.buckets` or `cloudwatch.alarms`).
 */
function indexMap(cache: WeakMap<YAMLMap, MapIndex>, map: YAMLMap): MapIndex {
  const cached = cache.get(map);
  if (cached) return cached;
  const own = new Map<string, Pair>();
  const mergeSources: unknown[] = [];
  for (const p of map.items) {
    if (!isPair(p)) continue;
    if (isMergePair(p)) mergeSources.push(...(isSeq(p.value) ? p.value.items : [p.value]));
    else {
      const k = keyText(p);
      if (!own.has(k)) own.set(k, p);
    }
  }
  const index = { own, mergeSources };
  cache.set(map, index);
  return index;
}

/**
 * The pair for `key` in a mapping, looking through merge keys (`<<: *defaults`) as YAML 1.1 merges
 * them: keys written in the mapping win, then the merged mappings in order.
 */
function findPair(ix: DocIndex, map: unknown, key: string, depth = 0): Pair | undefined {
  const node = isAlias(map) ? resolveAlias(ix, map) : map;
  if (!isMap(node) || depth > 20) return undefined;
  const index = indexMap(ix.maps, node);
  const own = index.own.get(key);
  if (own) return own;
  for (const source of index.mergeSources) {
    const found = findPair(ix, source, key, depth + 1);
    if (found) return found;
  }
  return undefined;
}

/** The value node at `path`, or undefined. */
function nodeAt(ix: DocIndex, path: SpecPath): unknown {
  let node: unknown = ix.doc.contents;
  for (const segment of path) {
    if (isAlias(node)) node = resolveAlias(ix, node);
    if (isMap(node)) node = findPair(ix, node, String(segment))?.value;
    else if (isSeq(node) && typeof segment === 'number') node = node.items[segment];
    else return undefined;
  }
  return isAlias(node) ? resolveAlias(ix, node) : node;
}

function locateIn(ix: DocIndex, lines: LineCounter, path: SpecPath, atKey: boolean): Position {
  const at = (offset: number | undefined): Position => {
    const p = lines.linePos(offset ?? 0);
    return { line: p.line, column: p.col };
  };
  let node: unknown = ix.doc.contents;
  let keyOffset: number | undefined;
  for (let i = 0; i < path.length; i++) {
    const segment = path[i];
    if (isAlias(node)) node = resolveAlias(ix, node);
    let next: unknown;
    let nextKey: number | undefined;
    if (isMap(node)) {
      const pair = findPair(ix, node, String(segment));
      if (pair) {
        next = pair.value;
        nextKey = (pair.key as Node | null)?.range?.[0];
      }
    } else if (isSeq(node) && typeof segment === 'number') {
      next = node.items[segment];
      nextKey = (next as Node | undefined)?.range?.[0];
    }
    if (nextKey === undefined) {
      // Missing: point at the parent mapping's key (or the parent itself at the top level).
      return at(keyOffset ?? (node as Node | null)?.range?.[0]);
    }
    node = next;
    keyOffset = nextKey;
    if (i === path.length - 1 && atKey) return at(keyOffset);
  }
  const valueNode = node as Node | null | undefined;
  const isEmptyValue = isScalar(valueNode) && valueNode.value === null && valueNode.source === '';
  // A mapping under a key is reported at its key (the line that names it).
  const pointAtKey =
    isEmptyValue || !valueNode?.range || (isMap(valueNode) && typeof path.at(-1) === 'string');
  return at(pointAtKey ? (keyOffset ?? valueNode?.range?.[0]) : valueNode?.range?.[0]);
}

/** What one pass over a parsed document finds. */
interface DocumentScan {
  /**
   * Offsets of the keys written again in a mapping (every repeat after the first), as the yaml
   * library's `uniqueKeys` check reports them: two scalar keys are the same when their values are
   * (`===`, so `1` and `"1"` differ, and two `<<` merge keys are a repeat), other keys only when they
   * are the same node. Ours, with a set per mapping, because the library compares each key with every
   * earlier key of its mapping: quadratic, seconds for a spec of 10,000 buckets.
   */
  readonly repeatedKeys: readonly number[];
  /**
   * Each alias's node: the last node before it, in document order, that carries its anchor (undefined
   * when none does) — what `Alias.resolve(doc)` answers, except that it walks the whole document for
   * every alias: quadratic in a spec where each of 1,000 buckets merges `<<: *defaults`.
   */
  readonly aliases: ReadonlyMap<Alias, Node | undefined>;
}

function scanDocument(doc: Document): DocumentScan {
  const repeatedKeys: number[] = [];
  const aliases = new Map<Alias, Node | undefined>();
  const anchored = new Map<string, Node>();
  // The same walk (and so the same order) as Alias.resolve: every node, parents before children.
  visit(doc, {
    Node(_key, node) {
      if (isAlias(node)) {
        aliases.set(node, anchored.get(node.source));
        return;
      }
      if (node.anchor) anchored.set(node.anchor, node);
      if (!isMap(node)) return;
      const seen = new Set<unknown>();
      for (const pair of node.items) {
        const key: unknown = pair.key;
        const id = isScalar(key) ? key.value : key;
        // The library compares with ===, under which NaN (`.nan`) never equals itself.
        if (typeof id === 'number' && Number.isNaN(id)) continue;
        if (seen.has(id)) repeatedKeys.push((key as Node | null)?.range?.[0] ?? node.range?.[0] ?? 0);
        else seen.add(id);
      }
    },
  });
  return { repeatedKeys, aliases };
}

/**
 * Parses YAML text (or bytes, which must be UTF-8) keeping source positions. The common subset specs
 * are written in is read by spec/fast-yaml.ts; anything else (and every document with a problem) by
 * the yaml library's Document API ({@link loadYamlDocument}), which gives the same data and positions.
 */
export function loadYaml(input: string | Uint8Array, file: string): LoadYamlResult {
  const text = decode(input, file);
  if (typeof text !== 'string') return { ok: false, issues: [text] };
  const fast = fastLoadYaml(text);
  if (fast) return { ok: true, yaml: fast };
  return loadYamlDocument(text, file);
}

/** The full path: decoded text through the yaml library's Document API. Exported for tests. */
export function loadYamlDocument(text: string, file: string): LoadYamlResult {
  const lines = new LineCounter();
  const doc = parseDocument(text, {
    lineCounter: lines,
    prettyErrors: false,
    // Checked by scanDocument in one pass (the library's check is quadratic in a mapping's size).
    uniqueKeys: false,
    // `<<: *defaults` merges a mapping, as most YAML tools do (YAML 1.1 merge keys).
    merge: true,
    // Problems become located issues; nothing is written to the process's warning channel.
    logLevel: 'error',
  });
  const issues: SpecIssue[] = [];
  for (const e of [...doc.errors, ...doc.warnings]) {
    const p = lines.linePos(e.pos[0]);
    const message =
      e.code === 'MULTIPLE_DOCS'
        ? 'expected one YAML document, got a second one after "---" (one spec per file)'
        : `invalid YAML: ${yamlMessage(e.message)}`;
    issues.push({ file, line: p.line, column: p.col, path: '', message });
  }
  const scan = scanDocument(doc);
  for (const offset of scan.repeatedKeys) {
    const p = lines.linePos(offset);
    const key = JSON.stringify(keyTextAt(text, offset));
    issues.push({
      file,
      line: p.line,
      column: p.col,
      path: '',
      message: `expected each key once in a mapping, got the key ${key} again`,
    });
  }
  if (issues.length === 0)
    for (const [alias, target] of scan.aliases) {
      if (target !== undefined) continue;
      const p = lines.linePos(alias.range?.[0] ?? 0);
      issues.push({
        file,
        line: p.line,
        column: p.col,
        path: '',
        message: `invalid YAML: the alias *${alias.source} names no anchor &${alias.source} defined before it`,
      });
    }
  if (issues.length > 0) return { ok: false, issues };
  if (doc.contents === null || (isScalar(doc.contents) && doc.contents.value === null)) {
    return {
      ok: false,
      issues: [
        {
          file,
          line: 1,
          column: 1,
          path: '',
          message: 'expected a YAML mapping (version, account, defaultRegion, ...), got an empty document',
        },
      ],
    };
  }
  let data: unknown;
  try {
    // The yaml library's guard against alias expansion ("billion laughs"): an anchor's uses times the
    // aliases nested in it may not exceed maxAliasCount. A fixed 1,000 refused a spec of more than
    // 1,000 buckets merging one `&defaults`; a limit proportional to the aliases written in the document
    // admits every spec whose expansion is linear in its size and still refuses nested expansion, whose
    // count grows exponentially with the nesting depth.
    data = doc.toJS({ maxAliasCount: Math.max(1000, 10 * scan.aliases.size) });
  } catch (e) {
    return {
      ok: false,
      issues: [
        { file, line: 1, column: 1, path: '', message: `invalid YAML: ${yamlMessage((e as Error).message)}` },
      ],
    };
  }
  const ix: DocIndex = { doc, aliases: scan.aliases, maps: new WeakMap() };
  const sourceText = (path: SpecPath): string | undefined => {
    const node = nodeAt(ix, path);
    return isScalar(node) && typeof node.source === 'string' ? node.source : undefined;
  };
  return {
    ok: true,
    yaml: { data, sourceText, locate: (path, atKey = false) => locateIn(ix, lines, path, atKey) },
  };
}

function keyTextAt(text: string, offset: number): string {
  const rest = text.slice(offset);
  const m = /^("(?:[^"\\]|\\.)*"|'[^']*'|[^:\n]*)/.exec(rest);
  return (m?.[1] ?? '').trim().replace(/^["']|["']$/g, '');
}

/** Turns a path issue into a located issue. */
export function locateIssue(
  yaml: LoadedYaml,
  file: string,
  issue: { readonly path: SpecPath; readonly message: string; readonly atKey?: boolean },
): SpecIssue {
  const p = yaml.locate(issue.path, issue.atKey ?? false);
  return { file, line: p.line, column: p.column, path: formatPath(issue.path), message: issue.message };
}

/** Sorts issues by position, then path, then message (and drops exact duplicates). */
export function sortIssues(issues: readonly SpecIssue[]): SpecIssue[] {
  const seen = new Set<string>();
  const out: SpecIssue[] = [];
  for (const i of issues) {
    const key = `${i.line}:${i.column}:${i.path}:${i.message}`;
    if (!seen.has(key)) {
      seen.add(key);
      out.push(i);
    }
  }
  return out.sort(
    (a, b) =>
      a.line - b.line ||
      a.column - b.column ||
      (a.path < b.path ? -1 : a.path > b.path ? 1 : 0) ||
      (a.message < b.message ? -1 : 1),
  );
}
