/**
 * Which of Conditional Access's guest or external user kinds a user is (Graph `conditionalAccessGuestsOrExternalUsers`).
 * Discovery knows `userType` and the UPN; a B2B guest's UPN carries `#EXT#`, a B2B collaboration *member* is
 * `userType: Member` with an `#EXT#` UPN (still external to Conditional Access), and a guest without `#EXT#` is a
 * local guest account (`internalGuest`). Direct-connect users, service providers and other external users never
 * appear in the directory as user objects, so only an explicit kind (what-if's `--guest-kind`) gives them.
 */
import type { ExternalUserKind, PrincipalFacts } from '../plan/snapshot';

export function externalKindOf(
  p: Pick<PrincipalFacts, 'externalKind' | 'userType' | 'userPrincipalName'>,
): ExternalUserKind | undefined {
  if (p.externalKind) return p.externalKind;
  const ext = /#EXT#/i.test(p.userPrincipalName ?? '');
  if (p.userType === 'Guest') return ext ? 'b2bCollaborationGuest' : 'internalGuest';
  return ext ? 'b2bCollaborationMember' : undefined;
}

/** Kinds that sign in with an account of another tenant (every kind but a local guest). */
export const fromAnotherTenant = (kind: ExternalUserKind): boolean => kind !== 'internalGuest';

export const KIND_LABELS: Record<ExternalUserKind, string> = {
  internalGuest: 'a local guest',
  b2bCollaborationGuest: 'a B2B collaboration guest',
  b2bCollaborationMember: 'a B2B collaboration member',
  b2bDirectConnectUser: 'a B2B direct connect user',
  otherExternalUser: 'an external user',
  serviceProvider: 'a service provider user',
};
