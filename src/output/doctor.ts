/**
 * The doctor report as text and JSON: the predicted sign-in per connection method with its chain of reasons,
 * how to connect, the sign-in evidence beside the prediction, then the remediation plan (the same renderer as
 * `plan`).
 */
import type { ConnectionHint } from '../checks/rdp-file';
import type { SignInChain } from '../checks/signin-chain';
import type { DoctorEvidence } from '../checks/signin-evidence';
import type { SignInPrediction } from '../checks/signin-outcome';
import { OUTCOME_INFO } from '../plan/glyphs-and-wording';
import type { PrincipalFacts, VmFacts } from '../plan/snapshot';
import type { Plan } from '../plan/types';
import { terminalSafeDeep } from '../plan/untrusted';
import { paint } from './ansi';
import { renderChainLines } from './chain';
import { renderEvidenceText } from './evidence';
import { renderText } from './text';

export interface DoctorView {
  vm: VmFacts;
  user: PrincipalFacts;
  outcomes: SignInPrediction[];
  hints: ConnectionHint[];
  plan: Plan;
  /** What really happened, when doctor read it. */
  evidence?: DoctorEvidence;
  /** The one cause that decides the outcome: the report's first line. */
  headline?: string;
  /** The sign-in chain per examined method, drawn in place of the plain list of reasons. */
  chains?: SignInChain[];
}

export function renderDoctorText(input: DoctorView, options: { color: boolean; width?: number }): string {
  const view = terminalSafeDeep(input);
  const p = paint(options.color);
  const os = [view.vm.osName, view.vm.osVersion].filter(Boolean).join(' ') || view.vm.osType;
  const out: string[] = [
    ...(view.headline ? [p.bold(view.headline), ''] : []),
    p.bold(`Sign-in of ${view.user.userPrincipalName ?? view.user.displayName} to ${view.vm.name}`) +
      ` (${os}, ${view.vm.powerState})`,
    '',
  ];
  for (const o of view.outcomes) {
    const info = OUTCOME_INFO[o.outcome];
    out.push(`${p.colour(info.colour, info.glyph)} ${p.bold(o.method)}: ${info.label}`);
    out.push(`    The user sees: "${o.message}"`);
    const chain = view.chains?.find((c) => c.method === o.method);
    if (chain)
      out.push(
        ...renderChainLines(chain, { color: options.color, width: (options.width ?? 80) - 4 }).map((l) => `    ${l}`),
      );
    else
      o.reasons.forEach((r, i) => {
        out.push(`    ${i + 1}. ${r}`);
      });
    const hint = view.hints.find((h) => h.method === o.method);
    if (hint) out.push(`    Connect: ${hint.command}${hint.note ? `  (${hint.note})` : ''}`);
    out.push('');
  }
  if (view.evidence) out.push(...renderEvidenceText(view.evidence, p));
  out.push(p.bold('Remediation plan'), '');
  return `${out.join('\n')}\n${renderText(view.plan, options)}`;
}

export function renderDoctorJson(view: DoctorView): string {
  return `${JSON.stringify(
    {
      vm: { id: view.vm.id, name: view.vm.name, osType: view.vm.osType, powerState: view.vm.powerState },
      ...(view.headline ? { headline: view.headline } : {}),
      user: { id: view.user.id, userPrincipalName: view.user.userPrincipalName, userType: view.user.userType },
      outcomes: view.outcomes,
      hints: view.hints,
      ...(view.evidence ? { evidence: view.evidence } : {}),
      plan: view.plan,
    },
    null,
    2,
  )}\n`;
}
