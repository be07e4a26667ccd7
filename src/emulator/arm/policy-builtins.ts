/**
 * The built-in policy definitions the simulated tenant serves: the two Guest Configuration prerequisites that
 * add a system-assigned identity (Modify), with their real ids, names, role and operations. Their image lists
 * are abridged to the OS-type test that ends each of Microsoft's lists; docs/reference/azure-policy.md has the
 * sources.
 */
import type { PolicyDefinitionModel } from '../state';

const CONTRIBUTOR = '/providers/microsoft.authorization/roleDefinitions/b24988ac-6180-42a0-ab88-20f7382dd24c';
const OS_TYPE = 'Microsoft.Compute/virtualMachines/storageProfile.osDisk.osType';

const supportedImage = {
  anyOf: [
    {
      allOf: [
        { field: OS_TYPE, like: 'Windows*' },
        { field: 'Microsoft.Compute/imageSKU', notLike: '2008*' },
      ],
    },
    { field: OS_TYPE, like: 'Linux*' },
  ],
};

function builtIn(
  createdOn: string,
  name: string,
  displayName: string,
  identityCondition: unknown[],
  value: string,
): PolicyDefinitionModel {
  return {
    id: `/providers/Microsoft.Authorization/policyDefinitions/${name}`,
    name,
    scope: '',
    createdOn,
    properties: {
      displayName,
      policyType: 'BuiltIn',
      mode: 'Indexed',
      description: `${displayName}. A system-assigned managed identity is a prerequisite for all Guest Configuration assignments.`,
      metadata: { category: 'Guest Configuration', version: '4.1.0' },
      version: '4.1.0',
      versions: ['4.1.0'],
      parameters: {},
      policyRule: {
        if: {
          allOf: [
            { field: 'type', equals: 'Microsoft.Compute/virtualMachines' },
            supportedImage,
            { value: '[requestContext().apiVersion]', greaterOrEquals: '2018-10-01' },
            ...identityCondition,
          ],
        },
        // biome-ignore lint/suspicious/noThenProperty: the Azure Policy language names it `then`
        then: {
          effect: 'modify',
          details: {
            roleDefinitionIds: [CONTRIBUTOR],
            operations: [{ operation: 'addOrReplace', field: 'identity.type', value }],
          },
        },
      },
    },
  };
}

export function builtInPolicyDefinitions(createdOn: string): Map<string, PolicyDefinitionModel> {
  const defs = [
    builtIn(
      createdOn,
      '3cf2ab00-13f1-4d0c-8971-2ac904541a7e',
      'Add system-assigned managed identity to enable Guest Configuration assignments on virtual machines with no identities',
      [
        {
          anyOf: [
            { field: 'identity.type', exists: 'false' },
            { field: 'identity.type', equals: 'None' },
          ],
        },
      ],
      'SystemAssigned',
    ),
    builtIn(
      createdOn,
      '497dff13-db2a-4c0f-8603-28fa3b331ab6',
      'Add system-assigned managed identity to enable Guest Configuration assignments on VMs with a user-assigned identity',
      [
        { field: 'identity.type', contains: 'UserAssigned' },
        { field: 'identity.type', notContains: 'SystemAssigned' },
      ],
      "[concat(field('identity.type'), ',SystemAssigned')]",
    ),
  ];
  return new Map(defs.map((d) => [d.id.toLowerCase(), d]));
}
