/**
 * Cloud profiles (reference §3) and the environment overrides that point the tool at another endpoint, such
 * as the built-in emulator (DESIGN §6). Pure apart from reading the CA file named by the environment.
 */
import { readFileSync } from 'node:fs';
import { UserError } from '../errors';
import type { CloudName } from '../plan/types';

export interface CloudProfile {
  name: CloudName;
  /** ARM base URL without a trailing slash. */
  armEndpoint: string;
  /** Graph base URL without a trailing slash and without a version: versions live under it (`/v1.0`, `/beta`). */
  graphEndpoint: string;
  /** Entra ID authority host for interactive and device-code sign-in. */
  authorityHost: string;
  armScope: string;
  graphScope: string;
  /** Hosts a VM must reach on 443 for the sign-in extension (IMDS is separate and plain http). */
  vmEndpoints: { windows: string[]; linux: string[] };
  /** PEM text of an extra CA to trust, from ENTRA_VM_LOGIN_CA_FILE. */
  ca?: string;
  /** True when an endpoint came from the environment rather than the profile. */
  custom: boolean;
}

type BaseProfile = Omit<CloudProfile, 'ca' | 'custom'>;

const IMDS = 'http://169.254.169.254';

function vmEndpoints(registration: string, login: string, pas: string): CloudProfile['vmEndpoints'] {
  const windows = [`https://${registration}`, `https://${login}`, `https://${pas}`, IMDS];
  return { windows, linux: [`https://${login}`, 'https://packages.microsoft.com', IMDS] };
}

export const CLOUDS: Readonly<Record<CloudName, BaseProfile>> = {
  AzureCloud: {
    name: 'AzureCloud',
    armEndpoint: 'https://management.azure.com',
    graphEndpoint: 'https://graph.microsoft.com',
    authorityHost: 'https://login.microsoftonline.com',
    armScope: 'https://management.azure.com/.default',
    graphScope: 'https://graph.microsoft.com/.default',
    vmEndpoints: vmEndpoints('enterpriseregistration.windows.net', 'login.microsoftonline.com', 'pas.windows.net'),
  },
  AzureUSGovernment: {
    name: 'AzureUSGovernment',
    armEndpoint: 'https://management.usgovcloudapi.net',
    graphEndpoint: 'https://graph.microsoft.us',
    authorityHost: 'https://login.microsoftonline.us',
    armScope: 'https://management.usgovcloudapi.net/.default',
    graphScope: 'https://graph.microsoft.us/.default',
    vmEndpoints: vmEndpoints(
      'enterpriseregistration.microsoftonline.us',
      'login.microsoftonline.us',
      'pasff.usgovcloudapi.net',
    ),
  },
  AzureChinaCloud: {
    name: 'AzureChinaCloud',
    armEndpoint: 'https://management.chinacloudapi.cn',
    graphEndpoint: 'https://microsoftgraph.chinacloudapi.cn',
    authorityHost: 'https://login.chinacloudapi.cn',
    armScope: 'https://management.chinacloudapi.cn/.default',
    graphScope: 'https://microsoftgraph.chinacloudapi.cn/.default',
    vmEndpoints: vmEndpoints(
      'enterpriseregistration.partner.microsoftonline.cn',
      'login.chinacloudapi.cn',
      'pas.chinacloudapi.cn',
    ),
  },
};

export const ENV = {
  armEndpoint: 'ENTRA_VM_LOGIN_ARM_ENDPOINT',
  graphEndpoint: 'ENTRA_VM_LOGIN_GRAPH_ENDPOINT',
  caFile: 'ENTRA_VM_LOGIN_CA_FILE',
  token: 'ENTRA_VM_LOGIN_TOKEN',
  debug: 'ENTRA_VM_LOGIN_DEBUG',
  /** Long-running operation poll interval in ms when the service sends no Retry-After (default: the SDK's 2 s). */
  pollMs: 'ENTRA_VM_LOGIN_POLL_MS',
} as const;

export type Env = Record<string, string | undefined>;

export function isCloudName(name: string): name is CloudName {
  return Object.hasOwn(CLOUDS, name);
}

/** True for hosts that cannot leave this machine: the only ones allowed over plain http. */
export function isLoopbackHost(hostname: string): boolean {
  const h = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  return h === 'localhost' || h === '::1' || /^127(\.\d{1,3}){3}$/.test(h);
}

/** True when requests to this endpoint go over plain http (loopback only, enforced by `resolveCloud`). */
export function isPlainHttp(endpoint: string): boolean {
  return endpoint.startsWith('http://');
}

function customEndpoint(variable: string, value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new UserError('bad-input', `${variable} is not a URL: ${value}`, `Set ${variable} to https://host[:port]`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new UserError('bad-input', `${variable} must use https: ${value}`, `Set ${variable} to https://host[:port]`);
  }
  if (url.protocol === 'http:' && !isLoopbackHost(url.hostname)) {
    throw new UserError(
      'bad-input',
      `${variable} uses plain http for a host that is not loopback: ${url.host}`,
      'Use https, or http only for 127.0.0.1, ::1 or localhost',
    );
  }
  if (url.search || url.hash) {
    throw new UserError('bad-input', `${variable} must not have a query or fragment: ${value}`);
  }
  return url.toString().replace(/\/+$/, '');
}

function readCa(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (e) {
    const reason = (e as NodeJS.ErrnoException).code ?? 'unreadable';
    throw new UserError(
      'bad-input',
      `Cannot read the CA file ${path} named by ${ENV.caFile} (${reason})`,
      `Point ${ENV.caFile} at a readable PEM file, or unset it`,
    );
  }
}

/**
 * The profile for `name` with the environment's endpoint overrides applied. The scopes of an overridden
 * endpoint follow it (`<endpoint>/.default`), as a real sovereign or private endpoint expects. The CA file is
 * read here, once.
 */
export function resolveCloud(name: CloudName | string = 'AzureCloud', env: Env = process.env): CloudProfile {
  if (!isCloudName(name)) {
    throw new UserError('bad-input', `Unknown cloud: ${name}`, `Use one of ${Object.keys(CLOUDS).join(', ')}`);
  }
  const base = CLOUDS[name];
  const profile: CloudProfile = { ...base, vmEndpoints: base.vmEndpoints, custom: false };
  const arm = env[ENV.armEndpoint]?.trim();
  if (arm) {
    profile.armEndpoint = customEndpoint(ENV.armEndpoint, arm);
    profile.armScope = `${profile.armEndpoint}/.default`;
    profile.custom = true;
  }
  const graph = env[ENV.graphEndpoint]?.trim();
  if (graph) {
    profile.graphEndpoint = customEndpoint(ENV.graphEndpoint, graph);
    profile.graphScope = `${new URL(profile.graphEndpoint).origin}/.default`;
    profile.custom = true;
  }
  const caFile = env[ENV.caFile]?.trim();
  if (caFile) profile.ca = readCa(caFile);
  return profile;
}
