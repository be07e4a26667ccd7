/**
 * The OData subset Graph clients use here: `$filter` with `eq`, `in`, `startswith` joined by `and`/`or`,
 * `$search` (search.ts), `$select`, `$top` with `@odata.nextLink` paging, and `@odata.context` URLs.
 */
import { type EmuRequest, type EmuResponse, graphError, json } from '../http';
import { applySearch } from './search';

export interface GraphContextBase {
  /** `https://127.0.0.1:PORT/graph` */
  graphBase: string;
  version: 'v1.0' | 'beta';
  pageSize: number;
}

type Predicate = (item: Record<string, unknown>) => boolean;

const unquote = (s: string) => s.slice(1, -1).replace(/''/g, "'");
const CLAUSE_EQ = /^([A-Za-z][\w/]*)\s+(eq)\s+('(?:[^']|'')*'|true|false|null|-?\d+)$/i;
const CLAUSE_IN = /^([A-Za-z][\w/]*)\s+in\s+\(((?:\s*'(?:[^']|'')*'\s*,?)+)\)$/i;
const CLAUSE_STARTSWITH = /^startswith\(\s*([A-Za-z][\w/]*)\s*,\s*('(?:[^']|'')*')\s*\)$/i;
/** `createdDateTime ge 2026-11-26T08:00:00Z`: an unquoted DateTimeOffset or number literal. */
const CLAUSE_COMPARE =
  /^([A-Za-z][\w/]*)\s+(ge|gt|le|lt|eq)\s+(\d{4}-\d\d-\d\dT[\d:.]+(?:Z|[+-]\d\d:\d\d)|-?\d+(?:\.\d+)?)$/i;

function field(item: Record<string, unknown>, path: string): unknown {
  if (!path.includes('/')) return item[path];
  return path
    .split('/')
    .reduce<unknown>((v, p) => (v && typeof v === 'object' ? (v as Record<string, unknown>)[p] : undefined), item);
}

function same(a: unknown, b: unknown): boolean {
  if (typeof a === 'string' && typeof b === 'string') return a.toLowerCase() === b.toLowerCase();
  return a === b;
}

/** A comparable number from a DateTimeOffset string or a number; NaN when neither. */
function comparable(v: unknown): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'string' && /^\d{4}-\d\d-\d\dT/.test(v)) return Date.parse(v);
  return Number.NaN;
}

function clause(text: string): Predicate | undefined {
  const t = text.trim();
  const eq = CLAUSE_EQ.exec(t);
  if (eq) {
    const raw = eq[3]!;
    const value = raw.startsWith("'")
      ? unquote(raw)
      : raw === 'null'
        ? null
        : /^-?\d+$/.test(raw)
          ? Number(raw)
          : raw.toLowerCase() === 'true';
    return (item) => same(field(item, eq[1]!) ?? null, value);
  }
  const cmp = CLAUSE_COMPARE.exec(t);
  if (cmp) {
    const limit = comparable(/^-?\d/.test(cmp[3]!) && !cmp[3]!.includes('T') ? Number(cmp[3]) : cmp[3]);
    const op = cmp[2]!.toLowerCase();
    return (item) => {
      const v = comparable(field(item, cmp[1]!));
      if (Number.isNaN(v)) return false;
      return op === 'ge'
        ? v >= limit
        : op === 'gt'
          ? v > limit
          : op === 'le'
            ? v <= limit
            : op === 'lt'
              ? v < limit
              : v === limit;
    };
  }
  const inList = CLAUSE_IN.exec(t);
  if (inList) {
    // Strings compare case-insensitively: one set of lower-cased values, looked up once per item.
    const values = new Set(
      [...inList[2]!.matchAll(/'((?:[^']|'')*)'/g)].map((m) => m[1]!.replace(/''/g, "'").toLowerCase()),
    );
    return (item) => {
      const v = field(item, inList[1]!);
      return typeof v === 'string' && values.has(v.toLowerCase());
    };
  }
  const sw = CLAUSE_STARTSWITH.exec(t);
  if (sw) {
    const prefix = unquote(sw[2]!).toLowerCase();
    return (item) =>
      String(field(item, sw[1]!) ?? '')
        .toLowerCase()
        .startsWith(prefix);
  }
  return undefined;
}

type Token = '(' | ')' | 'and' | 'or' | { clause: string };

/**
 * Splits a filter into grouping parentheses, `and`/`or` and clauses. A parenthesis belongs to a clause when the
 * clause has started (`startswith(`, `in (`); quotes are honoured throughout.
 */
function tokenize(filter: string): Token[] | undefined {
  const tokens: Token[] = [];
  let text = '';
  let depth = 0;
  let quoted = false;
  const flush = () => {
    const t = text.trim();
    if (t !== '') tokens.push({ clause: t });
    text = '';
  };
  for (let i = 0; i < filter.length; i++) {
    const c = filter[i]!;
    if (quoted) {
      text += c;
      if (c === "'") {
        if (filter[i + 1] === "'") text += filter[++i];
        else quoted = false;
      }
      continue;
    }
    if (c === "'") {
      quoted = true;
      text += c;
      continue;
    }
    if (c === '(') {
      if (text.trim() === '' && depth === 0) tokens.push('(');
      else {
        depth++;
        text += c;
      }
      continue;
    }
    if (c === ')') {
      if (depth > 0) {
        depth--;
        text += c;
      } else {
        flush();
        tokens.push(')');
      }
      continue;
    }
    if (depth === 0 && /\s/.test(c)) {
      const word = /^\s+(and|or)\s+/i.exec(filter.slice(i));
      if (word) {
        flush();
        tokens.push(word[1]!.toLowerCase() as 'and' | 'or');
        i += word[0].length - 1;
        continue;
      }
    }
    text += c;
  }
  if (quoted || depth !== 0) return undefined;
  flush();
  return tokens;
}

/** Parses `$filter` (`or` binds looser than `and`, parentheses group); undefined means "unsupported" (400). */
export function parseFilter(filter: string): Predicate | undefined {
  const tokens = tokenize(filter);
  if (!tokens || tokens.length === 0) return undefined;
  let pos = 0;
  const orExpr = (): Predicate | undefined => {
    const terms: Predicate[] = [];
    for (;;) {
      const t = andExpr();
      if (!t) return undefined;
      terms.push(t);
      if (tokens[pos] !== 'or') break;
      pos++;
    }
    return terms.length === 1 ? terms[0] : (item) => terms.some((p) => p(item));
  };
  const andExpr = (): Predicate | undefined => {
    const terms: Predicate[] = [];
    for (;;) {
      const t = factor();
      if (!t) return undefined;
      terms.push(t);
      if (tokens[pos] !== 'and') break;
      pos++;
    }
    return terms.length === 1 ? terms[0] : (item) => terms.every((p) => p(item));
  };
  const factor = (): Predicate | undefined => {
    const t = tokens[pos++];
    if (t === '(') {
      const inner = orExpr();
      if (tokens[pos++] !== ')') return undefined;
      return inner;
    }
    return typeof t === 'object' ? clause(t.clause) : undefined;
  };
  const pred = orExpr();
  return pos === tokens.length ? pred : undefined;
}

export function selectFields(req: EmuRequest): string[] | undefined {
  const select = req.query.get('$select');
  return select
    ? select
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean)
    : undefined;
}

export function project(item: Record<string, unknown>, select: string[] | undefined): Record<string, unknown> {
  if (!select) return item;
  const out: Record<string, unknown> = {};
  if (item['@odata.type'] !== undefined) out['@odata.type'] = item['@odata.type'];
  for (const f of select) {
    const hit = Object.keys(item).find((k) => k.toLowerCase() === f.toLowerCase());
    out[hit ?? f] = hit ? item[hit] : null;
  }
  return out;
}

export function contextUrl(ctx: GraphContextBase, entitySet: string, select?: string[], entity = false): string {
  const sel = select ? `(${select.join(',')})` : '';
  return `${ctx.graphBase}/${ctx.version}/$metadata#${entitySet}${sel}${entity ? '/$entity' : ''}`;
}

export function badFilter(filter: string): EmuResponse {
  return graphError(
    400,
    'Request_UnsupportedQuery',
    `Unsupported or invalid query filter clause specified: '${filter}'.`,
  );
}

/**
 * A collection response: filtered, paged (`$top`, `$skiptoken`), projected. `items` are full objects; `full`
 * fields absent from the default projection are dropped unless selected.
 */
export function collection(
  req: EmuRequest,
  ctx: GraphContextBase,
  entitySet: string,
  items: Record<string, unknown>[],
  defaults?: (item: Record<string, unknown>) => Record<string, unknown>,
  /** The largest `$top` the entity set accepts (sign-ins: 1000). */
  maxTop = 999,
): EmuResponse {
  const filter = req.query.get('$filter');
  const searched = applySearch(req, items);
  if (!Array.isArray(searched)) return searched;
  let list = searched;
  if (filter) {
    const pred = parseFilter(filter);
    if (!pred) return badFilter(filter);
    list = list.filter(pred);
  }
  const topText = req.query.get('$top');
  const top = topText === null ? ctx.pageSize : Number(topText);
  if (!Number.isInteger(top) || top < 1 || top > maxTop) {
    return graphError(
      400,
      'Request_BadRequest',
      `Invalid page size specified: '${topText}'. Must be between 1 and ${maxTop} inclusive.`,
    );
  }
  const token = req.query.get('$skiptoken');
  const start = token ? Number.parseInt(Buffer.from(token, 'base64url').toString('utf8'), 10) : 0;
  if (!Number.isInteger(start) || start < 0)
    return graphError(
      400,
      'Directory_ExpiredPageToken',
      'The specified page token value has expired and can no longer be included in your request.',
    );
  const select = selectFields(req);
  const slice = list
    .slice(start, start + top)
    .map((item) => project(select ? item : (defaults?.(item) ?? item), select));
  const body: Record<string, unknown> = { '@odata.context': contextUrl(ctx, entitySet, select) };
  if (start + top < list.length) {
    const q = new URLSearchParams(req.query);
    q.set('$skiptoken', Buffer.from(String(start + top)).toString('base64url'));
    body['@odata.nextLink'] = `${req.origin}${req.path}?${q.toString()}`;
  }
  body.value = slice;
  return json(200, body);
}

export function entity(
  req: EmuRequest,
  ctx: GraphContextBase,
  entitySet: string,
  item: Record<string, unknown>,
  defaults?: (item: Record<string, unknown>) => Record<string, unknown>,
): EmuResponse {
  const select = selectFields(req);
  return json(200, {
    '@odata.context': contextUrl(ctx, entitySet, select, true),
    ...project(select ? item : (defaults?.(item) ?? item), select),
  });
}

export function notFound(id: string): EmuResponse {
  return graphError(
    404,
    'Request_ResourceNotFound',
    `Resource '${id}' does not exist or one of its queried reference-property objects are not present.`,
  );
}

export function segmentNotFound(segment: string): EmuResponse {
  return graphError(400, 'BadRequest', `Resource not found for the segment '${segment}'.`);
}
