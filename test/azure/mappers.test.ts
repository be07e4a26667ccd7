import { describe, expect, it } from 'vitest';
import { existingAssignmentName } from '../../src/azure/arm-ops';
import { bastionOf, latestMajorMinor, nicOf, powerStateOf, vmFactsOf } from '../../src/azure/mappers';

describe('mappers', () => {
  it('picks the highest version numerically and trims to major.minor', () => {
    expect(latestMajorMinor(['1.9.3.0', '1.10.0.0', '1.2'])).toBe('1.10');
    expect(latestMajorMinor(['0.3.1.0', '2.2.0.0', '2.1.0.0'])).toBe('2.2');
    expect(latestMajorMinor(['3'])).toBe('3.0');
    expect(latestMajorMinor(['preview', ''])).toBeUndefined();
  });

  it('reads the power state from instance-view statuses', () => {
    expect(powerStateOf([{ code: 'ProvisioningState/succeeded' }, { code: 'PowerState/deallocated' }])).toBe(
      'deallocated',
    );
    expect(powerStateOf([{ code: 'PowerState/hibernated' }])).toBe('unknown');
    expect(powerStateOf(undefined)).toBe('unknown');
  });

  it('maps a VM model with its instance view and extension statuses', () => {
    const id = '/subscriptions/s1/resourceGroups/RG1/providers/Microsoft.Compute/virtualMachines/vm1';
    const facts = vmFactsOf({
      id,
      name: 'vm1',
      location: 'westeurope',
      tags: { env: 'prod' },
      identity: {
        type: 'SystemAssigned, UserAssigned',
        principalId: 'p1',
        userAssignedIdentities: { '/subscriptions/s1/uai1': {} },
      },
      hardwareProfile: { vmSize: 'Standard_B2s' },
      storageProfile: {
        osDisk: { osType: 'Windows', createOption: 'FromImage' },
        imageReference: { publisher: 'MicrosoftWindowsServer', offer: 'WindowsServer', sku: '2022-datacenter' },
      },
      osProfile: { computerName: 'VM1' },
      networkProfile: { networkInterfaces: [{ id: '/subscriptions/s1/nic1' }] },
      resources: [
        {
          name: 'AADLoginForWindows',
          location: 'westeurope',
          publisher: 'Microsoft.Azure.ActiveDirectory',
          typePropertiesType: 'AADLoginForWindows',
          typeHandlerVersion: '2.2',
          provisioningState: 'Failed',
        },
      ],
      instanceView: {
        osName: 'Windows Server 2022 Datacenter',
        osVersion: '10.0.20348',
        statuses: [{ code: 'PowerState/running' }],
        vmAgent: { statuses: [{ code: 'ProvisioningState/succeeded', displayStatus: 'Ready' }] },
        extensions: [
          {
            name: 'AADLoginForWindows',
            statuses: [{ code: 'ProvisioningState/failed/1007', level: 'Error', message: 'terminal 1007' }],
          },
        ],
      },
    });
    expect(facts).toEqual({
      id,
      name: 'vm1',
      resourceGroup: 'RG1',
      subscriptionId: 's1',
      location: 'westeurope',
      osType: 'Windows',
      image: { publisher: 'MicrosoftWindowsServer', offer: 'WindowsServer', sku: '2022-datacenter' },
      osName: 'Windows Server 2022 Datacenter',
      osVersion: '10.0.20348',
      powerState: 'running',
      computerName: 'VM1',
      vmSize: 'Standard_B2s',
      identity: {
        type: 'SystemAssigned, UserAssigned',
        principalId: 'p1',
        userAssignedIds: ['/subscriptions/s1/uai1'],
      },
      extensions: [
        {
          name: 'AADLoginForWindows',
          publisher: 'Microsoft.Azure.ActiveDirectory',
          type: 'AADLoginForWindows',
          typeHandlerVersion: '2.2',
          provisioningState: 'Failed',
          statuses: [{ code: 'ProvisioningState/failed/1007', level: 'Error', message: 'terminal 1007' }],
          substatuses: [],
        },
      ],
      nicIds: ['/subscriptions/s1/nic1'],
      tags: { env: 'prod' },
      vmAgentReady: true,
    });
  });

  it('builds extension facts from an instance view alone (statusOnly listings may omit the resources)', () => {
    const facts = vmFactsOf({
      id: '/subscriptions/s1/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/vm2',
      location: 'westeurope',
      instanceView: {
        statuses: [{ code: 'PowerState/stopped' }],
        extensions: [
          {
            name: 'AADLoginForWindows',
            type: 'Microsoft.Azure.ActiveDirectory.AADLoginForWindows',
            typeHandlerVersion: '2.2.0.0',
            statuses: [{ code: 'ProvisioningState/failed/-2145648607', level: 'Error' }],
          },
        ],
      },
    });
    expect(facts.powerState).toBe('stopped');
    expect(facts.extensions).toEqual([
      {
        name: 'AADLoginForWindows',
        publisher: 'Microsoft.Azure.ActiveDirectory',
        type: 'AADLoginForWindows',
        typeHandlerVersion: '2.2.0.0',
        provisioningState: 'Failed',
        statuses: [{ code: 'ProvisioningState/failed/-2145648607', level: 'Error' }],
        substatuses: [],
      },
    ]);
  });

  it('derives the VNet of a NIC and of a Bastion from their subnets', () => {
    const subnet = '/subscriptions/s/resourceGroups/r/providers/Microsoft.Network/virtualNetworks/v1/subnets/a';
    expect(nicOf({ id: 'nic', ipConfigurations: [{ privateIPAddress: '10.0.0.4', subnet: { id: subnet } }] })).toEqual({
      id: 'nic',
      privateIp: '10.0.0.4',
      subnetId: subnet,
      vnetId: '/subscriptions/s/resourceGroups/r/providers/Microsoft.Network/virtualNetworks/v1',
    });
    expect(
      bastionOf({ id: 'b', name: 'b', sku: { name: 'Standard' }, ipConfigurations: [{ subnet: { id: subnet } }] }),
    ).toEqual({
      id: 'b',
      name: 'b',
      sku: 'Standard',
      enableTunneling: false,
      vnetId: '/subscriptions/s/resourceGroups/r/providers/Microsoft.Network/virtualNetworks/v1',
    });
  });

  it('reads the existing assignment id out of a RoleAssignmentExists message', () => {
    expect(
      existingAssignmentName(
        'The role assignment already exists. The ID of the existing role assignment is 0123456789abcdef0123456789ABCDEF.',
      ),
    ).toBe('01234567-89ab-cdef-0123-456789abcdef');
    expect(existingAssignmentName('something else')).toBeUndefined();
  });
});
