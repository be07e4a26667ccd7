/** The small pieces the reliability fixes added: retry notices, sign-in wording, the poll interval variable. */
import { describe, expect, it } from 'vitest';
import { resolveCloud } from '../../src/azure/clouds';
import { createCredentials } from '../../src/azure/credentials';
import { authRequiredError } from '../../src/azure/errors';
import { createGateway } from '../../src/azure/gateway';
import { describeTransientAttempt } from '../../src/azure/http-log';

const attempt = (status: number | undefined, error?: string) => ({
  method: 'PUT',
  url: 'https://management.azure.com/subscriptions/s/resourceGroups/rg/providers/x?api-version=1&sig=abc',
  status,
  error,
  ms: 3,
  auth: true,
});

describe('retry notices', () => {
  it('name the method, the path without its query, and what failed', () => {
    expect(describeTransientAttempt(attempt(429))).toBe(
      'PUT /subscriptions/s/resourceGroups/rg/providers/x throttled (429)',
    );
    expect(describeTransientAttempt(attempt(503))).toBe(
      'PUT /subscriptions/s/resourceGroups/rg/providers/x service error (503)',
    );
    expect(describeTransientAttempt(attempt(undefined, 'ECONNRESET'))).toBe(
      'PUT /subscriptions/s/resourceGroups/rg/providers/x connection failed (ECONNRESET)',
    );
  });

  it('stay quiet for answers and failures that are not retried', () => {
    for (const status of [200, 201, 400, 401, 403, 404, 409])
      expect(describeTransientAttempt(attempt(status))).toBe(undefined);
    expect(describeTransientAttempt(attempt(undefined, 'DEPTH_ZERO_SELF_SIGNED_CERT'))).toBe(undefined);
    expect(describeTransientAttempt(attempt(undefined, 'AbortError'))).toBe(undefined);
  });
});

describe('sign-in errors', () => {
  it('say that no browser can be opened instead of quoting the launcher', () => {
    const e = authRequiredError('spawn xdg-open ENOENT');
    expect(e.message).toBe('Sign-in is needed to continue: no web browser can be opened here');
    expect(e.hint).toMatch(/--device-code/);
  });

  it('refuse a loopback endpoint without a token, naming the variable to set', () => {
    const env = { ENTRA_VM_LOGIN_ARM_ENDPOINT: 'https://127.0.0.1:8443' };
    const cloud = resolveCloud('AzureCloud', env);
    expect(() => createCredentials({ cloud, env, interactive: 'browser' })).toThrow(
      'ENTRA_VM_LOGIN_ARM_ENDPOINT points at this machine but ENTRA_VM_LOGIN_TOKEN is not set',
    );
  });
});

describe('ENTRA_VM_LOGIN_POLL_MS', () => {
  const cloud = resolveCloud('AzureCloud', {});
  const credentials = { arm: { getToken: async () => null }, graph: { getToken: async () => null } };
  it('accepts whole milliseconds and refuses anything else', () => {
    expect(() => createGateway({ cloud, credentials, env: { ENTRA_VM_LOGIN_POLL_MS: '25' } })).not.toThrow();
    for (const bad of ['0', '1.5', 'soon', '60001']) {
      expect(() => createGateway({ cloud, credentials, env: { ENTRA_VM_LOGIN_POLL_MS: bad } })).toThrow(
        /ENTRA_VM_LOGIN_POLL_MS must be a whole number/,
      );
    }
  });
});
