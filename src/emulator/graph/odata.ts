/**
 * The OData subset Graph clients use here: `$filter` with `eq`, `in`, `startswith` joined by `and`/`or`,
 * `$select`, `$top` with `@odata.nextLink` paging, and `@odata.context` URLs.
 */
import { type EmuRequest, type EmuResponse, graphError, json } from '../http';

export interface GraphContextBase {
  /** `https://127.0.0.1:PORT/graph` */
  graphBase: string;
  version: 'v1.0' | 'beta';
  pageSize: number;
}

type Predicate = (item: Record<string, unknown>) => boolean;

const unquote = (s: string) => s.slice(1, -1).replace(/''/g, "'");
const CLAUSE_EQ = /^([A-Za-z][\w/]*)\s+eq\s+('(?:[^']|'')*'|true|false|null)$/i;
const CLAUSE_IN = /^([A-Za-z][\w/]*)\s+in\s+\(((?:\s*'(?:[^']|'')*'\s*,?)+)\)$/i;
const CLAUSE_STARTSWITH = /^startswith\(\s*([A-Za-z][\w/]*)\s*,\s*('(?:[^']|'')*')\s*\)$/i;

function field(item: Record<string, unknown>, path: string): unknown {
  return path
    .split('/')
    .reduce<unknown>((v, p) => (v && typeof v === 'object' ? (v as Record<string, unknown>)[p] : undefined), item);
}

function same(a: unknown, b: unknown): boolean {
  if (typeof a === 'string' && typeof b === 'string') return a.toLowerCase() === b.toLowerCase();
  return a === b;
}

function clause(text: string): Predicate | undefined {
  const t = text
    .trim()
    .replace(/^\((.*)\)$/, '$1')
    .trim();
  const eq = CLAUSE_EQ.exec(t);
  if (eq) {
    const raw = eq[2]!;
    const value = raw.startsWith("'") ? unquote(raw) : raw === 'null' ? null : raw.toLowerCase() === 'true';
    return (item) => same(field(item, eq[1]!) ?? null, value);
  }
  const inList = CLAUSE_IN.exec(t);
  if (inList) {
    const values = [...inList[2]!.matchAll(/'((?:[^']|'')*)'/g)].map((m) => m[1]!.replace(/''/g, "'"));
    return (item) => values.some((v) => same(field(item, inList[1]!), v));
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

/** Parses `$filter`; undefined means "unsupported" (the caller answers 400). */
export function parseFilter(filter: string): Predicate | undefined {
  const ors = filter.split(/\s+or\s+/i);
  if (ors.length > 1) {
    const preds = ors.map(clause);
    if (preds.some((p) => !p)) return undefined;
    return (item) => preds.some((p) => p!(item));
  }
  const ands = filter.split(/\s+and\s+/i).map(clause);
  if (ands.some((p) => !p)) return undefined;
  return (item) => ands.every((p) => p!(item));
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
): EmuResponse {
  const filter = req.query.get('$filter');
  let list = items;
  if (filter) {
    const pred = parseFilter(filter);
    if (!pred) return badFilter(filter);
    list = list.filter(pred);
  }
  const topText = req.query.get('$top');
  const top = topText === null ? ctx.pageSize : Number(topText);
  if (!Number.isInteger(top) || top < 1 || top > 999) {
    return graphError(
      400,
      'Request_BadRequest',
      `Invalid page size specified: '${topText}'. Must be between 1 and 999 inclusive.`,
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
