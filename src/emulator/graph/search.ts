/**
 * Graph's `$search` on directory objects, as the service documents it: an advanced query (the request must say
 * `ConsistencyLevel: eventual`), clauses `"property:text"` joined by upper-case `AND`/`OR`; `displayName` and
 * `description` match by words (split at spaces, lower-to-upper case changes, digits and symbols; each word of
 * the text must start a word of the value, in any order, ignoring case); other properties match as `startswith`.
 */
import { type EmuRequest, type EmuResponse, graphError } from '../http';

type Predicate = (item: Record<string, unknown>) => boolean;

export const SEARCH_NEEDS_EVENTUAL =
  "Request with $search query parameter only works through MSGraph with a special request header: 'ConsistencyLevel: eventual'";

/** Words of a value or a search text, lower-cased. */
export function searchWords(value: string): string[] {
  return value
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .replace(/(\d+)/g, ' $1 ')
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean)
    .map((w) => w.toLowerCase());
}

function clause(property: string, text: string): Predicate {
  const prop = property.toLowerCase();
  const field = (item: Record<string, unknown>) => {
    const k = Object.keys(item).find((x) => x.toLowerCase() === prop);
    const v = k ? item[k] : undefined;
    return typeof v === 'string' ? v : '';
  };
  if (prop === 'displayname' || prop === 'description') {
    const wanted = searchWords(text);
    return (item) => {
      const words = searchWords(field(item));
      return wanted.length > 0 && wanted.every((w) => words.some((x) => x.startsWith(w)));
    };
  }
  const prefix = text.toLowerCase();
  return (item) => field(item).toLowerCase().startsWith(prefix);
}

/** The predicate of a `$search` value, or undefined when it does not parse (one level of AND/OR, no nesting). */
export function parseSearch(search: string): Predicate | undefined {
  const clauses: Predicate[][] = [[]];
  const re = /\s*"((?:[^"\\]|\\.)*)"\s*(AND|OR)?/gy;
  let end = 0;
  let last: string | undefined = 'start';
  for (let m = re.exec(search); m !== null; m = re.exec(search)) {
    if (!last) return undefined;
    const body = m[1]!.replace(/\\(.)/g, '$1');
    const colon = body.indexOf(':');
    if (colon < 1) return undefined;
    clauses.at(-1)!.push(clause(body.slice(0, colon), body.slice(colon + 1)));
    last = m[2];
    if (last === 'OR') clauses.push([]);
    end = re.lastIndex;
  }
  if (end !== search.length || last || clauses.some((c) => c.length === 0)) return undefined;
  return (item) => clauses.some((and) => and.every((p) => p(item)));
}

/** Filters `items` by the request's `$search`, or the error Graph answers; items unchanged without one. */
export function applySearch(
  req: EmuRequest,
  items: Record<string, unknown>[],
): Record<string, unknown>[] | EmuResponse {
  const search = req.query.get('$search');
  if (search === null) return items;
  if ((req.headers.consistencylevel ?? '').toLowerCase() !== 'eventual') {
    return graphError(400, 'Request_UnsupportedQuery', SEARCH_NEEDS_EVENTUAL);
  }
  const pred = parseSearch(search);
  if (!pred) return graphError(400, 'Request_UnsupportedQuery', `Syntax error in the $search expression '${search}'.`);
  return items.filter(pred);
}
