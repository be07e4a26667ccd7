/**
 * The sign-in chain as data for a picture: the client PC, the Entra ID token (Conditional Access and the
 * method), Bastion when the connection goes through it, and the VM (extension, join, login role). Each link
 * carries its state, what it is, and the prediction's own reasons filed under it, so the picture can never say
 * something the prediction does not. Pure.
 */
import { EXTENSION } from '../core/well-known-ids';
import type { PrincipalFacts, Snapshot, VmFacts } from '../plan/snapshot';
import type { ConnectionMethod } from '../plan/types';
import { bastionFor, holdsRole, LOGIN_ROLES } from './access-path';
import { describeJoin, hasJoinFacts, joinType } from './dsregcmd';
import type { ChainLinkId, ChainNote, SignInPrediction } from './signin-outcome';
import type { WhyNoMfa } from './signin-types';

/** `fail`: the sign-in stops here; `no-mfa`: the token is issued without MFA; `unknown`: a fact is unread. */
export type LinkState = 'ok' | 'fail' | 'no-mfa' | 'unknown';

export interface ChainLink {
  id: ChainLinkId;
  /** "Client PC", "Entra ID token", "Bastion bas-prod-weu", "VM vm-web-01". */
  title: string;
  state: LinkState;
  /** What the link is, in a few words each ("AADLoginForWindows succeeded", "login role held"). */
  facts: string[];
  /** The prediction's reasons about this link, failures first. */
  notes: ChainNote[];
  /** The link whose failure decides what the user sees. */
  decisive: boolean;
}

export interface SignInChain {
  user: string;
  vm: string;
  method: ConnectionMethod;
  outcome: SignInPrediction['outcome'];
  /** The text the user sees. */
  message: string;
  links: ChainLink[];
}

const CLIENTS: Record<ConnectionMethod, string> = {
  'rdp-web-account': 'Remote Desktop client, web account',
  'rdp-password': 'Remote Desktop client, password',
  'bastion-portal': 'browser, Azure portal',
  'bastion-native': 'az network bastion rdp',
  ssh: 'az ssh',
};

const WHY: Record<WhyNoMfa, string> = {
  'no-policy': 'no policy requires MFA',
  'report-only': 'the policy is report-only',
  excluded: 'the user is excluded',
  'mfa-in-token': 'MFA already in the token',
  'device-satisfies': 'the device satisfies the grant',
};

function tokenFacts(p: SignInPrediction, user: PrincipalFacts, snapshot: Snapshot): string[] {
  const facts: string[] = [];
  const mfa = p.tokenMfa;
  if (!mfa) facts.push('Conditional Access not read');
  else if (mfa.outcome === 'mfa-then-success') facts.push('MFA required');
  else if (mfa.outcome === 'success-without-mfa') facts.push(`no MFA: ${WHY[mfa.whyNoMfa ?? 'no-policy']}`);
  else facts.push('MFA depends on the client or location');
  if (snapshot.securityDefaultsEnabled) facts.push('security defaults on');
  const methods = snapshot.authMethods[user.id];
  if (methods) {
    const has = [
      methods.windowsHelloForBusiness > 0 ? 'Windows Hello' : '',
      methods.fido2 > 0 ? 'FIDO2' : '',
      methods.microsoftAuthenticator > 0 ? 'Authenticator' : '',
    ].filter(Boolean);
    facts.push(has.length > 0 ? `methods: ${has.join(', ')}` : 'no strong method registered');
  }
  return facts;
}

function vmFacts(vm: VmFacts, user: PrincipalFacts, snapshot: Snapshot): string[] {
  const type = vm.osType === 'Linux' ? EXTENSION.linuxType : EXTENSION.windowsType;
  const ext = vm.extensions.find((e) => e.type.toLowerCase() === type.toLowerCase());
  const facts = [
    ...(vm.powerState === 'running' ? [] : [vm.powerState]),
    ext ? `${type} ${ext.provisioningState.toLowerCase()}` : `${type} not installed`,
    ext?.provisioningState === 'Succeeded' ? 'Entra joined' : 'not Entra joined',
    holdsRole(snapshot.roleAssignments, user, LOGIN_ROLES, vm.id) ? 'login role held' : 'no login role',
  ];
  return facts;
}

function stateOf(id: ChainLinkId, notes: ChainNote[], p: SignInPrediction): LinkState {
  if (notes.some((n) => n.kind === 'fails')) return 'fail';
  if (notes.some((n) => n.kind === 'unknown')) return 'unknown';
  if (id === 'token' && p.tokenMfa?.outcome === 'success-without-mfa') return 'no-mfa';
  if (id === 'token' && p.tokenMfa?.outcome === 'depends') return 'unknown';
  return 'ok';
}

export function signInChain(input: {
  snapshot: Snapshot;
  vm: VmFacts;
  user: PrincipalFacts;
  prediction: SignInPrediction;
}): SignInChain {
  const { snapshot, vm, user, prediction: p } = input;
  const trace = p.trace ?? [];
  const viaBastion = p.method === 'bastion-native' || p.method === 'bastion-portal';
  const client = snapshot.client;
  const device =
    p.method === 'rdp-web-account' || p.method === 'rdp-password' || p.method === 'bastion-native'
      ? client && hasJoinFacts(client)
        ? `PC ${describeJoin(joinType(client))}`
        : 'PC not described (no dsregcmd output)'
      : undefined;
  const bastion = viaBastion ? bastionFor(vm, snapshot, { connections: [p.method] }).bastion : undefined;
  const parts: { id: ChainLinkId; title: string; facts: string[] }[] = [
    { id: 'client', title: 'Client PC', facts: [CLIENTS[p.method], ...(device ? [device] : [])] },
    { id: 'token', title: 'Entra ID token', facts: tokenFacts(p, user, snapshot) },
    ...(viaBastion
      ? [
          {
            id: 'bastion' as const,
            title: bastion ? `Bastion ${bastion.name}` : 'Bastion',
            facts: bastion ? [`${bastion.sku} SKU`] : ['none in reach'],
          },
        ]
      : []),
    { id: 'vm', title: `VM ${vm.name}`, facts: vmFacts(vm, user, snapshot) },
  ];
  const links = parts.map((part): ChainLink => {
    const notes = trace.filter((n) => n.link === part.id);
    const ordered = [...notes.filter((n) => n.kind === 'fails'), ...notes.filter((n) => n.kind !== 'fails')];
    return {
      ...part,
      state: stateOf(part.id, notes, p),
      notes: ordered,
      decisive: notes.some((n) => n.decisive),
    };
  });
  return {
    user: user.userPrincipalName ?? user.displayName,
    vm: vm.name,
    method: p.method,
    outcome: p.outcome,
    message: p.message,
    links,
  };
}
