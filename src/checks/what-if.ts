/**
 * `what-if`: which Conditional Access policies apply to one user signing in to one app (or by one connection
 * method), why each other one does not, what the applying ones require together, and the outcome. It decides
 * with the same evaluator and per-app verdict as the sign-in prediction. Pure: the command reads the policies
 * file or the tenant and renders the report.
 */
import { appName } from '../core/well-known-ids';
import { UserError } from '../errors';
import type { AuthMethodFacts, CaPolicyFacts, ExternalUserKind } from '../plan/snapshot';
import type { ConnectionMethod } from '../plan/types';
import { type CaSubject, type ClientAppType, evaluateCaForApps } from './ca-evaluator';
import type { GrantStatus } from './ca-grant';
import { appVerdicts } from './ca-verdict';
import type { DeviceState } from './device-state';

export interface WhatIfInput {
  policies: CaPolicyFacts[];
  user: CaSubject & { userPrincipalName?: string };
  /** The apps the sign-in is for: one `--app`, or those a connection method signs in to. */
  apps: string[];
  connection?: ConnectionMethod;
  clientAppType: ClientAppType;
  device: DeviceState;
  /** `userRegistrationDetails.methodsRegistered` values; undefined when unknown (a prompt is then assumed). */
  methods?: string[];
  /** From the tenant: security defaults on means no policy is evaluated. */
  securityDefaultsEnabled?: boolean;
}

export type WhatIfStatus = 'granted' | 'mfa' | 'refused' | 'depends' | 'not-evaluated';

export interface WhatIfPolicy {
  id: string;
  displayName: string;
  state: CaPolicyFacts['state'];
  /** `may`: conditions the evaluator does not model decide (listed in `dependsOn`). */
  applies: 'yes' | 'no' | 'may';
  /** Enabled and applying: its grant is part of the outcome. */
  enforced: boolean;
  dependsOn: string[];
  reasons: string[];
  grant?: { status: GrantStatus; controls: { control: string; status: GrantStatus; why: string }[] };
}

export interface WhatIfApp {
  appId: string;
  appName: string;
  status: GrantStatus;
  /** What every enforced policy requires, one line each: `"Require MFA": mfa`. */
  requirements: string[];
  policies: WhatIfPolicy[];
}

export interface WhatIfReport {
  user: { id: string; userPrincipalName?: string; externalKind?: ExternalUserKind };
  connection?: ConnectionMethod;
  clientAppType: ClientAppType;
  device: DeviceState;
  methods?: string[];
  apps: WhatIfApp[];
  outcome: { status: WhatIfStatus; summary: string; dependsOn: string[]; reasons: string[] };
}

function grantWords(p: CaPolicyFacts): string {
  const g = p.grantControls;
  if (!g) return 'no grant control (session controls only)';
  const parts = [...(g.builtInControls ?? [])];
  const s = g.authenticationStrength;
  if (s?.id) parts.push(`authenticationStrength ${s.displayName ? `"${s.displayName}"` : s.id}`);
  parts.push(...((g.termsOfUse as string[] | undefined) ?? []).map((t) => `termsOfUse ${t}`));
  return parts.join(g.operator === 'AND' ? ' AND ' : ' OR ') || 'nothing';
}

export function whatIf(input: WhatIfInput): WhatIfReport {
  const methods: AuthMethodFacts | undefined = input.methods
    ? { windowsHelloForBusiness: 0, fido2: 0, microsoftAuthenticator: 0, methodsRegistered: input.methods }
    : undefined;
  const grantCtx = { device: input.device, methods, method: input.connection };
  const context = { clientAppType: input.clientAppType };
  const { perApp } = evaluateCaForApps(input.policies, input.user, input.apps, context);
  const { verdicts, chosen } = appVerdicts(perApp, grantCtx);
  const apps: WhatIfApp[] = perApp.map((a) => {
    const v = verdicts.find((x) => x.appId === a.appId)!;
    const graded = new Map([...v.sure, ...v.maybe].map((x) => [x.e.policyId, x.grant]));
    const policies = a.policies.map((e): WhatIfPolicy => {
      const grant = graded.get(e.policyId);
      return {
        id: e.policyId,
        displayName: e.name,
        state: e.state,
        applies: !e.applies ? 'no' : e.conditional ? 'may' : 'yes',
        enforced: e.state === 'enabled' && e.applies && !e.conditional,
        dependsOn: e.dependsOn,
        reasons: e.reasons,
        ...(grant
          ? {
              grant: {
                status: grant.status,
                controls: grant.controls.map((c) => ({ control: c.control, status: c.status, why: c.why })),
              },
            }
          : {}),
      };
    });
    return {
      appId: a.appId,
      appName: appName(a.appId),
      status: v.status,
      requirements: v.sure.map((s) => `"${s.e.name}": ${grantWords(s.e.policy)}`),
      policies,
    };
  });
  const report = {
    user: { id: input.user.id, userPrincipalName: input.user.userPrincipalName, externalKind: input.user.externalKind },
    connection: input.connection,
    clientAppType: input.clientAppType,
    device: input.device,
    methods: input.methods,
    apps,
  };
  if (input.securityDefaultsEnabled) {
    return {
      ...report,
      outcome: {
        status: 'not-evaluated',
        summary:
          'Security defaults are on: no Conditional Access policy is evaluated; Microsoft decides when to prompt',
        dependsOn: [],
        reasons: [],
      },
    };
  }
  return {
    ...report,
    outcome: outcomeOf(chosen, verdicts.length > 1 && verdicts.some((v) => v.status !== chosen?.status)),
  };
}

function outcomeOf(chosen: ReturnType<typeof appVerdicts>['chosen'], differs: boolean): WhatIfReport['outcome'] {
  const reasons: string[] = [];
  if (!chosen) return { status: 'granted', summary: 'No app to sign in to', dependsOn: [], reasons };
  if (differs)
    reasons.push(`the token may be issued for any of the apps; ${chosen.appId} is the most permissive, so it decides`);
  for (const s of chosen.sure) for (const c of s.grant.controls) reasons.push(`"${s.e.name}" ${c.control}: ${c.why}`);
  if (chosen.status === 'unmet') {
    const first = chosen.sure.flatMap((s) =>
      s.grant.controls.filter((c) => c.status === 'unmet').map((c) => ({ s, c })),
    )[0];
    const why = first ? `"${first.s.e.name}": ${first.c.why}${first.c.needs ? ` (needs ${first.c.needs})` : ''}` : '';
    return { status: 'refused', summary: `Refused: ${why}`, dependsOn: [], reasons };
  }
  const dependsOn = [
    ...(chosen.status === 'unknown'
      ? chosen.sure.flatMap((s) => s.grant.controls.filter((c) => c.status === 'unknown').map((c) => c.needs ?? c.why))
      : []),
    ...chosen.maybe.flatMap((m) => m.e.dependsOn),
  ];
  for (const m of chosen.maybe) reasons.push(`"${m.e.name}" may apply: depends on ${m.e.dependsOn.join(', ')}`);
  if (dependsOn.length > 0) {
    const on = [...new Set(dependsOn)];
    return { status: 'depends', summary: `Depends on ${on.join('; ')}`, dependsOn: on, reasons };
  }
  if (chosen.status === 'prompt')
    return { status: 'mfa', summary: 'Asked for MFA (or the required strength), then granted', dependsOn: [], reasons };
  return {
    status: 'granted',
    summary:
      chosen.sure.length > 0 ? 'Granted without a prompt: the grant is met' : 'Granted: no enabled policy applies',
    dependsOn: [],
    reasons,
  };
}

/**
 * Reads a policies file: the body of `GET /identity/conditionalAccess/policies` (`{"value": […]}`), a bare array
 * of policies, or one policy. Throws a bad-input error naming the first policy that is not one.
 */
export function parsePoliciesFile(text: string, file: string): CaPolicyFacts[] {
  let json: unknown;
  try {
    json = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (e) {
    throw new UserError('bad-input', `${file} is not JSON (${(e as Error).message})`, POLICIES_HINT);
  }
  const list = Array.isArray(json)
    ? json
    : json && typeof json === 'object' && Array.isArray((json as { value?: unknown }).value)
      ? (json as { value: unknown[] }).value
      : [json];
  return list.map((p, i) => {
    const o = p as Partial<CaPolicyFacts> | null;
    if (!o || typeof o !== 'object' || !o.conditions || typeof o.conditions !== 'object') {
      throw new UserError(
        'bad-input',
        `${file}: item ${i + 1} is not a Conditional Access policy (no "conditions")`,
        POLICIES_HINT,
      );
    }
    const state = o.state ?? 'enabled';
    if (!['enabled', 'disabled', 'enabledForReportingButNotEnforced'].includes(state)) {
      throw new UserError('bad-input', `${file}: item ${i + 1} has state "${String(state)}"`, POLICIES_HINT);
    }
    const id = o.id ?? `policy-${i + 1}`;
    return { ...o, id, displayName: o.displayName ?? id, state, conditions: o.conditions } as CaPolicyFacts;
  });
}

const POLICIES_HINT =
  'Export them with: az rest --url https://graph.microsoft.com/v1.0/identity/conditionalAccess/policies > policies.json';
