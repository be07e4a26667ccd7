/**
 * What enforcement assigns. Pure data.
 *
 * Microsoft has no built-in definition that deploys AADLoginForWindows or AADSSHLoginForLinux, so the tool
 * writes one custom definition (effect chosen per assignment: DeployIfNotExists, or AuditIfNotExists for
 * audit-first), with the publisher and types the tool installs itself. The system-assigned identity the
 * extensions need comes from two of Microsoft's built-in Modify definitions (the Guest Configuration
 * prerequisites), reused as they are: one for VMs with no identity, one for VMs with only user-assigned ones.
 * docs/reference/azure-policy.md records the search and the sources.
 */
import { uuidV5 as uuidv5 } from '../../src/core/name-based-uuid';
import { EXTENSION, ROLE_IDS } from '../../src/core/well-known-ids';
import type { EnforceScope } from './scope';

export const CUSTOM_DEFINITION_NAME = 'entra-vm-login-deploy-entra-login-extension';
/** Bumped whenever the rule below changes: an existing definition with another version is updated. */
export const CUSTOM_DEFINITION_VERSION = '1.0.0';

/** Built-in: "Add system-assigned managed identity … on virtual machines with no identities" (Modify). */
export const BUILTIN_IDENTITY_WHEN_NONE = '3cf2ab00-13f1-4d0c-8971-2ac904541a7e';
/** Built-in: "Add system-assigned managed identity … on VMs with a user-assigned identity" (Modify). */
export const BUILTIN_IDENTITY_WHEN_USER = '497dff13-db2a-4c0f-8603-28fa3b331ab6';

export const builtInDefinitionId = (guid: string): string =>
  `/providers/Microsoft.Authorization/policyDefinitions/${guid}`;

export const customDefinitionId = (scope: EnforceScope): string =>
  `${scope.definitionScope}/providers/Microsoft.Authorization/policyDefinitions/${CUSTOM_DEFINITION_NAME}`;

export const OS_TYPE_ALIAS = 'Microsoft.Compute/virtualMachines/storageProfile.osDisk.osType';

/** One assignment enforcement makes. Names stay within the 24 characters a management-group assignment allows. */
export interface EnforcedPolicy {
  /** Short key used in draft keys and the compliance report. */
  key: 'extension' | 'identity-none' | 'identity-user';
  assignmentName: string;
  displayName: string;
  definitionId: string;
  builtIn: boolean;
  /** Roles the assignment's identity needs at the assignment scope: the definition's roleDefinitionIds. */
  roleGuids: string[];
  parameters: Record<string, { value: unknown }>;
  /** What a non-compliant VM lacks, for the compliance report. */
  lacks: string;
  /** Modify and DeployIfNotExists assignments act; AuditIfNotExists only reports. */
  remediates: boolean;
}

export function enforcedPolicies(scope: EnforceScope, audit: boolean): EnforcedPolicy[] {
  const extension: EnforcedPolicy = {
    key: 'extension',
    assignmentName: audit ? 'evl-entra-login-audit' : 'evl-entra-login-ext',
    displayName: audit
      ? 'entra-vm-login: audit VMs without the Entra login extension'
      : 'entra-vm-login: deploy the Entra login extension',
    definitionId: customDefinitionId(scope),
    builtIn: false,
    roleGuids: audit ? [] : [ROLE_IDS.virtualMachineContributor],
    parameters: { effect: { value: audit ? 'AuditIfNotExists' : 'DeployIfNotExists' } },
    lacks: `${EXTENSION.windowsType} or ${EXTENSION.linuxType} in state Succeeded`,
    remediates: !audit,
  };
  if (audit) return [extension];
  const identity = (key: 'identity-none' | 'identity-user', guid: string, name: string, when: string) => ({
    key,
    assignmentName: name,
    displayName: `entra-vm-login: system-assigned identity on VMs with ${when}`,
    definitionId: builtInDefinitionId(guid),
    builtIn: true,
    roleGuids: [ROLE_IDS.contributor],
    parameters: {},
    lacks: 'a system-assigned managed identity',
    remediates: true,
  });
  return [
    identity('identity-none', BUILTIN_IDENTITY_WHEN_NONE, 'evl-identity-none', 'no identity'),
    identity('identity-user', BUILTIN_IDENTITY_WHEN_USER, 'evl-identity-user', 'only user-assigned identities'),
    extension,
  ];
}

export const assignmentId = (scope: EnforceScope, name: string): string =>
  `${scope.id}/providers/Microsoft.Authorization/policyAssignments/${name}`;

/** The custom definition's properties, as PUT to Microsoft.Authorization/policyDefinitions. */
export function customDefinitionBody(): Record<string, unknown> {
  const ext = 'Microsoft.Compute/virtualMachines/extensions';
  return {
    policyType: 'Custom',
    mode: 'Indexed',
    displayName: 'entra-vm-login: Microsoft Entra login extension on Windows and Linux VMs',
    description:
      `Deploys (or audits) ${EXTENSION.windowsType} on Windows Server 2019+ and Windows 10/11 VMs and ` +
      `${EXTENSION.linuxType} on Linux VMs, publisher ${EXTENSION.publisher}, so that users sign in with ` +
      'Microsoft Entra ID. The VM also needs a system-assigned managed identity.',
    metadata: { category: 'Compute', version: CUSTOM_DEFINITION_VERSION, createdBy: 'entra-vm-login' },
    version: CUSTOM_DEFINITION_VERSION,
    parameters: {
      effect: {
        type: 'String',
        metadata: { displayName: 'Effect', description: 'DeployIfNotExists installs; AuditIfNotExists only reports.' },
        allowedValues: ['DeployIfNotExists', 'AuditIfNotExists', 'Disabled'],
        defaultValue: 'DeployIfNotExists',
      },
    },
    policyRule: {
      if: {
        allOf: [
          { field: 'type', equals: 'Microsoft.Compute/virtualMachines' },
          {
            anyOf: [
              {
                allOf: [
                  { field: OS_TYPE_ALIAS, like: 'Windows*' },
                  // Server 2016 and older fail to join (exit code 50/51); Server Core images fail too.
                  { field: 'Microsoft.Compute/imageSKU', notLike: '2008*' },
                  { field: 'Microsoft.Compute/imageSKU', notLike: '2012*' },
                  { field: 'Microsoft.Compute/imageSKU', notLike: '2016*' },
                  { field: 'Microsoft.Compute/imageSKU', notLike: '*core*' },
                ],
              },
              { field: OS_TYPE_ALIAS, like: 'Linux*' },
            ],
          },
        ],
      },
      // biome-ignore lint/suspicious/noThenProperty: the Azure Policy language names it `then`
      then: {
        effect: "[parameters('effect')]",
        details: {
          type: ext,
          roleDefinitionIds: [
            `/providers/Microsoft.Authorization/roleDefinitions/${ROLE_IDS.virtualMachineContributor}`,
          ],
          existenceCondition: {
            allOf: [
              { field: `${ext}/publisher`, equals: EXTENSION.publisher },
              { field: `${ext}/type`, in: [EXTENSION.windowsType, EXTENSION.linuxType] },
              { field: `${ext}/provisioningState`, equals: 'Succeeded' },
            ],
          },
          deployment: {
            properties: {
              mode: 'incremental',
              parameters: {
                vmName: { value: "[field('name')]" },
                location: { value: "[field('location')]" },
                extensionType: {
                  value: `[if(equals(field('${OS_TYPE_ALIAS}'), 'Windows'), '${EXTENSION.windowsType}', '${EXTENSION.linuxType}')]`,
                },
              },
              template: {
                $schema: 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#',
                contentVersion: '1.0.0.0',
                parameters: {
                  vmName: { type: 'string' },
                  location: { type: 'string' },
                  extensionType: { type: 'string' },
                },
                resources: [
                  {
                    type: ext,
                    apiVersion: '2024-07-01',
                    name: "[concat(parameters('vmName'), '/', parameters('extensionType'))]",
                    location: "[parameters('location')]",
                    properties: {
                      publisher: EXTENSION.publisher,
                      type: "[parameters('extensionType')]",
                      // The versions API is per region; a policy cannot ask it, so the documented 1.0 with
                      // minor-version auto-upgrade, as the tool's own fallback.
                      typeHandlerVersion: '1.0',
                      autoUpgradeMinorVersion: true,
                    },
                  },
                ],
              },
            },
          },
        },
      },
    },
  };
}

/** Namespace of the role assignments made for policy identities: never change it (re-runs stay idempotent). */
export const POLICY_ROLE_NAMESPACE = '9b1f7c2e-4d3a-5b6c-8e9f-0a1b2c3d4e5f';

export const policyRoleAssignmentName = (scope: string, assignment: string, roleGuid: string): string =>
  uuidv5(`${scope.toLowerCase()}|${assignment.toLowerCase()}|${roleGuid}`, POLICY_ROLE_NAMESPACE);

export const remediationsKey = (scope: EnforceScope): string =>
  `${scope.id}/providers/Microsoft.PolicyInsights/remediations`;
