/**
 * The `partial` tenant: the demo tenant as an admin with ordinary rights sees it. Every VM, user, role
 * assignment and policy is readable, but some context is not, in the ways real tenants are partial:
 *
 * - the production network resource group (VNet, subnet NSG, Bastion) is one the admin cannot read;
 * - `vm-hub-01` sits in a VNet of a hub subscription the admin cannot see at all;
 * - `vm-orphan-01`'s NIC references an NSG that was deleted;
 * - the development VNet's only Bastion lives in a VNet peered from that hub subscription;
 * - Graph registration reports and beta per-user MFA answer 403 (a permission and licence the admin lacks).
 *
 * `PARTIAL` names these objects for tests.
 */
import { DEMO, demoScenario } from './demo';
import type { ScenarioInput } from './schema';

const HUB = '4f0c6a2e-93d1-4c55-a1f7-2b8e0d6c9a31';
const RG_HUB = `/subscriptions/${HUB}/resourceGroups/rg-hub-network`;
const VNET_HUB = `${RG_HUB}/providers/Microsoft.Network/virtualNetworks/vnet-hub-weu`;
const DELETED_NSG = `${DEMO.resourceGroups.app}/providers/Microsoft.Network/networkSecurityGroups/nsg-retired-2025`;

export const PARTIAL = {
  hubSubscription: HUB,
  hubVnet: VNET_HUB,
  hubBastion: `${RG_HUB}/providers/Microsoft.Network/bastionHosts/bas-hub-weu`,
  deletedNsg: DELETED_NSG,
  vms: {
    hub: `${DEMO.resourceGroups.app}/providers/Microsoft.Compute/virtualMachines/vm-hub-01`,
    orphanNsg: `${DEMO.resourceGroups.app}/providers/Microsoft.Compute/virtualMachines/vm-orphan-01`,
  },
  deniedGraphReads: ['/reports/authenticationMethods/', '/authentication/requirements'],
} as const;

const base = demoScenario;

export const partialScenario: ScenarioInput = {
  ...base,
  name: 'partial',
  caller: {
    ...base.caller,
    deniedActions: [`*@${DEMO.resourceGroups.network}`, `*@/subscriptions/${HUB}`],
    deniedGraphReads: [...PARTIAL.deniedGraphReads],
  },
  subscriptions: [...base.subscriptions, { id: HUB, displayName: 'Contoso Connectivity (hub)' }],
  vnets: [
    ...(base.vnets ?? []).map((v) =>
      v.id === DEMO.vnets.dev
        ? // The dev VNet reaches Bastion only through the hub: its peering to production is gone.
          { ...v, peerings: [{ name: 'peer-dev-to-hub', remoteVnetId: VNET_HUB, state: 'Connected' as const }] }
        : { ...v, peerings: (v.peerings ?? []).filter((p) => p.remoteVnetId !== DEMO.vnets.dev) },
    ),
    {
      id: VNET_HUB,
      location: 'westeurope',
      addressPrefix: '10.0.0.0/16',
      subnets: [
        { name: 'snet-shared', addressPrefix: '10.0.1.0/24' },
        { name: 'AzureBastionSubnet', addressPrefix: '10.0.250.0/26' },
      ],
      peerings: [{ name: 'peer-hub-to-dev', remoteVnetId: DEMO.vnets.dev, state: 'Connected' }],
    },
  ],
  bastions: [
    ...(base.bastions ?? []),
    { id: PARTIAL.hubBastion, location: 'westeurope', sku: 'Standard', enableTunneling: true, vnetId: VNET_HUB },
  ],
  vms: [
    ...base.vms,
    {
      subscriptionId: DEMO.subscriptions.prod,
      resourceGroup: 'rg-app-prod',
      name: 'vm-hub-01',
      location: 'westeurope',
      os: 'ws2022',
      identity: 'SystemAssigned',
      subnetId: `${VNET_HUB}/subnets/snet-shared`,
    },
    {
      subscriptionId: DEMO.subscriptions.prod,
      resourceGroup: 'rg-app-prod',
      name: 'vm-orphan-01',
      location: 'westeurope',
      os: 'ws2022',
      identity: 'SystemAssigned',
      subnetId: `${DEMO.vnets.prod}/subnets/snet-app`,
      nicNsgId: DELETED_NSG,
    },
  ],
};
