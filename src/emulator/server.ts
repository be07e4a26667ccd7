/**
 * The HTTP(S) front: reads a request, applies latency and faults, checks the bearer token, routes to ARM or
 * Graph, writes the response and logs it. `/_emulator/*` is the unauthenticated admin surface (log, state,
 * faults) for out-of-process tests; it is neither faulted nor logged.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ArmContext } from './arm/common';
import { resourceNotFound } from './arm/common';
import { armAction, armScope } from './arm/rbac';
import { handleArm } from './arm/router';
import type { ArmThrottle } from './arm/throttle';
import type { Faults } from './faults';
import { handleGraph } from './graph/router';
import { armError, type EmuRequest, type EmuResponse, graphError, json, segments } from './http';
import { DROPPED_STATUS, isWriteRequest, type LogEntry, type RequestLog } from './log';
import { settleOperations, stateToJson, type TenantState } from './state';

export interface ServerDeps {
  state: TenantState;
  log: RequestLog;
  faults: Faults;
  token: string;
  latencyMs: number;
  pageSize: number;
  extensionInstallMs: number;
  /** ARM's token buckets; absent, nothing is throttled but by injected faults. */
  throttle?: ArmThrottle;
  origin(): string;
}

const MAX_BODY = 4 * 1024 * 1024;

const FAULT_CODES: Record<number, { arm: string; graph: string; message: string }> = {
  429: {
    arm: 'TooManyRequests',
    graph: 'TooManyRequests',
    message:
      'The request is being throttled as the limit has been reached for this operation type. Retry after the time in the Retry-After header.',
  },
  500: {
    arm: 'InternalServerError',
    graph: 'generalException',
    message: 'An internal server error occurred. Retry the request.',
  },
  502: {
    arm: 'BadGateway',
    graph: 'BadGateway',
    message: 'The gateway received an invalid response from the backend.',
  },
  503: {
    arm: 'ServiceUnavailable',
    graph: 'serviceNotAvailable',
    message: 'The service is temporarily unavailable. Retry the request.',
  },
  504: {
    arm: 'GatewayTimeout',
    graph: 'GatewayTimeout',
    message: 'The gateway did not receive a response within the specified time period.',
  },
};

const isGraphPath = (path: string) => /^\/graph(\/|$)/i.test(path);

/**
 * The refusals a real tenant sends, body for body: an expired token (401), a caller without the role or
 * permission (403: ARM names the action and scope, Graph says "Insufficient privileges"), a resource that is
 * gone (404: ARM's ResourceNotFound naming type and group, Graph's Request_ResourceNotFound naming the id).
 */
function refusal(method: string, path: string, status: 401 | 403 | 404, state: TenantState): EmuResponse {
  const graph = isGraphPath(path);
  if (status === 401) {
    const headers = {
      'WWW-Authenticate': `Bearer authorization_uri="https://login.microsoftonline.com/${state.tenantId}", error="invalid_token", error_description="The access token expiry UTC time is earlier than current UTC time."`,
    };
    return graph
      ? graphError(401, 'InvalidAuthenticationToken', 'Lifetime validation failed, the token is expired.', headers)
      : armError(
          401,
          'ExpiredAuthenticationToken',
          `The access token expiry UTC time '${new Date(Date.now() - 60_000).toUTCString()}' is earlier than current UTC time '${new Date().toUTCString()}'.`,
          headers,
        );
  }
  if (status === 403) {
    if (graph)
      return graphError(403, 'Authorization_RequestDenied', 'Insufficient privileges to complete the operation.');
    const { userPrincipalName, objectId } = state.caller;
    return armError(
      403,
      'AuthorizationFailed',
      `The client '${userPrincipalName}' with object id '${objectId}' does not have authorization to perform action ` +
        `'${armAction(method, path)}' over scope '${armScope(path)}' or the scope is invalid. If access was recently ` +
        'granted, please refresh your credentials.',
    );
  }
  const segs = segments(path);
  if (graph) {
    const id = segs.at(-1) ?? '';
    return graphError(
      404,
      'Request_ResourceNotFound',
      `Resource '${id}' does not exist or one of its queried reference-property objects are not present.`,
    );
  }
  const providers = segs.map((x) => x.toLowerCase()).lastIndexOf('providers');
  const type = providers === -1 ? 'Microsoft.Resources/subscriptions' : `${segs[providers + 1]}/${segs[providers + 2]}`;
  return resourceNotFound(type, segs.at(-1) ?? '', segs[3] ?? '');
}

function faultResponse(path: string, status: number, headers: Record<string, string>): EmuResponse {
  const f = FAULT_CODES[status] ?? FAULT_CODES[500]!;
  return isGraphPath(path)
    ? graphError(status, f.graph, f.message, headers)
    : armError(status, f.arm, f.message, headers);
}

function unauthorized(path: string, tenantId: string, missing: boolean): EmuResponse {
  const headers = {
    'WWW-Authenticate':
      `Bearer authorization_uri="https://login.microsoftonline.com/${tenantId}", error="invalid_token", ` +
      `error_description="${missing ? "The authentication failed because of missing 'Authorization' header." : 'The access token is invalid.'}"`,
  };
  if (isGraphPath(path)) {
    return graphError(
      401,
      'InvalidAuthenticationToken',
      missing ? 'Access token is empty.' : 'Access token validation failure. Invalid audience.',
      headers,
    );
  }
  return missing
    ? armError(401, 'AuthenticationFailed', "Authentication failed. The 'Authorization' header is missing.", headers)
    : armError(401, 'InvalidAuthenticationToken', 'The access token is invalid.', headers);
}

const delay = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY) throw new Error('body too large');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function send(res: ServerResponse, out: EmuResponse): void {
  const requestId = crypto.randomUUID();
  const headers: Record<string, string> = {
    'x-ms-request-id': requestId,
    'x-ms-correlation-request-id': requestId,
    ...out.headers,
  };
  if (out.body === undefined) {
    res.writeHead(out.status, headers);
    res.end();
    return;
  }
  const text = JSON.stringify(out.body);
  res.writeHead(out.status, {
    ...headers,
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
  });
  res.end(text);
}

/** Resolves when the signal aborts (never, without one). */
function hold(signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) resolve();
    signal?.addEventListener('abort', () => resolve(), { once: true });
  });
}

/**
 * Aborts when this exchange ends: a response never sent ends only when the client gives up and closes the
 * connection (or the emulator closes it). One listener per response, not per keep-alive socket.
 */
function closed(res: ServerResponse): AbortSignal {
  const controller = new AbortController();
  res.once('close', () => controller.abort());
  return controller.signal;
}

export function createHandler(deps: ServerDeps) {
  const answerFault = (method: string, path: string, status: number, headers: Record<string, string>) =>
    status === 401 || status === 403 || status === 404
      ? refusal(method, path, status, deps.state)
      : faultResponse(path, status, headers);

  const armContext = (): ArmContext => ({
    state: deps.state,
    pageSize: deps.pageSize,
    extensionInstallMs: deps.extensionInstallMs,
    vmUpdateMs: Math.min(200, deps.extensionInstallMs),
    now: Date.now,
  });

  async function route(req: EmuRequest, innerLog: LogEntry[]): Promise<EmuResponse> {
    settleOperations(deps.state);
    if (!isGraphPath(req.path)) return handleArm(req, armContext());
    const path = req.path.toLowerCase();
    if (req.method === 'GET' && deps.state.caller.deniedGraphReads.some((part) => path.includes(part.toLowerCase()))) {
      return refusal(req.method, req.path, 403, deps.state);
    }
    return handleGraph(req, {
      state: deps.state,
      pageSize: deps.pageSize,
      graphBase: `${req.origin}/graph`,
      now: Date.now,
      inner: async (innerReq) => {
        const started = performance.now();
        const fault = deps.faults.decide(innerReq.method, innerReq.path, false);
        // An inner request that hangs holds the whole batch response, as a stuck backend does.
        if (fault.type === 'hang') await hold(req.signal);
        const out =
          fault.type === 'status'
            ? answerFault(innerReq.method, innerReq.path, fault.status, fault.headers)
            : await route(innerReq, []);
        innerLog.push({
          method: innerReq.method,
          path: innerReq.path,
          query: innerReq.query.toString(),
          status: out.status,
          ms: Math.round(performance.now() - started),
          isWrite: isWriteRequest(innerReq.method, innerReq.path),
          ...(out.target ? { target: out.target } : {}),
        });
        return out;
      },
    });
  }

  function admin(method: string, path: string, body: string): EmuResponse {
    if (method === 'GET' && path === '/_emulator/log') return json(200, deps.log.toJSON());
    if (method === 'GET' && path === '/_emulator/state') {
      settleOperations(deps.state);
      return json(200, stateToJson(deps.state));
    }
    if (method === 'POST' && path === '/_emulator/log/reset') {
      deps.log.reset();
      return { status: 204 };
    }
    if (method === 'POST' && path === '/_emulator/faults') {
      try {
        deps.faults.set(String((JSON.parse(body || '{}') as { spec?: unknown }).spec ?? ''));
        return { status: 204 };
      } catch (e) {
        return json(400, { error: { code: 'InvalidFaultSpec', message: (e as Error).message } });
      }
    }
    return json(404, { error: { code: 'NotFound', message: `No admin route '${method} ${path}'.` } });
  }

  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const started = performance.now();
    const url = new URL(req.url ?? '/', deps.origin());
    const method = (req.method ?? 'GET').toUpperCase();
    const path = url.pathname;
    let text: string;
    try {
      text = await readBody(req);
    } catch {
      req.socket.destroy();
      return;
    }
    if (method === 'POST' && path === '/_emulator/throttle/reset') {
      deps.throttle?.reset();
      send(res, { status: 204 });
      return;
    }
    if (path.startsWith('/_emulator/')) {
      send(res, admin(method, path, text));
      return;
    }
    const entry: LogEntry = {
      method,
      path,
      query: url.search.replace(/^\?/, ''),
      status: 0,
      ms: 0,
      isWrite: isWriteRequest(method, path),
    };
    const finish = (out: EmuResponse | undefined) => {
      entry.status = out?.status ?? DROPPED_STATUS;
      entry.ms = Math.round(performance.now() - started);
      if (out?.target) entry.target = out.target;
      if (entry.isWrite) entry.mfaProtection = mfaProtection(deps.state);
      deps.log.record(entry);
    };
    const extra = deps.latencyMs + deps.faults.latencyFor(method, path);
    if (extra > 0) await delay(extra);
    const fault = deps.faults.decide(method, path);
    if (fault.type === 'drop') {
      finish(undefined);
      req.socket.destroy();
      return;
    }
    if (fault.type === 'hang') {
      // Accepted and never answered: the client's timeout (or the emulator closing) ends it.
      finish(undefined);
      await hold(closed(res));
      return;
    }
    let out: EmuResponse;
    if (fault.type === 'status') {
      out = answerFault(method, path, fault.status, fault.headers);
    } else {
      const auth = req.headers.authorization;
      if (!auth) out = unauthorized(path, deps.state.tenantId, true);
      else if (auth !== `Bearer ${deps.token}`) out = unauthorized(path, deps.state.tenantId, false);
      else if (echoesToken(deps.state, method, path)) {
        // Some services quote request details in errors; a client must not print or store what comes back.
        const message = `The request is invalid: token '${deps.token}' cannot be used for ${path}.`;
        out = isGraphPath(path) ? graphError(400, 'BadRequest', message) : armError(400, 'InvalidRequest', message);
      } else {
        // ARM counts an authenticated request against the caller's buckets before routing it.
        const throttled = isGraphPath(path) ? undefined : deps.throttle?.take(method, path, deps.state.caller.objectId);
        if (throttled?.refused) entry.throttled = true;
        out = throttled?.refused ?? (await answer(method, path, url, req, res, text, entry));
        if (throttled && !throttled.refused) out = { ...out, headers: { ...out.headers, ...throttled.headers } };
      }
    }
    finish(out);
    send(res, out);
  };

  /** Parses the body and routes an authenticated, unthrottled request. */
  async function answer(
    method: string,
    path: string,
    url: URL,
    req: IncomingMessage,
    res: ServerResponse,
    text: string,
    entry: LogEntry,
  ): Promise<EmuResponse> {
    let body: unknown;
    if (text.length > 0) {
      try {
        body = JSON.parse(text);
      } catch {
        return isGraphPath(path)
          ? graphError(
              400,
              'BadRequest',
              'Unable to read JSON request payload. Please ensure Content-Type header is set and payload is of valid JSON format.',
            )
          : armError(400, 'InvalidRequestContent', 'The request content was invalid and could not be deserialized.');
      }
    }
    const inner: LogEntry[] = [];
    let out: EmuResponse;
    try {
      out = await route(
        {
          method,
          path,
          query: url.searchParams,
          headers: lowerHeaders(req),
          body,
          origin: deps.origin(),
          signal: closed(res),
        },
        inner,
      );
    } catch (e) {
      out = faultResponse(path, 500, {});
      (out.body as { error: { message: string } }).error.message = `Emulator bug: ${(e as Error).message}`;
    }
    if (inner.length > 0) entry.inner = inner;
    return out;
  }
}

/** Request headers without Authorization: handlers never see the token. */
function lowerHeaders(req: IncomingMessage): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries(req.headers)) {
    if (k === 'authorization') continue;
    out[k] = Array.isArray(v) ? v.join(', ') : v;
  }
  return out;
}

/** What requires MFA in the tenant right now: security defaults, and policies on that require MFA or a strength. */
function mfaProtection(state: TenantState): NonNullable<LogEntry['mfaProtection']> {
  let enabledMfaPolicies = 0;
  for (const p of state.caPolicies.values()) {
    const grant = p.grantControls as { builtInControls?: unknown; authenticationStrength?: unknown } | null | undefined;
    const mfa =
      (Array.isArray(grant?.builtInControls) && grant.builtInControls.includes('mfa')) ||
      (typeof grant?.authenticationStrength === 'object' && grant.authenticationStrength !== null);
    if (p.state === 'enabled' && mfa) enabledMfaPolicies++;
  }
  return { securityDefaults: state.securityDefaultsEnabled, enabledMfaPolicies };
}

/** True for a write the scenario refuses with its token echoed back (the hostile scenario). */
function echoesToken(state: ServerDeps['state'], method: string, path: string): boolean {
  const on = state.caller.echoTokenOn ?? [];
  return on.length > 0 && isWriteRequest(method, path) && on.some((p) => path.toLowerCase().includes(p.toLowerCase()));
}
