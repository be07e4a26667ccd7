/**
 * Graph routing under `/graph/{v1.0|beta}/…`, and `$batch`: inner requests are resolved against the batch's
 * version and handed to `inner` (the server applies faults and logging per inner request, then calls back
 * into `handleGraph`).
 */
import { type EmuRequest, type EmuResponse, graphError, segments } from '../http';
import { userAuthentication, userRegistrationDetails } from './auth-methods';
import {
  devices,
  type GraphContext,
  groups,
  organization,
  servicePrincipals,
  subscribedSkus,
  users,
} from './directory';
import { segmentNotFound } from './odata';
import { authenticationStrengths, caPolicies, graphWriteDenied, securityDefaults } from './policies';
import { signIns, whatIf } from './sign-ins';

export const MAX_BATCH = 20;

export interface GraphRouteContext extends GraphContext {
  /** Runs one inner batch request (with faults and logging) and returns its response. */
  inner(req: EmuRequest): Promise<EmuResponse>;
}

/** Handles a request whose path starts with `/graph/`. */
export async function handleGraph(req: EmuRequest, base: Omit<GraphRouteContext, 'version'>): Promise<EmuResponse> {
  const segs = segments(req.path).slice(1);
  const version = segs[0];
  if (version !== 'v1.0' && version !== 'beta') {
    return graphError(400, 'BadRequest', `Invalid version: '${version ?? ''}'. Use v1.0 or beta.`);
  }
  const ctx: GraphRouteContext = { ...base, version };
  const rest = segs.slice(1);
  if (rest[0] === '$batch' && rest.length === 1) return batch(req, ctx);
  return route(req, ctx, rest);
}

function route(req: EmuRequest, ctx: GraphRouteContext, p: string[]): EmuResponse {
  const [head, ...rest] = p;
  if (head === undefined) return segmentNotFound('');
  const read = req.method === 'GET';
  switch (head) {
    case 'organization':
      return read && rest.length === 0 ? organization(req, ctx) : segmentNotFound(rest[0] ?? head);
    case 'me':
      return users(req, ctx, [ctx.state.caller.objectId, ...rest]);
    case 'users':
      if (rest[1] === 'authentication' && rest.length >= 3)
        return userAuthentication(req, ctx, rest[0]!, rest.slice(2));
      return read ? users(req, ctx, rest) : methodNotAllowed(req);
    case 'groups':
      return read ? groups(req, ctx, rest) : methodNotAllowed(req);
    case 'devices':
      return read || (req.method === 'DELETE' && rest.length === 1) ? devices(req, ctx, rest) : methodNotAllowed(req);
    case 'subscribedSkus':
      return read && rest.length === 0 ? subscribedSkus(req, ctx) : methodNotAllowed(req);
    case 'identity':
      if (rest[0] === 'conditionalAccess' && rest[1] === 'policies') return caPolicies(req, ctx, rest.slice(2));
      if (rest[0] === 'conditionalAccess' && rest[1] === 'evaluate' && rest.length === 2) return whatIf(req, ctx);
      return segmentNotFound(rest.join('/') || head);
    case 'policies':
      if (rest[0] === 'authenticationStrengthPolicies')
        return read ? authenticationStrengths(req, ctx, rest.slice(1)) : methodNotAllowed(req);
      if (rest[0] === 'identitySecurityDefaultsEnforcementPolicy' && rest.length === 1)
        return securityDefaults(req, ctx);
      return segmentNotFound(rest[0] ?? head);
    case 'auditLogs':
      if (rest[0] === 'signIns') return signIns(req, ctx, rest.slice(1));
      return segmentNotFound(rest[0] ?? head);
    case 'reports':
      if (rest[0] === 'authenticationMethods' && rest[1] === 'userRegistrationDetails') {
        return read ? userRegistrationDetails(req, ctx, rest.slice(2)) : methodNotAllowed(req);
      }
      return segmentNotFound(rest[0] ?? head);
    default:
      if (head === 'servicePrincipals' || head.startsWith('servicePrincipals(')) {
        if (req.method === 'POST') {
          const deny = graphWriteDenied(ctx, 'servicePrincipals');
          if (deny) return deny;
        } else if (!read) {
          return methodNotAllowed(req);
        }
        return servicePrincipals(req, ctx, head, rest);
      }
      return segmentNotFound(head);
  }
}

function methodNotAllowed(req: EmuRequest): EmuResponse {
  return graphError(
    405,
    'Request_BadRequest',
    `Specified HTTP method '${req.method}' is not supported for '${req.path}'.`,
  );
}

interface BatchItem {
  id?: unknown;
  method?: unknown;
  url?: unknown;
  body?: unknown;
  headers?: unknown;
}

async function batch(req: EmuRequest, ctx: GraphRouteContext): Promise<EmuResponse> {
  if (req.method !== 'POST') return methodNotAllowed(req);
  const requests = (req.body as { requests?: unknown } | undefined)?.requests;
  if (!Array.isArray(requests) || requests.length === 0) {
    return graphError(400, 'BadRequest', 'Invalid batch payload format: a non-empty requests array is required.');
  }
  if (requests.length > MAX_BATCH) {
    return graphError(
      400,
      'BadRequest',
      `Invalid batch payload: the number of requests exceeds the maximum of ${MAX_BATCH}.`,
    );
  }
  const ids = new Set<string>();
  for (const r of requests as BatchItem[]) {
    if (typeof r?.id !== 'string' || typeof r.method !== 'string' || typeof r.url !== 'string') {
      return graphError(
        400,
        'BadRequest',
        "Invalid batch payload format: each request needs 'id', 'method' and 'url'.",
      );
    }
    if (ids.has(r.id)) return graphError(400, 'BadRequest', `Invalid batch payload: duplicate request id '${r.id}'.`);
    ids.add(r.id);
  }
  const responses: unknown[] = [];
  for (const r of requests as Required<BatchItem>[]) {
    const url = new URL(String(r.url).replace(/^\/+/, ''), `${req.origin}/graph/${ctx.version}/`);
    const headers: Record<string, string | undefined> = {};
    if (r.headers && typeof r.headers === 'object') {
      for (const [k, v] of Object.entries(r.headers as Record<string, unknown>)) headers[k.toLowerCase()] = String(v);
    }
    const res = await ctx.inner({
      method: String(r.method).toUpperCase(),
      path: url.pathname,
      query: url.searchParams,
      headers,
      body: r.body,
      origin: req.origin,
    });
    responses.push({
      id: r.id,
      status: res.status,
      headers: { ...(res.body !== undefined ? { 'Content-Type': 'application/json' } : {}), ...res.headers },
      ...(res.body !== undefined ? { body: res.body } : {}),
    });
  }
  return { status: 200, body: { responses } };
}
