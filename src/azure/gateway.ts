/**
 * Builds the one `Gateway` the steps use (DESIGN §4.1): a cloud profile plus credentials give SDK clients that
 * share a request counter, a debug log and a read-retry policy. Everything Azure-specific stays behind it.
 */

import type { PipelineRetryOptions } from '@azure/core-rest-pipeline';
import { createArmOperations } from './arm-ops';
import { type ClientContext, createGraphClient } from './clients';
import type { CloudProfile, Env } from './clouds';
import type { Credentials } from './credentials';
import { createGraphHttp } from './graph-http';
import { createGraphOperations } from './graph-ops';
import { createRequestLog } from './http-log';
import type { Gateway } from './operations';
import { DEFAULT_RETRY, type RetryPolicy } from './read-retry';

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
}

export function createGateway(options: GatewayOptions): Gateway {
  const env = options.env ?? process.env;
  const log = createRequestLog(env, options.debugWrite);
  const retry: RetryPolicy = { ...DEFAULT_RETRY, ...options.retry };
  const ctx: ClientContext = {
    cloud: options.cloud,
    arm: options.credentials.arm,
    graph: options.credentials.graph,
    log,
    sdkRetry: options.sdkRetry,
  };
  const graph = createGraphClient(ctx);
  return {
    cloud: options.cloud.name,
    arm: createArmOperations(ctx, { retry, pollIntervalMs: options.pollIntervalMs }),
    graph: createGraphOperations(createGraphHttp(graph.client, graph.baseUrl, retry)),
    requestCount: () => log.count(),
  };
}
