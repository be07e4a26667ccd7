/**
 * `doctor --vm --user`: read-only. Discovers that VM and user, predicts what the user sees per connection
 * method and why, and builds the remediation plan (the plan file format, appliable with `apply`).
 */

import { validateCaAnswers } from '../../steps/ca-policy';
import { buildDoctorReport } from '../doctor/index';
import { renderDoctorJson, renderDoctorText } from '../output/doctor';
import { snapshotFingerprint } from '../pipeline/build-plan';
import { connect } from '../pipeline/connect';
import { runDiscovery } from '../pipeline/discover';
import { rejectUnresolved } from '../pipeline/unresolved';
import { writePlanFile } from '../plan/plan-file';
import { assemblePlan } from '../plan/planner';
import { answersFromOptions, type ChoiceOptions } from './answers-from-options';
import { type CliIO, type GlobalOptions, progressTo, wantsColor } from './io';

export interface DoctorOptions extends GlobalOptions, Omit<ChoiceOptions, 'vm' | 'user'> {
  vm: string;
  user: string;
  json?: boolean;
  out?: string;
}

export async function runDoctorCommand(opts: DoctorOptions, io: CliIO): Promise<number> {
  const answers = answersFromOptions({ ...opts, vm: [opts.vm], user: [opts.user] }, opts);
  validateCaAnswers(answers);
  const progress = progressTo(io);
  const conn = await connect(opts, io, { interactive: 'browser', onDeviceCode: progress });
  try {
    if (conn.simulated) progress('Using the built-in simulated tenant (--demo): nothing real is read or changed.');
    const snapshot = await runDiscovery(conn.gateway, answers, {
      progress,
      signal: io.interrupt,
      tenantId: conn.tenantId,
    });
    rejectUnresolved(snapshot);
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
  } finally {
    await conn.close();
  }
}
