/**
 * The spec's own words for a kind's attributes: the plan names fields as the spec writes them
 * (`backupRetentionDays`, not RDS's `backupRetentionPeriod`), and points at the line that declares
 * them. Each kind declares only where its spec differs from its attributes (`KindSpec.specKeys`);
 * everything else keeps its name. Pure.
 */
import jsonpatch from 'fast-json-patch';

/** A path into the spec document: mapping keys and list indexes. */
export type SpecSegments = readonly (string | number)[];

/** One item of a spec list as written (plain YAML data). */
export type WrittenItem = Readonly<Record<string, unknown>>;

/** How one attribute (or nested field) is written in the spec. Omitted: the same key, the same shape. */
export interface SpecField {
  /**
   * The key the spec uses, or a function of the mapping it is written in (an EventBridge target
   * names its `topic` or its `arn`). Omitted: the attribute's own name.
   */
  readonly key?: string | ((written: WrittenItem) => string);
  /**
   * The attribute's fields are written directly in the enclosing spec mapping (a CloudWatch
   * `metric.metric.namespace` is the spec's `metric.namespace`).
   */
  readonly inline?: boolean;
  /** The fields of this object, or of each item of this keyed list. */
  readonly fields?: SpecKeyMap;
  /**
   * This attribute is a list the plan keys by an id (DiffShape `keyed`, or SNS subscriptions), and
   * the spec writes it as a YAML list: whether the written item is the one the plan's `id` names.
   * `root` is the whole spec document, for items that name other declarations (a copy's vault).
   */
  readonly item?: (written: WrittenItem, id: string, root: unknown) => boolean;
}

/** Spec names of a kind's attributes (or of one nested object's fields), by attribute name. */
export type SpecKeyMap = Readonly<Record<string, SpecField>>;

/** Items matched by one of their fields (`id`, `name`); YAML may have written it as a number. */
export function byField(field: string): (written: WrittenItem, id: string) => boolean {
  return (written, id) => {
    const v = written[field];
    return (typeof v === 'string' || typeof v === 'number') && String(v) === id;
  };
}

const PLAIN_KEY = /^[A-Za-z0-9_$@:*+=,\-/]+$/;

/** `s3.buckets.mne-media-prod.lifecycle[0].noncurrentDays`; odd keys are quoted: `tags["a.b"]`. */
export function formatSpecPath(path: SpecSegments): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else if (PLAIN_KEY.test(part)) out += out ? `.${part}` : part;
    else out += `[${JSON.stringify(part)}]`;
  }
  return out;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** A plan field located in the spec. */
export interface SpecFieldRef {
  /** The field in the spec's keys, in the plan's keyed view: `/`-separated, no leading slash. */
  readonly field: string;
  /**
   * The spec path (from the resource's own node) of where the field is written, or would be: it
   * stops at a keyed list whose item the spec does not write (a rule that only AWS has).
   */
  readonly at: SpecSegments;
}

function pointerSegments(pointer: string): string[] {
  return pointer === '' ? [] : pointer.split('/').slice(1).map(jsonpatch.unescapePathComponent);
}

/**
 * The field at `pointer` (a FieldDiff path, in the plan's keyed view) in the spec's words, and where
 * it is written under the resource's spec node `written` (undefined: names only, no positions).
 */
export function specFieldOf(
  keys: SpecKeyMap,
  pointer: string,
  written?: unknown,
  root?: unknown,
): SpecFieldRef {
  let map: SpecKeyMap | undefined = keys;
  let list: SpecField | undefined;
  let node: unknown = written;
  let following = true;
  const display: string[] = [];
  const at: (string | number)[] = [];
  for (const seg of pointerSegments(pointer)) {
    if (list) {
      // `seg` is the id of an item of a keyed list: the spec writes a list, find its index.
      display.push(seg);
      const match = list.item;
      const index =
        following && Array.isArray(node) && match
          ? node.findIndex((w) => isRecord(w) && match(w, seg, root))
          : -1;
      if (index >= 0) {
        at.push(index);
        node = (node as unknown[])[index];
      } else {
        following = false;
        node = undefined;
      }
      map = list.fields;
      list = undefined;
      continue;
    }
    const f: SpecField = map?.[seg] ?? {};
    if (f.inline) {
      map = f.fields;
      continue;
    }
    const key = typeof f.key === 'function' ? f.key(isRecord(node) ? node : {}) : (f.key ?? seg);
    display.push(key);
    if (following) {
      at.push(key);
      node = isRecord(node) ? node[key] : undefined;
    }
    if (f.item) list = f;
    else map = f.fields;
  }
  return { field: display.join('/'), at };
}

/** What the value at `pointer` is: an object with these fields, or a keyed list of such items. */
function shapeAt(keys: SpecKeyMap, pointer: string): { fields?: SpecKeyMap; list?: SpecField } {
  let map: SpecKeyMap | undefined = keys;
  let list: SpecField | undefined;
  for (const seg of pointerSegments(pointer)) {
    if (list) {
      map = list.fields;
      list = undefined;
      continue;
    }
    const f: SpecField = map?.[seg] ?? {};
    if (f.item) {
      list = f;
      map = undefined;
    } else map = f.fields;
  }
  return { ...(map ? { fields: map } : {}), ...(list ? { list } : {}) };
}

function renameObject(
  value: Record<string, unknown>,
  fields: SpecKeyMap | undefined,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    const f: SpecField | undefined = fields?.[k];
    if (!f) {
      out[k] = v;
      continue;
    }
    const renamed = f.item ? renameList(v, f) : renameIn(v, f.fields);
    if (f.inline && isRecord(renamed)) {
      Object.assign(out, renamed);
      continue;
    }
    const key = typeof f.key === 'function' ? f.key(value) : (f.key ?? k);
    out[key] = renamed;
  }
  return out;
}

function renameList(value: unknown, list: SpecField): unknown {
  // Raw attributes hold the list; the plan's keyed view holds an object by id.
  if (Array.isArray(value)) return value.map((item) => renameIn(item, list.fields));
  if (isRecord(value))
    return Object.fromEntries(Object.entries(value).map(([id, item]) => [id, renameIn(item, list.fields)]));
  return value;
}

function renameIn(value: unknown, fields: SpecKeyMap | undefined): unknown {
  if (!fields || !isRecord(value)) return value;
  return renameObject(value, fields);
}

/** The value at `pointer` with its keys in the spec's words (values themselves are unchanged). */
export function valueInSpecWords(keys: SpecKeyMap, pointer: string, value: unknown): unknown {
  const { fields, list } = shapeAt(keys, pointer);
  return list ? renameList(value, list) : renameIn(value, fields);
}
