/**
 * Fleet enforcement through Azure Policy (`enforce`): instead of configuring the selected VMs once, assign
 * policies that keep every VM at a management group, subscription or resource group configured, including VMs
 * created later. Its actions belong to the identity-and-extension step, whose configuration they enforce.
 */

import { diffFingerprints, type StaleChange } from '../../src/apply/stale';
import type { Gateway } from '../../src/azure/operations';
import type { Answers } from '../../src/plan/answers';
import type { EnforcementFacts } from '../../src/plan/enforcement';
import { assemblePlan } from '../../src/plan/planner';
import type { CloudName, Plan } from '../../src/plan/types';
import { ENFORCEMENT_HANDLERS, ENFORCEMENT_VERIFIERS } from './apply';
import { type ComplianceReport, complianceReport } from './compliance';
import { discoverEnforcement } from './discover';
import { type EnforceChoices, fingerprintEnforcement, planEnforcement } from './rules';
import { parseEnforceScope } from './scope';

export { renderCompliance } from './compliance';
export { ENFORCEMENT_HANDLERS, ENFORCEMENT_VERIFIERS };

export function choicesOf(answers: Answers): EnforceChoices | undefined {
  if (!answers.enforce) return undefined;
  return { scope: parseEnforceScope(answers.enforce.scope), audit: answers.enforce.audit };
}

async function discover(gateway: Gateway, answers: Answers, progress?: (m: string) => void) {
  const choices = choicesOf(answers)!;
  const facts = await discoverEnforcement(gateway, choices, { location: answers.enforce?.location, progress });
  return { choices, facts };
}

export function enforcementPlanFrom(
  facts: EnforcementFacts,
  choices: EnforceChoices,
  answers: Answers,
  cloud: CloudName,
  tenantId: string,
  createdAt?: Date,
): Plan {
  return assemblePlan({
    drafts: planEnforcement(facts, choices),
    findings: [],
    // The chosen region is kept, so that apply's re-check reads the same facts even if VMs moved.
    answers: { ...answers, enforce: { ...answers.enforce!, location: facts.location } },
    cloud,
    tenantId,
    fingerprint: fingerprintEnforcement(facts, choices),
    createdAt,
  });
}

export async function planEnforcementAt(
  gateway: Gateway,
  answers: Answers,
  tenantId: string,
  progress?: (m: string) => void,
): Promise<{ plan: Plan; report: ComplianceReport }> {
  const { choices, facts } = await discover(gateway, answers, progress);
  return {
    plan: enforcementPlanFrom(facts, choices, answers, gateway.cloud, tenantId),
    report: complianceReport(facts, choices),
  };
}

/** The stale check of an enforcement plan: re-read what it depends on and compare. */
export async function enforcementStaleness(gateway: Gateway, plan: Plan): Promise<StaleChange[]> {
  const { choices, facts } = await discover(gateway, plan.answers);
  return diffFingerprints(plan.fingerprint, fingerprintEnforcement(facts, choices));
}

export interface EnforcementVerify {
  remaining: Plan;
  /** `<action id> <summary>: <why>`, for the command line. */
  problems: string[];
  /** The same, per action, for the wizard's summary. */
  notAsPlanned: { actionId: string; problem: string }[];
  report: ComplianceReport;
}

/** After apply: what is still planned, what each written object looks like now, and the compliance summary. */
export async function verifyEnforcement(
  gateway: Gateway,
  plan: Plan,
  appliedIds: ReadonlySet<string>,
): Promise<EnforcementVerify> {
  const { choices, facts } = await discover(gateway, plan.answers);
  const remaining = enforcementPlanFrom(facts, choices, plan.answers, plan.cloud, plan.tenantId);
  const problems: string[] = [];
  const notAsPlanned: { actionId: string; problem: string }[] = [];
  await Promise.all(
    plan.actions
      .filter((a) => appliedIds.has(a.id))
      .map(async (action) => {
        const problem = await ENFORCEMENT_VERIFIERS[action.kind]?.(action, gateway);
        if (problem) {
          problems.push(`${action.id} ${action.summary}: ${problem}`);
          notAsPlanned.push({ actionId: action.id, problem });
        }
      }),
  );
  notAsPlanned.sort((a, b) => a.actionId.localeCompare(b.actionId, undefined, { numeric: true }));
  return { remaining, problems: problems.sort(), notAsPlanned, report: complianceReport(facts, choices) };
}

export async function complianceAt(gateway: Gateway, answers: Answers): Promise<ComplianceReport> {
  const { choices, facts } = await discover(gateway, answers);
  return complianceReport(facts, choices);
}
