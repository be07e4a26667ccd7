/**
 * Who and what the sign-in steps (service principal, Conditional Access, client readiness) reason about, derived
 * the same way everywhere so that a CA policy's `dependsOn` names exactly the service principal actions the
 * service-principal step plans.
 */

import { isArcEntraUnsupported } from '../../src/checks/arc';
import type { CaRequirement, CaSubject } from '../../src/checks/ca-evaluator';
import { appsForConnection } from '../../src/checks/ca-evaluator';
import { APP_IDS, AUTH_STRENGTH_IDS } from '../../src/core/well-known-ids';
import type { Answers } from '../../src/plan/answers';
import type { PrincipalFacts, Snapshot } from '../../src/plan/snapshot';
import { actionKey } from './contract';

const APP_ORDER: string[] = [
  APP_IDS.windowsVmSignIn,
  APP_IDS.microsoftRemoteDesktop,
  APP_IDS.windowsCloudLogin,
  APP_IDS.linuxVmSignIn,
];

/** Every app a VM sign-in can go through, in the order plans list them. */
export const SIGN_IN_APPS: readonly string[] = APP_ORDER;

export { APP_NAMES, appName } from '../../src/core/well-known-ids';

function resolve(snapshot: Snapshot, refs: readonly string[]): PrincipalFacts[] {
  const seen = new Set<string>();
  const out: PrincipalFacts[] = [];
  for (const ref of refs) {
    const p = snapshot.principals[ref];
    if (!p || seen.has(p.id.toLowerCase())) continue;
    seen.add(p.id.toLowerCase());
    out.push(p);
  }
  return out;
}

/** The break-glass principals the admin asked to exclude from the CA policy. */
export function excludedPrincipals(snapshot: Snapshot, answers: Answers): PrincipalFacts[] {
  return resolve(snapshot, answers.exclude);
}

/** Admins and users (users and groups), resolved, without duplicates and without the excluded ones. */
export function selectedPrincipals(snapshot: Snapshot, answers: Answers): PrincipalFacts[] {
  const excluded = new Set(excludedPrincipals(snapshot, answers).map((p) => p.id.toLowerCase()));
  return resolve(snapshot, [...answers.admins, ...answers.users]).filter(
    (p) => p.kind !== 'servicePrincipal' && !excluded.has(p.id.toLowerCase()),
  );
}

/**
 * Selected users only. Per-user MFA and registered methods are per user; the gateway offers no group member
 * listing, so groups contribute no users here (documented choice: only directly named users are checked).
 */
export function selectedUsers(snapshot: Snapshot, answers: Answers): PrincipalFacts[] {
  return selectedPrincipals(snapshot, answers).filter((p) => p.kind === 'user');
}

/** The selected machines users can sign in to with Entra ID: all but Windows Azure Arc machines. */
export function signInVms(snapshot: Snapshot): Snapshot['vms'] {
  return snapshot.vms.filter((v) => !isArcEntraUnsupported(v));
}

/** OS types in play: the selected VMs', or, with none selected, what the connection methods imply. */
export function osTypes(snapshot: Snapshot, answers: Answers): ('Windows' | 'Linux')[] {
  const vms = signInVms(snapshot);
  if (vms.length > 0) return [...new Set(vms.map((v) => v.osType))].sort().reverse();
  if (snapshot.vms.length > 0) return [];
  const out: ('Windows' | 'Linux')[] = [];
  if (answers.connections.some((c) => c !== 'ssh')) out.push('Windows');
  if (answers.connections.includes('ssh')) out.push('Linux');
  return out.length > 0 ? out : ['Windows'];
}

function ordered(ids: Iterable<string>): string[] {
  const set = new Set(ids);
  return APP_ORDER.filter((a) => set.has(a));
}

/** The apps the chosen connection methods sign in to, for the OS types in play (CA targets these). */
export function neededApps(snapshot: Snapshot, answers: Answers): string[] {
  const apps = new Set<string>();
  for (const os of osTypes(snapshot, answers)) {
    for (const method of answers.connections) for (const a of appsForConnection(method, os)) apps.add(a);
  }
  return ordered(apps);
}

/**
 * Apps whose service principal must exist: Azure Windows VM Sign-In when Windows VMs are selected or none are,
 * Azure Linux VM Sign-In when Linux VMs are, plus every app the CA policy will target (a policy can only pick
 * an app that has a service principal in the tenant).
 */
export function servicePrincipalApps(snapshot: Snapshot, answers: Answers): string[] {
  const apps = new Set(answers.ca === 'none' ? [] : neededApps(snapshot, answers));
  const oses = new Set(signInVms(snapshot).map((v) => v.osType));
  if (snapshot.vms.length === 0 || oses.has('Windows')) apps.add(APP_IDS.windowsVmSignIn);
  if (oses.has('Linux')) apps.add(APP_IDS.linuxVmSignIn);
  return ordered(apps);
}

/** What the admin asked Conditional Access to require. */
export function wantedRequirement(ca: Answers['ca']): CaRequirement {
  switch (ca) {
    case 'none':
      return { level: 'none' };
    case 'mfa':
      return { level: 'mfa' };
    case 'passwordless':
      return { level: 'strength', strengthId: AUTH_STRENGTH_IDS.passwordless };
    case 'phishing-resistant':
      return { level: 'strength', strengthId: AUTH_STRENGTH_IDS.phishingResistant };
  }
}

/** The Graph path a finding or action about a user points at. */
export const userTarget = (userId: string): string => `graph:/users/${userId}`;
export const policyTarget = (policyId: string): string => `graph:/identity/conditionalAccess/policies/${policyId}`;
export const spTarget = (appId: string): string => `graph:/servicePrincipals(appId='${appId}')`;

/** A principal as the evaluator sees it; a group stands for "a member of this group". */
export function subjectOf(p: PrincipalFacts): CaSubject {
  return { id: p.id, memberOf: p.memberOf, roleTemplateIds: p.roleTemplateIds, userType: p.userType, kind: p.kind };
}

/** The draft key of the action creating `appId`'s service principal; the CA step depends on it. */
export const servicePrincipalKey = (appId: string): string => actionKey('create-service-principal', appId);

/** Apps this step will create a service principal for (needed, read, and found missing). */
export function missingServicePrincipals(snapshot: Snapshot, answers: Answers): string[] {
  return servicePrincipalApps(snapshot, answers).filter((a) => snapshot.servicePrincipals[a] === null);
}
