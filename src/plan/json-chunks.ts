/**
 * JSON text in pieces, so that a plan of 20,000 VMs is hashed, written and printed without ever holding its
 * whole text (tens of megabytes, several times over while strings are joined). The pretty generator yields
 * exactly the text of `JSON.stringify(value, null, 2)`, split between the members of the outer containers, with
 * deeper values stringified whole by the native stringifier; the canonical writer hands its text on in blocks.
 */

function toJsonValue(value: unknown): unknown {
  const toJson = (value as { toJSON?: () => unknown } | null | undefined)?.toJSON;
  return typeof toJson === 'function' ? toJson.call(value) : value;
}

const omitted = (v: unknown) => v === undefined || typeof v === 'function' || typeof v === 'symbol';

/**
 * `JSON.stringify(value, null, 2)` as it reads when nested `level` containers deep: the same text with every
 * line after the first indented by two more spaces per level. JSON text has no raw line breaks inside strings,
 * so every newline in it starts an indented line.
 */
function prettyAt(value: unknown, level: number): string {
  if (level === 0) return JSON.stringify(value, null, 2);
  // Wrapped in `level` arrays, the value comes out of the native stringifier already indented as it sits in the
  // document; cutting the wrappers' brackets off again makes a view of that text rather than a second copy
  // (re-indenting it line by line copied every action of a fleet's plan twice). Inside an array an absent
  // value is written as null, as it must be here.
  let wrapped: unknown = value;
  for (let i = 0; i < level; i++) wrapped = [wrapped];
  const text = JSON.stringify(wrapped, null, 2);
  // `[\n` plus the indent of each opened level before the value, `\n`, indent and `]` for each one after it.
  const before = 2 * level + level * (level + 1);
  const after = 2 * level + level * (level - 1);
  return text.slice(before, text.length - after);
}

/**
 * The pieces of `JSON.stringify(value, null, 2)`: containers down to `depth` levels are opened member by
 * member, anything deeper is one piece.
 */
export function* prettyJsonChunks(value: unknown, depth = 2, level = 0): Generator<string> {
  const v = toJsonValue(value);
  if (depth <= 0 || v === null || typeof v !== 'object') {
    yield prettyAt(v, level);
    return;
  }
  const indent = '  '.repeat(level);
  const inner = `${indent}  `;
  if (Array.isArray(v)) {
    if (v.length === 0) {
      yield '[]';
      return;
    }
    yield '[';
    for (let i = 0; i < v.length; i++) {
      yield `${i === 0 ? '' : ','}\n${inner}`;
      yield* prettyJsonChunks(omitted(v[i]) ? null : v[i], depth - 1, level + 1);
    }
    yield `\n${indent}]`;
    return;
  }
  const entries = Object.entries(v as Record<string, unknown>).filter(([, x]) => !omitted(toJsonValue(x)));
  if (entries.length === 0) {
    yield '{}';
    return;
  }
  yield '{';
  let first = true;
  for (const [key, x] of entries) {
    yield `${first ? '' : ','}\n${inner}${JSON.stringify(key)}: `;
    first = false;
    yield* prettyJsonChunks(x, depth - 1, level + 1);
  }
  yield `\n${indent}}`;
}

/**
 * Writes the canonical JSON of `value` (keys sorted by UTF-16 code units at every depth, no whitespace, values as
 * `JSON.stringify` writes them) to `sink` in blocks of about `blockSize` characters. It walks the value once and
 * copies nothing: the digest of a 20,000-VM plan used to copy every object with its keys sorted and stringify each
 * copy, which made the digest the largest source of garbage a plan left behind.
 */
export function writeCanonicalJson(value: unknown, sink: (block: string) => void, blockSize = 64 * 1024): void {
  let block = '';
  const put = (text: string) => {
    block += text;
    if (block.length >= blockSize) {
      sink(block);
      block = '';
    }
  };
  const write = (raw: unknown): void => {
    const v = toJsonValue(raw);
    if (v === null || typeof v !== 'object') {
      put(JSON.stringify(v) ?? 'null');
      return;
    }
    // A small value (an action, a finding) is copied in canonical order and written by the native stringifier,
    // several times faster than this walk; only the large containers around them are walked.
    const budget = { left: NATIVE_BUDGET };
    const copy = canonicalCopy(raw, budget);
    if (budget.left >= 0) {
      put(JSON.stringify(copy));
      return;
    }
    if (Array.isArray(v)) {
      put('[');
      for (let i = 0; i < v.length; i++) {
        if (i > 0) put(',');
        const e = v[i];
        if (omitted(e)) put('null');
        else write(e);
      }
      put(']');
      return;
    }
    const obj = v as Record<string, unknown>;
    const keys = Object.keys(obj).sort();
    put('{');
    let first = true;
    for (const key of keys) {
      const member = obj[key];
      if (omitted(member)) continue;
      put(first ? quotedKey(key) : `,${quotedKey(key)}`);
      first = false;
      write(member);
    }
    put('}');
  };
  write(value);
  if (block.length > 0) sink(block);
}

/**
 * Values written natively are small: at most this many members and elements in all. A fleet's arrays of actions
 * or its fingerprint would otherwise be stringified whole, the very text the blocks exist not to hold.
 */
const NATIVE_BUDGET = 512;

const INDEX_LIKE = /^\d+$/;

/**
 * A copy of a small value whose `JSON.stringify` is its canonical text: every object rebuilt with its members
 * inserted in UTF-16 code-unit order (what `toJSON` gives in place of the value, absent members left out), or
 * undefined when the value has more than `budget.left` members and elements, or an index-like key (an object
 * lists those first whatever the order they were added in). Each copy is garbage the moment it is written:
 * a young-generation allocation the size of one action, where walking it here cost a string per value.
 */
function canonicalCopy(raw: unknown, budget: { left: number }): unknown {
  const v = toJsonValue(raw);
  if (v === null || typeof v !== 'object') return v;
  if (Array.isArray(v)) {
    budget.left -= v.length;
    if (budget.left < 0) return undefined;
    const out: unknown[] = new Array(v.length);
    for (let i = 0; i < v.length; i++) {
      const e = v[i];
      if (omitted(e)) out[i] = null;
      else {
        out[i] = canonicalCopy(e, budget);
        if (budget.left < 0) return undefined;
      }
    }
    return out;
  }
  const obj = v as Record<string, unknown>;
  const keys = Object.keys(obj);
  budget.left -= keys.length;
  if (budget.left < 0) return undefined;
  keys.sort();
  // No prototype: a member named __proto__ is then a member like any other.
  const out: Record<string, unknown> = Object.create(null);
  for (const key of keys) {
    if (INDEX_LIKE.test(key)) {
      budget.left = -1;
      return undefined;
    }
    const member = obj[key];
    if (omitted(member)) continue;
    out[key] = canonicalCopy(member, budget);
    if (budget.left < 0) return undefined;
  }
  return out;
}

/** `"key":` for the few hundred member names a plan repeats thousands of times. */
const quotedKeys = new Map<string, string>();
function quotedKey(key: string): string {
  let quoted = quotedKeys.get(key);
  if (quoted === undefined) {
    quoted = `${JSON.stringify(key)}:`;
    // Names are few; values used as keys (resource ids in a fingerprint) are not worth remembering.
    if (key.length <= 40 && quotedKeys.size < 1024) quotedKeys.set(key, quoted);
  }
  return quoted;
}

/** Deterministic JSON: sorted keys at every depth; `undefined` members dropped as `JSON.stringify` does. */
export function canonicalJson(value: unknown): string {
  const blocks: string[] = [];
  writeCanonicalJson(value, (b) => blocks.push(b));
  return blocks.length === 1 ? blocks[0]! : blocks.join('');
}

/** Joins pieces into blocks of about `size` characters: fewer, larger writes and hash updates. */
export function* batched(chunks: Iterable<string>, size = 64 * 1024): Generator<string> {
  let parts: string[] = [];
  let length = 0;
  for (const c of chunks) {
    parts.push(c);
    length += c.length;
    if (length >= size) {
      yield parts.join('');
      parts = [];
      length = 0;
    }
  }
  if (length > 0) yield parts.join('');
}
