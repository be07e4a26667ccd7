/**
 * Credentials for ARM and Graph (reference §4, §8). ARM signs in like `az` (the Azure CLI's cached login first,
 * then the browser or a device code); Graph signs in with the Microsoft Graph Command Line Tools public client
 * (or the organisation's own app) because the Azure CLI app cannot obtain Conditional Access write scopes.
 * `ENTRA_VM_LOGIN_TOKEN` replaces both with one static bearer token (automation and the emulator).
 *
 * Invariant: a token never leaves `getToken`: it is not logged, printed or put in an error message. Every
 * credential failure surfaces as `UserError('auth-required')` with sign-in guidance.
 */
import type { AccessToken, GetTokenOptions, TokenCredential } from '@azure/core-auth';
import {
  AzureCliCredential,
  ChainedTokenCredential,
  DeviceCodeCredential,
  InteractiveBrowserCredential,
} from '@azure/identity';
import { UserError } from '../errors';
import type { CloudProfile } from './clouds';
import { ENV, type Env } from './clouds';
import { GRAPH_CLI_CLIENT_ID } from './constants';
import { authRequiredError } from './errors';

export type InteractiveMode = 'browser' | 'device-code' | 'none';

export interface CredentialOptions {
  cloud: CloudProfile;
  tenantId?: string;
  /** App registration for Graph sign-in (`--client-id`); defaults to Microsoft Graph Command Line Tools. */
  clientId?: string;
  env?: Env;
  interactive: InteractiveMode;
  /** Shows the device-code instruction ("To sign in, use a web browser to open …"); stderr by default. */
  onDeviceCode?: (message: string) => void;
}

export interface Credentials {
  arm: TokenCredential;
  graph: TokenCredential;
  /** `static` when ENTRA_VM_LOGIN_TOKEN supplied the token. */
  source: 'static' | 'interactive' | 'azure-cli';
}

/** A fixed bearer token for every scope. The token is kept in a closure, never on an enumerable property. */
export function staticTokenCredential(token: string): TokenCredential {
  const expiresOnTimestamp = Date.now() + 365 * 24 * 3600 * 1000;
  return {
    async getToken(): Promise<AccessToken> {
      return { token, expiresOnTimestamp };
    },
  };
}

/** Wraps a credential so that any failure to get a token becomes `auth-required` with a next step. */
export function guardCredential(inner: TokenCredential): TokenCredential {
  return {
    async getToken(scopes: string | string[], options?: GetTokenOptions): Promise<AccessToken | null> {
      let token: AccessToken | null;
      try {
        token = await inner.getToken(scopes, options);
      } catch (e) {
        if (e instanceof UserError) throw e;
        if ((e as { name?: string })?.name === 'AbortError') throw e;
        throw authRequiredError((e as Error)?.message);
      }
      if (!token) throw authRequiredError('no token was returned');
      return token;
    },
  };
}

function defaultDeviceCodePrompt(message: string): void {
  process.stderr.write(`${message}\n`);
}

function interactiveCredential(
  mode: Exclude<InteractiveMode, 'none'>,
  options: CredentialOptions,
  clientId: string | undefined,
): TokenCredential {
  const common = { tenantId: options.tenantId, clientId, authorityHost: options.cloud.authorityHost };
  if (mode === 'device-code') {
    const show = options.onDeviceCode ?? defaultDeviceCodePrompt;
    return new DeviceCodeCredential({ ...common, userPromptCallback: (info) => show(info.message) });
  }
  return new InteractiveBrowserCredential(common);
}

export function createCredentials(options: CredentialOptions): Credentials {
  const env = options.env ?? process.env;
  const token = env[ENV.token]?.trim();
  if (token) {
    const cred = staticTokenCredential(token);
    return { arm: cred, graph: cred, source: 'static' };
  }
  const cli = new AzureCliCredential({ tenantId: options.tenantId });
  if (options.interactive === 'none') {
    // Without a person at the keyboard the Azure CLI login is all there is; Graph writes that the CLI app
    // cannot obtain fail with a consent error that the translator reports.
    return { arm: guardCredential(cli), graph: guardCredential(cli), source: 'azure-cli' };
  }
  const arm = new ChainedTokenCredential(cli, interactiveCredential(options.interactive, options, undefined));
  const graph = interactiveCredential(options.interactive, options, options.clientId ?? GRAPH_CLI_CLIENT_ID);
  return { arm: guardCredential(arm), graph: guardCredential(graph), source: 'interactive' };
}
