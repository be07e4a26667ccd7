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

/** The name prefix of the tool's baseline policies that replace security defaults (never the VM policy). */
export const TOOL_CA_BASELINE_PREFIX = `${TOOL_CA_POLICY_PREFIX} baseline – `;

/**
 * What the Conditional Access baseline that replaces security defaults targets (docs/reference/security-defaults.md):
 * the directory roles security defaults requires MFA for (role template ids), the Azure management app, and the
 * user action of registering security information.
 */
export const SECURITY_DEFAULTS_ADMIN_ROLE_IDS = [
  '62e90394-69f5-4237-9190-012177145e10', // Global Administrator
  '9b895d92-2cd3-44c7-9d02-a6ac2d5ea5c3', // Application Administrator
  'c4e39bd9-1100-46d3-8c65-fb160da0071f', // Authentication Administrator
  'b0f54661-2d74-4c50-afa3-1ec803f12efe', // Billing Administrator
  '158c047a-c907-4556-b7ef-446551a6b5f7', // Cloud Application Administrator
  'b1be1c3e-b65d-4f19-8427-f6fa0d97feb9', // Conditional Access Administrator
  '29232cdf-9323-42fd-ade2-1d097af3e4de', // Exchange Administrator
  '729827e3-9c14-49f7-bb1b-9608f156bbb8', // Helpdesk Administrator
  '966707d0-3269-4727-9be2-8c3a10f19b9d', // Password Administrator
  '7be44c8a-adaf-4e2a-84d6-ab2649e08a13', // Privileged Authentication Administrator
  'e8611ab8-c189-46e8-94e1-60213ab1f814', // Privileged Role Administrator
  '194ae4cb-b126-40b2-bd5b-6091b380977d', // Security Administrator
  'f28a1f50-f6e7-4571-818b-6a12f2af6b6c', // SharePoint Administrator
  'fe930be7-5e62-47db-91af-98c3a4a38b5e', // User Administrator
] as const;

/** Windows Azure Service Management API: the Azure portal, Azure CLI, Azure PowerShell and ARM. */
export const AZURE_MANAGEMENT_APP_ID = '797f4846-ba00-4fd7-ba43-dac1f8f63013';

/** The Conditional Access user action "Register security information". */
export const REGISTER_SECURITY_INFO_ACTION = 'urn:user:registersecurityinfo';
