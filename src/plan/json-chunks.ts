/**
 * JSON text in pieces, so that a plan of 20,000 VMs is hashed, written and printed without ever holding its
 * whole text (tens of megabytes, several times over while strings are joined). Each generator yields exactly
 * the text its whole-string counterpart would produce, split between the members of the outer containers;
 * deeper values are stringified whole, which keeps the pieces few and each one small.
 */

function toJsonValue(value: unknown): unknown {
  const toJson = (value as { toJSON?: () => unknown } | null | undefined)?.toJSON;
  return typeof toJson === 'function' ? toJson.call(value) : value;
}

const omitted = (v: unknown) => v === undefined || typeof v === 'function' || typeof v === 'symbol';

/**
 * The pieces of `JSON.stringify(value, null, 2)`: containers down to `depth` levels are opened member by
 * member, anything deeper is one piece.
 */
export function* prettyJsonChunks(value: unknown, depth = 2, indent = ''): Generator<string> {
  const v = toJsonValue(value);
  if (depth <= 0 || v === null || typeof v !== 'object') {
    const text = JSON.stringify(v, null, 2);
    yield indent === '' ? text : text.replace(/\n/g, `\n${indent}`);
    return;
  }
  const inner = `${indent}  `;
  if (Array.isArray(v)) {
    if (v.length === 0) {
      yield '[]';
      return;
    }
    yield '[';
    for (let i = 0; i < v.length; i++) {
      yield `${i === 0 ? '' : ','}\n${inner}`;
      yield* prettyJsonChunks(omitted(v[i]) ? null : v[i], depth - 1, inner);
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
    yield* prettyJsonChunks(x, depth - 1, inner);
  }
  yield `\n${indent}}`;
}

/** Deterministic JSON: sorted keys at every depth; `undefined` members dropped as `JSON.stringify` does. */
export function canonicalJson(value: unknown): string {
  const v = toJsonValue(value);
  if (v === null || typeof v !== 'object') return JSON.stringify(v) ?? 'null';
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
