/**
 * `apply <plan-file>`: refuses a tampered, foreign-tenant or stale plan; shows the plan and asks (unless
 * --yes); applies with live progress on stderr; resumes from the journal when run again; then verifies.
 */
import { dirname, resolve } from 'node:path';
import { createInterface } from 'node:readline/promises';
import { afterGrace } from '../azure/deadline';
import { isUserError, signalExitCode, UserError } from '../errors';
import { isFileSystemError } from '../fs-errors';
import { renderOutcomesText } from '../output/outcomes';
import { renderText } from '../output/text';
import { applyPlan } from '../pipeline/apply';
import { connect } from '../pipeline/connect';
import { predictAll, writeRdpFiles } from '../pipeline/outcomes';
import { verifyPlan } from '../pipeline/verify';
import { readPlanFile } from '../plan/plan-file';
import { summarize } from '../plan/planner';
import type { Plan } from '../plan/types';
import { ACTION_KIND_INFO } from '../plan/vocabulary';
import { type CliIO, type GlobalOptions, progressTo, wantsColor } from './io';

export interface ApplyCommandOptions extends GlobalOptions {
  yes?: boolean;
  parallelism: number;
}

/** Exit code when a 401 (an expired or revoked sign-in) stopped apply: sign in again and resume. */
export const EXIT_SIGN_IN_LOST = 3;

/**
 * How long in-flight actions may finish after Ctrl-C, SIGTERM or SIGHUP before their requests are cancelled
 * (and journalled as interrupted): short enough that every wait ends within 2 s.
 */
const STOP_GRACE_MS = 1500;

export async function runApplyCommand(file: string, opts: ApplyCommandOptions, io: CliIO): Promise<number> {
  const plan = await readPlanFile(file);
  if (!opts.yes && !(io.stdin.isTTY && io.stdout.isTTY)) {
    throw new UserError(
      'no-terminal',
      'apply asks for confirmation and there is no terminal to ask on',
      `Review the plan, then run 'entra-vm-login apply ${file} --yes'.`,
    );
  }
  const progress = progressTo(io);
  // A lost sign-in cancels what is in flight at once; a signal gives it a moment to finish first.
  const signInLost = new AbortController();
  const conn = await connect(opts, io, {
    interactive: 'browser',
    onDeviceCode: progress,
    onRetry: (message) => progress(`↻ ${message}: retrying`),
    cancel: AbortSignal.any([afterGrace(io.interrupt, STOP_GRACE_MS), signInLost.signal]),
  });
  try {
    if (conn.tenantId.toLowerCase() !== plan.tenantId.toLowerCase()) {
      throw new UserError(
        'plan-tenant-mismatch',
        `the plan was made for tenant ${plan.tenantId}, but you are signed in to ${conn.tenantId}`,
        'Sign in to the plan’s tenant (az login --tenant <id>), or make a new plan here.',
      );
    }
    if (plan.actions.length === 0) {
      io.stdout.write('Nothing to apply: the plan has no changes.\n');
      return 0;
    }
    if (!opts.yes) {
      io.stdout.write(renderText(plan, { color: wantsColor(opts, io) }));
      if (!(await confirm(io, plan))) {
        io.stdout.write('Apply cancelled: nothing was changed.\n');
        return 0;
      }
    }
    const result = await applyPlan(conn, plan, file, {
      parallelism: opts.parallelism,
      signal: io.interrupt,
      onSignInLost: () => signInLost.abort(),
      onEvent: (e) => {
        const action = plan.actions.find((a) => a.id === e.actionId);
        const what = action ? `${action.id} ${action.summary}` : e.actionId;
        if (e.type === 'succeeded') progress(`✔ ${action ? ACTION_KIND_INFO[action.kind].doneText : 'Done'}: ${what}`);
        else if (e.type === 'already-done') progress(`✔ Already in place: ${what}`);
        else if (e.type === 'resumed') progress(`✔ Done in an earlier run: ${what}`);
        else if (e.type === 'retrying')
          progress(`↻ Retrying ${what} in ${Math.ceil((e.delayMs ?? 0) / 1000)} s: ${e.message ?? ''}`);
        else if (e.type === 'failed') progress(`✖ Failed: ${what}: ${e.message ?? ''}`);
        else if (e.type === 'skipped') progress(`- Skipped: ${what}: ${e.message ?? ''}`);
        else if (e.type === 'started') progress(`… ${what}`);
      },
    });
    const applied = new Set(
      Object.entries(result.results)
        .filter(([, r]) => r.state === 'succeeded' || r.state === 'already-done' || r.state === 'resumed')
        .map(([id]) => id),
    );
    const inPlace = `${applied.size} of ${plan.actions.length} changes in place`;
    if (result.signInLost) {
      io.stderr.write(
        `error: the sign-in expired or was revoked during apply (${result.signInLost.message}); ${inPlace}\n`,
      );
      io.stderr.write(`  Sign in again (az login), then run 'entra-vm-login apply ${file}' to resume.\n`);
      return EXIT_SIGN_IN_LOST;
    }
    if (result.status === 'interrupted') {
      progress(`Interrupted (${inPlace}): run 'entra-vm-login apply ${file}' again to resume.`);
      return signalExitCode(io.interrupt.reason);
    }
    let report: Awaited<ReturnType<typeof verifyPlan>>;
    try {
      report = await verifyPlan(conn, plan, applied, io.interrupt);
    } catch (e) {
      if (!isUserError(e) || e.code !== 'interrupted' || !io.interrupt.aborted) throw e;
      progress(
        `Interrupted while checking the result (${inPlace}): run 'entra-vm-login apply ${file}' again to check.`,
      );
      return signalExitCode(io.interrupt.reason);
    }
    for (const p of report.problems) progress(`▲ Not as planned: ${p}`);
    const failed = Object.values(result.results).filter((r) => r.state === 'failed').length;
    const left = summarize(report.remaining);
    io.stdout.write(
      `Apply ${failed > 0 ? 'finished with failures' : 'complete'}: ${applied.size} of ${plan.actions.length} changes in place` +
        `${failed > 0 ? `, ${failed} failed` : ''}. ${left.findings.error} error finding(s) remain.\n`,
    );
    const color = wantsColor(opts, io);
    if (report.remaining.findings.length > 0 || report.remaining.actions.length > 0) {
      io.stdout.write(renderText(report.remaining, { color }));
    }
    io.stdout.write(renderOutcomesText(predictAll(report.snapshot, plan.answers), { color }));
    // Connection files go next to the plan, where the admin already keeps this change's artefacts.
    let rdpFiles: string[];
    try {
      rdpFiles = await writeRdpFiles(report.snapshot, plan.answers, dirname(resolve(file)));
    } catch (e) {
      // The changes are made and reported above; only the connection files are missing. Say both.
      if (!isUserError(e) && !isFileSystemError(e)) throw e;
      const why = isUserError(e) ? e : undefined;
      io.stderr.write(`error: ${why?.message ?? (e as Error).message}\n`);
      io.stderr.write(
        `  ${why?.hint ? `${why.hint} ` : ''}The changes were made (${inPlace}); only the .rdp files were not written.\n`,
      );
      return 2;
    }
    if (rdpFiles.length > 0) io.stdout.write(`RDP files written: ${rdpFiles.join(', ')}\n`);
    return failed > 0 || report.problems.length > 0 ? 1 : 0;
  } finally {
    await conn.close();
  }
}

async function confirm(io: CliIO, plan: Plan): Promise<boolean> {
  const rl = createInterface({ input: io.stdin, output: io.stdout });
  try {
    const answer = await rl.question(`\n${summarize(plan).line} Apply these changes? Only 'yes' is accepted: `);
    return answer.trim().toLowerCase() === 'yes';
  } finally {
    rl.close();
  }
}
