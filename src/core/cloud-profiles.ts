/**
 * The three Azure clouds' public endpoints: the one table of hosts that the gateway, the steps (equivalent
 * commands, endpoints a VM must reach), the renderers and the emulator share. Sources: docs/reference/clouds.md.
 */

export const CLOUD_NAMES = ['AzureCloud', 'AzureUSGovernment', 'AzureChinaCloud'] as const;
export type CloudName = (typeof CLOUD_NAMES)[number];

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

export type BaseProfile = Omit<CloudProfile, 'ca' | 'custom'>;

/** The Azure portal of each cloud, for links an admin opens (Bastion's Connect page). Sources: docs/reference/clouds.md. */
export const PORTAL_HOSTS: Readonly<Record<CloudName, string>> = {
  AzureCloud: 'https://portal.azure.com',
  AzureUSGovernment: 'https://portal.azure.us',
  AzureChinaCloud: 'https://portal.azure.cn',
};

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
