import { describe, expect, it } from 'vitest';
import { resolveCloud } from '../../src/azure/clouds';
import { createCredentials, guardCredential, staticTokenCredential } from '../../src/azure/credentials';
import { UserError } from '../../src/errors';

describe('credentials', () => {
  const cloud = resolveCloud('AzureCloud', {});

  it('uses ENTRA_VM_LOGIN_TOKEN for ARM and Graph alike', async () => {
    const creds = createCredentials({ cloud, env: { ENTRA_VM_LOGIN_TOKEN: ' tok-1 ' }, interactive: 'browser' });
    expect(creds.source).toBe('static');
    expect((await creds.arm.getToken(cloud.armScope))?.token).toBe('tok-1');
    expect((await creds.graph.getToken(cloud.graphScope))?.token).toBe('tok-1');
  });

  it('keeps a static token off enumerable properties', () => {
    const cred = staticTokenCredential('secret-value');
    expect(JSON.stringify(cred)).not.toContain('secret-value');
  });

  it('falls back to the Azure CLI login without interaction', () => {
    expect(createCredentials({ cloud, env: {}, interactive: 'none' }).source).toBe('azure-cli');
    expect(createCredentials({ cloud, env: {}, interactive: 'device-code' }).source).toBe('interactive');
  });

  it('turns any credential failure into auth-required with sign-in guidance', async () => {
    const failing = guardCredential({
      getToken: async () => {
        throw Object.assign(new Error('Please run az login to set up an account'), {
          name: 'CredentialUnavailableError',
        });
      },
    });
    const error = await failing.getToken('x').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UserError);
    expect(error).toMatchObject({
      code: 'auth-required',
      message: 'Sign-in is needed to continue: Please run az login to set up an account',
    });
    expect((error as UserError).hint).toMatch(/az login/);
    const empty = guardCredential({ getToken: async () => null });
    await expect(empty.getToken('x')).rejects.toMatchObject({ code: 'auth-required' });
  });
});
