#!/usr/bin/env node
// Talks to a running `entra-vm-login emulator` with nothing but the Azure SDK clients: no product code.
// Lists every VM of every subscription through the SDK's own paging, then installs AADLoginForWindows on the
// first running Windows VM that has a system identity and waits for the long-running operation to finish.
// It proves the emulator speaks the wire format the real clients expect (issue: the simulated tenant).
//
//   entra-vm-login emulator --scenario demo --page-size 5   # then paste its export lines in this shell
//   node scripts/sdk-smoke.mjs
import { readFileSync } from 'node:fs';
import { ComputeManagementClient } from '@azure/arm-compute';
import { createDefaultHttpClient, createHttpHeaders, createPipelineRequest } from '@azure/core-rest-pipeline';

const endpoint = process.env.ENTRA_VM_LOGIN_ARM_ENDPOINT;
const token = process.env.ENTRA_VM_LOGIN_TOKEN;
const caFile = process.env.ENTRA_VM_LOGIN_CA_FILE;
if (!endpoint || !token) {
  console.error('Set ENTRA_VM_LOGIN_ARM_ENDPOINT and ENTRA_VM_LOGIN_TOKEN (printed by `entra-vm-login emulator`).');
  process.exit(2);
}
const credential = { getToken: async () => ({ token, expiresOnTimestamp: Date.now() + 3_600_000 }) };
const options = {
  endpoint,
  credentials: { scopes: [`${endpoint}/.default`] },
  ...(caFile ? { tlsOptions: { ca: readFileSync(caFile, 'utf8') } } : {}),
};

// The installed SDKs have no subscriptions-list client (@azure/arm-subscriptions 6 only manages aliases), so
// this one read goes through the SDK's bare HTTP client with the same token; everything after it goes through
// the compute client.
const subsRequest = createPipelineRequest({
  url: `${endpoint}/subscriptions?api-version=2022-12-01`,
  headers: createHttpHeaders({ authorization: `Bearer ${token}` }),
});
if (caFile) subsRequest.tlsSettings = { ca: readFileSync(caFile, 'utf8') };
const listed = await createDefaultHttpClient().sendRequest(subsRequest);
const subs = JSON.parse(listed.bodyAsText ?? '{}');

let chosen;
let total = 0;
for (const sub of subs.value) {
  const compute = new ComputeManagementClient(credential, sub.subscriptionId, options);
  let pages = 0;
  for await (const page of compute.virtualMachines.listAll({ statusOnly: 'true' }).byPage()) {
    pages++;
    for (const vm of page) {
      total++;
      const power = vm.instanceView?.statuses?.find((s) => s.code?.startsWith('PowerState/'))?.code;
      console.log(`${sub.subscriptionId}  ${vm.name}  ${vm.storageProfile?.osDisk?.osType}  ${power ?? '?'}`);
      const ready = vm.identity?.type?.includes('SystemAssigned') && power === 'PowerState/running';
      if (!chosen && ready && vm.storageProfile?.osDisk?.osType === 'Windows' && !vm.resources?.length) {
        chosen = { compute, vm };
      }
    }
  }
  console.log(`# ${sub.subscriptionId}: ${pages} page(s)`);
}
console.log(`# ${total} VMs`);
if (!chosen) {
  console.error('No running Windows VM with a system identity to install on.');
  process.exit(1);
}
const { compute, vm } = chosen;
const resourceGroup = vm.id.split('/')[4];
console.log(`# installing AADLoginForWindows on ${vm.name}…`);
const ext = await compute.virtualMachineExtensions.createOrUpdate(resourceGroup, vm.name, 'AADLoginForWindows', {
  location: vm.location,
  publisher: 'Microsoft.Azure.ActiveDirectory',
  typePropertiesType: 'AADLoginForWindows',
  typeHandlerVersion: '2.0',
  autoUpgradeMinorVersion: true,
});
console.log(`# ${vm.name}: AADLoginForWindows ${ext.provisioningState}`);
process.exit(ext.provisioningState === 'Succeeded' ? 0 : 1);
