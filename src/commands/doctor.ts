/**
 * `doctor --vm --user`: read-only. Discovers that VM and user, predicts what the user sees per connection
 * method and why, and builds the remediation plan (the plan file format, appliable with `apply`).
 */

import { validateCaAnswers } from '../../steps/conditional-access/rules';
import { buildDoctorReport } from '../doctor/index';
import { renderDoctorJson, renderDoctorText } from '../output/doctor';
import { writePlanFile } from '../plan/plan-file';
import { assemblePlan } from '../plan/planner';
import { type CliIO, type GlobalOptions, wantsColor } from '../workflows/io';
import { snapshotFingerprint } from '../workflows/plan';
import { answersFromOptions, type ChoiceOptions } from './answers-from-options';
import { discoverThen } from './read-only-session';

export interface DoctorOptions extends GlobalOptions, Omit<ChoiceOptions, 'vm' | 'user'> {
  vm: string;
  user: string;
  json?: boolean;
  out?: string;
}

export async function runDoctorCommand(opts: DoctorOptions, io: CliIO): Promise<number> {
  const answers = answersFromOptions({ ...opts, vm: [opts.vm], user: [opts.user] }, opts);
  validateCaAnswers(answers);
  return discoverThen(opts, io, answers, async (snapshot, progress) => {
    // One --connection narrows doctor to that method; otherwise it examines every method that fits the VM.
    const report = buildDoctorReport({
      snapshot,
      answers,
      vmId: opts.vm,
      userRef: opts.user,
      method: opts.connection?.length === 1 ? opts.connection[0] : undefined,
    });
    const plan = assemblePlan({
      drafts: report.drafts,
      findings: report.findings,
      answers: { ...report.answers, vmIds: [report.vm.id] },
      cloud: snapshot.cloud,
      tenantId: snapshot.tenantId,
      fingerprint: snapshotFingerprint(snapshot),
    });
    if (opts.out) {
      await writePlanFile(opts.out, plan);
      progress(
        `Remediation plan written to ${opts.out}: run 'entra-vm-login apply ${opts.out}' to make these changes.`,
      );
    }
    const view = { vm: report.vm, user: report.user, outcomes: report.outcomes, hints: report.hints, plan };
    io.stdout.write(opts.json ? renderDoctorJson(view) : renderDoctorText(view, { color: wantsColor(opts, io) }));
    return 0;
  });
}
