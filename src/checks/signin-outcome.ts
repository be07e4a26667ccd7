/**
 * Predicts what one user sees when connecting to one VM by one connection method, from the facts of all six
 * steps. Pure.
 *
 * Checks run in the order a real connection meets them (`SIGN_IN_STAGES`): reaching the VM (power state,
 * Bastion host, its SKU and the Reader roles it checks), the VM's own Entra join (supported OS, healthy login
 * extension), the login role, the token (account, app, target name, Conditional Access), and last the client
 * and the credential typed. The first failure decides the outcome and message; later causes are still listed
 * so one run names every cause. Every fact behind an error finding that blocks this path is checked here, so a
 * prediction never promises a sign-in that the same run's findings say will fail.
 */

import { appName } from '../core/well-known-ids';
import type { UnreadFact } from '../plan/snapshot';
import type { ConnectionMethod } from '../plan/types';
import { FACT_KEYS, unknownBecause, unreadFact } from '../plan/unread';
import { bastionFor, bastionReadTargets, holdsRole, LOGIN_ROLES, READ_ROLES, skuProblem } from './access-path';
import { appsForConnection, methodFitsOs } from './ca-evaluator';
import { clientTenantFit, describeJoin, hasJoinFacts } from './dsregcmd';
import { externalKindOf, KIND_LABELS } from './guest-kind';
import { assessOs } from './os-support';
import { caVerdict, type MfaVerdict } from './signin-ca';
import type { Blocker, Fail, PredictInput, SignInOutcomeCode, SignInStage, WhyNoMfa } from './signin-types';
import { bastionRouteUnknown, conditionalAccessUnknown, rolesUnknown } from './unknown-facts';
import { formatBuild, parseWindowsBuild, passwordRdpClientSupport, webAccountRdpSupport } from './windows-build';

export type { Blocker, PredictInput, SignInOutcomeCode, SignInStage, WhyNoMfa } from './signin-types';

export interface SignInPrediction {
  method: ConnectionMethod;
  outcome: SignInOutcomeCode;
  /** The text the user sees. */
  message: string;
  whyNoMfa?: WhyNoMfa;
  /** Where the connection fails, for a failing outcome. */
  stage?: SignInStage;
  /** What a `depends` outcome depends on: "the client device: …", "locations". */
  dependsOn?: string[];
  /** The chain of reasons, in the order the sign-in meets them. */
  reasons: string[];
  /**
   * The one reason that decides the outcome: what stops the sign-in, or why no MFA is asked (or why none is
   * needed). Doctor's first line names it.
   */
  cause?: string;
  /**
   * The same reasons (and what could not be read) by the link of the sign-in chain they are about: the client
   * PC, the Entra ID token, Bastion, the VM. `decisive` marks the failure that decides the outcome.
   */
  trace?: ChainNote[];
  /**
   * What Conditional Access does to the token whatever else fails: asked for MFA, issued without it (and why),
   * or depends. Undefined when the policies could not be read.
   */
  tokenMfa?: { outcome: 'mfa-then-success' | 'success-without-mfa' | 'depends'; whyNoMfa?: WhyNoMfa };
}

/** The links a connection passes through, in the order the picture draws them. */
export const CHAIN_LINKS = ['client', 'token', 'bastion', 'vm'] as const;
export type ChainLinkId = (typeof CHAIN_LINKS)[number];

export interface ChainNote {
  link: ChainLinkId;
  text: string;
  /** `fails`: this makes the sign-in fail; `unknown`: a fact that could not be read; `note`: said for context. */
  kind: 'fails' | 'unknown' | 'note';
  decisive?: boolean;
}

export const MESSAGES = {
  accountPrevented: 'Your account is configured to prevent you from using this device',
  credentials: 'Your credentials did not work',
  methodNotAllowed: "The sign-in method you're trying to use isn't allowed",
  sshDenied: 'Permission denied (publickey).',
  rdpUnreachable: "Remote Desktop can't connect to the remote computer",
  sshUnreachable: 'ssh: connect to host: Connection timed out',
  bastionUnreachable: 'Azure Bastion could not connect to the VM',
} as const;

const IPV4 = /^\d{1,3}(\.\d{1,3}){3}$/;
const WEB_ACCOUNT: ConnectionMethod[] = ['rdp-web-account', 'bastion-native', 'bastion-portal'];
/** Methods whose client is the Windows Remote Desktop client signing in with a web account. */
const WEB_ACCOUNT_CLIENT: ConnectionMethod[] = ['rdp-web-account', 'bastion-native'];
const NOT_RUNNING = new Set(['deallocated', 'deallocating', 'stopped', 'stopping']);

function unreachableMessage(method: ConnectionMethod): string {
  if (method.startsWith('bastion')) return MESSAGES.bastionUnreachable;
  return method === 'ssh' ? MESSAGES.sshUnreachable : MESSAGES.rdpUnreachable;
}

/**
 * Conditional Access verdicts already worked out in one run of predictions over one snapshot and its answers,
 * with the failures each reported. The verdict depends on the user, the method and the VM's OS only, and
 * working it out evaluates every policy: per VM, that was users × VMs × policies.
 */
export type CaVerdictMemo = Map<string, { verdict: MfaVerdict; fails: Parameters<Fail>[] }>;

function rememberedCaVerdict(input: PredictInput, fail: Fail, memo: CaVerdictMemo | undefined): MfaVerdict {
  if (!memo) return caVerdict(input, fail);
  const key = `${input.user.id}|${input.method}|${input.vm.osType}`;
  const known = memo.get(key);
  if (!known) {
    const fails: Parameters<Fail>[] = [];
    const verdict = caVerdict(input, (...args) => {
      fails.push(args);
      fail(...args);
    });
    memo.set(key, { verdict, fails });
    return verdict;
  }
  for (const args of known.fails) fail(...args);
  return known.verdict;
}

/** The prediction for one sign-in; `memo`, shared by one run over the same snapshot and answers, saves work. */
export function predictOutcome(input: PredictInput, memo?: CaVerdictMemo): SignInPrediction {
  const { snapshot, vm, user, method } = input;
  const reasons: string[] = [];
  const blockers: Blocker[] = [];
  const ssh = vm.osType === 'Linux';
  // Facts that could not be read: their checks are not made on a guess, and when nothing else decides the
  // outcome, the prediction says what it could not read.
  const unknown: UnreadFact[] = [];
  // Every reason, failure and unread fact is filed under the link of the chain being checked when it was found.
  const trace: ChainNote[] = [];
  let link: ChainLinkId = 'vm';
  let unknownSeen = 0;
  let reasonsSeen = 0;
  const file = (next: ChainLinkId) => {
    for (const r of reasons.slice(reasonsSeen)) {
      const failing = blockers.some((b) => b.reason === r);
      trace.push({ link, text: r, kind: failing ? 'fails' : 'note' });
    }
    for (const u of unknown.slice(unknownSeen)) trace.push({ link, text: unknownBecause(u), kind: 'unknown' });
    reasonsSeen = reasons.length;
    unknownSeen = unknown.length;
    link = next;
  };
  const fail: Fail = (stage, outcome, reason, message) => {
    reasons.push(reason);
    const text =
      message ??
      (outcome === 'error-unreachable'
        ? unreachableMessage(method)
        : ssh
          ? MESSAGES.sshDenied
          : outcome === 'error-account-prevented'
            ? MESSAGES.accountPrevented
            : outcome === 'error-method-not-allowed'
              ? MESSAGES.methodNotAllowed
              : MESSAGES.credentials);
    blockers.push({ stage, outcome, message: text, reason });
  };
  if (!methodFitsOs(method, vm.osType)) {
    return {
      method,
      outcome: 'error-credentials',
      message: `${method} cannot connect to a ${vm.osType} VM`,
      stage: 'reach',
      reasons: [`${method} is not a way to reach a ${vm.osType} VM`],
      trace: [
        { link: 'client', text: `${method} is not a way to reach a ${vm.osType} VM`, kind: 'fails', decisive: true },
      ],
    };
  }
  const upn = user.userPrincipalName ?? user.displayName;

  // 1. Reach the VM.
  if (NOT_RUNNING.has(vm.powerState)) {
    fail(
      'reach',
      'error-unreachable',
      `${vm.name} is ${vm.powerState}: nothing answers the connection until it is started`,
    );
  }
  file('bastion');
  if (method === 'bastion-native' || method === 'bastion-portal') reachThroughBastion(input, upn, fail, unknown);
  file('vm');

  // 2. The VM's own Entra join.
  const os = assessOs(vm);
  const extType = ssh ? 'AADSSHLoginForLinux' : 'AADLoginForWindows';
  if (os.status === 'unsupported') {
    fail('vm', 'error-credentials', `${vm.name} runs ${os.label}: ${os.reason}, so it cannot join Entra ID`);
  } else {
    const ext = vm.extensions.find((e) => e.type.toLowerCase() === extType.toLowerCase());
    if (!ext)
      fail('vm', 'error-credentials', `${vm.name} has no ${extType} extension, so it is not joined to Entra ID`);
    else if (ext.provisioningState !== 'Succeeded') {
      fail(
        'vm',
        'error-credentials',
        `${extType} on ${vm.name} is ${ext.provisioningState}, so the VM is not joined to Entra ID`,
      );
    }
  }

  // 3. The login role (and who may hold one).
  const kind = externalKindOf(user);
  if (kind === 'b2bCollaborationGuest' || (kind && user.userType === 'Guest')) {
    fail(
      'role',
      'error-account-prevented',
      `${upn} is a guest: guest (B2B) accounts cannot sign in to VMs with Entra ID`,
    );
  } else if (kind) {
    fail(
      'role',
      'error-account-prevented',
      `${upn} is ${KIND_LABELS[kind]} from another tenant: only accounts of this tenant can sign in to VMs with Entra ID`,
    );
  } else if (rolesUnknown(snapshot, vm.id)) {
    unknown.push(rolesUnknown(snapshot, vm.id)!);
  } else if (!holdsRole(snapshot.roleAssignments, user, LOGIN_ROLES, vm.id)) {
    fail(
      'role',
      'error-account-prevented',
      `${upn} has neither Virtual Machine Administrator Login nor Virtual Machine User Login on ${vm.name}`,
    );
  }

  file('token');
  // 4. The token: account, app, target device name, Conditional Access.
  if (user.accountEnabled === false) fail('token', 'error-credentials', `${upn}'s account is disabled`);
  tokenApps(input, fail);
  if (!ssh && WEB_ACCOUNT.includes(method) && vm.computerName) targetName(input, fail);
  const caUnread = conditionalAccessUnknown(snapshot);
  if (caUnread) unknown.push(caUnread);
  const mfa: ReturnType<typeof caVerdict> = caUnread
    ? { outcome: 'success-without-mfa', reasons: [] }
    : rememberedCaVerdict(input, fail, memo);

  file('client');
  for (const r of mfa.reasons) trace.push({ link: 'token', text: r, kind: 'note' });
  const tokenMfa: SignInPrediction['tokenMfa'] = caUnread
    ? undefined
    : { outcome: mfa.outcome, ...(mfa.whyNoMfa ? { whyNoMfa: mfa.whyNoMfa } : {}) };
  // 5. The client and the credential.
  clientAndCredential(input, upn, reasons, fail, unknown);
  file('client');

  const first = [...blockers].sort((a, b) => STAGE_INDEX[a.stage] - STAGE_INDEX[b.stage])[0];
  if (first) {
    const decisive = trace.find((n) => n.kind === 'fails' && n.text === first.reason);
    if (decisive) decisive.decisive = true;
  }
  const unknowns = unknown.map(unknownBecause);
  if (first) {
    const allReasons = [...reasons];
    if (mfa.reasons.length > 0) allReasons.push(...mfa.reasons.map((r) => `once that is fixed: ${r}`));
    allReasons.push(...unknowns.map((u) => `also ${u}`));
    return {
      method,
      outcome: first.outcome,
      message: first.message,
      stage: first.stage,
      reasons: allReasons,
      cause: first.reason,
      trace,
      ...(tokenMfa ? { tokenMfa } : {}),
    };
  }
  if (unknowns.length > 0) {
    // Nothing known blocks the sign-in, but what decides it could not be read: say so, never guess.
    return {
      method,
      outcome: 'depends',
      message: unknowns.join('; '),
      dependsOn: unknown.map((f) => f.what),
      reasons: [...unknowns, ...reasons],
      cause: unknowns[0],
      trace,
      ...(tokenMfa ? { tokenMfa } : {}),
    };
  }
  if (mfa.outcome === 'depends') {
    const on = mfa.dependsOn ?? [];
    return {
      method,
      outcome: 'depends',
      message: `Depends on ${on.join('; ')}`,
      dependsOn: on,
      reasons: [...reasons, ...mfa.reasons],
      cause: `it depends on ${on.join('; ')}`,
      trace,
      ...(tokenMfa ? { tokenMfa } : {}),
    };
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
    cause: mfa.cause,
    trace,
    ...(tokenMfa ? { tokenMfa } : {}),
  };
}

const STAGE_INDEX: Record<SignInStage, number> = { reach: 0, vm: 1, role: 2, token: 3, client: 4 };

/** Bastion must exist in the VM's VNet (or a peered one), allow this method, and let the user read the path. */
function reachThroughBastion(input: PredictInput, upn: string, fail: Fail, unknown: UnreadFact[]): void {
  const { snapshot, vm, user, method } = input;
  const only = { connections: [method] };
  const route = bastionFor(vm, snapshot, only);
  const routeUnread = route.bastion ? undefined : bastionRouteUnknown(vm, snapshot);
  if (routeUnread) {
    unknown.push(routeUnread);
    return;
  }
  if (!route.bastion) {
    fail(
      'reach',
      'error-unreachable',
      `no Azure Bastion host is in ${vm.name}'s VNet or a VNet peered with it${route.vnetId ? '' : ' (its NIC could not be read)'}`,
    );
    return;
  }
  const sku = skuProblem(route.bastion, only);
  if (sku) fail('reach', 'error-unreachable', sku);
  const lacking = bastionReadTargets(vm, route).filter(
    ([id]) => !rolesUnknown(snapshot, id) && !holdsRole(snapshot.roleAssignments, user, READ_ROLES, id),
  );
  if (lacking.length > 0) {
    fail(
      'reach',
      'error-unreachable',
      `${upn} has no Reader on ${lacking.map(([, label]) => label).join(', ')}: Bastion checks it before connecting`,
    );
  }
}

/** Entra issues the token for the method's apps only if the tenant has their service principals. */
function tokenApps(input: PredictInput, fail: Fail): void {
  const { snapshot, vm, method } = input;
  for (const appId of appsForConnection(method, vm.osType)) {
    if (snapshot.servicePrincipals[appId] !== null) continue;
    fail(
      'token',
      'error-credentials',
      `the tenant has no service principal for ${appName(appId)} (${appId}), which ${method} signs in to, so Entra cannot issue the token for it (and no policy can target it)`,
      method === 'rdp-password' || method === 'ssh' || vm.osType === 'Linux'
        ? undefined
        : `AADSTS700016: Application with identifier '${appId}' was not found in the directory '${snapshot.tenantId}'.`,
    );
  }
}

/** Web-account RDP names the target device; Entra must find a device of that name (AADSTS293004). */
function targetName(input: PredictInput, fail: Fail): void {
  const { snapshot, vm, method } = input;
  const device = vm.computerName!;
  const target = method === 'bastion-native' ? vm.name : (input.hostname ?? device);
  const mismatch = (why: string) =>
    fail(
      'token',
      'error-hostname-mismatch',
      why,
      `AADSTS293004: The target-device identifier in the request ${target} was not found in the tenant ${snapshot.tenantId}.`,
    );
  if (IPV4.test(target) || target.includes(':'))
    mismatch(`connecting to ${target} by IP address: web-account RDP needs the device name`);
  else if (device.length > 15) {
    mismatch(`computer name ${device} is longer than 15 characters, so the Entra device name is truncated and differs`);
  } else if (target.split('.')[0]!.toLowerCase() !== device.toLowerCase()) {
    mismatch(
      method === 'bastion-native'
        ? `Bastion targets the resource name ${vm.name}, but the Entra device is named ${device}`
        : `connecting to ${target}, but the Entra device is named ${device}`,
    );
  }
}

/** The client PC (join, tenant, Windows build) and the credential typed at the prompt. */
function clientAndCredential(
  input: PredictInput,
  upn: string,
  reasons: string[],
  fail: Fail,
  unknown: UnreadFact[],
): void {
  const { snapshot, vm, user, method } = input;
  const client = snapshot.client;
  const build = client?.osBuild ? parseWindowsBuild(client.osBuild) : undefined;
  if (build && vm.osType === 'Windows' && WEB_ACCOUNT_CLIENT.includes(method)) {
    const v = webAccountRdpSupport(build);
    if (!v.supported)
      fail(
        'client',
        'error-credentials',
        `the client PC runs Windows ${formatBuild(build)}: web-account RDP needs ${v.requirement}`,
      );
  }
  if (method === 'rdp-password') {
    let registered = false;
    if (!client || !hasJoinFacts(client))
      reasons.push('client PC unknown (no dsregcmd output): assumed Entra joined to the same tenant');
    else {
      const fit = clientTenantFit(client, snapshot.tenantId);
      if (fit.fit === 'none')
        fail(
          'client',
          'error-credentials',
          `the client PC is ${describeJoin(fit.join)}, not Entra joined or registered`,
        );
      else if (fit.fit === 'other-tenant')
        fail('client', 'error-credentials', `the client PC is joined to another tenant (${fit.tenantId})`);
      registered = fit.fit === 'registered-same-tenant' || fit.fit === 'registered-unknown-tenant';
      const name = input.username;
      if (name && registered && !name.toLowerCase().startsWith('azuread\\')) {
        fail(
          'client',
          'error-credentials',
          `the client PC is only Entra registered, so the username must be AzureAD\\${upn}, not ${name}`,
        );
      } else if (name?.includes('\\') && !name.toLowerCase().startsWith('azuread\\')) {
        fail('client', 'error-credentials', `username ${name} is in domain\\user form: use ${upn} or AzureAD\\${upn}`);
      } else if (registered) reasons.push(`the client PC is Entra registered: sign in as AzureAD\\${upn}`);
    }
    const v = build ? passwordRdpClientSupport(build, registered) : undefined;
    if (build && v && !v.supported)
      fail(
        'client',
        'error-credentials',
        `the client PC runs Windows ${formatBuild(build)}: password RDP needs ${v.requirement}`,
      );
    if (user.forceChangePasswordNextSignIn)
      fail('client', 'error-credentials', `${upn} has a temporary password: change it at a web sign-in first`);
  }
  const perUser = snapshot.perUserMfa[user.id];
  const perUserUnread = unreadFact(snapshot, FACT_KEYS.perUserMfa);
  if (vm.osType === 'Windows' && perUserUnread) unknown.push(perUserUnread);
  else if (vm.osType === 'Windows' && (perUser === 'enabled' || perUser === 'enforced')) {
    fail('client', 'error-credentials', `legacy per-user MFA is ${perUser} for ${upn}`);
  }
}
