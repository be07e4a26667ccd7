/** The tenant-wide changes of a plan, in words the confirm gate and the change review share. */
import type { Action } from '../plan/types';

/**
 * The tenant-wide changes a plan makes, one line each, for the confirm gate and the change review: turning
 * security defaults off affects every user, whatever VMs were selected.
 */
export function tenantWideLines(actions: readonly Action[]): string[] {
  const sd = actions.find((a) => a.kind === 'disable-security-defaults');
  if (!sd) return [];
  const enable = actions.find((a) => a.kind === 'enable-ca-policies');
  const names = Array.isArray(enable?.params.displayNames) ? enable.params.displayNames.length : 0;
  return [
    enable
      ? `Tenant-wide: security defaults are turned off for every user (${sd.id}), replaced at once by ${names} Conditional Access ${names === 1 ? 'policy' : 'policies'} turned on right after (${enable.id}).`
      : `Tenant-wide: security defaults are turned off for every user (${sd.id}) and NOTHING replaces them: no MFA and no legacy-authentication block until your own policies are on.`,
  ];
}
