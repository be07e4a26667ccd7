import { createHash } from 'node:crypto';
/** Microsoft.Network reads: NICs, NSGs (custom and default rules), VNets with subnets and peerings, Bastion hosts. */
import { armError, type EmuRequest, type EmuResponse, eqi, json } from '../http';
import type { BastionModel, NicModel, NsgModel, NsgRuleModel, TenantState, VnetModel } from '../state';
import { key } from '../state';
import { type ArmContext, page, resourceNotFound } from './common';
import { defaultSecurityRules } from './extension-outcomes';
import { memoByScope } from './memo';

/** A GUID derived from a resource id, so repeated reads agree. */
function stableGuid(id: string): string {
  const h = createHash('sha1').update(id.toLowerCase()).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

const etag = (id: string) =>
  `W/"${Buffer.from(id.toLowerCase()).toString('base64url').slice(-8)}-0000-0000-0000-000000000001"`;
const rg = (id: string) => id.split('/')[4] ?? '';

function ruleJson(nsgId: string, r: NsgRuleModel, kind: 'securityRules' | 'defaultSecurityRules') {
  return {
    name: r.name,
    id: `${nsgId}/${kind}/${r.name}`,
    etag: etag(`${nsgId}/${r.name}`),
    type: `Microsoft.Network/networkSecurityGroups/${kind}`,
    properties: {
      provisioningState: 'Succeeded',
      ...(r.description ? { description: r.description } : {}),
      protocol: r.protocol,
      sourcePortRange: r.sourcePortRange,
      destinationPortRange: r.destinationPortRange,
      sourceAddressPrefix: r.sourceAddressPrefix,
      destinationAddressPrefix: r.destinationAddressPrefix,
      access: r.access,
      priority: r.priority,
      direction: r.direction,
      sourcePortRanges: [],
      destinationPortRanges: [],
      sourceAddressPrefixes: [],
      destinationAddressPrefixes: [],
    },
  };
}

function nsgJson(state: TenantState, n: NsgModel) {
  const nics = [...state.nics.values()].filter((nic) => eqi(nic.nsgId, n.id)).map((nic) => ({ id: nic.id }));
  const subnets = [...state.vnets.values()].flatMap((v) =>
    v.subnets.filter((s) => eqi(s.nsgId, n.id)).map((s) => ({ id: `${v.id}/subnets/${s.name}` })),
  );
  return {
    name: n.id.split('/').at(-1),
    id: n.id,
    etag: etag(n.id),
    type: 'Microsoft.Network/networkSecurityGroups',
    location: n.location,
    properties: {
      provisioningState: 'Succeeded',
      resourceGuid: stableGuid(n.id),
      securityRules: n.rules.map((r) => ruleJson(n.id, r, 'securityRules')),
      defaultSecurityRules: defaultSecurityRules().map((r) => ruleJson(n.id, r, 'defaultSecurityRules')),
      ...(nics.length ? { networkInterfaces: nics } : {}),
      ...(subnets.length ? { subnets } : {}),
    },
  };
}

function nicJson(n: NicModel) {
  return {
    name: n.id.split('/').at(-1),
    id: n.id,
    etag: etag(n.id),
    type: 'Microsoft.Network/networkInterfaces',
    location: n.location,
    properties: {
      provisioningState: 'Succeeded',
      ipConfigurations: [
        {
          name: 'ipconfig1',
          id: `${n.id}/ipConfigurations/ipconfig1`,
          etag: etag(`${n.id}/ip`),
          type: 'Microsoft.Network/networkInterfaces/ipConfigurations',
          properties: {
            provisioningState: 'Succeeded',
            privateIPAddress: n.privateIp,
            privateIPAllocationMethod: 'Dynamic',
            subnet: { id: n.subnetId },
            primary: true,
            privateIPAddressVersion: 'IPv4',
          },
        },
      ],
      dnsSettings: { dnsServers: [], appliedDnsServers: [] },
      enableAcceleratedNetworking: true,
      enableIPForwarding: false,
      ...(n.nsgId ? { networkSecurityGroup: { id: n.nsgId } } : {}),
      primary: true,
      ...(n.vmId ? { virtualMachine: { id: n.vmId } } : {}),
      nicType: 'Standard',
    },
  };
}

function subnetJson(state: TenantState, v: VnetModel, s: VnetModel['subnets'][number]) {
  const id = `${v.id}/subnets/${s.name}`;
  const ipConfigurations = [...state.nics.values()]
    .filter((n) => eqi(n.subnetId, id))
    .map((n) => ({ id: `${n.id}/ipConfigurations/ipconfig1` }));
  return {
    name: s.name,
    id,
    etag: etag(id),
    type: 'Microsoft.Network/virtualNetworks/subnets',
    properties: {
      provisioningState: 'Succeeded',
      addressPrefix: s.addressPrefix,
      ...(s.nsgId ? { networkSecurityGroup: { id: s.nsgId } } : {}),
      ...(ipConfigurations.length ? { ipConfigurations } : {}),
      privateEndpointNetworkPolicies: 'Disabled',
      privateLinkServiceNetworkPolicies: 'Enabled',
    },
  };
}

function vnetJson(state: TenantState, v: VnetModel) {
  return {
    name: v.id.split('/').at(-1),
    id: v.id,
    etag: etag(v.id),
    type: 'Microsoft.Network/virtualNetworks',
    location: v.location,
    properties: {
      provisioningState: 'Succeeded',
      addressSpace: { addressPrefixes: [v.addressPrefix] },
      subnets: v.subnets.map((s) => subnetJson(state, v, s)),
      virtualNetworkPeerings: v.peerings.map((p) => ({
        name: p.name,
        id: `${v.id}/virtualNetworkPeerings/${p.name}`,
        etag: etag(`${v.id}/${p.name}`),
        type: 'Microsoft.Network/virtualNetworks/virtualNetworkPeerings',
        properties: {
          provisioningState: 'Succeeded',
          peeringState: p.state,
          peeringSyncLevel: 'FullyInSync',
          remoteVirtualNetwork: { id: p.remoteVnetId },
          allowVirtualNetworkAccess: true,
          allowForwardedTraffic: false,
          allowGatewayTransit: false,
          useRemoteGateways: false,
        },
      })),
      enableDdosProtection: false,
    },
  };
}

function bastionJson(b: BastionModel) {
  const base = {
    name: b.id.split('/').at(-1),
    id: b.id,
    etag: etag(b.id),
    type: 'Microsoft.Network/bastionHosts',
    location: b.location,
    sku: { name: b.sku },
  };
  if (b.sku === 'Developer') {
    return {
      ...base,
      properties: { provisioningState: 'Succeeded', virtualNetwork: { id: b.vnetId }, ipConfigurations: [] },
    };
  }
  return {
    ...base,
    properties: {
      provisioningState: 'Succeeded',
      dnsName: `bst-${Buffer.from(b.id.toLowerCase()).toString('hex').slice(-8)}-0000.bastion.azure.com`,
      scaleUnits: 2,
      enableTunneling: b.enableTunneling,
      enableIpConnect: false,
      enableShareableLink: false,
      enableKerberos: false,
      disableCopyPaste: false,
      enableFileCopy: false,
      ipConfigurations: [
        {
          name: 'IpConf',
          id: `${b.id}/bastionHostIpConfigurations/IpConf`,
          type: 'Microsoft.Network/bastionHosts/bastionHostIpConfigurations',
          properties: {
            provisioningState: 'Succeeded',
            privateIPAllocationMethod: 'Dynamic',
            subnet: { id: `${b.vnetId}/subnets/AzureBastionSubnet` },
            publicIPAddress: {
              id: `${b.id.split('/providers/')[0]}/providers/Microsoft.Network/publicIPAddresses/pip-${b.id.split('/').at(-1)}`,
            },
          },
        },
      ],
    },
  };
}

type Kind = 'networkInterfaces' | 'networkSecurityGroups' | 'virtualNetworks' | 'bastionHosts';
export const NETWORK_KINDS: readonly Kind[] = [
  'networkInterfaces',
  'networkSecurityGroups',
  'virtualNetworks',
  'bastionHosts',
];

function serialize(state: TenantState, kind: Kind, item: unknown): unknown {
  switch (kind) {
    case 'networkInterfaces':
      return nicJson(item as NicModel);
    case 'networkSecurityGroups':
      return nsgJson(state, item as NsgModel);
    case 'virtualNetworks':
      return vnetJson(state, item as VnetModel);
    case 'bastionHosts':
      return bastionJson(item as BastionModel);
  }
}

function mapOf(state: TenantState, kind: Kind): Map<string, { id: string }> {
  return {
    networkInterfaces: state.nics,
    networkSecurityGroups: state.nsgs,
    virtualNetworks: state.vnets,
    bastionHosts: state.bastions,
  }[kind];
}

export function getNetworkResource(ctx: ArmContext, kind: Kind, id: string): EmuResponse {
  const item = mapOf(ctx.state, kind).get(key(id));
  if (!item) return resourceNotFound(`Microsoft.Network/${kind}`, id.split('/').at(-1)!, rg(id));
  return { ...json(200, serialize(ctx.state, kind, item)), target: item.id };
}

export function listNetworkResources(
  req: EmuRequest,
  ctx: ArmContext,
  kind: Kind,
  sub: string,
  group?: string,
): EmuResponse {
  const all = mapOf(ctx.state, kind);
  const items = memoByScope(all, `${kind}|${sub}|${group ?? ''}`.toLowerCase(), () =>
    [...all.values()].filter((x) => eqi(x.id.split('/')[2], sub) && (group === undefined || eqi(rg(x.id), group))),
  );
  return page(req, ctx, items, (x) => serialize(ctx.state, kind, x));
}

export function getSubnet(ctx: ArmContext, vnetId: string, name: string): EmuResponse {
  const v = ctx.state.vnets.get(key(vnetId));
  const s = v?.subnets.find((x) => eqi(x.name, name));
  if (!v || !s) return armError(404, 'NotFound', `Resource ${vnetId}/subnets/${name} not found.`);
  return { ...json(200, subnetJson(ctx.state, v, s)), target: `${v.id}/subnets/${s.name}` };
}
