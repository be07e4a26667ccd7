/**
 * Builds the one `Gateway` the steps use: a cloud profile plus credentials give SDK clients that
 * share a request counter, a debug log and a read-retry policy. Everything Azure-specific stays behind it.
 */

import type { PipelineRetryOptions } from '@azure/core-rest-pipeline';
import { UserError } from '../errors';
import { createArmOperations } from './arm-ops';
import { type ClientContext, createGraphClient } from './clients';
import { type CloudProfile, ENV, type Env } from './clouds';
import type { Credentials } from './credentials';
import { DEFAULT_REQUEST_TIMEOUT_MS } from './deadline';
import { createGraphHttp } from './graph-http';
import { createGraphOperations } from './graph-ops';
import { createRequestLog } from './http-log';
import type { Gateway } from './operations';
import { ArmPacer } from './pacing';
import { createPolicyOperations } from './policy-ops';
import { DEFAULT_RETRY, type RetryPolicy } from './read-retry';
import { loadArmSdks } from './sdk-modules';

export interface GatewayOptions {
  cloud: CloudProfile;
  credentials: Pick<Credentials, 'arm' | 'graph'>;
  env?: Env;
  /** Overrides of the read-retry policy (tests inject `sleep` and `random`). */
  retry?: Partial<RetryPolicy>;
  /** LRO polling interval when the service gives no Retry-After. */
  pollIntervalMs?: number;
  /** The ARM SDK's own retry policy (kept; the gateway does not rely on it). */
  sdkRetry?: PipelineRetryOptions;
  /** Where debug lines go (stderr by default). */
  debugWrite?: (line: string) => void;
  /** Told about each request attempt that failed transiently (429, 5xx, dropped), before it is retried. */
  onTransient?: (message: string) => void;
  /** Each request's own time limit (`--request-timeout`); 30 s by default. */
  requestTimeoutMs?: number;
  /** Aborts every request in flight and every wait between retries (Ctrl-C, SIGTERM, SIGHUP). */
  cancel?: AbortSignal;
}

/** One line for inner `$batch` requests about to be sent again. */
export function describeBatchRetry(info: { failed: number; of: number; error: unknown; paths: string[] }): string {
  const status = (info.error as { details?: { status?: number } } | undefined)?.details?.status;
  const what = status === 429 ? 'throttled (429)' : status !== undefined ? `failed (${status})` : 'failed';
  const first = (info.paths[0] ?? '').split('?')[0];
  const more = info.paths.length > 1 ? ` and ${info.paths.length - 1} more` : '';
  return `$batch: ${info.failed} of ${info.of} inner requests ${what} (GET ${first}${more})`;
}

/** ENTRA_VM_LOGIN_POLL_MS: a faster poll for simulated tenants and tests, whose operations take milliseconds. */
function pollIntervalFromEnv(env: Env): number | undefined {
  const text = env[ENV.pollMs]?.trim();
  if (text === undefined || text === '') return undefined;
  const ms = Number(text);
  if (!Number.isInteger(ms) || ms < 1 || ms > 60_000) {
    throw new UserError(
      'bad-input',
      `${ENV.pollMs} must be a whole number of milliseconds from 1 to 60000, not '${text}'`,
      `Fix or unset ${ENV.pollMs}.`,
    );
  }
  return ms;
}

export function createGateway(options: GatewayOptions): Gateway {
  const env = options.env ?? process.env;
  const log = createRequestLog(env, options.debugWrite, options.onTransient);
  const requestTimeoutMs = options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
  const retry: RetryPolicy = {
    ...DEFAULT_RETRY,
    // A read gives up after three request timeouts' worth of time, waits included: a hanging endpoint costs
    // the command a bounded wait, not six timeouts in a row.
    budgetMs: 3 * requestTimeoutMs,
    signal: options.cancel,
    onBatchRetry: options.onTransient ? (info) => options.onTransient?.(describeBatchRetry(info)) : undefined,
    ...options.retry,
  };
  const ctx: ClientContext = {
    cloud: options.cloud,
    arm: options.credentials.arm,
    graph: options.credentials.graph,
    log,
    sdkRetry: options.sdkRetry,
    requestTimeoutMs,
    cancel: options.cancel,
    pacer: new ArmPacer(),
  };
  const graph = createGraphClient(ctx);
  // Loaded while sign-in and the first reads are under way; operations that need them wait for them.
  loadArmSdks().catch(() => {});
  return {
    cloud: options.cloud.name,
    arm: createArmOperations(ctx, {
      retry,
      pollIntervalMs: options.pollIntervalMs ?? pollIntervalFromEnv(env),
      cancel: options.cancel,
    }),
    graph: createGraphOperations(createGraphHttp(graph.client, graph.baseUrl, retry)),
    policy: createPolicyOperations(ctx, retry),
    requestCount: () => log.count(),
    pacing: ctx.pacer,
  };
}
