/**
 * Evaluates Conditional Access grant controls against one sign-in: the client device's state, the user's
 * registered methods and the connection method. Each control is `met` (satisfied without a prompt),
 * `prompt` (satisfied by an MFA prompt the user can answer), `unmet` (the sign-in is refused) or `unknown`
 * (depends on something not known, with what). A policy combines its controls with its operator; several
 * policies that apply must all be satisfied, so their verdicts combine as AND: the strictest does not hide the
 * others.
 */
import { AUTH_STRENGTH_IDS } from '../core/well-known-ids';
import type { AuthMethodFacts, CaPolicyFacts } from '../plan/snapshot';
import type { ConnectionMethod } from '../plan/types';
import { evaluateStrength, type StrengthFacts, strengthName } from './auth-strength';
import type { DeviceState } from './device-state';

export type GrantStatus = 'met' | 'prompt' | 'unmet' | 'unknown';

export interface ControlVerdict {
  /** `mfa`, `compliantDevice`, `authenticationStrength`, `block`, … */
  control: string;
  status: GrantStatus;
  /** Why, in words: "the client device is not compliant", "Authenticator push satisfies MFA". */
  why: string;
  /** What an `unmet` control needs, or what an `unknown` one depends on. */
  needs?: string;
  /** The kind of refusal an `unmet` control causes. */
  refusal?: 'block' | 'method' | 'device' | 'app';
}

export interface GrantVerdict {
  status: GrantStatus;
  controls: ControlVerdict[];
}

export interface GrantContext {
  device: DeviceState;
  /** The user's registered methods; undefined when they could not be read (then MFA is assumed answerable). */
  methods?: AuthMethodFacts;
  /** The connection method; undefined for an app sign-in through Entra's own web sign-in (what-if `--app`). */
  method?: ConnectionMethod;
}

function strengthControl(s: StrengthFacts, ctx: GrantContext, control: string): ControlVerdict {
  const name = control === 'mfa' ? 'MFA' : strengthName(s);
  if (!ctx.methods)
    return { control, status: 'prompt', why: `${name}: registered methods not read, a prompt is assumed` };
  const v = evaluateStrength(s, ctx.methods, ctx.method);
  if (v.status === 'met') return { control, status: 'prompt', why: `${v.via} satisfies ${name}` };
  if (v.status === 'unknown')
    return { control, status: 'unknown', why: `${name} depends on ${v.dependsOn}`, needs: v.dependsOn };
  return { control, status: 'unmet', why: `no registered method satisfies ${name}`, needs: v.needs, refusal: 'method' };
}

function deviceControl(control: 'compliantDevice' | 'domainJoinedDevice', d: DeviceState): ControlVerdict {
  if (control === 'compliantDevice') {
    if (d.compliant === 'yes') return { control, status: 'met', why: `the client device is compliant (${d.source})` };
    if (d.compliant === 'no')
      return {
        control,
        status: 'unmet',
        why: `the client device is not compliant (${d.source})`,
        needs: 'a device Intune reports compliant',
        refusal: 'device',
      };
    return {
      control,
      status: 'unknown',
      why: 'the client device compliance is unknown',
      needs: 'the client device: whether Intune reports it compliant',
    };
  }
  if (d.join === 'hybrid-joined')
    return { control, status: 'met', why: `the client device is hybrid joined (${d.source})` };
  if (d.join === 'unknown')
    return {
      control,
      status: 'unknown',
      why: 'the client device join state is unknown',
      needs: 'the client device: whether it is Microsoft Entra hybrid joined',
    };
  return {
    control,
    status: 'unmet',
    why: `the client device is ${d.join === 'none' ? 'not joined' : d.join}, not Microsoft Entra hybrid joined (${d.source})`,
    needs: 'a Microsoft Entra hybrid joined device',
    refusal: 'device',
  };
}

function builtIn(control: string, ctx: GrantContext): ControlVerdict {
  switch (control) {
    case 'block':
      return { control, status: 'unmet', why: 'the policy blocks access', refusal: 'block' };
    case 'mfa':
      return strengthControl({ id: AUTH_STRENGTH_IDS.mfa }, ctx, 'mfa');
    case 'compliantDevice':
    case 'domainJoinedDevice':
      return deviceControl(control, ctx.device);
    case 'approvedApplication':
    case 'compliantApplication':
      // Only Intune-protected mobile apps (and Edge with an app protection policy) satisfy these; an RDP client,
      // `az` or the Bastion portal in another browser cannot.
      return ctx.method === 'bastion-portal' || ctx.method === undefined
        ? {
            control,
            status: 'unknown',
            why: `${control} can only be met by Microsoft Edge with an app protection policy`,
            needs: 'the browser: Microsoft Edge with an Intune app protection policy',
          }
        : {
            control,
            status: 'unmet',
            why: `${control} can only be met by Intune-protected mobile apps, not by ${ctx.method ?? 'this client'}`,
            refusal: 'app',
          };
    case 'passwordChange':
      return {
        control,
        status: 'unknown',
        why: 'a secure password change is asked only at high user risk',
        needs: 'user risk',
      };
    default:
      return {
        control,
        status: 'unknown',
        why: `control ${control} is not modelled`,
        needs: `grant control ${control}`,
      };
  }
}

/** AND: every control must pass; OR: one is enough. */
export function combine(statuses: GrantStatus[], operator: 'AND' | 'OR'): GrantStatus {
  const has = (s: GrantStatus) => statuses.includes(s);
  if (statuses.length === 0) return 'met';
  if (operator === 'OR') return has('met') ? 'met' : has('unknown') ? 'unknown' : has('prompt') ? 'prompt' : 'unmet';
  return has('unmet') ? 'unmet' : has('unknown') ? 'unknown' : has('prompt') ? 'prompt' : 'met';
}

/** One policy's grant against the sign-in. A policy with only session controls grants access as is. */
export function evaluateGrant(policy: CaPolicyFacts, ctx: GrantContext): GrantVerdict {
  const g = policy.grantControls;
  if (!g) return { status: 'met', controls: [] };
  const controls = (g.builtInControls ?? []).map((c) => builtIn(c, ctx));
  if (g.authenticationStrength?.id) {
    controls.push(strengthControl(g.authenticationStrength as StrengthFacts, ctx, 'authenticationStrength'));
  }
  for (const id of (g.termsOfUse as string[] | undefined) ?? []) {
    controls.push({
      control: 'termsOfUse',
      status: 'met',
      why: `the user is asked to accept terms of use ${id} first`,
    });
  }
  for (const id of (g.customAuthenticationFactors as string[] | undefined) ?? []) {
    controls.push({
      control: 'customControl',
      status: 'unknown',
      why: `custom control ${id}`,
      needs: `custom control ${id}`,
    });
  }
  if (controls.length === 0) return { status: 'met', controls };
  if (controls.some((c) => c.refusal === 'block')) return { status: 'unmet', controls };
  return {
    status: combine(
      controls.map((c) => c.status),
      g.operator === 'AND' ? 'AND' : 'OR',
    ),
    controls,
  };
}
