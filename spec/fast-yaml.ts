/**
 * A fast path for the YAML that specs are written in: block mappings and sequences, single-line flow
 * mappings and sequences, single-line plain and quoted scalars, comments and a leading `---`. Builds
 * the plain data and a position index in one pass over the text, several times faster than the yaml
 * library's Document API (whose parse of a 10,000-bucket spec alone took seconds).
 *
 * It answers only when it is sure the yaml library would read the document the same way with no
 * error or warning: anything else (anchors, aliases, merge keys, tags, block or multi-line scalars,
 * complex, repeated, non-string or `__proto__` keys, directives, tabs, a CR but in CRLF, control
 * characters, empty values in sequences or flow collections, any irregularity) returns undefined and
 * spec/load-yaml.ts parses the document with the library as before, so every error message and
 * position stays the library's. Scalars resolve through the library's own schema tags.
 *
 * `locate` and `sourceText` mirror load-yaml.ts's `locateIn` and `nodeAt` over the library's node
 * ranges: a key's offset, a value node's first character (a flow collection's bracket, a block
 * mapping's first key, a block sequence's first `-`, a quoted scalar's quote).
 */
import { isScalar, LineCounter, Schema } from 'yaml';
import type { SpecPath } from './issues.js';

/** A 1-based line and column (load-yaml.ts's Position). */
interface Pos {
  readonly line: number;
  readonly column: number;
}

interface FastScalar {
  readonly kind: 0;
  readonly start: number;
  /** The scalar's text before tag resolution, as the library's `Scalar.source`. */
  readonly source: string;
  /** An empty value (`key:` with nothing after it): the library's null scalar with source ''. */
  readonly empty: boolean;
}
interface FastEntry {
  readonly keyStart: number;
  readonly value: FastNode;
}
interface FastMap {
  readonly kind: 1;
  readonly start: number;
  readonly entries: Map<string, FastEntry>;
}
interface FastSeq {
  readonly kind: 2;
  readonly start: number;
  readonly items: FastNode[];
}
type FastNode = FastScalar | FastMap | FastSeq;

/** What the fast path read: the data, and the same lookups as the full path's LoadedYaml. */
export interface FastLoaded {
  readonly data: unknown;
  sourceText(path: SpecPath): string | undefined;
  locate(path: SpecPath, atKey?: boolean): Pos;
}

/** Thrown (one shared object, no stack) when the document is outside the subset. */
const NOT_HANDLED = { notHandled: true };
function bail(): never {
  throw NOT_HANDLED;
}

interface ScalarTag {
  readonly default?: boolean | 'key';
  readonly test?: RegExp;
  resolve(value: string, onError: (msg: string) => void, options: object): unknown;
}

/** The schema parseDocument uses in load-yaml.ts (YAML 1.2 core, plus `<<` merge keys). */
let schemaTags: readonly ScalarTag[] | undefined;
function tags(): readonly ScalarTag[] {
  schemaTags ??= new Schema({ merge: true }).tags as unknown as ScalarTag[];
  return schemaTags;
}

const NO_TAG = Symbol('no tag');
const OPTIONS = {};

/**
 * How the library resolves a plain scalar (composeScalar's findScalarTagByTest and the tag's
 * resolve): the first default tag whose test matches, or NO_TAG when it stays a string. Any tag that
 * would report a problem makes the document not handled.
 */
function resolveTagged(value: string, atKey: boolean): unknown {
  for (const tag of tags()) {
    if ((tag.default === true || (atKey && tag.default === 'key')) && tag.test?.test(value)) {
      const res = tag.resolve(value, bail, OPTIONS);
      return isScalar(res) ? res.value : res;
    }
  }
  return NO_TAG;
}

/**
 * Plain scalars that no tag of the core schema can match: every tag's test (null `~`/`null`/empty,
 * booleans, ints, floats, `.inf`/`.nan`, the `<<` merge key) needs one of these as the first character;
 * test/spec/fast-yaml.test.ts checks the schema's tests against this.
 */
export const CANNOT_BE_TAGGED = /^[^-+.0-9~nNtTfF<]/;

const plainCache = new Map<string, unknown>();
function resolvePlain(value: string): unknown {
  if (CANNOT_BE_TAGGED.test(value)) return value;
  let v = plainCache.get(value);
  if (v === undefined && !plainCache.has(value)) {
    v = resolveTagged(value, false);
    if (v === NO_TAG) v = value;
    else if (typeof v !== 'number' && typeof v !== 'boolean' && v !== null) bail();
    if (plainCache.size < 10_000) plainCache.set(value, v);
  }
  return v;
}

/** Characters the fast path refuses anywhere: tabs, other controls, a CR not before LF, NEL, BOMs, separators. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is its purpose
const REFUSED_CHARS = /[\x00-\x09\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff]|\r(?!\n)/;
/** Double-quoted escapes read the same by JSON.parse and the yaml library (no surrogates). */
const SIMPLE_DOUBLE = /^"(?:[^"\\]|\\["\\/bfnrt]|\\u(?![dD][89a-fA-F])[0-9a-fA-F]{4})*"$/;

/**
 * Deeper nesting is left to the full path: the yaml library's toJS overflows the stack somewhere under
 * 1,000 levels (a located error), and the fast path must not accept what it refuses. Specs nest ~10.
 */
const MAX_DEPTH = 100;

const SPACE = 32;
const HASH = 35;
const COLON = 58;
const DASH = 45;

/** First characters that start something other than a plain scalar (or are refused to keep it simple). */
function isSpecialStart(c: number): boolean {
  // - ? : , [ ] { } # & * ! | > ' " % @ `
  return (
    c === 45 ||
    c === 63 ||
    c === 58 ||
    c === 44 ||
    c === 91 ||
    c === 93 ||
    c === 123 ||
    c === 125 ||
    c === 35 ||
    c === 38 ||
    c === 42 ||
    c === 33 ||
    c === 124 ||
    c === 62 ||
    c === 39 ||
    c === 34 ||
    c === 37 ||
    c === 64 ||
    c === 96
  );
}

function isFlowIndicator(c: number): boolean {
  return c === 44 || c === 91 || c === 93 || c === 123 || c === 125;
}

/** Names an empty object already has (through Object.prototype): the only keys `in` finds here. */
const INHERITED = new Set(Object.getOwnPropertyNames(Object.prototype));

function setKey(obj: Record<string, unknown>, key: string, value: unknown): void {
  // As the library's addPairToJSMap does (`key in obj` there; keys are never repeated here).
  if (INHERITED.has(key))
    Object.defineProperty(obj, key, { value, writable: true, enumerable: true, configurable: true });
  else obj[key] = value;
}

class FastParser {
  private readonly text: string;
  private readonly starts: number[] = [0];
  private readonly count: number;
  /** The current content line: its index, indentation and first non-space offset (count at the end). */
  private line = 0;
  private indent = -1;
  private cpos = 0;
  private lineEnd = 0;
  /** What the last node parsed reads as (its JS data), what the last key read was and where it ended. */
  private data: unknown = null;
  private keyText = '';
  private keyAfter = 0;
  /** The offset after the last flow value parsed. */
  private end = 0;
  /** Collections open around the current position. */
  private depth = 0;

  constructor(text: string) {
    this.text = text;
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) this.starts.push(i + 1);
    this.count = this.starts.length;
  }

  lineCounter(): LineCounter {
    const lc = new LineCounter();
    for (const s of this.starts) lc.addNewLine(s);
    return lc;
  }

  /** Where line `i`'s content ends: before its `\n`, or its `\r\n`. */
  private endOf(i: number): number {
    if (i + 1 >= this.count) return this.text.length;
    const e = (this.starts[i + 1] as number) - 1;
    return e > (this.starts[i] as number) && this.text.charCodeAt(e - 1) === 13 ? e - 1 : e;
  }

  /** Moves to the first line from `i` with content (not blank, not only a comment). */
  private seek(i: number): void {
    const t = this.text;
    for (; i < this.count; i++) {
      const s = this.starts[i] as number;
      const e = this.endOf(i);
      let p = s;
      while (p < e && t.charCodeAt(p) === SPACE) p++;
      if (p === e || t.charCodeAt(p) === HASH) continue;
      if (p === s && (t.startsWith('---', s) || t.startsWith('...', s))) bail();
      this.line = i;
      this.indent = p - s;
      this.cpos = p;
      this.lineEnd = e;
      return;
    }
    this.line = this.count;
    this.indent = -1;
  }

  private isSeqAt(p: number): boolean {
    return (
      this.text.charCodeAt(p) === DASH && (p + 1 === this.lineEnd || this.text.charCodeAt(p + 1) === SPACE)
    );
  }

  private skipSpaces(p: number, e: number): number {
    while (p < e && this.text.charCodeAt(p) === SPACE) p++;
    return p;
  }

  /** Only spaces and a comment (after a space) may follow a value on its line. */
  private expectLineEnd(p: number): void {
    const e = this.lineEnd;
    const q = this.skipSpaces(p, e);
    if (q === e) return;
    if (this.text.charCodeAt(q) === HASH && q > p) return;
    bail();
  }

  parseDocument(): { data: unknown; root: FastNode } {
    const t = this.text;
    if (REFUSED_CHARS.test(t)) bail();
    // An optional `---` before the content (comments and blank lines may precede it).
    let first = 0;
    for (; first < this.count; first++) {
      const s = this.starts[first] as number;
      const e = this.endOf(first);
      const p = this.skipSpaces(s, e);
      if (p === e || t.charCodeAt(p) === HASH) continue;
      if (p === s && t.startsWith('---', s)) {
        this.lineEnd = e;
        if (s + 3 !== e && t.charCodeAt(s + 3) !== SPACE) bail();
        this.expectLineEnd(s + 3);
        first++;
      }
      break;
    }
    this.seek(first);
    if (this.line >= this.count || this.isSeqAt(this.cpos)) bail();
    const root = this.blockMap(this.indent);
    if (this.line !== this.count) bail();
    return { data: this.data, root };
  }

  /** Whether a key is at `p` on the current line; if so its text and the offset just after its `:` are kept. */
  private key(p: number, inFlow: boolean): boolean {
    const t = this.text;
    const e = this.lineEnd;
    const c = t.charCodeAt(p);
    let key: string;
    let q: number;
    if (c === 39 || c === 34) {
      const quoted = this.quoted(p);
      key = quoted.value;
      q = this.skipSpaces(quoted.end, e);
      if (t.charCodeAt(q) !== COLON) return false;
    } else {
      if (isSpecialStart(c)) return false;
      q = p;
      for (;;) {
        if (q >= e) return false;
        const ch = t.charCodeAt(q);
        if (ch === COLON) {
          const next = q + 1 === e ? SPACE : t.charCodeAt(q + 1);
          if (next === SPACE) break;
          if (inFlow && isFlowIndicator(next)) bail();
        } else if (ch === SPACE) {
          if (t.charCodeAt(q + 1) === HASH) return false;
        } else if (inFlow && isFlowIndicator(ch)) return false;
        q++;
      }
      let end = q;
      while (t.charCodeAt(end - 1) === SPACE) end--;
      key = t.slice(p, end);
      if (!CANNOT_BE_TAGGED.test(key) && resolveTagged(key, true) !== NO_TAG) bail();
    }
    if (q - p > 1024) bail();
    if (q + 1 < e && t.charCodeAt(q + 1) !== SPACE) bail();
    if (key === '__proto__') bail();
    this.keyText = key;
    this.keyAfter = q + 1;
    return true;
  }

  /** A single-line quoted scalar at `p`: its value and the offset after the closing quote. */
  private quoted(p: number): { value: string; end: number } {
    const t = this.text;
    const e = this.lineEnd;
    if (t.charCodeAt(p) === 39) {
      let i = p + 1;
      for (;;) {
        let j = i;
        while (j < e && t.charCodeAt(j) !== 39) j++;
        if (j >= e) bail();
        if (t.charCodeAt(j + 1) === 39 && j + 1 < e) {
          i = j + 2;
          continue;
        }
        const inner = t.slice(p + 1, j);
        return { value: i === p + 1 ? inner : inner.replace(/''/g, "'"), end: j + 1 };
      }
    }
    let escaped = false;
    for (let i = p + 1; i < e; i++) {
      const ch = t.charCodeAt(i);
      if (ch === 92) {
        escaped = true;
        i++;
      } else if (ch === 34) {
        if (!escaped) return { value: t.slice(p + 1, i), end: i + 1 };
        const raw = t.slice(p, i + 1);
        if (!SIMPLE_DOUBLE.test(raw)) bail();
        return { value: JSON.parse(raw) as string, end: i + 1 };
      }
    }
    return bail();
  }

  private scalar(start: number, source: string): FastScalar {
    return { kind: 0, start, source, empty: false };
  }

  /** A block mapping whose keys are at column `col`, starting on the current line. */
  private blockMap(col: number): FastNode {
    if (++this.depth > MAX_DEPTH) bail();
    const obj: Record<string, unknown> = {};
    const entries = new Map<string, FastEntry>();
    const start = this.cpos;
    while (this.indent === col) {
      const keyStart = this.cpos;
      if (!this.key(keyStart, false)) bail();
      const key = this.keyText;
      if (entries.has(key)) bail();
      const e = this.lineEnd;
      const p = this.skipSpaces(this.keyAfter, e);
      let value: FastNode;
      if (p === e || this.text.charCodeAt(p) === HASH) {
        this.seek(this.line + 1);
        if (this.indent > col) value = this.blockNode();
        else if (this.indent === col && this.isSeqAt(this.cpos)) value = this.blockSeq(col);
        else {
          value = { kind: 0, start: p, source: '', empty: true };
          this.data = null;
        }
      } else {
        value = this.inline(p);
        this.seek(this.line + 1);
      }
      setKey(obj, key, this.data);
      entries.set(key, { keyStart, value });
    }
    if (this.indent > col) bail();
    this.depth--;
    this.data = obj;
    return { kind: 1, start, entries };
  }

  /** The block node (mapping or sequence) starting on the current line. */
  private blockNode(): FastNode {
    return this.isSeqAt(this.cpos) ? this.blockSeq(this.indent) : this.blockMap(this.indent);
  }

  /** A block sequence whose `-` are at column `col`, starting on the current line. */
  private blockSeq(col: number): FastNode {
    if (++this.depth > MAX_DEPTH) bail();
    const arr: unknown[] = [];
    const items: FastNode[] = [];
    const start = this.cpos;
    const t = this.text;
    while (this.indent === col && this.isSeqAt(this.cpos)) {
      const e = this.lineEnd;
      const p = this.skipSpaces(this.cpos + 1, e);
      let item: FastNode;
      if (p === e || t.charCodeAt(p) === HASH) {
        this.seek(this.line + 1);
        if (this.indent <= col) bail(); // an empty item
        item = this.blockNode();
      } else if (t.charCodeAt(p) === DASH && (p + 1 === e || t.charCodeAt(p + 1) === SPACE)) {
        bail(); // `- - x`
      } else if (this.key(p, false)) {
        this.indent = p - (this.starts[this.line] as number);
        this.cpos = p;
        item = this.blockMap(this.indent);
      } else {
        item = this.inline(p);
        this.seek(this.line + 1);
      }
      arr.push(this.data);
      items.push(item);
      if (this.indent > col) bail();
    }
    this.depth--;
    this.data = arr;
    return { kind: 2, start, items };
  }

  /** A value written after `key: ` or `- `: a scalar or a flow collection, alone on the rest of its line. */
  private inline(p: number): FastNode {
    const t = this.text;
    const e = this.lineEnd;
    const c = t.charCodeAt(p);
    if (c === 91 || c === 123) {
      const r = this.flow(p);
      this.expectLineEnd(this.end);
      return r;
    }
    if (c === 39 || c === 34) {
      const q = this.quoted(p);
      this.expectLineEnd(q.end);
      this.data = q.value;
      return this.scalar(p, q.value);
    }
    if (isSpecialStart(c)) {
      // `-1`, `-foo`: a plain scalar; anything else starting with an indicator is not handled.
      if (c !== DASH || p + 1 === e || t.charCodeAt(p + 1) === SPACE) bail();
    }
    let q = p;
    while (q < e && !(t.charCodeAt(q) === SPACE && t.charCodeAt(q + 1) === HASH)) q++;
    while (t.charCodeAt(q - 1) === SPACE) q--;
    const source = t.slice(p, q);
    if (source.includes(': ') || source.charCodeAt(source.length - 1) === COLON) bail();
    this.data = resolvePlain(source);
    return this.scalar(p, source);
  }

  /** A flow collection at `p` closed on the same line. */
  private flow(p: number): FastNode {
    if (++this.depth > MAX_DEPTH) bail();
    const t = this.text;
    const e = this.lineEnd;
    const start = p;
    if (t.charCodeAt(p) === 91) {
      const arr: unknown[] = [];
      const items: FastNode[] = [];
      p = this.skipSpaces(p + 1, e);
      if (t.charCodeAt(p) !== 93) {
        for (;;) {
          if (p >= e) bail();
          items.push(this.flowValue(p));
          arr.push(this.data);
          p = this.skipSpaces(this.end, e);
          const ch = t.charCodeAt(p);
          if (ch === 44) {
            p = this.skipSpaces(p + 1, e);
            if (t.charCodeAt(p) === 93) break;
          } else if (ch === 93) break;
          else bail();
        }
      }
      this.depth--;
      this.data = arr;
      this.end = p + 1;
      return { kind: 2, start, items };
    }
    const obj: Record<string, unknown> = {};
    const entries = new Map<string, FastEntry>();
    p = this.skipSpaces(p + 1, e);
    if (t.charCodeAt(p) !== 125) {
      for (;;) {
        if (p >= e) bail();
        if (!this.key(p, true)) bail();
        const key = this.keyText;
        if (entries.has(key)) bail();
        const vp = this.skipSpaces(this.keyAfter, e);
        if (vp >= e) bail();
        const value = this.flowValue(vp);
        setKey(obj, key, this.data);
        entries.set(key, { keyStart: p, value });
        p = this.skipSpaces(this.end, e);
        const ch = t.charCodeAt(p);
        if (ch === 44) {
          p = this.skipSpaces(p + 1, e);
          if (t.charCodeAt(p) === 125) break;
        } else if (ch === 125) break;
        else bail();
      }
    }
    this.depth--;
    this.data = obj;
    this.end = p + 1;
    return { kind: 1, start, entries };
  }

  /** A value inside a flow collection: a nested collection, a quoted or a plain scalar. */
  private flowValue(p: number): FastNode {
    const t = this.text;
    const e = this.lineEnd;
    const c = t.charCodeAt(p);
    if (c === 91 || c === 123) return this.flow(p);
    if (c === 39 || c === 34) {
      const q = this.quoted(p);
      this.data = q.value;
      this.end = q.end;
      return this.scalar(p, q.value);
    }
    if (
      isSpecialStart(c) &&
      (c !== DASH || p + 1 === e || t.charCodeAt(p + 1) === SPACE || isFlowIndicator(t.charCodeAt(p + 1)))
    )
      bail();
    let q = p;
    for (; q < e; q++) {
      const ch = t.charCodeAt(q);
      if (isFlowIndicator(ch)) {
        if (ch === 91 || ch === 123) bail();
        break;
      }
      if (ch === COLON) {
        const next = q + 1 === e ? SPACE : t.charCodeAt(q + 1);
        if (next === SPACE || isFlowIndicator(next)) bail();
      } else if (ch === SPACE && t.charCodeAt(q + 1) === HASH) bail();
    }
    let end = q;
    while (t.charCodeAt(end - 1) === SPACE) end--;
    const source = t.slice(p, end);
    this.data = resolvePlain(source);
    this.end = end;
    return this.scalar(p, source);
  }
}

/** The node at `path`, as load-yaml.ts's nodeAt walks the library's nodes. */
function nodeAt(root: FastNode, path: SpecPath): FastNode | undefined {
  let node: FastNode | undefined = root;
  for (const segment of path) {
    if (node === undefined) return undefined;
    if (node.kind === 1) node = node.entries.get(String(segment))?.value;
    else if (node.kind === 2 && typeof segment === 'number') node = node.items[segment];
    else return undefined;
  }
  return node;
}

/** As load-yaml.ts's locateIn over the library's nodes. */
function locateIn(root: FastNode, lines: LineCounter, path: SpecPath, atKey: boolean): Pos {
  const at = (offset: number): Pos => {
    const p = lines.linePos(offset);
    return { line: p.line, column: p.col };
  };
  let node: FastNode = root;
  let keyOffset: number | undefined;
  for (let i = 0; i < path.length; i++) {
    const segment = path[i];
    let next: FastNode | undefined;
    let nextKey: number | undefined;
    if (node.kind === 1) {
      const entry = node.entries.get(String(segment));
      if (entry) {
        next = entry.value;
        nextKey = entry.keyStart;
      }
    } else if (node.kind === 2 && typeof segment === 'number') {
      next = node.items[segment];
      nextKey = next?.start;
    }
    if (next === undefined || nextKey === undefined) return at(keyOffset ?? node.start);
    node = next;
    keyOffset = nextKey;
    if (i === path.length - 1 && atKey) return at(keyOffset);
  }
  const pointAtKey = (node.kind === 0 && node.empty) || (node.kind === 1 && typeof path.at(-1) === 'string');
  return at(pointAtKey ? (keyOffset ?? node.start) : node.start);
}

/**
 * Reads `text` on the fast path, or returns undefined when the document is outside its subset (or
 * not valid), for the yaml library to parse.
 */
export function fastLoadYaml(text: string): FastLoaded | undefined {
  let parsed: { data: unknown; root: FastNode };
  const parser = new FastParser(text);
  try {
    parsed = parser.parseDocument();
  } catch {
    // Outside the subset (NOT_HANDLED), or anything else (a stack overflow on deeply nested
    // collections): the full path decides, as it did before there was a fast path.
    return undefined;
  }
  const { data, root } = parsed;
  let lines: LineCounter | undefined;
  return {
    data,
    sourceText: (path) => {
      const node = nodeAt(root, path);
      return node?.kind === 0 ? node.source : undefined;
    },
    locate: (path, atKey = false) => {
      lines ??= parser.lineCounter();
      return locateIn(root, lines, path, atKey);
    },
  };
}
