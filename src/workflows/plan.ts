/**
 * Assess and plan every step on one snapshot, then assemble the plan file object. Pure: the same snapshot and
 * answers give the same plan (but for createdAt).
 */
import { STEPS } from '../../steps/registry';
import type { Answers } from '../plan/answers';
import { fingerprintSnapshot } from '../plan/fingerprint';
import { assemblePlan } from '../plan/planner';
import type { Snapshot } from '../plan/snapshot';
import type { ActionDraft, FindingDraft, Plan } from '../plan/types';
import { readFailedFindings } from '../plan/unread';

export interface StepResult {
  findings: FindingDraft[];
  drafts: ActionDraft[];
}

export function assessAll(snapshot: Snapshot, answers: Answers): StepResult {
  const findings: FindingDraft[] = [];
  const drafts: ActionDraft[] = [];
  for (const step of STEPS.steps) {
    const outcome = STEPS.evaluate(step, snapshot, answers);
    // Appended one by one: a fleet's step returns more entries than a spread call may pass as arguments.
    for (const f of outcome.findings) findings.push(f);
    for (const d of outcome.drafts) drafts.push(d);
    // What the step could not read, said once, in the step's place.
    for (const f of readFailedFindings(snapshot, step.id)) findings.push(f);
  }
  return { findings, drafts };
}

/** The answers as stored in the plan: the selection resolved to VM ids, so apply re-discovers the same VMs. */
export function resolvedAnswers(snapshot: Snapshot, answers: Answers): Answers {
  return { ...answers, vmIds: snapshot.vms.map((v) => v.id) };
}

export function buildPlan(snapshot: Snapshot, answers: Answers, createdAt?: Date): Plan {
  const { findings, drafts } = assessAll(snapshot, answers);
  return assemblePlan({
    drafts,
    findings,
    answers: resolvedAnswers(snapshot, answers),
    cloud: snapshot.cloud,
    tenantId: snapshot.tenantId,
    fingerprint: snapshotFingerprint(snapshot),
    createdAt,
  });
}

/** The fingerprints a plan records and `apply` compares: the steps' own plus the generic content hashes. */
export function snapshotFingerprint(snapshot: Snapshot): Record<string, string> {
  // The steps' own entries first, each overwritten in place by a generic hash of the same key, as a spread of
  // the two would give, without building the generic half twice.
  return fingerprintSnapshot(snapshot, { ...snapshot.fingerprint });
}
