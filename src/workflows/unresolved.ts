/** Principals the admin named that the directory does not know are bad input, not findings. */
import { UserError } from '../errors';
import type { Snapshot } from '../plan/snapshot';

export function rejectUnresolved(snapshot: Snapshot): void {
  const missing = snapshot.unresolvedPrincipals;
  if (missing.length === 0) return;
  throw new UserError(
    'bad-input',
    `no user or group ${missing.map((r) => `'${r}'`).join(', ')} in tenant ${snapshot.tenantId}`,
    'Check the spelling: a user by UPN (alice@contoso.com) or object id, a group by display name or object id.',
  );
}
