/**
 * Credentials for ARM and Graph (docs/reference/azure-facts.md §4, §8). ARM signs in like `az` (the Azure CLI's cached login first,
 * then the browser or a device code); Graph signs in with the Microsoft Graph Command Line Tools public client
 * (or the organisation's own app) because the Azure CLI app cannot obtain Conditional Access write scopes.
 * `ENTRA_VM_LOGIN_TOKEN` replaces both with one static bearer token (automation and the emulator).
 *
 * Invariant: a token never leaves `getToken`: it is not logged, printed or put in an error message. Every
 * credential failure surfaces as `UserError('auth-required')` with sign-in guidance.
 */
import type { AccessToken, GetTokenOptions, TokenCredential } from '@azure/core-auth';
import { GRAPH_CLI_CLIENT_ID } from '../core/well-known-ids';
import { UserError } from '../errors';
import { registerSecret } from '../redact';
import type { CloudProfile } from './clouds';
import { ENV, type Env, isLoopbackHost } from './clouds';
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
export function guardCredential(inner: TokenCredential, hint?: string): TokenCredential {
  return {
    async getToken(scopes: string | string[], options?: GetTokenOptions): Promise<AccessToken | null> {
      let token: AccessToken | null;
      try {
        token = await inner.getToken(scopes, options);
      } catch (e) {
        if (e instanceof UserError) throw e;
        if ((e as { name?: string })?.name === 'AbortError') throw e;
        throw authRequiredError((e as Error)?.message, hint);
      }
      if (!token) throw authRequiredError('no token was returned', hint);
      // From now on the token is masked by value wherever it might surface: an error body that echoes it back.
      registerSecret(token.token);
      return token;
    },
  };
}

type Identity = typeof import('@azure/identity');

/**
 * A credential built from @azure/identity on its first use: the library (MSAL included) is large, and a static
 * token (the emulator, `--demo`, automation) never needs it.
 */
function lazyCredential(make: (identity: Identity) => TokenCredential): TokenCredential {
  let inner: Promise<TokenCredential> | undefined;
  return {
    async getToken(scopes: string | string[], options?: GetTokenOptions): Promise<AccessToken | null> {
      inner ??= import('@azure/identity').then(make);
      return (await inner).getToken(scopes, options);
    },
  };
}

function hostOf(endpoint: string): string {
  try {
    return new URL(endpoint.trim()).hostname;
  } catch {
    return '';
  }
}

function defaultDeviceCodePrompt(message: string): void {
  process.stderr.write(`${message}\n`);
}

function interactiveCredential(
  identity: Identity,
  mode: Exclude<InteractiveMode, 'none'>,
  options: CredentialOptions,
  clientId: string | undefined,
): TokenCredential {
  const common = { tenantId: options.tenantId, clientId, authorityHost: options.cloud.authorityHost };
  if (mode === 'device-code') {
    const show = options.onDeviceCode ?? defaultDeviceCodePrompt;
    return new identity.DeviceCodeCredential({ ...common, userPromptCallback: (info) => show(info.message) });
  }
  return new identity.InteractiveBrowserCredential(common);
}

export function createCredentials(options: CredentialOptions): Credentials {
  const env = options.env ?? process.env;
  const token = env[ENV.token]?.trim();
  if (token) {
    registerSecret(token);
    const cred = staticTokenCredential(token);
    return { arm: cred, graph: cred, source: 'static' };
  }
  const cli = (identity: Identity) => new identity.AzureCliCredential({ tenantId: options.tenantId });
  const mode = options.interactive;
  // Pointed at a custom endpoint (a private cloud or the emulator) without a token: signing in may still
  // work, and when it does not, the token variable is the likelier fix than az login.
  const custom = [ENV.armEndpoint, ENV.graphEndpoint].find((name) => env[name]?.trim());
  const hint = custom
    ? `${custom} is set: also set ${ENV.token} to a bearer token for that endpoint (the emulator prints one), or unset ${custom} to use Azure`
    : undefined;
  if (custom && isLoopbackHost(hostOf(env[custom]!))) {
    // A service on this machine (the emulator, a local proxy) cannot know an Entra sign-in made for it: fail
    // now with the fix instead of opening a browser that cannot help.
    throw new UserError('auth-required', `${custom} points at this machine but ${ENV.token} is not set`, hint);
  }
  if (mode === 'none') {
    // Without a person at the keyboard the Azure CLI login is all there is; Graph writes that the CLI app
    // cannot obtain fail with a consent error that the translator reports.
    const only = lazyCredential(cli);
    return { arm: guardCredential(only, hint), graph: guardCredential(only, hint), source: 'azure-cli' };
  }
  const arm = lazyCredential(
    (identity) =>
      new identity.ChainedTokenCredential(cli(identity), interactiveCredential(identity, mode, options, undefined)),
  );
  const graph = lazyCredential((identity) =>
    interactiveCredential(identity, mode, options, options.clientId ?? GRAPH_CLI_CLIENT_ID),
  );
  return { arm: guardCredential(arm, hint), graph: guardCredential(graph, hint), source: 'interactive' };
}
