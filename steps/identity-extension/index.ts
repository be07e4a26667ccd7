/**
 * Step 2, identity and extension: the system-assigned identity and the Entra login extension on each selected
 * VM, the Graph devices that could clash with its hostname, and NSG rules that may block the Entra endpoints.
 */
import { noBlocker, type StepModule } from '../shared/contract';
import {
  enableIdentity,
  installExtension,
  removeStaleDevice,
  startVm,
  verifyExtension,
  verifyIdentity,
  verifyStaleDeviceGone,
  verifyStarted,
} from './apply';
import { discover } from './discover';
import { enableSystemIdentityKind, installExtensionKind, removeStaleDeviceKind, startVmKind } from './params';
import { assess, facts, type IdentityExtensionFacts, plan } from './rules';
import { view } from './view';

export const identityExtensionStep: StepModule<IdentityExtensionFacts> = {
  id: 'identity-extension',
  title: 'Identity and extension',
  discoveryPhase: 2,
  actionKinds: ['enable-system-identity', 'install-extension', 'remove-stale-device', 'start-vm'],
  actionContracts: {
    'enable-system-identity': enableSystemIdentityKind,
    'install-extension': installExtensionKind,
    'remove-stale-device': removeStaleDeviceKind,
    'start-vm': startVmKind,
  },
  findingCodes: ['extension-failed', 'vm-hostname-duplicate-device', 'network-endpoint-blocked'],
  reads: ['intune', 'removeStaleDevices', 'startStoppedVms'],
  discover,
  facts,
  assess,
  plan,
  blocker: noBlocker,
  view,
  handlers: {
    'enable-system-identity': enableIdentity,
    'install-extension': installExtension,
    'remove-stale-device': removeStaleDevice,
    'start-vm': startVm,
  },
  verifiers: {
    'enable-system-identity': verifyIdentity,
    'install-extension': verifyExtension,
    'remove-stale-device': verifyStaleDeviceGone,
    'start-vm': verifyStarted,
  },
};

export default identityExtensionStep;
