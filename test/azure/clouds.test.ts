import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLOUDS, isLoopbackHost, resolveCloud } from '../../src/azure/clouds';
import { UserError } from '../../src/errors';

function thrown(fn: () => unknown): UserError {
  try {
    fn();
  } catch (e) {
    if (e instanceof UserError) return e;
    throw e;
  }
  throw new Error('expected a UserError');
}

describe('cloud profiles', () => {
  it('has the documented endpoints, authorities and scopes for each cloud', () => {
    expect(resolveCloud('AzureCloud', {})).toMatchObject({
      armEndpoint: 'https://management.azure.com',
      graphEndpoint: 'https://graph.microsoft.com',
      authorityHost: 'https://login.microsoftonline.com',
      armScope: 'https://management.azure.com/.default',
      graphScope: 'https://graph.microsoft.com/.default',
      custom: false,
    });
    expect(resolveCloud('AzureUSGovernment', {})).toMatchObject({
      armEndpoint: 'https://management.usgovcloudapi.net',
      graphEndpoint: 'https://graph.microsoft.us',
      authorityHost: 'https://login.microsoftonline.us',
      armScope: 'https://management.usgovcloudapi.net/.default',
      graphScope: 'https://graph.microsoft.us/.default',
    });
    expect(resolveCloud('AzureChinaCloud', {})).toMatchObject({
      armEndpoint: 'https://management.chinacloudapi.cn',
      graphEndpoint: 'https://microsoftgraph.chinacloudapi.cn',
      authorityHost: 'https://login.chinacloudapi.cn',
      armScope: 'https://management.chinacloudapi.cn/.default',
      graphScope: 'https://microsoftgraph.chinacloudapi.cn/.default',
    });
  });

  it('lists the endpoints a VM must reach per cloud', () => {
    expect(CLOUDS.AzureCloud.vmEndpoints.windows).toEqual([
      'https://enterpriseregistration.windows.net',
      'https://login.microsoftonline.com',
      'https://pas.windows.net',
      'http://169.254.169.254',
    ]);
    expect(CLOUDS.AzureUSGovernment.vmEndpoints.windows).toContain('https://pasff.usgovcloudapi.net');
    expect(CLOUDS.AzureChinaCloud.vmEndpoints.windows).toContain(
      'https://enterpriseregistration.partner.microsoftonline.cn',
    );
    expect(CLOUDS.AzureCloud.vmEndpoints.linux).toContain('https://packages.microsoft.com');
  });

  it('refuses an unknown cloud name', () => {
    const e = thrown(() => resolveCloud('AzureGermanCloud', {}));
    expect(e.code).toBe('bad-input');
    expect(e.message).toBe('Unknown cloud: AzureGermanCloud');
  });
});

describe('environment overrides', () => {
  it('applies ARM and Graph endpoints, with scopes that follow them', () => {
    const c = resolveCloud('AzureCloud', {
      ENTRA_VM_LOGIN_ARM_ENDPOINT: 'https://127.0.0.1:8443/',
      ENTRA_VM_LOGIN_GRAPH_ENDPOINT: 'https://127.0.0.1:8443/graph',
    });
    expect(c.armEndpoint).toBe('https://127.0.0.1:8443');
    expect(c.graphEndpoint).toBe('https://127.0.0.1:8443/graph');
    expect(c.armScope).toBe('https://127.0.0.1:8443/.default');
    expect(c.graphScope).toBe('https://127.0.0.1:8443/.default');
    expect(c.authorityHost).toBe('https://login.microsoftonline.com');
    expect(c.custom).toBe(true);
  });

  it('allows plain http for loopback hosts only', () => {
    expect(resolveCloud('AzureCloud', { ENTRA_VM_LOGIN_ARM_ENDPOINT: 'http://127.0.0.1:9000' }).armEndpoint).toBe(
      'http://127.0.0.1:9000',
    );
    expect(resolveCloud('AzureCloud', { ENTRA_VM_LOGIN_GRAPH_ENDPOINT: 'http://[::1]:9000/graph' }).graphEndpoint).toBe(
      'http://[::1]:9000/graph',
    );
    expect(resolveCloud('AzureCloud', { ENTRA_VM_LOGIN_ARM_ENDPOINT: 'http://localhost:1' }).armEndpoint).toBe(
      'http://localhost:1',
    );
    const e = thrown(() => resolveCloud('AzureCloud', { ENTRA_VM_LOGIN_ARM_ENDPOINT: 'http://emulator.example:9000' }));
    expect(e.code).toBe('bad-input');
    expect(e.message).toBe(
      'ENTRA_VM_LOGIN_ARM_ENDPOINT uses plain http for a host that is not loopback: emulator.example:9000',
    );
    expect(thrown(() => resolveCloud('AzureCloud', { ENTRA_VM_LOGIN_GRAPH_ENDPOINT: 'http://10.0.0.1' })).code).toBe(
      'bad-input',
    );
  });

  it('rejects malformed endpoints and other schemes', () => {
    expect(thrown(() => resolveCloud('AzureCloud', { ENTRA_VM_LOGIN_ARM_ENDPOINT: 'not a url' })).message).toBe(
      'ENTRA_VM_LOGIN_ARM_ENDPOINT is not a URL: not a url',
    );
    expect(thrown(() => resolveCloud('AzureCloud', { ENTRA_VM_LOGIN_ARM_ENDPOINT: 'ftp://127.0.0.1' })).code).toBe(
      'bad-input',
    );
  });

  it('reads the CA file once and names it when unreadable', () => {
    const dir = mkdtempSync(join(tmpdir(), 'evl-ca-'));
    const file = join(dir, 'ca.pem');
    writeFileSync(file, '-----BEGIN CERTIFICATE-----\nabc\n-----END CERTIFICATE-----\n');
    expect(resolveCloud('AzureCloud', { ENTRA_VM_LOGIN_CA_FILE: file }).ca).toContain('BEGIN CERTIFICATE');
    const missing = join(dir, 'missing.pem');
    const e = thrown(() => resolveCloud('AzureCloud', { ENTRA_VM_LOGIN_CA_FILE: missing }));
    expect(e.code).toBe('bad-input');
    expect(e.message).toBe(`Cannot read the CA file ${missing} named by ENTRA_VM_LOGIN_CA_FILE (ENOENT)`);
  });

  it('recognises loopback hosts', () => {
    expect(['127.0.0.1', '127.1.2.3', 'localhost', '::1', '[::1]'].every(isLoopbackHost)).toBe(true);
    expect(['128.0.0.1', 'localhost.example', '10.0.0.1', '::2'].some(isLoopbackHost)).toBe(false);
  });
});
