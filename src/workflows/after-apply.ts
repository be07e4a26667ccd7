/**
 * What follows every apply, from the command line and the wizard alike: verify what was written, predict what
 * each user will see, and write the `.rdp` files. One sequence, so both say the same thing after the same apply.
 */
import { isUserError } from '../errors';
import { isFileSystemError } from '../fs-errors';
import type { Plan } from '../plan/types';
import type { Connection } from './connect';
import { type PredictedSignIn, predictAll, type RdpFilesResult, writeRdpFiles } from './predictions';
import { type VerifyReport, verifyPlan } from './verify';

export interface AfterApply {
  report: VerifyReport;
  outcomes: PredictedSignIn[];
  /** The connection files written (or skipped, with why); absent when writing them failed. */
  rdp?: RdpFilesResult;
  /**
   * Why the `.rdp` files could not be written (a full disk, a read-only folder). The changes are made either
   * way: the caller says both.
   */
  rdpError?: Error;
}

/**
 * Verifies, predicts and writes the `.rdp` files into `rdpDir`. A failure to verify (interrupted, signed out)
 * is thrown; a failure to write the files is returned, so that it never hides what the apply did.
 */
export async function afterApply(
  conn: Connection,
  plan: Plan,
  applied: ReadonlySet<string>,
  rdpDir: string,
  signal?: AbortSignal,
): Promise<AfterApply> {
  const report = await verifyPlan(conn, plan, applied, signal);
  const outcomes = predictAll(report.snapshot, plan.answers);
  try {
    return { report, outcomes, rdp: await writeRdpFiles(report.snapshot, plan.answers, rdpDir) };
  } catch (e) {
    if (!isUserError(e) && !isFileSystemError(e)) throw e;
    return { report, outcomes, rdpError: e as Error };
  }
}
