/**
 * What `doctor` and the wizard's "why can't someone sign in" both run on a snapshot discovered for one VM and
 * one user: the report (prediction per connection method, findings, remediation drafts), the sign-in chain per
 * method, the user's recent sign-ins and Microsoft's What-If beside the prediction, and the remediation plan in
 * the plan file format (appliable by `apply` and by the wizard's review → confirm → apply).
 */
import type { Gateway } from '../azure/operations';
import { type SignInChain, signInChain } from '../checks/signin-chain';
import { buildDoctorReport, type DoctorReport, doctorHeadline } from '../doctor/index';
import type { Answers } from '../plan/answers';
import { assemblePlan } from '../plan/planner';
import type { Snapshot } from '../plan/snapshot';
import type { ConnectionMethod, Plan } from '../plan/types';
import { readFailedFinding } from '../plan/unread';
import { type DoctorEvidence, gatherEvidence } from './evidence';
import { snapshotFingerprint } from './plan';

export interface DoctorRun {
  report: DoctorReport;
  /** The one cause that decides the outcome, as the report's first line. */
  headline: string;
  chains: SignInChain[];
  evidence: DoctorEvidence;
  plan: Plan;
}

export interface DoctorRequest {
  snapshot: Snapshot;
  answers: Answers;
  vm: string;
  user: string;
  /** One method narrows the report to it; otherwise every method that fits the VM. */
  method?: ConnectionMethod;
  /** How far back sign-ins are read, and how that window is said ("the last 7 days"). */
  since: Date;
  window: string;
  onProgress?: (message: string) => void;
}

export async function runDoctor(gateway: Gateway, r: DoctorRequest): Promise<DoctorRun> {
  const { snapshot } = r;
  const report = buildDoctorReport({ snapshot, answers: r.answers, vmId: r.vm, userRef: r.user, method: r.method });
  r.onProgress?.(`Reading ${report.user.userPrincipalName ?? report.user.id}'s sign-ins of ${r.window}…`);
  const evidence = await gatherEvidence({
    gateway,
    snapshot,
    vm: report.vm,
    user: report.user,
    outcomes: report.outcomes,
    since: r.since,
    window: r.window,
  });
  const plan = assemblePlan({
    drafts: report.drafts,
    // Evidence that could not be read is a read-failed finding like any other unread fact.
    findings: [...report.findings, ...evidence.unread.map(readFailedFinding)],
    answers: { ...report.answers, vmIds: [report.vm.id] },
    cloud: snapshot.cloud,
    tenantId: snapshot.tenantId,
    fingerprint: snapshotFingerprint(snapshot),
  });
  const chains = report.outcomes.map((prediction) =>
    signInChain({ snapshot: report.snapshot, vm: report.vm, user: report.user, prediction }),
  );
  const headline = doctorHeadline({ vm: report.vm, user: report.user, outcomes: report.outcomes, evidence });
  return { report, headline, chains, evidence, plan };
}
