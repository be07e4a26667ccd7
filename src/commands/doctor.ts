/**
 * `doctor --vm --user`: read-only. Discovers that VM and user, predicts what the user sees per connection
 * method and why, puts the user's recent sign-ins and Microsoft's What-If beside that prediction (naming where they
 * disagree), and builds the remediation plan (the plan file format, appliable with `apply`).
 */

import { validateCaAnswers } from '../../steps/conditional-access/rules';
import { renderDoctorJson, renderDoctorText } from '../output/doctor';
import { writePlanFile } from '../plan/plan-file';
import { runDoctor } from '../workflows/doctor';
import { type CliIO, type GlobalOptions, wantsColor } from '../workflows/io';
import { answersFromOptions, type ChoiceOptions } from './answers-from-options';
import { discoverThen } from './read-only-session';
import { sinceText } from './validate';

export interface DoctorOptions extends GlobalOptions, Omit<ChoiceOptions, 'vm' | 'user'> {
  vm: string;
  user: string;
  json?: boolean;
  out?: string;
  /** Window of sign-in evidence in milliseconds (default 7 days). */
  since?: number;
}

const WEEK_MS = 7 * 86_400_000;

export async function runDoctorCommand(opts: DoctorOptions, io: CliIO): Promise<number> {
  const answers = answersFromOptions({ ...opts, vm: [opts.vm], user: [opts.user] }, opts);
  validateCaAnswers(answers);
  return discoverThen(opts, io, answers, async (snapshot, progress, gateway) => {
    const windowMs = opts.since ?? WEEK_MS;
    // One --connection narrows doctor to that method; otherwise it examines every method that fits the VM.
    const { report, headline, chains, evidence, plan } = await runDoctor(gateway, {
      snapshot,
      answers,
      vm: opts.vm,
      user: opts.user,
      method: opts.connection?.length === 1 ? opts.connection[0] : undefined,
      since: new Date(Date.now() - windowMs),
      window: sinceText(windowMs),
      onProgress: progress,
    });
    if (opts.out) {
      await writePlanFile(opts.out, plan);
      progress(
        `Remediation plan written to ${opts.out}: run 'entra-vm-login apply ${opts.out}' to make these changes.`,
      );
    }
    const view = {
      vm: report.vm,
      user: report.user,
      outcomes: report.outcomes,
      hints: report.hints,
      plan,
      evidence,
      headline,
      chains,
    };
    const width = io.stdout.isTTY && io.stdout.columns ? io.stdout.columns : 80;
    io.stdout.write(
      opts.json ? renderDoctorJson(view) : renderDoctorText(view, { color: wantsColor(opts, io), width }),
    );
    return 0;
  });
}
