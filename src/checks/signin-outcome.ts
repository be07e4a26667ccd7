/**
 * Predicts what one user sees when connecting to one VM by one connection method, from the facts of all six
 * steps (reference §5.3, §5.6, §5.7). Pure.
 *
 * Checks run in the order the sign-in meets them: who the user is, the VM's join, the target name, the client
 * and credentials, Conditional Access, and last the VM's login role. The first failure decides the outcome and
 * message; later causes are still listed ("once that is fixed: …") so one run names every cause.
 */
import { ROLE_IDS } from '../azure/constants';
import type { Answers } from '../plan/answers';
import { scopeCovers } from '../plan/ids';
import type { PrincipalFacts, Snapshot, VmFacts } from '../plan/snapshot';
import type { ConnectionMethod } from '../plan/types';
import { methodFitsOs } from './ca-evaluator';
import { clientTenantFit, describeJoin } from './dsregcmd';
import { caVerdict } from './signin-ca';

export type SignInOutcomeCode =
  | 'mfa-then-success'
  | 'success-without-mfa'
  | 'error-account-prevented'
  | 'error-credentials'
  | 'error-method-not-allowed'
  | 'error-hostname-mismatch';

export type WhyNoMfa = 'no-policy' | 'report-only' | 'excluded' | 'mfa-in-token';

export interface SignInPrediction {
  method: ConnectionMethod;
  outcome: SignInOutcomeCode;
  /** The text the user sees. */
  message: string;
  whyNoMfa?: WhyNoMfa;
  /** The chain of reasons, in the order the sign-in meets them. */
  reasons: string[];
}

export interface PredictInput {
  snapshot: Snapshot;
  answers: Answers;
  vm: VmFacts;
  user: PrincipalFacts;
  method: ConnectionMethod;
  /** The name the user connects to (`full address`), when known; defaults to the VM's computer name. */
  hostname?: string;
  /** The username typed at the RDP prompt (password flow), when known. */
  username?: string;
}

export const MESSAGES = {
  accountPrevented: 'Your account is configured to prevent you from using this device',
  credentials: 'Your credentials did not work',
  methodNotAllowed: "The sign-in method you're trying to use isn't allowed",
  sshDenied: 'Permission denied (publickey).',
} as const;

const LOGIN_ROLES = new Set<string>([ROLE_IDS.vmAdministratorLogin, ROLE_IDS.vmUserLogin]);
const IPV4 = /^\d{1,3}(\.\d{1,3}){3}$/;
const WEB_ACCOUNT: ConnectionMethod[] = ['rdp-web-account', 'bastion-native', 'bastion-portal'];

export interface Blocker {
  outcome: Exclude<SignInOutcomeCode, 'mfa-then-success' | 'success-without-mfa'>;
  message: string;
}

export function predictOutcome(input: PredictInput): SignInPrediction {
  const { snapshot, vm, user, method } = input;
  const reasons: string[] = [];
  const blockers: Blocker[] = [];
  const ssh = vm.osType === 'Linux';
  const fail = (outcome: Blocker['outcome'], reason: string, message?: string) => {
    reasons.push(reason);
    const text =
      message ??
      (ssh
        ? MESSAGES.sshDenied
        : outcome === 'error-account-prevented'
          ? MESSAGES.accountPrevented
          : outcome === 'error-method-not-allowed'
            ? MESSAGES.methodNotAllowed
            : MESSAGES.credentials);
    blockers.push({ outcome, message: text });
  };
  if (!methodFitsOs(method, vm.osType)) {
    return {
      method,
      outcome: 'error-credentials',
      message: `${method} cannot connect to a ${vm.osType} VM`,
      reasons: [`${method} is not a way to reach a ${vm.osType} VM`],
    };
  }
  const upn = user.userPrincipalName ?? user.displayName;

  if (user.userType === 'Guest') {
    fail('error-account-prevented', `${upn} is a guest: guest (B2B) accounts cannot sign in to VMs with Entra ID`);
  }
  if (user.accountEnabled === false) fail('error-credentials', `${upn}'s account is disabled`);

  const extType = ssh ? 'AADSSHLoginForLinux' : 'AADLoginForWindows';
  const ext = vm.extensions.find((e) => e.type.toLowerCase() === extType.toLowerCase());
  if (!ext) fail('error-credentials', `${vm.name} has no ${extType} extension, so it is not joined to Entra ID`);
  else if (ext.provisioningState !== 'Succeeded') {
    fail(
      'error-credentials',
      `${extType} on ${vm.name} is ${ext.provisioningState}, so the VM is not joined to Entra ID`,
    );
  }

  if (!ssh && WEB_ACCOUNT.includes(method) && vm.computerName) {
    const device = vm.computerName;
    const target = method === 'bastion-native' ? vm.name : (input.hostname ?? device);
    const mismatch = (why: string) =>
      fail(
        'error-hostname-mismatch',
        why,
        `AADSTS293004: The target-device identifier in the request ${target} was not found in the tenant ${snapshot.tenantId}.`,
      );
    if (IPV4.test(target) || target.includes(':'))
      mismatch(`connecting to ${target} by IP address: web-account RDP needs the device name`);
    else if (device.length > 15) {
      mismatch(
        `computer name ${device} is longer than 15 characters, so the Entra device name is truncated and differs`,
      );
    } else if (target.split('.')[0]!.toLowerCase() !== device.toLowerCase()) {
      mismatch(
        method === 'bastion-native'
          ? `Bastion targets the resource name ${vm.name}, but the Entra device is named ${device}`
          : `connecting to ${target}, but the Entra device is named ${device}`,
      );
    }
  }

  if (method === 'rdp-password') {
    if (!snapshot.client)
      reasons.push('client PC unknown (no dsregcmd output): assumed Entra joined to the same tenant');
    else {
      const fit = clientTenantFit(snapshot.client, snapshot.tenantId);
      if (fit.fit === 'none')
        fail('error-credentials', `the client PC is ${describeJoin(fit.join)}, not Entra joined or registered`);
      else if (fit.fit === 'other-tenant')
        fail('error-credentials', `the client PC is joined to another tenant (${fit.tenantId})`);
      const registered = fit.fit === 'registered-same-tenant' || fit.fit === 'registered-unknown-tenant';
      const name = input.username;
      if (name && registered && !name.toLowerCase().startsWith('azuread\\')) {
        fail(
          'error-credentials',
          `the client PC is only Entra registered, so the username must be AzureAD\\${upn}, not ${name}`,
        );
      } else if (name?.includes('\\') && !name.toLowerCase().startsWith('azuread\\')) {
        fail('error-credentials', `username ${name} is in domain\\user form: use ${upn} or AzureAD\\${upn}`);
      } else if (registered) reasons.push(`the client PC is Entra registered: sign in as AzureAD\\${upn}`);
    }
    if (user.forceChangePasswordNextSignIn)
      fail('error-credentials', `${upn} has a temporary password: change it at a web sign-in first`);
  }
  const perUser = snapshot.perUserMfa[user.id];
  if (!ssh && (perUser === 'enabled' || perUser === 'enforced')) {
    fail('error-credentials', `legacy per-user MFA is ${perUser} for ${upn}`);
  }

  const mfa = caVerdict(input, fail);
  const hasRole = snapshot.roleAssignments.some(
    (r) =>
      LOGIN_ROLES.has(r.roleDefinitionGuid.toLowerCase()) &&
      scopeCovers(r.scope, vm.id) &&
      [user.id, ...user.memberOf].some((id) => id.toLowerCase() === r.principalId.toLowerCase()),
  );
  if (!hasRole) {
    fail(
      'error-account-prevented',
      `${upn} has neither Virtual Machine Administrator Login nor Virtual Machine User Login on ${vm.name}`,
    );
  }

  const first = blockers[0];
  if (first) {
    const allReasons = [...reasons];
    if (mfa.reasons.length > 0) allReasons.push(...mfa.reasons.map((r) => `once that is fixed: ${r}`));
    return { method, outcome: first.outcome, message: first.message, reasons: allReasons };
  }
  return {
    method,
    outcome: mfa.outcome,
    message:
      mfa.outcome === 'mfa-then-success'
        ? `${upn} is asked for MFA, then signed in to ${vm.name}`
        : `${upn} is signed in to ${vm.name} without an MFA prompt`,
    whyNoMfa: mfa.whyNoMfa,
    reasons: [...reasons, ...mfa.reasons],
  };
}
