/**
 * `apply <plan-file>`: refuses a tampered, foreign-tenant or stale plan; shows the plan and asks (unless
 * --yes); applies with live progress on stderr; resumes from the journal when run again; then verifies.
 */
import { dirname, resolve } from 'node:path';
import { createInterface } from 'node:readline/promises';
import { STEPS } from '../../steps/registry';
import { describeAction, validateActions } from '../../steps/shared/action-checks';
import { acquireApplyLock, describeHolder } from '../apply/lock';
import { afterGrace } from '../azure/deadline';
import { isUserError, signalExitCode, UserError } from '../errors';
import { emptyCounts, progressLine } from '../output/apply-progress';
import { renderNextStepsText } from '../output/next-steps';
import { renderOutcomesText } from '../output/outcomes';
import { renderText } from '../output/text';
import { ACTION_KIND_INFO } from '../plan/glyphs-and-wording';
import { readPlanFile } from '../plan/plan-file';
import { summarize } from '../plan/planner';
import { describeAge, isOld, subscriptionsOutside } from '../plan/scope';
import { checkSignature, loadSigningKey } from '../plan/signing';
import type { Plan } from '../plan/types';
import { terminalSafe } from '../plan/untrusted';
import { afterApply } from '../workflows/after-apply';
import { applyPlan } from '../workflows/apply';
import { connect } from '../workflows/connect';
import { type CliIO, type GlobalOptions, progressTo, stderrLine, wantsColor } from '../workflows/io';
import { connectCommands } from '../workflows/predictions';
import { stateDir } from '../workflows/state-dir';

export interface ApplyCommandOptions extends GlobalOptions {
  yes?: boolean;
  parallelism: number;
  /** Refuse a plan without a valid signature from this machine's plan signing key. */
  requireSignature?: boolean;
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
  // Before anything is shown or asked: an action outside its kind's closed parameters is refused, exit 2.
  validateActions(plan, STEPS.contracts());
  if (!opts.yes && !(io.stdin.isTTY && io.stdout.isTTY)) {
    throw new UserError(
      'no-terminal',
      'apply asks for confirmation and there is no terminal to ask on',
      `Review the plan, then run 'entra-vm-login apply ${file} --yes'.`,
    );
  }
  const progress = progressTo(io);
  const outside = subscriptionsOutside(plan, opts.subscription);
  if (outside.length > 0) {
    throw new UserError(
      'plan-scope-mismatch',
      `the plan was made for subscription ${outside.join(', ')}, which --subscription does not name`,
      'Apply it without --subscription, or make a new plan for the subscription you mean.',
    );
  }
  await checkProvenance(plan, opts, io, progress);
  if (isOld(plan.createdAt, Date.now())) {
    progress(
      `This plan was made ${describeAge(plan.createdAt, Date.now())} ago (${plan.createdAt}); the tenant may have changed since it was reviewed.`,
    );
  }
  // Taken before the stale check and held to the end: two applies of one plan would both write.
  const lock = await acquireApplyLock(file, { by: 'apply' });
  try {
    if (lock.tookOverFrom) {
      progress(`Took over the apply lock of ${describeHolder(lock.tookOverFrom)}: that process is no longer running.`);
    }
    return await applyLocked(file, plan, opts, io, progress);
  } finally {
    await lock.release();
  }
}

/** Signature checks: a bad signature is always refused; a missing or foreign one only with --require-signature. */
async function checkProvenance(
  plan: Plan,
  opts: ApplyCommandOptions,
  io: CliIO,
  progress: (message: string) => void,
): Promise<void> {
  if (plan.signature === undefined && !opts.requireSignature) return;
  const key = await loadSigningKey(stateDir(io.env));
  const check = checkSignature(plan, key);
  const fresh = 'Ask the reviewer for the plan they approved, or make and sign a new one (plan --sign).';
  switch (check.status) {
    case 'valid':
      progress(`Plan signature verified (key ${check.keyId}).`);
      return;
    case 'invalid':
      throw new UserError(
        'plan-signature-invalid',
        `the plan's signature (key ${check.keyId}) does not match its content: it was changed after it was signed`,
        fresh,
      );
    case 'unknown-key':
      if (opts.requireSignature) {
        throw new UserError(
          'plan-signature-invalid',
          `the plan is signed with key ${check.keyId}, which is not this machine's plan signing key${key ? ` (${key.id})` : ''}`,
          fresh,
        );
      }
      progress(`The plan is signed with key ${check.keyId}, which this machine does not have: not checked.`);
      return;
    case 'unsigned':
      throw new UserError(
        'plan-unsigned',
        'the plan is not signed, and --require-signature asks for a signed plan',
        fresh,
      );
  }
}

async function applyLocked(
  file: string,
  plan: Plan,
  opts: ApplyCommandOptions,
  io: CliIO,
  progress: (message: string) => void,
): Promise<number> {
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
    // On a terminal, one live line instead of two lines per change; without one (CI, a log), a line per event.
    const live = (io.stderr as { isTTY?: boolean }).isTTY ? liveProgress(io, plan.actions.length) : undefined;
    const actionsById = new Map(plan.actions.map((a) => [a.id, a]));
    const result = await applyPlan(conn, plan, file, {
      parallelism: opts.parallelism,
      signal: io.interrupt,
      onSignInLost: () => signInLost.abort(),
      onEvent: (e) => {
        const action = actionsById.get(e.actionId);
        // Rendered from the parameters the handler writes, not from the stored summary.
        const what = action
          ? `${action.id} ${describeAction(action, plan.cloud, STEPS.contracts()).summary}`
          : e.actionId;
        live?.count(e.type);
        // On a terminal only what needs the admin's eye gets a line; the live line counts the rest.
        if (e.type === 'failed')
          live ? live.note(`✖ Failed: ${what}: ${e.message ?? ''}`) : progress(`✖ Failed: ${what}: ${e.message ?? ''}`);
        else if (e.type === 'skipped')
          live
            ? live.note(`- Skipped: ${what}: ${e.message ?? ''}`)
            : progress(`- Skipped: ${what}: ${e.message ?? ''}`);
        else if (live) return;
        else if (e.type === 'succeeded')
          progress(`✔ ${action ? ACTION_KIND_INFO[action.kind].doneText : 'Done'}: ${what}`);
        else if (e.type === 'already-done') progress(`✔ Already in place: ${what}`);
        else if (e.type === 'resumed') progress(`✔ Done in an earlier run: ${what}`);
        else if (e.type === 'retrying')
          progress(`↻ Retrying ${what} in ${Math.ceil((e.delayMs ?? 0) / 1000)} s: ${e.message ?? ''}`);
        else if (e.type === 'started') progress(`… ${what}`);
      },
    }).finally(() => live?.finish());
    const applied = new Set(
      Object.entries(result.results)
        .filter(([, r]) => r.state === 'succeeded' || r.state === 'already-done' || r.state === 'resumed')
        .map(([id]) => id),
    );
    const inPlace = `${applied.size} of ${plan.actions.length} changes in place`;
    if (result.signInLost) {
      io.stderr.write(
        stderrLine(`error: the sign-in expired or was revoked during apply (${result.signInLost.message}); ${inPlace}`),
      );
      io.stderr.write(`  Sign in again (az login), then run 'entra-vm-login apply ${file}' to resume.\n`);
      return EXIT_SIGN_IN_LOST;
    }
    if (result.status === 'interrupted') {
      progress(`Interrupted (${inPlace}): run 'entra-vm-login apply ${file}' again to resume.`);
      return signalExitCode(io.interrupt.reason);
    }
    if (plan.answers.enforce) {
      return await (await import('./enforce')).finishEnforcementApply(conn, plan, result, io, opts);
    }
    let after: Awaited<ReturnType<typeof afterApply>>;
    try {
      // Connection files go next to the plan, where the admin already keeps this change's artefacts.
      after = await afterApply(conn, plan, applied, dirname(resolve(file)), io.interrupt);
    } catch (e) {
      if (!isUserError(e) || e.code !== 'interrupted' || !io.interrupt.aborted) throw e;
      progress(
        `Interrupted while checking the result (${inPlace}): run 'entra-vm-login apply ${file}' again to check.`,
      );
      return signalExitCode(io.interrupt.reason);
    }
    const { report, outcomes, rdp } = after;
    for (const p of report.problems) progress(`▲ Not as planned: ${p}`);
    const failed = Object.values(result.results).filter((r) => r.state === 'failed').length;
    const left = summarize(report.remaining);
    // Only what the post-apply check found in place counts: a journal line alone proves nothing.
    const verified = [...applied].filter((id) => !report.notAsPlanned.has(id)).length;
    const notAsPlanned = report.notAsPlanned.size;
    const ok = failed === 0 && notAsPlanned === 0;
    io.stdout.write(
      `Apply ${ok ? 'complete' : 'finished with problems'}: ${verified} of ${plan.actions.length} changes in place` +
        `${failed > 0 ? `, ${failed} failed` : ''}${notAsPlanned > 0 ? `, ${notAsPlanned} not as planned` : ''}. ` +
        `${left.findings.error} error finding(s) remain.\n`,
    );
    const color = wantsColor(opts, io);
    if (report.remaining.findings.length > 0 || report.remaining.actions.length > 0) {
      io.stdout.write(renderText(report.remaining, { color }));
    }
    io.stdout.write(renderOutcomesText(outcomes, { color }));
    if (!rdp) {
      // The changes are made and reported above; only the connection files are missing. Say both.
      const e = after.rdpError!;
      const why = isUserError(e) ? e : undefined;
      io.stderr.write(stderrLine(`error: ${why?.message ?? e.message}`));
      io.stderr.write(
        stderrLine(
          `  ${why?.hint ? `${why.hint} ` : ''}The changes were made (${verified} of ${plan.actions.length} changes in place); only the .rdp files were not written.`,
        ),
      );
      return 2;
    }
    if (rdp.written.length > 0) io.stdout.write(`${terminalSafe(`RDP files written: ${rdp.written.join(', ')}`)}\n`);
    for (const why of rdp.skipped) progress(`▲ No .rdp file for ${why}`);
    // The wizard's summary ends with the same steps, from the same connection hints.
    io.stdout.write(renderNextStepsText(connectCommands(report.snapshot, plan.answers), plan));
    return ok ? 0 : 1;
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

/** The live progress line on stderr: redrawn in place, with notable events written above it. */
function liveProgress(io: CliIO, total: number) {
  const counts = emptyCounts(total);
  const started = Date.now();
  const width = () => (io.stderr as { columns?: number }).columns ?? 80;
  const draw = () => io.stderr.write(`\r\x1b[2K${progressLine(counts, Date.now() - started, width())}`);
  const timer = setInterval(draw, 1000);
  timer.unref();
  draw();
  return {
    count(type: string) {
      if (type === 'succeeded' || type === 'already-done' || type === 'resumed') counts.done++;
      else if (type === 'failed') counts.failed++;
      else if (type === 'skipped') counts.skipped++;
      else if (type === 'retrying') counts.retries++;
      draw();
    },
    note(line: string) {
      io.stderr.write(`\r\x1b[2K${stderrLine(line)}`);
      draw();
    },
    finish() {
      clearInterval(timer);
      io.stderr.write(`\r\x1b[2K${progressLine(counts, Date.now() - started, width())}\n`);
    },
  };
}
