/**
 * The summary's "Next steps" per connection method: with the real names when verification found a VM the method
 * reaches, the general words if not.
 */
import type { Verification } from '../../src/machine/services';
import type { ConnectionMethod } from '../../src/plan/types';

const NEXT_FOR: Record<ConnectionMethod, string> = {
  'rdp-web-account': 'Open the .rdp file (it sets enablerdsaadauth:i:1) and sign in with your Entra account.',
  'rdp-password': 'Connect with mstsc as AzureAD\\user@domain from a PC joined or registered to this tenant.',
  'bastion-portal': 'In the portal, open the VM, Connect, Bastion, and choose Microsoft Entra ID.',
  'bastion-native': 'Run az network bastion rdp --enable-mfa --name <bastion> -g <group> --target-resource-id <vm>.',
  ssh: 'Run az ssh vm -n <vm> -g <group>.',
};

/** The step with the real names when verification found a VM the method reaches; the general words if not. */
export function nextStep(method: ConnectionMethod, v: Verification | undefined): string {
  const c = v?.connectCommands?.find((x) => x.method === method);
  if (!c || method === 'rdp-web-account' || method === 'rdp-password') return NEXT_FOR[method];
  const others = c.more > 0 ? ` (the same for the ${c.more} other VM${c.more === 1 ? '' : 's'}, with their names)` : '';
  return method === 'bastion-portal'
    ? `Open ${c.command}, then Connect, Bastion, and choose Microsoft Entra ID${others}.`
    : `Run ${c.command}${others}.`;
}
