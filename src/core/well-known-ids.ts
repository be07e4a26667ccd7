/** Well-known ids, with their sources in docs/reference/azure-facts.md (§1.6, §2.1, §2.2, §2.7). */

export const APP_IDS = {
  /** Azure Windows VM Sign-In: password/WHfB RDP (the "legacy" PKU2U flow). */
  windowsVmSignIn: '372140e0-b3b7-4226-8ef9-d57986796201',
  /** Azure Linux VM Sign-In: `az ssh vm`. */
  linuxVmSignIn: 'ce6ff14a-7fdc-4685-bbe0-f6afdfcfa8e0',
  /** Microsoft Remote Desktop: web-account RDP (enablerdsaadauth). */
  microsoftRemoteDesktop: 'a4a365df-50f1-4397-bc59-1a1564b8bb9c',
  /** Windows Cloud Login: web-account RDP after the 2024 change. */
  windowsCloudLogin: '270efc09-cd0d-444b-a71f-39af4910ec45',
} as const;

/** The names the Entra admin center shows for APP_IDS (display names may vary by tenant and cloud). */
export const APP_NAMES: Record<string, string> = {
  [APP_IDS.windowsVmSignIn]: 'Azure Windows VM Sign-In',
  [APP_IDS.linuxVmSignIn]: 'Azure Linux VM Sign-In',
  [APP_IDS.microsoftRemoteDesktop]: 'Microsoft Remote Desktop',
  [APP_IDS.windowsCloudLogin]: 'Windows Cloud Login',
};

export const appName = (appId: string): string => APP_NAMES[appId] ?? appId;

export const ROLE_IDS = {
  vmAdministratorLogin: '1c0163c0-47e6-4577-8991-ea5c82e286e4',
  vmUserLogin: 'fb879df8-f326-4884-b1cf-06f3ad86be52',
  reader: 'acdd72a7-3385-48ef-bd42-f606fba81ae7',
  vmLocalUserLogin: '602da2ba-a5c2-41da-b01d-5360126ab525',
  owner: '8e3af657-a8ff-443c-a75c-2fe8c4bcb635',
  contributor: 'b24988ac-6180-42a0-ab88-20f7382dd24c',
  virtualMachineContributor: '9980e02c-c2be-4d73-94e8-173b1dc7cf3c',
} as const;

export const AUTH_STRENGTH_IDS = {
  mfa: '00000000-0000-0000-0000-000000000002',
  passwordless: '00000000-0000-0000-0000-000000000003',
  phishingResistant: '00000000-0000-0000-0000-000000000004',
} as const;

export const SERVICE_PLAN_IDS = {
  entraP1: '41781fb2-bc02-4b7c-bd55-b576c07bb09d',
  entraP2: 'eec0eb4f-6444-4f95-aba0-50c24d67f998',
} as const;

export const EXTENSION = {
  publisher: 'Microsoft.Azure.ActiveDirectory',
  windowsType: 'AADLoginForWindows',
  linuxType: 'AADSSHLoginForLinux',
  /** Intune MDM enrollment for Windows client VMs. */
  intuneMdmId: '0000000a-0000-0000-c000-000000000000',
} as const;

/** Graph public client for interactive Graph sign-in with dynamic consent (docs/reference/azure-facts.md §8). */
export const GRAPH_CLI_CLIENT_ID = '14d82eec-204b-4c2f-b7e8-296a70dab67e';

/** The name prefix of CA policies this tool creates: how it recognises its own policies later. */
export const TOOL_CA_POLICY_PREFIX = 'entra-vm-login:';
