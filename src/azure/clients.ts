/**
 * SDK client factories. Every client: the cloud's endpoint and token scope (docs/reference/azure-facts.md §3), the same user agent,
 * the custom CA when one is configured, and the request counter/debug log. Plain-http loopback endpoints
 * (docs/reference/azure-facts.md §0.2, §4): the SDKs refuse bearer tokens over http, so their bearer policy is replaced by one that
 * still sends `Authorization: Bearer` — the emulator insists on it as Azure does.
 */
import type { AuthorizationManagementClient } from '@azure/arm-authorization';
import type { ComputeManagementClient } from '@azure/arm-compute';
import type { HybridComputeManagementClient } from '@azure/arm-hybridcompute';
import type { NetworkManagementClient } from '@azure/arm-network';
import type { PolicyClient } from '@azure/arm-policy';
import type { PolicyInsightsClient } from '@azure/arm-policyinsights';
import { SubscriptionClient } from '@azure/arm-subscriptions';
import type { TokenCredential } from '@azure/core-auth';
import {
  createDefaultHttpClient,
  createHttpHeaders,
  createPipelineRequest,
  type HttpClient,
  type HttpMethods,
  type PipelinePolicy,
  type PipelineRetryOptions,
  type TlsSettings,
} from '@azure/core-rest-pipeline';
import {
  AuthenticationHandler,
  type Context,
  Client as GraphClient,
  type Middleware,
} from '@microsoft/microsoft-graph-client';
import { TokenCredentialAuthenticationProvider } from '@microsoft/microsoft-graph-client/authProviders/azureTokenCredentials';
import { version } from '../../package.json';
import { type CloudProfile, isPlainHttp } from './clouds';
import { cancelledError, RequestTimeoutError, startDeadline } from './deadline';
import type { RequestLog } from './http-log';
import type { ArmPacer } from './pacing';
import { armSdks, policySdks } from './sdk-modules';

export const USER_AGENT = `entra-vm-login/${version}`;

/** Subscription id for clients whose operations take a full scope and never use it (role assignments). */
const UNUSED_SUBSCRIPTION = '00000000-0000-0000-0000-000000000000';

export interface ClientContext {
  cloud: CloudProfile;
  arm: TokenCredential;
  graph: TokenCredential;
  log: RequestLog;
  /**
   * The ARM SDK's own retry policy. Off by default (`maxRetries: 0`): the gateway's read retry and the apply
   * executor are the only ones that retry, so one logical operation never multiplies into SDK retries × ours.
   */
  sdkRetry?: PipelineRetryOptions;
  /** Each request's own time limit. */
  requestTimeoutMs: number;
  /** Aborts every request in flight (Ctrl-C, SIGTERM, SIGHUP). */
  cancel?: AbortSignal;
  /** Paces ARM requests by ARM's rate-limit headers and spaces LRO polls as the service asks. */
  pacer?: ArmPacer;
}

const BEARER_POLICY = 'bearerTokenAuthenticationPolicy';

function countingPolicy(log: RequestLog): PipelinePolicy {
  return {
    name: 'entraVmLoginRequestLog',
    async sendRequest(request, next) {
      log.started();
      const started = Date.now();
      const auth = request.headers.has('authorization');
      try {
        const response = await next(request);
        log.finished({
          method: request.method,
          url: request.url,
          status: response.status,
          ms: Date.now() - started,
          auth,
        });
        return response;
      } catch (e) {
        const status = (e as { statusCode?: number }).statusCode;
        const error = (e as { code?: string }).code ?? (e as Error).name;
        log.finished({ method: request.method, url: request.url, status, error, ms: Date.now() - started, auth });
        throw e;
      }
    },
  };
}

/**
 * Gives each attempt its time limit and ties it to the cancel signal. Placed after the request log, so a
 * timed-out attempt is logged (and announced) as a timeout rather than as an anonymous abort.
 */
function deadlinePolicy(ctx: ClientContext): PipelinePolicy {
  return {
    name: 'entraVmLoginDeadline',
    async sendRequest(request, next) {
      if (ctx.cancel?.aborted) throw cancelledError();
      const deadline = startDeadline(ctx.requestTimeoutMs, ctx.cancel, request.abortSignal as AbortSignal | undefined);
      request.abortSignal = deadline.signal;
      try {
        return await next(request);
      } catch (e) {
        if (deadline.timedOut()) throw new RequestTimeoutError(ctx.requestTimeoutMs);
        throw e;
      } finally {
        deadline.clear();
      }
    },
  };
}

/** Sends the bearer token over plain http (loopback only: `resolveCloud` refuses anything else). */
function httpBearerPolicy(credential: TokenCredential, scope: string): PipelinePolicy {
  return {
    name: 'entraVmLoginHttpBearer',
    async sendRequest(request, next) {
      const token = await credential.getToken(scope, { abortSignal: request.abortSignal });
      if (token) request.headers.set('authorization', `Bearer ${token.token}`);
      return next(request);
    },
  };
}

function pipelineOptions(ctx: ClientContext) {
  const http = isPlainHttp(ctx.cloud.armEndpoint);
  const additionalPolicies: { policy: PipelinePolicy; position: 'perCall' | 'perRetry' }[] = [
    // perRetry and last: counts every attempt and sees the Authorization header the bearer policy set.
    { policy: countingPolicy(ctx.log), position: 'perRetry' },
    { policy: deadlinePolicy(ctx), position: 'perRetry' },
  ];
  // Before the counter: a request held back by the pacer is not yet sent.
  if (ctx.pacer) additionalPolicies.unshift({ policy: ctx.pacer.policy(), position: 'perRetry' });
  if (http) additionalPolicies.unshift({ policy: httpBearerPolicy(ctx.arm, ctx.cloud.armScope), position: 'perRetry' });
  return {
    userAgentOptions: { userAgentPrefix: USER_AGENT },
    tlsOptions: ctx.cloud.ca ? { ca: ctx.cloud.ca } : undefined,
    allowInsecureConnection: http,
    additionalPolicies,
    retryOptions: ctx.sdkRetry ?? { maxRetries: 0 },
  };
}

function finish<T extends { pipeline: { removePolicy(o: { name: string }): unknown } }>(
  client: T,
  ctx: ClientContext,
): T {
  if (isPlainHttp(ctx.cloud.armEndpoint)) client.pipeline.removePolicy({ name: BEARER_POLICY });
  return client;
}

/** Modular client (arm-compute ≥24): `endpoint` plus `credentials.scopes`, else the scope stays global. */
export function createComputeClient(ctx: ClientContext, subscriptionId: string): ComputeManagementClient {
  const client = new (armSdks().compute.ComputeManagementClient)(ctx.arm, subscriptionId, {
    endpoint: ctx.cloud.armEndpoint,
    credentials: { scopes: [ctx.cloud.armScope] },
    ...pipelineOptions(ctx),
  });
  return finish(client, ctx);
}

export function createNetworkClient(ctx: ClientContext, subscriptionId: string): NetworkManagementClient {
  const client = new (armSdks().network.NetworkManagementClient)(ctx.arm, subscriptionId, {
    endpoint: ctx.cloud.armEndpoint,
    credentials: { scopes: [ctx.cloud.armScope] },
    ...pipelineOptions(ctx),
  });
  return finish(client, ctx);
}

/**
 * Classic client: `$host` and `endpoint` and `credentialScopes`. Its path template is `/{scope}/…`, so callers
 * pass role-assignment scopes without the leading '/' (docs/reference/azure-facts.md §1.6).
 */
export function createAuthorizationClient(ctx: ClientContext): AuthorizationManagementClient {
  const client = new (armSdks().authorization.AuthorizationManagementClient)(ctx.arm, UNUSED_SUBSCRIPTION, {
    $host: ctx.cloud.armEndpoint,
    endpoint: ctx.cloud.armEndpoint,
    credentialScopes: [ctx.cloud.armScope],
    ...pipelineOptions(ctx),
  });
  return finish(client, ctx);
}

export function createSubscriptionClient(ctx: ClientContext): SubscriptionClient {
  const client = new SubscriptionClient(ctx.arm, {
    $host: ctx.cloud.armEndpoint,
    endpoint: ctx.cloud.armEndpoint,
    credentialScopes: [ctx.cloud.armScope],
    ...pipelineOptions(ctx),
  });
  return finish(client, ctx);
}

/** Classic client (Azure Arc-enabled servers): `$host`, `endpoint` and `credentialScopes`, like authorization. */
export function createHybridComputeClient(ctx: ClientContext, subscriptionId: string): HybridComputeManagementClient {
  const client = new (armSdks().hybridCompute.HybridComputeManagementClient)(ctx.arm, subscriptionId, {
    $host: ctx.cloud.armEndpoint,
    endpoint: ctx.cloud.armEndpoint,
    credentialScopes: [ctx.cloud.armScope],
    ...pipelineOptions(ctx),
  });
  return finish(client, ctx);
}

/** Modular client (arm-policy ≥7): definitions at subscription scope use the client's subscription. */
export function createPolicyClient(ctx: ClientContext, subscriptionId: string): PolicyClient {
  const client = new (policySdks().policy.PolicyClient)(ctx.arm, subscriptionId, {
    endpoint: ctx.cloud.armEndpoint,
    credentials: { scopes: [ctx.cloud.armScope] },
    ...pipelineOptions(ctx),
  });
  return finish(client, ctx);
}

/** Classic client: remediations and policy states at management group, subscription or resource group. */
export function createPolicyInsightsClient(ctx: ClientContext, subscriptionId: string): PolicyInsightsClient {
  const client = new (policySdks().insights.PolicyInsightsClient)(ctx.arm, subscriptionId, {
    $host: ctx.cloud.armEndpoint,
    endpoint: ctx.cloud.armEndpoint,
    credentialScopes: [ctx.cloud.armScope],
    ...pipelineOptions(ctx),
  });
  return finish(client, ctx);
}

type HeaderObject = Record<string, string>;

function setHeader(context: Context, name: string, value: string): void {
  context.options ??= {};
  const headers = context.options.headers;
  if (headers instanceof Headers) headers.set(name, value);
  else context.options.headers = { ...(headers as HeaderObject | undefined), [name]: value };
}

function hasAuthorization(context: Context): boolean {
  const headers = context.options?.headers;
  if (!headers) return false;
  if (headers instanceof Headers) return headers.has('authorization');
  return Object.keys(headers).some((k) => k.toLowerCase() === 'authorization');
}

function requestUrl(context: Context): string {
  return typeof context.request === 'string' ? context.request : (context.request as Request).url;
}

abstract class ChainLink implements Middleware {
  protected next?: Middleware;
  setNext(next: Middleware): void {
    this.next = next;
  }
  abstract execute(context: Context): Promise<void>;
}

class GraphRequestLog extends ChainLink {
  constructor(private readonly log: RequestLog) {
    super();
  }
  async execute(context: Context): Promise<void> {
    this.log.started();
    const started = Date.now();
    const method = context.options?.method ?? 'GET';
    const url = requestUrl(context);
    const auth = hasAuthorization(context);
    try {
      await this.next!.execute(context);
      this.log.finished({ method, url, status: context.response?.status, ms: Date.now() - started, auth });
    } catch (e) {
      const error = (e as Error).name === 'RequestTimeoutError' ? 'RequestTimeoutError' : (e as Error).message;
      this.log.finished({ method, url, error, ms: Date.now() - started, auth });
      throw e;
    }
  }
}

/** The Graph client's auth handler attaches tokens to https hosts only; this covers plain-http loopback. */
class GraphHttpBearer extends ChainLink {
  constructor(
    private readonly credential: TokenCredential,
    private readonly scope: string,
  ) {
    super();
  }
  async execute(context: Context): Promise<void> {
    if (requestUrl(context).startsWith('http://')) {
      const token = await this.credential.getToken(this.scope);
      if (token) setHeader(context, 'Authorization', `Bearer ${token.token}`);
    }
    await this.next!.execute(context);
  }
}

/**
 * The last link. Against Azure: fetch. With a custom CA (the emulator's, or a TLS-inspecting proxy's): the Azure
 * SDK's own HTTP client, which takes the CA per request, as the ARM clients do; its answer is handed to the
 * Graph client as a fetch Response. (fetch could only take a CA through a separate copy of undici, which costs
 * about 20 MB of memory that a run against Azure never pays.) A transport failure is rethrown with the name
 * `NetworkError` and its errno in the message, because the Graph client keeps only an error's name and message
 * when it wraps it.
 */
class GraphFetch implements Middleware {
  private readonly tls: TlsSettings | undefined;
  private httpClient?: HttpClient;

  constructor(
    private readonly timeoutMs: number,
    private readonly cancel: AbortSignal | undefined,
    ca: string | undefined,
  ) {
    // One settings object for every request: the SDK's client keeps one connection pool per settings object.
    this.tls = ca ? { ca } : undefined;
  }

  async execute(context: Context): Promise<void> {
    if (this.cancel?.aborted) throw cancelledError();
    const options = context.options as RequestInit | undefined;
    // Not cleared when the headers arrive: the body is read after this middleware returns, and a body that
    // never ends is a hang too. The timer is unref'd, so it never holds the process open.
    const deadline = startDeadline(this.timeoutMs, this.cancel, options?.signal);
    try {
      context.response = this.tls
        ? await this.sendWithCa(context.request as string | Request, options, deadline.signal, this.tls)
        : await fetch(context.request, { ...options, signal: deadline.signal } as RequestInit);
    } catch (e) {
      if (deadline.timedOut()) throw new RequestTimeoutError(this.timeoutMs);
      if (this.cancel?.aborted) throw cancelledError();
      let cur: unknown = e;
      let code: string | undefined;
      for (let i = 0; cur && i < 5 && !code; i++) {
        const c = (cur as { code?: unknown }).code;
        if (typeof c === 'string') code = c;
        cur = (cur as { cause?: unknown }).cause;
      }
      const err = new Error(`${code ?? 'ECONNRESET'}: ${(e as Error).message}`);
      err.name = 'NetworkError';
      throw err;
    }
  }

  private async sendWithCa(
    request: string | Request,
    options: RequestInit | undefined,
    signal: AbortSignal,
    tlsSettings: TlsSettings,
  ): Promise<Response> {
    const url = typeof request === 'string' ? request : request.url;
    const headers = createHttpHeaders();
    new Headers(options?.headers ?? (typeof request === 'string' ? undefined : request.headers)).forEach((v, k) => {
      headers.set(k, v);
    });
    const body = options?.body;
    if (body !== undefined && body !== null && typeof body !== 'string') {
      throw new Error('a Graph request body that is not text cannot be sent through a custom CA');
    }
    this.httpClient ??= createDefaultHttpClient();
    const pipelineRequest = createPipelineRequest({
      url,
      method: (options?.method ?? (typeof request === 'string' ? 'GET' : request.method)) as HttpMethods,
      headers,
      body: body ?? undefined,
      abortSignal: signal,
    });
    // Set after creation: the factory does not copy it (the SDK's TLS policy sets it the same way).
    pipelineRequest.tlsSettings = tlsSettings;
    const res = await this.httpClient.sendRequest(pipelineRequest);
    // A fetch Response may not carry a body with these statuses.
    const bodyless = [101, 204, 205, 304].includes(res.status);
    return new Response(bodyless ? null : (res.bodyAsText ?? ''), {
      status: res.status,
      headers: res.headers.toJSON(),
    });
  }
}

export interface GraphClients {
  client: GraphClient;
  /** The base URL the client prefixes: the endpoint without a version. */
  baseUrl: string;
}

/**
 * Graph client: v1.0 by default, `.version('beta')` per request. Token attachment: the SDK's own auth handler
 * for https (the endpoint's host is in `customHosts`, else a non-Microsoft host gets no token), plus
 * `GraphHttpBearer` for plain-http loopback. No SDK retry handler: reads are retried by `read-retry.ts` and
 * writes by the executor, so a POST is never silently repeated.
 */
export function createGraphClient(ctx: ClientContext): GraphClients {
  const baseUrl = ctx.cloud.graphEndpoint;
  const host = new URL(baseUrl).hostname;
  const authProvider = new TokenCredentialAuthenticationProvider(ctx.graph, { scopes: [ctx.cloud.graphScope] });
  const middleware: Middleware[] = [
    new AuthenticationHandler(authProvider),
    new GraphHttpBearer(ctx.graph, ctx.cloud.graphScope),
    new GraphRequestLog(ctx.log),
    new GraphFetch(ctx.requestTimeoutMs, ctx.cancel, ctx.cloud.ca),
  ];
  const fetchOptions: Record<string, unknown> = { headers: { 'User-Agent': USER_AGENT } };
  const client = GraphClient.initWithMiddleware({
    middleware,
    baseUrl,
    defaultVersion: 'v1.0',
    customHosts: new Set([host]),
    fetchOptions,
  });
  return { client, baseUrl };
}
