/**
 * Cloud profiles and the environment overrides that point the tool at another endpoint, such
 * as the built-in emulator. Pure apart from reading the CA file named by the environment.
 */
import { readFileSync } from 'node:fs';
import { CLOUDS, type CloudName, type CloudProfile } from '../core/cloud-profiles';
import { UserError } from '../errors';

export { CLOUDS, type CloudProfile };

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
