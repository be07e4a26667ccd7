/**
 * JSON text in pieces, so that a plan of 20,000 VMs is hashed, written and printed without ever holding its
 * whole text (tens of megabytes, several times over while strings are joined). Each generator yields exactly
 * the text its whole-string counterpart would produce, split between the members of the outer containers;
 * deeper values are stringified whole by the native `JSON.stringify`, which keeps the pieces few, each one
 * small, and the work fast.
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
  // Inside an array an absent value is written as null.
  const text = JSON.stringify(value, null, 2) ?? 'null';
  return text.includes('\n') ? text.replaceAll('\n', `\n${'  '.repeat(level)}`) : text;
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

/** Property names an engine orders before all others (array indices), whatever their insertion order. */
const INDEX_KEY = /^(0|[1-9]\d{0,9})$/;

/** What `sortedCopy` gives when some object in the value has an index-like key. */
const HAS_INDEX_KEYS: unique symbol = Symbol('has index keys');

/**
 * A copy with keys inserted in sorted order, for the native stringifier to write canonically; or
 * `HAS_INDEX_KEYS` when some object in `v` has an index-like key, whose place a sorted copy would not keep.
 * One walk both checks and copies: the digest of a fleet's plan copies a hundred thousand objects.
 */
function sortedCopy(v: unknown): unknown {
  const x = toJsonValue(v);
  if (x === null || typeof x !== 'object') return x;
  if (Array.isArray(x)) {
    const out: unknown[] = new Array(x.length);
    for (let i = 0; i < x.length; i++) {
      const e = x[i];
      if (omitted(e)) {
        out[i] = null;
        continue;
      }
      const copy = sortedCopy(e);
      if (copy === HAS_INDEX_KEYS) return HAS_INDEX_KEYS;
      out[i] = copy;
    }
    return out;
  }
  const obj = x as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(obj).sort()) {
    if (INDEX_KEY.test(key)) return HAS_INDEX_KEYS;
    const member = obj[key];
    if (omitted(member)) continue;
    const copy = sortedCopy(member);
    if (copy === HAS_INDEX_KEYS) return HAS_INDEX_KEYS;
    out[key] = copy;
  }
  return out;
}

/** Deterministic JSON: sorted keys at every depth; `undefined` members dropped as `JSON.stringify` does. */
export function canonicalJson(value: unknown): string {
  const v = toJsonValue(value);
  if (v === null || typeof v !== 'object') return JSON.stringify(v) ?? 'null';
  const copy = sortedCopy(v);
  if (copy !== HAS_INDEX_KEYS) return JSON.stringify(copy);
  if (Array.isArray(v)) return `[${v.map((x) => (omitted(x) ? 'null' : canonicalJson(x))).join(',')}]`;
  const obj = v as Record<string, unknown>;
  const parts: string[] = [];
  for (const key of Object.keys(obj).sort()) {
    const x = obj[key];
    if (omitted(x)) continue;
    parts.push(`${JSON.stringify(key)}:${canonicalJson(x)}`);
  }
  return `{${parts.join(',')}}`;
}

/** The pieces of `canonicalJson(value)`, opened member by member down to `depth` levels. */
export function* canonicalJsonChunks(value: unknown, depth = 2): Generator<string> {
  const v = toJsonValue(value);
  if (depth <= 0 || v === null || typeof v !== 'object') {
    yield canonicalJson(v);
    return;
  }
  if (Array.isArray(v)) {
    yield '[';
    for (let i = 0; i < v.length; i++) {
      if (i > 0) yield ',';
      yield* canonicalJsonChunks(omitted(v[i]) ? null : v[i], depth - 1);
    }
    yield ']';
    return;
  }
  const obj = v as Record<string, unknown>;
  yield '{';
  let first = true;
  for (const key of Object.keys(obj).sort()) {
    const x = obj[key];
    if (omitted(x)) continue;
    yield `${first ? '' : ','}${JSON.stringify(key)}:`;
    first = false;
    yield* canonicalJsonChunks(x, depth - 1);
  }
  yield '}';
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
