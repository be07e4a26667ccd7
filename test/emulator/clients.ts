/** Real SDK clients pointed at a running emulator over TLS, as the product's gateway would build them. */
import { AuthorizationManagementClient } from '@azure/arm-authorization';
import { ComputeManagementClient } from '@azure/arm-compute';
import { NetworkManagementClient } from '@azure/arm-network';
import type { TokenCredential } from '@azure/core-auth';
import { Client } from '@microsoft/microsoft-graph-client';
import { Agent } from 'undici';
import type { RunningEmulator } from '../../src/emulator';

export function staticCredential(token: string): TokenCredential {
  return { getToken: async () => ({ token, expiresOnTimestamp: Date.now() + 3_600_000 }) };
}

export function armClients(emu: RunningEmulator, subscriptionId: string) {
  const credential = staticCredential(emu.token);
  const scopes = [`${emu.armEndpoint}/.default`];
  const tlsOptions = { ca: emu.caPem };
  return {
    compute: new ComputeManagementClient(credential, subscriptionId, {
      endpoint: emu.armEndpoint,
      tlsOptions,
      credentials: { scopes },
      retryOptions: { retryDelayInMs: 10, maxRetryDelayInMs: 50 },
    }),
    network: new NetworkManagementClient(credential, subscriptionId, {
      endpoint: emu.armEndpoint,
      tlsOptions,
      credentials: { scopes },
    }),
    authorization: new AuthorizationManagementClient(credential, subscriptionId, {
      $host: emu.armEndpoint,
      endpoint: emu.armEndpoint,
      tlsOptions,
      retryOptions: { retryDelayInMs: 10, maxRetryDelayInMs: 50 },
    }),
  };
}

/** A fetch dispatcher that trusts the emulator's certificate, for the Graph client and raw requests. */
export function dispatcher(emu: RunningEmulator): Agent {
  return new Agent({ connect: { ca: emu.caPem } });
}

export function graphClient(emu: RunningEmulator, agent: Agent, version: 'v1.0' | 'beta' = 'v1.0'): Client {
  return Client.init({
    authProvider: (done) => done(null, emu.token),
    baseUrl: emu.graphEndpoint,
    defaultVersion: version,
    customHosts: new Set(['127.0.0.1']),
    fetchOptions: { dispatcher: agent } as RequestInit,
  });
}

/** A raw request to the emulator (no SDK): for status codes and headers the SDKs hide. */
export async function raw(
  emu: RunningEmulator,
  agent: Agent,
  path: string,
  init: { method?: string; body?: unknown; token?: string | null } = {},
  // biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary ARM and Graph JSON bodies
): Promise<{ status: number; headers: Headers; body: any }> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  const token = init.token === undefined ? emu.token : init.token;
  if (token !== null) headers.authorization = `Bearer ${token}`;
  const res = await fetch(`${emu.armEndpoint}${path}`, {
    method: init.method ?? 'GET',
    headers,
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
    dispatcher: agent,
  } as RequestInit);
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : undefined };
}
